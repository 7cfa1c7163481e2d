"""Stock movements: every change of a product's stock, with who, why and the level after."""

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from shop.db import UTCDateTime, utcnow
from shop.extensions import db


class StockMovement(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("product.id"))
    quantity: Mapped[int]  # signed: negative when stock leaves
    stock_after: Mapped[int]
    reason: Mapped[str] = mapped_column(String(30))  # order_reserved, order_released, adjustment
    order_id: Mapped[int | None] = mapped_column(ForeignKey("customer_order.id"), index=True)
    actor: Mapped[str] = mapped_column(String(80))
    note: Mapped[str] = mapped_column(String(300), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (Index("ix_stock_movement_product_time", "product_id", "created_at"),)
