"""The first step's third way (issue 21 item 3, CGV 5.2.1): a new customer gives who they are,
goes on at once, and the account is created with the order, its password chosen on the recap.
Nothing is written before the order button; an address that already has an account gets the
order on that account, and the visitor's pages say the same either way."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import func, select

from shop.accounts.models import Address, User
from shop.accounts.services import authenticate
from shop.notifications.models import MailMessage
from shop.orders import states
from shop.orders.models import Order
from tests.account_factories import PASSWORD, form_token, make_user
from tests.conftest import csrf_token_from, visible_text
from tests.error_summary import error_summary
from tests.views.accounts.test_signup_login import activate, logged_in_user_id
from tests.views.checkout.conftest import path_of

START = "/commande/nouveau-client"
GERMAN_VAT = "DE136695976"
LOGIN = "/compte/connexion?next=/commande/"
NEW_PASSWORD = "un jardin de lavande bleue"
IDENTITY = {"customer_type": "consumer", "last_name": "Durand", "first_name": "Inès",
            "email": "ines.durand@example.com"}
LYON = {"first_name": "Inès", "last_name": "Durand", "line1": "8 rue de la République",
        "postal_code": "69002", "city": "Lyon", "country_code": "FR"}


class NewCustomer:
    """A visitor with a cart who orders without an account."""

    def __init__(self, client, product):
        self.client = client
        with client.session_transaction() as session:
            session["cart"] = [[product.id, 2, product.price_cents]]

    def post(self, path: str, data: dict, token_from: str):
        return self.client.post(path, data={"csrf_token": form_token(self.client, token_from),
                                            **data})

    def identify(self, **fields):
        return self.post(START, IDENTITY | fields, token_from=LOGIN)

    def give_address(self, **fields):
        return self.post("/commande/adresses/nouvelle", LYON | fields,
                         token_from="/commande/adresses/nouvelle")

    def to_recap(self, **identity) -> str:
        """Identity, address and method given: the recap's HTML."""
        assert self.identify(**identity).location == "/commande/livraison"
        assert self.client.get("/commande/livraison").location == "/commande/adresses/nouvelle"
        assert self.give_address().location == "/commande/livraison"
        chosen = self.post("/commande/livraison", {"delivery_id": 1, "billing_same": "y",
                                                   "method": "colissimo-metro"},
                           token_from="/commande/livraison")
        assert chosen.location == "/commande/recapitulatif", chosen.status_code
        recap = self.client.get("/commande/recapitulatif")
        assert recap.status_code == 200
        return recap.text

    def order_form(self, recap_html: str, **overrides) -> dict:
        fields = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', recap_html))
        return fields | {"csrf_token": csrf_token_from(recap_html), "payment": "dev",
                         "cgv_accepted": "y", "password": NEW_PASSWORD} | overrides

    def place(self, **overrides):
        return self.client.post("/commande/recapitulatif",
                                data=self.order_form(self.to_recap(), **overrides))

    def pay(self, placed) -> str:
        """Accept on the demonstration page; the path the buyer lands on."""
        page = self.client.get(path_of(placed.location))
        token = parse_qs(urlsplit(placed.location).query)["token"][0]
        back = self.client.post("/commande/paiement/demonstration", data={
            "csrf_token": csrf_token_from(page.text), "token": token, "choice": "accept"})
        return self.client.get(path_of(back.location)).location


@pytest.fixture()
def visitor(client, db, shop_ready, product):
    return NewCustomer(client, product)


def _accounts(db) -> list[User]:
    db.session.expire_all()
    return list(db.session.scalars(select(User).where(User.email == IDENTITY["email"])))


def _said(html: str) -> list[tuple[str, str]]:
    """The error summary's links (href, text) and plain items ("", text)."""
    summary = error_summary(html)
    return summary.links + [("", item) for item in summary.items]


def _mails_to(db, email: str) -> list[MailMessage]:
    return [m for m in db.session.scalars(select(MailMessage).order_by(MailMessage.id))
            if m.recipients == [email]]


