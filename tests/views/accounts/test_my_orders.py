"""My orders: the list, one order's page with its timeline; nobody sees another's orders."""

import json

from shop.checkout.services import place_order
from shop.db import utcnow
from shop.orders import states
from shop.orders.services import ship_lines
from tests.account_factories import log_in, make_user
from tests.checkout_factories import dev_verdict, order_request
from tests.conftest import visible_text
from tests.factories import make_product


def _paid_order(db, user, product):
    order = place_order(user, order_request([(product, 2)]), actor="test", now=utcnow())
    dev_verdict(order, "accept")
    db.session.commit()
    return order


def test_the_list_shows_reference_date_status_and_total(client, db, shop_ready):
    user = make_user(db)
    order = _paid_order(db, user, make_product(db, price_cents=1290))
    log_in(client, user.email)
    text = visible_text(client.get("/compte/commandes").text)
    assert order.reference in text and "Payée" in text and "31,30 €" in text


def test_the_order_page_shows_lines_totals_addresses_and_timeline(client, db, shop_ready):
    user = make_user(db)
    product = make_product(db, price_cents=1290)
    order = _paid_order(db, user, product)
    states.transition(order, states.PREPARING, actor="staff", at=utcnow())
    ship_lines(order, {line.id: line.quantity for line in order.lines}, carrier="colissimo",
               tracking_number="6A12345678901", weight_grams=500, actor="staff", at=utcnow())
    db.session.commit()
    log_in(client, user.email)
    html = client.get(f"/compte/commandes/{order.reference}").text
    text = visible_text(html)
    assert product.name in text and "12,90 €" in text and "Total TTC 31,30 €" in text
    assert "dont TVA 5,5 %" in text and "12 rue des Lilas" in text
    assert "Commande reçue" in text and "Paiement accepté" in text and "Expédiée" in text
    assert 'href="https://www.laposte.fr/outils/suivre-vos-envois?code=6A12345678901"' in html
    assert "Colis 1" in text and f"{product.name} × 2" in text
    assert 'class="milestone todo milestone-delivered"' in html


def test_a_cancelled_order_says_why(client, db, shop_ready):
    user = make_user(db)
    order = place_order(user, order_request([(make_product(db), 1)]), actor="t", now=utcnow())
    db.session.commit()
    dev_verdict(order, "refuse")
    db.session.commit()
    log_in(client, user.email)
    text = visible_text(client.get(f"/compte/commandes/{order.reference}").text)
    assert "Annulée" in text and "Paiement refusé" in text
    assert "Expédiée" not in text


def test_another_customers_order_is_not_found(client, db, shop_ready):
    owner, other = make_user(db), make_user(db)
    order = _paid_order(db, owner, make_product(db))
    log_in(client, other.email)
    ref = order.reference
    for path in (f"/compte/commandes/{ref}", f"/commande/{ref}/confirmation",
                 f"/commande/{ref}/paiement", "/compte/commandes/PN-NOPE-NOPE"):
        assert client.get(path).status_code == 404, path
    assert order.reference not in client.get("/compte/commandes").text


def test_orders_need_a_login(client, db):
    assert client.get("/compte/commandes/PN-AAAA-BBBB").location.startswith("/compte/connexion")


def test_the_data_export_lists_the_orders(client, db, shop_ready):
    user = make_user(db)
    order = _paid_order(db, user, make_product(db, price_cents=1290))
    log_in(client, user.email)
    data = json.loads(client.get("/compte/mes-donnees.json").data)
    exported = data["orders"][0]
    assert exported["reference"] == order.reference and exported["total_ttc_cents"] == 3130
    assert exported["lines"][0]["quantity"] == 2 and exported["lines"][0]["vat_rate"] == "5.5"
    changes = [e["to"] for e in exported["events"] if e["from"] != e["to"]]
    assert changes == ["awaiting_payment", "paid"]
    assert any("encaissé" in e["note"] for e in exported["events"])  # the ledger's notes too


def test_a_cancelled_order_shows_no_withdrawal_link(client, db, shop_ready):
    user = make_user(db)
    order = place_order(user, order_request([(make_product(db), 1)]), actor="t", now=utcnow())
    db.session.commit()
    log_in(client, user.email)
    assert "Renoncer au contrat ici" in client.get(f"/compte/commandes/{order.reference}").text
    dev_verdict(order, "refuse")
    db.session.commit()
    page = client.get(f"/compte/commandes/{order.reference}").text
    main = page.split("<main", 1)[1].split("</main>", 1)[0]
    assert "Renoncer au contrat ici" not in main
