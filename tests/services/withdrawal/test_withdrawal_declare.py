"""Declaring a withdrawal (B3, B4, B1, B9, B10): recorded once, acknowledged at once, never
dropped; the period checked with the clock moved (time-machine)."""

import threading
import uuid
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from sqlalchemy import func, select

from shop.db import utcnow
from shop.orders.display import timeline
from shop.withdrawal import states
from shop.withdrawal.models import DeclarationChanged, Withdrawal
from shop.withdrawal.services import Declaration, declare
from tests.pdf_text import pdf_text
from tests.withdrawal_factories import delivered_order

PARIS = ZoneInfo("Europe/Paris")
DELIVERED = datetime(2026, 9, 1, 10, 0, tzinfo=PARIS)


def _online(order, **overrides) -> Declaration:
    values = {"channel": "online", "name": order.customer_name, "reference": order.reference,
              "email": order.customer_email, "idempotency_key": uuid.uuid4().hex}
    return Declaration(**(values | overrides))


def _count(db) -> int:
    return db.session.scalar(select(func.count()).select_from(Withdrawal))


def test_in_time_on_day_14_at_23_50_acknowledged_with_its_timestamp_and_pdf(app, db, shop_ready,
                                                                           mail_via_smtp):
    """B1, B3, B4: received, shown in the timeline, e-mail with the Paris time and the PDF."""
    order = delivered_order(app, db, delivered_at=DELIVERED)
    mail_via_smtp.wait_for(1)  # the order confirmation
    with time_machine.travel(datetime(2026, 9, 15, 23, 50, 7, tzinfo=PARIS), tick=False):
        withdrawal = declare(_online(order), actor="online", at=utcnow())
        db.session.commit()
    assert withdrawal.state == states.RECEIVED and not withdrawal.needs_review
    assert withdrawal.received_at == datetime(2026, 9, 15, 21, 50, 7, tzinfo=UTC)
    assert [line.quantity for line in withdrawal.lines] == [2, 1]
    assert [(e.from_state, e.to_state) for e in withdrawal.events] == [(None, "received")]
    assert any(step.code == "withdrawal" and step.label.startswith("Rétractation reçue")
               for step in timeline(order))

    mail = mail_via_smtp.wait_for(2)[1]
    assert mail.rcpt_tos == [order.customer_email]
    assert "Accusé de réception" in mail.subject
    for fact in ["15/09/2026 à 23:50:07 (heure de Paris)", order.reference,
                 "Magnésium marin – complément alimentaire × 2", order.customer_name]:
        assert fact in mail.text, fact
    ((name, kind, data),) = mail.attachments
    assert kind == "application/pdf" and name == f"declaration-retractation-{withdrawal.id}.pdf"
    text = " ".join(pdf_text(data).split())
    for fact in ["Déclaration de rétractation", "15/09/2026 à 23:50:07", order.reference,
                 "Vitamine D3", order.customer_email, "152 449,02 €"]:
        assert fact in text, fact


def test_on_day_15_at_00_10_it_is_refused_with_a_french_reason(app, db, shop_ready):
    """B1: recorded all the same, « refused », with the reason in the timeline."""
    order = delivered_order(app, db, delivered_at=DELIVERED)
    with time_machine.travel(datetime(2026, 9, 16, 0, 10, tzinfo=PARIS), tick=False):
        withdrawal = declare(_online(order), actor="online", at=utcnow())
        db.session.commit()
    assert withdrawal.state == states.REFUSED
    assert "s'est terminé le 15/09/2026 à 23 h 59" in withdrawal.refusal_reason
    assert any(step.label.startswith("Rétractation refusée") for step in timeline(order))


def test_without_the_withdrawal_information_the_period_is_12_months_longer(app, db, shop_ready):
    """B9: the confirmation carrying the form records it was sent; without it, +12 months."""
    order = delivered_order(app, db, delivered_at=DELIVERED)
    assert order.withdrawal_info_sent_at is not None
    order.withdrawal_info_sent_at = None
    db.session.commit()
    with time_machine.travel(datetime(2027, 9, 15, 23, 50, tzinfo=PARIS), tick=False):
        withdrawal = declare(_online(order), actor="online", at=utcnow())
    assert withdrawal.state == states.RECEIVED


