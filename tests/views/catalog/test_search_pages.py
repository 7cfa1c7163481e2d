"""The results page and the suggestions endpoint of the header's search field."""

import pytest

from tests.conftest import visible_text
from tests.factories import make_category, make_product

STEARATE = "Cellulose ; anti-agglomérant : stéarate de magnésium."


@pytest.fixture()
def shelf(db):
    minerals = make_category(db, slug="mineraux", name="Minéraux")
    sleep = make_category(db, slug="sommeil", name="Sommeil et détente")
    make_product(db, category=minerals, slug="calcium", ingredients=STEARATE, nutrient="Calcium",
                 name="Calcium – complément alimentaire")
    make_product(db, category=minerals, slug="magnesium-marin", nutrient="Magnésium",
                 name="Magnésium marin – complément alimentaire")
    make_product(db, category=sleep, slug="melatonine", nutrient="Glucides",
                 name="Mélatonine <b>1 mg</b> – complément alimentaire")
    make_product(db, category=minerals, slug="magnesium-cache", nutrient="Magnésium",
                 name="Magnésium caché – complément alimentaire", publish=False)
    db.session.commit()


def order_in(html: str, *names: str) -> list[int]:
    text = visible_text(html)
    return [text.index(name) for name in names]


def test_results_show_the_best_match_first(client, shelf):
    page = client.get("/recherche?q=magnésium")
    assert page.status_code == 200
    first, second = order_in(page.text, "Magnésium marin", "Calcium –")
    assert first < second
    assert "2 produit(s), les plus pertinents d'abord" in visible_text(page.text)


def test_a_category_name_and_a_typo_find_products(client, shelf):
    assert "Mélatonine" in client.get("/recherche?q=Sommeil").text
    assert "Magnésium marin" in client.get("/recherche?q=magnesuim").text


def test_nothing_found_says_so_in_french_and_offers_the_categories(client, shelf):
    page = client.get("/recherche?q=chocolat")
    assert page.status_code == 200
    text = visible_text(page.text)
    assert "Aucun produit ne correspond à votre recherche" in text
    assert 'href="/categorie/sommeil"' in page.text and "Sommeil et détente" in text


def test_suggestions_give_names_and_links_as_json(client, shelf):
    response = client.get("/recherche/suggestions?q=magn")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert response.json == {"query": "magn", "suggestions": [
        {"name": "Magnésium marin – complément alimentaire", "url": "/produit/magnesium-marin"},
        {"name": "Calcium – complément alimentaire", "url": "/produit/calcium"},
    ]}
    assert response.cache_control.public and response.cache_control.max_age == 60
    assert "Set-Cookie" not in response.headers  # nothing of one visitor in a shared cache
    assert "caché" not in response.text and "caché" not in client.get("/recherche?q=magnésium").text


def test_suggestion_names_are_data_not_markup(client, shelf):
    found = client.get("/recherche/suggestions?q=melat").json["suggestions"]
    assert found == [{"name": "Mélatonine <b>1 mg</b> – complément alimentaire",
                      "url": "/produit/melatonine"}]


def test_short_or_empty_texts_suggest_nothing(client, shelf):
    for query in ("", "?q=", "?q=m", "?q=%20%20"):
        response = client.get(f"/recherche/suggestions{query}")
        assert response.status_code == 200 and response.json["suggestions"] == []


@pytest.mark.parametrize("query", [
    "a" * 5000, "%FF%FE", "%C3%28", "<script>alert(1)</script>", "\"'%25_*", "NOT OR AND",
    "magn%C3%A9sium*", "(((", "vitamine%20d%20d%20d%20d%20d%20d%20d",
])
def test_odd_texts_never_fail(client, shelf, query):
    for path in ("/recherche/suggestions", "/recherche"):
        response = client.get(f"{path}?q={query}")
        assert response.status_code < 500, (path, query)
