"""The delays administrators set (#19 item 9): each is read when its clock starts, from the
database when an administrator changed it, from the configuration otherwise; a value out of
bounds changes nothing."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from shop.accounts.errors import InvalidInput
from shop.audit.models import AuditEntry
from shop.checkout.services import place_order
from shop.fulfilment import identity
from shop.settings.models import ShopSetting
from shop.settings.services import delay, delays, set_delays
from tests.account_factories import make_user
from tests.checkout_factories import dev_verdict, order_request
from tests.factories import at, make_product
from tests.phone_order_factories import phone_order

NOW = at(2026, 12, 3, 9)


@pytest.fixture()
def admin(db):
    return make_user(db, role="admin")


def test_defaults_come_from_the_configuration_until_an_admin_sets_them(app, db, admin):
    assert delays() == {"unpaid_order_minutes": 30, "payment_link_hours": 48,
                        "identity_proof_days": 2}
    app.config["PHONE_ORDER_PAYMENT_HOURS"] = 24
    try:
        assert delay("payment_link_hours") == 24
        changes = set_delays(admin, {"payment_link_hours": 72, "identity_proof_days": 2},
                             now=NOW)
        db.session.commit()
    finally:
        app.config["PHONE_ORDER_PAYMENT_HOURS"] = 48
    assert changes == {"payment_link_hours": [24, 72]}  # the unchanged one is not written
    assert delay("payment_link_hours") == 72 and delay("unpaid_order_minutes") == 30
    [row] = db.session.scalars(select(ShopSetting)).all()
    assert (row.key, row.value, row.updated_by_id, row.updated_at) == (
        "payment_link_hours", 72, admin.id, NOW)
    [entry] = db.session.scalars(select(AuditEntry)).all()
    assert (entry.action, entry.actor_id, entry.target_id, entry.changes) == (
        "settings.delay", admin.id, "payment_link_hours", {"value": [24, 72]})
    assert set_delays(admin, {"payment_link_hours": 72}, now=NOW) == {}


@pytest.mark.parametrize("key, low, high", [("unpaid_order_minutes", 10, 1440),
                                            ("payment_link_hours", 1, 336),
                                            ("identity_proof_days", 1, 14)])
def test_a_value_out_of_bounds_is_refused_in_french_and_nothing_changes(db, admin, key, low,
                                                                          high):
    for good in (low, high):
        set_delays(admin, {key: good}, now=NOW)
        assert delay(key) == good
    db.session.rollback()
    for bad in (low - 1, high + 1):
        with pytest.raises(InvalidInput) as refused:
            set_delays(admin, {"identity_proof_days": 3, key: bad}, now=NOW)
        assert f"Entre {low} et {high}" in refused.value.errors[key]
    assert db.session.scalars(select(ShopSetting)).all() == []
    assert db.session.scalars(select(AuditEntry)).all() == []


def test_each_clock_starts_with_the_delay_in_force(app, db, admin, shop_ready):
    set_delays(admin, {"unpaid_order_minutes": 90, "payment_link_hours": 6,
                       "identity_proof_days": 5}, now=NOW)
    db.session.commit()
    product = make_product(db, on_hand=10)
    with app.test_request_context():
        web = place_order(make_user(db), order_request([(product, 1)]), actor="client", now=NOW)
        assert web.payment_expires_at == NOW + timedelta(minutes=90)
        dev_verdict(web, "accept", now=NOW)
        proof = identity.request_proof(web, message="", staff=admin, now=NOW)
        assert proof.answer_by == NOW + timedelta(days=5)
    by_phone = phone_order(admin, make_user(db), [(product, 1)], now=NOW)
    assert by_phone.payment_expires_at == NOW + timedelta(hours=6)
    set_delays(admin, {"unpaid_order_minutes": 20}, now=NOW)
    db.session.commit()
    db.session.refresh(web)
    assert web.payment_expires_at == NOW + timedelta(minutes=90)  # an order keeps its deadline


def test_the_oss_switch_is_off_by_default_and_read_from_the_database_once_set(app, db):
    from shop.settings.services import OSS_KEY, oss_threshold_passed

    assert oss_threshold_passed() is False
    db.session.add(ShopSetting(key=OSS_KEY, value=1))
    db.session.commit()
    assert oss_threshold_passed() is True
    app.config["OSS_THRESHOLD_PASSED"] = True
    try:
        db.session.get(ShopSetting, OSS_KEY).value = 0
        db.session.commit()
        assert oss_threshold_passed() is False  # the stored choice wins over the default
    finally:
        app.config["OSS_THRESHOLD_PASSED"] = False


def test_switching_oss_writes_the_setting_and_one_audit_row_and_nothing_when_unchanged(db,
                                                                                         admin):
    """LEGAL E3: the switch is changed by an administrator, with its audit row."""
    from shop.settings.services import OSS_KEY, oss_threshold_passed, set_oss_threshold_passed

    assert set_oss_threshold_passed(admin, False, now=NOW) is False  # already off by default
    assert db.session.scalars(select(ShopSetting)).all() == []
    assert db.session.scalars(select(AuditEntry)).all() == []
    later = NOW + timedelta(hours=1)
    assert set_oss_threshold_passed(admin, True, now=later) is True
    db.session.commit()
    assert oss_threshold_passed() is True
    row = db.session.get(ShopSetting, OSS_KEY)
    assert (row.value, row.updated_by_id, row.updated_at) == (1, admin.id, later)
    [entry] = db.session.scalars(select(AuditEntry)).all()
    assert (entry.action, entry.actor_id, entry.target_id, entry.changes, entry.at) == (
        "settings.oss", admin.id, OSS_KEY, {"value": [0, 1]}, later)
    assert "activé" in entry.summary
    assert set_oss_threshold_passed(admin, True, now=later) is False
    assert len(db.session.scalars(select(AuditEntry)).all()) == 1
    assert set_oss_threshold_passed(admin, False, now=later) is True
    db.session.commit()
    assert oss_threshold_passed() is False and db.session.get(ShopSetting, OSS_KEY).value == 0
    changes = db.session.scalars(select(AuditEntry.changes).order_by(AuditEntry.id)).all()
    assert changes == [{"value": [0, 1]}, {"value": [1, 0]}]


def test_switching_oss_is_undone_with_the_callers_transaction(db, admin):
    from shop.settings.services import oss_threshold_passed, set_oss_threshold_passed

    set_oss_threshold_passed(admin, True, now=NOW)
    db.session.rollback()
    assert oss_threshold_passed() is False
    assert db.session.scalars(select(AuditEntry)).all() == []
    with pytest.raises(TypeError):
        set_oss_threshold_passed(admin, "0", now=NOW)  # a form's string is not a choice


def test_the_oss_switch_compares_with_the_default_in_force_when_no_row_exists(app, db, admin):
    from shop.settings.services import OSS_KEY, set_oss_threshold_passed

    app.config["OSS_THRESHOLD_PASSED"] = True
    try:
        assert set_oss_threshold_passed(admin, True, now=NOW) is False
        assert db.session.get(ShopSetting, OSS_KEY) is None
        assert set_oss_threshold_passed(admin, False, now=NOW) is True
        db.session.commit()
    finally:
        app.config["OSS_THRESHOLD_PASSED"] = False
    assert db.session.get(ShopSetting, OSS_KEY).value == 0
    assert db.session.scalars(select(AuditEntry.changes)).all() == [{"value": [1, 0]}]
