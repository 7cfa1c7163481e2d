"""Every e-mail the shop sends, produced by the code that sends it (a service, a job task or a
form posted over HTTP), for the tests that check what all e-mails have in common.

FLOWS maps each template of templates/email to a function (app, db, client) that makes the shop
send it, with the data a customer would have; it returns nothing: the test reads the mail
archive. A new template needs a flow here (a test fails until it has one).
"""

import uuid
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from shop.accounts.addresses import AddressData
from shop.accounts.services import Identity
from shop.checkout.services import place_order
from shop.fulfilment import identity as identity_proofs
from shop.fulfilment import services as fulfilment
from tests.account_factories import PASSWORD, form_token, log_in, make_user
from tests.checkout_factories import dev_verdict, order_request
from tests.factories import make_product
from tests.withdrawal_factories import delivered_order

NOW = datetime(2026, 11, 24, 10, tzinfo=ZoneInfo("Europe/Paris"))


def _paid(app, db, **user_fields):
    products = [(make_product(db, name="Magnésium marin – complément alimentaire",
                              price_cents=1290, on_hand=10), 2),
                (make_product(db, name="Vitamine D3 – complément alimentaire",
                              price_cents=990, on_hand=10), 1)]
    with app.test_request_context():
        order = place_order(make_user(db, **user_fields), order_request(products),
                            actor="client", now=NOW)
        dev_verdict(order, "accept", now=NOW)
        db.session.commit()
    return order


def _staff(db):
    return make_user(db, role="staff", first_name="Paul")


def order_confirmation(app, db, client):
    _paid(app, db)


def order_shipped(app, db, client):
    order = _paid(app, db)
    with app.test_request_context():
        fulfilment.start_preparing(order, staff=_staff(db), now=NOW)
        fulfilment.ship(order, {line.id: line.quantity for line in order.lines},
                        carrier="colissimo", tracking_number="6A12345678901", weight_grams=800,
                        staff=_staff(db), now=NOW)
        db.session.commit()


def order_delayed(app, db, client):
    order = _paid(app, db)
    with app.test_request_context():
        fulfilment.report_delay(order, new_date=date(2026, 12, 4),
                                reason="Grève des transports", staff=_staff(db), now=NOW)
        db.session.commit()


def order_lines_cancelled(app, db, client):
    order = _paid(app, db)
    with app.test_request_context():
        fulfilment.cancel_missing(order, {order.lines[0].id: 1}, note="Rupture fournisseur",
                                  staff=_staff(db), now=NOW)
        db.session.commit()


def order_cancelled(app, db, client):
    order = _paid(app, db)
    with app.test_request_context():
        fulfilment.cancel(order, reason="staff", note="Appel du client",
                          staff=_staff(db), now=NOW)
        db.session.commit()


def identity_requested(app, db, client):
    order = _paid(app, db)
    with app.test_request_context():
        identity_proofs.request_proof(order, message="Recto verso, s'il vous plaît",
                                      staff=_staff(db), now=NOW)
        db.session.commit()


def payment_refunded(app, db, client):
    from shop.billing.models import Refund
    from shop.billing.tasks import tell_customer_of_refund

    order = _paid(app, db)
    with app.test_request_context():
        fulfilment.cancel(order, reason="staff", note="", staff=_staff(db), now=NOW)
        db.session.commit()
        refund = db.session.query(Refund).order_by(Refund.id.desc()).first()
        tell_customer_of_refund(refund.id)
        db.session.commit()


def payment_link(app, db, client):
    from shop.phone_orders.links import issue_link

    order = _paid(app, db)
    with app.test_request_context():
        issue_link(order, actor="staff:1", now=NOW)
        db.session.commit()


def withdrawal_acknowledgement(app, db, client):
    from shop.withdrawal.services import Declaration, declare

    order = delivered_order(app, db, delivered_at=NOW - timedelta(days=3))
    with app.test_request_context():
        declare(Declaration(channel="online", name=order.customer_name,
                            reference=order.reference, email=order.customer_email,
                            idempotency_key=uuid.uuid4().hex),
                actor="client", at=NOW)
        db.session.commit()


