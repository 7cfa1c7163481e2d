"""The ledger's two state machines, over every pair of states."""

from datetime import UTC, datetime
from itertools import product

import pytest

from shop.billing.models import PAYMENT_STATUSES, REFUND_STATUSES, Payment, Refund
from shop.billing.states import IllegalMove, move_payment, move_refund

AT = datetime(2026, 12, 2, 10, 0, tzinfo=UTC)
PAYMENT_ALLOWED = {
    ("open", "captured"), ("open", "failed"), ("open", "expired"), ("open", "cancelled"),
    ("cancelled", "captured"), ("failed", "captured"), ("expired", "captured"),
}
REFUND_ALLOWED = {("pending", "succeeded"), ("pending", "failed"), ("failed", "pending")}


@pytest.mark.parametrize(("start", "to"), list(product(PAYMENT_STATUSES, repeat=2)))
def test_every_payment_move(start, to):
    payment = Payment(id=1, status=start, ended_at=None, captured_at=None)
    if (start, to) in PAYMENT_ALLOWED:
        move_payment(payment, to, at=AT)
        assert (payment.status, payment.ended_at) == (to, AT)
        assert payment.captured_at == (AT if to == "captured" else None)
    else:
        with pytest.raises(IllegalMove, match=f"^payment 1: {start} -> {to}$"):
            move_payment(payment, to, at=AT)
        assert (payment.status, payment.ended_at, payment.captured_at) == (start, None, None)


@pytest.mark.parametrize(("start", "to"), list(product(REFUND_STATUSES, repeat=2)))
def test_every_refund_move(start, to):
    before = datetime(2026, 12, 1, tzinfo=UTC)
    refund = Refund(id=1, status=start, settled_at=before)
    if (start, to) in REFUND_ALLOWED:
        move_refund(refund, to, at=AT)
        assert refund.status == to
        assert refund.settled_at == (None if to == "pending" else AT)
    else:
        with pytest.raises(IllegalMove, match=f"^refund 1: {start} -> {to}$"):
            move_refund(refund, to, at=AT)
        assert (refund.status, refund.settled_at) == (start, before)
