"""Proof of identity through the pages: staff ask, the buyer uploads from the order page,
staff download it (nobody else can) and decide."""

import io

from shop.fulfilment.identity import current_proof
from shop.orders import states
from shop.orders.services import order_by_reference
from tests.account_factories import PASSWORD, form_token, log_in, make_user
from tests.checkout_factories import dev_verdict, order_request
from tests.conftest import visible_text
from tests.factories import make_product
from tests.services.fulfilment.test_identity import PDF, image_bytes


def _paid(app, db, user):
    from shop.checkout.services import place_order
    from shop.db import utcnow

    with app.test_request_context():
        order = place_order(user, order_request([(make_product(db), 1)]), actor="c",
                            now=utcnow())
        dev_verdict(order, "accept")
        db.session.commit()
    return order


def _logout(client):
    client.post("/compte/deconnexion", data={"csrf_token": form_token(client, "/renoncer")})


def test_the_whole_exchange_through_the_pages(app, db, client, staff_user, shop_ready):
    buyer = make_user(db)
    order = _paid(app, db, buyer)
    page = f"/staff/commandes/{order.reference}"
    log_in(client, staff_user.email)
    client.post(f"{page}/justificatif/demander",
                data={"csrf_token": form_token(client, page), "message": "Recto verso"})
    _logout(client)

    log_in(client, buyer.email, PASSWORD)
    mine = f"/compte/commandes/{order.reference}"
    html = client.get(mine).text
    assert "Envoyer le justificatif" in html and "Recto verso" in html
    refused = client.post(f"{mine}/justificatif", content_type="multipart/form-data", data={
        "csrf_token": form_token(client, mine), "document": (io.BytesIO(PDF), "id.png")})
    assert "ne correspond pas" in visible_text(client.get(refused.headers["Location"]).text)
    client.post(f"{mine}/justificatif", content_type="multipart/form-data", data={
        "csrf_token": form_token(client, mine),
        "document": (io.BytesIO(image_bytes()), "carte.png")})
    assert "Nous avons reçu votre justificatif" in visible_text(client.get(mine).text)
    assert client.get(f"/staff/commandes/{order.reference}/justificatif").status_code == 403
    _logout(client)

    log_in(client, staff_user.email)
    document = client.get(f"{page}/justificatif")
    assert document.status_code == 200 and document.mimetype == "image/png"
    assert document.headers["Cache-Control"] == "no-store"
    assert "attachment" in document.headers["Content-Disposition"]
    client.post(f"{page}/justificatif/accepter", data={"csrf_token": form_token(client, page)})
    db.session.expire_all()
    assert order_by_reference(order.reference).status == states.PAID
    assert current_proof(order).status == "accepted"


def test_another_customer_cannot_upload_to_an_order_not_theirs(app, db, client, staff_user,
                                                               shop_ready):
    order = _paid(app, db, make_user(db))
    other = make_user(db)
    log_in(client, other.email)
    response = client.post(f"/compte/commandes/{order.reference}/justificatif",
                           content_type="multipart/form-data", data={
                               "csrf_token": form_token(client, "/renoncer"),
                               "document": (io.BytesIO(PDF), "id.pdf")})
    assert response.status_code == 404


def test_an_upload_far_over_the_limit_is_refused_before_it_is_read(app, db, client,
                                                                  shop_ready):
    buyer = make_user(db)
    order = _paid(app, db, buyer)
    log_in(client, buyer.email)
    response = client.post(f"/compte/commandes/{order.reference}/justificatif",
                           content_type="multipart/form-data", data={
                               "csrf_token": form_token(client, "/renoncer"),
                               "document": (io.BytesIO(b"%PDF-" + b"0" * (6 * 1024 * 1024)),
                                            "id.pdf")})
    assert response.status_code == 413
    assert "trop volumineuses" in response.text


def test_other_forms_still_refuse_files(client, db):
    response = client.post("/renoncer", content_type="multipart/form-data", data={
        "csrf_token": form_token(client, "/renoncer"),
        "name": (io.BytesIO(b"x"), "x.txt")})
    assert response.status_code == 400
