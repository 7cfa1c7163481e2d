"""Password reset through the real e-mail: the link arrives, works once, expires."""

import re
from datetime import timedelta

from shop.accounts.reset import make_reset_token
from shop.accounts.services import authenticate
from shop.db import utcnow
from tests.account_factories import form_token, log_in

REQUEST = "/compte/mot-de-passe-oublie"


def ask_for_link(client, email):
    return client.post(REQUEST, data={"csrf_token": form_token(client, REQUEST), "email": email})


def link_path(mail) -> str:
    match = re.search(r"http://localhost(/compte/reinitialiser/\S+)", mail.text)
    assert match, mail.text
    return match.group(1)


def choose_password(client, path, password):
    token = form_token(client, path)
    return client.post(path, data={"csrf_token": token, "password": password, "confirm": password})


def test_reset_link_arrives_by_email_works_once_then_dies(client, customer, mail_via_smtp):
    response = ask_for_link(client, customer.email.upper())
    assert response.status_code == 302
    [mail] = mail_via_smtp.messages
    assert mail.rcpt_tos == [customer.email]
    assert "Réinitialisation" in mail.subject and "60 minutes" in mail.text
    path = link_path(mail)
    assert path in mail.html
    assert choose_password(client, path, "my new long password").status_code == 302
    assert authenticate(customer.email, "my new long password") is not None
    assert log_in(client, customer.email, "my new long password").status_code == 302
    assert "mot de passe a été changé" in mail_via_smtp.messages[1].subject
    reused = client.get(path)
    assert reused.status_code == 410
    assert "déjà été utilisé" in reused.get_data(as_text=True)


def test_unknown_address_gets_the_same_answer_and_no_mail(client, customer, mail_via_smtp):
    known = ask_for_link(client, customer.email)
    unknown = ask_for_link(client, "nobody@example.com")
    assert known.status_code == unknown.status_code == 302
    assert known.headers["Location"] == unknown.headers["Location"]
    flashes = []
    for _ in range(2):
        with client.session_transaction() as session:
            flashes.append(session.pop("_flashes", []))
    assert len(mail_via_smtp.messages) == 1


def test_expired_link_is_refused(app, client, customer):
    token = make_reset_token(customer, app.config["SECRET_KEY"],
                             now=utcnow() - timedelta(hours=2))
    response = client.get(f"/compte/reinitialiser/{token}")
    assert response.status_code == 410
    assert "expiré" in response.get_data(as_text=True)


def test_mismatched_confirmation_changes_nothing(app, client, customer):
    path = f"/compte/reinitialiser/{make_reset_token(customer, app.config['SECRET_KEY'])}"
    token = form_token(client, path)
    response = client.post(path, data={"csrf_token": token, "password": "my new long password",
                                       "confirm": "something else entirely"})
    assert "ne sont pas identiques" in response.get_data(as_text=True)
    assert authenticate(customer.email, "my new long password") is None


def test_reset_requests_are_throttled(client, customer):
    statuses = [ask_for_link(client, customer.email).status_code for _ in range(6)]
    assert statuses[:5] == [302] * 5 and statuses[5] == 429


def test_a_forged_host_does_not_poison_the_reset_link(app, client, customer, mail_via_smtp):
    """Before: `Host: evil.example` e-mailed http://evil.example/compte/reinitialiser/<token>.
    Now such a request is refused (400) before the view runs; and were the Host check off,
    the link would still be built from SHOP_BASE_URL."""
    evil = "http://evil.example"
    assert client.get(REQUEST, base_url=evil).status_code == 400
    assert client.post(REQUEST, data={"email": customer.email}, base_url=evil).status_code == 400
    assert mail_via_smtp.messages == []
    app.config["TRUSTED_HOSTS"] = None
    try:
        page = client.get(REQUEST, base_url=evil)
        token = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', page.text)[1]
        answer = client.post(REQUEST, data={"csrf_token": token, "email": customer.email},
                             base_url=evil)
    finally:
        app.config["TRUSTED_HOSTS"] = ["localhost"]
    assert answer.status_code == 302
    [mail] = mail_via_smtp.messages
    assert "evil.example" not in mail.text and "evil.example" not in mail.html
    assert f"{app.config['SHOP_BASE_URL']}/compte/reinitialiser/" in mail.text
