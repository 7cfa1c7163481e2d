"""The single-use payment link of a phone or e-mail order.

The token is 32 random bytes (secrets.token_urlsafe): it cannot be guessed, and only its
SHA-256 is stored, so a copy of the database opens nothing. A link pays its one order and
works only while that order awaits payment, before the order's own deadline (the same moment
the expiry job cancels the order and releases its stock), and until staff resend it (a new
token; the old one dies) or cancel it (the order is cancelled through shop.billing.unpaid).
Once the order is paid the link shows that and can start no other payment.
"""

import hashlib
import secrets
from datetime import datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from shop.accounts.models import User
from shop.audit.services import record
from shop.billing.unpaid import cancel_unpaid_order
from shop.extensions import db
from shop.notifications import send_email
from shop.orders import states
from shop.orders.models import Order
from shop.phone_orders.models import PaymentLink
from shop.urls import external_url

CHANNEL_LABELS = {"phone": _l("commande par téléphone"), "email": _l("commande par e-mail")}
TOKEN_MAX = 64


class LinkRefused(Exception):
    """This link cannot pay its order now; the French message says why (safe to show)."""


class LinkActionRefused(Exception):
    """Staff cannot resend or cancel this order's link in its state; the message says why."""


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_link(order: Order, *, actor: str, now: datetime) -> PaymentLink:
    """A new link for the order, e-mailed to the customer after commit (its token is in the
    e-mail only). It expires with the order's payment deadline."""
    token = secrets.token_urlsafe(32)
    link = PaymentLink(order_id=order.id, token_hash=_hash(token), created_by=actor,
                       created_at=now, expires_at=order.payment_expires_at)
    db.session.add(link)
    states.note(order, "Lien de paiement envoyé à " + order.customer_email, actor=actor, at=now)
    send_email(
        order.customer_email,
        _("Votre commande %(reference)s : lien de paiement", reference=order.reference),
        "payment_link",
        context={"order": order, "link": external_url("checkout.payment_link", token=token),
                 "expires_at": link.expires_at,
                 "channel_label": str(CHANNEL_LABELS.get(order.channel, order.channel))},
        order_id=order.id, user_id=order.user_id,
    )
    db.session.flush()
    return link


def find_link(token: str) -> PaymentLink | None:
    """The link this token opens, whatever its state; None for a forged or malformed one."""
    if not token or len(token) > TOKEN_MAX:
        return None
    return db.session.scalar(select(PaymentLink).where(PaymentLink.token_hash == _hash(token)))


def usable_link(token: str, *, now: datetime) -> PaymentLink:
    """The link if it may start a payment now; otherwise LinkRefused saying why."""
    link = find_link(token)
    if link is None:
        raise LinkRefused(_("Ce lien de paiement n'est pas valide. Vérifiez qu'il est complet, "
                            "ou demandez-en un nouveau à notre service client."))
    order = link.order
    if order.status != states.AWAITING_PAYMENT:
        if order.status == states.CANCELLED:
            raise LinkRefused(_("La commande %(reference)s est annulée : ce lien ne peut plus "
                                "servir.", reference=order.reference))
        raise LinkRefused(_("Ce lien a déjà servi : la commande %(reference)s est payée.",
                            reference=order.reference))
    if link.revoked_at is not None:
        raise LinkRefused(_("Ce lien a été remplacé ou annulé par notre service client : "
                            "utilisez le dernier lien reçu."))
    if link.expires_at <= now or (order.payment_expires_at is not None
                                  and order.payment_expires_at <= now):
        raise LinkRefused(_("Ce lien de paiement a expiré."))
    return link


def _revoke(order: Order, reason: str, now: datetime) -> int:
    live = db.session.scalars(select(PaymentLink).where(
        PaymentLink.order_id == order.id, PaymentLink.revoked_at.is_(None))).all()
    for link in live:
        link.revoked_at, link.revoked_reason = now, reason
    return len(live)


def _payable(order: Order | None, now: datetime) -> Order:
    if order is None or order.channel not in CHANNEL_LABELS:
        raise LinkActionRefused(_("Cette commande n'a pas été prise par téléphone ou e-mail."))
    if order.status != states.AWAITING_PAYMENT:
        raise LinkActionRefused(_("La commande %(reference)s n'attend plus de paiement : rien "
                                  "n'a été changé.", reference=order.reference))
    if order.payment_expires_at is not None and order.payment_expires_at <= now:
        raise LinkActionRefused(_("Le délai de paiement de la commande %(reference)s est "
                                  "dépassé : elle va être annulée.", reference=order.reference))
    return order


def resend_link(order: Order, *, staff: User, now: datetime) -> PaymentLink:
    """E-mail a new link; the previous ones stop working. The deadline does not move. The
    order must be locked by the caller (order_for_update)."""
    _payable(order, now)
    revoked = _revoke(order, "resent", now)
    link = issue_link(order, actor=f"staff:{staff.id}", now=now)
    record(staff, "order.payment_link_resend", order, at=now,
           summary=_("Nouveau lien de paiement envoyé ; %(n)s ancien(s) désactivé(s)", n=revoked))
    return link


def cancel_link(order: Order, *, staff: User, now: datetime) -> None:
    """Kill the link and cancel the unpaid order (its attempts closed, its stock released),
    through the billing verb. The order must be locked by the caller."""
    _payable(order, now)
    _revoke(order, "cancelled", now)
    cancel_unpaid_order(order, reason="staff", actor=f"staff:{staff.id}", now=now)
    record(staff, "order.payment_link_cancel", order, at=now,
           summary=_("Lien de paiement annulé et commande annulée avant paiement"),
           changes={"status": [states.AWAITING_PAYMENT, states.CANCELLED]})


def links_of(order: Order) -> list[PaymentLink]:
    """The order's links, newest first (the staff page shows their state)."""
    return list(db.session.scalars(
        select(PaymentLink).where(PaymentLink.order_id == order.id)
        .order_by(PaymentLink.id.desc())))


def link_state(link: PaymentLink, now: datetime) -> str:
    """What staff read about a link, in French."""
    if link.revoked_at is not None:
        return _("remplacé") if link.revoked_reason == "resent" else _("annulé")
    if link.order.status == states.CANCELLED:
        return _("commande annulée")
    if link.order.status != states.AWAITING_PAYMENT:
        return _("utilisé : commande payée")
    return _("expiré") if link.expires_at <= now else _("valide")

