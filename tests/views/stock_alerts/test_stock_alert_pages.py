"""« Prévenez-moi » over HTTP: subscribe from the product page, unsubscribe from the e-mail."""

import re

from sqlalchemy import select

from shop.stock import services as stock
from shop.stock_alerts.models import StockAlert
from shop.stock_alerts.services import subscribe, unsubscribe_token
from tests.account_factories import form_token, make_user
from tests.conftest import visible_text
from tests.factories import make_product

SUCCESS = "nous vous écrirons à cette adresse dès que le produit sera de nouveau disponible"


def _emails(db) -> list[str]:
    return list(db.session.scalars(select(StockAlert.email).order_by(StockAlert.email)))


def _post(client, product, email: str, token: str | None = None):
    token = token or form_token(client, f"/produit/{product.slug}")
    return client.post(f"/alertes-stock/produit/{product.slug}",
                       data={"csrf_token": token, "email": email}, follow_redirects=True)


def test_subscribe_twice_same_answer_one_alert(client, db):
    product = make_product(db, on_hand=0)
    db.session.commit()
    first = _post(client, product, "lea@example.com")
    assert first.status_code == 200 and first.request.path == f"/produit/{product.slug}"
    assert SUCCESS in visible_text(first.text)
    second = _post(client, product, "LEA@example.com")
    assert SUCCESS in visible_text(second.text)
    assert _emails(db) == ["lea@example.com"]


def test_an_address_with_an_account_gets_the_same_answer(client, db):
    product = make_product(db, on_hand=0)
    make_user(db, email="client@example.com")
    db.session.commit()
    with_account = visible_text(_post(client, product, "client@example.com").text)
    without = visible_text(_post(client, product, "inconnu@example.com").text)
    assert SUCCESS in with_account and SUCCESS in without


def test_a_bad_address_gets_a_french_message_and_stores_nothing(client, db):
    product = make_product(db, on_hand=0)
    db.session.commit()
    assert "Adresse e-mail invalide." in visible_text(_post(client, product, "lea@").text)
    assert "Indiquez votre adresse e-mail." in visible_text(_post(client, product, "").text)
    assert _emails(db) == []


def test_no_alert_without_csrf_token_nor_for_an_unknown_product(client, db):
    product = make_product(db, on_hand=0)
    hidden = make_product(db, on_hand=0, publish=False)
    db.session.commit()
    response = client.post(f"/alertes-stock/produit/{product.slug}",
                           data={"email": "lea@example.com"})
    assert response.status_code == 400
    token = form_token(client, f"/produit/{product.slug}")
    response = client.post(f"/alertes-stock/produit/{hidden.slug}",
                           data={"csrf_token": token, "email": "lea@example.com"})
    assert response.status_code == 404
    assert _emails(db) == []


def test_subscriptions_are_rate_limited(client, db, app):
    product = make_product(db, on_hand=0)
    db.session.commit()
    token = form_token(client, f"/produit/{product.slug}")
    limit = int(app.config["RATELIMIT_STOCK_ALERT"].split()[0])
    for number in range(limit):
        assert _post(client, product, f"n{number}@example.com", token).status_code == 200
    refused = client.post(f"/alertes-stock/produit/{product.slug}",
                          data={"csrf_token": token, "email": "encore@example.com"})
    assert refused.status_code == 429
    assert "encore@example.com" not in _emails(db)


def test_the_mailed_link_unsubscribes_after_confirmation(client, db, mail_via_smtp):
    product = make_product(db, on_hand=0)
    db.session.commit()
    _post(client, product, "lea@example.com")
    stock.receive(product.id, 3, actor="test")
    db.session.commit()
    [mail] = mail_via_smtp.wait_for(1)
    link = re.search(r"http://localhost(/alertes-stock/desinscription/\S+)", mail.text)[1]
    assert mail.message["List-Unsubscribe"] == f"<http://localhost{link}>"
    assert mail.message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    page = client.get(link)
    assert page.status_code == 200
    assert "lea@example.com" in visible_text(page.text)
    assert _emails(db) == ["lea@example.com"]  # a GET (a link scanner) removes nothing
    done = client.post(link, data={"csrf_token": form_token(client, link)},
                       follow_redirects=True)
    assert "vous ne recevrez plus d'alerte" in visible_text(done.text)
    assert _emails(db) == []


def test_a_tampered_unsubscribe_link_is_refused(client, db, app):
    product = make_product(db, on_hand=0)
    subscribe(product, "lea@example.com", product.created_at)
    db.session.commit()
    good = unsubscribe_token("lea@example.com", app.config["SECRET_KEY"])
    forged = unsubscribe_token("lea@example.com", "another-key")
    for token in (good[:-3] + "abc", forged):
        response = client.get(f"/alertes-stock/desinscription/{token}")
        assert response.status_code == 404
        assert "Ce lien de désinscription n'est pas valide." in visible_text(response.text)
        response = client.post(f"/alertes-stock/desinscription/{token}",
                               data={"csrf_token": form_token(client, f"/produit/{product.slug}")})
        assert response.status_code == 404
    assert _emails(db) == ["lea@example.com"]


def test_a_mail_clients_one_click_post_unsubscribes_without_a_page(client, db, mail_via_smtp):
    product = make_product(db, on_hand=0)
    db.session.commit()
    _post(client, product, "lea@example.com")
    stock.receive(product.id, 3, actor="test")
    db.session.commit()
    [mail] = mail_via_smtp.wait_for(1)
    link = mail.message["List-Unsubscribe"].strip("<>").removeprefix("http://localhost")
    other = make_product(db, on_hand=0)
    subscribe(other, "lea@example.com", product.created_at)  # a second alert, pending
    db.session.commit()

    fresh = client.application.test_client()  # no cookie, no CSRF token: a mail client
    # Each request in an app context of its own, as in production: the test's context would
    # carry `g` (and the CSRF check already passed by the posts above) from one to the next.
    with client.application.app_context():
        assert fresh.post(link, data={"other": "field"}).status_code == 200
    assert _emails(db) == ["lea@example.com"] * 2  # neither the token nor the RFC 8058 body
    db.session.commit()  # end the test's read transaction before the next request writes
    with client.application.app_context():
        response = fresh.post(link, data={"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200  # answered in place: mail clients follow no redirect
    assert "vous ne recevrez plus d'alerte" in visible_text(response.text)
    assert _emails(db) == []
