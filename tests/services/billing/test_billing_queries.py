"""What staff read of the ledger: newest attempts first, refunds owed oldest first, 50 at most."""

from datetime import UTC, datetime

from shop.billing.models import Payment, Refund
from shop.billing.queries import customer_payments, latest_payments, refunds_needing_attention
from shop.checkout.services import place_order
from tests.account_factories import make_user
from tests.checkout_factories import order_request
from tests.factories import make_product

NOW = datetime(2026, 12, 2, 10, 0, tzinfo=UTC)


def test_staff_lists_are_ordered_and_bounded(db, shop_ready):
    product = make_product(db, price_cents=2500, on_hand=5)
    order = place_order(make_user(db), order_request([(product, 1)]), actor="c", now=NOW)
    payments = [Payment(order_id=order.id, provider="dev", attempt_ref=f"dev_{n}",
                        amount_cents=100, currency="EUR", status="captured",
                        captured_ref=f"dev_{n}", captured_cents=100, captured_currency="EUR",
                        created_at=NOW) for n in range(70)]
    db.session.add_all(payments)
    db.session.flush()
    statuses = ["pending", "failed", "pending", "succeeded"]
    refunds = [Refund(payment_id=p.id, amount_cents=100, currency="EUR", reason="staff",
                      actor="staff:1", status=statuses[n % 4], created_at=NOW)
               for n, p in enumerate(payments)]
    db.session.add_all(refunds)
    db.session.commit()
    shown = latest_payments()
    assert [p.id for p in shown] == [p.id for p in reversed(payments)][:50]
    owed = refunds_needing_attention()
    expected = [r.id for r in refunds if r.status != "succeeded"]
    assert len(expected) == 53 and [r.id for r in owed] == expected[:50]
    assert [r.id for r in refunds_needing_attention(limit=3)] == expected[:3]
    assert {r.status for r in owed} == {"pending", "failed"}



def _captured(order, ref):
    return Payment(order_id=order.id, provider="dev", attempt_ref=ref, amount_cents=100,
                   currency="EUR", status="captured", captured_ref=ref, captured_cents=100,
                   captured_currency="EUR", created_at=NOW)


def test_the_staff_lists_read_payments_refunds_and_orders_in_three_queries(
        db, shop_ready, count_queries):
    """Attempts with their refunds and orders: three statements, not one per row."""
    product = make_product(db, price_cents=2500, on_hand=50)
    customer = make_user(db)
    for n in range(6):
        order = place_order(customer, order_request([(product, 1)]), actor="c", now=NOW)
        payment = _captured(order, f"dev_{n}")
        db.session.add(payment)
        db.session.flush()
        db.session.add(Refund(payment_id=payment.id, amount_cents=100, currency="EUR",
                              reason="staff", actor="staff:1", status="pending", created_at=NOW))
    db.session.commit()
    customer_id = customer.id
    for listing in (latest_payments, lambda: customer_payments(customer_id)):
        db.session.expire_all()
        db.session.expunge_all()
        with count_queries() as counter:
            shown = listing()
            read = [(p.order.reference, [r.amount_cents for r in p.refunds]) for p in shown]
        assert read and all(refunds == [100] for _, refunds in read)
        assert len(counter.statements) == 3, counter.statements


def test_a_customers_payments_are_theirs_only_newest_first_and_bounded(db, shop_ready):
    product = make_product(db, price_cents=2500, on_hand=10)
    lea, marc = make_user(db), make_user(db)
    mine = place_order(lea, order_request([(product, 1)]), actor="c", now=NOW)
    theirs = place_order(marc, order_request([(product, 1)]), actor="c", now=NOW)
    payments = [_captured(mine, f"lea_{n}") for n in range(5)]
    db.session.add_all([*payments, _captured(theirs, "marc_0")])
    db.session.commit()
    assert [p.attempt_ref for p in customer_payments(lea.id)] == [
        f"lea_{n}" for n in reversed(range(5))]
    assert [p.attempt_ref for p in customer_payments(lea.id, limit=2)] == ["lea_4", "lea_3"]
    assert [p.attempt_ref for p in customer_payments(marc.id)] == ["marc_0"]


def test_a_customers_page_lists_their_200_newest_attempts(db, shop_ready):
    product = make_product(db, price_cents=2500, on_hand=5)
    order = place_order(make_user(db), order_request([(product, 1)]), actor="c", now=NOW)
    db.session.add_all([_captured(order, f"dev_{n}") for n in range(201)])
    db.session.commit()
    shown = customer_payments(order.user_id)
    assert len(shown) == 200 and shown[-1].attempt_ref == "dev_1"  # dev_0, the oldest, is not


def test_an_orders_attempts_read_oldest_first_after_one_changed(db, shop_ready):
    """The order's page lists its attempts in the order they were opened, even after the first
    one changed state (on PostgreSQL an updated row moves to the end of the table's scan)."""
    from sqlalchemy import update

    from shop.billing.queries import order_money

    order = place_order(make_user(db), order_request([(make_product(db, on_hand=5), 1)]),
                        actor="c", now=NOW)
    first, second = _captured(order, "dev_a"), _captured(order, "dev_b")
    db.session.add(first)
    db.session.flush()
    db.session.add(second)
    order_id, first_id = order.id, first.id
    db.session.commit()
    db.session.execute(update(Payment).where(Payment.id == first_id).values(status="failed"))
    db.session.commit()
    db.session.expunge_all()
    assert [p.attempt_ref for p in order_money(order_id).payments] == ["dev_a", "dev_b"]
