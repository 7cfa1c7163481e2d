from decimal import Decimal

from shop.money import cents_to_decimal, format_eur, format_rate, prorate, split_ttc, to_cents


def test_cents_round_trip():
    assert cents_to_decimal(4599) == Decimal("45.99")
    assert to_cents(Decimal("45.995")) == 4600
    assert to_cents(Decimal("0.005")) == 1


def test_split_ttc_is_exact():
    assert split_ttc(1055, Decimal("5.5")) == (1000, 55)
    ht, vat = split_ttc(999, Decimal("20"))
    assert ht + vat == 999 and ht == 833


def test_french_formatting():
    assert format_eur(4500) == "45,00\u00a0€"
    assert format_eur(1234567) == "12\u202f345,67\u00a0€"
    assert format_rate(Decimal("5.5")) == "5,5\u00a0%"
    assert format_rate(Decimal("20.0")) == "20\u00a0%"


def test_prorate_rounds_half_up_to_the_cent():
    assert prorate(1000, 1055, 1055) == 1000  # the whole
    assert prorate(1000, 0, 1055) == 0
    assert prorate(1001, 1, 2) == 501  # 500.5 rounds up
    assert prorate(999, 1, 2) == 500  # 499.5 rounds up
    assert prorate(1000, 1, 3) == 333
    assert prorate(2000, 2, 3) == 1333
    assert prorate(1000, 5, 0) == 0
