"""Cached catalogue pages: an order that leaves a product « En stock » keeps them (and they are
still exactly what a fresh rendering gives); a category edit or a shown stock change renews them.
"""

from shop.catalog.fragments import fragments
from shop.catalog.services import edit_category
from shop.checkout.services import place_order
from tests.account_factories import make_user
from tests.checkout_factories import order_request
from tests.conftest import visible_text
from tests.factories import at, make_category, make_product

NOW = at(2026, 11, 24, 10)


def _fresh(client, path: str) -> str:
    """The page rendered without the cache (the CSRF token differs per session: cut it)."""
    fragments.clear()
    return _without_token(client.get(path).text)


def _without_token(html: str) -> str:
    import re

    return re.sub(r'name="csrf_token" value="[^"]+"', "", html)


def test_an_order_that_leaves_the_product_in_stock_keeps_the_pages(
    client, db, shop_ready, count_queries
):
    category = make_category(db, slug="omega")
    product = make_product(db, category=category, on_hand=40)
    db.session.commit()
    pages = [f"/produit/{product.slug}", "/categorie/omega"]
    for page in pages:
        client.get(page)
    place_order(make_user(db), order_request([(product, 2)]), actor="client", now=NOW)
    db.session.commit()
    cached = {}
    for page in pages:
        with count_queries() as counter:
            cached[page] = _without_token(client.get(page).text)
        assert len(counter.statements) == 1  # the revision only: nothing rebuilt
    for page in pages:
        assert cached[page] == _fresh(client, page)  # and nothing stale either
        assert 'max="199"' in cached[page]  # the form offers what the page shows: no count


def test_an_order_that_leaves_few_units_renews_the_pages(client, db, shop_ready):
    product = make_product(db, on_hand=8)
    db.session.commit()
    assert "En stock" in visible_text(client.get(f"/produit/{product.slug}").text)
    place_order(make_user(db), order_request([(product, 5)]), actor="client", now=NOW)
    db.session.commit()
    page = client.get(f"/produit/{product.slug}").text
    assert "Plus que 3 en stock" in visible_text(page) and 'max="3"' in page


def test_a_category_edit_shows_at_once(client, db):
    category = make_category(db, slug="plantes", name="Plantes")
    make_product(db, category=category)
    db.session.commit()
    assert "<h1>Plantes</h1>" in client.get("/categorie/plantes").text
    edit_category(category, name="Plantes et extraits", description="Phytothérapie")
    db.session.commit()
    page = client.get("/categorie/plantes").text
    assert "Plantes et extraits" in page and "Phytothérapie" in page


def test_a_professional_reads_ht_and_the_next_consumer_still_reads_ttc(client, db, app):
    """LEGAL E5, issue 20: a signed-in professional saw TTC prices on product and category
    pages. The cached fragments are kept apart for the two kinds of reader."""
    from tests.account_factories import log_in

    category = make_category(db, slug="magnesium")
    product = make_product(db, category=category, price_cents=1450)  # 5,5 %: 13,74 HT
    pro = make_user(db, customer_type="professional", company_name="Pharmacie du Port")
    db.session.commit()
    pages = (f"/produit/{product.slug}", "/categorie/magnesium")
    for path in pages:  # a consumer first: TTC, and the page is cached
        text = visible_text(client.get(path).text)
        assert "14,50 € TTC" in text and "13,74" not in text, path
    assert log_in(client, pro.email).status_code == 302
    for path in pages:
        text = visible_text(client.get(path).text)
        assert "13,74 € HT" in text and "(14,50 € TTC)" in text, path
    visitor = app.test_client()
    for path in pages:  # the professional's pages did not replace the consumers'
        with app.app_context():  # its own request globals, as another browser has
            assert "13,74" not in visible_text(visitor.get(path).text), path
