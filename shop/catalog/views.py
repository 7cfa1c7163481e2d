"""Storefront pages: home, categories, search, product."""

from flask import Blueprint, abort, current_app, render_template, request

from shop.catalog import queries
from shop.catalog.availability import availability
from shop.catalog.labels import highlight_allergens

bp = Blueprint("catalog", __name__)
MAX_QUERY_LENGTH = 100


bp.add_app_template_global(queries.menu_categories, "menu_categories")
bp.add_app_template_global(availability, "availability")
bp.add_app_template_global(highlight_allergens, "highlight_allergens")


def _listing_params() -> tuple[str, int]:
    """Sort key and page number from the query string; bad values fall back to defaults."""
    sort = request.args.get("tri", queries.DEFAULT_SORT)
    if sort not in queries.SORTS:
        sort = queries.DEFAULT_SORT
    page = request.args.get("page", "1")
    number = int(page) if page.isdigit() and 0 < len(page) < 6 else 1
    return sort, max(number, 1)


@bp.get("/")
def home():
    return render_template("catalog/home.html", reduced=queries.reduced_products(limit=4))


@bp.get("/categorie/<slug>")
def category(slug: str):
    found = queries.category_by_slug(slug) or abort(404)
    sort, number = _listing_params()
    page = queries.paginate(
        queries.category_products(found), sort, number, current_app.config["PRODUCTS_PER_PAGE"]
    )
    if page is None:
        abort(404)
    return render_template(
        "catalog/category.html", category=found, page=page, sort=sort, active_category=slug
    )


@bp.get("/recherche")
def search():
    text = request.args.get("q", "").strip()[:MAX_QUERY_LENGTH]
    sort, number = _listing_params()
    page = None
    if text:
        page = queries.paginate(
            queries.search_products(text), sort, number, current_app.config["PRODUCTS_PER_PAGE"]
        )
        if page is None:
            abort(404)
    return render_template("catalog/search.html", text=text, page=page, sort=sort)


@bp.get("/produit/<slug>")
def product(slug: str):
    found = queries.product_by_slug(slug) or abort(404)
    return render_template("catalog/product.html", product=found)
