"""Phone and e-mail orders through the back office, and the customer paying from the e-mailed
link without logging in (issue 19 item 6)."""

import re
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from sqlalchemy import func, select

from shop.audit.models import AuditEntry
from shop.catalog.models import Product
from shop.db import utcnow
from shop.orders import states
from shop.orders.models import Order
from shop.phone_orders.models import PaymentLink, PhoneOrderDraft
from tests.account_factories import log_in, make_user
from tests.conftest import csrf_token_from
from tests.factories import make_product
from tests.phone_order_factories import give_address, link_tokens, phone_order


@pytest.fixture()
def staff_client(client, staff_user):
    assert log_in(client, staff_user.email).status_code == 302
    return client


def _post(client, url, data=None, token_from=None):
    token = csrf_token_from(client.get(token_from or url).get_data(as_text=True))
    return client.post(url, data={"csrf_token": token, **(data or {})})


def _draft_url(customer):
    return f"/staff/commandes-telephone/client/{customer.id}"


def _place_form(html: str, **overrides) -> dict:
    fields = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', html))
    fields.pop("product_id", None)
    fields["csrf_token"] = csrf_token_from(html)
    checked = dict(re.findall(r'name="(delivery_id|method)" id="[^"]+" value="([^"]+)" checked',
                              html))
    return fields | checked | {"channel": "phone", "billing_same": "y",
                               "cgv_accepted": "y"} | overrides


def test_search_finds_the_caller_and_escapes_what_they_typed(staff_client, db):
    lea = make_user(db, first_name="<script>x</script>", last_name="Durand")
    give_address(db, lea, phone="06 12 34 56 78", first_name="Léa", last_name="Durand")
    html = staff_client.get("/staff/commandes-telephone?q=06+12+34+56+78").get_data(as_text=True)
    assert "&lt;script&gt;x&lt;/script&gt;" in html and "<script>x" not in html
    assert f"/staff/commandes-telephone/client/{lea.id}" in html
    assert "aria" in html and 'type="search"' in html
    html = staff_client.get("/staff/commandes-telephone?q=%3Cb%3E").get_data(as_text=True)
    assert "&lt;b&gt;" in html


def test_new_customer_form_shows_errors_then_opens_the_account(staff_client, db):
    url = "/staff/commandes-telephone/nouveau-client"
    refused = _post(staff_client, url, {"email": "x", "customer_type": "consumer",
                                        "last_name": "Durand", "first_name": "Léa",
                                        "address_line1": "", "address_postal_code": "75011",
                                        "address_city": "Paris", "address_country_code": "FR"})
    html = refused.get_data(as_text=True)
    assert refused.status_code == 400 and 'class="form-errors" role="alert"' in html
    done = _post(staff_client, url, {
        "email": "lea@example.com", "customer_type": "consumer", "last_name": "Durand",
        "first_name": "Léa", "address_line1": "3 rue Oberkampf", "address_postal_code": "75011",
        "address_city": "Paris", "address_country_code": "FR", "address_phone": "0612345678"})
    assert done.status_code == 302 and "/commandes-telephone/client/" in done.location
    assert db.session.scalar(select(AuditEntry.action)) == "customer.create"


def test_keying_in_and_placing_a_phone_order(staff_client, db, shop_ready):
    customer = make_user(db)
    give_address(db, customer)
    product = make_product(db, price_cents=1290, on_hand=10)
    url = _draft_url(customer)
    assert "Aucun produit" in staff_client.get(url).get_data(as_text=True)
    added = _post(staff_client, url + "/ajouter", {"product_id": product.id, "quantity": 3},
                  token_from=url)
    assert added.status_code == 302
    assert _post(staff_client, url + "/quantites", {"lines-0-product_id": product.id,
                                                    "lines-0-quantity": 2},
                 token_from=url).status_code == 302
    refused = _post(staff_client, url + "/ajouter", {"product_id": product.id,
                                                     "quantity": 250}, token_from=url)
    assert refused.status_code == 302
    page = staff_client.get(url).get_data(as_text=True)
    assert "200 unités" in page
    assert 'value="2"' in page
    assert "31,30" in page  # 2 × 12,90 + 5,50
    unticked = staff_client.post(url + "/commander", data=_place_form(page, cgv_accepted=""))
    assert unticked.status_code == 400 and "cgv_accepted-error" in unticked.get_data(as_text=True)
    placed = staff_client.post(url + "/commander", data=_place_form(page))
    assert placed.status_code == 302, placed.get_data(as_text=True)
    order = db.session.scalars(select(Order)).one()
    assert placed.location.endswith(f"/staff/commandes-telephone/{order.reference}")
    assert order.channel == "phone" and order.total_ttc_cents == 3130
    again = staff_client.post(url + "/commander", data=_place_form(page))  # double submit
    assert again.status_code == 302 and db.session.scalar(select(func.count(Order.id))) == 1
    status = staff_client.get(placed.location).get_data(as_text=True)
    assert "valide" in status and "Renvoyer le lien" in status


