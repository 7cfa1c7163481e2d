"""What staff read of the ledger: newest attempts first, refunds owed oldest first, 50 at most."""

from datetime import UTC, datetime

from shop.billing.models import Payment, Refund
from shop.billing.queries import latest_payments, refunds_needing_attention
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

