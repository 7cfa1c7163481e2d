"""Helpers for phone orders: a staff draft placed through the real services, and the payment
link read back from the e-mail the customer received (the token exists nowhere else)."""

import re

from sqlalchemy import select

from shop.accounts.addresses import AddressData, add_address
from shop.extensions import db
from shop.notifications.models import MailMessage
from shop.phone_orders import drafts
from shop.phone_orders.services import PhoneOrderChoices, place_phone_order

LINK = re.compile(r"https?://[^\s\"<>]+/commande/lien/([A-Za-z0-9_-]+)")


def give_address(db_, user, **fields):
    """A Paris address (with a phone) in the user's book."""
    values = {"first_name": user.first_name, "last_name": user.last_name,
              "line1": "12 rue des Lilas", "postal_code": "75011", "city": "Paris",
              "phone": "06 12 34 56 78"} | fields
    address = add_address(user, AddressData(**values))
    db_.session.commit()
    return address


def choices_for(draft, address, **overrides) -> PhoneOrderChoices:
    values = {"channel": "phone", "delivery_id": address.id, "billing_id": None,
              "shipping_method_code": "colissimo-metro", "cgv_accepted": True,
              "cgv_version": 1, "expected_total_cents": None, "key": draft.key}
    return PhoneOrderChoices(**(values | overrides))


def phone_order(staff, customer, products_and_quantities, *, now, **overrides):
    """Key in a draft and place it (committed): the order, with its link e-mailed."""
    address = customer.addresses[0] if customer.addresses else give_address(db, customer)
    draft = drafts.open_draft(staff, customer, now=now)
    for product, quantity in products_and_quantities:
        drafts.add_product(staff, draft, product.id, quantity, now=now)
    order = place_phone_order(staff, customer, draft, choices_for(draft, address, **overrides),
                              now=now)
    db.session.commit()
    return order


def link_tokens(email: str) -> list[str]:
    """The payment-link tokens e-mailed to this address, oldest first."""
    messages = db.session.scalars(select(MailMessage).order_by(MailMessage.id)).all()
    return [token for m in messages if email in m.recipients
            for token in LINK.findall(m.text_body)]