def test_placing_refusals_are_shown_in_french(staff_client, db, shop_ready):
    customer = make_user(db, payment_dispute_open=True)
    give_address(db, customer)
    product = make_product(db)
    url = _draft_url(customer)
    _post(staff_client, url + "/ajouter", {"product_id": product.id, "quantity": 1},
          token_from=url)
    page = staff_client.get(url).get_data(as_text=True)
    assert "ne peut pas commander" in page
    refused = staff_client.post(url + "/commander", data=_place_form(page))
    assert refused.status_code == 400 and "litige de paiement" in refused.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Order.id))) == 0


def test_another_customers_address_or_a_staff_account_is_refused(staff_client, db, shop_ready,
                                                                staff_user):
    customer, stranger = make_user(db), make_user(db)
    give_address(db, customer)
    theirs = give_address(db, stranger)
    url = _draft_url(customer)
    _post(staff_client, url + "/ajouter", {"product_id": make_product(db).id, "quantity": 1},
          token_from=url)
    page = staff_client.get(url).get_data(as_text=True)
    refused = staff_client.post(url + "/commander", data=_place_form(page, delivery_id=theirs.id))
    assert refused.status_code == 400 and "adresse de ce client" in refused.get_data(as_text=True)
    assert staff_client.get(_draft_url(staff_user)).status_code == 404
    assert staff_client.get("/staff/commandes-telephone/client/999999").status_code == 404


def test_the_draft_is_not_the_staff_members_session_cart(staff_client, db, shop_ready):
    customer = make_user(db)
    url = _draft_url(customer)
    _post(staff_client, url + "/ajouter", {"product_id": make_product(db).id, "quantity": 1},
          token_from=url)
    with staff_client.session_transaction() as session:
        assert "cart" not in session
    assert db.session.scalar(select(func.count(PhoneOrderDraft.id))) == 1


def test_recalculate_changes_nothing_and_keeps_the_choices(staff_client, db, shop_ready):
    customer = make_user(db)
    address = give_address(db, customer)
    url = _draft_url(customer)
    moved = _post(staff_client, url + "/recalculer", {"delivery_id": address.id,
                                                      "method": "colissimo-metro",
                                                      "channel": "email"}, token_from=url)
    assert moved.status_code == 302 and "channel=email" in moved.location
    assert db.session.scalar(select(func.count(PhoneOrderDraft.id))) == 0


def _order(db, staff_user, on_hand=10):
    customer = make_user(db)
    product = make_product(db, on_hand=on_hand)
    return phone_order(staff_user, customer, [(product, 2)], now=utcnow()), customer, product


def test_staff_resend_and_cancel_the_link(staff_client, db, shop_ready, staff_user):
    order, customer, product = _order(db, staff_user)
    page = f"/staff/commandes-telephone/{order.reference}"
    resent = _post(staff_client, page + "/renvoyer", token_from=page)
    assert resent.status_code == 302 and len(link_tokens(customer.email)) == 2
    unconfirmed = _post(staff_client, page + "/annuler", token_from=page)
    assert unconfirmed.status_code == 302
    assert db.session.get(Order, order.id).status == states.AWAITING_PAYMENT
    cancelled = _post(staff_client, page + "/annuler", {"confirm": "1"}, token_from=page)
    assert cancelled.status_code == 302
    assert db.session.get(Order, order.id).status == states.CANCELLED
    assert db.session.get(Product, product.id).allocated == 0
    again = _post(staff_client, page + "/renvoyer", token_from=page)
    follow = staff_client.get(again.location).get_data(as_text=True)
    assert "attend plus de paiement" in follow
    assert staff_client.post(page + "/renvoyer").status_code == 400  # no CSRF token
    assert staff_client.get("/staff/commandes-telephone/PN-XXXX-XXXX").status_code == 404


