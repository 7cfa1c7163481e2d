"""Distance sales to consumers in other member states, per calendar year (LEGAL E3): which
orders count, in which year (Europe/Paris), and what refunds take off. Orders are placed
through the real checkout and paid through the ledger (demonstration gateway) or the orders
service it calls (tests/distance_sales_factories.py)."""

from datetime import UTC, datetime, timedelta
from fractions import Fraction

import pytest
from sqlalchemy import select

from shop.billing.distance_sales import THRESHOLD_CENTS, DistanceSales, YearSales, distance_sales
from shop.billing.models import Refund
from shop.billing.refunds import refund_order
from shop.billing.unpaid import expire_if_unpaid
from shop.orders import states
from tests.account_factories import make_user
from tests.checkout_factories import PARIS, dev_attempt, dev_verdict
from tests.distance_sales_factories import (
    AJACCIO,
    BASSE_TERRE,
    BERLIN,
    BRUSSELS,
    MONACO,
    POINTE_A_PITRE,
    ZURICH,
    paid_order,
    placed_order,
)

NOW = datetime(2027, 3, 1, 9, tzinfo=UTC)
LAST_YEAR = datetime(2026, 6, 15, 10, tzinfo=UTC)


@pytest.fixture()
def buyer(db):
    return make_user(db)  # a consumer


def test_only_consumers_deliveries_to_other_member_states_count(db, shop_ready, buyer):
    """France, Monaco, Corsica, the overseas departments and Switzerland are not distance
    sales to another member state, nor is a sale to a professional."""
    for address in (PARIS, MONACO, AJACCIO, POINTE_A_PITRE, BASSE_TERRE, ZURICH):
        paid_order(db, buyer, address, at=LAST_YEAR, price_cents=5000)
    professional = make_user(db, customer_type="professional", company_name="Apotheke Mitte",
                             vat_number="DE136695976")
    paid_order(db, professional, BERLIN, at=LAST_YEAR, price_cents=7000)
    belgium = [paid_order(db, buyer, BRUSSELS, at=LAST_YEAR + timedelta(days=day),
                          price_cents=price) for day, price in ((1, 2000), (2, 3000))]
    germany = paid_order(db, buyer, BERLIN, at=LAST_YEAR, price_cents=9000)

    sales = distance_sales(now=NOW)

    belgium_ht = sum(order.total_ht_cents for order in belgium)
    assert sales.previous.year == 2026
    assert sales.previous.by_country == (("DE", germany.total_ht_cents), ("BE", belgium_ht))
    assert sales.previous.total_ht_cents == germany.total_ht_cents + belgium_ht
    assert sales.current == YearSales(2027, 0, ())
    assert not sales.passed


def test_member_states_with_equal_sales_are_listed_by_code(db, shop_ready, buyer):
    """The largest first; equal amounts in the order of their codes, so the list staff read
    does not change from one visit to the next."""
    for address in (BERLIN, BRUSSELS, BERLIN, BRUSSELS):  # Germany met first
        paid_order(db, buyer, address, at=LAST_YEAR, price_cents=4000)
    by_country = distance_sales(now=NOW).previous.by_country
    assert [code for code, _cents in by_country] == ["BE", "DE"]
    assert by_country[0][1] == by_country[1][1]


def test_unpaid_refused_and_cancelled_before_payment_orders_do_not_count(db, shop_ready, buyer):
    placed_order(db, buyer, BRUSSELS, at=LAST_YEAR)  # still awaiting payment
    refused = placed_order(db, buyer, BRUSSELS, at=LAST_YEAR)
    dev_verdict(refused, "refuse", now=LAST_YEAR)
    late = placed_order(db, buyer, BERLIN, at=LAST_YEAR)
    _payment, token = dev_attempt(late, now=LAST_YEAR)
    assert expire_if_unpaid(late.id, LAST_YEAR + timedelta(hours=1))
    dev_verdict(late, "accept", token=token, now=LAST_YEAR + timedelta(hours=2))  # refunded
    db.session.commit()
    assert (refused.status, late.status) == (states.CANCELLED, states.CANCELLED)
    counted = paid_order(db, buyer, BERLIN, at=LAST_YEAR)

    sales = distance_sales(now=NOW)

    assert sales.previous.by_country == (("DE", counted.total_ht_cents),)


