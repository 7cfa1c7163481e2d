"""Job tasks of the ledger (faces of the job system). Each says why running twice is harmless."""

from flask_babel import gettext as _

from shop.billing import refunds
from shop.billing.gateways import gateway
from shop.billing.models import Payment, Refund
from shop.db import utcnow
from shop.extensions import db
from shop.notifications import send_email
from shop.orders.models import Order
from shop.payments import PaymentAlreadyCompleted, PaymentError
from shop.urls import external_url


def send_refund(refund_id: int) -> None:
    """Send a pending refund to its provider (retried by refunds.send on provider errors).

    Twice is harmless: only a pending refund is sent, with its own idempotency key, and the
    provider answers a repeated key with the first refund.
    """
    row = db.session.get(Refund, refund_id)
    if row is not None:
        refunds.send(refund_id, gateway(row.payment.provider), now=utcnow())


def close_attempt(payment_id: int) -> None:
    """Make a closed attempt unpayable at its provider (Stripe: expire the session).

    Twice is harmless: closing a closed session is a no-op. A session the buyer paid first
    is left alone: its capture event brings the money into the ledger. A provider that is
    down raises, so the job is retried with backoff.
    """
    payment = db.session.get(Payment, payment_id)
    provider = gateway(payment.provider) if payment else None
    if provider is None or not payment.attempt_ref:
        return
    try:
        provider.close_payment(payment.attempt_ref)
    except PaymentAlreadyCompleted:
        return
    except PaymentError as error:
        raise RuntimeError(f"{payment.provider} unreachable: {error.detail}") from error


def tell_customer_of_refund(refund_id: int) -> None:
    """E-mail the customer that a capture the order could not keep is being refunded.

    Twice would send two e-mails: the job is keyed by the refund, so it is written once.
    """
    row = db.session.get(Refund, refund_id)
    order = db.session.get(Order, row.payment.order_id)
    send_email(
        order.customer_email,
        _("Remboursement de votre paiement pour la commande %(reference)s",
          reference=order.reference),
        "payment_refunded",
        context={"order": order, "refund": row,
                 "order_url": external_url("accounts.order", reference=order.reference)},
        order_id=order.id, user_id=order.user_id,
    )
