"""« Prévenez-moi »: alerts noted once, e-mailed once through the jobs when stock comes back."""

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from shop.jobs.models import ScheduledJob
from shop.stock import services as stock
from shop.stock_alerts.models import StockAlert
from shop.stock_alerts.services import (
    NOTIFY_TASK,
    AlertError,
    email_for_token,
    subscribe,
    unsubscribe,
    unsubscribe_token,
)
from shop.stock_alerts.tasks import send_back_in_stock_alerts
from tests.factories import make_product

NOW = datetime(2026, 12, 3, 10, 0, tzinfo=UTC)


def _alerts(db) -> list[tuple[str, bool]]:
    rows = db.session.scalars(select(StockAlert).order_by(StockAlert.email))
    return [(row.email, row.notified_at is not None) for row in rows]


def _alert_jobs(db) -> int:
    return db.session.scalar(
        select(func.count()).select_from(ScheduledJob).where(ScheduledJob.task == NOTIFY_TASK)
    )


@pytest.fixture()
def sold_out(db):
    product = make_product(db, on_hand=0)
    db.session.commit()
    return product


def test_subscribing_twice_keeps_one_alert_and_normalises_the_address(db, sold_out):
    subscribe(sold_out, " Lea@Example.COM ", NOW)
    subscribe(sold_out, "lea@example.com", NOW)
    db.session.commit()
    assert _alerts(db) == [("lea@example.com", False)]


@pytest.mark.parametrize("address", ["", "lea", "lea@", "@example.com", "a b@example.com"])
def test_a_bad_address_is_refused_in_french_and_stores_nothing(db, sold_out, address):
    with pytest.raises(AlertError, match="Adresse e-mail invalide"):
        subscribe(sold_out, address, NOW)
    assert _alerts(db) == []


def test_no_alert_for_a_product_one_can_order(db):
    in_stock = make_product(db, on_hand=3)
    on_demand = make_product(db, on_hand=0, on_demand=True, supplier_delay_days=5)
    for product in (in_stock, on_demand):
        with pytest.raises(AlertError, match="disponible"):
            subscribe(product, "lea@example.com", NOW)
    assert _alerts(db) == []


def test_restock_enqueues_in_its_transaction_and_mails_each_subscriber_once_after_commit(
    db, sold_out, mail_via_smtp
):
    subscribe(sold_out, "lea@example.com", NOW)
    subscribe(sold_out, "marc@example.com", NOW)
    db.session.commit()

    stock.receive(sold_out.id, 10, actor="test")
    assert _alert_jobs(db) == 1  # written in the restock's own transaction
    assert mail_via_smtp.messages == []  # nothing leaves before the commit
    db.session.commit()

    mails = mail_via_smtp.wait_for(2)
    assert sorted(mail.rcpt_tos[0] for mail in mails) == ["lea@example.com", "marc@example.com"]
    for mail in mails:
        assert mail.subject == f"De retour en stock : {sold_out.name}"
        for body in (mail.text, mail.html):
            assert f"http://localhost/produit/{sold_out.slug}" in body
            assert "http://localhost/alertes-stock/desinscription/" in body
    db.session.expire_all()
    assert _alerts(db) == [("lea@example.com", True), ("marc@example.com", True)]

    send_back_in_stock_alerts(sold_out.id)  # a second run of the job
    db.session.commit()
    assert len(mail_via_smtp.messages) == 2


def test_a_rolled_back_restock_leaves_no_job_and_sends_nothing(db, sold_out, mail_via_smtp):
    subscribe(sold_out, "lea@example.com", NOW)
    db.session.commit()
    stock.receive(sold_out.id, 10, actor="test")
    db.session.rollback()
    assert _alert_jobs(db) == 0
    assert mail_via_smtp.messages == []
    assert _alerts(db) == [("lea@example.com", False)]


