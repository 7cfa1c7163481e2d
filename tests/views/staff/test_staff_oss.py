"""The OSS section of /staff/reglages (LEGAL E3): administrators read both years' distance
sales against the 10,000 EUR threshold, are warned when one passed it while the switch is off,
and switch OSS on or off with a confirmation; bad input changes nothing. Staff who are not
administrators are refused like on the other admin pages (tests/views/staff/test_staff_team.py,
ADMIN_URLS)."""

import re
from datetime import UTC, datetime
from html import unescape

import pytest
import time_machine
from sqlalchemy import select

from shop.audit.models import AuditEntry
from shop.money import format_eur
from shop.settings.models import ShopSetting
from shop.settings.services import oss_threshold_passed
from tests.account_factories import form_token, log_in, make_user
from tests.distance_sales_factories import BERLIN, BRUSSELS, paid_order

NOW = datetime(2027, 3, 1, 9, tzinfo=UTC)
WARNING = "Attention : le seuil de 10\u202f000,00\u00a0€ HT est dépassé"


@pytest.fixture()
def admin_at_now(client, admin_user):
    """The admin logged in, with the clock held on 1 March 2027 (the page counts 2026 and
    2027)."""
    with time_machine.travel(NOW, tick=False):
        assert log_in(client, admin_user.email).status_code == 302
        yield client


def _oss(client, **fields):
    data = {"oss-csrf_token": form_token(client, "/staff/reglages"), "oss-passed": "1",
            "oss-confirm": "y"} | fields
    return client.post("/staff/reglages/oss", data=data)


def _text(response) -> str:
    """The page's text, tags and ASCII spacing collapsed (no-break spaces kept)."""
    text = unescape(re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)))
    return re.sub(r"[ \t\r\n]+", " ", text)


def test_the_admin_reads_both_years_against_the_threshold_and_is_warned(admin_at_now, db,
                                                                        shop_ready):
    buyer = make_user(db)
    big = paid_order(db, buyer, BRUSSELS, at=datetime(2026, 5, 4, 10, tzinfo=UTC),
                     price_cents=600_000, quantity=2)  # 12,000 EUR TTC
    small = paid_order(db, buyer, BERLIN, at=datetime(2027, 1, 10, 10, tzinfo=UTC))
    assert big.total_ht_cents > 1_000_000

    page = _text(admin_at_now.get("/staff/reglages"))

    assert "Ventes à distance dans l'Union européenne (guichet OSS)" in page
    big_ht, small_ht = format_eur(big.total_ht_cents), format_eur(small.total_ht_cents)
    assert f"2027 (en cours) {small_ht} non dépassé" in page
    assert f"Allemagne : {small_ht}" in page
    assert f"2026 {big_ht} dépassé Belgique : {big_ht}" in page
    assert f"{WARNING} en 2026 alors que le guichet OSS est désactivé" in page


def test_no_warning_while_both_years_stay_under_the_threshold(admin_at_now, db, shop_ready):
    paid_order(db, make_user(db), BRUSSELS, at=datetime(2026, 5, 4, 10, tzinfo=UTC),
               price_cents=500_000, quantity=2)  # 10,000 EUR TTC: under 10,000 EUR HT
    page = _text(admin_at_now.get("/staff/reglages"))
    assert "2026" in page and "dépassé Belgique" not in page
    assert WARNING not in page


def test_the_admin_switches_oss_on_and_off_with_the_box_ticked(admin_at_now, db, admin_user,
                                                              shop_ready):
    paid_order(db, make_user(db), BRUSSELS, at=datetime(2027, 2, 1, 10, tzinfo=UTC),
               price_cents=600_000, quantity=2)
    assert WARNING in _text(admin_at_now.get("/staff/reglages"))
    done = _oss(admin_at_now)
    assert done.status_code == 302 and done.location.endswith("/staff/reglages#oss")
    assert oss_threshold_passed() is True
    page = _text(admin_at_now.get("/staff/reglages"))
    assert "Guichet OSS activé : les consommateurs livrés" in page  # the flash
    assert "Guichet OSS en ce moment : activé" in page and WARNING not in page
    again = admin_at_now.get(_oss(admin_at_now).location)
    assert "Le guichet OSS n'a pas changé." in _text(again)
    assert _oss(admin_at_now, **{"oss-passed": "0"}).status_code == 302
    assert oss_threshold_passed() is False
    entries = db.session.execute(
        select(AuditEntry.action, AuditEntry.actor_id, AuditEntry.changes)
        .order_by(AuditEntry.id)).all()
    assert entries == [("settings.oss", admin_user.id, {"value": [0, 1]}),
                       ("settings.oss", admin_user.id, {"value": [1, 0]})]
    journal = _text(admin_at_now.get("/staff/journal?action=settings.oss"))
    assert "value : 0 → 1" in journal and "value : 1 → 0" in journal


@pytest.mark.parametrize("fields, message", [
    ({"oss-confirm": ""}, "Cochez pour confirmer."),
    ({"oss-passed": "2"}, "N'est pas un choix valide."),
    ({"oss-passed": "oui"}, "N'est pas un choix valide."),
    ({"oss-passed": ""}, "Choisissez la TVA à appliquer."),
])
def test_bad_input_is_answered_400_in_french_and_changes_nothing(admin_at_now, db, fields,
                                                                 message):
    refused = _oss(admin_at_now, **fields)
    assert refused.status_code == 400
    page = _text(refused)
    assert message in page and "Le formulaire contient 1 erreur" in page
    assert "Ventes à distance dans l'Union européenne" in page  # the page, with its totals
    assert oss_threshold_passed() is False
    assert db.session.scalars(select(ShopSetting)).all() == []
    assert db.session.scalars(select(AuditEntry)).all() == []


def test_a_post_without_the_csrf_token_is_refused(admin_at_now, db):
    refused = admin_at_now.post("/staff/reglages/oss",
                                data={"oss-passed": "1", "oss-confirm": "y"})
    assert refused.status_code == 400
    assert "Le formulaire a expiré" in refused.get_data(as_text=True)
    assert oss_threshold_passed() is False
    assert db.session.scalars(select(ShopSetting)).all() == []
