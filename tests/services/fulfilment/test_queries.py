"""What staff read: keyset pages that never skip nor repeat, the late orders, the counts."""

from datetime import date, timedelta

from shop.checkout.services import place_order
from shop.fulfilment.queries import OrderFilters, _cell, dashboard, order_page
from shop.orders import states
from tests.account_factories import make_user
from tests.checkout_factories import order_request
from tests.factories import at, make_product

NOW = at(2026, 11, 24, 10)


def _orders(db, count, when=NOW):
    product = make_product(db, on_hand=100)
    user = make_user(db)
    placed = [place_order(user, order_request([(product, 1)]), actor="client",
                          now=when - timedelta(minutes=n // 2)) for n in range(count)]
    for order in placed:  # two orders share each minute: the id breaks the tie
        order.created_at = when - timedelta(minutes=placed.index(order) // 2)
    db.session.commit()
    return placed


def test_pages_walk_every_order_once_newest_first(db, shop_ready):
    placed = _orders(db, 7)
    seen, cursor = [], None
    while True:
        page = order_page(OrderFilters(), now=NOW, after=cursor, size=3)
        seen += page.orders
        cursor = page.next_cursor
        if cursor is None:
            break
    assert len(seen) == 7 and {o.id for o in seen} == {o.id for o in placed}
    keys = [(o.created_at, o.id) for o in seen]
    assert keys == sorted(keys, reverse=True)


def test_a_forged_cursor_gives_the_first_page(db, shop_ready):
    _orders(db, 2)
    first = order_page(OrderFilters(), now=NOW).orders
    for forged in ("x", "2026-01-01_abc", "2026-01-01T00:00:00_5", "_", "9" * 40):
        assert order_page(OrderFilters(), now=NOW, after=forged).orders == first


def test_late_orders_are_those_past_their_estimate_or_reported_delay(db, shop_ready):
    on_time, late, delayed = _orders(db, 3)
    for order in (on_time, late, delayed):
        order.status = states.PAID
    today = date(2026, 11, 24)
    on_time.delivery_latest = today
    late.delivery_latest = today - timedelta(days=1)
    delayed.delivery_latest, delayed.delayed_until = today - timedelta(days=5), today
    db.session.commit()
    found = order_page(OrderFilters(late=True), now=NOW).orders
    assert found == [late]
    assert dashboard(NOW).late == 1


def test_today_s_orders_count_paid_ones_and_their_sales(db, shop_ready):
    paid, unpaid, cancelled = _orders(db, 3)
    paid.status, cancelled.status = states.PAID, states.CANCELLED
    db.session.commit()
    counts = dashboard(NOW)
    assert (counts.orders_today, counts.sales_today_cents) == (1, paid.total_ttc_cents)
    assert (counts.awaiting_payment, counts.to_prepare) == (1, 1)


def test_cells_that_a_spreadsheet_would_run_are_quoted():
    for text in ("=1+1", "+33", "-2", "@SUM(A1)", "\tx", "\rx"):
        assert _cell(text) == "'" + text
    assert _cell("Martin") == "Martin" and _cell("") == ""
