"""Staff print the CN23 of a parcel leaving the EU from the order page (issue 20, item 8)."""

import pytest

from shop.accounts.models import User
from shop.catalog.services import set_customs_data
from shop.checkout.services import place_order
from shop.db import utcnow
from tests.account_factories import log_in, make_user
from tests.checkout_factories import PARIS, dev_verdict, order_request
from tests.conftest import visible_text
from tests.factories import make_product
from tests.pdf_text import pdf_text

GENEVA = PARIS | {"first_name": "Lea", "last_name": "Muller", "line1": "3 rue du Rhône",
                  "postal_code": "1204", "city": "Genève", "country_code": "CH"}
LINK = "Déclaration en douane CN23 (PDF)"


def _order(app, db, address, method):
    magnesium = make_product(db, name="Magnésium marin – complément alimentaire",
                             format="gelules", price_cents=1290, hs_code="21069092",
                             origin_country="FR", net_weight_grams=72, weight_grams=110,
                             on_hand=10)
    shaker = make_product(db, name="Shaker 600 ml", is_food_supplement=False, nutrients=0,
                          format="accessoire", price_cents=990, hs_code="392410",
                          origin_country="CN", net_weight_grams=150, weight_grams=170,
                          on_hand=10)
    with app.test_request_context():
        order = place_order(make_user(db), order_request(
            [(magnesium, 2), (shaker, 1)], delivery_address=address, billing_address=address,
            shipping_method_code=method), actor="client", now=utcnow())
        dev_verdict(order, "accept")
        db.session.commit()
    return order, magnesium


@pytest.fixture()
def swiss_order(app, db, shop_ready):
    return _order(app, db, GENEVA, "colissimo-international")


def test_staff_print_the_cn23_of_an_order_to_switzerland(app, db, client, staff_user,
                                                         swiss_order):
    order, magnesium = swiss_order
    log_in(client, staff_user.email)
    page = client.get(f"/staff/commandes/{order.reference}")
    assert LINK in visible_text(page.get_data(as_text=True))

    # A later edit of the product does not change what the declaration says.
    set_customs_data(magnesium, hs_code="2936 90", origin_country="DE", net_weight_grams=99)
    db.session.commit()

    response = client.get(f"/staff/commandes/{order.reference}/cn23.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    text = pdf_text(response.data)
    assert "CN 23" in text and "Sale of goods" in text
    assert "Food supplement – Magnésium marin (capsules)" in text
    assert "2106 90 92" in text and "3924 10" in text and "2936" not in text
    assert "0.144" in text and "0.150" in text  # net weights: 2 x 72 g, 1 x 150 g, in kg
    assert "0.294 kg" in text and "0.390 kg" in text  # total net weight, gross (packed)
    # Values: exempt of VAT, each line at its HT total, then the goods' total.
    magnesium_ht, shaker_ht = (line.total_ht_cents for line in order.lines)
    for cents in (magnesium_ht, shaker_ht, magnesium_ht + shaker_ht):
        euros, rest = divmod(cents, 100)
        assert f"{euros},{rest:02d}" in text
    assert "PRONUTRI" in text and "Carros" in text  # the sender
    assert "Genève" in text and "Muller" in text  # the addressee
    assert " FR " in f" {text} " and " CN " in f" {text} "  # origins


def test_only_staff_may_read_a_customs_declaration(app, db, client, swiss_order):
    order, _magnesium = swiss_order
    url = f"/staff/commandes/{order.reference}/cn23.pdf"
    anonymous = client.get(url)
    assert anonymous.status_code == 302 and "/compte/connexion" in anonymous.location
    log_in(client, db.session.get(User, order.user_id).email)  # its own buyer
    assert client.get(url).status_code == 403


def test_an_order_inside_the_customs_union_has_no_cn23(app, db, client, staff_user, shop_ready):
    order, _magnesium = _order(app, db, PARIS, "colissimo-metro")
    log_in(client, staff_user.email)
    page = client.get(f"/staff/commandes/{order.reference}")
    assert LINK not in visible_text(page.get_data(as_text=True))
    assert client.get(f"/staff/commandes/{order.reference}/cn23.pdf").status_code == 404
    assert client.get("/staff/commandes/PN-NONE-XXXX/cn23.pdf").status_code == 404


def test_a_product_published_before_customs_data_is_flagged_to_staff(app, db, client,
                                                                    staff_user, shop_ready):
    """A product published before the migration has no customs data: the order still goes
    through, and staff are told what to complete by hand instead of reading invented data."""
    order, _magnesium = _order(app, db, GENEVA, "colissimo-international")
    old = make_product(db, name="Ancien produit – complément alimentaire", on_hand=5)
    old.hs_code = old.origin_country = old.net_weight_grams = None
    db.session.commit()
    with app.test_request_context():
        legacy = place_order(make_user(db), order_request(
            [(old, 1)], delivery_address=GENEVA, billing_address=GENEVA,
            shipping_method_code="colissimo-international"), actor="client", now=utcnow())
        db.session.commit()

    log_in(client, staff_user.email)
    warning = "Données douanières incomplètes"
    assert warning in visible_text(client.get(f"/staff/commandes/{legacy.reference}").get_data(
        as_text=True))
    assert warning not in visible_text(client.get(f"/staff/commandes/{order.reference}")
                                       .get_data(as_text=True))
    text = pdf_text(client.get(f"/staff/commandes/{legacy.reference}/cn23.pdf").data)
    assert text.count("à compléter") == 3
