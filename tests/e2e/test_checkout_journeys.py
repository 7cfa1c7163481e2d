"""Buying in a real browser: a new customer with the demonstration payment, another by card."""

import re

import pytest
from sqlalchemy import select

from shop.accounts.addresses import AddressData, add_address
from shop.extensions import db
from shop.orders import states
from shop.orders.models import Order
from tests.account_factories import PASSWORD, make_user
from tests.pdf_text import pdf_text

pytestmark = pytest.mark.e2e

BUTTON = "Commander avec obligation de paiement"


def _add_to_cart_from_home(page, shop) -> None:
    page.goto(shop.url + "/")
    page.get_by_role("link", name="Vitamines").first.click()
    page.get_by_role("button", name=re.compile("Ajouter au panier.*Vitamine D3")).click()
    page.wait_for_url("**/panier/")


def _two_units_with_the_enter_key(page) -> None:
    """Typing a quantity and pressing Enter updates the cart (it never removes a line)."""
    quantity = page.get_by_label(re.compile("Quantité de Vitamine D3"))
    quantity.fill("2")
    quantity.press("Enter")
    page.get_by_text("Quantités mises à jour.").wait_for()
    assert page.get_by_label(re.compile("Quantité de Vitamine D3")).input_value() == "2"
    assert "25,80" in page.locator(".cart-lines").inner_text()


def _shipping_payment_recap(page, payment_label: str) -> None:
    """Step 2 (address and method on one page), then step 3 (payment and recap)."""
    page.wait_for_url("**/commande/livraison")
    page.get_by_label(re.compile("Colissimo à domicile")).check()
    page.get_by_role("button", name="Continuer vers le paiement").click()
    page.wait_for_url("**/commande/recapitulatif")
    page.get_by_label(payment_label).check()
    box = page.get_by_label(re.compile("J'ai lu et j'accepte les"))
    assert not box.is_checked()
    box.check()
    page.get_by_role("button", name=BUTTON).click()


def _sign_in(page, shop, email: str) -> None:
    page.goto(shop.url + "/compte/connexion")
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()


def _activation_path(shop, email: str) -> str:
    """The path of the link in the welcome e-mail (the development outbox)."""
    from shop.notifications.models import MailMessage

    with shop.app.app_context():
        mail = db.session.scalar(select(MailMessage).where(MailMessage.template == "welcome")
                                 .order_by(MailMessage.id.desc()))
        assert mail.recipients == [email]
        return re.search(r"https?://[^/\s]+(/compte/activer/\S+)", mail.text_body).group(1)


def _order_of(shop, email: str) -> Order:
    with shop.app.app_context():
        order = db.session.scalar(select(Order).where(Order.customer_email == email))
        db.session.expunge_all()
        return order


