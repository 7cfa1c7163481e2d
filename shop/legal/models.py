"""Versions of the terms of sale (CGV): numbered, immutable once published, one in force."""

from datetime import datetime

from sqlalchemy import CheckConstraint, Index, String, Text, event, inspect
from sqlalchemy.orm import Mapped, mapped_column

from shop.db import UTCDateTime
from shop.extensions import db

# Columns that make up the published text: an order cites the version number it accepted
# (LEGAL.md A6), so what a number designates must never change.
FROZEN_COLUMNS = ("number", "title", "body", "published_at")


class CgvVersion(db.Model):
    """One published version of the CGV. Only `in_force` ever changes after publication."""

    __tablename__ = "cgv_version"
    __table_args__ = (CheckConstraint("number > 0", name="number_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[int] = mapped_column(unique=True)
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    published_at: Mapped[datetime] = mapped_column(UTCDateTime)
    in_force: Mapped[bool] = mapped_column(default=False)

    def __repr__(self) -> str:
        return f"<CgvVersion {self.number}{' in force' if self.in_force else ''}>"


# At most one version in force, guaranteed by the database (partial unique index, SQLite and
# PostgreSQL alike); publish_cgv switches the old one off before switching the new one on.
Index(
    "uq_cgv_version_in_force",
    CgvVersion.in_force,
    unique=True,
    sqlite_where=CgvVersion.in_force.is_(True),
    postgresql_where=CgvVersion.in_force.is_(True),
)


class PublishedCgvChanged(Exception):
    """Raised when code tries to rewrite the text of a published CGV version."""


@event.listens_for(CgvVersion, "before_update")
def _refuse_rewriting(mapper, connection, target: CgvVersion) -> None:
    state = inspect(target)
    changed = [name for name in FROZEN_COLUMNS if state.attrs[name].history.has_changes()]
    if changed:
        raise PublishedCgvChanged(
            f"CGV version {target.number} is published; cannot change {', '.join(changed)}"
        )
