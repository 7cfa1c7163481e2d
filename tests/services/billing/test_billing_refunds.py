"""Refunds: never beyond the capture, sent after commit, once, reconciled with the provider."""

import threading
from datetime import timedelta

import pytest
from sqlalchemy import select

from shop.billing.attempts import start_attempt
from shop.billing.events import apply_event
from shop.billing.gateways import gateway
from shop.billing.models import Payment, Refund
from shop.billing.refunds import MAX_ATTEMPTS, RefundRefused, refund
from shop.checkout.services import place_order
from shop.db import utcnow
from shop.jobs import run_due
from shop.money import format_eur
from shop.orders import states
from tests.account_factories import make_user
from tests.checkout_factories import order_request
from tests.factories import make_product

URLS = {"return_url": "http://localhost/r", "cancel_url": "http://localhost/c"}


def _paid_by(provider_fake, db, provider="stripe"):
    """An order paid through the fake provider, its Payment row (captured)."""
    product = make_product(db, price_cents=2500, on_hand=5)
    order = place_order(make_user(db), order_request([(product, 2)]), actor="client",
                        now=utcnow())
    payment, url = start_attempt(order, gateway(provider), now=utcnow(), **URLS)
    db.session.commit()
    if provider == "stripe":
        event = gateway("stripe").parse_webhook(*provider_fake.complete_session(
            payment.attempt_ref))
    else:
        back = provider_fake.approve_order(payment.attempt_ref)
        event = gateway("paypal").handle_return({"token": payment.attempt_ref,
                                                  "PayerID": back.rsplit("=", 1)[1]})
    apply_event(event, provider=provider, now=utcnow())
    db.session.commit()
    assert order.status == states.PAID
    return order, db.session.get(Payment, payment.id)


def _refunds(db) -> list[Refund]:
    db.session.expire_all()
    return list(db.session.scalars(select(Refund).order_by(Refund.id)))


def test_a_refund_is_sent_after_the_commit_with_its_own_idempotency_key(db, shop_ready,
                                                                       stripe_on):
    order, payment = _paid_by(stripe_on, db)
    row = refund(payment, 1000, reason="staff", actor="staff:1", now=utcnow())
    assert stripe_on.refunds == {}  # nothing is sent before the decision commits
    db.session.commit()
    [sent] = stripe_on.refunds.values()
    assert (sent["amount"], sent["payment_intent"]) == (1000, payment.captured_ref)
    [call] = stripe_on.calls("POST", "/v1/refunds")
    assert call.header("Idempotency-Key") == f"refund-{row.id}"
    [row] = _refunds(db)
    assert (row.status, row.provider_ref) == ("succeeded", sent["id"])
    assert sent["metadata"]["reference"] == order.reference  # found from Stripe's dashboard


def test_a_rolled_back_refund_sends_nothing(db, shop_ready, stripe_on):
    _order, payment = _paid_by(stripe_on, db)
    refund(payment, 1000, reason="staff", actor="staff:1", now=utcnow())
    db.session.rollback()
    db.session.commit()
    assert stripe_on.refunds == {} and _refunds(db) == []


def test_a_refund_retried_after_a_provider_500_refunds_once(db, shop_ready, stripe_on):
    _order, payment = _paid_by(stripe_on, db)
    stripe_on.lose_next_replies(3)  # Stripe refunds, but every answer (and the SDK's retries)
    refund(payment, 1500, reason="staff", actor="staff:1", now=utcnow())
    db.session.commit()
    [row] = _refunds(db)
    assert (row.status, row.attempts) == ("pending", 1) and "HTTP 500" in row.last_error
    assert len(stripe_on.refunds) == 1  # Stripe did refund
    run_due(now=utcnow() + timedelta(minutes=2))
    [row] = _refunds(db)
    assert (row.status, row.attempts) == ("succeeded", 2)
    assert len(stripe_on.refunds) == 1  # and only once
    assert stripe_on.payment_intents[payment.captured_ref]["amount_refunded"] == 1500


