"""Cart services: reconciliation with the database and the quantity rules (CGV 5.2.2)."""

import pytest

from shop.cart.services import (
    MAX_LINES,
    CartError,
    add_line,
    load_cart,
    remove_line,
    set_quantities,
)
from tests.factories import make_product


def test_load_rereads_products_in_one_query(db, count_queries):
    products = [make_product(db) for _ in range(10)]
    db.session.commit()
    raw = [[p.id, 2, p.price_cents] for p in products]
    with count_queries() as counter:
        cart, _ = load_cart(raw)
    assert len(counter.statements) == 1
    assert [line.product.id for line in cart.lines] == [p.id for p in products]
    assert cart.notices == []
    assert cart.stored == raw


def test_unknown_and_unpublished_products_are_removed_with_a_notice(db):
    kept = make_product(db)
    hidden = make_product(db, publish=False)
    cart, _ = load_cart([[kept.id, 1, kept.price_cents], [hidden.id, 1, 0], [999_999, 1, 0]])
    assert [line.product.id for line in cart.lines] == [kept.id]
    assert len(cart.notices) == 2
    assert all("retiré de votre panier" in notice for notice in cart.notices)


def test_quantity_above_stock_is_reduced_and_exhausted_stock_removed(db):
    low = make_product(db, on_hand=3, name="Zinc – complément alimentaire")
    gone = make_product(db, on_hand=0, name="Fer – complément alimentaire")
    cart, _ = load_cart([[low.id, 5, low.price_cents], [gone.id, 1, gone.price_cents]])
    assert [(line.product.id, line.quantity) for line in cart.lines] == [(low.id, 3)]
    assert "Plus que 3 en stock pour « Zinc – complément alimentaire »" in cart.notices[0]
    assert "« Fer – complément alimentaire » n'est plus en stock" in cart.notices[1]


def test_price_change_is_noticed_with_old_and_new_price(db):
    product = make_product(db, price_cents=1790, name="Omega – complément alimentaire")
    cart, _ = load_cart([[product.id, 1, 1990]])
    assert cart.notices == [
        "Le prix de « Omega – complément alimentaire » a changé : 19,90\u00a0€ → 17,90\u00a0€."
    ]
    assert cart.stored == [[product.id, 1, 1790]]  # noticed once


def test_malformed_content_is_dropped_with_a_notice(db):
    product = make_product(db)
    cart, _ = load_cart([[product.id, 1, product.price_cents], ["x", 1, 0], [1, -3, 0]])
    assert len(cart.lines) == 1
    assert cart.notices == [
        "Votre panier contenait des données invalides : elles ont été retirées."
    ]
    assert load_cart({"not": "a list"})[0].lines == []


def test_add_merges_with_an_existing_line(db):
    product = make_product(db)
    cart = add_line([], product.id, 2)
    cart = add_line(cart.stored, product.id, 3)
    assert cart.stored == [[product.id, 5, product.price_cents]]


def test_add_refuses_200_units_in_total(db):
    product = make_product(db, on_demand=True, supplier_delay_days=10, on_hand=0)
    cart = add_line([], product.id, 150)
    with pytest.raises(CartError, match="article 5.2.2"):
        add_line(cart.stored, product.id, 50)
    assert add_line(cart.stored, product.id, 49).stored[0][1] == 199


def test_on_demand_products_are_not_capped_by_stock(db):
    product = make_product(db, on_demand=True, supplier_delay_days=10, on_hand=0)
    assert add_line([], product.id, 120).lines[0].quantity == 120


def test_add_caps_a_stocked_product_at_its_stock(db):
    product = make_product(db, on_hand=3)
    cart = add_line([], product.id, 10)
    assert cart.lines[0].quantity == 3
    assert cart.notices == [f"Plus que 3 en stock pour « {product.name} » : quantité limitée à 3."]


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"on_hand": 0}, "rupture de stock"),
        ({"publish": False}, "pas disponible"),
    ],
)
def test_add_refuses_what_cannot_be_sold(db, fields, message):
    product = make_product(db, **fields)
    with pytest.raises(CartError, match=message):
        add_line([], product.id, 1)


@pytest.mark.parametrize("product_id", [999_999, 0, -1, 2**63])
def test_add_refuses_unknown_ids(db, product_id):
    with pytest.raises(CartError, match="pas disponible"):
        add_line([], product_id, 1)


def test_at_most_50_distinct_lines(db):
    products = [make_product(db) for _ in range(MAX_LINES + 1)]
    stored = [[p.id, 1, p.price_cents] for p in products[:MAX_LINES]]
    assert len(add_line(stored, products[0].id, 1).lines) == MAX_LINES
    with pytest.raises(CartError, match="50 produits différents"):
        add_line(stored, products[-1].id, 1)


def test_set_quantities_and_remove(db):
    first, second = make_product(db, on_hand=8), make_product(db)
    stored = add_line(add_line([], first.id, 1).stored, second.id, 1).stored
    cart = set_quantities(stored, {first.id: 12, second.id: 3})
    assert [line.quantity for line in cart.lines] == [8, 3] and cart.notices
    with pytest.raises(CartError, match="entre 1 et 199"):
        set_quantities(stored, {second.id: 2, first.id: 0})
    with pytest.raises(CartError, match="5.2.2"):
        set_quantities(stored, {first.id: 200})
    with pytest.raises(CartError, match="pas dans votre panier"):
        set_quantities(stored, {first.id: 2, 999_999: 1})
    assert remove_line(stored, first.id).stored == [[second.id, 1, second.price_cents]]
    assert remove_line(stored, 999_999).stored == stored
