"""Orders keep their own copies of everything an invoice, a refund or a withdrawal needs."""

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from shop.db import Rate, UTCDateTime, utcnow
from shop.extensions import db


class Order(db.Model):
    __tablename__ = "customer_order"
    __table_args__ = (
        UniqueConstraint("user_id", "idempotency_key", name="uq_customer_order_idempotency"),
        Index("ix_customer_order_status_expires", "status", "payment_expires_at"),
        # The staff list's keyset pages, newest first, whole or by state.
        Index("ix_customer_order_created", "created_at", "id"),
        Index("ix_customer_order_status_created", "status", "created_at", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(20), unique=True)  # public, reveals no volume
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    idempotency_key: Mapped[str] = mapped_column(String(64))
    channel: Mapped[str] = mapped_column(String(10), default="web")  # web | phone
    status: Mapped[str] = mapped_column(String(20), default="awaiting_payment")
    cancel_reason: Mapped[str | None] = mapped_column(String(30))

    # The buyer as they were when ordering.
    customer_type: Mapped[str] = mapped_column(String(12))  # consumer | professional
    customer_email: Mapped[str] = mapped_column(String(254))
    customer_first_name: Mapped[str] = mapped_column(String(100))
    customer_last_name: Mapped[str] = mapped_column(String(100))
    company_name: Mapped[str] = mapped_column(String(200), default="")
    siret: Mapped[str] = mapped_column(String(20), default="")
    vat_number: Mapped[str] = mapped_column(String(20), default="")
    # The VIES check of vat_number the regime relied on, copied from the account (LEGAL E4).
    vat_number_status: Mapped[str | None] = mapped_column(String(12))
    vat_number_checked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The VAT regime decided when the order was placed (shop.tax.decision.RegimeCode), its
    # legal mention (empty when none is due), and whether its prices read HT (professionals
    # and exempt orders): every page, e-mail and PDF of the order reads them from here.
    vat_regime: Mapped[str] = mapped_column(String(20), default="french_vat")
    vat_mention: Mapped[str] = mapped_column(String(300), default="")
    prices_ht: Mapped[bool] = mapped_column(default=False)
    delivery_address: Mapped[dict] = mapped_column(JSON)
    billing_address: Mapped[dict] = mapped_column(JSON)
    # The CN23 data of a parcel leaving the EU customs union, copied from the products when the
    # order is placed (shop/orders/customs.py); None when the order needs no declaration.
    customs_declaration: Mapped[dict | None] = mapped_column(JSON(none_as_null=True))

    # Delivery as chosen and promised (C1).
    shipping_method_code: Mapped[str] = mapped_column(String(40))
    shipping_method_name: Mapped[str] = mapped_column(String(120))
    shipping_zone: Mapped[str] = mapped_column(String(20))
    delivery_earliest: Mapped[date | None]
    delivery_latest: Mapped[date | None]

    # Money, copied from shop.cart.totals when the order is placed; never recomputed.
    products_ttc_cents: Mapped[int]
    shipping_ttc_cents: Mapped[int]
    total_ttc_cents: Mapped[int]
    total_ht_cents: Mapped[int]
    total_vat_cents: Mapped[int]
    vat_breakdown: Mapped[list] = mapped_column(JSON)  # [{rate, base_ht, vat, ttc}, ...] strings
    currency: Mapped[str] = mapped_column(String(3), default="EUR")

    # Terms accepted (A6) and payment.
    cgv_version: Mapped[int]
    cgv_accepted_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # The method chosen, then (once paid) the provider that captured the money, and its
    # capture id; every attempt, capture and refund is in shop.billing's ledger.
    payment_method: Mapped[str] = mapped_column(String(20))  # stripe | paypal | dev
    payment_ref: Mapped[str | None] = mapped_column(String(120))
    payment_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # its own deadline

    # Dates an invoice or a withdrawal will need.
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    paid_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    shipped_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # When the confirmation carrying the withdrawal information and form was written to the
    # outbox (B9): without it the withdrawal period is 12 months longer (shop/withdrawal/window).
    withdrawal_info_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # A delay reported by staff (CGV 8): the new expected delivery date, told to the customer.
    delayed_until: Mapped[date | None]

    lines: Mapped[list["OrderLine"]] = relationship(
        back_populates="order", order_by="OrderLine.position", cascade="all, delete-orphan"
    )
    events: Mapped[list["OrderEvent"]] = relationship(
        order_by="OrderEvent.id", cascade="all, delete-orphan"
    )
    shipments: Mapped[list["Shipment"]] = relationship(
        back_populates="order", order_by="Shipment.id", cascade="all, delete-orphan"
    )

    @property
    def is_consumer(self) -> bool:
        return self.customer_type != "professional"

    @property
    def customer_name(self) -> str:
        return f"{self.customer_first_name} {self.customer_last_name}".strip()


class OrderLine(db.Model):
    __table_args__ = (
        CheckConstraint(
            "shipped_quantity >= 0 AND cancelled_quantity >= 0 "
            "AND shipped_quantity + cancelled_quantity <= quantity",
            name="shipped_and_cancelled_within_quantity",
        ),
        CheckConstraint("refunded_quantity >= 0 AND refunded_quantity <= quantity",
                        name="refunded_within_quantity"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(
        ForeignKey("customer_order.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int]
    product_id: Mapped[int | None] = mapped_column(ForeignKey("product.id", ondelete="SET NULL"))
    product_name: Mapped[str] = mapped_column(String(200))
    brand: Mapped[str] = mapped_column(String(120), default="")
    unit_price_cents: Mapped[int]  # the shelf price TTC, as in force when the order was placed
    unit_ht_cents: Mapped[int]  # the unit price HT (what professionals and exempt orders read)
    vat_rate: Mapped[Decimal] = mapped_column(Rate)  # the rate applied (0 when exempt)
    quantity: Mapped[int]
    total_cents: Mapped[int]
    total_ht_cents: Mapped[int]
    weight_grams: Mapped[int]
    sealed_hygiene: Mapped[bool]
    on_demand: Mapped[bool]
    supplier_delay_days: Mapped[int | None]
    # Units allocated to this line and not yet shipped or released: what a cancellation before
    # shipment gives back (0 for on-demand lines, and once shipped or cancelled).
    reserved_quantity: Mapped[int] = mapped_column(default=0)
    # What became of the units ordered: shipped in a parcel, cancelled (unavailable, order
    # cancelled), and refunded. Invoices, withdrawals and claims act on these.
    shipped_quantity: Mapped[int] = mapped_column(default=0)
    cancelled_quantity: Mapped[int] = mapped_column(default=0)
    refunded_quantity: Mapped[int] = mapped_column(default=0)

    order: Mapped[Order] = relationship(back_populates="lines")

    @property
    def to_ship(self) -> int:
        """Units still to put in a parcel."""
        return self.quantity - self.shipped_quantity - self.cancelled_quantity


class OrderEvent(db.Model):
    """One state change: who, when, from, to, and why."""

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(
        ForeignKey("customer_order.id", ondelete="CASCADE"), index=True
    )
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    actor: Mapped[str] = mapped_column(String(80))
    from_status: Mapped[str | None] = mapped_column(String(20))
    to_status: Mapped[str] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(String(500), default="")


class Shipment(db.Model):
    """One parcel: what it holds, its carrier and tracking number, when it left and arrived."""

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(
        ForeignKey("customer_order.id", ondelete="CASCADE"), index=True
    )
    carrier: Mapped[str] = mapped_column(String(30))  # a key of shop.orders.carriers.CARRIERS
    tracking_number: Mapped[str] = mapped_column(String(60))
    weight_grams: Mapped[int]
    shipped_at: Mapped[datetime] = mapped_column(UTCDateTime)
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    actor: Mapped[str] = mapped_column(String(80))

    order: Mapped[Order] = relationship(back_populates="shipments")
    lines: Mapped[list["ShipmentLine"]] = relationship(
        order_by="ShipmentLine.id", cascade="all, delete-orphan"
    )


class ShipmentLine(db.Model):
    """Units of one order line in one parcel."""

    __table_args__ = (CheckConstraint("quantity > 0", name="positive_quantity"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    shipment_id: Mapped[int] = mapped_column(
        ForeignKey("shipment.id", ondelete="CASCADE"), index=True
    )
    order_line_id: Mapped[int] = mapped_column(ForeignKey("order_line.id"), index=True)
    quantity: Mapped[int]

    order_line: Mapped[OrderLine] = relationship()
