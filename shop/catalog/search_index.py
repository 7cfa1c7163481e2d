"""Keeping the search index in step with the catalogue, on PostgreSQL and on SQLite.

What is searched: each product's words (shop.catalog.words) in three weights, stored on the
product by the ORM hook below whenever a searched field changes, in the same flush:
A the name, the brand and the category's name; B the short description and the nutrients;
C the ingredients. A renamed category rewrites the words of its products. Every word also
goes into `search_term`, the vocabulary typos are corrected against (a word is never taken
out: a correction towards a word no published product has any more simply finds nothing).

What the database derives from those columns, created by `install` (from the migration, and
after `create_all` in tests and benchmarks):
- PostgreSQL: `product.search_vector`, a generated tsvector (setweight A, B, C over the three
  columns, configuration 'simple': the words are already folded, so PostgreSQL and SQLite
  compare exactly the same words) with a GIN index; a pg_trgm GIN index on `search_term.word`.
- SQLite: `product_search`, an FTS5 table holding the three columns and the slug of the
  published products only, kept by triggers, so a search reads no product row. A migration
  that recreates `product` in batch mode drops these triggers: it must call `install` again.
"""

from sqlalchemy import event, inspect, select, text
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from shop.catalog.models import Category, Nutrient, Product, SearchTerm
from shop.catalog.words import words
from shop.db import insert_for

SEARCHED_FIELDS = ("name", "brand", "short_description", "ingredients", "category_id",
                   "category", "nutrients")
# Database objects the models do not describe (left out of `flask db check`).
UNMODELLED = frozenset({
    "search_vector", "ix_product_search_vector", "ix_search_term_word_trgm",
    "product_search", "product_search_data", "product_search_idx", "product_search_docsize",
    "product_search_config", "product_search_content",
})

_POSTGRES = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "ALTER TABLE product ADD COLUMN IF NOT EXISTS search_vector tsvector GENERATED ALWAYS AS ("
    "setweight(to_tsvector('simple', search_a), 'A') || "
    "setweight(to_tsvector('simple', search_b), 'B') || "
    "setweight(to_tsvector('simple', search_c), 'C')) STORED",
    "CREATE INDEX IF NOT EXISTS ix_product_search_vector ON product USING gin (search_vector)",
]
_POSTGRES_VOCABULARY = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS ix_search_term_word_trgm ON search_term "
    "USING gin (word gin_trgm_ops)",
]
_SQLITE = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS product_search USING fts5(search_a, search_b, search_c, "
    "slug UNINDEXED)",
    "CREATE TRIGGER IF NOT EXISTS product_search_insert AFTER INSERT ON product BEGIN "
    "INSERT INTO product_search(rowid, search_a, search_b, search_c, slug) "
    "SELECT new.id, new.search_a, new.search_b, new.search_c, new.slug WHERE new.is_published; "
    "END",
    "CREATE TRIGGER IF NOT EXISTS product_search_delete AFTER DELETE ON product BEGIN "
    "DELETE FROM product_search WHERE rowid = old.id; END",
    "CREATE TRIGGER IF NOT EXISTS product_search_update "
    "AFTER UPDATE OF search_a, search_b, search_c, slug, is_published ON product BEGIN "
    "DELETE FROM product_search WHERE rowid = old.id; "
    "INSERT INTO product_search(rowid, search_a, search_b, search_c, slug) "
    "SELECT new.id, new.search_a, new.search_b, new.search_c, new.slug WHERE new.is_published; "
    "END",
    "DELETE FROM product_search",
    "INSERT INTO product_search(rowid, search_a, search_b, search_c, slug) "
    "SELECT id, search_a, search_b, search_c, slug FROM product WHERE is_published",
]


def install(connection: Connection) -> None:
    """Create what the database derives from the search columns (idempotent)."""
    statements = _POSTGRES + _POSTGRES_VOCABULARY if _is_postgres(connection) else _SQLITE
    for statement in statements:
        connection.execute(text(statement))


