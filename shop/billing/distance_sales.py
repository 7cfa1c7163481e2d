"""Distance sales of goods to consumers in other member states, per calendar year (LEGAL E3).

While these sales stay at or under 10,000 EUR excluding VAT in both the current and the
previous calendar year, they bear French VAT. Once the total passes it (from the sale that
passes it on), they bear the VAT of the member state where the goods arrive, declared through
the OSS one-stop shop (directive 2006/112/CE art. 59 quater; CGI 258 A and 259 D). The shop
does not flip that switch itself: administrators read these totals on /staff/reglages and set
it (`shop.settings.services.set_oss_threshold_passed`), because the threshold counts all of the
company's such sales (another channel, telecom or electronic services), not this shop's alone.

What an order adds, in integer cents:
- Its buyer ordered as a consumer: any `customer_type` but « professional », as for the
  withdrawal right (LEGAL I2).
- Its delivery address lies in another member state: `territory_of(country, postal code)`
  is in `EU_COUNTRIES`, which holds neither France (with Corsica and Monaco, both FR for VAT)
  nor the overseas departments (outside the EU's VAT territory: exports) nor any country
  outside the EU.
- It was paid: `paid_at` is set, and the order counts in the calendar year of `paid_at` in
  SHOP_TIMEZONE (Europe/Paris), so 31 December 23:30 in Paris is that year even though it is
  22:30 UTC. An order cancelled before payment never gets `paid_at` (shop.orders.states), and
  money captured after that is refunded automatically, never counted.
- Its amount is `total_ht_cents` (goods and shipping, VAT excluded, as stored when it was
  placed), less the refunds below.

Refunds: a refund lowers the sale it gives money back for (directive art. 90), so it is taken
off that order, in the year the order was paid, whenever it was made. Only refunds that
`succeeded` count (a pending or failed one has given nothing back yet: the total is never
understated), and only those of the capture that paid the order (the `Payment` whose provider
and `captured_ref` are the order's `payment_method` and `payment_ref`): a capture the order
could not keep (paid twice, after cancellation, another amount) was never its price. The
ledger refunds TTC amounts; the HT taken off is the refund's share of the order's TTC applied
to its HT (`prorate`, rounded half up), never more than the order's HT. For an order mixing VAT
rates this spreads a line's refund over every rate: an approximation of a few cents, until
credit notes record refunds line by line.
"""

from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import func, select

from shop.billing.models import Payment, Refund
from shop.extensions import db
from shop.money import prorate
from shop.orders.models import Order
from shop.tax.decision import EU_COUNTRIES, territory_of

#: 10,000 EUR excluding VAT a calendar year: directive 2006/112/CE art. 59 quater §1 c);
#: CGI 258 A I and 259 D I. Passed means more than this; exactly 10,000 EUR is not passed.
THRESHOLD_CENTS = 1_000_000


@dataclass(frozen=True)
class YearSales:
    """One calendar year's distance sales: the total and each member state's part."""

    year: int
    total_ht_cents: int
    by_country: tuple[tuple[str, int], ...]  # (ISO code, cents), largest first

    @property
    def passed(self) -> bool:
        """Whether the total is above the 10,000 EUR threshold."""
        return self.total_ht_cents > THRESHOLD_CENTS


@dataclass(frozen=True)
class DistanceSales:
    """The current and the previous calendar year, both of which the threshold looks at."""

    current: YearSales
    previous: YearSales

    @property
    def passed(self) -> bool:
        """Whether either year passed the threshold: consumers in other member states then
        pay their own state's VAT, through OSS."""
        return self.current.passed or self.previous.passed


def distance_sales(*, now: datetime) -> DistanceSales:
    """The totals of the calendar year of `now` (in SHOP_TIMEZONE) and of the year before."""
    zone = ZoneInfo(current_app.config["SHOP_TIMEZONE"])
    year = now.astimezone(zone).year
    by_year = {year - 1: Counter(), year: Counter()}
    for paid_at, address, ht, ttc, refunded in _paid_abroad(
        datetime(year - 1, 1, 1, tzinfo=zone), datetime(year + 1, 1, 1, tzinfo=zone)
    ):
        territory = territory_of(address.get("country_code", ""), address.get("postal_code"))
        if territory in EU_COUNTRIES:
            by_year[paid_at.astimezone(zone).year][territory] += ht - min(
                ht, prorate(ht, refunded, ttc))
    return DistanceSales(current=_year(year, by_year[year]),
                         previous=_year(year - 1, by_year[year - 1]))


def _year(year: int, countries: Counter) -> YearSales:
    parts = tuple(sorted(((code, cents) for code, cents in countries.items() if cents),
                         key=lambda part: (-part[1], part[0])))
    return YearSales(year, sum(cents for _code, cents in parts), parts)


def _paid_abroad(start: datetime, end: datetime) -> list:
    """(paid_at, delivery address, HT, TTC, refunded) of consumers' orders paid in
    [start, end) and delivered outside France and Monaco by country code (Corsica and the
    overseas departments, whose country code is FR, are not other member states either);
    the rest is sorted out by territory_of."""
    refunded = (
        select(Payment.order_id, func.sum(Refund.amount_cents).label("cents"))
        .join(Refund, Refund.payment_id == Payment.id)
        .join(Order, Order.id == Payment.order_id)
        .where(Refund.status == "succeeded", Payment.provider == Order.payment_method,
               Payment.captured_ref == Order.payment_ref)
        .group_by(Payment.order_id)
        .subquery()
    )
    country = Order.delivery_address["country_code"].as_string()
    return db.session.execute(
        select(Order.paid_at, Order.delivery_address, Order.total_ht_cents,
               Order.total_ttc_cents, func.coalesce(refunded.c.cents, 0))
        .outerjoin(refunded, refunded.c.order_id == Order.id)
        .where(Order.paid_at >= start, Order.paid_at < end,
               Order.customer_type != "professional", country.not_in(("FR", "MC")))
    ).all()
