"""Phone and e-mail orders: the staff draft follows the cart's rules, the order is the site's
place_order with 48 hours to pay, the link is single-use, unguessable and dies on resend,
cancel and expiry (issue 19 item 6)."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from shop.audit.models import AuditEntry
from shop.billing.attempts import start_attempt
from shop.billing.events import apply_event
from shop.billing.gateways import gateway
from shop.cart.services import CartError
from shop.checkout.services import CheckoutError
from shop.extensions import db
from shop.jobs.models import ScheduledJob
from shop.orders import states
from shop.orders.models import Order
from shop.phone_orders import drafts
from shop.phone_orders.links import (
    LinkActionRefused,
    LinkRefused,
    cancel_link,
    find_link,
    link_state,
    resend_link,
    usable_link,
)
from shop.phone_orders.models import PaymentLink, PhoneOrderDraft
from shop.phone_orders.services import place_phone_order
from tests.account_factories import make_user
from tests.factories import at, make_product
from tests.phone_order_factories import choices_for, give_address, link_tokens, phone_order
from tests.stock_checks import assert_stock_verified

NOW = at(2026, 11, 24, 10)


@pytest.fixture()
def staff(db):
    return make_user(db, email="equipe@pronutri.example", role="staff")


def _audits(action: str) -> list[AuditEntry]:
    return list(db.session.scalars(select(AuditEntry).where(AuditEntry.action == action)))


def test_the_draft_follows_the_site_cart_rules(db, shop_ready, staff):
    customer = make_user(db)
    product = make_product(db, on_hand=3)
    draft = drafts.open_draft(staff, customer, now=NOW)
    notices = drafts.add_product(staff, draft, product.id, 5, now=NOW)
    assert draft.lines == [[product.id, 3, product.price_cents]]  # capped at the units available
    assert "Plus que 3" in notices[0]
    with pytest.raises(CartError, match="200 unités"):
        drafts.add_product(staff, draft, product.id, 200, now=NOW)
    drafts.set_quantities(staff, draft, {product.id: 2}, now=NOW)
    assert draft.lines[0][1] == 2
    drafts.remove_product(staff, draft, product.id, now=NOW)
    assert draft.lines == []
    assert len(_audits("phone_draft.add")) == 1 and len(_audits("phone_draft.remove")) == 1


def test_one_draft_per_staff_member_and_customer_not_the_session_cart(db, shop_ready, staff):
    other_staff = make_user(db, role="staff")
    customer = make_user(db)
    mine = drafts.open_draft(staff, customer, now=NOW)
    assert drafts.open_draft(staff, customer, now=NOW) is mine
    assert drafts.open_draft(other_staff, customer, now=NOW).id != mine.id


def test_placing_a_phone_order_uses_place_order_with_48_hours(db, shop_ready, staff):
    customer = make_user(db)
    product = make_product(db, price_cents=1290, on_hand=10)
    order = phone_order(staff, customer, [(product, 2)], now=NOW)
    assert order.channel == "phone" and order.status == states.AWAITING_PAYMENT
    assert order.total_ttc_cents == 2 * 1290 + 550
    assert order.payment_expires_at == NOW + timedelta(hours=48)
    assert order.cgv_version == 1 and order.cgv_accepted_at == NOW
    assert db.session.get(type(product), product.id).allocated == 2  # held until paid or expired
    notes = [e.note for e in order.events]
    assert any("CGV version 1 lues et acceptées par le client par téléphone, déclaré par "
               "equipe@pronutri.example" in n for n in notes)
    assert order.events[0].actor == f"staff:{staff.id}"
    audit = _audits("order.phone_create")[0]
    assert audit.actor_id == staff.id and audit.changes["channel"] == [None, "phone"]
    expiry = db.session.scalar(select(ScheduledJob).where(
        ScheduledJob.task == "shop.orders.tasks:expire_unpaid_order"))
    assert expiry.run_at == order.payment_expires_at
    assert db.session.scalar(select(func.count()).select_from(PhoneOrderDraft)) == 0
    tokens = link_tokens(customer.email)
    assert len(tokens) == 1 and len(tokens[0]) >= 43
    link = db.session.scalars(select(PaymentLink)).one()
    assert link.token_hash != tokens[0] and tokens[0] not in link.token_hash  # stored hashed
    assert link.expires_at == order.payment_expires_at


def test_an_email_order_records_its_channel(db, shop_ready, staff):
    customer = make_user(db)
    order = phone_order(staff, customer, [(make_product(db), 1)], now=NOW, channel="email")
    assert order.channel == "email"
    assert any("par e-mail" in e.note for e in order.events)


def test_the_same_form_posted_twice_gives_one_order(db, shop_ready, staff):
    customer = make_user(db)
    address = give_address(db, customer)
    draft = drafts.open_draft(staff, customer, now=NOW)
    drafts.add_product(staff, draft, make_product(db).id, 1, now=NOW)
    choices = choices_for(draft, address)
    first = place_phone_order(staff, customer, draft, choices, now=NOW)
    db.session.commit()
    again = place_phone_order(staff, customer, None, choices, now=NOW)
    assert again.id == first.id
    assert db.session.scalar(select(func.count()).select_from(Order)) == 1
    assert len(link_tokens(customer.email)) == 1


@pytest.mark.parametrize("overrides, message", [
    ({"cgv_accepted": False}, "Conditions Générales"),
    ({"cgv_version": 7}, "mises à jour"),
    ({"channel": "fax"}, "téléphone ou par e-mail"),
    ({"shipping_method_code": "nope"}, "mode de livraison"),
    ({"expected_total_cents": 1}, "montant"),
])
def test_refusals_write_nothing(db, shop_ready, staff, overrides, message):
    customer = make_user(db)
    address = give_address(db, customer)
    draft = drafts.open_draft(staff, customer, now=NOW)
    drafts.add_product(staff, draft, make_product(db).id, 1, now=NOW)
    db.session.commit()
    with pytest.raises(CheckoutError, match=message):
        place_phone_order(staff, customer, draft, choices_for(draft, address, **overrides),
                          now=NOW)
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(Order)) == 0
    assert db.session.scalar(select(func.count()).select_from(PaymentLink)) == 0


def test_another_customers_address_is_refused(db, shop_ready, staff):
    customer, stranger = make_user(db), make_user(db)
    give_address(db, customer)
    theirs = give_address(db, stranger)
    draft = drafts.open_draft(staff, customer, now=NOW)
    drafts.add_product(staff, draft, make_product(db).id, 1, now=NOW)
    with pytest.raises(CheckoutError, match="adresse de ce client"):
        place_phone_order(staff, customer, draft, choices_for(draft, theirs), now=NOW)


def test_a_customer_with_a_payment_dispute_cannot_order_by_phone(db, shop_ready, staff):
    customer = make_user(db, payment_dispute_open=True)
    with pytest.raises(CheckoutError, match="litige"):
        phone_order(staff, customer, [(make_product(db), 1)], now=NOW)


def test_out_of_stock_at_placing_is_refused(db, shop_ready, staff):
    customer = make_user(db)
    product = make_product(db, on_hand=2)
    address = give_address(db, customer)
    draft = drafts.open_draft(staff, customer, now=NOW)
    drafts.add_product(staff, draft, product.id, 2, now=NOW)
    db.session.commit()
    other = make_user(db)
    phone_order(staff, other, [(product, 1)], now=NOW)
    with pytest.raises(CheckoutError, match="changé"):
        place_phone_order(staff, customer, draft, choices_for(draft, address), now=NOW)


def _paid_through_link(order, token, now):
    """What the link page does: an attempt at the demonstration gateway, then accepted."""
    link = usable_link(token, now=now)
    _payment, url = start_attempt(link.order, gateway("dev"), now=now,
                                  return_url="http://localhost/r", cancel_url="http://localhost/c")
    from urllib.parse import parse_qs, urlsplit

    dev_token = parse_qs(urlsplit(url).query)["token"][0]
    event = gateway("dev").handle_return({"token": dev_token, "choice": "accept"})
    apply_event(event, provider="dev", now=now)
    db.session.commit()


def test_the_link_pays_once_then_is_dead(db, shop_ready, staff):
    customer = make_user(db)
    order = phone_order(staff, customer, [(make_product(db), 1)], now=NOW)
    token = link_tokens(customer.email)[0]
    assert usable_link(token, now=NOW + timedelta(hours=1)).order_id == order.id
    _paid_through_link(order, token, NOW + timedelta(hours=1))
    assert db.session.get(Order, order.id).status == states.PAID
    with pytest.raises(LinkRefused, match="déjà servi"):
        usable_link(token, now=NOW + timedelta(hours=2))
    assert link_state(find_link(token), NOW) == "utilisé : commande payée"


def test_a_forged_or_malformed_token_opens_nothing(db, shop_ready, staff):
    customer = make_user(db)
    phone_order(staff, customer, [(make_product(db), 1)], now=NOW)
    token = link_tokens(customer.email)[0]
    for forged in ["x" * 43, token[:-1] + ("A" if token[-1] != "A" else "B"), "", "a" * 500]:
        with pytest.raises(LinkRefused, match="pas valide"):
            usable_link(forged, now=NOW)
    hashed = db.session.scalars(select(PaymentLink)).one().token_hash
    with pytest.raises(LinkRefused):  # the stored hash is no token
        usable_link(hashed, now=NOW)


def test_the_link_dies_at_the_order_deadline_and_the_expiry_job_cancels(db, shop_ready, staff):
    customer = make_user(db)
    product = make_product(db, on_hand=5)
    order = phone_order(staff, customer, [(product, 2)], now=NOW)
    token = link_tokens(customer.email)[0]
    later = NOW + timedelta(hours=48)
    with pytest.raises(LinkRefused, match="expiré"):
        usable_link(token, now=later)
    from shop.billing.unpaid import expire_if_unpaid

    assert expire_if_unpaid(order.id, later)
    db.session.commit()
    assert db.session.get(type(product), product.id).allocated == 0
    with pytest.raises(LinkRefused, match="annulée"):
        usable_link(token, now=later)


def test_resend_kills_the_old_link_and_keeps_the_deadline(db, shop_ready, staff):
    customer = make_user(db)
    order = phone_order(staff, customer, [(make_product(db), 1)], now=NOW)
    old = link_tokens(customer.email)[0]
    resend_link(order, staff=staff, now=NOW + timedelta(hours=3))
    db.session.commit()
    tokens = link_tokens(customer.email)
    assert len(tokens) == 2 and tokens[1] != old
    with pytest.raises(LinkRefused, match="remplacé"):
        usable_link(old, now=NOW + timedelta(hours=4))
    assert usable_link(tokens[1], now=NOW + timedelta(hours=4)).expires_at == \
        order.payment_expires_at
    assert _audits("order.payment_link_resend")[0].target_label == order.reference


def test_cancel_kills_the_link_and_cancels_the_order(app, db, shop_ready, staff):
    customer = make_user(db)
    product = make_product(db, on_hand=5)
    order = phone_order(staff, customer, [(product, 2)], now=NOW)
    token = link_tokens(customer.email)[0]
    cancel_link(order, staff=staff, now=NOW + timedelta(hours=1))
    db.session.commit()
    order = db.session.get(Order, order.id)
    assert order.status == states.CANCELLED and order.cancel_reason == "staff"
    assert db.session.get(type(product), product.id).allocated == 0
    assert_stock_verified(app)
    with pytest.raises(LinkRefused):
        usable_link(token, now=NOW + timedelta(hours=1))
    assert _audits("order.payment_link_cancel")[0].changes["status"] == [
        "awaiting_payment", "cancelled"]


@pytest.mark.parametrize("verb", [resend_link, cancel_link])
def test_resend_and_cancel_are_refused_once_paid_or_on_a_web_order(db, shop_ready, staff, verb):
    customer = make_user(db)
    order = phone_order(staff, customer, [(make_product(db), 1)], now=NOW)
    _paid_through_link(order, link_tokens(customer.email)[0], NOW + timedelta(hours=1))
    order = db.session.get(Order, order.id)
    with pytest.raises(LinkActionRefused, match="n'attend plus de paiement"):
        verb(order, staff=staff, now=NOW + timedelta(hours=2))
    order.channel = "web"
    with pytest.raises(LinkActionRefused, match="téléphone"):
        verb(order, staff=staff, now=NOW + timedelta(hours=2))


def test_resend_after_the_deadline_is_refused(db, shop_ready, staff):
    customer = make_user(db)
    order = phone_order(staff, customer, [(make_product(db), 1)], now=NOW)
    with pytest.raises(LinkActionRefused, match="délai"):
        resend_link(order, staff=staff, now=NOW + timedelta(hours=49))