def test_a_refund_that_keeps_failing_ends_failed_for_staff(db, shop_ready, stripe_on):
    _order, payment = _paid_by(stripe_on, db)
    stripe_on.fail_next(400, count=MAX_ATTEMPTS)  # refused each time, no SDK retry on 400
    refund(payment, 1500, reason="staff", actor="staff:1", now=utcnow())
    db.session.commit()
    later = utcnow()
    for _ in range(MAX_ATTEMPTS):
        later += timedelta(days=1)
        run_due(now=later)
    [row] = _refunds(db)
    assert (row.status, row.attempts) == ("failed", MAX_ATTEMPTS)
    assert row.settled_at is not None and row.last_error.startswith(
        "Stripe a refusé l'opération de paiement. HTTP 400")
    assert stripe_on.refunds == {}
    # what failed no longer counts as promised: the full capture can be refunded again
    again = refund(payment, payment.captured_cents, reason="staff", actor="staff:1",
                   now=utcnow())
    assert again.amount_cents == payment.captured_cents


def test_a_failed_refund_is_sent_again_only_within_the_capture(db, shop_ready, stripe_on):
    from shop.billing.refunds import retry_failed
    from shop.billing.states import move_refund

    order, payment = _paid_by(stripe_on, db)
    stripe_on.fail_next(400, count=1)
    first = refund(payment, 3000, reason="staff", actor="staff:1", now=utcnow())
    db.session.commit()
    row = db.session.get(Refund, first.id)
    move_refund(row, "failed", at=utcnow())  # given up on
    stripe_on.fail_next(400, count=1)
    second = refund(payment, 2500, reason="staff", actor="staff:1", now=utcnow())
    db.session.commit()
    with pytest.raises(RefundRefused, match="^Ce remboursement dépasserait le montant encaissé.$"):
        retry_failed(row, actor="staff:2", now=utcnow())
    second = db.session.get(Refund, second.id)
    move_refund(second, "failed", at=utcnow())  # given up on too
    refund(payment, 2000, reason="staff", actor="staff:1", now=utcnow())
    db.session.commit()  # 20,00 € refunded: exactly 30,00 € left for the retry
    row = db.session.get(Refund, row.id)
    then = utcnow()
    retry_failed(row, actor="staff:2", now=then)
    assert (row.status, row.attempts, row.settled_at) == ("pending", 0, None)
    assert (order.events[-1].note, order.events[-1].actor, order.events[-1].at) == (
        "Remboursement de 30,00 € relancé", "staff:2", then)
    with pytest.raises(RefundRefused, match="^Seul un remboursement en échec peut être relancé.$"):
        retry_failed(row, actor="staff:2", now=utcnow())
    db.session.commit()
    assert db.session.get(Refund, row.id).status == "succeeded"
    assert sorted(r["amount"] for r in stripe_on.refunds.values()) == [2000, 3000]


def test_refunds_never_exceed_the_capture(db, shop_ready, stripe_on):
    _order, payment = _paid_by(stripe_on, db)
    refund(payment, payment.captured_cents - 100, reason="staff", actor="staff:1", now=utcnow())
    db.session.commit()
    with pytest.raises(RefundRefused, match="1,00"):
        refund(payment, 101, reason="staff", actor="staff:1", now=utcnow())
    for bad in (0, -5, 1.5, True):
        with pytest.raises(RefundRefused):
            refund(payment, bad, reason="staff", actor="staff:1", now=utcnow())
    refund(payment, 100, reason="staff", actor="staff:1", now=utcnow())
    db.session.commit()
    assert sum(r.amount_cents for r in _refunds(db)) == payment.captured_cents
    assert stripe_on.payment_intents[payment.captured_ref]["amount_refunded"] == (
        payment.captured_cents)


def test_a_refund_row_records_what_was_promised_when_and_by_whom(db, shop_ready, stripe_on):
    from shop.jobs.models import ScheduledJob

    order, payment = _paid_by(stripe_on, db)
    when = utcnow() - timedelta(minutes=5)
    row = refund(payment, 1, reason="staff", actor="staff:1", now=when)  # one cent is enough
    assert (row.status, row.created_at, row.note, row.actor) == ("pending", when, "", "staff:1")
    long = refund(payment, 2, reason="staff", actor="staff:1", now=when, note="n" * 600)
    assert len(long.note) == 500
    jobs = db.session.scalars(select(ScheduledJob).where(
        ScheduledJob.task == "shop.billing.tasks:send_refund")).all()
    assert sorted(job.key for job in jobs) == sorted([f"refund:{row.id}", f"refund:{long.id}"])
    assert order.events[-1].at == when and "Remboursement de 0,02" in order.events[-1].note