def test_a_professional_declaration_is_refused_with_the_reason(app, db, shop_ready):
    """B10, I2."""
    order = delivered_order(app, db, delivered_at=DELIVERED, customer_type="professional",
                            company_name="Pharmacie du Port", siret="73282932000074")
    assert order.withdrawal_info_sent_at is None  # professionals get no form
    withdrawal = declare(_online(order), actor="online", at=DELIVERED)
    assert withdrawal.state == states.REFUSED
    assert "professionnel" in withdrawal.refusal_reason


@pytest.mark.parametrize("change", [{"reference": "PN-0000-0000"}, {"name": "Dominique Autre"},
                                    {"email": "quelquun@example.org"}])
def test_a_declaration_matching_no_order_is_kept_to_check_and_reveals_nothing(
        app, db, shop_ready, mail_via_smtp, change):
    """B3: never dropped; the acknowledgement repeats only what was typed, and when."""
    order = delivered_order(app, db, delivered_at=DELIVERED)
    mail_via_smtp.wait_for(1)
    declaration = _online(order, **change)
    withdrawal = declare(declaration, actor="online", at=DELIVERED)
    db.session.commit()
    assert withdrawal.needs_review and withdrawal.order is None
    assert withdrawal.state == states.RECEIVED and not withdrawal.lines
    assert not any(step.code == "withdrawal" for step in timeline(order))
    mail = mail_via_smtp.wait_for(2)[1]
    assert mail.rcpt_tos == [declaration.email]
    (_name, _kind, data) = mail.attachments[0]
    for text in (mail.text, visible := mail.html, pdf_text(data)):
        assert "Magnésium" not in text and "Vitamine" not in text
        assert "Commande PN" not in text and "produits concernés" not in text
        assert declaration.reference in text and declaration.name in " ".join(text.split())
    assert "01/09/2026 à 10:00:00 (heure de Paris)" in visible


def test_the_same_form_posted_twice_records_one_declaration(app, db, shop_ready):
    """B3: double click, second tab, retried POST."""
    order = delivered_order(app, db, delivered_at=DELIVERED)
    declaration = _online(order)
    first = declare(declaration, actor="online", at=DELIVERED)
    db.session.commit()
    again = declare(declaration, actor="online", at=utcnow())
    db.session.commit()
    assert again.id == first.id and _count(db) == 1


def test_what_was_received_and_when_cannot_be_changed(app, db, shop_ready):
    order = delivered_order(app, db, delivered_at=DELIVERED)
    withdrawal = declare(_online(order), actor="online", at=DELIVERED)
    db.session.commit()
    withdrawal.received_at = utcnow()
    with pytest.raises(DeclarationChanged):
        db.session.flush()
    db.session.rollback()


def test_the_state_machine_refuses_moves_missing_from_its_table(app, db, shop_ready):
    order = delivered_order(app, db, delivered_at=DELIVERED)
    withdrawal = declare(_online(order), actor="online", at=DELIVERED)
    with pytest.raises(states.IllegalWithdrawalTransition):
        states.transition(withdrawal, states.REFUNDED, actor="staff:x", at=DELIVERED)
    states.transition(withdrawal, states.GOODS_AWAITED, actor="staff:x", at=DELIVERED)
    assert withdrawal.events[-1].from_state == "received"
    assert withdrawal.events[-1].actor == "staff:x"


def test_two_simultaneous_confirmations_record_one_declaration(app, db, shop_ready, is_postgres):
    """B3 on PostgreSQL: both INSERTs race on the unique key; both get the same declaration."""
    if not is_postgres:
        pytest.skip("needs PostgreSQL's concurrent transactions")
    order = delivered_order(app, db, delivered_at=DELIVERED)
    declaration = _online(order)
    db.session.rollback()
    start = threading.Barrier(2)
    ids: list[int] = []

    def confirm() -> None:
        with app.app_context():
            start.wait()
            withdrawal = declare(declaration, actor="online", at=utcnow())
            db.session.commit()
            ids.append(withdrawal.id)
            db.session.remove()

    threads = [threading.Thread(target=confirm) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert len(ids) == 2 and ids[0] == ids[1]
    assert _count(db) == 1
