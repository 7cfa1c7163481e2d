"""Pure PayPal helpers: exact amount strings both ways."""

from __future__ import annotations

import pytest

from shop.payments.paypal_events import amount_cents, amount_string


@pytest.mark.parametrize(("cents", "text"), [
    (1, "0.01"), (5, "0.05"), (10, "0.10"), (99, "0.99"), (100, "1.00"), (4599, "45.99"),
    (123456789, "1234567.89"),
])
def test_amount_string_round_trips(cents, text):
    assert amount_string(cents, "EUR") == text
    assert amount_cents({"value": text, "currency_code": "EUR"}) == cents


@pytest.mark.parametrize("bad", [0, -5, 45.99, "4599", True])
def test_amount_string_refuses_non_positive_or_non_int(bad):
    with pytest.raises((TypeError, ValueError)):
        amount_string(bad, "EUR")


def test_zero_decimal_currency_is_refused():
    with pytest.raises(ValueError):
        amount_string(500, "JPY")


@pytest.mark.parametrize("value", ["1.005", "abc", ""])
def test_amount_cents_refuses_fractions_of_a_cent(value):
    assert amount_cents({"value": value}) is None
