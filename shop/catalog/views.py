"""Storefront pages: home, categories, search, product."""

from flask import Blueprint, abort, current_app, jsonify, render_template, request, url_for
from flask_login import current_user

from shop.billing.gateways import payment_methods
from shop.catalog import queries
from shop.catalog.availability import availability
from shop.catalog.fragments import Fragment, fragments, render_fragment
from shop.catalog.labels import (
    card_title,
    cost_per_day_cents,
    highlight_allergens,
    states_substitution,
)
from shop.db import utcnow
from shop.money import split_ttc
from shop.shipping.services import product_page_window
from shop.stock_alerts.forms import StockAlertForm

bp = Blueprint("catalog", __name__)
MAX_QUERY_LENGTH = 100
MAX_SUGGESTIONS = 8
SUGGESTIONS_MAX_AGE = 60  # seconds a browser or proxy may reuse an answer
HOME_DESCRIPTION = "Compléments alimentaires de qualité, livrés en France et en Europe."

bp.add_app_template_global(queries.menu_categories, "menu_categories")
bp.add_app_template_global(availability, "availability")
bp.add_app_template_global(highlight_allergens, "highlight_allergens")
bp.add_app_template_global(cost_per_day_cents, "cost_per_day_cents")
bp.add_app_template_global(states_substitution, "states_substitution")
bp.add_app_template_filter(card_title, "card_title")
bp.add_app_template_global(lambda cents, rate: split_ttc(cents, rate)[0], "price_ht")


def _prices_ht() -> bool:
    """Whether the visitor reads prices HT: a signed-in professional (LEGAL E5). Part of the
    fragment keys, so the two kinds of pages are cached apart."""
    return bool(current_user.is_authenticated and current_user.is_professional)


def _listing_params() -> tuple[str, int]:
    """Sort key and page number from the query string; bad values fall back to defaults."""
    sort = request.args.get("tri", queries.DEFAULT_SORT)
    if sort not in queries.SORTS:
        sort = queries.DEFAULT_SORT
    page = request.args.get("page", "1")
    number = int(page) if page.isdigit() and 0 < len(page) < 6 else 1
    return sort, max(number, 1)


def _payment_means() -> str:
    """The payment means actually offered, in French ("A, B ou C"); part of the fragment keys."""
    labels = [str(label) for _name, label in payment_methods()]
    if len(labels) < 2:
        return "".join(labels)
    return ", ".join(labels[:-1]) + " ou " + labels[-1]


def _page(fragment: Fragment | None, live_slots=None, **context):
    if fragment is None:
        abort(404)
    return render_template("catalog/page.html", fragment=fragment, live_slots=live_slots,
                           **context)


@bp.get("/")
def home():
    means, ht = _payment_means(), _prices_ht()
    return _page(fragments.get_or_build(("home", means, ht), lambda: _home_fragment(means, ht)))


@bp.get("/categorie/<slug>")
def category(slug: str):
    sort, number = _listing_params()
    ht = _prices_ht()
    fragment = fragments.get_or_build(
        ("category", slug, sort, number, ht), lambda: _category_fragment(slug, sort, number, ht)
    )
    return _page(fragment, active_category=slug)


@bp.get("/produit/<slug>")
def product(slug: str):
    means, ht = _payment_means(), _prices_ht()
    slots = {"delivery": _delivery_estimate, "stock_alert": lambda _: _stock_alert_form(slug)}
    return _page(fragments.get_or_build(("product", slug, means, ht),
                                        lambda: _product_fragment(slug, means, ht)), slots)


def _delivery_estimate(supplier_delay_days: str) -> str:
    """Live slot: when an order placed now arrives (it depends on the hour: not cached)."""
    window = product_page_window(utcnow(), int(supplier_delay_days or 0))
    return render_template("catalog/_delivery_estimate.html", window=window) if window else ""


def _stock_alert_form(slug: str) -> str:
    """Live slot: « Prévenez-moi », prefilled with a signed-in customer's address."""
    email = current_user.email if current_user.is_authenticated else None
    return render_template("catalog/_stock_alert.html", form=StockAlertForm(email=email),
                           action=url_for("stock_alerts.subscribe_to", slug=slug))


@bp.get("/recherche")
def search():
    text = request.args.get("q", "").strip()[:MAX_QUERY_LENGTH]
    _sort, number = _listing_params()
    page = None
    if text:
        page = queries.search_page(text, number, current_app.config["PRODUCTS_PER_PAGE"])
        if page is None:
            abort(404)
    return render_template("catalog/search.html", text=text, page=page, prices_ht=_prices_ht())


@bp.get("/recherche/suggestions")
def search_suggestions():
    """Names and links of the first products matching a text being typed (JSON, for the
    header's search field; the page works without it)."""
    text = request.args.get("q", "").strip()[:MAX_QUERY_LENGTH]
    found = queries.suggestions(text, MAX_SUGGESTIONS) if len(text) >= 2 else []
    response = jsonify(query=text, suggestions=[
        {"name": name, "url": url_for("catalog.product", slug=slug)} for name, slug in found])
    response.cache_control.public = True
    response.cache_control.max_age = SUGGESTIONS_MAX_AGE
    return response


def _home_fragment(payment_means: str, prices_ht: bool) -> Fragment:
    html = render_fragment(
        "catalog/_home.html", reduced=queries.reduced_products(limit=4),
        payment_means=payment_means, prices_ht=prices_ht,
    )
    return Fragment("Compléments alimentaires", HOME_DESCRIPTION, html)


def _category_fragment(slug: str, sort: str, number: int, prices_ht: bool) -> Fragment | None:
    found = queries.category_by_slug(slug)
    if found is None:
        return None
    listing = queries.paginate(
        queries.category_products(found), sort, number, current_app.config["PRODUCTS_PER_PAGE"]
    )
    if listing is None:
        return None
    html = render_fragment("catalog/_category.html", category=found, page=listing, sort=sort,
                           prices_ht=prices_ht)
    return Fragment(found.name, found.description or found.name, html)


def _product_fragment(slug: str, payment_means: str, prices_ht: bool) -> Fragment | None:
    found = queries.product_by_slug(slug)
    if found is None:
        return None
    html = render_fragment("catalog/_product.html", product=found, payment_means=payment_means,
                           prices_ht=prices_ht, related=queries.related_products(found))
    return Fragment(found.name, found.short_description, html)
