"""CGV versions: which one is in force, publishing a new one, reading any past one.

An order records the number of the version its customer accepted (LEGAL.md A6), so a
published version is never edited (see models.py) and stays readable by its number.
"""

from collections.abc import Mapping
from datetime import datetime
from pathlib import Path

from flask import current_app
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from sqlalchemy import func, update

from shop.db import utcnow
from shop.extensions import db
from shop.legal.models import CgvVersion

CGV_TITLE = "Conditions générales de vente"
TEXTS_DIR = Path(__file__).resolve().parent / "texts"
RETURN_COST_PAYERS = ("customer", "seller")
# The source of each CGV version, in publication order: version N is built from CGV_SOURCES[N-1].
# v1 stays attached to the orders that accepted it; v2 (issue 17) gives the true identity, the
# legal-guarantee box (A14) and withdrawal as it works.
CGV_SOURCES = ("cgv.md", "cgv-v2.md")


class LegalError(Exception):
    """A legal text operation that cannot be done (empty text, unknown setting...)."""


def current_cgv() -> CgvVersion | None:
    """The CGV version in force (one indexed query; None before the first publication)."""
    return db.session.execute(
        db.select(CgvVersion).where(CgvVersion.in_force.is_(True))
    ).scalar_one_or_none()


def get_cgv(number: int) -> CgvVersion | None:
    """The CGV version with this number, in force or not; None when there is none."""
    return db.session.execute(
        db.select(CgvVersion).where(CgvVersion.number == number)
    ).scalar_one_or_none()


def list_cgv_versions() -> list[CgvVersion]:
    """Every published version, newest first."""
    return list(
        db.session.execute(db.select(CgvVersion).order_by(CgvVersion.number.desc())).scalars()
    )


def publish_cgv(body: str, now: datetime, title: str = CGV_TITLE) -> CgvVersion:
    """Publish `body` as version N+1 and put it in force in place of the previous one.

    The old version is switched off and flushed before the new row is inserted, so the
    database's "one in force" index never sees two; a concurrent publication fails on the
    unique number instead of producing a gap or a duplicate. The caller commits.
    """
    body = body.strip()
    if not body:
        raise LegalError("Le texte des CGV est vide.")
    last = db.session.execute(db.select(func.max(CgvVersion.number))).scalar_one()
    db.session.execute(
        update(CgvVersion).where(CgvVersion.in_force.is_(True)).values(in_force=False),
        execution_options={"synchronize_session": "fetch"},
    )
    db.session.flush()
    version = CgvVersion(
        number=(last or 0) + 1, title=title, body=body, published_at=now, in_force=True
    )
    db.session.add(version)
    db.session.flush()
    return version


def return_cost_payer(config: Mapping) -> str:
    """Who pays the direct return cost after a withdrawal: "customer" or "seller" (B5)."""
    payer = config.get("WITHDRAWAL_RETURN_COST_PAID_BY", "customer")
    if payer not in RETURN_COST_PAYERS:
        raise LegalError(f"WITHDRAWAL_RETURN_COST_PAID_BY inconnu : {payer!r}")
    return payer


def build_cgv_body(config: Mapping, source: str = "cgv.md") -> str:
    """The CGV text filled in with the seller, the mediator and the settings in `config`."""
    env = Environment(  # noqa: S701 - plain text, escaped when rendered as HTML or PDF
        loader=FileSystemLoader(TEXTS_DIR),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
    )
    text = env.get_template(source).render(
        seller=config["SELLER"],
        mediator=config["MEDIATOR"],
        return_cost_paid_by=return_cost_payer(config),
    )
    return text.strip() + "\n"


def seed_cgv(now: datetime | None = None, *, upto: int = 1) -> CgvVersion | None:
    """Publish the versions up to number `upto` that are missing, each from its source in
    CGV_SOURCES (safe to run again); the last one published, or None when nothing was missing.

    Tests seed version 1 (the default); `flask seed-demo` seeds every source (up to v2).
    """
    published = db.session.execute(db.select(func.count(CgvVersion.id))).scalar_one()
    version = None
    for source in CGV_SOURCES[published:upto]:
        version = publish_cgv(build_cgv_body(current_app.config, source), now or utcnow())
    return version
