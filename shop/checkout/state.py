"""What the checkout remembers between its pages: ids and choices only, in one session key.

Every page re-reads the rows these ids name and checks they still belong to the customer, so
a stale or tampered value is simply dropped and the step asks again.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import MutableMapping
from dataclasses import asdict, dataclass
from typing import Any

SESSION_KEY = "checkout"
_KEY_PATTERN = re.compile(r"[0-9a-f]{32}")


@dataclass
class Choices:
    """The customer's choices so far; None means "not chosen yet"."""

    delivery_id: int | None = None
    billing_id: int | None = None  # None: billed at the delivery address
    billing_same: bool = True
    method: str | None = None  # shipping method code
    payment: str | None = None  # gateway name
    key: str | None = None  # idempotency key of the recap form


def _int_or_none(value: Any) -> int | None:
    return value if type(value) is int and value > 0 else None


def _str_or_none(value: Any) -> str | None:
    return value if isinstance(value, str) and 0 < len(value) <= 40 else None


def load_choices(session: MutableMapping[str, Any]) -> Choices:
    """The stored choices, each checked for its type (anything odd is forgotten)."""
    raw = session.get(SESSION_KEY)
    raw = raw if isinstance(raw, dict) else {}
    key = raw.get("key")
    return Choices(
        delivery_id=_int_or_none(raw.get("delivery_id")),
        billing_id=_int_or_none(raw.get("billing_id")),
        billing_same=raw.get("billing_same") is not False,
        method=_str_or_none(raw.get("method")),
        payment=_str_or_none(raw.get("payment")),
        key=key if isinstance(key, str) and _KEY_PATTERN.fullmatch(key) else None,
    )


def save_choices(session: MutableMapping[str, Any], choices: Choices) -> None:
    """Store the choices (only when they changed)."""
    data = asdict(choices)
    if session.get(SESSION_KEY) != data:
        session[SESSION_KEY] = data


def forget_choices(session: MutableMapping[str, Any]) -> None:
    """Start the next checkout afresh (after an order is placed)."""
    session.pop(SESSION_KEY, None)


def idempotency_key(session: MutableMapping[str, Any]) -> str:
    """The key the recap form carries: the same for every display until an order is placed."""
    choices = load_choices(session)
    if choices.key is None:
        choices.key = uuid.uuid4().hex
        save_choices(session, choices)
    return choices.key


def is_idempotency_key(value: str | None) -> bool:
    """Whether a submitted key has the shape this module gives out."""
    return bool(value and _KEY_PATTERN.fullmatch(value))
