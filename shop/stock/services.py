"""The only code that changes stock levels: on hand, allocated, and so available.

A product has `on_hand` units in the warehouse, `allocated` of them promised to orders not yet
shipped, and sells `available = on_hand - allocated`. Each verb below is one kind of movement
(shop.stock.models.KINDS): an order allocates when placed, releases when cancelled before
shipment, and ships (on hand and allocated both go down); goods received, returned or counted
change on hand. Nothing else writes these columns, and every change writes a StockMovement per
order line with who, why and the levels left, so the ledger adds up to the levels (`flask stock
verify`).

Concurrency: each product moves with one conditional UPDATE, `... WHERE on_hand - allocated >=
n` for an allocation, taken in increasing product id. The database applies it atomically
(PostgreSQL re-checks the condition after waiting for a concurrent writer's row lock; SQLite
serialises writers, see shop.db), so two orders can never both take the last unit and levels
never break the table's checks; the fixed order means two orders locking the same products
cannot deadlock. A product repeated in one order moves once, with its lines' total.

Stock alerts: a move that puts a stocked product back on sale (nothing available before, some
after: goods received, returned, counted up, or an allocation released) tells
shop.stock_alerts in the same transaction, which enqueues the « back in stock » e-mails; they
leave only if this transaction commits.

Catalogue pages: a move that changes what a stocked product's pages say (in stock, only N left,
out of stock) moves the catalogue revision in the same transaction; one that leaves the product
« En stock » does not, so orders do not invalidate the cached pages (shop.catalog.revision).

Lots later: lots with a best-before date become a finer grain of on hand, a `stock_lot` table
(product, lot number, best-before, on_hand) whose on_hand adds up to the product's, and a
nullable `lot_id` on movements. The verbs keep their signatures: `receive`, `return_goods` and
`adjust` take an optional lot; `ship` picks lots first-expired-first-out inside `_move` when on
hand goes down; allocation stays per product (what the storefront sells), so `reserve` and
`release` do not change.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.orm.attributes import set_committed_value

from shop.catalog.availability import stocked_availability
from shop.catalog.models import Product
from shop.catalog.revision import catalog_changed
from shop.extensions import db
from shop.stock.models import KINDS, StockMovement
from shop.stock_alerts.services import products_back_on_sale


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


@dataclass(frozen=True)
class Line:
    """Units of one product for one order line (no line outside orders)."""

    product_id: int
    quantity: int
    line_id: int | None = None


def open_stock(product_id: int, quantity: int, *, actor: str, reason: str, note="") -> None:
    """The first count of a product (demo seed, initial load): refused once it has movements,
    since the ledger must start with it to add up to the level."""
    first = db.session.scalar(
        select(StockMovement.id).where(StockMovement.product_id == product_id).limit(1)
    )
    if first is not None:
        raise StockError("Ce produit a déjà des mouvements de stock : utilisez un ajustement.")
    _move(
        "opening",
        [Line(product_id, quantity)],
        order_id=None,
        actor=actor,
        reason=reason,
        note=note,
    )


def receive(
    product_id: int, quantity: int, *, actor: str, reason: str = "supplier_delivery", note: str = ""
) -> None:
    """Goods in from a supplier: on hand goes up, and so does what the storefront sells."""
    _move(
        "received",
        [Line(product_id, quantity)],
        order_id=None,
        actor=actor,
        reason=reason,
        note=note,
    )


def adjust(product_id: int, delta: int, *, actor: str, reason: str, note: str = "") -> None:
    """A signed correction of on hand (stocktake, breakage); refused when it would leave fewer
    units than orders have been promised: cancel or ship those first, so that no order is
    silently left without goods."""
    sign = 1 if delta > 0 else -1
    _move(
        "adjusted",
        [Line(product_id, abs(delta))],
        order_id=None,
        actor=actor,
        reason=reason,
        note=note,
        sign=sign,
    )


def reserve(
    lines: Iterable[Line], *, order_id: int | None, actor: str, reason: str = "order_placed"
) -> None:
    """Allocate units to an order's lines, all or nothing: OutOfStock names the first product
    short, and the caller rolls back (checkout runs it in a savepoint)."""
    _move("allocated", lines, order_id=order_id, actor=actor, reason=reason)


def release(lines: Iterable[Line], *, order_id: int | None, actor: str, reason: str) -> None:
    """Give back the allocation of lines that will not be shipped (order cancelled before its
    parcel left): the units are on sale again."""
    _move("released", lines, order_id=order_id, actor=actor, reason=reason)


def ship(
    lines: Iterable[Line], *, order_id: int | None, actor: str, reason: str = "order_shipped"
) -> None:
    """The allocated units left in a parcel: on hand and allocated go down together, so what
    the storefront sells does not change; a later cancellation has nothing to give back."""
    _move("shipped", lines, order_id=order_id, actor=actor, reason=reason)


def return_goods(
    lines: Iterable[Line], *, order_id: int | None, actor: str, reason: str, note: str = ""
) -> None:
    """Shipped goods came back in a saleable state: on hand goes up. A cancellation after
    shipment (parcel lost) returns nothing until this is recorded."""
    _move("returned", lines, order_id=order_id, actor=actor, reason=reason, note=note)


def _by_product(lines: Iterable[Line]) -> list[tuple[int, list[Line]]]:
    """Lines grouped by product, in increasing product id (the locking order)."""
    groups: dict[int, list[Line]] = {}
    for line in lines:
        if line.quantity <= 0:
            raise StockError("Une quantité doit être positive.")
        groups.setdefault(line.product_id, []).append(line)
    return sorted(groups.items())


def _move(kind, lines, *, order_id, actor, reason, note="", sign=1) -> None:
    """One conditional UPDATE per product, then one movement per line with the levels left."""
    per_unit = (sign * KINDS[kind][0], sign * KINDS[kind][1])
    state_changed, back_on_sale = False, []
    with db.session.no_autoflush:  # the movements are written together at the next flush
        for product_id, product_lines in _by_product(lines):
            total = sum(line.quantity for line in product_lines)
            on_hand, allocated, on_demand = _update(kind, product_id, total, per_unit)
            before = on_hand - allocated - total * (per_unit[0] - per_unit[1])
            if not on_demand and stocked_availability(before) != stocked_availability(
                on_hand - allocated
            ):
                state_changed = True
            if not on_demand and before <= 0 < on_hand - allocated:
                back_on_sale.append(product_id)
            levels = (on_hand - total * per_unit[0], allocated - total * per_unit[1])
            for line in product_lines:
                change = (line.quantity * per_unit[0], line.quantity * per_unit[1])
                levels = (levels[0] + change[0], levels[1] + change[1])
                db.session.add(
                    StockMovement(
                        product_id=product_id,
                        kind=kind,
                        on_hand_change=change[0],
                        allocated_change=change[1],
                        on_hand_after=levels[0],
                        allocated_after=levels[1],
                        order_id=order_id,
                        order_line_id=line.line_id,
                        actor=actor,
                        reason=reason,
                        note=note,
                    )
                )
            _refresh_loaded(product_id, on_hand, allocated)
    if state_changed:
        catalog_changed()
    if back_on_sale:
        products_back_on_sale(back_on_sale)


def _update(kind, product_id, quantity, per_unit) -> tuple[int, int, bool]:
    """Move one product's levels if the result keeps 0 <= allocated <= on_hand; else refuse."""
    on_hand_change, allocated_change = quantity * per_unit[0], quantity * per_unit[1]
    statement = (
        update(Product)
        .where(
            Product.id == product_id,
            Product.on_hand - Product.allocated >= allocated_change - on_hand_change,
            Product.allocated >= -allocated_change,
        )
        .values(
            on_hand=Product.on_hand + on_hand_change,
            allocated=Product.allocated + allocated_change,
        )
        .returning(Product.on_hand, Product.allocated, Product.on_demand)
        .execution_options(synchronize_session=False)
    )
    row = db.session.execute(statement).one_or_none()
    if row is None:
        raise _refusal(kind, product_id, quantity)
    return row.on_hand, row.allocated, row.on_demand


def _refusal(kind: str, product_id: int, quantity: int) -> StockError:
    """The French error for a move the levels do not allow."""
    found = db.session.execute(
        select(Product.name, Product.on_hand, Product.allocated).where(Product.id == product_id)
    ).one_or_none()
    if found is None:
        return StockError(f"Produit inconnu (n° {product_id}).")
    name, on_hand, allocated = found
    if kind == "allocated":
        return OutOfStock(product_id, name, on_hand - allocated)
    if kind == "adjusted":
        return StockError(
            f"« {name} » : {on_hand} en stock dont {allocated} réservés pour des commandes non "
            f"expédiées ; impossible d'en retirer {quantity}. Annulez ou expédiez d'abord."
        )
    return StockError(
        f"« {name} » : {allocated} réservés seulement, {quantity} demandés : "
        "le stock est incohérent (voir flask stock verify)."
    )


def _refresh_loaded(product_id: int, on_hand: int, allocated: int) -> None:
    """Keep an already loaded Product in step with its row without another query."""
    product = db.session.identity_map.get(db.session.identity_key(Product, product_id))
    if product is not None:
        set_committed_value(product, "on_hand", on_hand)
        set_committed_value(product, "allocated", allocated)
