"""The checkout's three steps: account, delivery (addresses and method on one page), payment
and recap on one page (A2-A6, CGV 5.2; issue 21 item 3)."""

import re

from sqlalchemy import select

from shop.accounts.addresses import AddressData, add_address
from shop.accounts.models import Address
from shop.catalog.services import set_price
from shop.db import utcnow
from shop.orders.models import Order
from tests.account_factories import log_in, make_user
from tests.conftest import csrf_token_from, visible_text
from tests.error_summary import error_summary
from tests.views.checkout.conftest import PARIS, Journey


def checked(html: str, input_id: str) -> bool:
    """Whether the input with this id is rendered checked."""
    tag = re.search(rf'<input[^>]*id="{input_id}"[^>]*>', html).group(0)
    return " checked" in tag


def test_a_visitor_must_log_in_and_comes_back_with_the_cart(client, db, shop_ready, product):
    with client.session_transaction() as session:
        session["cart"] = [[product.id, 1, product.price_cents]]
    response = client.get("/commande/")
    assert response.status_code == 302
    assert response.location.startswith("/compte/connexion?next=/commande/")
    login_page = client.get(response.location).text
    assert "/compte/inscription?next=/commande/" in login_page  # sign-up keeps the way back
    steps = visible_text(login_page)
    assert "1. Compte 2. Livraison 3. Paiement" in steps  # the step bar from the first step
    assert f"1 × {product.name}" in steps  # and the cart beside the form
    user = make_user(db)
    token = csrf_token_from(login_page)
    done = client.post(response.location, data={"csrf_token": token, "email": user.email,
                                                 "password": "correct horse battery"})
    assert done.location == "/commande/"
    with client.session_transaction() as session:
        assert session["cart"] == [[product.id, 1, product.price_cents]]


def test_an_empty_cart_goes_back_to_the_cart(journey):
    journey.fill_cart()
    assert journey.client.get("/commande/livraison").location == "/panier/"


def test_payment_methods_and_delivery_limits_show_from_the_first_step(journey):
    """A2: accepted payment methods and delivery restrictions at the start of the checkout."""
    for path in ("/panier/", "/commande/livraison"):
        text = visible_text(journey.page(path).text)
        assert "Moyens de paiement acceptés" in text
        assert "Paiement de démonstration" in text
        assert "Nous livrons: France métropolitaine, Corse et Monaco" in text
        assert "des droits de douane et taxes locales peuvent être dus" in text


def test_card_and_paypal_are_offered_when_configured(journey, app, stripe_fake, paypal_fake):
    app.config.update(stripe_fake.settings() | paypal_fake.settings())
    try:
        text = visible_text(journey.to_recap().text)
    finally:
        for key in (*stripe_fake.settings(), *paypal_fake.settings()):
            app.config[key] = None
    assert "Carte bancaire (CB, Visa, Mastercard)" in text and "PayPal" in text


def test_delivery_step_preselects_the_address_and_the_only_method(journey):
    html = journey.page("/commande/livraison").text
    address_id = journey.user.addresses[0].id
    assert f'id="delivery-{address_id}" value="{address_id}" checked' in html
    assert checked(html, "billing_same")
    assert checked(html, "method-colissimo-metro")  # one way to send it: chosen for them
    assert "<legend>Adresse de livraison</legend>" in html
    assert "Votre panier" in visible_text(html)  # the cart beside every step


def test_the_old_step_addresses_lead_to_the_new_steps(journey):
    assert journey.client.get("/commande/adresses").location == "/commande/livraison"
    assert journey.client.get("/commande/paiement").location == "/commande/recapitulatif"


def test_an_address_in_another_zone_asks_to_check_the_method(journey, db):
    """The method chosen for Paris cannot carry to Guadeloupe: the page comes back with the
    methods of the new address, the only usable one preselected, and nothing is skipped."""
    overseas = add_address(journey.user, AddressData(
        first_name="Camille", last_name="Martin", line1="5 rue Frébault", postal_code="97110",
        city="Pointe-à-Pitre", country_code="FR"))
    db.session.commit()
    response = journey.post("/commande/livraison", {"delivery_id": overseas.id,
                                                    "billing_same": "y",
                                                    "method": "colissimo-metro"})
    assert response.status_code == 200
    text = visible_text(response.text)
    assert "Vérifiez le mode de livraison proposé pour cette adresse." in text
    assert checked(response.text, "method-colissimo-outre-mer")
    assert journey.post("/commande/livraison", {
        "delivery_id": overseas.id, "billing_same": "y", "method": "colissimo-outre-mer",
    }).location == "/commande/recapitulatif"


