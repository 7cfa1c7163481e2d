"""Provider verdicts through the ledger: every capture pays its order or is refunded.

The stories of issue 15 each fail on the old checkout code (one `apply_payment_event`, the
order's last `payment_provider_ref`) and pass here.
"""

from datetime import timedelta

from sqlalchemy import select

from shop.billing.events import apply_event
from shop.billing.models import Payment, PaymentEventRecord, Refund
from shop.billing.unpaid import expire_if_unpaid
from shop.checkout.services import place_order
from shop.db import utcnow
from shop.jobs import run_due
from shop.notifications.models import MailMessage
from shop.orders import states
from shop.payments import PaymentEvent
from shop.stock.models import StockMovement
from tests.account_factories import make_user
from tests.checkout_factories import dev_attempt, dev_verdict, order_request
from tests.factories import make_product


def _placed(db, on_hand=5, quantity=2, now=None):
    product = make_product(db, price_cents=2500, on_hand=on_hand)
    order = place_order(make_user(db), order_request([(product, quantity)]), actor="client",
                        now=now or utcnow())
    db.session.commit()
    return order, product


def _refunds(db) -> list[Refund]:
    db.session.expire_all()
    return list(db.session.scalars(select(Refund).order_by(Refund.id)))


def _payments(db, order) -> list[Payment]:
    db.session.expire_all()
    return list(db.session.scalars(
        select(Payment).where(Payment.order_id == order.id).order_by(Payment.id)))


def test_an_accepted_payment_pays_the_order_once(db, shop_ready):
    order, product = _placed(db)
    payment, token = dev_attempt(order)
    dev_verdict(order, "accept", token=token)
    dev_verdict(order, "accept", token=token)  # the page posted twice: same event id
    db.session.commit()
    assert order.status == states.PAID and order.payment_method == "dev"
    assert order.payment_ref == payment.attempt_ref
    assert [e.to_status for e in order.events].count(states.PAID) == 1
    assert len(db.session.scalars(select(PaymentEventRecord)).all()) == 1
    [payment] = _payments(db, order)
    assert (payment.status, payment.captured_cents, payment.captured_currency) == (
        "captured", order.total_ttc_cents, "EUR")
    assert _refunds(db) == []


def test_a_refusal_of_the_current_attempt_cancels_and_gives_the_stock_back(db, shop_ready):
    order, product = _placed(db)
    assert product.available == 3
    then = utcnow() + timedelta(minutes=3)
    dev_verdict(order, "refuse", now=then)
    db.session.commit()
    assert (order.status, order.cancel_reason) == (states.CANCELLED, "payment_refused")
    assert order.cancelled_at == then and order.events[-1].actor == "paiement:dev"
    assert [(p.status, p.ended_at) for p in _payments(db, order)] == [("failed", then)]
    assert product.available == 5
    movements = db.session.execute(
        select(StockMovement.kind, StockMovement.allocated_change, StockMovement.reason)
        .where(StockMovement.order_id == order.id).order_by(StockMovement.id)
    ).all()
    assert movements == [("allocated", 2, "order_placed"), ("released", -2, "payment_refused")]
    assert [p.status for p in _payments(db, order)] == ["failed"]


def test_a_refusal_told_twice_cancels_once(db, shop_ready):
    order, product = _placed(db)
    payment, _token = dev_attempt(order)
    for number in range(2):  # two event ids for the same refusal (webhook and return)
        event = PaymentEvent(kind="failed", reference=order.reference,
                             provider_ref=payment.attempt_ref, event_id=f"no-{number}")
        apply_event(event, provider="dev", now=utcnow())
    db.session.commit()
    assert order.status == states.CANCELLED and product.available == 5
    assert [e.to_status for e in order.events].count(states.CANCELLED) == 1
    outcomes = db.session.scalars(
        select(PaymentEventRecord.outcome).order_by(PaymentEventRecord.id)).all()
    assert outcomes == ["annulée (paiement refusé)",
                        "failed : enregistré sans effet sur la commande"]