def _pay_with_dev(client, token, choice="accept"):
    link = f"/commande/lien/{token}"
    page = client.get(link)
    assert page.status_code == 200, page.get_data(as_text=True)
    started = client.post(link, data={"csrf_token": csrf_token_from(page.get_data(as_text=True)),
                                      "payment": "dev"})
    assert started.status_code == 303 and "/commande/paiement/demonstration" in started.location
    dev = client.get(started.location)
    dev_token = re.search(r'name="token"[^>]*value="([^"]+)"',
                          dev.get_data(as_text=True)).group(1)
    back = client.post("/commande/paiement/demonstration", data={
        "csrf_token": csrf_token_from(dev.get_data(as_text=True)), "token": dev_token,
        "choice": choice})
    assert back.status_code == 303
    return client.get(urlsplit(back.location).path)


def test_the_customer_pays_from_the_link_once_without_logging_in(client, db, shop_ready,
                                                                 staff_user):
    order, customer, _product = _order(db, staff_user)
    token = link_tokens(customer.email)[0]
    page = client.get(f"/commande/lien/{token}").get_data(as_text=True)
    assert order.reference in page and "Payer maintenant" in page and "numéro de carte" not in page
    done = _pay_with_dev(client, token)
    assert done.status_code == 200 and "paiement de" in done.get_data(as_text=True)
    assert db.session.get(Order, order.id).status == states.PAID
    reused = client.get(f"/commande/lien/{token}")
    assert reused.status_code == 410 and "déjà servi" in reused.get_data(as_text=True)
    assert client.post(f"/commande/lien/{token}", data={"payment": "dev"}).status_code in (400,
                                                                                          410)


def test_forged_revoked_and_expired_links_are_refused(client, db, shop_ready, staff_user):
    order, customer, _product = _order(db, staff_user)
    token = link_tokens(customer.email)[0]
    assert client.get("/commande/lien/" + "A" * 43).status_code == 404
    assert client.get("/commande/lien/" + "A" * 300).status_code == 404
    assert client.get("/commande/lien/" + "A" * 43 + "/retour").status_code == 404
    hashed = db.session.scalars(select(PaymentLink.token_hash)).one()
    assert client.get(f"/commande/lien/{hashed}").status_code == 404
    order.payment_expires_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    expired = client.get(f"/commande/lien/{token}")
    assert expired.status_code == 410 and "expiré" in expired.get_data(as_text=True)


def test_a_refused_demo_payment_cancels_like_on_the_site(client, db, shop_ready, staff_user):
    order, customer, product = _order(db, staff_user)
    shown = _pay_with_dev(client, link_tokens(customer.email)[0], "refuse")
    assert "annulée" in shown.get_data(as_text=True)
    assert db.session.get(Order, order.id).cancel_reason == "payment_refused"
    assert db.session.get(Product, product.id).allocated == 0


def test_staff_add_the_address_the_customer_gives(staff_client, db, shop_ready):
    customer = make_user(db)
    url = _draft_url(customer)
    page = staff_client.get(url).get_data(as_text=True)
    assert "Ce client n'a aucune adresse" in page
    assert '<details class="staff-new-address" open' in page
    fields = {"first_name": "Léa", "last_name": "Durand", "line1": "3 rue Oberkampf",
              "postal_code": "750", "city": "Paris", "country_code": "FR"}
    refused = _post(staff_client, url + "/adresse", fields, token_from=url)
    assert refused.status_code == 400 and "form-errors" in refused.get_data(as_text=True)
    added = _post(staff_client, url + "/adresse", fields | {"postal_code": "75011"},
                  token_from=url)
    assert added.status_code == 302 and "delivery_id=" in added.location
    assert db.session.get(type(customer), customer.id).addresses[0].city == "Paris"
    assert db.session.scalar(select(AuditEntry.action)) == "customer.address_add"
