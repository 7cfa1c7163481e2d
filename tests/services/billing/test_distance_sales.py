"""Distance sales to consumers in other member states, per calendar year (LEGAL E3): which
orders count, in which year (Europe/Paris), and what refunds take off. Orders are placed and
paid through the real checkout and ledger (demonstration gateway)."""

from datetime import UTC, datetime, timedelta
from fractions import Fraction

import pytest
from sqlalchemy import select

from shop.billing.distance_sales import THRESHOLD_CENTS, DistanceSales, YearSales, distance_sales
from shop.billing.models import Refund
from shop.billing.refunds import refund_order
from shop.billing.unpaid import expire_if_unpaid
from shop.checkout.services import place_order
from shop.orders import states
from shop.orders.services import mark_paid
from tests.account_factories import make_user
from tests.checkout_factories import PARIS, dev_attempt, dev_verdict, order_request
from tests.factories import make_product


def _address(country_code: str, postal_code: str, city: str) -> dict:
    return PARIS | {"country_code": country_code, "postal_code": postal_code, "city": city}


MONACO = _address("MC", "98000", "Monaco")
AJACCIO = _address("FR", "20000", "Ajaccio")
POINTE_A_PITRE = _address("FR", "97110", "Pointe-à-Pitre")
BASSE_TERRE = _address("GP", "97100", "Basse-Terre")  # Guadeloupe by its own ISO code
BRUSSELS = _address("BE", "1000", "Bruxelles")
BERLIN = _address("DE", "10115", "Berlin")
ZURICH = _address("CH", "8001", "Zürich")
METHODS = {"FR": "colissimo-metro", "MC": "colissimo-metro", "BE": "colissimo-europe",
           "DE": "colissimo-europe", "CH": "colissimo-international",
           "GP": "colissimo-outre-mer"}
NOW = datetime(2027, 3, 1, 9, tzinfo=UTC)
LAST_YEAR = datetime(2026, 6, 15, 10, tzinfo=UTC)


@pytest.fixture()
def buyer(db):
    return make_user(db)  # a consumer


def _order(db, buyer, address, *, at, price_cents=2000, quantity=1):
    """An order placed at `at`, unpaid."""
    product = make_product(db, price_cents=price_cents, on_hand=quantity)
    method = METHODS["GP" if address["postal_code"].startswith("97")
                     else address["country_code"]]
    order = place_order(buyer,
                        order_request([(product, quantity)], delivery_address=address,
                                      billing_address=address, shipping_method_code=method),
                        actor="client", now=at)
    db.session.commit()
    return order


def _paid(db, buyer, address, *, at, ledger=False, **fields):
    """An order placed and paid at `at`: through the ledger (a demonstration capture, whose
    confirmation e-mail renders three PDFs) when its refunds matter, else by the orders
    service the ledger calls (`mark_paid`), which is all the totals read."""
    order = _order(db, buyer, address, at=at, **fields)
    if ledger:
        dev_verdict(order, "accept", now=at)
    else:
        mark_paid(order, provider="dev", payment_ref=None, actor="test", at=at)
    db.session.commit()
    assert order.status == states.PAID and order.paid_at == at
    return order


def test_only_consumers_deliveries_to_other_member_states_count(db, shop_ready, buyer):
    """France, Monaco, Corsica, the overseas departments and Switzerland are not distance
    sales to another member state, nor is a sale to a professional."""
    for address in (PARIS, MONACO, AJACCIO, POINTE_A_PITRE, BASSE_TERRE, ZURICH):
        _paid(db, buyer, address, at=LAST_YEAR, price_cents=5000)
    professional = make_user(db, customer_type="professional", company_name="Apotheke Mitte",
                             vat_number="DE136695976")
    _paid(db, professional, BERLIN, at=LAST_YEAR, price_cents=7000)
    belgium = [_paid(db, buyer, BRUSSELS, at=LAST_YEAR + timedelta(days=day), price_cents=price)
               for day, price in ((1, 2000), (2, 3000))]
    germany = _paid(db, buyer, BERLIN, at=LAST_YEAR, price_cents=9000)

    sales = distance_sales(now=NOW)

    belgium_ht = sum(order.total_ht_cents for order in belgium)
    assert sales.previous.year == 2026
    assert sales.previous.by_country == (("DE", germany.total_ht_cents), ("BE", belgium_ht))
    assert sales.previous.total_ht_cents == germany.total_ht_cents + belgium_ht
    assert sales.current == YearSales(2027, 0, ())
    assert not sales.passed


def test_unpaid_refused_and_cancelled_before_payment_orders_do_not_count(db, shop_ready, buyer):
    _order(db, buyer, BRUSSELS, at=LAST_YEAR)  # still awaiting payment
    refused = _order(db, buyer, BRUSSELS, at=LAST_YEAR)
    dev_verdict(refused, "refuse", now=LAST_YEAR)
    late = _order(db, buyer, BERLIN, at=LAST_YEAR)
    _payment, token = dev_attempt(late, now=LAST_YEAR)
    assert expire_if_unpaid(late.id, LAST_YEAR + timedelta(hours=1))
    dev_verdict(late, "accept", token=token, now=LAST_YEAR + timedelta(hours=2))  # refunded
    db.session.commit()
    assert (refused.status, late.status) == (states.CANCELLED, states.CANCELLED)
    counted = _paid(db, buyer, BERLIN, at=LAST_YEAR)

    sales = distance_sales(now=NOW)

    assert sales.previous.by_country == (("DE", counted.total_ht_cents),)


def test_an_order_counts_in_the_paris_calendar_year_of_its_payment(db, shop_ready, buyer):
    """Paris is UTC+1 in winter: 23:00 UTC on 31 December is already 1 January there."""
    _paid(db, buyer, BRUSSELS, at=datetime(2025, 12, 31, 22, 59, 59, tzinfo=UTC))  # 2025 in Paris
    first_2026 = _paid(db, buyer, BRUSSELS, at=datetime(2025, 12, 31, 23, 0, tzinfo=UTC))
    last_2026 = _paid(db, buyer, BERLIN, at=datetime(2026, 12, 31, 22, 59, 59, tzinfo=UTC))
    first_2027 = _paid(db, buyer, BERLIN, at=datetime(2026, 12, 31, 23, 0, tzinfo=UTC))

    sales = distance_sales(now=NOW)

    assert (sales.previous.year, sales.current.year) == (2026, 2027)
    assert sales.previous.by_country == tuple(sorted(
        (("BE", first_2026.total_ht_cents), ("DE", last_2026.total_ht_cents)),
        key=lambda part: -part[1]))
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
    whole = _paid(db, buyer, BRUSSELS, at=LAST_YEAR, price_cents=3000, ledger=True)
    part = _paid(db, buyer, BERLIN, at=LAST_YEAR, price_cents=4000, quantity=3,
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


def test_a_refund_of_a_capture_the_order_could_not_keep_takes_nothing_off(db, shop_ready, buyer):
    order = _order(db, buyer, BRUSSELS, at=LAST_YEAR)
    _first, first_token = dev_attempt(order, now=LAST_YEAR)
    _second, second_token = dev_attempt(order, now=LAST_YEAR)
    dev_verdict(order, "accept", token=second_token, now=LAST_YEAR)
    dev_verdict(order, "accept", token=first_token, now=LAST_YEAR)  # paid twice: refunded
    db.session.commit()
    [refund] = db.session.scalars(select(Refund)).all()
    assert (refund.reason, refund.status) == ("duplicate_capture", "succeeded")

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