def test_an_older_attempts_failure_leaves_the_live_order_alone(db, shop_ready):
    """Before: a failed or expired event from an older attempt cancelled the order."""
    order, _product = _placed(db)
    _old, old_token = dev_attempt(order)
    then = utcnow() + timedelta(minutes=2)
    dev_attempt(order, now=then)  # « payer » again: a new attempt, the old one is closed
    assert [(p.status, p.ended_at) for p in _payments(db, order)] == [
        ("cancelled", then), ("open", None)]
    assert [e.actor for e in order.events][-2:] == ["paiement:dev", "paiement:dev"]
    dev_verdict(order, "refuse", token=old_token)
    db.session.commit()
    assert order.status == states.AWAITING_PAYMENT
    assert [p.status for p in _payments(db, order)] == ["cancelled", "open"]


def test_an_expiry_event_never_cancels_the_order_its_deadline_does(db, shop_ready):
    order, _product = _placed(db)
    payment, _token = dev_attempt(order)
    event = PaymentEvent(kind="expired", reference=order.reference,
                         provider_ref=payment.attempt_ref, event_id="exp-1")
    apply_event(event, provider="dev", now=utcnow())
    db.session.commit()
    assert order.status == states.AWAITING_PAYMENT
    assert [p.status for p in _payments(db, order)] == ["expired"]


def test_a_capture_after_the_order_expired_is_refunded_and_the_customer_told(db, shop_ready):
    """Before: the webhook answered 200, the order stayed cancelled and nothing was refunded."""
    placed_at = utcnow() - timedelta(minutes=40)
    order, product = _placed(db, now=placed_at)
    _payment, token = dev_attempt(order, now=placed_at)
    assert expire_if_unpaid(order.id, utcnow())
    db.session.commit()
    paid_at = utcnow() - timedelta(minutes=1)
    dev_verdict(order, "accept", token=token, now=paid_at)  # the page was still open: paid
    db.session.commit()
    assert order.status == states.CANCELLED and product.available == 5
    [refund] = _refunds(db)
    assert (refund.reason, refund.amount_cents, refund.status, refund.created_at) == (
        "paid_after_cancellation", order.total_ttc_cents, "succeeded", paid_at)
    assert refund.actor == "system:billing"
    from shop.jobs.models import ScheduledJob

    told = db.session.scalars(select(ScheduledJob.key).where(
        ScheduledJob.task == "shop.billing.tasks:tell_customer_of_refund")).all()
    assert told == [f"told:{refund.id}"]  # the customer is told once
    assert refund.provider_ref == f"dev_refund_refund-{refund.id}"
    mail = db.session.scalar(select(MailMessage).where(MailMessage.subject.like("%Rembours%")))
    assert mail.subject == f"Remboursement de votre paiement pour la commande {order.reference}"
    assert "intégralement remboursé" in mail.text_body
    assert f"http://localhost/compte/commandes/{order.reference}" in mail.text_body
    # Archived with its order and its customer: staff find it on both pages (CGV 13).
    assert (mail.order_id, mail.user_id) == (order.id, order.user_id)


def test_a_second_capture_on_a_paid_order_is_refunded(db, shop_ready):
    """Before: two tabs both paid; the second capture was recorded « déjà payée » and kept."""
    order, _product = _placed(db)
    _first, first_token = dev_attempt(order)
    _second, second_token = dev_attempt(order)
    dev_verdict(order, "accept", token=second_token)
    dev_verdict(order, "accept", token=first_token)  # the other tab, closed but paid
    db.session.commit()
    assert order.status == states.PAID
    [refund] = _refunds(db)
    assert (refund.reason, refund.status, refund.amount_cents) == (
        "duplicate_capture", "succeeded", order.total_ttc_cents)
    assert refund.payment.attempt_ref != order.payment_ref  # the extra capture, not the good one


