"""The buyer's return from a provider: it becomes a ledger event only when it proves one.

PayPal: the return carries the approved PayPal order, captured here (capturing is what moves
the money) only when it is this order's current attempt, before the order's deadline. Stripe:
the browser's return proves nothing; only the signed webhook may mark the order paid. The
development gateway reports from its own page.
"""

from collections.abc import Mapping
from datetime import datetime

from shop.billing.attempts import attempt_by_ref
from shop.billing.events import apply_event
from shop.orders import states
from shop.orders.models import Order
from shop.payments import Gateway, InvalidReturn

NOT_THIS_ORDER = "Ce retour de paiement ne correspond pas à cette commande."
CLOSED = ("Ce paiement PayPal a été remplacé par une autre tentative ou n'est plus valable : "
          "aucun montant n'a été prélevé. Vous pouvez payer à nouveau.")
TOO_LATE = "Le délai de paiement de cette commande est dépassé : aucun montant n'a été prélevé."


def confirm_return(order: Order, gateway: Gateway | None, params: Mapping[str, str], *,
                   now: datetime) -> None:
    """Capture a PayPal approval for this order; raises InvalidReturn if it must not be.

    The caller commits.
    """
    if gateway is None or gateway.name != "paypal" or order.status != states.AWAITING_PAYMENT:
        return
    attempt = attempt_by_ref("paypal", params.get("token"))
    if attempt is None or attempt.order_id != order.id:
        raise InvalidReturn(NOT_THIS_ORDER, detail=f"return token for {order.reference}")
    if attempt.status != "open":
        raise InvalidReturn(CLOSED, detail=f"attempt {attempt.id} is {attempt.status}")
    if order.payment_expires_at is not None and order.payment_expires_at <= now:
        raise InvalidReturn(TOO_LATE, detail=f"{order.reference} past its deadline")
    event = gateway.handle_return(params)
    if event is not None:
        apply_event(event, provider=gateway.name, now=now)