def test_without_an_address_the_customer_adds_one_during_checkout(client, db, shop_ready, product):
    user = make_user(db)
    trip = Journey(client, db, user)
    log_in(client, user.email)
    trip.fill_cart((product, 1))
    assert client.get("/commande/livraison").location == "/commande/adresses/nouvelle"
    fields = {"first_name": "Léa", "last_name": "Petit", "line1": "3 place du Marché",
              "postal_code": "123", "city": "Nice", "country_code": "FR"}
    refused = trip.post("/commande/adresses/nouvelle", fields)
    assert refused.status_code == 200
    assert 'id="postal_code-error"' in refused.text  # the error sits next to its field
    accepted = trip.post("/commande/adresses/nouvelle", fields | {"postal_code": "06000"})
    assert accepted.location == "/commande/livraison"
    address = db.session.scalar(select(Address).where(Address.user_id == user.id))
    assert f'id="delivery-{address.id}" value="{address.id}" checked' in trip.page(
        "/commande/livraison").text


def test_another_customers_address_is_refused(journey, db):
    stranger = make_user(db)
    theirs = add_address(stranger, PARIS)
    db.session.commit()
    response = journey.post("/commande/livraison", {"delivery_id": theirs.id, "billing_same": "y",
                                                    "method": "colissimo-metro"})
    assert response.status_code == 200
    assert "Choisissez une adresse de livraison." in response.text
    summary = error_summary(response.text)  # its link leads to the first address's radio
    assert summary.links == [(f"#delivery-{journey.user.addresses[0].id}",
                              "Adresse de livraison : Choisissez une adresse de livraison.")]


def test_back_keeps_every_choice(journey, db):
    office = add_address(journey.user, AddressData(
        first_name="Camille", last_name="Martin", line1="1 quai du Port", postal_code="13002",
        city="Marseille", label="Bureau"))
    db.session.commit()
    home = journey.user.addresses[0]
    assert journey.post("/commande/livraison", {"delivery_id": office.id, "billing_id": home.id,
                                                "method": "colissimo-metro"}).status_code == 302
    delivery = journey.page("/commande/livraison").text
    assert f'id="delivery-{office.id}" value="{office.id}" checked' in delivery
    assert f'id="billing-{home.id}" value="{home.id}" checked' in delivery
    assert not checked(delivery, "billing_same")
    assert 'value="colissimo-metro" checked' in delivery
    recap_html = journey.page("/commande/recapitulatif").text
    assert checked(recap_html, "payment-dev")
    recap = visible_text(recap_html)
    assert "1 quai du Port" in recap and "12 rue des Lilas" in recap


def test_delivery_step_shows_fee_estimate_and_importer_notice(journey, db):
    text = visible_text(journey.page("/commande/livraison").text)
    assert "Colissimo à domicile: 5,50 € TTC" in text
    assert "Livraison estimée entre le" in text
    assert "importateur" not in text.split("Paiement et livraison")[0]
    overseas = add_address(journey.user, AddressData(
        first_name="Camille", last_name="Martin", line1="5 rue Frébault", postal_code="97110",
        city="Pointe-à-Pitre", country_code="FR"))
    db.session.commit()
    journey.post("/commande/livraison", {"delivery_id": overseas.id, "billing_same": "y"})
    text = visible_text(journey.page("/commande/livraison").text)
    assert "Colissimo Outre-mer" in text
    assert "vous êtes l'importateur des produits" in text.split("Paiement et livraison")[0]