def test_a_new_customer_buys_on_a_phone_and_the_account_comes_with_the_order(live_shop,
                                                                              browser):
    """Issue 21 item 3: three steps on a 390 px phone, no e-mail to wait for; the account is
    created with the order and its link (in the welcome e-mail) opens the order."""
    context = browser.new_context(viewport={"width": 390, "height": 844},
                                  has_touch=True, locale="fr-FR")
    context.set_default_timeout(10_000)
    page = context.new_page()
    try:
        _add_to_cart_from_home(page, live_shop)
        _two_units_with_the_enter_key(page)
        page.get_by_role("button", name="Passer commande").click()
        page.wait_for_url(re.compile(r".*/compte/connexion\?next=/commande/"))
        assert page.locator(".checkout-steps [aria-current=step]").inner_text() == "1. Compte"
        _no_sideways_scroll(page)
        # Sign in, or go on as a new customer; the professional fields show for a professional.
        new = page.locator("section[aria-labelledby=new-customer-title]")
        assert new.get_by_role("link", name=re.compile("Créer un compte")).is_visible()
        assert not new.get_by_label("Raison sociale").is_visible()
        new.get_by_label("Professionnel").check()
        assert new.get_by_label("Raison sociale").is_visible()
        new.get_by_label("Particulier").check()
        new.get_by_label("Nom", exact=True).fill("Durand")
        new.get_by_label("Prénom").fill("Inès")
        new.get_by_label("Adresse e-mail").fill("ines.durand@example.com")
        new.get_by_role("button", name="Continuer").click()

        page.wait_for_url("**/commande/adresses/nouvelle")
        _no_sideways_scroll(page)
        page.get_by_label("Adresse", exact=True).fill("8 rue de la République")
        page.get_by_label("Code postal").fill("69002")
        page.get_by_label("Ville").fill("Lyon")
        page.get_by_role("button", name="Enregistrer l'adresse").click()
        page.wait_for_url("**/commande/livraison")
        _no_sideways_scroll(page)
        page.get_by_label(re.compile("Colissimo à domicile")).check()
        page.get_by_role("button", name="Continuer vers le paiement").click()
        page.wait_for_url("**/commande/recapitulatif")
        _no_sideways_scroll(page)
        page.get_by_label(re.compile("Paiement de démonstration")).check()
        page.get_by_label(re.compile("Mot de passe de votre compte")).fill(PASSWORD)
        page.get_by_label(re.compile("J'ai lu et j'accepte les")).check()
        page.get_by_role("button", name=BUTTON).click()

        page.wait_for_url(re.compile(r".*/commande/paiement/demonstration\?token=.*"))
        page.get_by_role("button", name="Accepter le paiement").click()
        page.wait_for_url("**/confirmation")
        _no_sideways_scroll(page)
        order = _order_of(live_shop, "ines.durand@example.com")
        assert page.get_by_role("heading", name="Merci pour votre commande !").is_visible()
        assert order.reference in page.content()
        assert order.status == states.PAID and order.total_ttc_cents == 2 * 1290 + 550

        page.goto(live_shop.url + _activation_path(live_shop, "ines.durand@example.com"))
        page.get_by_role("button", name="Activer mon compte").click()
        page.wait_for_url(f"**/compte/commandes/{order.reference}")
        assert "25,80" in page.locator(".order-lines").inner_text()
    finally:
        context.close()


def test_a_customer_pays_by_card_and_receives_the_confirmation(live_shop, page, stripe_fake,
                                                               smtp_server):
    app = live_shop.app
    stripe_fake.webhook_url = live_shop.url + "/commande/paiement/webhook/stripe"
    app.config.update(stripe_fake.settings(), MAIL_BACKEND="smtp",
                      MAIL_SERVER=smtp_server.host, MAIL_PORT=smtp_server.port)
    with app.app_context():
        user = make_user(db, email="paul.roux@example.com", first_name="Paul", last_name="Roux")
        add_address(user, AddressData(first_name="Paul", last_name="Roux", line1="2 cours Julien",
                                      postal_code="13006", city="Marseille"))
        db.session.commit()
    try:
        _sign_in(page, live_shop, "paul.roux@example.com")
        _add_to_cart_from_home(page, live_shop)
        page.get_by_role("button", name="Passer commande").click()
        _shipping_payment_recap(page, re.compile("Carte bancaire"))

        page.wait_for_url(stripe_fake.base_url + "/pay/*")
        page.get_by_role("button", name="Payer").click()
        page.wait_for_url("**/confirmation")
        assert page.get_by_role("heading", name="Merci pour votre commande !").is_visible()
    finally:
        app.config.update(dict.fromkeys(stripe_fake.settings()), MAIL_BACKEND="outbox")

    order = _order_of(live_shop, "paul.roux@example.com")
    assert order.status == states.PAID and order.payment_method == "stripe"
    assert stripe_fake.deliveries == [(stripe_fake.webhook_url, 200)]
    (mail,) = smtp_server.wait_for(1)
    assert mail.rcpt_tos == ["paul.roux@example.com"] and order.reference in mail.subject
    pdfs = {name: pdf_text(data) for name, _kind, data in mail.attachments}
    assert len(pdfs) == 3
    assert order.reference in pdfs[f"commande-{order.reference}.pdf"]
    assert "18,40" in pdfs[f"commande-{order.reference}.pdf"]
    assert "Version 1" in pdfs["CGV-PRONUTRI-v1.pdf"]
    assert "rétractation" in pdfs[f"formulaire-retractation-{order.reference}.pdf"]


