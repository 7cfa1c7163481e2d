"""The cart in the session: kept across the session renewal at login, emptied at logout."""

from shop.cart.storage import (
    SESSION_KEY,
    cart_item_count,
    forget_cart,
    restore_cart,
    save_cart,
    stored_cart,
)


def test_login_renews_the_session_and_keeps_the_cart():
    session = {SESSION_KEY: [[1, 2, 990]], "csrf_token": "old", "other": 1}
    taken = stored_cart(session)
    session.clear()
    restore_cart(session, taken)
    assert session == {SESSION_KEY: [[1, 2, 990]]}


def test_logout_empties_the_cart():
    session = {SESSION_KEY: [[1, 2, 990]]}
    forget_cart(session)
    assert session == {}
    restore_cart(session, None)
    assert session == {}


def test_save_drops_an_empty_cart_and_count_reads_the_session():
    session = {SESSION_KEY: [[1, 2, 990]]}
    save_cart(session, [])
    assert SESSION_KEY not in session
    save_cart(session, [[3, 1, 100]])
    assert cart_item_count(session) == 1
    assert cart_item_count({SESSION_KEY: "garbage"}) == 0
