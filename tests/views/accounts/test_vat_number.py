"""A professional's VAT number and VIES (LEGAL E4, issue 20 item 3): checked when the profile
gives it and again when the kept answer is missing or older than VAT_CHECK_MAX_AGE_DAYS; only a
number VIES confirmed exempts a sale to another member state; any other answer leaves French
VAT, with a French notice saying why. VIES is our fake on 127.0.0.1 (tests/fakes)."""

from datetime import timedelta

import pytest

from shop.accounts.addresses import AddressData, add_address
from shop.db import utcnow
from tests.account_factories import form_token, log_in, make_user
from tests.conftest import visible_text
from tests.factories import make_product

NUMBER = "DE136695976"
BERLIN = AddressData(first_name="Jonas", last_name="Weber", line1="1 Hauptstrasse",
                     postal_code="10115", city="Berlin", country_code="DE", label="Büro")
CHECKS = r".*/check-vat-number"


@pytest.fixture()
def german(app, client, db, shop_ready, vies_fake):
    """A German company signed in, with a product in its cart; VIES is the fake."""
    app.config["VIES_API_BASE"] = vies_fake.api_base
    user = make_user(db, customer_type="professional", company_name="Apotheke Nord GmbH")
    add_address(user, BERLIN)
    product = make_product(db, price_cents=2400)
    db.session.commit()
    log_in(client, user.email)
    with client.session_transaction() as session:
        session["cart"] = [[product.id, 1, 2400]]
    return user


def _save_number(client, number):
    return client.post("/compte/", data={
        "csrf_token": form_token(client, "/compte/"), "customer_type": "professional",
        "first_name": "Jonas", "last_name": "Weber", "company_name": "Apotheke Nord GmbH",
        "siret": "73282932000074", "vat_number": number})


def _cart(client) -> str:
    return visible_text(client.get("/panier/?country=DE&postal_code=10115").text)


def test_a_number_vies_confirms_exempts_the_sale(client, db, german, vies_fake):
    vies_fake.register(NUMBER, "APOTHEKE NORD GMBH", "BERLIN")
    assert _save_number(client, "DE 136 695 976").status_code == 302
    db.session.refresh(german)
    assert (german.vat_number, german.vat_number_status) == (NUMBER, "valid")
    assert german.vat_number_checked_at is not None
    cart = _cart(client)
    assert "Autoliquidation" in cart and "Total à payer (sans TVA)" in cart
    assert len(vies_fake.calls("POST", CHECKS)) == 1  # the cart trusted the fresh answer


def test_a_number_vies_refuses_leaves_french_vat_and_says_why(client, db, german, vies_fake):
    response = _save_number(client, NUMBER)  # well formed, unknown to VIES
    follow = visible_text(client.get(response.location).text)
    assert "refusé par le système VIES" in follow
    db.session.refresh(german)
    assert german.vat_number_status == "invalid"
    cart = _cart(client)
    assert "Autoliquidation" not in cart
    assert "TVA 5,5" in cart and "Total TTC" in cart
    assert "refusé par le système VIES" in cart


def test_vies_down_leaves_french_vat_and_the_next_page_asks_again(client, db, german,
                                                                   vies_fake):
    vies_fake.register(NUMBER)
    vies_fake.fail_next(503)
    _save_number(client, NUMBER)
    db.session.refresh(german)
    assert german.vat_number_status == "unreachable"
    # An unanswered check is due again: the cart asks VIES, which answers this time.
    cart = _cart(client)
    assert "Autoliquidation" in cart
    db.session.refresh(german)
    assert german.vat_number_status == "valid"
    assert len(vies_fake.calls("POST", CHECKS)) == 2


def test_an_old_answer_is_asked_again_a_recent_one_is_trusted(app, client, db, german,
                                                               vies_fake):
    max_age = timedelta(days=app.config["VAT_CHECK_MAX_AGE_DAYS"])
    german.vat_number, german.vat_number_status = NUMBER, "valid"
    german.vat_number_checked_at = utcnow() - max_age + timedelta(hours=1)
    db.session.commit()
    assert "Autoliquidation" in _cart(client)
    assert vies_fake.calls("POST", CHECKS) == []
    german.vat_number_checked_at = utcnow() - max_age - timedelta(hours=1)
    db.session.commit()
    assert "Autoliquidation" not in _cart(client)  # VIES no longer knows it
    db.session.refresh(german)
    assert german.vat_number_status == "invalid"
    assert len(vies_fake.calls("POST", CHECKS)) == 1


def test_a_new_number_forgets_the_answer_about_the_old_one(client, db, german, vies_fake):
    german.vat_number, german.vat_number_status = "DE129273398", "valid"
    german.vat_number_checked_at = utcnow()
    db.session.commit()
    vies_fake.fail_next(503)  # the new number cannot be checked now
    _save_number(client, NUMBER)
    db.session.refresh(german)
    assert (german.vat_number, german.vat_number_status) == (NUMBER, "unreachable")


def test_a_french_number_is_never_sent_to_vies(client, db, shop_ready, app, vies_fake):
    app.config["VIES_API_BASE"] = vies_fake.api_base
    user = make_user(db, customer_type="professional", company_name="Pharmacie du Port",
                     siret="73282932000074")
    db.session.commit()
    log_in(client, user.email)
    client.post("/compte/", data={
        "csrf_token": form_token(client, "/compte/"), "customer_type": "professional",
        "first_name": "Zoé", "last_name": "Durand", "company_name": "Pharmacie du Port",
        "siret": "73282932000074", "vat_number": "FR21399538347"})
    assert vies_fake.calls("POST", CHECKS) == []
    assert "TVA" in _cart(client)
