"""The back office's orders: dashboard, list, CSV, order page and its actions."""

import io

import pytest
from pypdf import PdfReader

from shop.db import utcnow
from shop.orders import states
from shop.orders.services import order_by_reference
from tests.account_factories import form_token, log_in, make_user
from tests.checkout_factories import dev_verdict, order_request
from tests.conftest import visible_text
from tests.factories import make_product


@pytest.fixture()
def staff(client, staff_user):
    log_in(client, staff_user.email)
    return client


def _order(app, db, paid=True, **user_fields):
    from shop.checkout.services import place_order

    product = make_product(db, name="Magnésium marin – complément alimentaire", on_hand=10,
                           price_cents=1290)
    with app.test_request_context():
        order = place_order(make_user(db, **user_fields), order_request([(product, 2)]),
                            actor="client", now=utcnow())
        if paid:
            dev_verdict(order, "accept")
        db.session.commit()
    return order


def _post(client, path, reference, **fields):
    token = form_token(client, f"/staff/commandes/{reference}")
    return client.post(f"/staff/commandes/{reference}/{path}",
                       data={"csrf_token": token, **fields})


def _fresh(db, reference):
    db.session.expire_all()
    return order_by_reference(reference)


def test_the_dashboard_counts_open_their_lists(app, db, staff, shop_ready):
    paid = _order(app, db)
    waiting = _order(app, db, paid=False)
    html = staff.get("/staff/").text
    text = visible_text(html)
    assert "1 en attente de paiement" in text and "1 payées, à préparer" in text
    assert 'href="/staff/commandes?status=paid"' in html
    listed = visible_text(staff.get("/staff/commandes?status=paid").text)
    # A reference may hold "PN-" twice ("PN-7KPN-X9TB"): name the orders, do not count.
    assert paid.reference in listed and waiting.reference not in listed and "Payée" in listed


def test_the_list_filters_and_escapes_what_customers_typed(app, db, staff, shop_ready):
    mine = _order(app, db, last_name="<script>alert(1)</script>")
    other = _order(app, db, email="autre@example.com")
    html = staff.get("/staff/commandes?customer=autre@").text
    assert other.reference in html and mine.reference not in html
    html = staff.get(f"/staff/commandes?reference={mine.reference.lower()}").text
    assert mine.reference in html and other.reference not in html
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html
    bad = staff.get("/staff/commandes?placed_from=demain&status=nimporte&apres=x_y")
    assert bad.status_code == 200  # unreadable filters show the whole list


def test_the_csv_is_for_a_french_spreadsheet_and_runs_no_formula(app, db, staff, shop_ready):
    _order(app, db, last_name="=HYPERLINK(\"http://evil\")", first_name="@Léa")
    response = staff.get("/staff/commandes.csv?status=paid")
    assert response.mimetype == "text/csv"
    body = response.data.decode("utf-8")
    assert body.startswith("\ufeffRéférence;Date;Client;")
    row = body.splitlines()[1].split(";")
    assert row[2] == "'@Léa =HYPERLINK(\"\"http://evil\"\")\"" or row[2].startswith("\"'@Léa")
    assert row[-1] == "31,30"


def test_staff_take_an_order_from_payment_to_delivery(app, db, staff, staff_user, shop_ready):
    order = _order(app, db)
    reference, line_id = order.reference, order.lines[0].id
    page = staff.get(f"/staff/commandes/{reference}").text
    assert "Commencer la préparation" in page and "Expédier un colis" not in page
    assert _post(staff, "preparer", reference).status_code == 302
    assert _fresh(db, reference).status == states.PREPARING

    slip = staff.get(f"/staff/commandes/{reference}/bon-de-preparation.pdf")
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(slip.data)).pages)
    assert "Magnésium marin" in text and "12 rue des Lilas" in text and "Poids" in text

    refused = _post(staff, "expedier", reference, carrier="colissimo",
                    tracking_number="123", weight_grams="700", **{f"expedier-{line_id}": "2"})
    assert "forme d'un numéro de suivi Colissimo" in visible_text(
        staff.get(refused.headers["Location"]).text)
    assert _fresh(db, reference).shipments == []
    _post(staff, "expedier", reference, carrier="colissimo", tracking_number="6A12345678901",
          weight_grams="700", **{f"expedier-{line_id}": "2"})
    order = _fresh(db, reference)
    assert order.status == states.SHIPPED and order.shipments[0].weight_grams == 700
    parcel_id = order.shipments[0].id
    _post(staff, f"colis/{parcel_id}/livre", reference,
          delivered_on=utcnow().date().isoformat())
    order = _fresh(db, reference)
    assert order.status == states.DELIVERED
    page = visible_text(staff.get(f"/staff/commandes/{reference}").text)
    assert f"staff:{staff_user.id} · order.deliver" in page


def test_cancelling_needs_the_box_ticked_and_then_refunds(app, db, staff, shop_ready):
    order = _order(app, db)
    reference = order.reference
    response = _post(staff, "annuler", reference, reason="staff", note="Client")
    assert "Cochez pour confirmer" in visible_text(staff.get(response.headers["Location"]).text)
    assert _fresh(db, reference).status == states.PAID
    _post(staff, "annuler", reference, reason="staff", note="Client", confirm="y")
    order = _fresh(db, reference)
    assert order.status == states.CANCELLED
    page = visible_text(staff.get(f"/staff/commandes/{reference}").text)
    assert "31,30 € (Commande annulée, effectué)" in page


def test_an_action_the_state_does_not_allow_changes_nothing(app, db, staff, shop_ready):
    order = _order(app, db, paid=False)
    response = _post(staff, "preparer", order.reference)
    message = visible_text(staff.get(response.headers["Location"]).text)
    assert "ne peut pas passer de « En attente de paiement » à « En préparation »" in message
    assert _fresh(db, order.reference).status == states.AWAITING_PAYMENT


def test_bad_quantities_are_refused_in_french(app, db, staff, shop_ready):
    order = _order(app, db)
    _post(staff, "preparer", order.reference)
    line_id = order.lines[0].id
    for value in ("abc", "-1", "99999", "3"):
        response = _post(staff, "indisponibles", order.reference,
                         **{f"manquant-{line_id}": value})
        text = visible_text(staff.get(response.headers["Location"]).text)
        assert "quantité invalide" in text or "au plus" in text, value
    assert _fresh(db, order.reference).lines[0].cancelled_quantity == 0


def test_a_note_is_shown_escaped_to_staff(app, db, client, staff,
                                                                    shop_ready):
    order = _order(app, db)
    _post(staff, "note", order.reference, text="<b>Rappeler</b> le client")
    html = staff.get(f"/staff/commandes/{order.reference}").text
    assert "Note : &lt;b&gt;Rappeler&lt;/b&gt; le client" in html
    assert "order.note" in html