def test_the_first_step_offers_sign_in_a_new_customer_form_and_the_sign_up(client, shop_ready,
                                                                           product):
    NewCustomer(client, product)
    page = client.get(LOGIN).text
    text = visible_text(page)
    assert "Se connecter" in text and "Nouveau client ?" in text
    assert "vous choisissez son mot de passe au moment de commander" in text
    assert f'action="{START}"' in page
    assert "/compte/inscription?next=/commande/" in page  # the account first, by e-mail
    assert "1. Compte 2. Livraison 3. Paiement" in text
    # The new customer's fields have their own ids beside the sign-in form's.
    assert 'id="email"' in page and 'id="new-email"' in page
    assert 'name="password"' not in page.split(f'action="{START}"')[1].split("</form>")[0]


def test_a_new_customer_orders_and_pays_without_waiting_for_an_email(visitor, db, product):
    assert not _accounts(db)
    placed = visitor.place()
    assert placed.status_code == 303 and "/commande/paiement/demonstration" in placed.location
    (account,) = _accounts(db)
    order = db.session.scalar(select(Order).where(Order.user_id == account.id))
    assert order.customer_first_name == "Inès" and order.customer_email == IDENTITY["email"]
    assert order.delivery_address["city"] == "Lyon" and order.total_ttc_cents == 2 * 1290 + 550
    # The account: the identity given, the address in its book, the password chosen on the
    # recap; like a sign-up it logs in once its address is confirmed.
    assert (account.last_name, account.customer_type) == ("Durand", "consumer")
    assert (account.company_name, account.siret, account.vat_number) == (None, None, None)
    assert account.marketing_consent is False  # opt-in only (G3), and not ticked
    assert [(a.city, a.is_default_delivery) for a in account.addresses] == [("Lyon", True)]
    assert account.email_confirmed_at is None
    assert authenticate(IDENTITY["email"], NEW_PASSWORD) is None
    assert logged_in_user_id(visitor.client) is None

    landing = visitor.pay(placed)
    assert landing == f"/commande/{order.reference}/confirmation"
    confirmation = visible_text(visitor.client.get(landing).text)
    assert "Merci pour votre commande" in confirmation and order.reference in confirmation
    assert f"Un e-mail vient de vous être envoyé à {IDENTITY['email']}" in confirmation
    db.session.expire_all()
    assert db.session.get(Order, order.id).status == states.PAID

    welcome = next(m for m in _mails_to(db, IDENTITY["email"]) if m.template == "welcome")
    assert welcome.subject == "Votre commande et votre compte PRONUTRI"
    assert welcome.user_id == account.id  # filed with the account: forgotten with it (G2)
    assert order.reference in welcome.text_body
    assert "(valable 7 jours)" in welcome.text_body
    assert "Ne la payez pas" in welcome.text_body  # not « il sera supprimé »: it holds an order
    link = re.search(r"http://localhost(/compte/activer/\S+)", welcome.text_body).group(1)
    assert activate(visitor.client, link).location == f"/compte/commandes/{order.reference}"
    assert logged_in_user_id(visitor.client).startswith(f"{account.id}:")
    assert authenticate(IDENTITY["email"], NEW_PASSWORD).id == account.id


def test_nothing_is_written_before_the_order_button(visitor, db):
    visitor.to_recap()
    assert not _accounts(db)
    assert db.session.scalar(select(func.count()).select_from(Address)) == 0
    assert db.session.scalar(select(func.count()).select_from(Order)) == 0
    assert not db.session.scalars(select(MailMessage)).all()


def test_a_password_too_short_keeps_the_recap_and_writes_nothing(visitor, db, product):
    refused = visitor.place(password="court")
    assert refused.status_code == 400
    assert [href for href, text in _said(refused.text)
            if text.endswith(": Le mot de passe doit contenir au moins 12 caractères.")] == [
        "#password"]
    assert not _accounts(db)
    assert db.session.scalar(select(func.count()).select_from(Order)) == 0
    db.session.refresh(product)
    assert product.available == 10  # no stock held for an order that was not placed
    with visitor.client.session_transaction() as session:
        assert session["cart"] == [[product.id, 2, product.price_cents]]


