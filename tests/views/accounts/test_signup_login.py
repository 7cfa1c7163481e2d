"""Sign-up, login, logout: cart kept, safe `next`, same answer for unknown accounts."""

import re

import pytest

from shop.accounts.models import User
from shop.accounts.services import find_user_by_email
from tests.account_factories import PASSWORD, form_token, log_in, make_user

SIGNUP = "/compte/inscription"


def signup_data(client, url=SIGNUP, **fields):
    values = {
        "csrf_token": form_token(client, url), "customer_type": "consumer",
        "last_name": "Dupont", "first_name": "Léa", "email": "lea@example.com",
        "password": PASSWORD,
    }
    return values | fields


def error_for(html: str, field: str) -> str:
    """The error message linked to a field, checking the aria wiring on the way."""
    assert re.search(rf'id="{field}"[^>]*aria-describedby="[^"]*{field}-error', html) or re.search(
        rf'aria-describedby="[^"]*{field}-error[^"]*"[^>]*id="{field}"', html
    ), f"{field} is not linked to its error"
    match = re.search(rf'id="{field}-error">([^<]+)<', html)
    assert match, f"no error shown for {field}"
    return match.group(1)


def test_signup_page_offers_both_customer_types_and_unticked_consent(client):
    html = client.get(SIGNUP).get_data(as_text=True)
    assert 'value="consumer"' in html and 'value="professional"' in html
    consent = re.search(r'<input[^>]*id="marketing_consent"[^>]*>', html).group(0)
    assert "checked" not in consent
    assert 'autocomplete="new-password"' in html and 'autocomplete="email"' in html


SENT = "/compte/inscription/verifiez-vos-e-mails"


def activation_link(db, email: str) -> str:
    """The path of the activation link in the last welcome e-mail sent to `email`."""
    from shop.notifications.models import MailMessage

    mails = [m for m in db.session.query(MailMessage).order_by(MailMessage.id)
             if m.recipients == [email] and "Bienvenue" in m.subject]
    assert mails, f"no welcome e-mail to {email}"
    url = re.search(r"http://localhost(/compte/activer/\S+)", mails[-1].text_body).group(1)
    return url


def activate(client, path: str):
    """Open the e-mailed link, then press « Activer mon compte »."""
    page = client.get(path)
    assert page.status_code == 200 and "Activer mon compte" in page.text
    return client.post(path, data={"csrf_token": form_token(client, path)})


def logged_in_user_id(client) -> str | None:
    with client.session_transaction() as session:
        return session.get("_user_id")


def test_signup_sends_a_link_that_activates_logs_in_keeps_the_cart_and_returns_to_next(
    client, db
):
    """Before: a new account was logged in at once, which told a visitor the address was new
    (a known address was not logged in)."""
    with client.session_transaction() as session:
        session["cart"] = {"lines": {"12": 2}}
        session["something_else"] = "old"
    url = f"{SIGNUP}?next=/panier/livraison"
    response = client.post(url, data=signup_data(client, url))
    assert (response.status_code, response.headers["Location"]) == (302, SENT)
    assert logged_in_user_id(client) is None
    assert "Vérifiez vos e-mails" in client.get(SENT).text
    assert log_in(client, "lea@example.com").status_code == 200  # not before the link
    path = activation_link(db, "lea@example.com")
    assert "next=/panier/livraison" in path.replace("%2F", "/")
    response = activate(client, path)
    assert response.headers["Location"] == "/panier/livraison"
    user = find_user_by_email("lea@example.com")
    assert user.email_confirmed_at is not None
    with client.session_transaction() as session:
        assert session["cart"] == {"lines": {"12": 2}}
        assert "something_else" not in session
        assert session["_user_id"] == user.get_id()


def test_an_activation_link_logs_in_once_only(client, db):
    client.post(SIGNUP, data=signup_data(client))
    path = activation_link(db, "lea@example.com")
    activate(client, path)
    client.post("/compte/deconnexion", data={"csrf_token": form_token(client, "/compte/")})
    again = client.get(path)
    assert again.status_code == 302 and again.headers["Location"].startswith("/compte/connexion")
    assert logged_in_user_id(client) is None
    assert log_in(client, "lea@example.com").status_code == 302  # the password works now


def test_opening_the_link_without_pressing_the_button_activates_nothing(client, db):
    """Mail scanners open links: only the button activates."""
    client.post(SIGNUP, data=signup_data(client))
    client.get(activation_link(db, "lea@example.com"))
    db.session.expire_all()
    assert find_user_by_email("lea@example.com").email_confirmed_at is None
    assert logged_in_user_id(client) is None


