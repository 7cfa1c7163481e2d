"""Payment steps around a placed order: the method chosen, and the buyer's return.

The return from a provider becomes an order transition only when it proves one.

PayPal: the return carries the approved PayPal order, which is captured here (capturing is what
moves the money). Stripe: the browser's return proves nothing; only the signed webhook may mark
the order paid, so nothing happens. The development gateway reports from its own page.
"""

from collections.abc import Mapping
from datetime import datetime

from shop.checkout import services
from shop.orders import states
from shop.orders.models import Order
from shop.payments import Gateway, InvalidReturn

NOT_THIS_ORDER = "Ce retour de paiement ne correspond pas à cette commande."


def confirm_return(order: Order, gateway: Gateway | None, params: Mapping[str, str], *,
                   now: datetime) -> None:
    """Capture a PayPal approval for this order; raises PaymentError (InvalidReturn) if refused.

    The PayPal order id in the return must be the one stored on the order when the payment
    started: a return for another order never captures anything here. The caller commits.
    """
    if gateway is None or gateway.name != "paypal" or order.status != states.AWAITING_PAYMENT:
        return
    if not order.payment_provider_ref or params.get("token") != order.payment_provider_ref:
        raise InvalidReturn(NOT_THIS_ORDER, detail=f"return token for {order.reference}")
    event = gateway.handle_return(params)
    if event is not None:
        services.apply_payment_event(event, provider=gateway.name, now=now)


def change_payment_method(order: Order, method: str) -> None:
    """Pay an order still awaiting payment with another method (e.g. PayPal after a card).

    The next ``begin_payment`` stores the new provider's id; the caller commits.
    """
    if order.status != states.AWAITING_PAYMENT:
        raise ValueError(f"order {order.reference} is not awaiting payment")
    order.payment_method = method
