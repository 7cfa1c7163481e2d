"""Where the cart lives: one key of the Flask session. Also what login and logout call.

Only this module and the cart views know the key. At login the accounts code renews
the session and keeps the cart: ``taken = stored_cart(session); session.clear();
restore_cart(session, taken)``. At logout it calls ``forget_cart(session)`` (the cart is emptied).
"""

from __future__ import annotations

from collections.abc import MutableMapping
from typing import Any

from shop.cart.services import StoredLine, item_count

SESSION_KEY = "cart"


def stored_cart(session: MutableMapping[str, Any]) -> object:
    """The raw stored cart, unchecked (services.parse_stored checks it on every load)."""
    return session.get(SESSION_KEY)


def save_cart(session: MutableMapping[str, Any], stored: list[StoredLine]) -> None:
    """Write the cart back, and only when it changed (no needless Set-Cookie)."""
    if not stored:
        session.pop(SESSION_KEY, None)
    elif session.get(SESSION_KEY) != stored:
        session[SESSION_KEY] = stored


def restore_cart(session: MutableMapping[str, Any], taken: object) -> None:
    """Put a cart read by stored_cart into the renewed session (it is re-checked on load)."""
    if taken:
        session[SESSION_KEY] = taken


def put_back_order_lines(
    session: MutableMapping[str, Any], lines: list[StoredLine]
) -> None:
    """After a refused payment: the order's lines are the cart again (lines already in the
    cart are kept as they are); prices and stock are re-checked when it is shown."""
    current = session.get(SESSION_KEY)
    stored = list(current) if isinstance(current, list) else []
    present = {entry[0] for entry in stored if isinstance(entry, list) and entry}
    stored += [line for line in lines if line[0] not in present]
    save_cart(session, stored)


def forget_cart(session: MutableMapping[str, Any]) -> None:
    """Empty the cart: at logout, and after an order is placed."""
    session.pop(SESSION_KEY, None)


def cart_item_count(session: MutableMapping[str, Any]) -> int:
    """Units in the cart, read from the session only (no database query), for the header."""
    return item_count(session.get(SESSION_KEY))