def test_a_capture_of_another_amount_or_currency_is_refunded(db, shop_ready):
    order, _product = _placed(db)
    payment, _token = dev_attempt(order)
    for number, (amount, currency) in enumerate(
        [(order.total_ttc_cents - 1, "EUR"), (order.total_ttc_cents, "USD")]
    ):
        event = PaymentEvent(kind="paid", reference=order.reference,
                             provider_ref=f"{payment.attempt_ref}-{number}",
                             event_id=f"odd-{number}", payment_ref=f"cap-{number}",
                             amount_cents=amount, currency=currency)
        apply_event(event, provider="dev", now=utcnow())
    db.session.commit()
    assert order.status == states.AWAITING_PAYMENT
    assert [(r.reason, r.amount_cents, r.currency) for r in _refunds(db)] == [
        ("amount_mismatch", order.total_ttc_cents - 1, "EUR"),
        ("amount_mismatch", order.total_ttc_cents, "USD"),
    ]


def test_the_order_records_the_provider_that_captured(db, shop_ready, stripe_on):
    """Before: paid by card after first choosing PayPal, the order still said « paypal »."""
    from shop.billing.attempts import start_attempt
    from shop.billing.gateways import gateway

    order, _product = _placed(db)
    card, _url = start_attempt(order, gateway("stripe"), now=utcnow(),
                               return_url="http://localhost/r", cancel_url="http://localhost/c")
    db.session.commit()
    stripe_on.fail_next(500, count=10)  # Stripe is down: the card session cannot be closed
    dev_attempt(order)  # then the customer chose the demonstration method...
    db.session.commit()
    stripe_on.recover()
    assert order.payment_method == "dev"
    payload, headers = stripe_on.complete_session(card.attempt_ref)  # ...but paid by card
    event = gateway("stripe").parse_webhook(payload, headers)
    apply_event(event, provider="stripe", now=utcnow())
    db.session.commit()
    assert order.status == states.PAID
    assert order.payment_method == "stripe" and order.payment_ref.startswith("pi_")


def test_starting_a_new_attempt_closes_the_old_session_at_stripe(db, shop_ready, stripe_on):
    from shop.billing.attempts import start_attempt
    from shop.billing.gateways import gateway

    order, _product = _placed(db)
    urls = {"return_url": "http://localhost/r", "cancel_url": "http://localhost/c"}
    first, _ = start_attempt(order, gateway("stripe"), now=utcnow(), **urls)
    db.session.commit()
    second, _ = start_attempt(order, gateway("stripe"), now=utcnow(), **urls)
    assert stripe_on.sessions[first.attempt_ref]["status"] == "open"  # not before the commit
    db.session.commit()
    assert stripe_on.sessions[first.attempt_ref]["status"] == "expired"
    assert stripe_on.sessions[second.attempt_ref]["status"] == "open"
    assert [p.status for p in _payments(db, order)] == ["cancelled", "open"]


def test_the_stripe_session_names_the_order_and_the_buyer_and_ends_at_the_deadline(
        db, shop_ready, stripe_on):
    """Stripe's dashboard and receipt tie the payment to the order's reference and the
    customer's address; a payment found there without them could not be matched by hand."""
    from shop.billing.attempts import start_attempt
    from shop.billing.gateways import gateway

    order, _product = _placed(db)
    order.payment_expires_at = deadline = utcnow().replace(microsecond=0) + timedelta(hours=2)
    started = utcnow() - timedelta(minutes=5)  # the moment the customer pressed « Payer »
    card, _url = start_attempt(order, gateway("stripe"), now=started,
                               return_url="http://localhost/r", cancel_url="http://localhost/c")
    session = stripe_on.sessions[card.attempt_ref]
    assert session["client_reference_id"] == order.reference
    assert session["customer_email"] == order.customer_email
    # Stripe stops taking money at the order's deadline (its default is 24 hours).
    assert session["expires_at"] == int(deadline.timestamp())
    db.session.commit()
    db.session.expire_all()
    assert (card.status, card.created_at, card.expires_at) == ("open", started, deadline)


