"""Order money: the one place that computes totals and VAT (cart, orders, invoices, refunds).

Shelf prices are TTC at the French rate. Two methods price an order, chosen by
``compute_totals(..., prices_ht=...)``; the VAT regime (``shop.tax.decision``) gives each line
its applied rate through ``rate_for`` (the French one, a member state's under OSS, or 0 when
the order is exempt).

Consumers' method, TTC (prices_ht False): the rounding method below.
1. Line total TTC = unit price TTC (integer cents) x quantity: exact, no rounding.
2. Goods TTC per VAT rate = sum of its line totals: exact.
3. The shipping fee TTC follows the goods (LEGAL E2): it is split between the rates pro rata to
   the exact pre-VAT value of the goods at each rate, goods TTC / (1 + rate); the shares are
   whole cents allocated by largest remainder, so they sum exactly to the fee. Without goods of
   any value the fee is taxed at the standard rate.
4. Per rate: TTC = goods + shipping share; base HT = TTC / (1 + rate) rounded ROUND_HALF_UP to
   the cent; VAT = TTC - HT. So per rate HT + VAT = TTC, and the rates sum to the grand total.
5. The per-rate HT is further split into goods and shipping (shipping HT = its share / (1 + rate)
   ROUND_HALF_UP, goods HT = the rest), and the goods HT among the lines of that rate by largest
   remainder pro rata to their TTC: HT amounts shown per line add up to the per-rate base.
Under OSS a consumer pays the shelf price: the same TTC, with the destination's VAT inside it.

Professionals' and exempt orders' method, HT (prices_ht True; LEGAL E5, D3, E4, E6):
1. Unit price HT = shelf price TTC / (1 + French rate), ROUND_HALF_UP; line total HT = unit
   price HT x quantity, exactly: what a professional reads on every line adds up.
2. Shipping HT = the fee's HT under the consumers' method (its shares per French rate, each
   taken out of its rate), so a fee costs the same HT to everyone.
3. Per applied rate: base = its lines HT + its shipping HT; VAT = base x rate ROUND_HALF_UP;
   TTC = base + VAT. The amount charged is the sum of these TTC. It may differ by a cent or
   two from the sum of the shelf prices (27,49 EUR HT x 1.2 is not always two shelf prices of
   16,49 EUR): the professional pays the VAT computed on the base, as the invoice states it.
4. The line's share of its rate's TTC (``total_cents``, what a refund of its units gives back)
   is allocated by largest remainder pro rata to the lines HT, and the VAT between goods and
   shipping the same way, so that every sum is exact.
Exempt orders are this method at rate 0: HT = TTC, no VAT.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from fractions import Fraction

from shop.money import split_ttc

STANDARD_RATE = Decimal(20)


@dataclass(frozen=True, slots=True)
class LineInput:
    """One line to price: unit price TTC in cents, quantity, VAT rate in percent."""

    unit_price_cents: int
    quantity: int
    vat_rate: Decimal
    ref: object = None  # the caller's key (product id...), carried through untouched

    def __post_init__(self) -> None:
        for name in ("unit_price_cents", "quantity"):
            value = getattr(self, name)
            if type(value) is not int or value < 0:
                raise ValueError(f"{name} must be a non-negative int, not {value!r}")
        if not isinstance(self.vat_rate, Decimal) or self.vat_rate < 0:
            raise ValueError(f"vat_rate must be a non-negative Decimal, not {self.vat_rate!r}")


@dataclass(frozen=True, slots=True)
class LineTotal:
    """A priced line: the shelf price, the unit price HT, the applied rate, what the line
    costs with VAT (``total_cents``) and before (``total_ht_cents``: unit HT x quantity under
    the HT method, its share of its rate's goods HT under the TTC method)."""

    ref: object
    unit_price_cents: int
    quantity: int
    vat_rate: Decimal
    total_cents: int
    total_ht_cents: int
    unit_ht_cents: int


@dataclass(frozen=True, slots=True)
class VatLine:
    """Everything taxed at one rate: goods and their share of shipping."""

    rate: Decimal
    goods_ttc_cents: int
    shipping_ttc_cents: int
    base_ht_cents: int
    vat_cents: int
    ttc_cents: int
    goods_ht_cents: int
    shipping_ht_cents: int


@dataclass(frozen=True, slots=True)
class Totals:
    """The money of a cart or an order, all in integer cents."""

    lines: tuple[LineTotal, ...]
    products_ttc_cents: int
    shipping_ttc_cents: int
    total_ttc_cents: int
    vat_breakdown: tuple[VatLine, ...]  # by increasing rate
    total_ht_cents: int
    total_vat_cents: int

    @property
    def products_ht_cents(self) -> int:
        """Goods before VAT, over all rates."""
        return sum(vat.goods_ht_cents for vat in self.vat_breakdown)

    @property
    def shipping_ht_cents(self) -> int:
        """Shipping before VAT, over all rates."""
        return sum(vat.shipping_ht_cents for vat in self.vat_breakdown)


def allocate(total: int, weights: Sequence[Fraction | int]) -> list[int]:
    """Split ``total`` cents pro rata to ``weights`` by largest remainder (ties: first wins).

    Exact and in whole numbers: the weights are put over a common denominator, then each quota
    total x weight / sum of weights is an integer quotient and a remainder over the same sum."""
    if total == 0:
        return [0] * len(weights)
    if total < 0 or any(w < 0 for w in weights):
        raise ValueError("allocate needs a non-negative total and non-negative weights")
    denominator = math.lcm(*(w.denominator for w in weights))
    whole = [w.numerator * (denominator // w.denominator) for w in weights]
    weight_sum = sum(whole)
    if weight_sum <= 0:
        raise ValueError("allocate needs at least one positive weight")
    divided = [divmod(total * w, weight_sum) for w in whole]
    shares = [share for share, _ in divided]
    remainders = [remainder for _, remainder in divided]
    by_remainder = sorted(range(len(whole)), key=lambda i: (-remainders[i], i))
    for i in by_remainder[: total - sum(shares)]:
        shares[i] += 1
    return shares


def compute_totals(
    lines: Iterable[LineInput],
    shipping_ttc_cents: int = 0,
    *,
    rate_for: Callable[[Decimal], Decimal] | None = None,
    prices_ht: bool = False,
) -> Totals:
    """Price the lines (shelf prices at their French rate) and the shipping fee (TTC) with the
    method of this module: TTC for consumers, HT when ``prices_ht``; ``rate_for`` turns a
    French rate into the rate applied (default: the French rate itself)."""
    if type(shipping_ttc_cents) is not int or shipping_ttc_cents < 0:
        raise ValueError(f"shipping must be a non-negative int, not {shipping_ttc_cents!r}")
    lines = tuple(lines)
    if prices_ht:
        return _ht_totals(lines, shipping_ttc_cents, rate_for or _same)
    if rate_for is not None:
        lines = tuple(
            LineInput(ln.unit_price_cents, ln.quantity, rate_for(ln.vat_rate), ln.ref)
            for ln in lines
        )
    return _ttc_totals(lines, shipping_ttc_cents)


def _same(rate: Decimal) -> Decimal:
    return rate


def _ttc_totals(lines: tuple[LineInput, ...], shipping_ttc_cents: int) -> Totals:
    """The consumers' method (steps 1 to 5 above)."""
    goods: dict[Decimal, int] = {}
    for line in lines:
        goods[line.vat_rate] = goods.get(line.vat_rate, 0) + line.unit_price_cents * line.quantity
    if shipping_ttc_cents and not any(goods.values()):
        goods.setdefault(STANDARD_RATE, 0)
        weights = [Fraction(int(rate == STANDARD_RATE)) for rate in goods]
    else:
        weights = [Fraction(ttc) / (100 + Fraction(rate)) for rate, ttc in goods.items()]
    shipping_shares = allocate(shipping_ttc_cents, weights)
    breakdown = sorted(
        (
            _vat_line(rate, ttc, share)
            for (rate, ttc), share in zip(goods.items(), shipping_shares, strict=True)
        ),
        key=lambda vat: vat.rate,
    )
    products = sum(goods.values())
    return Totals(
        lines=_line_totals(lines, {vat.rate: vat.goods_ht_cents for vat in breakdown}),
        products_ttc_cents=products,
        shipping_ttc_cents=shipping_ttc_cents,
        total_ttc_cents=products + shipping_ttc_cents,
        vat_breakdown=tuple(breakdown),
        total_ht_cents=sum(vat.base_ht_cents for vat in breakdown),
        total_vat_cents=sum(vat.vat_cents for vat in breakdown),
    )


def _ht(ttc_cents: int, rate: Decimal) -> int:
    """The HT part of a TTC amount, ROUND_HALF_UP (shop.money.split_ttc)."""
    return split_ttc(ttc_cents, rate)[0]


def _vat_line(rate: Decimal, goods_ttc: int, shipping_ttc: int) -> VatLine:
    """Tax one rate's goods and shipping share together (step 4 and 5 of the method)."""
    ttc = goods_ttc + shipping_ttc
    base_ht = _ht(ttc, rate)
    shipping_ht = _ht(shipping_ttc, rate)
    return VatLine(
        rate=rate,
        goods_ttc_cents=goods_ttc,
        shipping_ttc_cents=shipping_ttc,
        base_ht_cents=base_ht,
        vat_cents=ttc - base_ht,
        ttc_cents=ttc,
        goods_ht_cents=base_ht - shipping_ht,
        shipping_ht_cents=shipping_ht,
    )


def _line_totals(
    lines: tuple[LineInput, ...], goods_ht: dict[Decimal, int]
) -> tuple[LineTotal, ...]:
    """Price each line and give it its share of its rate's goods HT."""
    ht_by_index: dict[int, int] = {}
    for rate, rate_ht in goods_ht.items():
        indexes = [i for i, line in enumerate(lines) if line.vat_rate == rate]
        weights = [lines[i].unit_price_cents * lines[i].quantity for i in indexes]
        if not any(weights):
            continue
        ht_by_index.update(zip(indexes, allocate(rate_ht, weights), strict=True))
    return tuple(
        LineTotal(
            ref=line.ref,
            unit_price_cents=line.unit_price_cents,
            quantity=line.quantity,
            vat_rate=line.vat_rate,
            total_cents=line.unit_price_cents * line.quantity,
            total_ht_cents=ht_by_index.get(i, 0),
            unit_ht_cents=_ht(line.unit_price_cents, line.vat_rate),
        )
        for i, line in enumerate(lines)
    )


def _vat_on(base_cents: int, rate: Decimal) -> int:
    """VAT on a base HT, ROUND_HALF_UP to the cent."""
    return int((Decimal(base_cents) * rate / 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _ht_totals(
    lines: tuple[LineInput, ...], shipping_ttc_cents: int, rate_for: Callable[[Decimal], Decimal]
) -> Totals:
    """The HT method (steps 1 to 4 of the professionals' method above)."""
    french = _ttc_totals(lines, shipping_ttc_cents)
    shipping_ht: dict[Decimal, int] = {}
    for vat in french.vat_breakdown:
        applied = rate_for(vat.rate)
        shipping_ht[applied] = shipping_ht.get(applied, 0) + vat.shipping_ht_cents
    units_ht = [_ht(line.unit_price_cents, line.vat_rate) for line in lines]
    applied_rates = [rate_for(line.vat_rate) for line in lines]
    goods_ht: dict[Decimal, int] = {}
    for unit_ht, line, rate in zip(units_ht, lines, applied_rates, strict=True):
        goods_ht[rate] = goods_ht.get(rate, 0) + unit_ht * line.quantity
    breakdown = []
    line_ttc: dict[int, int] = {}
    for rate in sorted(goods_ht.keys() | shipping_ht.keys()):
        goods, shipping = goods_ht.get(rate, 0), shipping_ht.get(rate, 0)
        base = goods + shipping
        vat = _vat_on(base, rate)
        goods_vat, shipping_vat = allocate(vat, [goods, shipping]) if base else (0, 0)
        breakdown.append(VatLine(
            rate=rate,
            goods_ttc_cents=goods + goods_vat,
            shipping_ttc_cents=shipping + shipping_vat,
            base_ht_cents=base,
            vat_cents=vat,
            ttc_cents=base + vat,
            goods_ht_cents=goods,
            shipping_ht_cents=shipping,
        ))
        indexes = [i for i, applied in enumerate(applied_rates) if applied == rate]
        weights = [units_ht[i] * lines[i].quantity for i in indexes]
        if any(weights):
            line_ttc.update(zip(indexes, allocate(goods + goods_vat, weights), strict=True))
    return Totals(
        lines=tuple(
            LineTotal(
                ref=line.ref,
                unit_price_cents=line.unit_price_cents,
                quantity=line.quantity,
                vat_rate=rate,
                total_cents=line_ttc.get(i, 0),
                total_ht_cents=unit_ht * line.quantity,
                unit_ht_cents=unit_ht,
            )
            for i, (line, unit_ht, rate) in enumerate(
                zip(lines, units_ht, applied_rates, strict=True))
        ),
        products_ttc_cents=sum(vat.goods_ttc_cents for vat in breakdown),
        shipping_ttc_cents=sum(vat.shipping_ttc_cents for vat in breakdown),
        total_ttc_cents=sum(vat.ttc_cents for vat in breakdown),
        vat_breakdown=tuple(breakdown),
        total_ht_cents=sum(vat.base_ht_cents for vat in breakdown),
        total_vat_cents=sum(vat.vat_cents for vat in breakdown),
    )


class CustomerType(StrEnum):
    """Who buys: consumers see prices TTC, professionals HT first (LEGAL E5, I2)."""

    CONSUMER = "consumer"
    PROFESSIONAL = "professional"


@dataclass(frozen=True, slots=True)
class PresentedLine:
    """A line as shown: amounts TTC for consumers, HT for professionals and exempt orders."""

    ref: object
    quantity: int
    vat_rate: Decimal
    unit_cents: int
    total_cents: int


@dataclass(frozen=True, slots=True)
class SummaryRow:
    """One row under the lines; templates turn ``kind`` into a French label."""

    kind: str  # products, shipping, total_ht, vat, total_ttc, total_exempt
    cents: int
    rate: Decimal | None = None
    base_cents: int | None = None


@dataclass(frozen=True, slots=True)
class Presentation:
    """Totals laid out for the buyer: TTC for a consumer taxed in France or through OSS, HT
    first for a professional (LEGAL E5) and for an exempt order (no VAT: HT is what is paid)."""

    prices_include_vat: bool
    exempt: bool
    lines: tuple[PresentedLine, ...]
    summary: tuple[SummaryRow, ...]


def present(totals: Totals, *, prices_ht: bool, exempt: bool = False) -> Presentation:
    """Lay out totals priced by ``compute_totals`` with the same ``prices_ht``."""
    ht = prices_ht or exempt
    vat = tuple(
        SummaryRow("vat", vat.vat_cents, vat.rate, vat.base_ht_cents)
        for vat in totals.vat_breakdown
        if vat.ttc_cents
    )
    return Presentation(
        not ht,
        exempt,
        tuple(present_line(line, line.ref, ht=ht) for line in totals.lines),
        summary_rows(
            ht=ht, exempt=exempt, vat=vat,
            products_ht=totals.products_ht_cents, shipping_ht=totals.shipping_ht_cents,
            products_ttc=totals.products_ttc_cents, shipping_ttc=totals.shipping_ttc_cents,
            total_ht=totals.total_ht_cents, total_ttc=totals.total_ttc_cents,
        ),
    )


def present_line(line, ref: object, *, ht: bool) -> PresentedLine:
    """A priced line as shown: a LineTotal, or an order line, which keeps the same amounts."""
    return PresentedLine(
        ref=ref,
        quantity=line.quantity,
        vat_rate=line.vat_rate,
        unit_cents=line.unit_ht_cents if ht else line.unit_price_cents,
        total_cents=line.total_ht_cents if ht else line.total_cents,
    )


def summary_rows(
    *, ht: bool, exempt: bool, vat: tuple[SummaryRow, ...], products_ht: int, shipping_ht: int,
    products_ttc: int, shipping_ttc: int, total_ht: int, total_ttc: int,
) -> tuple[SummaryRow, ...]:
    """The rows under the lines, in their order, for a cart as for a placed order: HT first
    for professionals, HT alone for an exempt order, TTC with the VAT inside for consumers."""
    if exempt:
        return (
            SummaryRow("products", products_ht),
            SummaryRow("shipping", shipping_ht),
            SummaryRow("total_exempt", total_ttc),
        )
    if ht:
        return (
            SummaryRow("products", products_ht),
            SummaryRow("shipping", shipping_ht),
            SummaryRow("total_ht", total_ht),
            *vat,
            SummaryRow("total_ttc", total_ttc),
        )
    return (
        SummaryRow("products", products_ttc),
        SummaryRow("shipping", shipping_ttc),
        SummaryRow("total_ttc", total_ttc),
        *vat,
    )
