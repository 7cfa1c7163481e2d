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

from dataclasses import dataclass
from functools import cache

from sqlalchemy import Select, bindparam, case, column, func, literal_column, select, table, text

from shop.catalog import search_index  # noqa: F401  (its hooks keep the words searched here)
from shop.catalog.models import Product, SearchTerm
from shop.catalog.words import similarity, within_one_edit, words
from shop.extensions import db

MAX_TERMS = 6
TYPO_MIN_LENGTH = 4
TYPO_SIMILARITY = 0.2
MAX_CORRECTIONS = 8
WEIGHTS = (("A", 3), ("B", 2))  # any other match is C (the ingredients): 1

Group = tuple[tuple[str, ...], bool]  # the words one query word may be, and « as a prefix »


@dataclass(frozen=True)
class Found:
    """Product ids best first, and how many products match in all (0 past the last page)."""

    ids: list[int]
    total: int


def search_products(query: str, *, as_you_type: bool = False, offset: int = 0,
                    limit: int | None = None) -> Found:
    """The published products matching `query`, best first (`limit` of them from `offset`).

    With `as_you_type`, the last word is a prefix being typed (« magn » finds « Magnésium »);
    when nothing starts so, it is read as a whole word, typos corrected.
    """
    terms = words(query)[:MAX_TERMS]
    if not terms:
        return Found([], 0)
    found = _ranked(_groups(terms, as_you_type), offset, limit)
    if not found.total and as_you_type:
        found = _ranked(_groups(terms, False), offset, limit)
    return found


def _ranked(groups: list[Group], offset: int, limit: int | None) -> Found:
    postgres = _is_postgres()
    params = _postgres_params(groups) if postgres else _sqlite_params(groups)
    statement = _statement(postgres, len(groups))
    if limit is None:
        limit = None if postgres else -1  # no limit: LIMIT NULL, or -1 on SQLite
    rows = db.session.execute(statement, params | {"offset": offset, "limit": limit}).all()
    # the total rides on each row (a window count)
    return Found([id_ for id_, _total in rows], rows[0][1] if rows else 0)


@cache
def _statement(postgres: bool, terms: int) -> Select:
    """The ranked query for a number of query words; the words are bound parameters, so one
    statement (and its compiled form) serves every query of that length.

    PostgreSQL reads the product table (its generated tsvector); SQLite reads only the FTS5
    table, which holds the published products with their slug (shop.catalog.search_index)."""
    if postgres:
        id_, slug, holds = Product.id, Product.slug.collate("C"), _postgres_holds
        query = select(id_, func.count().over()).where(
            Product.is_published.is_(True), holds(bindparam("match")))
    else:
        id_, slug, holds = _FTS.c.rowid, _FTS.c.slug, _sqlite_holds
        query = select(id_, func.count().over()).where(
            _FTS.c.product_search.op("MATCH")(bindparam("match")))
    score = sum(case(*[(holds(bindparam(f"t{index}{weight}")), points)
                       for weight, points in WEIGHTS], else_=1) for index in range(terms))
    return (query.order_by(score.desc(), slug, id_)
            .offset(bindparam("offset")).limit(bindparam("limit")))


def _is_postgres() -> bool:
    return db.session.get_bind().dialect.name == "postgresql"


def _groups(terms: list[str], as_you_type: bool) -> list[Group]:
    """Each query word with what it may match: itself, or its corrections when unknown. The
    word being typed is a prefix, unless it is one letter (« vitamine d » wants vitamin D,
    not every word starting with a d)."""
    known = set(db.session.scalars(select(SearchTerm.word).where(SearchTerm.word.in_(terms))))
    groups: list[Group] = []
    for index, term in enumerate(terms):
        if as_you_type and index == len(terms) - 1 and len(term) > 1:
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
_FTS = table("product_search", column("rowid"), column("product_search"), column("slug"))
_HIT = _FTS.alias("hit")
_FTS_COLUMNS = {"A": "search_a", "B": "search_b"}


def _postgres_holds(query):
    return _VECTOR.op("@@")(func.to_tsquery(_SIMPLE, query))


def _sqlite_holds(query):
    return _FTS.c.rowid.in_(select(_HIT.c.rowid).where(_HIT.c.product_search.op("MATCH")(query)))


def _postgres_params(groups: list[Group]) -> dict[str, str]:
    params = {"match": " & ".join(f"({_tsquery(group)})" for group in groups)}
    for index, group in enumerate(groups):
        params |= {f"t{index}{weight}": _tsquery(group, weight) for weight, _ in WEIGHTS}
    return params


def _fts(group: Group) -> str:
    """An FTS5 query text: words are [a-z0-9] only, quoted so none reads as an operator."""
    alternatives, prefix = group
    return " OR ".join(f'"{word}"' + ("*" if prefix else "") for word in alternatives)


def _sqlite_params(groups: list[Group]) -> dict[str, str]:
    params = {"match": " AND ".join(f"({_fts(group)})" for group in groups)}
    for index, group in enumerate(groups):
        params |= {f"t{index}{weight}": f"{_FTS_COLUMNS[weight]} : ({_fts(group)})"
                   for weight, _ in WEIGHTS}
    return params
