"""Stock movements: the ledger of every change of a product's on-hand and allocated units."""

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from shop.db import UTCDateTime, utcnow
from shop.extensions import db

# What a movement does to (on_hand, allocated) per unit moved; `adjusted` is signed.
KINDS = {
    "opening": (1, 0),  # first count of a product (demo seed, initial load, migration)
    "received": (1, 0),  # goods in from a supplier
    "allocated": (0, 1),  # promised to an order line
    "released": (0, -1),  # the order line will not be shipped (cancelled before shipment)
    "shipped": (-1, -1),  # the allocated units left in a parcel
    "returned": (1, 0),  # goods came back and can be sold again
    "adjusted": (1, 0),  # stocktake, breakage, loss: a signed correction of on_hand
}


class StockMovement(db.Model):
    """One change: its kind, who and why, the order line it serves, and the levels it left.

    For every product the sum of on_hand_change is its on_hand and the sum of allocated_change
    its allocated (`flask stock verify`).
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("product.id"))
    kind: Mapped[str] = mapped_column(String(12))  # a key of KINDS
    on_hand_change: Mapped[int]
    allocated_change: Mapped[int]
    on_hand_after: Mapped[int]
    allocated_after: Mapped[int]
    order_id: Mapped[int | None] = mapped_column(ForeignKey("customer_order.id"), index=True)
    order_line_id: Mapped[int | None] = mapped_column(ForeignKey("order_line.id"))
    actor: Mapped[str] = mapped_column(String(80))  # client:12, staff:3, paiement:stripe...
    reason: Mapped[str] = mapped_column(String(40))  # why, as a code: order_placed, stocktake...
    note: Mapped[str] = mapped_column(String(300), default="")  # why, in words
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (Index("ix_stock_movement_product_time", "product_id", "created_at"),)
