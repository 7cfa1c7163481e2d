"""The withdrawal period (B1, B9, B10, I2), counted in Paris time."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from shop.withdrawal.window import PROFESSIONAL, withdrawal_window

PARIS = ZoneInfo("Europe/Paris")
DELIVERED = datetime(2026, 9, 1, 10, 0, tzinfo=PARIS)  # day 0; day 14 is 15 September


def _window(at, deliveries=(DELIVERED,), info_sent=True, is_consumer=True):
    return withdrawal_window(is_consumer=is_consumer, deliveries=list(deliveries),
                             info_sent=info_sent, at=at.astimezone(UTC))


def test_day_14_at_23_50_is_in_time_and_day_15_at_00_10_is_late():
    """B1: the end of the 14th day after delivery, Paris time."""
    assert _window(datetime(2026, 9, 15, 23, 50, tzinfo=PARIS)).open
    late = _window(datetime(2026, 9, 16, 0, 10, tzinfo=PARIS))
    assert not late.open
    assert late.reason == ("Le délai de rétractation de cette commande s'est terminé le "
                           "15/09/2026 à 23 h 59 (heure de Paris) : la rétractation n'est plus "
                           "possible.")


def test_the_day_is_the_paris_day_even_across_a_clock_change():
    """Delivered late on 17 October (Paris), day 14 is 31 October; clocks go back on the 25th."""
    delivered = datetime(2026, 10, 17, 23, 30, tzinfo=PARIS)  # 21:30 UTC
    assert _window(datetime(2026, 10, 31, 23, 50, tzinfo=PARIS), [delivered]).open
    assert not _window(datetime(2026, 11, 1, 0, 10, tzinfo=PARIS), [delivered]).open


def test_before_delivery_the_period_is_open():
    assert _window(datetime(2027, 6, 1, tzinfo=PARIS), deliveries=[]).open
    assert _window(datetime(2027, 6, 1, tzinfo=PARIS), deliveries=[None]).open


def test_a_split_delivery_counts_from_the_last_parcel():
    """B1: open while a parcel is on its way, then 14 days from the last one."""
    second = datetime(2026, 9, 10, 9, 0, tzinfo=PARIS)
    assert _window(datetime(2026, 9, 20, tzinfo=PARIS), [DELIVERED, None]).open
    assert _window(datetime(2026, 9, 24, 23, 50, tzinfo=PARIS), [DELIVERED, second]).open
    assert not _window(datetime(2026, 9, 25, 0, 10, tzinfo=PARIS), [second, DELIVERED]).open


def test_twelve_more_months_when_the_information_was_never_sent():
    """B9 (L221-20): 14 days + 12 months."""
    assert _window(datetime(2027, 9, 15, 23, 50, tzinfo=PARIS), info_sent=False).open
    late = _window(datetime(2027, 9, 16, 0, 10, tzinfo=PARIS), info_sent=False)
    assert not late.open and "15/09/2027" in late.reason


def test_a_professional_has_no_withdrawal_right():
    """B10, I2."""
    window = _window(datetime(2026, 9, 2, tzinfo=PARIS), is_consumer=False)
    assert not window.open and window.reason == PROFESSIONAL
    assert "professionnel" in PROFESSIONAL


def test_a_cancelled_order_offers_no_withdrawal():
    """A cancelled order has no contract left: the link is not shown, a declaration is told why."""
    from shop.withdrawal.window import CANCELLED

    window = withdrawal_window(is_consumer=True, deliveries=[], info_sent=True,
                               at=datetime(2026, 9, 2, tzinfo=PARIS), cancelled=True)
    assert (window.open, window.reason) == (False, CANCELLED)