def test_an_address_with_an_account_gets_the_order_and_the_page_says_the_same(
        client, app, db, shop_ready, product):
    """The order goes on the existing account; its password does not change; its owner is
    told by e-mail; the visitor sees what a new address sees (no one learns who has an
    account)."""
    owner = make_user(db, email=IDENTITY["email"], first_name="Inès", last_name="Durand")
    db.session.commit()
    visitor = NewCustomer(client, product)
    placed = visitor.place()
    assert placed.status_code == 303 and "/commande/paiement/demonstration" in placed.location
    assert [a.id for a in _accounts(db)] == [owner.id]
    order = db.session.scalar(select(Order).where(Order.user_id == owner.id))
    assert order is not None and order.delivery_address["city"] == "Lyon"
    assert authenticate(IDENTITY["email"], PASSWORD).id == owner.id  # password unchanged
    assert authenticate(IDENTITY["email"], NEW_PASSWORD) is None
    assert not owner.addresses  # a visitor writes nothing into someone's address book
    (told,) = _mails_to(db, IDENTITY["email"])
    assert told.template == "order_on_existing_account"
    assert told.subject == f"Votre commande {order.reference} est enregistrée dans votre compte"
    assert f"La commande {order.reference} vient d'être passée" in told.text_body
    assert told.user_id == owner.id
    assert "/compte/mot-de-passe-oublie" in told.text_body
    landing = visitor.pay(placed)
    confirmation = visible_text(client.get(landing).text)
    assert f"Un e-mail vient de vous être envoyé à {IDENTITY['email']}" in confirmation
    assert logged_in_user_id(client) is None


def test_the_same_order_form_sent_twice_places_one_order_and_sends_one_email(visitor, db):
    form = visitor.order_form(visitor.to_recap())
    first = visitor.client.post("/commande/recapitulatif", data=form)
    with visitor.client.session_transaction() as session:
        # The first answer forgot the new customer and granted the order to the session.
        assert "checkout_guest" not in session and len(session["guest_orders"]) == 1
    second = visitor.client.post("/commande/recapitulatif", data=form)
    assert first.status_code == second.status_code == 303
    (account,) = _accounts(db)
    orders = db.session.scalars(select(Order)).all()
    assert [o.user_id for o in orders] == [account.id]
    assert [m.template for m in _mails_to(db, IDENTITY["email"])] == ["welcome"]


def test_a_twin_from_an_old_page_is_found_through_the_new_account(visitor, db):
    """A form resubmitted with the cookie it had before the order (Back, then submit)."""
    recap = visitor.to_recap()
    with visitor.client.session_transaction() as session:
        before = dict(session)
    form = visitor.order_form(recap)
    assert visitor.client.post("/commande/recapitulatif", data=form).status_code == 303
    with visitor.client.session_transaction() as session:
        session.clear()
        session.update(before)
    again = visitor.client.post("/commande/recapitulatif", data=form)
    assert again.status_code == 303
    assert db.session.scalar(select(func.count()).select_from(Order)) == 1
    assert [m.template for m in _mails_to(db, IDENTITY["email"])] == ["welcome"]


def test_only_the_session_that_placed_the_order_may_read_and_pay_it(visitor, app, db):
    placed = visitor.place()
    order = db.session.scalar(select(Order))
    for path in (f"/commande/{order.reference}/confirmation",
                 f"/commande/{order.reference}/paiement"):
        assert visitor.client.get(path).status_code in (200, 302)
        other = app.test_client()
        assert other.get(path).location.startswith("/compte/connexion")
    with app.test_client() as stranger:
        with stranger.session_transaction() as session:
            session["guest_orders"] = ["PN-000000-XXXX"]
        assert stranger.get(f"/commande/{order.reference}/paiement").location.startswith(
            "/compte/connexion")
    assert "/commande/paiement/demonstration" in placed.location


def test_a_new_customer_can_cancel_the_unpaid_order(visitor, db, product):
    visitor.place()
    order = db.session.scalar(select(Order))
    page = visitor.client.get(f"/commande/{order.reference}/paiement")
    cancelled = visitor.client.post(f"/commande/{order.reference}/annuler",
                                    data={"csrf_token": csrf_token_from(page.text)})
    assert cancelled.location == f"/commande/{order.reference}/paiement/retour"
    db.session.expire_all()
    assert db.session.get(Order, order.id).status == states.CANCELLED
    assert product.available == 10


@pytest.mark.parametrize(("fields", "field", "message"), [
    ({"email": "pas-une-adresse"}, "new-email", "Adresse e-mail invalide."),
    ({"last_name": ""}, "new-last_name", "Ce champ est obligatoire."),
    ({"customer_type": "professional", "company_name": "", "siret": ""}, "new-company_name",
     "La raison sociale est obligatoire."),
])
def test_bad_identity_is_refused_in_french_and_kept_nowhere(visitor, fields, field, message):
    refused = visitor.identify(**fields)
    assert refused.status_code == 400
    (said,) = [text for href, text in _said(refused.text) if href == f"#{field}"]
    assert said.endswith(f": {message}")
    with visitor.client.session_transaction() as session:
        assert "checkout_guest" not in session
    assert visitor.client.get("/commande/livraison").location.startswith("/compte/connexion")