def test_an_order_counts_in_the_paris_calendar_year_of_its_payment(db, shop_ready, buyer):
    """Paris is UTC+1 in winter: 23:00 UTC on 31 December is already 1 January there."""
    def paid_at(delivery, *moment):
        return paid_order(db, buyer, delivery, at=datetime(*moment, tzinfo=UTC))

    paid_at(BRUSSELS, 2025, 12, 31, 22, 59, 59)  # 23:59:59 in Paris: 2025, two years ago
    first_2026 = paid_at(BRUSSELS, 2025, 12, 31, 23, 0)  # midnight in Paris
    last_2026 = paid_at(BERLIN, 2026, 12, 31, 22, 59, 59)
    first_2027 = paid_at(BERLIN, 2026, 12, 31, 23, 0)

    sales = distance_sales(now=NOW)

    assert (sales.previous.year, sales.current.year) == (2026, 2027)
    assert dict(sales.previous.by_country) == {"BE": first_2026.total_ht_cents,
                                               "DE": last_2026.total_ht_cents}
    assert sales.current.by_country == (("DE", first_2027.total_ht_cents),)
    # On 1 January at 00:30 in Paris (still 31 December in UTC), the year is the new one.
    new_year = distance_sales(now=datetime(2026, 12, 31, 23, 30, tzinfo=UTC))
    assert (new_year.previous.year, new_year.current.year) == (2026, 2027)
    assert new_year.current.total_ht_cents == first_2027.total_ht_cents
    assert distance_sales(now=datetime(2026, 12, 31, 22, 30, tzinfo=UTC)).current.year == 2026


def _half_up(value: Fraction) -> int:
    return int(value + Fraction(1, 2))


def test_refunds_of_the_sale_are_taken_off_once_they_succeeded(db, shop_ready, buyer):
    """Refunds are TTC; their share of the order's TTC is taken off its HT, in the year the
    order was paid. A refund not yet made takes nothing off."""
    whole = paid_order(db, buyer, BRUSSELS, at=LAST_YEAR, price_cents=3000, ledger=True)
    part = paid_order(db, buyer, BERLIN, at=LAST_YEAR, price_cents=4000, quantity=3,
                      ledger=True)
    refund_order(whole, whole.total_ttc_cents, reason="order_cancelled", actor="staff:1",
                 now=NOW)
    refund_order(part, 4000, reason="unavailable", actor="staff:1", now=NOW)
    pending = distance_sales(now=NOW)  # the refunds are written, not sent (before the commit)
    assert pending.previous.total_ht_cents == whole.total_ht_cents + part.total_ht_cents
    db.session.commit()  # the demonstration gateway refunds at once

    sales = distance_sales(now=NOW)

    kept = part.total_ht_cents - _half_up(
        Fraction(part.total_ht_cents * 4000, part.total_ttc_cents))
    assert 0 < kept < part.total_ht_cents
    assert sales.previous.by_country == (("DE", kept),)  # Belgium is refunded in full: gone
    assert sales.current.total_ht_cents == 0  # refunded in 2027, taken off 2026's sale


def test_a_refund_of_a_capture_the_order_could_not_keep_takes_nothing_off(db, shop_ready,
                                                                          buyer):
    order = placed_order(db, buyer, BRUSSELS, at=LAST_YEAR)
    _first, first_token = dev_attempt(order, now=LAST_YEAR)
    _second, second_token = dev_attempt(order, now=LAST_YEAR)
    dev_verdict(order, "accept", token=second_token, now=LAST_YEAR)
    dev_verdict(order, "accept", token=first_token, now=LAST_YEAR)  # paid twice: refunded
    db.session.commit()
    [refund] = db.session.scalars(select(Refund)).all()
    assert (refund.reason, refund.status) == ("duplicate_capture", "succeeded")

    sales = distance_sales(now=NOW)

    assert sales.previous.by_country == (("BE", order.total_ht_cents),)


def test_a_refund_of_another_providers_capture_with_the_same_id_takes_nothing_off(
        db, shop_ready, buyer):
    """Capture ids are unique per provider only: the capture that paid the order is named by
    its provider and its id together."""
    from shop.billing.models import Payment

    order = paid_order(db, buyer, BRUSSELS, at=LAST_YEAR, ledger=True)
    other = Payment(order_id=order.id, provider="stripe", attempt_ref="cs_other",
                    amount_cents=order.total_ttc_cents, currency="EUR", status="captured",
                    captured_ref=order.payment_ref, captured_cents=order.total_ttc_cents,
                    captured_currency="EUR", created_at=LAST_YEAR)
    db.session.add(other)
    db.session.flush()
    db.session.add(Refund(payment_id=other.id, amount_cents=order.total_ttc_cents,
                          currency="EUR", reason="duplicate_capture", actor="system:billing",
                          status="succeeded", created_at=LAST_YEAR))
    db.session.commit()
    assert order.payment_method == "dev"

    sales = distance_sales(now=NOW)

    assert sales.previous.by_country == (("BE", order.total_ht_cents),)


@pytest.mark.parametrize("current, previous, passed", [
    (THRESHOLD_CENTS, 0, False),  # reaching 10,000 EUR is not passing it
    (THRESHOLD_CENTS + 1, 0, True),
    (0, THRESHOLD_CENTS + 1, True),  # last year's sales still count this year
    (THRESHOLD_CENTS, THRESHOLD_CENTS, False),  # each year on its own, never summed
])
def test_the_threshold_is_passed_above_10000_euros_in_either_year(current, previous, passed):
    sales = DistanceSales(current=YearSales(2027, current, ()),
                          previous=YearSales(2026, previous, ()))
    assert THRESHOLD_CENTS == 1_000_000
    assert sales.passed is passed
