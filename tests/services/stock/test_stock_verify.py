"""`flask stock verify`: clean after the demo seed and orders, a readable report and exit 1 on
any difference between the ledger, the levels and the open orders."""

from sqlalchemy import text

from shop.checkout.services import place_order
from shop.demo import seed_demo
from shop.orders.services import cancel_order
from tests.account_factories import make_user
from tests.checkout_factories import order_request
from tests.factories import at, make_product
from tests.stock_checks import assert_stock_verified, stock_verify

NOW = at(2026, 11, 24, 10)


def test_the_demo_seed_opens_every_product_through_the_ledger(app, db):
    seed_demo(NOW)
    db.session.commit()
    assert_stock_verified(app)
    result = stock_verify(app)
    assert result.output == "Stock cohérent : 44 produit(s) vérifié(s).\n"


def _shop_with_an_order(db):
    product = make_product(db, on_hand=10, name="Zinc – complément alimentaire")
    order = place_order(make_user(db), order_request([(product, 2)]), actor="client", now=NOW)
    db.session.commit()
    return product, order


def test_levels_written_behind_the_service_are_reported(app, db, shop_ready):
    product, _order = _shop_with_an_order(db)
    assert_stock_verified(app)
    db.session.execute(
        text("UPDATE product SET on_hand = 12, allocated = 3 WHERE id = :id"), {"id": product.id}
    )
    db.session.commit()
    result = stock_verify(app)
    assert result.exit_code == 1
    label = f"produit {product.id} « Zinc – complément alimentaire »"
    assert result.stderr.splitlines() == [
        "Stock incohérent : 3 écart(s).",
        f"- {label} : 12 en stock, mais ses mouvements totalisent 10",
        f"- {label} : 3 réservés, mais ses mouvements totalisent 2",
        f"- {label} : 3 réservés, mais les commandes en cours en retiennent 2",
    ]


def test_an_order_that_lost_track_of_its_units_is_reported(app, db, shop_ready):
    product, order = _shop_with_an_order(db)
    db.session.execute(text("UPDATE order_line SET reserved_quantity = 1"))
    db.session.commit()
    result = stock_verify(app)
    assert result.exit_code == 1
    assert "2 réservés, mais les commandes en cours en retiennent 1" in result.stderr


def test_a_closed_order_still_holding_units_is_reported(app, db, shop_ready):
    product, order = _shop_with_an_order(db)
    cancel_order(order, reason="staff", actor="staff:1", at=NOW)
    db.session.commit()
    assert_stock_verified(app)
    db.session.execute(text("UPDATE order_line SET reserved_quantity = 2"))
    db.session.commit()
    result = stock_verify(app)
    assert result.exit_code == 1
    assert (
        f"- commande {order.reference} (Annulée) : « Zinc – complément alimentaire » "
        "retient encore 2"
    ) in result.stderr.splitlines()