def test_a_close_that_fails_is_retried_and_the_session_ends_at_the_orders_deadline(
    db, shop_ready, stripe_on
):
    from shop.billing.attempts import start_attempt
    from shop.billing.gateways import gateway
    from shop.jobs.models import ScheduledJob

    order, _product = _placed(db)
    urls = {"return_url": "http://localhost/r", "cancel_url": "http://localhost/c"}
    first, _ = start_attempt(order, gateway("stripe"), now=utcnow(), **urls)
    db.session.commit()
    expires = stripe_on.sessions[first.attempt_ref]["expires_at"]
    assert expires >= (utcnow() + timedelta(minutes=30)).timestamp()  # Stripe's minimum
    stripe_on.fail_next(500, count=10)  # Stripe is down when the order is cancelled
    order = db.session.get(type(order), order.id)
    from shop.billing.unpaid import cancel_unpaid_order

    then = utcnow()
    cancel_unpaid_order(order, reason="customer", actor="client", now=then)
    db.session.commit()
    assert (order.status, order.cancelled_at, order.cancel_reason) == (
        states.CANCELLED, then, "customer")
    assert [(p.status, p.ended_at) for p in _payments(db, order)] == [("cancelled", then)]
    assert {e.actor for e in order.events if e.at == then} == {"client"}
    assert stripe_on.sessions[first.attempt_ref]["status"] == "open"
    job = db.session.scalar(select(ScheduledJob).where(ScheduledJob.key == f"close:{first.id}"))
    assert job.status == "due" and "unreachable" in job.last_error
    stripe_on.recover()
    run_due(now=job.run_at)
    assert stripe_on.sessions[first.attempt_ref]["status"] == "expired"


def test_a_paid_order_does_not_expire(db, shop_ready):
    order, product = _placed(db, now=utcnow() - timedelta(minutes=10))
    dev_verdict(order, "accept")
    db.session.commit()
    assert not expire_if_unpaid(order.id, utcnow() + timedelta(hours=2))
    assert order.status == states.PAID and product.available == 3


def test_an_unpaid_order_expires_at_its_own_deadline(db, shop_ready):
    now = utcnow()
    order, product = _placed(db, now=now)
    assert not expire_if_unpaid(order.id, now + timedelta(minutes=29))
    assert expire_if_unpaid(order.id, now + timedelta(minutes=30))
    db.session.commit()
    assert (order.status, order.cancel_reason) == (states.CANCELLED, "payment_expired")
    assert (order.cancelled_at, order.events[-1].actor) == (
        now + timedelta(minutes=30), "system:expiry")
    assert product.available == 5


def test_a_phone_order_can_have_a_48_hour_deadline(db, shop_ready):
    now = utcnow()
    product = make_product(db, price_cents=2500, on_hand=5)
    order = place_order(make_user(db), order_request([(product, 1)],
                                                     payment_window=timedelta(hours=48)),
                        actor="staff:1", now=now)
    db.session.commit()
    assert order.payment_expires_at == now + timedelta(hours=48)
    assert not expire_if_unpaid(order.id, now + timedelta(hours=47))
    assert expire_if_unpaid(order.id, now + timedelta(hours=48))


def test_the_scheduled_job_cancels_an_expired_order(db, shop_ready):
    order, product = _placed(db, now=utcnow() - timedelta(hours=1))
    summary = run_due(now=utcnow() + timedelta(minutes=1))
    db.session.expire_all()
    assert summary.done == 1
    assert order.status == states.CANCELLED and product.available == 5


def test_an_event_about_nothing_of_ours_is_recorded_and_ignored(db, shop_ready):
    event = PaymentEvent(kind="paid", reference="PN-NONE-0000", provider_ref="x",
                         event_id="stray-1", payment_ref="y", amount_cents=100, currency="EUR")
    assert apply_event(event, provider="dev", now=utcnow()) is None
    db.session.commit()
    [record] = db.session.scalars(select(PaymentEventRecord)).all()
    assert (record.order_id, record.outcome) == (None, "commande inconnue")


def test_an_orders_money_lists_its_attempts_oldest_first(db, shop_ready):
    from shop.billing.queries import order_money

    order, _product = _placed(db)
    first, _ = dev_attempt(order)
    second, _ = dev_attempt(order)
    db.session.commit()
    assert [p.id for p in order_money(order.id).payments] == [first.id, second.id]


