"""Every bad input of the cart: a clear French message, nothing changes, never a 500."""

import pytest
from itsdangerous import URLSafeTimedSerializer

from shop.cart.services import MAX_LINES
from tests.conftest import visible_text
from tests.factories import make_category, make_product
from tests.views.cart.conftest import stored

QUANTITY_MESSAGE = "La quantité doit être un nombre entier entre 1 et 199."
CGV_MESSAGE = "conditions générales de vente (article 5.2.2)"
PRODUCT_MESSAGE = "Ce produit n'est pas disponible à la vente."


def _form(action: str, product_id, quantity) -> dict:
    """The fields of a cart form: the update form names them after the line's position."""
    if action == "modifier":
        return {"lines-0-product_id": product_id, "lines-0-quantity": quantity}
    return {"product_id": product_id, "quantity": quantity}


@pytest.fixture()
def cart_with_one_line(client, shop, post):
    product = make_product(shop)
    shop.session.commit()
    post("/panier/ajouter", product_id=product.id, quantity=2)
    client.get("/panier/")  # consume the success message
    return product, stored(client)


@pytest.mark.parametrize(
    ("quantity", "message"),
    [
        ("0", QUANTITY_MESSAGE),
        ("-1", QUANTITY_MESSAGE),
        ("abc", QUANTITY_MESSAGE),
        ("1.5", QUANTITY_MESSAGE),
        ("", QUANTITY_MESSAGE),
        ("9" * 5000, QUANTITY_MESSAGE),
        ("200", CGV_MESSAGE),
        (str(10**9), CGV_MESSAGE),
    ],
)
@pytest.mark.parametrize("action", ["ajouter", "modifier"])
def test_bad_quantities_are_refused(client, post, cart_with_one_line, action, quantity, message):
    product, before = cart_with_one_line
    response = post(f"/panier/{action}", **_form(action, product.id, quantity))
    assert response.status_code == 302
    assert stored(client) == before
    assert message in visible_text(client.get(response.location).text)


def test_two_hundred_in_total_is_refused(client, post, cart_with_one_line):
    product, before = cart_with_one_line
    response = post("/panier/ajouter", product_id=product.id, quantity=198)
    assert stored(client) == before
    assert CGV_MESSAGE in visible_text(client.get(response.location).text)


@pytest.mark.parametrize("product_id", ["999999", "abc", "-1", "0", str(10**30), ""])
@pytest.mark.parametrize("action", ["ajouter", "modifier", "retirer"])
def test_unknown_products_are_refused(client, post, cart_with_one_line, action, product_id):
    _, before = cart_with_one_line
    response = post(f"/panier/{action}", **_form(action, product_id, "1"))
    assert response.status_code == 302
    assert stored(client) == before
    page = visible_text(client.get(response.location).text)
    if action != "retirer" or not product_id.lstrip("-").isdigit():
        assert PRODUCT_MESSAGE in page or "pas dans votre panier" in page


def test_one_bad_quantity_among_several_changes_nothing(client, shop, post, cart_with_one_line):
    product, _ = cart_with_one_line
    other = make_product(shop)
    shop.session.commit()
    post("/panier/ajouter", product_id=other.id, quantity=1)
    before = stored(client)
    response = post(
        "/panier/modifier",
        **{"lines-0-product_id": product.id, "lines-0-quantity": 5},
        **{"lines-1-product_id": other.id, "lines-1-quantity": "cinq"},
    )
    assert stored(client) == before
    assert QUANTITY_MESSAGE in visible_text(client.get(response.location).text)


def test_unpublished_product_is_refused(client, shop, post, cart_with_one_line):
    hidden = make_product(shop, publish=False)
    shop.session.commit()
    _, before = cart_with_one_line
    response = post("/panier/ajouter", product_id=hidden.id, quantity="1")
    assert stored(client) == before
    assert PRODUCT_MESSAGE in visible_text(client.get(response.location).text)


def test_refusal_goes_back_to_the_page_of_the_form_never_elsewhere(
    client, post, cart_with_one_line
):
    product, _ = cart_with_one_line
    back = post("/panier/ajouter", product_id=product.id, quantity="0", next="/categorie/x?tri=nom")
    assert back.location == "/categorie/x?tri=nom"
    for target in ("https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:x"):
        response = post("/panier/ajouter", product_id=product.id, quantity="0", next=target)
        assert response.location == "/panier/"


def test_post_without_csrf_token_is_refused_in_french(client, cart_with_one_line):
    product, before = cart_with_one_line
    response = client.post("/panier/ajouter", data={"product_id": product.id, "quantity": 1})
    assert response.status_code == 400
    assert "Le formulaire a expiré" in response.text
    assert stored(client) == before


@pytest.mark.parametrize(
    "raw",
    [
        "garbage",
        {"1": 2},
        [[1, -5, 100]],
        [[1, 10**9, 100]],
        [["1", "2", "3"]],
        [[999999, 1, 100]],
        [[1.5, 1, 100]],
        [None, [], [1]],
    ],
)
def test_tampered_session_content_is_dropped_with_a_notice(client, shop, raw):
    with client.session_transaction() as session:
        session["cart"] = raw
    page = client.get("/panier/")
    assert page.status_code == 200
    text = visible_text(page.text)
    assert "retirées" in text or "retiré de votre panier" in text
    assert "Votre panier est vide" in text
    assert stored(client) is None


def test_forged_cookie_is_ignored(client, app, shop):
    client.set_cookie("session", "eyJjYXJ0IjpbWzEsMTAwMDAsMV1dfQ.forged.signature")
    assert client.get("/panier/").status_code == 200
    forged = URLSafeTimedSerializer("not-the-secret", salt="cookie-session").dumps(
        {"cart": [[1, 10**6, 1]]}
    )
    client.set_cookie("session", forged)
    page = client.get("/panier/")
    assert page.status_code == 200 and "Votre panier est vide" in page.text


def test_fifty_lines_stay_well_under_the_cookie_limit(client, shop, post):
    category = make_category(shop)
    products = [  # large ids and prices that differ: a cookie that compresses badly
        make_product(
            shop, id=900_001 + i * 7_919, category=category, price_cents=100_003 + i * 1_237
        )
        for i in range(MAX_LINES + 1)
    ]
    shop.session.commit()
    for product in products[:MAX_LINES]:
        response = post("/panier/ajouter", product_id=product.id, quantity=49)
    cookie = response.headers["Set-Cookie"]
    assert len(stored(client)) == MAX_LINES
    assert len(cookie) < 2048, len(cookie)  # the browser limit is 4096 bytes
    refused = post("/panier/ajouter", product_id=products[-1].id, quantity=1)
    assert len(stored(client)) == MAX_LINES
    assert "50 produits différents" in visible_text(client.get(refused.location).text)
    assert client.get("/panier/").status_code == 200
