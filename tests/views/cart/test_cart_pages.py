"""Cart pages: add, change, remove, empty; header count; totals, estimate, importer notice."""

from decimal import Decimal

from shop.stock.services import adjust
from tests.account_factories import log_in, make_user
from tests.conftest import visible_text
from tests.factories import make_product
from tests.views.cart.conftest import stored


def test_add_from_the_product_page_then_see_the_cart(client, shop, post):
    product = make_product(shop, price_cents=1990, name="Magnésium – complément alimentaire")
    shop.session.commit()
    page = client.get(f"/produit/{product.slug}").text
    assert 'action="/panier/ajouter"' in page and f'for="qty-{product.id}"' in page
    response = post("/panier/ajouter", product_id=product.id, quantity=2)
    assert response.status_code == 302 and response.location.endswith("/panier/")
    assert stored(client) == [[product.id, 2, 1990]]
    cart = visible_text(client.get("/panier/").text)
    assert "« Magnésium – complément alimentaire » a été ajouté à votre panier" in cart
    assert "Panier 2 articles" in cart
    assert "39,80 €" in cart  # 2 x 19,90
    assert "Livraison TTC 5,50 €" in cart
    assert "Total TTC 45,30 €" in cart
    assert "Plus que 5,20 € pour la livraison offerte" in cart
    assert "Livraison estimée entre le" in cart
    assert "importateur" not in cart


def test_category_page_has_an_add_form_per_product(client, shop):
    product = make_product(shop)
    shop.session.commit()
    page = client.get(f"/categorie/{product.category.slug}").text
    assert f'name="product_id" value="{product.id}"' in page
    assert f'value="/categorie/{product.category.slug}"' in page  # back here on refusal


def test_free_shipping_from_45_euros(client, shop, post):
    product = make_product(shop, price_cents=4500)
    shop.session.commit()
    post("/panier/ajouter", product_id=product.id, quantity=1)
    cart = visible_text(client.get("/panier/").text)
    assert "Livraison TTC Offerte" in cart
    assert "pour la livraison offerte" not in cart
    assert "Total TTC 45,00 €" in cart


def test_vat_breakdown_with_mixed_rates(client, shop, post):
    supplement = make_product(shop, price_cents=1055)
    shaker = make_product(shop, price_cents=1200, vat_rate=Decimal(20))
    shop.session.commit()
    post("/panier/ajouter", product_id=supplement.id, quantity=1)
    post("/panier/ajouter", product_id=shaker.id, quantity=1)
    cart = visible_text(client.get("/panier/").text)
    assert "dont TVA 5,5 %" in cart and "dont TVA 20 %" in cart


def test_importer_notice_outside_metropolitan_france(client, shop, post):
    product = make_product(shop)
    shop.session.commit()
    post("/panier/ajouter", product_id=product.id, quantity=1)
    for query in ("country=GP", "country=FR&postal_code=97100", "country=CH", "country=US"):
        cart = visible_text(client.get(f"/panier/?{query}").text)
        assert "vous êtes l'importateur" in cart, query
        assert "droits de douane" in cart
    # Inside the EU customs union (issue 20: the German address had the notice), and Monaco.
    for query in ("country=FR&postal_code=20000", "country=DE", "country=BE", "country=MC"):
        assert "importateur" not in visible_text(client.get(f"/panier/?{query}").text), query


def test_bad_postal_code_is_explained_and_metro_is_used(client, shop, post):
    product = make_product(shop)
    shop.session.commit()
    post("/panier/ajouter", product_id=product.id, quantity=1)
    for query in ("country=FR&postal_code=ABCDE", "country=XX", "country=" + "A" * 500):
        response = client.get(f"/panier/?{query}")
        assert response.status_code == 200
    cart = visible_text(client.get("/panier/?country=FR&postal_code=ABCDE").text)
    assert "Code postal français invalide" in cart


def test_on_demand_line_shows_its_delay(client, shop, post):
    product = make_product(shop, on_demand=True, supplier_delay_days=10, on_hand=0)
    low = make_product(shop, on_hand=3)
    shop.session.commit()
    post("/panier/ajouter", product_id=product.id, quantity=150)
    post("/panier/ajouter", product_id=low.id, quantity=1)
    cart = visible_text(client.get("/panier/").text)
    assert "Sur commande: expédié sous 10 jours" in cart
    assert "Plus que 3 en stock" in cart