@pytest.mark.parametrize("tamper", ["forged", "expired", "reset-link"])
def test_a_bad_activation_link_is_refused_and_offers_a_new_one(app, client, db, tamper):
    from datetime import timedelta

    from shop.accounts.reset import make_confirm_token, make_reset_token
    from shop.db import utcnow

    client.post(SIGNUP, data=signup_data(client))
    user = find_user_by_email("lea@example.com")
    secret = app.config["SECRET_KEY"]
    token = {
        "forged": make_confirm_token(user, "another secret"),
        "expired": make_confirm_token(user, secret, now=utcnow() - timedelta(days=8)),
        "reset-link": make_reset_token(user, secret),
    }[tamper]
    response = client.post(f"/compte/activer/{token}",
                           data={"csrf_token": form_token(client, SIGNUP)})
    assert response.status_code == 410
    assert "Recevoir un nouveau lien" in response.text
    db.session.expire_all()
    assert find_user_by_email("lea@example.com").email_confirmed_at is None


def test_an_unconfirmed_account_logs_in_after_a_password_reset(client, db):
    """The owner who lost the welcome e-mail (or whose address someone else signed up with)
    takes the account back with « Mot de passe oublié »: the link proves the address."""
    from shop.notifications.models import MailMessage

    client.post(SIGNUP, data=signup_data(client, password="somebody else's password"))
    token = form_token(client, "/compte/mot-de-passe-oublie")
    client.post("/compte/mot-de-passe-oublie", data={"csrf_token": token,
                                                     "email": "lea@example.com"})
    mail = db.session.query(MailMessage).order_by(MailMessage.id.desc()).first()
    path = re.search(r"http://localhost(/compte/reinitialiser/\S+)", mail.text_body).group(1)
    client.post(path, data={"csrf_token": form_token(client, path), "password": PASSWORD,
                            "confirm": PASSWORD})
    assert log_in(client, "lea@example.com", "somebody else's password").status_code == 200
    assert log_in(client, "lea@example.com").status_code == 302


def test_a_known_email_answers_like_a_new_one_and_tells_the_owner(client, db):
    """Before: « Un compte existe déjà avec cette adresse e-mail » (account enumeration), then
    a new address was logged in at once and a known one was not."""
    from shop.notifications.models import MailMessage

    owner = make_user(db, email="lea@example.com", password="the owner's own password")
    new = client.post(SIGNUP, data=signup_data(client, email="nouvelle@example.com"))
    new_session = logged_in_user_id(client)
    known = client.post(SIGNUP, data=signup_data(client, email="LEA@Example.com"))
    assert (new.status_code, known.status_code) == (302, 302)
    assert new.headers["Location"] == known.headers["Location"] == SENT
    assert new_session is None and logged_in_user_id(client) is None
    strip = re.compile(r'(value|content|nonce)="[^"]*"')
    pages = [strip.sub("", client.get(SENT).text) for _ in range(2)]
    assert pages[0] == pages[1] and "existe déjà" not in pages[0]
    # The password set by the visitor opens neither account.
    assert log_in(client, "nouvelle@example.com").status_code == 200
    assert log_in(client, "lea@example.com").status_code == 200
    assert db.session.query(User).filter_by(email="lea@example.com").one() == owner
    mails = [m for m in db.session.query(MailMessage) if m.recipients == ["lea@example.com"]]
    assert len(mails) == 1
    assert "quelqu'un a essayé de créer un compte avec votre adresse" in mails[0].text_body.lower()
    assert db.session.query(User).count() == 2  # the owner and the new address


def test_weak_password_is_refused_next_to_the_field(client, db):
    response = client.post(SIGNUP, data=signup_data(client, password="trop-court"))
    assert "au moins 12 caractères" in error_for(response.get_data(as_text=True), "password")
    assert db.session.query(User).count() == 0


def test_invalid_siret_and_vat_are_refused_for_professionals(client, db):
    data = signup_data(client, customer_type="professional", company_name="Pharma",
                       siret="12345678901234", vat_number="FR123")
    html = client.post(SIGNUP, data=data).get_data(as_text=True)
    assert "SIRET invalide" in error_for(html, "siret")
    assert "TVA intracommunautaire invalide" in error_for(html, "vat_number")
    assert db.session.query(User).count() == 0


def test_professional_signup(client, db):
    data = signup_data(client, customer_type="professional", company_name="Pharma",
                       siret="73282932000074", vat_number="FR21399538347")
    assert client.post(SIGNUP, data=data).status_code == 302
    user = find_user_by_email("lea@example.com")
    assert (user.customer_type, user.siret, user.vat_number) == (
        "professional", "73282932000074", "FR21399538347",
    )


def test_welcome_email_arrives_with_the_activation_link(client, mail_via_smtp):
    client.post(SIGNUP, data=signup_data(client))
    [mail] = mail_via_smtp.messages
    assert mail.rcpt_tos == ["lea@example.com"] and "Bienvenue" in mail.subject
    assert "http://localhost/compte/activer/" in mail.text and "7 jours" in mail.text


def test_login_renews_the_session_but_keeps_the_cart(client, customer):
    with client.session_transaction() as session:
        session["cart"] = ["line"]
        session["stale"] = 1
    client.get("/compte/connexion")
    with client.session_transaction() as session:
        old_csrf = session["csrf_token"]
    response = log_in(client, customer.email.upper(), next_url="/produit/omega-3")
    assert response.headers["Location"] == "/produit/omega-3"
    with client.session_transaction() as session:
        assert session["cart"] == ["line"] and "stale" not in session
        assert session.get("csrf_token") != old_csrf
        assert session["_user_id"] == customer.get_id()


