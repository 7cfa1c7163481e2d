"""CGV versions: one in force, older ones kept unchanged and readable by number (A6)."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.exc import IntegrityError

from shop.legal.models import CgvVersion, PublishedCgvChanged
from shop.legal.services import (
    LegalError,
    current_cgv,
    get_cgv,
    list_cgv_versions,
    publish_cgv,
    seed_cgv,
)

T0 = datetime(2026, 9, 1, 8, 0, tzinfo=UTC)


def _in_force(db) -> list[int]:
    rows = db.session.execute(db.select(CgvVersion.number).where(CgvVersion.in_force.is_(True)))
    return list(rows.scalars())


def test_no_version_before_the_first_publication(db):
    assert current_cgv() is None
    assert get_cgv(1) is None


def test_seed_creates_version_one_once(db):
    first = seed_cgv(now=T0)
    db.session.commit()
    assert first.number == 1 and first.in_force and first.published_at == T0
    assert "## 14. Droit applicable et litiges" in first.body
    assert seed_cgv() is None
    assert [version.number for version in list_cgv_versions()] == [1]


def test_publishing_makes_the_new_version_the_only_one_in_force(db):
    seed_cgv(now=T0)
    old_body = get_cgv(1).body
    second = publish_cgv("## 1. Objet\n\nNouveau texte.", T0 + timedelta(days=30))
    db.session.commit()

    assert second.number == 2
    assert current_cgv().number == 2
    assert _in_force(db) == [2]
    old = get_cgv(1)
    assert old.body == old_body and old.published_at == T0 and not old.in_force
    assert [version.number for version in list_cgv_versions()] == [2, 1]

    publish_cgv("## 1. Objet\n\nTroisième texte.", T0 + timedelta(days=60))
    db.session.commit()
    assert _in_force(db) == [3]
    assert get_cgv(2).body == "## 1. Objet\n\nNouveau texte."


def test_an_empty_text_is_refused(db):
    with pytest.raises(LegalError):
        publish_cgv("  \n", T0)


def test_a_published_text_cannot_be_rewritten(db):
    version = seed_cgv(now=T0)
    db.session.commit()
    version.body = "Autre chose"
    with pytest.raises(PublishedCgvChanged):
        db.session.flush()
    db.session.rollback()
    assert get_cgv(1).body != "Autre chose"


def test_the_database_refuses_two_versions_in_force(db):
    seed_cgv(now=T0)
    db.session.commit()
    db.session.add(CgvVersion(number=2, title="T", body="B", published_at=T0, in_force=True))
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()
