"""Ending an order that was never paid: by its deadline, or by its customer.

Both close every open attempt (in the ledger now, at the provider after commit) so no money
can be taken for the cancelled order; a payment that still slips through is refunded by the
ledger when its capture arrives.
"""

from datetime import datetime

from shop.billing.attempts import close_open_attempts
from shop.orders import states
from shop.orders.models import Order
from shop.orders.services import cancel_order, order_for_update


def cancel_unpaid_order(order: Order, *, reason: str, actor: str, now: datetime) -> None:
    """Cancel an order awaiting payment, close its attempts and give its stock back."""
    close_open_attempts(order, now=now, actor=actor)
    cancel_order(order, reason=reason, actor=actor, at=now)


def expire_if_unpaid(order_id: int, now: datetime) -> bool:
    """Cancel an order still unpaid at its own deadline; True when it was cancelled."""
    order = order_for_update(order_id)
    if order is None or order.status != states.AWAITING_PAYMENT:
        return False
    if order.payment_expires_at is None or order.payment_expires_at > now:
        return False
    cancel_unpaid_order(order, reason="payment_expired", actor="system:expiry", now=now)
    return True
