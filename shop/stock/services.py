"""The only code that changes stock levels.

Concurrency: a reservation is one conditional UPDATE per product, `stock = stock - n WHERE
stock >= n`, taken in increasing product id. The database applies it atomically (PostgreSQL
re-checks the condition after waiting for a concurrent writer's row lock; SQLite serialises
writers, see shop.db), so two orders can never both take the last unit, the level never goes
negative, and the fixed order means two orders locking the same products cannot deadlock.
Every change writes a StockMovement with the level it left.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select, update

from shop.catalog.models import Product
from shop.extensions import db
from shop.stock.models import StockMovement


class StockError(Exception):
    """A stock rule was broken; the message is French."""


@dataclass
class OutOfStock(StockError):
    product_id: int
    product_name: str
    available: int

    def __str__(self) -> str:
        if self.available <= 0:
            return f"« {self.product_name} » n'est plus en stock."
        return f"« {self.product_name} » : plus que {self.available} en stock."


def _merged(items: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Quantities per product id, in increasing id order (the locking order)."""
    totals: dict[int, int] = {}
    for product_id, quantity in items:
        if quantity <= 0:
            raise StockError("Une quantité doit être positive.")
        totals[product_id] = totals.get(product_id, 0) + quantity
    return sorted(totals.items())


def reserve(items: Iterable[tuple[int, int]], *, order_id: int | None, actor: str) -> None:
    """Take stock for an order, all or nothing (the caller rolls back on OutOfStock)."""
    with db.session.no_autoflush:  # the movements are written together at the next flush
        for product_id, quantity in _merged(items):
            _change(product_id, -quantity, "order_reserved", order_id=order_id, actor=actor)


def release(items: Iterable[tuple[int, int]], *, order_id: int | None, actor: str) -> None:
    """Give back stock reserved by an order that will not be shipped."""
    with db.session.no_autoflush:
        for product_id, quantity in _merged(items):
            _change(product_id, quantity, "order_released", order_id=order_id, actor=actor)


def adjust(product_id: int, delta: int, *, actor: str, reason: str = "adjustment", note="") -> int:
    """Staff correction or goods received; refused if it would make the stock negative."""
    return _change(product_id, delta, reason, order_id=None, actor=actor, note=note)


def _change(product_id, delta, reason, *, order_id, actor, note="") -> int:
    statement = (
        update(Product)
        .where(Product.id == product_id, Product.stock + delta >= 0)
        .values(stock=Product.stock + delta)
        .returning(Product.stock)
        .execution_options(synchronize_session=False)
    )
    stock_after = db.session.execute(statement).scalar_one_or_none()
    if stock_after is None:
        name, available = db.session.execute(
            select(Product.name, Product.stock).where(Product.id == product_id)
        ).one()
        raise OutOfStock(product_id, name, available)
    db.session.add(
        StockMovement(
            product_id=product_id,
            quantity=delta,
            stock_after=stock_after,
            reason=reason,
            order_id=order_id,
            actor=actor,
            note=note,
        )
    )
    _refresh_loaded(product_id, stock_after)
    return stock_after


def _refresh_loaded(product_id: int, stock_after: int) -> None:
    """Keep an already loaded Product in step with the row without another query."""
    product = db.session.identity_map.get(db.session.identity_key(Product, product_id))
    if product is not None:
        from sqlalchemy.orm.attributes import set_committed_value

        set_committed_value(product, "stock", stock_after)