def uninstall(connection: Connection) -> None:
    """Drop what `install` created (the downgrade; before the product table is dropped)."""
    if _is_postgres(connection):
        connection.execute(text("DROP INDEX IF EXISTS ix_search_term_word_trgm"))
        connection.execute(text("DROP INDEX IF EXISTS ix_product_search_vector"))
        connection.execute(text("ALTER TABLE product DROP COLUMN IF EXISTS search_vector"))
        return
    for name in ("insert", "delete", "update"):
        connection.execute(text(f"DROP TRIGGER IF EXISTS product_search_{name}"))
    connection.execute(text("DROP TABLE IF EXISTS product_search"))


def _is_postgres(connection: Connection) -> bool:
    return connection.dialect.name == "postgresql"


def document(name: str, brand: str, category: str, short_description: str,
             nutrients: list[str], ingredients: str) -> tuple[str, str, str]:
    """The words of a product by weight (A, B, C), each a space-separated string."""
    weight_a = words(" ".join([name, brand, category]))
    weight_b = words(" ".join([short_description, *nutrients]))
    weight_c = words(ingredients)
    return " ".join(weight_a), " ".join(weight_b), " ".join(weight_c)


def refresh(session: Session, product: Product) -> set[str]:
    """Recompute a product's search words; returns them (for the vocabulary)."""
    category = product.category
    if product.category_id is not None and (category is None or category.id != product.category_id):
        category = session.get(Category, product.category_id)  # moved by its id alone
    product.search_a, product.search_b, product.search_c = document(
        product.name or "", product.brand or "", category.name if category else "",
        product.short_description or "", [nutrient.name for nutrient in product.nutrients],
        product.ingredients or "",
    )
    return {w for column in (product.search_a, product.search_b, product.search_c)
            for w in column.split()}


def add_to_vocabulary(session: Session, vocabulary: set[str]) -> None:
    """Add the words the vocabulary does not hold yet (one statement)."""
    if vocabulary:
        insert = insert_for(session.get_bind().dialect.name)
        session.connection().execute(
            insert(SearchTerm).values([{"word": w} for w in sorted(vocabulary)])
            .on_conflict_do_nothing()
        )


def _changed(obj, fields) -> bool:
    state = inspect(obj)
    return any(state.attrs[field].history.has_changes() for field in fields)


def _products_to_refresh(session: Session) -> set[Product]:
    products: set[Product] = set()
    for obj in session.new:
        if isinstance(obj, Product):
            products.add(obj)
    for obj in [*session.new, *session.dirty, *session.deleted]:
        if isinstance(obj, Nutrient) and obj.product_id is not None:
            product = session.get(Product, obj.product_id)
            if product is not None and product not in session.deleted:
                products.add(product)
    for obj in session.dirty:
        if isinstance(obj, Product) and obj not in session.deleted and _changed(
                obj, SEARCHED_FIELDS):
            products.add(obj)
        elif isinstance(obj, Category) and _changed(obj, ("name",)):
            products.update(session.scalars(select(Product).where(Product.category_id == obj.id)))
    return products


@event.listens_for(Session, "before_flush")
def _refresh_changed_products(session: Session, flush_context, instances) -> None:
    """A change of a searched field is searchable as soon as it commits."""
    with session.no_autoflush:
        vocabulary: set[str] = set()
        for product in _products_to_refresh(session):
            vocabulary |= refresh(session, product)
        add_to_vocabulary(session, vocabulary)


@event.listens_for(Product.__table__, "after_create")
def _after_product_table(target, connection: Connection, **kw) -> None:
    if _is_postgres(connection):
        for statement in _POSTGRES:
            connection.execute(text(statement))
    else:
        for statement in _SQLITE:
            connection.execute(text(statement))


@event.listens_for(SearchTerm.__table__, "after_create")
def _after_vocabulary_table(target, connection: Connection, **kw) -> None:
    if _is_postgres(connection):
        for statement in _POSTGRES_VOCABULARY:
            connection.execute(text(statement))


@event.listens_for(Product.__table__, "before_drop")
def _before_product_table_drop(target, connection: Connection, **kw) -> None:
    if not _is_postgres(connection):
        uninstall(connection)
