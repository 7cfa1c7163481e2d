"""Checks that the stock ledger and the levels agree (run by `flask stock verify`).

Two invariants hold for every product after any sequence of verbs of shop.stock.services:
its on hand is the sum of its movements' on-hand changes (and allocated the sum of their
allocated changes), and its allocated units are those reserved by the lines of orders not yet
shipped or cancelled. A difference means something wrote the levels behind the service's back,
or an order lost track of what it holds: the report names the product and both numbers.
"""

from dataclasses import dataclass, field

from sqlalchemy import func, select

from shop.catalog.models import Product
from shop.extensions import db
from shop.stock.models import StockMovement


@dataclass
class StockReport:
    products: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def verify_stock(reserved_by_open_orders: dict[int, int]) -> StockReport:
    """Compare each product's levels with its ledger and with the given open reservations."""
    totals = (
        select(
            StockMovement.product_id,
            func.sum(StockMovement.on_hand_change).label("on_hand"),
            func.sum(StockMovement.allocated_change).label("allocated"),
        )
        .group_by(StockMovement.product_id)
        .subquery()
    )
    rows = db.session.execute(
        select(
            Product.id,
            Product.name,
            Product.on_hand,
            Product.allocated,
            func.coalesce(totals.c.on_hand, 0),
            func.coalesce(totals.c.allocated, 0),
        )
        .outerjoin(totals, totals.c.product_id == Product.id)
        .order_by(Product.id)
    ).all()
    report = StockReport(products=len(rows))
    for product_id, name, on_hand, allocated, ledger_on_hand, ledger_allocated in rows:
        label = f"produit {product_id} « {name} »"
        if on_hand != ledger_on_hand:
            report.problems.append(
                f"{label} : {on_hand} en stock, mais ses mouvements totalisent {ledger_on_hand}"
            )
        if allocated != ledger_allocated:
            report.problems.append(
                f"{label} : {allocated} réservés, mais ses mouvements totalisent {ledger_allocated}"
            )
        reserved = reserved_by_open_orders.get(product_id, 0)
        if allocated != reserved:
            report.problems.append(
                f"{label} : {allocated} réservés, mais les commandes en cours en retiennent "
                f"{reserved}"
            )
    return report
