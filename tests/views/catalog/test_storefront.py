import pytest

from tests.conftest import visible_text
from tests.factories import make_category, make_product


def test_home_lists_categories_and_offers(client, db):
    make_category(db, slug="vitamines", name="Vitamines")
    db.session.commit()
    page = client.get("/")
    assert page.status_code == 200
    assert "Vitamines" in page.text
    assert "0825 09 21 92</a> (0,06 € TTC/min + prix d&#39;un appel)" in page.text  # A13
    assert 'href="tel:+33825092192"' in page.text
    # Only the payment means actually configured (here the demonstration gateway alone).
    assert "PayPal" not in page.text and "Paiement de démonstration" in page.text


def test_category_page_lists_only_published_products(client, db):
    category = make_category(db, slug="mineraux", name="Minéraux")
    make_product(db, category=category, name="Magnésium marin – complément alimentaire")
    make_product(db, category=category, name="Zinc caché – complément alimentaire", publish=False)
    db.session.commit()
    page = client.get("/categorie/mineraux")
    assert page.status_code == 200
    assert "Magnésium marin" in page.text
    assert "Zinc caché" not in page.text


def test_sort_by_price(client, db):
    category = make_category(db, slug="tri")
    make_product(db, category=category, name="Cher – complément alimentaire", price_cents=5000)
    make_product(db, category=category, name="Abordable – complément alimentaire", price_cents=900)
    db.session.commit()
    ascending = client.get("/categorie/tri?tri=prix-croissant").text
    assert ascending.index("Abordable") < ascending.index("Cher")
    descending = client.get("/categorie/tri?tri=prix-decroissant").text
    assert descending.index("Cher") < descending.index("Abordable")


def test_pagination(client, db, app):
    category = make_category(db, slug="beaucoup")
    per_page = app.config["PRODUCTS_PER_PAGE"]
    for _ in range(per_page + 2):
        make_product(db, category=category)
    db.session.commit()
    first = client.get("/categorie/beaucoup")
    assert "Page 1 / 2" in first.text
    second = client.get("/categorie/beaucoup?page=2")
    assert second.status_code == 200 and second.text.count('class="card product-card"') == 2
    assert client.get("/categorie/beaucoup?page=3").status_code == 404


@pytest.mark.parametrize(
    "query", ["page=-1", "page=abc", "tri=drop", "page=99999999999999", "tri=1;DROP", "page="]
)
def test_bad_listing_parameters_never_fail(client, db, query):
    category = make_category(db, slug="robuste")
    make_product(db, category=category)
    db.session.commit()
    response = client.get(f"/categorie/robuste?{query}")
    assert response.status_code in (200, 404)


def test_unknown_category_or_product_is_a_french_404(client, db):
    response = client.get("/categorie/inconnue")
    assert response.status_code == 404
    assert "Page introuvable" in response.text
    assert client.get("/produit/inconnu").status_code == 404


def test_search_ignores_case_and_accents(client, db):
    make_product(db, name="Vitamine D3 – complément alimentaire", brand="Solaris")
    make_product(db, name="Élixir de plantes – complément alimentaire", ingredients="Mélisse")
    db.session.commit()
    assert "Vitamine D3" in client.get("/recherche?q=vitamine").text
    assert "Vitamine D3" in client.get("/recherche?q=SOLARIS").text
    assert "Élixir" in client.get("/recherche?q=elixir").text
    assert "Élixir" in client.get("/recherche?q=melisse").text
    empty = client.get("/recherche?q=%25")
    assert empty.status_code == 200 and "Aucun produit" in empty.text


def test_product_page_shows_what_a_buyer_needs(client, db):
    product = make_product(
        db,
        slug="omega-3",
        name="Oméga-3 – complément alimentaire",
        plant_warnings="Déconseillé aux personnes sous anticoagulants.",
        on_hand=3,
    )
    db.session.commit()
    html = client.get(f"/produit/{product.slug}").text
    assert '<strong class="allergen">poisson</strong>' in html
    page = visible_text(html)
    for fact in [
        "Oméga-3 – complément alimentaire",
        "60 gélules – 24 g",
        "Vitamine D",
        "500 %",
        "1 gélule par jour",
        "Ne pas dépasser la dose journalière recommandée",
        "anticoagulants",
        "ne se substitue pas à une alimentation variée",
        "PRONUTRI",
        "0825 09 21 92 (0,06 € TTC/min + prix d'un appel), du lundi au vendredi de 8h30 à 17h",
        "04 00 00 00 00 (numéro de démonstration) (du lundi au vendredi",
        "Paiement de démonstration (aucun argent ne circule). Livraison Colissimo",
        "Plus que 3 en stock",
        "garantie légale de conformité",
        "TVA 5,5",
    ]:
        assert fact in page, fact


def test_out_of_stock_and_on_demand_are_shown(client, db):
    out = make_product(db, on_hand=0)
    on_demand = make_product(db, on_hand=0, on_demand=True, supplier_delay_days=12)
    db.session.commit()
    assert "Rupture de stock" in client.get(f"/produit/{out.slug}").text
    assert "12 jours" in client.get(f"/produit/{on_demand.slug}").text


def test_unpublished_product_is_not_reachable(client, db):
    hidden = make_product(db, publish=False)
    db.session.commit()
    assert client.get(f"/produit/{hidden.slug}").status_code == 404


def test_reduced_price_shows_the_reference_price(client, db):
    from datetime import timedelta

    from shop.catalog.services import set_price
    from tests.factories import at

    product = make_product(db, price_cents=2490)
    start = at(2026, 11, 20)
    set_price(product, 2290, start - timedelta(days=40))
    set_price(product, 1790, start, reduction=True)
    db.session.commit()
    page = client.get(f"/produit/{product.slug}").text
    assert "<del>22,90" in page
    assert "17,90" in page
    assert "30 jours" in page


def test_a_price_or_stock_change_shows_on_a_page_already_served(client, db):
    from shop.catalog.services import set_price
    from shop.db import utcnow
    from shop.stock.services import adjust

    product = make_product(db, price_cents=1990, on_hand=40)
    db.session.commit()
    assert "19,90" in client.get(f"/produit/{product.slug}").text
    set_price(product, 2490, utcnow())
    adjust(product.id, -38, actor="test", reason="stocktake")
    db.session.commit()
    page = client.get(f"/produit/{product.slug}").text
    assert "24,90" in page and "19,90" not in page
    assert "Plus que 2 en stock" in visible_text(page)


def test_the_menu_marks_the_current_category_only(client, db):
    vitamins = make_category(db, slug="vitamines", name="Vitamines")
    make_category(db, slug="mineraux", name="Minéraux")
    make_product(db, category=vitamins)
    db.session.commit()
    marked = 'href="/categorie/vitamines" aria-current="page"'
    for _ in range(2):  # the menu is rendered once per worker and category, then reused
        assert marked in client.get("/categorie/vitamines").text
        assert 'aria-current="page"' not in client.get("/").text
        assert marked not in client.get("/categorie/mineraux").text
        assert 'href="/categorie/mineraux" aria-current="page"' in client.get(
            "/categorie/mineraux"
        ).text