def test_a_restock_of_a_product_already_in_stock_sends_nothing(db, mail_via_smtp):
    product = make_product(db, on_hand=2)
    # A pending alert on a product in stock: left by a job that found it sold out again.
    db.session.add(StockAlert(product_id=product.id, email="lea@example.com"))
    db.session.commit()
    stock.receive(product.id, 5, actor="test")
    stock.adjust(product.id, 1, actor="test", reason="stocktake")
    db.session.commit()
    assert _alert_jobs(db) == 0
    assert mail_via_smtp.messages == []
    assert _alerts(db) == [("lea@example.com", False)]


def test_a_job_finding_the_product_sold_out_again_keeps_the_alerts_for_next_time(
    db, sold_out, mail_via_smtp
):
    subscribe(sold_out, "lea@example.com", NOW)
    db.session.commit()
    stock.receive(sold_out.id, 1, actor="test")
    stock.reserve([stock.Line(sold_out.id, 1)], order_id=None, actor="test")
    db.session.commit()  # the job runs now and finds nothing to sell
    assert mail_via_smtp.messages == []
    db.session.expire_all()
    assert _alerts(db) == [("lea@example.com", False)]
    stock.release([stock.Line(sold_out.id, 1)], order_id=None, actor="test", reason="cancelled")
    db.session.commit()
    assert [mail.rcpt_tos for mail in mail_via_smtp.wait_for(1)] == [["lea@example.com"]]


def test_released_and_returned_units_also_put_a_product_back_on_sale(db, sold_out):
    subscribe(sold_out, "lea@example.com", NOW)
    db.session.commit()
    stock.adjust(sold_out.id, 1, actor="test", reason="stocktake")
    stock.reserve([stock.Line(sold_out.id, 1)], order_id=None, actor="test")
    assert _alert_jobs(db) == 1  # the adjustment: from 0 to 1 available
    stock.release([stock.Line(sold_out.id, 1)], order_id=None, actor="test", reason="cancelled")
    assert _alert_jobs(db) == 2  # 0 again after the reservation, 1 after the release
    db.session.rollback()


def test_subscribing_again_after_an_alert_was_sent_re_arms_it(db, sold_out):
    subscribe(sold_out, "lea@example.com", NOW)
    db.session.commit()
    stock.receive(sold_out.id, 1, actor="test")
    db.session.commit()
    db.session.expire_all()
    assert _alerts(db) == [("lea@example.com", True)]
    stock.reserve([stock.Line(sold_out.id, 1)], order_id=None, actor="test")
    subscribe(sold_out, "lea@example.com", NOW)
    db.session.commit()
    db.session.expire_all()
    assert _alerts(db) == [("lea@example.com", False)]


def test_unsubscribe_token_names_the_address_and_refuses_tampering(db, sold_out):
    subscribe(sold_out, "lea@example.com", NOW)
    subscribe(make_product(db, on_hand=0), "lea@example.com", NOW)
    subscribe(sold_out, "marc@example.com", NOW)
    token = unsubscribe_token("lea@example.com", "secret")
    assert email_for_token(token, "secret") == "lea@example.com"
    for forged in (token[:-2] + "xx", unsubscribe_token("lea@example.com", "other"), "abc"):
        with pytest.raises(AlertError, match="pas valide"):
            email_for_token(forged, "secret")
    assert unsubscribe("lea@example.com") == 2
    assert _alerts(db) == [("marc@example.com", False)]


def test_a_customers_alerts_are_in_their_export_and_go_with_their_account(db, sold_out):
    from shop.accounts.privacy import anonymise_user, export_user_data
    from tests.account_factories import make_user

    user = make_user(db, email="lea@example.com")
    subscribe(sold_out, "lea@example.com", NOW)
    subscribe(sold_out, "marc@example.com", NOW)
    db.session.commit()
    [exported] = export_user_data(user)["stock_alerts"]
    assert (exported["product"], exported["notified_at"]) == (sold_out.name, None)
    anonymise_user(user)
    db.session.commit()
    assert _alerts(db) == [("marc@example.com", False)]
