"""Searching from the header in a real browser, on a phone and on a desktop: suggestions as
you type (an ARIA combobox), then the results page ranked, for « magnésium », « sommeil » and
the typo « magnesuim »; and the same form without JavaScript."""

import pytest
from playwright.sync_api import expect

from shop.extensions import db
from tests.factories import make_category, make_product

pytestmark = pytest.mark.e2e

STEARATE = "Cellulose ; anti-agglomérant : stéarate de magnésium."
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
# The magnesium products first (their name), then those holding only magnesium stearate.
MAGNESIUM_ORDER = ["Magnésium bisglycinate", "Magnésium marin", "Calcium et vitamine D3",
                   "Glucosamine", "Guarana"]


@pytest.fixture(scope="module")
def shop(live_shop):
    """The live shop with products shaped like the demo's (the stearate holders sort first
    by name), added to the two products of the e2e seed."""
    with live_shop.app.app_context():
        minerals = make_category(db, slug="mineraux", name="Minéraux")
        sleep = make_category(db, slug="sommeil-detente", name="Sommeil et détente")
        other = make_category(db, slug="articulations", name="Articulations")
        for category, slug, name, ingredients in [
            (minerals, "calcium-d3", "Calcium et vitamine D3", STEARATE),
            (other, "glucosamine", "Glucosamine", STEARATE),
            (other, "guarana", "Guarana", STEARATE),
            (minerals, "magnesium-bisglycinate", "Magnésium bisglycinate", "Bisglycinate."),
            (sleep, "melatonine", "Mélatonine 1 mg", "Mélatonine."),
            (sleep, "valeriane", "Valériane et passiflore", "Valériane."),
        ]:
            make_product(db, category=category, slug=slug, ingredients=ingredients,
                         name=f"{name} – complément alimentaire", nutrient="Glucides")
        db.session.commit()
    return live_shop


def results(page) -> list[str]:
    return [name.split(" – ")[0] for name in page.locator(".card-title").all_inner_texts()]


def search_from_header(page, text: str) -> None:
    field = page.get_by_role("combobox", name="Rechercher un produit")
    field.fill(text)
    field.press("Enter")
    expect(page).to_have_url(f"{page.url.split('/recherche')[0].rstrip('/')}/recherche?q="
                             + text.replace(" ", "+").replace("é", "%C3%A9"))


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_suggestions_then_ranked_results(shop, page, viewport):
    page.set_viewport_size(viewport)
    page.goto(shop.url + "/")
    field = page.get_by_role("combobox", name="Rechercher un produit")
    field.press_sequentially("magn", delay=60)
    listbox = page.get_by_role("listbox", name="Suggestions de produits")
    expect(listbox).to_be_visible()
    expect(field).to_have_attribute("aria-expanded", "true")
    options = listbox.get_by_role("option")
    expect(options.first).to_have_text("Magnésium bisglycinate – complément alimentaire")
    expect(options).to_have_count(len(MAGNESIUM_ORDER))
    box = listbox.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"]  # no sideways scroll

    field.press("ArrowDown")
    field.press("ArrowDown")
    expect(field).to_have_attribute("aria-activedescendant", "q-suggestion-1")
    expect(options.nth(1)).to_have_attribute("aria-selected", "true")
    field.press("Escape")
    expect(listbox).to_be_hidden()
    expect(field).to_have_attribute("aria-expanded", "false")

    search_from_header(page, "magnésium")
    assert results(page) == MAGNESIUM_ORDER
    search_from_header(page, "sommeil")
    assert results(page) == ["Mélatonine 1 mg", "Valériane et passiflore"]
    search_from_header(page, "magnesuim")
    assert results(page) == MAGNESIUM_ORDER


def test_a_suggestion_chosen_with_the_keyboard_opens_its_product(shop, page):
    page.set_viewport_size(PHONE)
    page.goto(shop.url + "/")
    field = page.get_by_role("combobox", name="Rechercher un produit")
    field.press_sequentially("somm", delay=60)
    expect(page.get_by_role("option").first).to_have_text(
        "Mélatonine 1 mg – complément alimentaire")
    field.press("ArrowDown")
    field.press("Enter")
    expect(page).to_have_url(shop.url + "/produit/melatonine")


def test_without_javascript_the_form_still_searches(shop, browser):
    context = browser.new_context(locale="fr-FR", java_script_enabled=False,
                                  viewport=PHONE)
    page = context.new_page()
    page.goto(shop.url + "/")
    field = page.get_by_role("searchbox", name="Rechercher un produit")
    field.fill("magnésium")
    field.press("Enter")
    page.wait_for_url("**/recherche?q=*")
    assert results(page) == MAGNESIUM_ORDER
    context.close()


@pytest.mark.parametrize("phone", [True, False], ids=["tapped on a phone", "clicked"])
def test_a_suggestion_tapped_or_clicked_opens_its_product(shop, browser, phone):
    context = browser.new_context(locale="fr-FR", viewport=PHONE if phone else DESKTOP,
                                  has_touch=phone, is_mobile=phone)
    page = context.new_page()
    page.goto(shop.url + "/")
    page.get_by_role("combobox", name="Rechercher un produit").press_sequentially(
        "gluco", delay=60)
    option = page.get_by_role("option", name="Glucosamine – complément alimentaire")
    if phone:
        option.tap()
    else:
        option.click()
    expect(page).to_have_url(shop.url + "/produit/glucosamine")
    context.close()
