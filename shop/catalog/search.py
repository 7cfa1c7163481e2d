"""The one catalogue search: published products' ids, best first, on PostgreSQL and SQLite.

A query is cut into words the way products are (shop.catalog.words); a product is found when
it holds every word. A word no product has ever held, of 4 letters or more, is replaced by the
vocabulary's words one edit away (« magnesuim » finds « magnesium »); on PostgreSQL they are
looked up through the pg_trgm index, on SQLite among words of a close length, and both keep
the same ones (within one edit, pg_trgm similarity at least TYPO_SIMILARITY).

The rank is the same number on both databases, not bm25 or ts_rank, whose scores differ from
one engine to the other: each word counts 3 when the name, brand or category hold it (A), 2
for the short description or nutrients (B), 1 for the ingredients (C). Ties go by slug (the
name in ASCII, compared byte by byte on both), then id, so the same data gives the same order.
"""

from sqlalchemy import case, column, func, literal_column, select, table, text

from shop.catalog import search_index  # noqa: F401  (its hooks keep the words searched here)
from shop.catalog.models import Product, SearchTerm
from shop.catalog.words import similarity, within_one_edit, words
from shop.extensions import db

MAX_TERMS = 6
TYPO_MIN_LENGTH = 4
TYPO_SIMILARITY = 0.2
MAX_CORRECTIONS = 8
WEIGHTS = (("A", "search_a", 3), ("B", "search_b", 2))  # any other match is C: 1

Group = tuple[tuple[str, ...], bool]  # the words one query word may be, and « as a prefix »


def search_product_ids(query: str, *, as_you_type: bool = False,
                       limit: int | None = None) -> list[int]:
    """Ids of the published products matching `query`, best first.

    With `as_you_type`, the last word is a prefix being typed (« magn » finds « Magnésium »);
    when nothing starts so, it is read as a whole word, typos corrected.
    """
    terms = words(query)[:MAX_TERMS]
    if not terms:
        return []
    found = _ranked_ids(_groups(terms, as_you_type), limit)
    if not found and as_you_type:
        found = _ranked_ids(_groups(terms, False), limit)
    return found


def _ranked_ids(groups: list[Group], limit: int | None) -> list[int]:
    if _is_postgres():
        matches, score, slug = _postgres_parts(groups)
    else:
        matches, score, slug = _sqlite_parts(groups)
    query = (select(Product.id).where(Product.is_published.is_(True), matches)
             .order_by(score.desc(), slug, Product.id).limit(limit))
    return list(db.session.scalars(query))


def _is_postgres() -> bool:
    return db.session.get_bind().dialect.name == "postgresql"


def _groups(terms: list[str], as_you_type: bool) -> list[Group]:
    """Each query word with what it may match: itself, or its corrections when unknown."""
    typed = terms[-1] if as_you_type else None
    known = set(db.session.scalars(
        db.select(SearchTerm.word).where(SearchTerm.word.in_(terms))))
    groups: list[Group] = []
    for index, term in enumerate(terms):
        if index == len(terms) - 1 and typed is not None:
            groups.append(((term,), True))
        elif term in known or len(term) < TYPO_MIN_LENGTH:
            groups.append(((term,), False))
        else:
            groups.append((_corrections(term) or (term,), False))
    return groups


def _corrections(term: str) -> tuple[str, ...]:
    """Vocabulary words one edit away from `term`, closest first (at most MAX_CORRECTIONS)."""
    if _is_postgres():
        db.session.execute(text(
            "SELECT set_config('pg_trgm.similarity_threshold', :limit, true)"),
            {"limit": str(TYPO_SIMILARITY)})
        candidates = db.session.scalars(
            text("SELECT word FROM search_term WHERE word % :term"), {"term": term})
    else:
        candidates = db.session.scalars(
            text("SELECT word FROM search_term WHERE length(word) BETWEEN :low AND :high"),
            {"low": len(term) - 1, "high": len(term) + 1})
    close = [(similarity(term, word), word) for word in candidates
             if within_one_edit(term, word) and similarity(term, word) >= TYPO_SIMILARITY]
    close.sort(key=lambda pair: (-pair[0], pair[1]))
    return tuple(word for _score, word in close[:MAX_CORRECTIONS])


def _tsquery(group: Group, weight: str = "") -> str:
    """A tsquery text: words are [a-z0-9] only (shop.catalog.words), safe between quotes."""
    alternatives, prefix = group
    suffix = ("*" if prefix else "") + weight
    return " | ".join(f"'{word}'" + (f":{suffix}" if suffix else "") for word in alternatives)


_VECTOR = column("search_vector")  # generated on PostgreSQL (shop.catalog.search_index)
_SIMPLE = literal_column("'simple'::regconfig")


def _postgres_parts(groups: list[Group]):
    def holds(query: str):
        return _VECTOR.op("@@")(func.to_tsquery(_SIMPLE, query))

    matches = holds(" & ".join(f"({_tsquery(group)})" for group in groups))
    score = sum(case(*[(holds(_tsquery(group, weight)), points)
                       for weight, _column, points in WEIGHTS], else_=1) for group in groups)
    return matches, score, Product.slug.collate("C")


_FTS = table("product_search", column("rowid"), column("product_search"))


def _fts(group: Group) -> str:
    """An FTS5 query text: words are [a-z0-9] only, quoted so none reads as an operator."""
    alternatives, prefix = group
    return " OR ".join(f'"{word}"' + ("*" if prefix else "") for word in alternatives)


def _sqlite_parts(groups: list[Group]):
    def holds(query: str):
        return Product.id.in_(select(_FTS.c.rowid).where(_FTS.c.product_search.op("MATCH")(query)))

    matches = holds(" AND ".join(f"({_fts(group)})" for group in groups))
    score = sum(case(*[(holds(f"{column_} : ({_fts(group)})"), points)
                       for _weight, column_, points in WEIGHTS], else_=1) for group in groups)
    return matches, score, Product.slug