def test_a_control_character_is_refused_and_kept_nowhere(visitor):
    assert visitor.identify(last_name="Durand\x00").status_code == 400
    with visitor.client.session_transaction() as session:
        assert "checkout_guest" not in session


def test_a_tampered_new_customer_session_is_forgotten(visitor):
    visitor.identify()
    for bad in ({"email": 3}, {"identity": {"first_name": "Inès"}}, {"addresses": "x"},
                {"addresses": [{"city": "Lyon"}]}, {"vat_checked_at": "hier"}):
        with visitor.client.session_transaction() as session:
            session["checkout_guest"] = session["checkout_guest"] | bad
        assert visitor.client.get("/commande/livraison").location.startswith(
            "/compte/connexion")
        visitor.identify()


def test_a_professional_new_customer_orders_with_the_company_on_the_order(client, db, shop_ready,
                                                                          product):
    visitor = NewCustomer(client, product)
    assert visitor.identify(customer_type="professional", company_name="Pharmacie du Rhône",
                            siret="73282932000074",
                            vat_number="FR44732829320").location == "/commande/livraison"
    assert visitor.give_address().location == "/commande/livraison"
    recap = client.get("/commande/recapitulatif").text
    assert "HT" in visible_text(recap)  # a professional reads prices without VAT first
    placed = client.post("/commande/recapitulatif", data=visitor.order_form(recap))
    assert placed.status_code == 303
    order = db.session.scalar(select(Order))
    assert (order.customer_type, order.company_name, order.siret) == (
        "professional", "Pharmacie du Rhône", "73282932000074")
    (account,) = _accounts(db)
    assert account.company_name == "Pharmacie du Rhône"
    assert account.vat_number == "FR44732829320"  # French: not a number VIES is asked about
    assert (account.vat_number_status, account.vat_number_checked_at) == (None, None)


def test_a_foreign_professional_is_checked_with_vies_once_and_the_account_keeps_the_answer(
        client, app, db, shop_ready, product, vies_fake):
    """VIES's answer, asked before the first price, lives with the new customer's identity
    until the order: the next pages do not ask again, and the account is opened with it."""
    app.config["VIES_API_BASE"] = vies_fake.api_base
    vies_fake.register(GERMAN_VAT, "APOTHEKE NORD GMBH", "BERLIN")
    visitor = NewCustomer(client, product)
    assert visitor.identify(customer_type="professional", company_name="Apotheke Nord GmbH",
                            siret="73282932000074",  # the sign-up form's rule, even abroad
                            vat_number=GERMAN_VAT).location == "/commande/livraison"
    assert visitor.give_address(line1="1 Hauptstrasse", postal_code="10115", city="Berlin",
                                country_code="DE").location == "/commande/livraison"
    assert visitor.post("/commande/livraison", {"delivery_id": 1, "billing_same": "y",
                                                "method": "colissimo-europe"},
                        token_from="/commande/livraison").location == "/commande/recapitulatif"
    recap = client.get("/commande/recapitulatif").text
    assert client.post("/commande/recapitulatif",
                       data=visitor.order_form(recap)).status_code == 303
    assert len(vies_fake.calls("POST", r".*/check-vat-number")) == 1
    order = db.session.scalar(select(Order))
    assert order.vat_regime == "intra_eu_exempt"
    (account,) = _accounts(db)
    assert (account.vat_number, account.vat_number_status) == (GERMAN_VAT, "valid")
    assert account.vat_number_checked_at is not None


def test_the_account_has_the_marketing_consent_the_new_customer_gave(visitor, db):
    recap = visitor.to_recap(marketing_consent="y")
    assert visitor.client.post("/commande/recapitulatif",
                               data=visitor.order_form(recap)).status_code == 303
    (account,) = _accounts(db)
    assert account.marketing_consent is True and account.marketing_consent_at is not None


def test_a_logged_in_customer_skips_the_new_customer_form(journey):
    assert journey.client.get(START).location == "/commande/livraison"


def test_the_new_customer_form_is_reached_from_the_sign_in_page(client):
    assert client.get(START).location == LOGIN


