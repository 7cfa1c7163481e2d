"""Withdrawing in a real browser (issue 17, B3, B4, B10): from the footer, without logging in."""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from shop.catalog.models import Product
from shop.extensions import db
from tests.account_factories import PASSWORD, make_user
from tests.pdf_text import pdf_text
from tests.withdrawal_factories import delivered_order

pytestmark = pytest.mark.e2e

PARIS = ZoneInfo("Europe/Paris")


def _delivered(shop, **user_fields):
    """An order paid and moved to delivered today through the order state machine."""
    app = shop.app
    with app.app_context():
        product = db.session.scalar(select(Product).where(Product.slug == "vitamine-d3"))
        user = make_user(db, **user_fields)
        order = delivered_order(app, db, delivered_at=datetime.now(PARIS), user=user,
                                lines=[(product, 1)])
        facts = (order.reference, order.customer_name, order.customer_email)
        db.session.remove()
    return facts


def test_a_consumer_withdraws_from_the_footer_without_logging_in(live_shop, page, smtp_server):
    reference, name, email = _delivered(live_shop, first_name="Léa", last_name="Moreau")
    app = live_shop.app
    app.config.update(MAIL_BACKEND="smtp", MAIL_SERVER=smtp_server.host,
                      MAIL_PORT=smtp_server.port)
    try:
        page.goto(live_shop.url + "/")
        page.locator("footer").get_by_role("link", name="Renoncer au contrat ici").click()
        page.wait_for_url("**/renoncer")
        page.get_by_label("Votre nom").fill(name)
        page.get_by_label("Référence de la commande").fill(reference)
        page.get_by_label("Adresse e-mail pour l'accusé de réception").fill(email)
        page.get_by_role("button", name="Confirmer la rétractation").click()
        page.wait_for_url("**/renoncer/accuse")
        heading = "Nous avons reçu votre déclaration de rétractation"
        assert page.get_by_role("heading", name=heading).is_visible()
        body = page.locator("main").inner_text()
        assert "Vitamine D3" in body and email in body
        (mail,) = smtp_server.wait_for(1, timeout=15)
    finally:
        app.config.update(MAIL_BACKEND="outbox")
    assert mail.rcpt_tos == [email] and "Accusé de réception" in mail.subject
    assert re.search(r"\d\d/\d\d/\d{4} à \d\d:\d\d:\d\d \(heure de Paris\)", mail.text)
    assert reference in mail.text and "Vitamine D3" in mail.text
    ((_name, _kind, data),) = mail.attachments
    assert reference in pdf_text(data)


def test_a_professional_sees_no_link(live_shop, page):
    reference, _name, email = _delivered(
        live_shop, first_name="Marc", last_name="Petit", customer_type="professional",
        company_name="Pharmacie du Port", siret="73282932000074")
    page.goto(live_shop.url + "/compte/connexion")
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.goto(live_shop.url + f"/compte/commandes/{reference}")
    assert page.get_by_role("heading", name=f"Commande {reference}").is_visible()
    assert page.get_by_role("link", name="Renoncer au contrat ici").count() == 0
    page.goto(live_shop.url + "/")
    assert page.get_by_role("link", name="Renoncer au contrat ici").count() == 0
