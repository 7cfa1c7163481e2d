"""Customers in the back office: search, the customer page, the payment dispute flag; and the
gate in front of every new /staff page (issue 19 items 6 and 7)."""

import pytest
from sqlalchemy import select

from shop.accounts.models import User
from shop.audit.models import AuditEntry
from shop.db import utcnow
from tests.account_factories import log_in, make_user
from tests.checkout_factories import dev_verdict
from tests.conftest import csrf_token_from
from tests.factories import make_product
from tests.phone_order_factories import give_address, phone_order

NEW_STAFF_URLS = [
    ("get", "/staff/clients?q=martin"), ("get", "/staff/clients/1"),
    ("post", "/staff/clients/1/litige"), ("get", "/staff/commandes-telephone"),
    ("get", "/staff/commandes-telephone/nouveau-client"),
    ("post", "/staff/commandes-telephone/nouveau-client"),
    ("get", "/staff/commandes-telephone/client/1"),
    ("post", "/staff/commandes-telephone/client/1/ajouter"),
    ("post", "/staff/commandes-telephone/client/1/quantites"),
    ("post", "/staff/commandes-telephone/client/1/retirer"),
    ("post", "/staff/commandes-telephone/client/1/recalculer"),
    ("post", "/staff/commandes-telephone/client/1/adresse"),
    ("post", "/staff/commandes-telephone/client/1/commander"),
    ("get", "/staff/commandes-telephone/PN-AAAA-AAAA"),
    ("post", "/staff/commandes-telephone/PN-AAAA-AAAA/renvoyer"),
    ("post", "/staff/commandes-telephone/PN-AAAA-AAAA/annuler"),
]


@pytest.mark.parametrize("method, url", NEW_STAFF_URLS)
def test_anonymous_visitors_go_to_login_and_customers_get_403(client, db, method, url):
    """With a valid CSRF token, so that the gate itself answers (a POST without one is
    refused with 400 before any view)."""

    def call(page="/compte/connexion"):
        token = csrf_token_from(client.get(page).get_data(as_text=True))
        return getattr(client, method)(url, data={"csrf_token": token})

    response = call()
    assert response.status_code == 302 and "/compte/connexion" in response.location
    customer = make_user(db)
    log_in(client, customer.email)
    assert call("/compte/").status_code == 403


@pytest.fixture()
def staff_client(client, staff_user):
    assert log_in(client, staff_user.email).status_code == 302
    return client


def test_customer_page_shows_everything_escaped(staff_client, db, shop_ready, staff_user):
    customer = make_user(db, first_name="<img src=x>", customer_type="professional",
                         company_name="<b>ACME</b>", siret="73282932000074")
    give_address(db, customer, line1="<script>alert(1)</script>")
    order = phone_order(staff_user, customer, [(make_product(db), 1)], now=utcnow())
    dev_verdict(order)
    from shop.extensions import db as ext_db

    ext_db.session.commit()
    html = staff_client.get(f"/staff/clients/{customer.id}").get_data(as_text=True)
    assert "<script>alert" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;b&gt;ACME&lt;/b&gt;" in html and "<img src=x>" not in html
    assert order.reference in html and "Professionnel" in html and "73282932000074" in html
    assert "encaissée" in html  # the payment
    assert "lien de paiement" in html  # the e-mails sent to them (development outbox)
    search = staff_client.get("/staff/clients?q=acme").get_data(as_text=True)
    assert f"/staff/clients/{customer.id}" in search


def test_staff_accounts_and_unknown_ids_are_not_customer_pages(staff_client, db, staff_user):
    assert staff_client.get(f"/staff/clients/{staff_user.id}").status_code == 404
    assert staff_client.get("/staff/clients/999999").status_code == 404


def test_dispute_flag_needs_a_note_and_is_audited(staff_client, db):
    customer = make_user(db)
    url = f"/staff/clients/{customer.id}"
    token = csrf_token_from(staff_client.get(url).get_data(as_text=True))
    refused = staff_client.post(url + "/litige", data={"csrf_token": token, "open": "1",
                                                       "note": ""})
    assert refused.status_code == 400 and "field-error" in refused.get_data(as_text=True)
    assert staff_client.post(url + "/litige", data={"open": "1", "note": "x"}).status_code == 400
    opened = staff_client.post(url + "/litige", data={"csrf_token": token, "open": "1",
                                                      "note": "Impayé Visa n° 42"})
    assert opened.status_code == 302
    assert db.session.get(User, customer.id).payment_dispute_open
    page = staff_client.get(url).get_data(as_text=True)
    assert "Litige ouvert" in page and "Clore le litige" in page
    twice = staff_client.post(url + "/litige", data={"csrf_token": token, "open": "1",
                                                     "note": "encore"})
    assert "déjà ouvert" in staff_client.get(twice.location).get_data(as_text=True)
    closed = staff_client.post(url + "/litige", data={"csrf_token": token, "open": "0",
                                                      "note": "Réglé"})
    assert closed.status_code == 302 and not db.session.get(User, customer.id).payment_dispute_open
    actions = db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert actions == ["customer.dispute_open", "customer.dispute_close"]


def test_staff_home_links_to_the_new_pages(staff_client):
    html = staff_client.get("/staff/").get_data(as_text=True)
    assert "/staff/commandes-telephone" in html and "/staff/clients" in html
