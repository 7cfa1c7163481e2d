"""What the ledger shows: an order's attempts, captures and refunds; what staff must watch."""

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from shop.billing.models import Payment, Refund
from shop.extensions import db


@dataclass(frozen=True)
class OrderMoney:
    """An order's payments (oldest first) and the totals a customer or staff reads."""

    payments: list[Payment]

    @property
    def captured_cents(self) -> int:
        return sum(p.captured_cents for p in self.payments if p.status == "captured")

    @property
    def refunds(self) -> list[Refund]:
        return [r for p in self.payments for r in p.refunds]

    @property
    def refunded_cents(self) -> int:
        return sum(r.amount_cents for r in self.refunds if r.status == "succeeded")

    @property
    def refunding_cents(self) -> int:
        return sum(r.amount_cents for r in self.refunds if r.status == "pending")


def order_money(order_id: int) -> OrderMoney:
    """The order's attempts with their refunds, in two queries."""
    payments = db.session.scalars(
        select(Payment).where(Payment.order_id == order_id)
        .options(selectinload(Payment.refunds)).order_by(Payment.id)
    ).all()
    return OrderMoney(list(payments))


def refunds_needing_attention(limit: int = 50) -> list[Refund]:
    """Refunds still pending or failed, oldest first: money owed back that is not back yet."""
    return list(
        db.session.scalars(
            select(Refund).where(Refund.status.in_(("pending", "failed")))
            .options(selectinload(Refund.payment).selectinload(Payment.order))
            .order_by(Refund.id).limit(limit)
        )
    )


def latest_payments(limit: int = 50) -> list[Payment]:
    """The newest attempts, with their refunds (the staff payments page)."""
    return list(
        db.session.scalars(
            select(Payment)
            .options(selectinload(Payment.refunds), selectinload(Payment.order))
            .order_by(Payment.id.desc()).limit(limit)
        )
    )


def customer_payments(user_id: int, limit: int = 200) -> list[Payment]:
    """A customer's payment attempts over all their orders, newest first, with their refunds
    and orders (the staff customer page)."""
    from shop.orders.models import Order

    return list(
        db.session.scalars(
            select(Payment).join(Order, Order.id == Payment.order_id)
            .where(Order.user_id == user_id)
            .options(selectinload(Payment.refunds), selectinload(Payment.order))
            .order_by(Payment.id.desc()).limit(limit)
        )
    )
