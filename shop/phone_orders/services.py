"""Placing an order taken by phone or e-mail, with the site's own `place_order`.

Staff key in what the customer asks for; the customer's part (reading and accepting the CGV
in force) is stated by the staff member, who is recorded with the channel and the moment in
the order's timeline and in the audit trail. The order is given the delay `payment_link_hours`
(shop.settings) to be paid: its stock stays allocated until then, and the site's expiry job
cancels it after.
The customer pays through the e-mailed link (shop.phone_orders.links); staff never see a card.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import gettext as _

from shop.accounts.models import User
from shop.audit.services import record
from shop.billing.gateways import payment_methods
from shop.checkout.preview import own_address
from shop.checkout.services import CheckoutError, OrderRequest, order_for_key, place_order
from shop.orders import states
from shop.orders.models import Order
from shop.phone_orders.drafts import discard
from shop.phone_orders.links import CHANNEL_LABELS, issue_link
from shop.phone_orders.models import PhoneOrderDraft
from shop.settings.services import delay

CGV_CHANNEL_WORDS = {"phone": "par téléphone", "email": "par e-mail"}


@dataclass(frozen=True)
class PhoneOrderChoices:
    """What the staff member chose on the order form."""

    channel: str  # phone | email
    delivery_id: int | None
    billing_id: int | None  # None: billed at the delivery address
    shipping_method_code: str
    cgv_accepted: bool  # the customer read and accepted the CGV version below
    cgv_version: int
    expected_total_cents: int | None
    key: str  # the draft's idempotency key, carried by the form


def place_phone_order(staff: User, customer: User, draft: PhoneOrderDraft | None,
                      choices: PhoneOrderChoices, *, now: datetime) -> Order:
    """Place the draft as the customer's order and e-mail the payment link (after commit).

    Every rule is `place_order`'s (cart rules, stock, prices, shipping, totals, CGV version in
    force, the customer's right to order); it raises CheckoutError and then nothing is
    written. The same form posted twice returns the first order (the draft's key).
    """
    existing = order_for_key(customer.id, choices.key)
    if existing is not None:
        return existing
    if draft is None or draft.key != choices.key:
        raise CheckoutError(_("Cette commande a changé ou a déjà été enregistrée : "
                              "rechargez la page."))
    if choices.channel not in CHANNEL_LABELS:
        raise CheckoutError(_("Indiquez si la commande est prise par téléphone ou par e-mail."))
    delivery = own_address(customer, choices.delivery_id)
    billing = delivery if choices.billing_id is None else own_address(customer,
                                                                      choices.billing_id)
    if delivery is None or billing is None:
        raise CheckoutError(_("Choisissez une adresse de ce client."))
    actor = f"staff:{staff.id}"
    order = place_order(customer, OrderRequest(
        stored_cart=draft.lines,
        delivery_address=delivery.as_snapshot(),
        billing_address=billing.as_snapshot(),
        shipping_method_code=choices.shipping_method_code,
        payment_method=_first_method(),
        cgv_accepted=choices.cgv_accepted,
        cgv_version=choices.cgv_version,
        expected_total_cents=choices.expected_total_cents,
        idempotency_key=choices.key,
        channel=choices.channel,
        payment_window=timedelta(hours=delay("payment_link_hours")),
    ), actor=actor, now=now)
    statement = (f"CGV version {order.cgv_version} lues et acceptées par le client "
                 f"{CGV_CHANNEL_WORDS[order.channel]}, déclaré par {staff.email}")
    states.note(order, statement, actor=actor, at=now)
    record(staff, "order.phone_create", order, at=now, summary=statement,
           changes={"channel": [None, order.channel], "cgv_version": [None, order.cgv_version],
                    "cgv_accepted_at": [None, order.cgv_accepted_at]})
    issue_link(order, actor=actor, now=now)
    discard(draft)
    return order


def _first_method() -> str:
    """The method the order names until the customer picks one on the link's page."""
    offered = payment_methods()
    if not offered:
        raise CheckoutError(_("Aucun moyen de paiement n'est disponible : le client ne "
                              "pourrait pas payer."))
    return offered[0][0]
