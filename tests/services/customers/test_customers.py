"""Customers for staff: search, an account opened by staff, the customer record and the
payment dispute flag, each audited (issue 19 item 7; CGV 5.1.1)."""

import re

import pytest
from sqlalchemy import select

from shop.accounts.addresses import AddressData
from shop.accounts.errors import InvalidInput, OrderingBlocked
from shop.accounts.models import User
from shop.accounts.reset import INVITATION_SALT, reset_password, user_for_reset_token
from shop.accounts.services import Identity, assert_can_order, authenticate
from shop.audit.models import AuditEntry
from shop.customers.search import phone_digits, search_customers
from shop.customers.services import (
    CustomerActionRefused,
    create_customer,
    customer_record,
    set_payment_dispute,
)
from shop.extensions import db
from shop.notifications.models import MailMessage
from tests.account_factories import make_user
from tests.checkout_factories import dev_verdict
from tests.factories import at, make_product
from tests.phone_order_factories import give_address, phone_order

NOW = at(2026, 11, 24, 10)
PARIS = AddressData(first_name="Léa", last_name="Durand", line1="3 rue Oberkampf",
                    postal_code="75011", city="Paris", phone="0612345678")


@pytest.fixture()
def staff(db):
    return make_user(db, email="equipe@pronutri.example", role="staff")


def _audit(action):
    return db.session.scalars(select(AuditEntry).where(AuditEntry.action == action)).all()


def test_search_by_name_email_phone_and_reference(db, shop_ready, staff):
    lea = make_user(db, first_name="Léa", last_name="Durand", email="lea@example.com")
    give_address(db, lea, phone="06 12 34 56 78")
    other = make_user(db, first_name="Paul", last_name="Martin", email="paul_m@example.com")
    give_address(db, other, phone="06 98 76 54 32")
    order = phone_order(staff, other, [(make_product(db), 1)], now=NOW)
    assert search_customers("durand") == [lea]
    assert search_customers("LEA@example") == [lea]
    assert search_customers("06 12 34 56 78") == [lea]
    assert search_customers("+33 6 12 34 56 78") == [lea]
    assert search_customers(order.reference.lower()) == [other]
    assert search_customers(order.reference.replace("-", "")) == [other]
    assert search_customers("paul_") == [other]
    assert search_customers("l%a") == []  # % is a character, not a wildcard
    assert search_customers("x") == [] and search_customers("") == []
    assert staff not in search_customers("equipe")  # staff accounts are not customers


def test_phone_digits():
    assert phone_digits("06 12 34 56 78") == "33612345678"
    assert phone_digits("0033 6 12 34 56 78") == "33612345678"
    assert phone_digits("durand") is None and phone_digits("12") is None


def test_staff_open_an_account_nobody_knows_a_password_for(app, db, staff):
    user = create_customer(staff, "Lea@Example.com", Identity("Léa", "Durand"), PARIS, now=NOW)
    db.session.commit()
    assert user.email == "lea@example.com" and user.password_hash.startswith("!")
    assert user.email_confirmed_at is not None  # never purged as an unfinished sign-up
    assert user.addresses[0].phone == "+33612345678"
    assert _audit("customer.create")[0].actor_id == staff.id
    mail = db.session.scalars(select(MailMessage)).one()
    assert mail.recipients == ["lea@example.com"]
    token = re.search(r"/compte/bienvenue/(\S+)", mail.text_body).group(1)
    secret, max_age = app.config["SECRET_KEY"], app.config["ACCOUNT_INVITATION_MAX_AGE"]
    assert max_age == 7 * 24 * 3600
    assert user_for_reset_token(token, secret, max_age, salt=INVITATION_SALT).id == user.id
    with pytest.raises(Exception, match="pas valide"):  # not a password reset link
        user_for_reset_token(token, secret, max_age)
    reset_password(token, "une phrase de passe", secret, max_age, salt=INVITATION_SALT)
    db.session.commit()
    assert authenticate("lea@example.com", "une phrase de passe").id == user.id
    with pytest.raises(Exception, match="déjà été utilisé"):  # single use
        user_for_reset_token(token, secret, max_age, salt=INVITATION_SALT)


def test_opening_an_account_lists_every_bad_field_and_keeps_nothing(db, staff):
    bad = AddressData(first_name="Léa", last_name="Durand", line1="", postal_code="7501",
                      city="Paris", phone="12")
    with pytest.raises(InvalidInput) as caught:
        create_customer(staff, "pas-une-adresse", Identity("", "Durand"), bad, now=NOW)
    db.session.rollback()
    assert {"email", "first_name", "address_line1", "address_postal_code",
            "address_phone"} <= set(caught.value.errors)
    make_user(db, email="pris@example.com")
    with pytest.raises(InvalidInput, match="existe déjà"):
        create_customer(staff, "pris@example.com", Identity("Léa", "Durand"), PARIS, now=NOW)
    db.session.rollback()
    assert db.session.scalars(select(MailMessage)).all() == []
    assert _audit("customer.create") == []


def test_payment_dispute_blocks_orders_and_is_audited(db, staff):
    customer = make_user(db)
    set_payment_dispute(staff, customer, dispute_open=True, note="Impayé <b>Visa</b>", now=NOW)
    db.session.commit()
    with pytest.raises(OrderingBlocked):
        assert_can_order(customer)
    entry = _audit("customer.dispute_open")[0]
    assert entry.summary == "Impayé <b>Visa</b>"
    assert entry.changes == {"payment_dispute_open": [False, True]}
    with pytest.raises(CustomerActionRefused, match="déjà ouvert"):
        set_payment_dispute(staff, customer, dispute_open=True, note="encore", now=NOW)
    with pytest.raises(InvalidInput, match="raison"):
        set_payment_dispute(staff, customer, dispute_open=False, note="  ", now=NOW)
    set_payment_dispute(staff, customer, dispute_open=False, note="Réglé", now=NOW)
    db.session.commit()
    assert customer.can_place_order
    assert _audit("customer.dispute_close")[0].changes == {"payment_dispute_open": [True, False]}
    with pytest.raises(CustomerActionRefused, match="Aucun litige"):
        set_payment_dispute(staff, customer, dispute_open=False, note="x", now=NOW)


def test_the_record_holds_only_this_customers_orders_payments_and_emails(db, shop_ready, staff):
    customer, other = make_user(db), make_user(db)
    mine = phone_order(staff, customer, [(make_product(db), 1)], now=NOW)
    phone_order(staff, other, [(make_product(db), 1)], now=NOW)
    dev_verdict(mine, now=NOW)
    db.session.commit()
    record = customer_record(db.session.get(User, customer.id))
    assert [o.reference for o in record.orders] == [mine.reference]
    assert [p.order_id for p in record.payments] == [mine.id]
    assert record.payments[0].status == "captured" and record.refunds == []
    assert record.emails and all(customer.email in m.recipients for m in record.emails)
    assert all(m.user_id == customer.id for m in record.emails)  # not the other's e-mails
