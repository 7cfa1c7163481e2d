"""The catalogue revision: a counter moved in the same transaction as any change of what the
catalogue pages show (price, reduction, displayed stock state, publication, category, label).

Why a counter: the storefront caches rendered pages per revision (shop.catalog.fragments). A
version computed from the data, such as the latest `updated_at`, misses a change stamped before
another one but committed after it: the later stamp is already the maximum, so the version never
moves again and the page keeps the old price. An increment written by the changing transaction
itself becomes visible exactly when that change does, whatever the clocks say.

How: a service that changes what pages show calls `catalog_changed()`; the increment (one UPDATE
of the single `catalog_revision` row) is the last statement of that transaction, just before its
COMMIT. Taking the row lock last means it is never held while the stock service locks product
rows in id order (no deadlock between an order and a price change) and only for the instant of
the commit (concurrent orders that change a stock state queue on it for that instant only).
A safety net marks the transaction too when the ORM flushes a change to a catalogue row
(category, product, image, nutrient), so an edit written without the services still moves it.
A savepoint rolled back after a mark still moves the counter: a needless refresh, never a
stale page. Moves of stock that keep the displayed state (still « En stock ») mark nothing.
"""

from sqlalchemy import event, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from shop.catalog.models import CatalogRevision, Category, Nutrient, Product, ProductImage
from shop.extensions import db

_MARK = "catalog_changed"
_SHOWN = (Category, Product, ProductImage, Nutrient)
_ROW_ID = 1


def catalog_changed(session: Session | None = None) -> None:
    """Note that this transaction changes what catalogue pages show; the revision moves in it."""
    (session or db.session).info[_MARK] = True


def current_revision() -> int:
    """The committed revision (0 before any change)."""
    number = db.session.scalar(select(CatalogRevision.number).where(CatalogRevision.id == _ROW_ID))
    return number or 0


def _bump(session: Session) -> None:
    """Add one to the revision; writes its row when a database has none yet (create_all)."""
    table = CatalogRevision.__table__
    moved = session.execute(
        update(table).where(table.c.id == _ROW_ID).values(number=table.c.number + 1)
    )
    if moved.rowcount:
        return
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    first = dialect.insert(table).values(id=_ROW_ID, number=1)
    session.execute(
        first.on_conflict_do_update(
            index_elements=[table.c.id], set_={"number": table.c.number + 1}
        )
    )


@event.listens_for(Session, "before_flush")
def _mark_catalogue_writes(session: Session, flush_context, instances) -> None:
    """The safety net: an ORM write to a row the catalogue pages show marks the transaction."""
    if session.info.get(_MARK):
        return
    touched = [*session.new, *session.deleted]
    touched += [obj for obj in session.dirty if session.is_modified(obj)]
    if any(isinstance(obj, _SHOWN) for obj in touched):
        session.info[_MARK] = True


@event.listens_for(Session, "before_commit")
def _bump_before_commit(session: Session) -> None:
    """The increment, last in the transaction (not when a savepoint is released)."""
    if session.in_nested_transaction():
        return
    session.flush()  # the final flush may itself write catalogue rows
    if session.info.pop(_MARK, False):
        _bump(session)


@event.listens_for(Session, "after_transaction_end")
def _forget_on_end(session: Session, transaction) -> None:
    """A rolled back transaction leaves no mark for the next one."""
    if transaction.parent is None:
        session.info.pop(_MARK, None)
