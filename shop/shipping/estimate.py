"""Delivery estimate (LEGAL C1): a window of dates shown before the contract.

Every delay counts in working days: Monday to Friday, French national public holidays excepted.
An order placed on a working day before the cut-off hour (Europe/Paris) starts that day; later,
or on a day off, it starts on the next working day.
From that start day, the parcel waits for the longest supplier delay of its on-demand lines,
then is prepared, then travels: earliest = start + delay + preparation + transit min working
days, latest = the same with transit max.
"""

from __future__ import annotations

from collections.abc import Container
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from shop import caches

PARIS = ZoneInfo("Europe/Paris")
DEFAULT_CUTOFF = time(12, 0)
# 1 January, 1 and 8 May, 14 July, 15 August, 1 and 11 November, 25 December.
FIXED_HOLIDAYS = ((1, 1), (5, 1), (5, 8), (7, 14), (8, 15), (11, 1), (11, 11), (12, 25))


def easter_sunday(year: int) -> date:
    """Easter Sunday of a year of the Gregorian calendar (the anonymous algorithm of Meeus,
    Jones and Butcher)."""
    golden = year % 19
    century, year_of_century = divmod(year, 100)
    leap_centuries, century_rest = divmod(century, 4)
    moon_correction = (century - (century + 8) // 25 + 1) // 3
    epact = (19 * golden + century - leap_centuries - moon_correction + 15) % 30
    leap_years, year_rest = divmod(year_of_century, 4)
    weekday = (32 + 2 * century_rest + 2 * leap_years - epact - year_rest) % 7
    shift = (golden + 11 * epact + 22 * weekday) // 451
    month, day = divmod(epact + weekday - 7 * shift + 114, 31)
    return date(year, month, day + 1)


@lru_cache(maxsize=8)
def french_holidays(first_year: int, last_year: int) -> frozenset[date]:
    """French national public holidays of the given years, inclusive: the eleven days of the
    Code du travail (art. L3133-1), three of them set by Easter.

    Computed here rather than with the ``holidays`` package, which loads the calendars of every
    country (about 12 MiB in each web worker) to give France's; a test compares the two.
    """
    days: set[date] = set()
    for year in range(first_year, last_year + 1):
        easter = easter_sunday(year)
        days.update(date(year, month, day) for month, day in FIXED_HOLIDAYS)
        # Easter Monday, Ascension Thursday, Whit Monday.
        days.update(easter + timedelta(days=offset) for offset in (1, 39, 50))
    return frozenset(days)


caches.register(french_holidays.cache_clear)


def is_working_day(day: date, days_off: Container[date]) -> bool:
    """Monday to Friday and not a public holiday."""
    return day.weekday() < 5 and day not in days_off


def add_working_days(start: date, count: int, days_off: Container[date]) -> date:
    """The date ``count`` working days after ``start`` (``start`` itself for 0)."""
    day = start
    while count > 0:
        day += timedelta(days=1)
        if is_working_day(day, days_off):
            count -= 1
    return day


def start_day(now: datetime, cutoff: time, days_off: Container[date]) -> date:
    """The working day on which an order placed at ``now`` starts being handled."""
    local = now.astimezone(PARIS) if now.tzinfo else now.replace(tzinfo=PARIS)
    day = local.date()
    if is_working_day(day, days_off) and local.time() < cutoff:
        return day
    return add_working_days(day, 1, days_off)


def delivery_window(
    now: datetime,
    preparation_days: int,
    transit_days_min: int,
    transit_days_max: int,
    supplier_delay_days: int = 0,
    cutoff: time = DEFAULT_CUTOFF,
) -> tuple[date, date]:
    """Return (earliest, latest) delivery dates for an order placed at ``now``.

    A naive ``now`` is read as Paris time. ``supplier_delay_days`` is the longest delay of the
    order's on-demand lines (0 when everything is in stock).
    """
    before_transit = max(0, supplier_delay_days) + preparation_days
    # Fewer than 250 working days in a year: this span of years holds every date we count.
    year = (now.astimezone(PARIS) if now.tzinfo else now).year
    days_off = french_holidays(year, year + 1 + (before_transit + transit_days_max) // 200)
    first = start_day(now, cutoff, days_off)
    earliest = add_working_days(first, before_transit + transit_days_min, days_off)
    latest = add_working_days(first, before_transit + transit_days_max, days_off)
    return earliest, latest
