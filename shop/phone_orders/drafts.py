"""The staff-side cart of a phone or e-mail order: one draft per staff member and customer.

A draft keeps a stored cart in exactly the session cart's format, and every change goes
through the site's cart services (shop.cart.services: 1 to 199 units, the units available,
50 lines, prices from the database), so the rules are the same services, not copies. What a
draft costs is priced by the checkout's own preview (shop.checkout.preview).
"""

import uuid
from datetime import datetime

from sqlalchemy import select

from shop.accounts.models import User
from shop.audit.services import record
from shop.cart import services as cart
from shop.catalog.models import Product
from shop.checkout.preview import Preview, build_preview
from shop.checkout.state import Choices
from shop.extensions import db
from shop.phone_orders.models import PhoneOrderDraft


def find_draft(staff: User, customer: User) -> PhoneOrderDraft | None:
    """The draft this staff member keeps for this customer, if any."""
    return db.session.scalar(select(PhoneOrderDraft).where(
        PhoneOrderDraft.staff_id == staff.id, PhoneOrderDraft.customer_id == customer.id))


def open_draft(staff: User, customer: User, *, now: datetime) -> PhoneOrderDraft:
    """The draft for this staff member and customer, created empty when there is none."""
    draft = find_draft(staff, customer)
    if draft is None:
        draft = PhoneOrderDraft(staff_id=staff.id, customer_id=customer.id, lines=[],
                                key=uuid.uuid4().hex, updated_at=now)
        db.session.add(draft)
        db.session.flush()
    return draft


def _store(staff: User, draft: PhoneOrderDraft, loaded: cart.Cart, action: str,
           now: datetime) -> list[str]:
    """Keep the reconciled lines, with the audit row of the change."""
    before = [list(line) for line in draft.lines or []]
    draft.lines = loaded.stored
    draft.updated_at = now
    record(staff, action, draft, at=now, label=f"client {draft.customer_id}",
           changes={"lines": [before, draft.lines]})
    db.session.flush()
    return loaded.notices


def add_product(staff: User, draft: PhoneOrderDraft, product_id: int, quantity: int, *,
                now: datetime) -> list[str]:
    """Add units of a product by the cart's rules; the notices say what was capped. Raises
    CartError (French) when a rule refuses it."""
    loaded = cart.add_line(draft.lines, product_id, quantity)
    return _store(staff, draft, loaded, "phone_draft.add", now)


def set_quantities(staff: User, draft: PhoneOrderDraft, quantities: dict[int, int], *,
                   now: datetime) -> list[str]:
    """Change the quantities of the draft's lines (all or nothing); raises CartError."""
    loaded = cart.set_quantities(draft.lines, quantities)
    return _store(staff, draft, loaded, "phone_draft.quantities", now)


def remove_product(staff: User, draft: PhoneOrderDraft, product_id: int, *,
                   now: datetime) -> list[str]:
    """Take a product out of the draft."""
    loaded = cart.remove_line(draft.lines, product_id)
    return _store(staff, draft, loaded, "phone_draft.remove", now)


def orderable_products() -> list[Product]:
    """The published products, by name, for the staff product list (the cart checks each
    choice again)."""
    return list(db.session.scalars(
        select(Product).where(Product.is_published.is_(True)).order_by(Product.name)))


def preview(draft: PhoneOrderDraft | None, customer: User, *, delivery_id: int | None,
            billing_id: int | None, method: str | None, now: datetime) -> Preview:
    """The draft priced for the customer's chosen (or default) addresses and method, by the
    checkout's own preview."""
    choices = Choices(delivery_id=delivery_id, billing_id=billing_id,
                      billing_same=billing_id is None, method=method)
    return build_preview(customer, draft.lines if draft else [], choices, now)


def discard(draft: PhoneOrderDraft) -> None:
    """Forget a draft (once its order is placed)."""
    db.session.delete(draft)
    db.session.flush()
