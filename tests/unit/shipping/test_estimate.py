"""Delivery window in French working days."""

from datetime import UTC, date, datetime, time
from pathlib import Path

import pytest

from shop.shipping.estimate import add_working_days, delivery_window, french_holidays


def paris(*args):
    """A naive datetime, read as Paris time by the module."""
    return datetime(*args)


def test_weekday_before_cutoff_starts_today():
    # Monday 2026-11-23 10:00: prepare 1 (Tue), transit 2-3 -> Thu 26, Fri 27
    assert delivery_window(paris(2026, 11, 23, 10), 1, 2, 3) == (
        date(2026, 11, 26),
        date(2026, 11, 27),
    )


def test_after_cutoff_starts_next_working_day():
    assert delivery_window(paris(2026, 11, 23, 12, 0), 1, 2, 3) == (
        date(2026, 11, 27),
        date(2026, 11, 30),
    )


def test_cutoff_is_a_parameter():
    window = delivery_window(paris(2026, 11, 23, 15), 1, 2, 3, cutoff=time(16))
    assert window == (date(2026, 11, 26), date(2026, 11, 27))


def test_aware_now_is_converted_to_paris():
    # 11:30 UTC is 12:30 in Paris in winter: past the cut-off
    now = datetime(2026, 11, 23, 11, 30, tzinfo=UTC)
    assert delivery_window(now, 1, 2, 3) == (date(2026, 11, 27), date(2026, 11, 30))


def test_friday_afternoon_skips_the_weekend():
    # Fri 2026-11-27 15:00 -> starts Mon 30; +3 Thu 3 Dec, +4 Fri 4 Dec
    assert delivery_window(paris(2026, 11, 27, 15), 1, 2, 3) == (
        date(2026, 12, 3),
        date(2026, 12, 4),
    )


def test_saturday_order_starts_monday():
    assert delivery_window(paris(2026, 11, 28, 9), 1, 2, 3) == (
        date(2026, 12, 3),
        date(2026, 12, 4),
    )


def test_christmas_is_skipped():
    # Wed 2026-12-23 10:00, 3 to 4 working days: Thu 24, (Fri 25 off), Mon 28, Tue 29, Wed 30
    assert delivery_window(paris(2026, 12, 23, 10), 1, 2, 3) == (
        date(2026, 12, 29),
        date(2026, 12, 30),
    )


def test_new_year_across_years():
    # Wed 2026-12-30 10:00: Thu 31, (Fri 1 Jan off), Mon 4, Tue 5, Wed 6
    assert delivery_window(paris(2026, 12, 30, 10), 1, 2, 3) == (
        date(2027, 1, 5),
        date(2027, 1, 6),
    )


def test_fourteenth_of_july_is_skipped():
    # Mon 2025-07-14 is a holiday: order that morning starts Tue 15 -> Fri 18, Mon 21
    assert delivery_window(paris(2025, 7, 14, 9), 1, 2, 3) == (
        date(2025, 7, 18),
        date(2025, 7, 21),
    )
    # Fri 2026-07-10 10:00: Mon 13, (Tue 14 off), Wed 15, Thu 16, Fri 17
    assert delivery_window(paris(2026, 7, 10, 10), 1, 2, 3) == (
        date(2026, 7, 16),
        date(2026, 7, 17),
    )


def test_may_holidays_are_skipped():
    # Thu 2026-04-30 10:00, 3 to 6 working days: (Fri 1 May off) Mon 4, Tue 5, Wed 6, Thu 7,
    # (Fri 8 May off) Mon 11, Tue 12
    assert delivery_window(paris(2026, 4, 30, 10), 1, 2, 5) == (
        date(2026, 5, 6),
        date(2026, 5, 12),
    )


def test_supplier_delay_is_added_in_working_days():
    # Mon 2026-11-23 10:00 with 5 days of supplier delay: +8 -> Thu 3 Dec, +9 Fri 4 Dec
    window = delivery_window(paris(2026, 11, 23, 10), 1, 2, 3, supplier_delay_days=5)
    assert window == (date(2026, 12, 3), date(2026, 12, 4))


def test_long_delays_cross_several_years():
    window = delivery_window(paris(2026, 11, 23, 10), 1, 2, 3, supplier_delay_days=600)
    assert window[0].year == 2029
    assert window[0].weekday() < 5
    assert window[0] not in french_holidays(2029, 2029)


@pytest.mark.parametrize(
    "holiday",
    [
        date(2026, 1, 1),
        date(2026, 4, 6),
        date(2026, 5, 1),
        date(2026, 5, 8),
        date(2026, 5, 14),
        date(2026, 7, 14),
        date(2026, 8, 15),
        date(2026, 11, 1),
        date(2026, 11, 11),
        date(2026, 12, 25),
        date(2026, 5, 25),
    ],
)
def test_the_eleven_national_holidays_of_2026(holiday):
    assert holiday in french_holidays(2026, 2026)
    assert len(french_holidays(2026, 2026)) == 11


def test_our_calendar_is_the_holidays_package_calendar_for_france():
    """The package (a test dependency only) is kept up to date by its maintainers: a change of
    the law shows here."""
    import holidays

    years = range(2008, 2101)  # Whit Monday is a public holiday again from 2008
    assert french_holidays(years[0], years[-1]) == frozenset(
        holidays.country_holidays("FR", years=years)
    )


def test_estimating_a_delivery_loads_no_calendar_package():
    """The holidays package weighs about 12 MiB in each web worker: not on the cart page."""
    import subprocess
    import sys

    code = (
        "import sys; from datetime import datetime;"
        "from shop.shipping.estimate import delivery_window;"
        "delivery_window(datetime(2026, 11, 23, 10), 1, 2, 3);"
        "print('holidays' in sys.modules)"
    )
    root = Path(__file__).resolve().parents[3]
    answer = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=root
    )
    assert answer.stdout.strip() == "False", answer.stderr


def test_add_working_days_zero_is_identity():
    assert add_working_days(date(2026, 11, 28), 0, frozenset()) == date(2026, 11, 28)