def test_closing_an_attempt_is_harmless_for_a_missing_row_or_a_provider_switched_off(
    db, shop_ready
):
    from shop.billing.tasks import close_attempt

    order, _product = _placed(db)
    gone = Payment(order_id=order.id, provider="paypal", attempt_ref="ORDER1", amount_cents=1,
                   currency="EUR", status="cancelled", created_at=utcnow())
    db.session.add(gone)
    db.session.commit()
    close_attempt(987654)  # no such attempt
    close_attempt(gone.id)  # PayPal is not configured here: nothing to call


def test_a_capture_told_twice_under_two_event_ids_pays_once_at_its_time(db, shop_ready):
    """The buyer's return and the webhook both report the same capture: one payment, one
    confirmation, the other attempts closed at the capture's time, nothing refunded."""
    from shop.jobs.models import ScheduledJob

    order, _product = _placed(db)
    older, _token = dev_attempt(order)
    current, _token = dev_attempt(order)
    older.status, older.ended_at = "open", None  # say another tab's attempt is still open
    db.session.commit()
    when = utcnow() - timedelta(minutes=3)

    def told(event_id):
        return PaymentEvent(kind="paid", reference=order.reference,
                            provider_ref=current.attempt_ref, event_id=event_id,
                            payment_ref=current.attempt_ref,
                            amount_cents=order.total_ttc_cents, currency="EUR")

    apply_event(told("return-1"), provider="dev", now=when)
    apply_event(told("webhook-1"), provider="dev", now=when + timedelta(seconds=5))
    db.session.commit()
    assert order.status == states.PAID and order.paid_at == when
    older_row, current_row = _payments(db, order)
    assert (older_row.status, older_row.ended_at) == ("cancelled", when)
    assert (current_row.status, current_row.captured_cents) == ("captured",
                                                                order.total_ttc_cents)
    assert _refunds(db) == []
    outcomes = db.session.scalars(select(PaymentEventRecord.outcome).order_by(
        PaymentEventRecord.id)).all()
    assert outcomes[-2:] == ["payée", "capture déjà enregistrée"]
    keys = db.session.scalars(select(ScheduledJob.key).where(
        ScheduledJob.task == "shop.checkout.confirmation:send_order_confirmation")).all()
    assert keys == [f"confirmation:{order.id}"]


def test_a_capture_through_an_attempt_we_never_recorded_is_recorded_with_its_id(db, shop_ready):
    """The provider names an attempt of ours we have no row for (a session made before a
    restore, say): the capture gets a row of its own and pays the order."""
    order, _product = _placed(db)
    when = utcnow() - timedelta(minutes=2)
    apply_event(PaymentEvent(kind="paid", reference=order.reference, provider_ref="dev_lost_1",
                             event_id="evt-lost-1", payment_ref="dev_lost_1",
                             amount_cents=order.total_ttc_cents, currency="EUR"),
                provider="dev", now=when)
    db.session.commit()
    [payment] = _payments(db, order)
    assert (payment.attempt_ref, payment.status, payment.created_at) == (
        "dev_lost_1", "captured", when)
    assert order.status == states.PAID


def _outcome(db) -> str:
    return db.session.scalars(select(PaymentEventRecord.outcome).order_by(
        PaymentEventRecord.id.desc())).first()


def test_events_the_ledger_cannot_place_are_recorded_with_why(db, shop_ready):
    order, _product = _placed(db)
    payment, _token = dev_attempt(order)
    db.session.commit()
    apply_event(PaymentEvent(kind="failed", reference=order.reference, provider_ref="dev_x",
                             event_id="evt-unknown-attempt"), provider="dev", now=utcnow())
    assert _outcome(db) == "tentative inconnue : ignoré"
    apply_event(PaymentEvent(kind="refunded", reference=order.reference,
                             provider_ref=payment.attempt_ref, event_id="evt-refund-open",
                             amount_cents=100), provider="dev", now=utcnow())
    assert _outcome(db) == "remboursement d'un paiement non encaissé : ignoré"
    db.session.commit()
    assert order.status == states.AWAITING_PAYMENT and _refunds(db) == []