def test_orders_opening_accounts_are_throttled_like_sign_ups(visitor, app, db):
    """Each opens an account and hashes a password: RATELIMIT_SIGNUP per address."""
    app.config["RATELIMIT_SIGNUP"] = "2 per hour"
    form = visitor.order_form(visitor.to_recap(), password="court")
    statuses = [visitor.client.post("/commande/recapitulatif", data=form).status_code
                for _ in range(3)]
    assert statuses == [400, 400, 429]
    assert db.session.scalar(select(func.count()).select_from(Order)) == 0


def test_a_new_customer_corrects_the_email_address_and_keeps_the_address(visitor, db):
    recap = visitor.to_recap()
    assert "Modifier vos coordonnées" in recap
    first_step = visitor.client.get(LOGIN).text
    assert 'value="ines.durand@example.com"' in first_step  # what was given, to correct
    assert visitor.identify(email="ines.durand@example.org").location == "/commande/livraison"
    placed = visitor.client.post("/commande/recapitulatif",
                                 data=visitor.order_form(visitor.client.get(
                                     "/commande/recapitulatif").text))
    assert placed.status_code == 303
    order = db.session.scalar(select(Order))
    assert order.customer_email == "ines.durand@example.org"
    assert order.delivery_address["city"] == "Lyon"


def test_the_order_button_pressed_twice_at_once_opens_one_account(visitor, app, db):
    """Two requests of one session race to create the same account: the loser finds the
    winner's order (no 500, one account, one order, one e-mail)."""
    import threading

    form = visitor.order_form(visitor.to_recap())
    cookie = visitor.client.get_cookie("session")
    db.session.rollback()  # the test's own session holds no lock
    start, statuses = threading.Barrier(2), []

    def press() -> None:
        client = app.test_client()
        client.set_cookie(cookie.key, cookie.value)
        start.wait()
        statuses.append(client.post("/commande/recapitulatif", data=form).status_code)

    threads = [threading.Thread(target=press) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert statuses == [303, 303]
    assert len(_accounts(db)) == 1
    assert db.session.scalar(select(func.count()).select_from(Order)) == 1
    assert [m.template for m in _mails_to(db, IDENTITY["email"])] == ["welcome"]


def test_a_new_customer_gives_up_to_four_addresses_and_the_account_keeps_them(visitor, db):
    assert visitor.identify().location == "/commande/livraison"
    cities = ["Lyon", "Villeurbanne", "Bron", "Caluire-et-Cuire"]
    for city in cities:
        assert visitor.give_address(city=city).location == "/commande/livraison"
    refused = visitor.give_address(city="Vénissieux")
    assert refused.location is None
    assert [href for href, text in _said(refused.text)
            if text.endswith("Vous avez déjà indiqué 4 adresses pour cette commande.")] == [
        "#line1"]
    chosen = visitor.post("/commande/livraison", {"delivery_id": 4, "billing_same": "y",
                                                  "method": "colissimo-metro"},
                          token_from="/commande/livraison")
    assert chosen.location == "/commande/recapitulatif"
    recap = visitor.client.get("/commande/recapitulatif").text
    assert visitor.client.post("/commande/recapitulatif",
                               data=visitor.order_form(recap)).status_code == 303
    order = db.session.scalar(select(Order))
    assert order.delivery_address["city"] == "Caluire-et-Cuire"
    (account,) = _accounts(db)
    assert sorted(a.city for a in account.addresses) == sorted(cities)


@pytest.mark.parametrize("blocked", [{"payment_dispute_open": True}, {"is_active": False}])
def test_a_visitor_is_not_told_why_the_account_of_the_address_cannot_order(
        client, db, shop_ready, product, blocked):
    """An account blocked by a payment dispute, or closed, gets no order; the visitor who
    typed its address learns nothing of its owner's dispute or account."""
    owner = make_user(db, email=IDENTITY["email"], **blocked)
    placed = NewCustomer(client, product).place()
    assert placed.location == "/commande/recapitulatif"
    text = visible_text(client.get(placed.location).text)
    assert "Un litige de paiement" not in text and "Ce compte est fermé" not in text
    assert "Cette commande ne peut pas être enregistrée en ligne" in text
    assert db.session.scalar(select(func.count()).select_from(Order)) == 0
    assert not _mails_to(db, owner.email)