def test_refusals_say_why_in_french(db, shop_ready, stripe_on):
    _order, payment = _paid_by(stripe_on, db)
    for amount in (0, -5, 1.5, True, "10"):
        with pytest.raises(RefundRefused) as refused:
            refund(payment, amount, reason="staff", actor="staff:1", now=utcnow())
        assert str(refused.value) == (
            "Le montant à rembourser doit être un nombre positif de centimes.")
    with pytest.raises(ValueError, match="unknown refund reason 'gift'"):
        refund(payment, 100, reason="gift", actor="staff:1", now=utcnow())


def test_send_reads_the_refund_afresh_and_never_sends_a_settled_one(app, db, shop_ready,
                                                                    stripe_on, is_postgres):
    """A refund loaded in this session and settled meanwhile by another (a reconciled provider
    event) must not be sent again from the stale copy."""
    from sqlalchemy.orm import Session

    if not is_postgres:
        pytest.skip("needs PostgreSQL's concurrent transactions (SQLite has one writer)")
    from shop.billing.refunds import send

    _order, payment = _paid_by(stripe_on, db)
    stripe_on.fail_next(400, count=1)
    row = refund(payment, 700, reason="staff", actor="staff:1", now=utcnow())
    db.session.commit()  # the first try fails: the row stays pending, a retry is scheduled
    db.session.refresh(row)
    assert row.status == "pending"
    with Session(db.engine) as other:
        other.get(Refund, row.id).status = "succeeded"
        other.commit()
    assert send(row.id, gateway("stripe"), now=utcnow()) == "succeeded"
    assert stripe_on.refunds == {}  # nothing sent from the stale "pending"


def test_nothing_is_refunded_from_an_attempt_that_captured_nothing(db, shop_ready):
    product = make_product(db, price_cents=2500, on_hand=5)
    order = place_order(make_user(db), order_request([(product, 1)]), actor="c", now=utcnow())
    payment, _url = start_attempt(order, gateway("dev"), now=utcnow(), **URLS)
    with pytest.raises(RefundRefused) as refused:
        refund(payment, 100, reason="staff", actor="staff:1", now=utcnow())
    assert str(refused.value) == "Ce paiement n'a rien encaissé : il n'y a rien à rembourser."


