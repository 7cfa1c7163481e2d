"""Read-side queries of the storefront: listings, search, one product, the menu."""

import time
from dataclasses import dataclass

from sqlalchemy import Select, case, func, or_, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import joinedload, selectinload

from shop import caches
from shop.catalog.models import Category, Product
from shop.catalog.search import search_products
from shop.extensions import db

SORTS = {
    "nom": (Product.name.asc(), Product.id.asc()),
    "prix-croissant": (Product.price_cents.asc(), Product.id.asc()),
    "prix-decroissant": (Product.price_cents.desc(), Product.id.asc()),
}
DEFAULT_SORT = "nom"


@dataclass(frozen=True)
class Page:
    items: list[Product]
    number: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.pages


def published_products() -> Select:
    """Products a visitor may see."""
    return select(Product).where(Product.is_published.is_(True))


def paginate(query: Select, sort: str, number: int, per_page: int) -> Page | None:
    """One page of a product listing, or None when the page number is past the end."""
    total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    if number > 1 and (number - 1) * per_page >= total:
        return None
    items = db.session.scalars(
        query.options(selectinload(Product.images))
        .order_by(*SORTS.get(sort, SORTS[DEFAULT_SORT]))
        .limit(per_page)
        .offset((number - 1) * per_page)
    ).all()
    return Page(items=list(items), number=number, per_page=per_page, total=total)


def category_products(category: Category) -> Select:
    return published_products().where(Product.category_id == category.id)


def search_page(text: str, number: int, per_page: int) -> Page | None:
    """One page of search results in rank order, or None past the last page."""
    found = search_products(text, offset=(number - 1) * per_page, limit=per_page)
    if number > 1 and not found.ids:
        return None
    shown = found.ids
    rows = db.session.scalars(
        select(Product).where(Product.id.in_(shown)).options(selectinload(Product.images))
    ).all() if shown else []
    by_id = {product.id: product for product in rows}
    items = [by_id[id_] for id_ in shown if id_ in by_id]
    return Page(items=items, number=number, per_page=per_page, total=found.total)


def suggestions(text: str, limit: int) -> list[tuple[str, str]]:
    """(name, slug) of the first published products matching a text being typed."""
    ids = search_products(text, as_you_type=True, limit=limit).ids
    if not ids:
        return []
    rows = {id_: (name, slug) for id_, name, slug in db.session.execute(
        select(Product.id, Product.name, Product.slug).where(Product.id.in_(ids)))}
    return [rows[id_] for id_ in ids if id_ in rows]


def reduced_products(limit: int) -> list[Product]:
    """Products currently on reduction, for the home page."""
    return list(
        db.session.scalars(
            published_products()
            .where(Product.reference_price_cents.is_not(None))
            .options(selectinload(Product.images))
            .order_by(Product.reduction_started_at.desc())
            .limit(limit)
        )
    )


def related_products(product: Product, limit: int = 4) -> list[Product]:
    """Other published products of the same category, those one can order first, then by name."""
    orderable = or_(Product.on_demand.is_(True), Product.on_hand - Product.allocated > 0)
    return list(
        db.session.scalars(
            published_products()
            .where(Product.category_id == product.category_id, Product.id != product.id)
            .options(selectinload(Product.images))
            .order_by(case((orderable, 0), else_=1), Product.name, Product.id)
            .limit(limit)
        )
    )


def category_by_slug(slug: str) -> Category | None:
    return db.session.scalar(select(Category).where(Category.slug == slug))


def product_by_slug(slug: str) -> Product | None:
    """A published product with everything its page shows, in a fixed number of queries."""
    return db.session.scalar(
        published_products()
        .where(Product.slug == slug)
        .options(
            joinedload(Product.category),
            selectinload(Product.images),
            selectinload(Product.nutrients),
        )
    )


_menu_cache: dict[str, tuple[float, tuple]] = {}
MENU_TTL_SECONDS = 60.0


def menu_categories() -> tuple[tuple[str, str], ...]:
    """(slug, name) of the categories for the header, cached briefly in the process."""
    cached = _menu_cache.get("menu")
    now = time.monotonic()
    if cached and now - cached[0] < MENU_TTL_SECONDS:
        return cached[1]
    try:
        rows = db.session.execute(
            select(Category.slug, Category.name).order_by(Category.position, Category.name)
        ).all()
    except SQLAlchemyError:
        return ()  # the error page must render even when the database is down
    menu = tuple((slug, name) for slug, name in rows)
    _menu_cache["menu"] = (now, menu)
    return menu


@caches.register
def clear_menu_cache() -> None:
    _menu_cache.clear()
