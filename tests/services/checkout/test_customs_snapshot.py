"""An order whose parcel leaves the EU's VAT territory keeps the data of its CN23 (issue 20,
item 8), whether the customer orders on the site or staff take the order by phone: both go
through place_order, which copies it from the products as they are at that moment."""

from sqlalchemy import select

from shop.accounts.models import User
from shop.catalog.services import set_customs_data
from shop.checkout.services import place_order
from shop.extensions import db
from shop.orders.models import Order
from tests.account_factories import make_user
from tests.checkout_factories import PARIS, order_request
from tests.factories import at, make_product
from tests.phone_order_factories import give_address, phone_order

NOW = at(2026, 12, 3, 10)
GENEVA = PARIS | {"line1": "3 rue du Rhône", "postal_code": "1204", "city": "Genève",
                  "country_code": "CH"}
BERLIN = PARIS | {"line1": "1 Hauptstrasse", "postal_code": "10115", "city": "Berlin",
                  "country_code": "DE"}


def _magnesium(db_):
    return make_product(db_, name="Magnésium marin – complément alimentaire", format="gelules",
                        price_cents=1290, hs_code="21069092", origin_country="FR",
                        net_weight_grams=72, weight_grams=110, on_hand=20)


def _fresh(order_id: int) -> Order:
    db.session.expire_all()
    return db.session.scalar(select(Order).where(Order.id == order_id))


def test_an_order_to_switzerland_stores_its_declaration(db, shop_ready):
    magnesium = _magnesium(db)
    order = place_order(make_user(db), order_request(
        [(magnesium, 3)], delivery_address=GENEVA, billing_address=GENEVA,
        shipping_method_code="colissimo-international"), actor="client", now=NOW)
    db.session.commit()

    declaration = _fresh(order.id).customs_declaration
    line = order.lines[0]
    assert order.vat_regime == "export"
    assert declaration["lines"] == [{
        "description": "Food supplement – Magnésium marin (capsules)", "quantity": 3,
        "net_weight_grams": 216, "value_cents": line.total_ht_cents, "hs_code": "21069092",
        "origin_country": "FR"}]
    # Exempt: the value declared is what the buyer pays for the goods, without VAT.
    assert line.total_ht_cents == line.total_cents == order.products_ttc_cents
    assert declaration["total_value_cents"] == order.products_ttc_cents
    assert declaration["gross_weight_grams"] == 330
    assert declaration["postal_charges_cents"] == order.shipping_ttc_cents > 0
    assert declaration["currency"] == "EUR"
    assert declaration["category"] == "Vente de marchandises / Sale of goods"


def test_the_declaration_does_not_follow_later_product_edits(db, shop_ready):
    magnesium = _magnesium(db)
    order = place_order(make_user(db), order_request(
        [(magnesium, 1)], delivery_address=GENEVA, billing_address=GENEVA,
        shipping_method_code="colissimo-international"), actor="client", now=NOW)
    db.session.commit()
    before = _fresh(order.id).customs_declaration

    set_customs_data(magnesium, hs_code="2936 29", origin_country="DE", net_weight_grams=90)
    magnesium.name = "Magnésium nouvelle formule – complément alimentaire"
    db.session.commit()

    after = _fresh(order.id).customs_declaration
    assert after == before
    assert after["lines"][0]["hs_code"] == "21069092"
    assert after["lines"][0]["net_weight_grams"] == 72


def test_orders_inside_the_customs_union_store_none(db, shop_ready):
    magnesium = _magnesium(db)
    in_paris = place_order(make_user(db), order_request([(magnesium, 1)]), actor="client",
                           now=NOW)
    company = make_user(db, customer_type="professional", company_name="Apotheke Nord GmbH",
                        vat_number="DE136695976", vat_number_status="valid",
                        vat_number_checked_at=NOW)
    in_berlin = place_order(company, order_request(
        [(magnesium, 1)], delivery_address=BERLIN, billing_address=BERLIN,
        shipping_method_code="colissimo-europe"), actor="client", now=NOW)
    db.session.commit()

    assert _fresh(in_berlin.id).vat_regime == "intra_eu_exempt"
    assert _fresh(in_paris.id).customs_declaration is None
    assert _fresh(in_berlin.id).customs_declaration is None


def test_a_phone_order_to_saint_barthelemy_stores_its_declaration(db, shop_ready, staff_user):
    magnesium = _magnesium(db)
    customer = make_user(db)
    give_address(db, customer, line1="Rue du Bord de Mer", postal_code="97133",
                 city="Saint-Barthélemy")
    order = phone_order(staff_user, db.session.get(User, customer.id), [(magnesium, 2)],
                        now=NOW, shipping_method_code="colissimo-outre-mer")

    fresh = _fresh(order.id)
    assert (fresh.channel, fresh.vat_regime) == ("phone", "export")
    assert fresh.customs_declaration["lines"][0]["quantity"] == 2
    assert fresh.customs_declaration["total_net_weight_grams"] == 144