def test_update_remove_and_clear(client, shop, post):
    first, second = make_product(shop), make_product(shop)
    shop.session.commit()
    post("/panier/ajouter", product_id=first.id, quantity=1)
    post("/panier/ajouter", product_id=second.id, quantity=1)
    page = client.get("/panier/").text
    assert page.count('name="lines-') == 4  # one form: each line's product and quantity
    post(
        "/panier/modifier",
        **{"lines-0-product_id": first.id, "lines-0-quantity": 7},
        **{"lines-1-product_id": second.id, "lines-1-quantity": 2},
    )
    assert [line[1] for line in stored(client)] == [7, 2]
    assert "Quantités mises à jour" in visible_text(client.get("/panier/").text)
    post("/panier/retirer", product_id=first.id)
    assert [line[0] for line in stored(client)] == [second.id]
    post("/panier/vider")
    assert stored(client) is None
    assert "Votre panier est vide" in client.get("/panier/").text


def test_stock_cap_is_announced(client, shop, post):
    product = make_product(shop, on_hand=3)
    shop.session.commit()
    post("/panier/ajouter", product_id=product.id, quantity=5)
    assert stored(client)[0][1] == 3
    assert "Plus que 3 en stock" in visible_text(client.get("/panier/").text)


def test_price_change_shows_old_and_new_price(client, shop, post):
    product = make_product(shop, price_cents=1990)
    shop.session.commit()
    post("/panier/ajouter", product_id=product.id, quantity=1)
    product.price_cents = 1790
    shop.session.commit()
    cart = visible_text(client.get("/panier/").text)
    assert "a changé: 19,90 € → 17,90 €" in cart
    assert "a changé" not in client.get("/panier/").text  # said once


def test_professional_sees_prices_before_vat_first(client, shop, post):
    user = make_user(shop, customer_type="professional", company_name="Pharmacie du Port")
    product = make_product(shop, price_cents=1055)
    shop.session.commit()
    log_in(client, user.email)
    post("/panier/ajouter", product_id=product.id, quantity=1)
    cart = visible_text(client.get("/panier/").text)
    assert "Prix unitaire HT" in cart and "10,00 €" in cart
    assert cart.index("Total HT") < cart.index("Total TTC")


def test_cart_page_queries_do_not_grow_with_lines(client, shop, post, count_queries):
    products = [make_product(shop) for _ in range(10)]
    shop.session.commit()
    post("/panier/ajouter", product_id=products[0].id, quantity=1)
    client.get("/panier/")
    with count_queries() as one_line:
        client.get("/panier/")
    for product in products[1:]:
        post("/panier/ajouter", product_id=product.id, quantity=1)
    client.get("/panier/")
    with count_queries() as ten_lines:
        client.get("/panier/")
    assert len(ten_lines.statements) == len(one_line.statements)


def test_a_line_shows_the_product_as_it_is_now_on_every_display(client, shop, post):
    product = make_product(shop, price_cents=1990, on_hand=40)
    shop.session.commit()
    post("/panier/ajouter", product_id=product.id, quantity=2)
    line = visible_text(client.get("/panier/").text)
    assert "19,90 €" in line and "39,80 €" in line and "en stock" not in line
    product.price_cents = 1790
    adjust(product.id, -36, actor="test", reason="stocktake")
    shop.session.commit()
    client.get("/panier/")  # announces the change once
    line = visible_text(client.get("/panier/").text)
    assert "17,90 €" in line and "35,80 €" in line and "19,90" not in line
    assert "Plus que 4 en stock" in line


def test_the_oss_setting_is_read_only_for_a_cart_going_to_another_member_state(
        client, shop, post, count_queries):
    """It cannot change the VAT of a French cart: the page no longer asks for it each time."""
    post("/panier/ajouter", product_id=make_product(shop).id, quantity=1)
    shop.session.commit()
    for destination, reads in (("", 0), ("?country=FR&postal_code=97100", 0),
                               ("?country=CH&postal_code=8001", 0),
                               ("?country=BE&postal_code=1000", 1)):
        client.get("/panier/" + destination)
        with count_queries() as counter:
            assert client.get("/panier/" + destination).status_code == 200
        assert sum("shop_setting" in sql for sql in counter.statements) == reads, destination