def _no_sideways_scroll(page) -> None:
    width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], f"{page.url}: {width[0]} px wide in a {width[1]} px window"


def test_on_a_phone_a_typed_quantity_reaches_the_recap_and_a_refused_payment_is_retried(
        live_shop, browser):
    """Issue 21: the quantity typed without « Mettre à jour » is the one ordered; the cart,
    the three steps and the order page fit a 390 px screen; after a refused payment the cart
    is back as it was and the customer pays at the second try."""
    with live_shop.app.app_context():
        user = make_user(db, email="zoe.blanc@example.com", first_name="Zoé", last_name="Blanc")
        add_address(user, AddressData(first_name="Zoé", last_name="Blanc", line1="4 rue Neuve",
                                      postal_code="33000", city="Bordeaux"))
        db.session.commit()
    context = browser.new_context(viewport={"width": 390, "height": 844},
                                  has_touch=True, locale="fr-FR")
    context.set_default_timeout(10_000)
    page = context.new_page()
    try:
        _sign_in(page, live_shop, "zoe.blanc@example.com")
        _add_to_cart_from_home(page, live_shop)
        _no_sideways_scroll(page)
        page.get_by_label(re.compile("Quantité de Vitamine D3")).fill("3")
        page.get_by_role("button", name="Passer commande").click()  # no « Mettre à jour »
        page.wait_for_url("**/commande/livraison")
        _no_sideways_scroll(page)
        page.get_by_role("button", name="Continuer vers le paiement").click()
        page.wait_for_url("**/commande/recapitulatif")
        _no_sideways_scroll(page)
        assert "38,70" in page.locator(".recap-lines").inner_text()  # 3 x 12,90
        page.get_by_label(re.compile("Paiement de démonstration")).check()
        page.get_by_label(re.compile("J'ai lu et j'accepte les")).check()
        page.get_by_role("button", name=BUTTON).click()
        page.wait_for_url(re.compile(r".*/commande/paiement/demonstration\?token=.*"))
        page.get_by_role("button", name="Refuser le paiement").click()
        page.get_by_role("link", name=re.compile("panier", re.I)).first.click()
        page.wait_for_url("**/panier/")
        assert page.get_by_label(re.compile("Quantité de Vitamine D3")).input_value() == "3"
        page.get_by_role("button", name="Passer commande").click()
        page.get_by_role("button", name="Continuer vers le paiement").click()
        page.wait_for_url("**/commande/recapitulatif")
        page.get_by_label(re.compile("J'ai lu et j'accepte les")).check()
        page.get_by_role("button", name=BUTTON).click()
        page.get_by_role("button", name="Accepter le paiement").click()
        page.wait_for_url("**/confirmation")
        _no_sideways_scroll(page)
        # The order page: its lines table made it 115 px too wide before issue 21.
        reference = page.url.split("/")[-2]
        page.goto(f"{live_shop.url}/compte/commandes/{reference}")
        assert "38,70" in page.locator(".order-lines").inner_text()
        _no_sideways_scroll(page)
    finally:
        context.close()
    orders = []
    with live_shop.app.app_context():
        orders = list(db.session.scalars(select(Order).where(
            Order.customer_email == "zoe.blanc@example.com").order_by(Order.id)))
        statuses = [(o.status, o.lines[0].quantity) for o in orders]
    assert statuses == [(states.CANCELLED, 3), (states.PAID, 3)]