def test_recap_shows_everything_before_the_order_button(journey, product):
    """A3, A4, A6: lines, prices, shipping, VAT, total; unticked CGV box; the button's words."""
    html = journey.to_recap().text
    text = visible_text(html)
    assert product.name in text and "12,90 €" in text and "25,80 €" in text
    assert "Livraison TTC 5,50 €" in text
    assert "dont TVA 5,5 %" in text
    assert "Total TTC 31,30 €" in text
    assert "12 rue des Lilas" in text and "Paiement de démonstration" in text
    assert "Livraison estimée entre le" in text
    checkbox = re.search(r'<input type="checkbox" id="cgv_accepted"[^>]*>', html).group(0)
    assert "checked" not in checkbox
    assert 'href="/cgv.pdf?version=1"' in html
    assert "J'ai lu et j'accepte les Conditions Générales de Vente" in text
    buttons = re.findall(r"<button[^>]*>([^<]*)</button>", html)
    assert "Commander avec obligation de paiement" in buttons
    assert not any(label.strip() in {"Valider", "Continuer"} for label in buttons)
    for back in ('href="/commande/livraison"', 'href="/panier/"'):
        assert back in html
    assert checked(html, "payment-dev")  # the payment method is chosen here, preselected


def test_the_payment_method_is_chosen_on_the_recap_and_an_unoffered_one_refused(journey):
    form = journey.order_form(journey.to_recap().text, payment="stripe")  # not configured
    response = journey.client.post("/commande/recapitulatif", data=form)
    assert response.status_code == 400
    assert "Choisissez un moyen de paiement proposé." in visible_text(response.text)
    assert journey.orders() == []
    del form["payment"]
    response = journey.client.post("/commande/recapitulatif", data=form)
    assert response.status_code == 400 and journey.orders() == []
    assert "Choisissez un moyen de paiement." in visible_text(response.text)


def test_recap_announces_a_price_change_since_the_cart(journey, product, db):
    set_price(product, 1390, utcnow())
    db.session.commit()
    text = visible_text(journey.to_recap().text)
    assert "Votre panier a changé" in text
    assert "12,90 € → 13,90 €" in text
    assert "Total TTC 33,30 €" in text


def test_the_cgv_box_must_be_ticked(journey):
    recap = journey.to_recap()
    form = journey.order_form(recap.text)
    del form["cgv_accepted"]
    response = journey.client.post("/commande/recapitulatif", data=form)
    assert response.status_code == 400
    assert 'id="cgv_accepted-error"' in response.text
    assert "Cochez la case pour accepter les Conditions Générales de Vente." in response.text
    ((href, _text),) = error_summary(response.text).links
    assert href == "#cgv_accepted"
    assert journey.orders() == []


def test_the_order_form_needs_its_csrf_token(journey):
    form = journey.order_form(journey.to_recap().text)
    del form["csrf_token"]
    response = journey.client.post("/commande/recapitulatif", data=form)
    assert response.status_code == 400
    assert journey.orders() == []


def test_a_total_changed_after_the_recap_is_refused(journey, product, db):
    recap = journey.to_recap()
    set_price(product, 1390, utcnow())
    db.session.commit()
    response = journey.client.post("/commande/recapitulatif",
                                   data=journey.order_form(recap.text))
    assert response.location == "/commande/recapitulatif"
    assert journey.orders() == []
    assert "Votre panier a changé" in visible_text(journey.page("/commande/recapitulatif").text)


def test_a_double_click_places_one_order(journey):
    recap = journey.to_recap()
    form = journey.order_form(recap.text)
    first = journey.client.post("/commande/recapitulatif", data=form)
    second = journey.client.post("/commande/recapitulatif", data=form)
    assert first.status_code == second.status_code == 303
    assert len(journey.orders()) == 1


def test_an_open_payment_dispute_stops_the_checkout(journey, db):
    journey.user.payment_dispute_open = True
    db.session.commit()
    response = journey.client.get("/commande/livraison")
    assert response.status_code == 403
    assert "Un litige de paiement est en cours" in visible_text(response.text)


def test_a_dispute_opened_during_the_checkout_stops_the_order(journey, db):
    recap = journey.to_recap()
    journey.user.payment_dispute_open = True
    db.session.commit()
    response = journey.client.post("/commande/recapitulatif",
                                   data=journey.order_form(recap.text))
    assert response.status_code == 403
    assert "Un litige de paiement est en cours" in visible_text(response.text)
    assert db.session.scalar(select(Order)) is None
