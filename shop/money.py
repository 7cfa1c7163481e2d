"""Exact money: integer cents in storage, Decimal in arithmetic, ROUND_HALF_UP to the cent.

No float ever touches an amount. Amounts are TTC (VAT included) unless a name says HT.
"""

from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


def cents_to_decimal(cents: int) -> Decimal:
    """12345 -> Decimal('123.45')."""
    return (Decimal(cents) / 100).quantize(CENT)


def to_cents(amount: Decimal) -> int:
    """Decimal euros -> integer cents, rounded half up."""
    return int((Decimal(amount) * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def split_ttc(ttc_cents: int, rate: Decimal) -> tuple[int, int]:
    """Split a TTC amount at a VAT rate (percent) into (HT, VAT) cents with HT + VAT == TTC."""
    ht = int(
        (Decimal(ttc_cents) * 100 / (100 + Decimal(rate))).quantize(
            Decimal(1), rounding=ROUND_HALF_UP
        )
    )
    return ht, ttc_cents - ht


def prorate(cents: int, part: int, whole: int) -> int:
    """`cents` × part / whole, rounded half up to the cent: the share of an amount that a part
    of a whole stands for (an order's HT for a refund of part of its TTC). 0 when whole is 0."""
    if whole == 0:
        return 0
    return int((Decimal(cents) * part / whole).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def format_eur(cents: int | None) -> str:
    """French display of an amount: 1234567 -> '12 345,67 €' (narrow no-break spaces)."""
    if cents is None:
        return ""
    sign = "-" if cents < 0 else ""
    euros, rest = divmod(abs(cents), 100)
    grouped = f"{euros:,}".replace(",", "\u202f")
    return f"{sign}{grouped},{rest:02d}\u00a0€"


def format_rate(rate: Decimal) -> str:
    """Decimal('5.5') -> '5,5 %'; Decimal('20.0') -> '20 %'."""
    text = f"{Decimal(rate).normalize():f}".replace(".", ",")
    return f"{text}\u00a0%"