def account_invitation(app, db, client):
    from shop.customers.services import create_customer

    paris = AddressData(first_name="Léa", last_name="Durand", line1="3 rue Oberkampf",
                        postal_code="75011", city="Paris", phone="0612345678")
    with app.test_request_context():
        create_customer(_staff(db), "lea.invitee@example.com", Identity("Léa", "Durand"),
                        paris, now=NOW)
        db.session.commit()


def team_invitation(app, db, client):
    from shop.accounts.team import add_member

    with app.test_request_context():
        add_member(make_user(db, role="admin"), "zoe@pronutri.example",
                   Identity("Zoé", "Blanc"), "staff", now=NOW)
        db.session.commit()


def order_on_existing_account(app, db, client):
    """A visitor orders as a new customer with an address that has an account."""
    import re

    from tests.conftest import csrf_token_from

    make_user(db, email="deja.client@example.com")
    product = make_product(db, price_cents=990, on_hand=5)
    db.session.commit()
    with client.session_transaction() as session:
        session["cart"] = [[product.id, 1, product.price_cents]]
    client.post("/commande/nouveau-client", data={
        "csrf_token": form_token(client, "/compte/connexion?next=/commande/"),
        "customer_type": "consumer", "last_name": "Roux", "first_name": "Léo",
        "email": "deja.client@example.com"})
    client.post("/commande/adresses/nouvelle", data={
        "csrf_token": form_token(client, "/commande/adresses/nouvelle"), "first_name": "Léo",
        "last_name": "Roux", "line1": "2 cours Julien", "postal_code": "13006",
        "city": "Marseille", "country_code": "FR"})
    recap = client.get("/commande/recapitulatif").text
    fields = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', recap))
    placed = client.post("/commande/recapitulatif", data=fields | {
        "csrf_token": csrf_token_from(recap), "payment": "dev", "cgv_accepted": "y",
        "password": "un mot de passe assez long"})
    assert placed.status_code == 303, placed.status_code


def _signup(client, email):
    url = "/compte/inscription"
    return client.post(url, data={
        "csrf_token": form_token(client, url), "customer_type": "consumer",
        "last_name": "Dupont", "first_name": "Léa", "email": email, "password": PASSWORD})


def welcome(app, db, client):
    assert _signup(client, "nouvelle@example.com").status_code == 302


def signup_attempt(app, db, client):
    make_user(db, email="deja@example.com")
    assert _signup(client, "deja@example.com").status_code == 302


def password_reset(app, db, client):
    make_user(db, email="oubli@example.com")
    url = "/compte/mot-de-passe-oublie"
    client.post(url, data={"csrf_token": form_token(client, url), "email": "oubli@example.com"})


def password_changed(app, db, client):
    user = make_user(db, email="change@example.com")
    log_in(client, user.email)
    url = "/compte/mot-de-passe"
    client.post(url, data={"csrf_token": form_token(client, url),
                           "current_password": PASSWORD, "password": "a brand new password",
                           "confirm": "a brand new password"})


def back_in_stock(app, db, client):
    from shop.stock import services as stock
    from shop.stock_alerts.services import subscribe

    product = make_product(db, name="Magnésium marin – complément alimentaire", on_hand=0)
    with app.test_request_context():
        subscribe(product, "lea@example.com", NOW)
        db.session.commit()
        stock.receive(product.id, 10, actor="test")
        db.session.commit()


FLOWS = {flow.__name__: flow for flow in (
    order_confirmation, order_shipped, order_delayed, order_lines_cancelled, order_cancelled,
    identity_requested, payment_refunded, payment_link, withdrawal_acknowledgement,
    account_invitation, team_invitation, welcome, signup_attempt, order_on_existing_account,
    password_reset,
    password_changed, back_in_stock,
)}