def test_a_capture_without_an_amount_takes_the_attempt_s_and_is_noted_with_it(db, shop_ready):
    """PayPal's return reports no amount: the attempt's is captured, in the order's timeline
    with its time."""
    order, _product = _placed(db)
    payment, _token = dev_attempt(order)
    db.session.commit()
    when = utcnow() - timedelta(minutes=1)
    apply_event(PaymentEvent(kind="paid", reference=order.reference,
                             provider_ref=payment.attempt_ref, event_id="evt-no-amount",
                             payment_ref="cap-1", currency="EUR"), provider="dev", now=when)
    db.session.commit()
    [payment] = _payments(db, order)
    assert (payment.captured_cents, payment.captured_currency, payment.ended_at) == (
        order.total_ttc_cents, "EUR", when)
    note = next(e for e in order.events if e.note.startswith("Paiement de"))
    assert note.at == when and note.note == (
        f"Paiement de {order.total_ttc_cents // 100},{order.total_ttc_cents % 100:02d}\u00a0€ "
        "encaissé par dev (cap-1)")
    assert order.status == states.PAID


def test_a_capture_without_a_currency_is_not_taken_for_the_order_s(db, shop_ready):
    order, _product = _placed(db)
    payment, _token = dev_attempt(order)
    db.session.commit()
    apply_event(PaymentEvent(kind="paid", reference=order.reference,
                             provider_ref=payment.attempt_ref, event_id="evt-no-currency",
                             payment_ref="cap-2", amount_cents=order.total_ttc_cents),
                provider="dev", now=utcnow())
    db.session.commit()
    [payment] = _payments(db, order)
    assert payment.captured_currency == ""
    [refund] = _refunds(db)
    assert refund.reason == "amount_mismatch"  # no currency is not « EUR »: refunded


def test_an_event_reads_the_attempt_afresh_under_its_lock(db, shop_ready, is_postgres):
    """The attempt held in this session is stale (another worker captured it meanwhile): the
    event must act on what the database says, not on the copy in memory, or the order would
    be paid a second time by the same capture."""
    from sqlalchemy import update
    from sqlalchemy.orm import Session

    order, _product = _placed(db)
    payment, _token = dev_attempt(order)
    db.session.commit()
    assert payment.status == "open"  # loaded here
    capture = update(Payment.__table__).where(Payment.id == payment.id).values(
        status="captured", captured_ref=payment.attempt_ref,
        captured_cents=order.total_ttc_cents, captured_currency="EUR")
    if is_postgres:
        with Session(db.engine) as other:  # another transaction, committed meanwhile
            other.execute(capture)
            other.commit()
    else:  # SQLite has one writer: the row changes through this session's own connection,
        db.session.connection().execute(capture)  # behind the copy it holds
    assert payment.status == "open"  # the copy in this session is stale
    apply_event(PaymentEvent(kind="paid", reference=order.reference,
                             provider_ref=payment.attempt_ref, event_id="evt-stale",
                             payment_ref=payment.attempt_ref,
                             amount_cents=order.total_ttc_cents, currency="EUR"),
                provider="dev", now=utcnow())
    assert _outcome(db) == "capture déjà enregistrée"


def test_a_paid_order_refuses_a_new_attempt_in_french(db, shop_ready):
    import pytest

    from shop.billing.attempts import AttemptRefused

    order, _product = _placed(db)
    dev_verdict(order, "accept")
    db.session.commit()
    with pytest.raises(AttemptRefused) as refused:
        dev_attempt(order)
    assert str(refused.value) == "Cette commande n'attend plus de paiement."


def test_a_new_attempt_closes_the_older_attempts_of_its_own_order_only(db, shop_ready):
    """Two customers paying at once: Léa's new attempt must not close Marc's open one."""
    lea, _ = _placed(db)
    marc, _ = _placed(db)
    dev_attempt(marc)
    db.session.commit()
    dev_attempt(lea)
    db.session.commit()
    dev_attempt(lea)
    db.session.commit()
    assert [p.status for p in _payments(db, marc)] == ["open"]
    assert [p.status for p in _payments(db, lea)] == ["cancelled", "open"]