def test_two_concurrent_refunds_that_together_exceed_the_capture(app, db, shop_ready,
                                                                 stripe_on):
    _order, payment = _paid_by(stripe_on, db)
    amount = payment.captured_cents // 2 + 100  # each alone is fine, both are too much
    payment_id, intent = payment.id, payment.captured_ref
    db.session.rollback()
    start, outcomes = threading.Barrier(2), []

    def take(number: int) -> None:
        with app.app_context():
            row = db.session.get(Payment, payment_id)
            db.session.rollback()
            start.wait()
            try:
                refund(row, amount, reason="staff", actor=f"staff:{number}", now=utcnow())
                db.session.commit()
                outcomes.append("refunded")
            except RefundRefused:
                db.session.rollback()
                outcomes.append("refused")

    threads = [threading.Thread(target=take, args=(n,)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sorted(outcomes) == ["refunded", "refused"]
    assert [r.amount_cents for r in _refunds(db)] == [amount]
    assert stripe_on.payment_intents[intent]["amount_refunded"] == amount


def test_a_stripe_dashboard_refund_is_reconciled_into_the_ledger(db, shop_ready, stripe_on,
                                                                 client):
    _order, payment = _paid_by(stripe_on, db)
    refund(payment, 1000, reason="staff", actor="staff:1", now=utcnow())
    db.session.commit()
    ours = gateway("stripe").parse_webhook(*stripe_on.webhooks[-1])  # cumulative 10,00
    apply_event(ours, provider="stripe", now=utcnow())
    dashboard = gateway("stripe").parse_webhook(*stripe_on.dashboard_refund(
        payment.captured_ref, 700))  # cumulative 17,00
    apply_event(dashboard, provider="stripe", now=utcnow())
    apply_event(dashboard, provider="stripe", now=utcnow())  # replayed
    db.session.commit()
    rows = _refunds(db)
    assert [(r.reason, r.amount_cents, r.status) for r in rows] == [
        ("staff", 1000, "succeeded"), ("provider", 700, "succeeded")]
    with pytest.raises(RefundRefused):  # what is left: 50,00 - 17,00
        refund(payment, payment.captured_cents - 1700 + 1, reason="staff", actor="s",
               now=utcnow())


def test_a_paypal_dashboard_refund_is_reconciled_and_ours_confirmed(db, shop_ready, paypal_on):
    _order, payment = _paid_by(paypal_on, db, provider="paypal")
    row = refund(payment, 1000, reason="staff", actor="staff:1", now=utcnow())
    db.session.commit()
    paypal_on.wait_for("POST", r"/v2/payments/captures/\w+/refund")
    sent = next(r for r in paypal_on.refunds.values())
    assert paypal_on.calls("POST", r"/v2/payments/captures/\w+/refund")[0].header(
        "PayPal-Request-Id") == f"refund-{row.id}"
    ours = gateway("paypal").parse_webhook(*paypal_on.signed_webhook(
        "PAYMENT.CAPTURE.REFUNDED", sent))
    apply_event(ours, provider="paypal", now=utcnow())
    outside = gateway("paypal").parse_webhook(*paypal_on.dashboard_refund(
        payment.captured_ref, 250))
    apply_event(outside, provider="paypal", now=utcnow())
    db.session.commit()
    assert [(r.reason, r.amount_cents, r.status) for r in _refunds(db)] == [
        ("staff", 1000, "succeeded"), ("provider", 250, "succeeded")]


def test_a_refund_is_issued_from_a_cli_command_without_a_request(app, db, shop_ready,
                                                                 stripe_on):
    order, payment = _paid_by(stripe_on, db)
    runner = app.test_cli_runner()
    result = runner.invoke(args=["billing", "refund", order.reference, "12,50",
                                 "--note", "geste commercial"])
    assert result.exit_code == 0, result.output
    assert "12,50" in result.output
    [row] = _refunds(db)
    assert (row.amount_cents, row.status, row.actor, row.note) == (
        1250, "succeeded", "cli", "geste commercial")
    assert [r["amount"] for r in stripe_on.refunds.values()] == [1250]
    refused = runner.invoke(args=["billing", "refund", order.reference, "1000"])
    assert refused.exit_code != 0 and "remboursables" in refused.output


def _refund_jobs(db, row):
    from shop.jobs.models import ScheduledJob

    db.session.expire_all()
    return list(db.session.scalars(
        select(ScheduledJob).where(ScheduledJob.key.like(f"refund:{row.id}:%"))
        .order_by(ScheduledJob.id)))


def test_a_failing_refund_is_retried_after_1_then_2_then_4_minutes(db, shop_ready, stripe_on):
    _order, payment = _paid_by(stripe_on, db)
    stripe_on.fail_next(400, count=3)
    row = refund(payment, 1500, reason="staff", actor="staff:1", now=utcnow())
    db.session.commit()
    for _ in range(2):
        run_due(now=_refund_jobs(db, row)[-1].run_at)
    jobs = _refund_jobs(db, row)
    assert [job.key for job in jobs] == [f"refund:{row.id}:{n}" for n in (1, 2, 3)]
    delays = [(job.run_at - job.created_at).total_seconds() for job in jobs]
    assert [round(d / 60) for d in delays] == [1, 2, 4], delays
    run_due(now=jobs[-1].run_at)
    assert _refunds(db)[0].status == "succeeded"
    assert len(stripe_on.refunds) == 1


def test_a_refund_that_fails_for_good_says_so_in_the_timeline_and_the_log(
    db, shop_ready, stripe_on, caplog
):
    order, payment = _paid_by(stripe_on, db)
    stripe_on.fail_next(400, count=MAX_ATTEMPTS, message="x" * 900)  # a very long reason
    row = refund(payment, 1500, reason="staff", actor="staff:1", now=utcnow())
    db.session.commit()
    for _ in range(MAX_ATTEMPTS - 1):
        run_due(now=_refund_jobs(db, row)[-1].run_at)
    [row] = _refunds(db)
    assert row.status == "failed" and len(row.last_error) == 500
    db.session.refresh(order)
    note = order.events[-1]
    assert note.note.startswith("Remboursement de 15,00\u00a0€ en échec : Stripe a refusé")
    assert (note.actor, note.at) == ("system:billing", row.settled_at)
    [logged] = [r.getMessage() for r in caplog.records if "failed for good" in r.getMessage()]
    assert logged.startswith(f"Refund {row.id} failed for good: Stripe a refusé")
    assert logged.endswith("x")  # the reason as recorded, nothing after it


def test_a_settled_refund_is_noted_by_the_ledger_when_it_succeeded(db, shop_ready, stripe_on):
    order, payment = _paid_by(stripe_on, db)
    refund(payment, 1500, reason="staff", actor="staff:1", now=utcnow())
    db.session.commit()
    [row] = _refunds(db)
    db.session.refresh(order)
    note = order.events[-1]
    assert note.note == f"Remboursement de 15,00\u00a0€ effectué ({row.provider_ref})"
    assert (note.actor, note.at) == ("system:billing", row.settled_at)


def test_sending_is_harmless_twice_and_for_a_missing_refund(db, shop_ready, stripe_on):
    from shop.billing.refunds import send

    _order, payment = _paid_by(stripe_on, db)
    row = refund(payment, 1500, reason="staff", actor="staff:1", now=utcnow())
    db.session.commit()
    assert send(row.id, gateway("stripe"), now=utcnow()) == "succeeded"
    assert send(987654, gateway("stripe"), now=utcnow()) == "missing"
    assert len(stripe_on.calls("POST", "/v1/refunds")) == 1


def test_a_refund_through_a_provider_no_longer_configured_waits(db, shop_ready, stripe_on):
    _order, payment = _paid_by(stripe_on, db)
    refund(payment, 1500, reason="staff", actor="staff:1", now=utcnow())
    stripe_on.fail_next(500, count=0)
    from flask import current_app

    current_app.config["STRIPE_SECRET_KEY"] = None  # Stripe switched off before the job runs
    current_app.config["STRIPE_WEBHOOK_SECRET"] = None
    db.session.commit()
    [row] = _refunds(db)
    assert (row.status, row.last_error) == (
        "pending", "Le moyen de paiement « stripe » n'est pas configuré.")
    assert stripe_on.calls("POST", "/v1/refunds") == []


def test_an_order_refunds_from_its_own_captures_and_says_what_is_left(db, shop_ready,
                                                                      stripe_on):
    """refund_order and refundable_cents, the verbs of cancellations and withdrawals: another
    order's capture never pays for this one, what was refunded is no longer refundable, and a
    refusal says in French how much is left."""
    from shop.billing.refunds import refund_order, refundable_cents

    order, payment = _paid_by(stripe_on, db)
    other, _other_payment = _paid_by(stripe_on, db)
    total = order.total_ttc_cents
    assert refundable_cents(order.id) == total and refundable_cents(other.id) == total
    now = utcnow()
    [row] = refund_order(order, 1000, reason="staff", actor="staff:1", now=now)
    db.session.commit()
    assert (row.payment_id, row.amount_cents, row.note, row.created_at) == (
        payment.id, 1000, "", now)
    assert refundable_cents(order.id) == total - 1000
    assert refundable_cents(other.id) == total  # untouched
    with pytest.raises(RefundRefused) as refused:
        refund_order(order, total - 1000 + 1, reason="staff", actor="staff:1", now=now)
    assert str(refused.value) == (
        f"Remboursement refusé : il reste {format_eur(total - 1000)} remboursables "
        f"sur la commande {order.reference}.")
    db.session.rollback()
    [noted] = refund_order(order, total - 1000 - 1, reason="unavailable", actor="staff:1",
                           now=now, note="Rupture chez le fournisseur")
    assert noted.note == "Rupture chez le fournisseur"
    [last_cent] = refund_order(order, 1, reason="staff", actor="staff:1", now=now)
    db.session.commit()
    assert last_cent.amount_cents == 1 and refundable_cents(order.id) == 0


def test_an_order_refund_skips_a_capture_already_given_back(db, shop_ready):
    """Two tabs paid: the extra capture (the older attempt here) was refunded in full; a later
    refund of the order comes from the capture that settled it, and only from it."""
    from shop.billing.refunds import refund_order
    from tests.checkout_factories import dev_attempt, dev_verdict

    product = make_product(db, price_cents=2500, on_hand=5)
    order = place_order(make_user(db), order_request([(product, 2)]), actor="client",
                        now=utcnow())
    db.session.commit()
    older, older_token = dev_attempt(order)
    newer, newer_token = dev_attempt(order)
    dev_verdict(order, "accept", token=newer_token)
    dev_verdict(order, "accept", token=older_token)  # the extra capture, refunded in full
    db.session.commit()
    rows = refund_order(order, 700, reason="staff", actor="staff:1", now=utcnow())
    assert [(r.payment_id, r.amount_cents) for r in rows] == [(newer.id, 700)]
    assert older.id < newer.id