def test_wrong_password_and_unknown_email_get_the_same_answer(client, customer):
    wrong = log_in(client, customer.email, "not the password!")
    unknown = log_in(client, "nobody@example.com", "not the password!")
    assert wrong.status_code == unknown.status_code == 200
    strip = re.compile(r'value="[^"]*"')
    pages = [strip.sub("", r.get_data(as_text=True)) for r in (wrong, unknown)]
    assert pages[0] == pages[1]
    assert "Adresse e-mail ou mot de passe incorrect." in wrong.get_data(as_text=True)


def test_an_unconfirmed_account_answers_like_a_wrong_password(client, db, customer):
    unconfirmed = make_user(db, email_confirmed_at=None)
    wrong = log_in(client, customer.email, "not the password!")
    pending = log_in(client, unconfirmed.email)
    strip = re.compile(r'value="[^"]*"')
    assert strip.sub("", wrong.text) == strip.sub("", pending.text)
    assert "avec le lien reçu par e-mail" in pending.text


def test_remember_me_is_unticked_by_default(client):
    html = client.get("/compte/connexion").get_data(as_text=True)
    remember = re.search(r'<input[^>]*id="remember"[^>]*>', html).group(0)
    assert "checked" not in remember


@pytest.mark.parametrize(
    "target",
    ["https://evil.example/", "//evil.example", "/\\evil.example", "\\\\evil.example",
     "javascript:alert(1)", "http:/evil.example", "/%09/evil.example".replace("%09", "\t"),
     "evil.example", "////evil.example"],
)
def test_next_never_leaves_the_shop(client, customer, target):
    response = log_in(client, customer.email, next_url=target)
    assert response.status_code == 302
    assert response.headers["Location"] == "/compte/"


def test_login_is_throttled_after_repeated_failures(client, customer):
    for _attempt in range(5):
        assert log_in(client, customer.email, "wrong password!!").status_code == 200
    response = log_in(client, customer.email, PASSWORD)
    assert response.status_code == 429
    html = response.get_data(as_text=True)
    assert "Trop de tentatives" in html and 'lang="fr"' in html


def test_successful_logins_do_not_count_towards_the_throttle(client, customer):
    for _attempt in range(7):
        assert log_in(client, customer.email).status_code == 302
        client.post("/compte/deconnexion", data={"csrf_token": form_token(client, "/compte/")})


def test_logout_is_post_only_and_clears_the_whole_session(logged_in):
    assert logged_in.get("/compte/deconnexion").status_code == 405
    with logged_in.session_transaction() as session:
        session["cart"] = ["line"]
    token = form_token(logged_in, "/compte/")
    response = logged_in.post("/compte/deconnexion", data={"csrf_token": token})
    assert response.status_code == 302
    with logged_in.session_transaction() as session:
        assert "cart" not in session and "_user_id" not in session
    assert logged_in.get("/compte/").status_code == 302


def test_post_without_csrf_token_is_refused(client, customer, db):
    data = {"email": customer.email, "password": PASSWORD}
    response = client.post("/compte/connexion", data=data)
    assert response.status_code == 400
    assert "formulaire a expiré" in response.get_data(as_text=True)
    response = client.post(SIGNUP, data={"email": "x@example.com", "password": PASSWORD,
                                         "first_name": "A", "last_name": "B"})
    assert response.status_code == 400
    assert db.session.query(User).count() == 1


def test_header_links_follow_the_login_state(client, db, customer):
    html = client.get("/").get_data(as_text=True)
    assert "Se connecter" in html and "Créer un compte" in html
    log_in(client, customer.email)
    html = client.get("/").get_data(as_text=True)
    assert "Mon compte" in html and "Se déconnecter" in html and "Espace équipe" not in html


def test_signing_up_in_the_middle_of_a_purchase_keeps_the_real_cart(client, db):
    from tests.factories import make_product

    product = make_product(db, name="Oméga 3 – complément alimentaire")
    db.session.commit()
    token = form_token(client, SIGNUP)  # the session's token, valid for any form
    client.post("/panier/ajouter", data={"csrf_token": token, "product_id": product.id,
                                         "quantity": 3, "next": "/panier/"})
    url = f"{SIGNUP}?next=/panier/"
    client.post(url, data=signup_data(client, url))
    response = activate(client, activation_link(db, "lea@example.com"))
    assert response.headers["Location"] == "/panier/"
    page = client.get("/panier/").get_data(as_text=True)
    assert "Oméga 3" in page
    logout = client.post("/compte/deconnexion", data={"csrf_token": form_token(client, "/panier/")})
    assert logout.status_code == 302
    assert "Oméga 3" not in client.get("/panier/").get_data(as_text=True)
