"""A phone order in a real browser, from the call to the customer's door: staff key it in for
an existing customer, the customer opens the payment link e-mailed to them (received by
aiosmtpd) and pays with the demonstration gateway, without logging in; staff prepare it, ship
it with a tracking number and mark it delivered; the customer follows each step on the order
page and in the e-mails (issue 19)."""

import re

import pytest
from sqlalchemy import select

from shop.accounts.addresses import AddressData, add_address
from shop.extensions import db
from shop.orders import states
from shop.orders.models import Order
from tests.account_factories import PASSWORD, make_user

pytestmark = pytest.mark.e2e


def _staff_and_customer(shop) -> None:
    with shop.app.app_context():
        make_user(db, email="standard@pronutri.example", role="staff", first_name="Nora")
        user = make_user(db, email="jeanne.morel@example.com", first_name="Jeanne",
                         last_name="Morel")
        add_address(user, AddressData(first_name="Jeanne", last_name="Morel",
                                      line1="4 place Bellecour", postal_code="69002",
                                      city="Lyon", phone="06 11 22 33 44"))
        db.session.commit()


def _staff_keys_in_the_order(page, shop) -> None:
    page.goto(shop.url + "/compte/connexion")
    page.get_by_label("Adresse e-mail").fill("standard@pronutri.example")
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_label("Mot de passe").press("Enter")
    page.goto(shop.url + "/staff/")
    page.get_by_role("link", name="Commande par téléphone ou e-mail").click()
    search = page.get_by_label(re.compile("Nom, e-mail, téléphone"))
    search.fill("06 11 22 33 44")
    search.press("Enter")
    page.get_by_role("link", name=re.compile("Morel Jeanne")).click()
    products = page.get_by_label("Produit à ajouter")
    vitamin = products.locator("option", has_text="Vitamine D3").get_attribute("value")
    products.select_option(vitamin)
    page.get_by_label("Quantité", exact=True).fill("2")
    page.get_by_role("button", name="Ajouter", exact=True).click()
    quantity = page.get_by_label(re.compile("Quantité de Vitamine D3"))
    assert quantity.input_value() == "2"
    quantity.fill("3")
    with page.expect_navigation():
        quantity.press("Enter")  # updates the quantities, never removes the line
    assert page.get_by_label(re.compile("Quantité de Vitamine D3")).input_value() == "3"
    page.get_by_label(re.compile("Quantité de Vitamine D3")).fill("2")
    page.get_by_role("button", name="Mettre à jour les quantités").click()
    assert page.get_by_label(re.compile("Quantité de Vitamine D3")).input_value() == "2"
    assert "31,30" in page.locator(".staff-total").inner_text()  # 2 × 12,90 + 5,50
    page.get_by_role("radio", name="par téléphone").check()
    page.get_by_label(re.compile("Le client a lu et accepté")).check()
    page.get_by_role("button", name=re.compile("Enregistrer la commande")).click()
    page.wait_for_url(re.compile(r".*/staff/commandes-telephone/PN-.*"))
    assert "valide" in page.locator("table").inner_text()


def test_staff_take_a_phone_order_and_the_customer_pays_from_the_link(live_shop, page, browser,
                                                                      smtp_server):
    app = live_shop.app
    app.config.update(MAIL_BACKEND="smtp", MAIL_SERVER=smtp_server.host,
                      MAIL_PORT=smtp_server.port)
    _staff_and_customer(live_shop)
    try:
        _staff_keys_in_the_order(page, live_shop)
        (mail,) = smtp_server.wait_for(1)
        assert mail.rcpt_tos == ["jeanne.morel@example.com"]
        link = re.search(r"https?://\S+/commande/lien/\S+", mail.text).group(0)

        customer = browser.new_context(locale="fr-FR")  # the customer's own browser
        customer.set_default_timeout(10_000)
        buyer = customer.new_page()
        buyer.goto(link)
        assert "31,30" in buyer.locator("main").inner_text()
        buyer.get_by_label(re.compile("Paiement de démonstration")).check()
        buyer.get_by_role("button", name="Payer maintenant").click()
        buyer.get_by_role("button", name="Accepter le paiement").click()
        buyer.get_by_text(re.compile("Votre paiement de .* est confirmé")).wait_for()
        buyer.goto(link)  # single use: the link now only says the order is paid
        assert "déjà servi" in buyer.locator("main").inner_text()
        smtp_server.wait_for(2)  # the confirmation e-mail
        with app.app_context():
            reference = db.session.scalar(select(Order.reference).where(
                Order.customer_email == "jeanne.morel@example.com"))

        _staff_prepare_ship_and_deliver(page, live_shop, reference)
        shipped = smtp_server.wait_for(3)[-1]
        assert "expédiée" in shipped.subject and "6A12345678901" in shipped.text
        assert "laposte.fr/outils/suivre-vos-envois?code=6A12345678901" in shipped.text

        buyer.goto(live_shop.url + "/compte/connexion")
        buyer.get_by_label("Adresse e-mail").fill("jeanne.morel@example.com")
        buyer.get_by_label("Mot de passe").fill(PASSWORD)
        buyer.get_by_label("Mot de passe").press("Enter")
        buyer.goto(live_shop.url + f"/compte/commandes/{reference}")
        followed = buyer.locator("main").inner_text()
        assert "Livrée" in followed and "Expédiée" in followed and "Colis 1" in followed
        tracking = buyer.get_by_role("link", name="Suivre le colis 6A12345678901")
        assert "code=6A12345678901" in tracking.get_attribute("href")
        customer.close()
    finally:
        app.config.update(MAIL_BACKEND="outbox")
    with app.app_context():
        order = db.session.scalar(select(Order).where(Order.reference == reference))
        assert order.status == states.DELIVERED and order.channel == "phone"
        assert order.payment_method == "dev" and order.total_ttc_cents == 2 * 1290 + 550
        assert any("lues et acceptées par le client par téléphone" in e.note for e in order.events)


def _staff_prepare_ship_and_deliver(page, shop, reference: str) -> None:
    """Staff, on the order's page: start preparing, ship one parcel, mark it delivered."""
    from datetime import date

    page.goto(shop.url + f"/staff/commandes/{reference}")
    page.get_by_role("button", name="Commencer la préparation").click()
    page.get_by_text("Commande en préparation.").wait_for()
    page.get_by_label("Transporteur").select_option("colissimo")
    page.get_by_label("Numéro de suivi").fill("6A 1234 5678 901")
    page.get_by_label("Poids du colis (g)").fill("650")
    page.get_by_role("button", name="Expédier", exact=True).click()
    page.get_by_text("Colis expédié").first.wait_for()
    page.get_by_label("Livré le").fill(date.today().isoformat())
    page.get_by_role("button", name="Noter livré").click()
    page.get_by_text("Livraison enregistrée.").wait_for()
