"""Receiving a withdrawal declaration (LEGAL B3, B4, B1, B9, B10).

`declare` stores every declaration it is given, whatever it says: one that matches an order
(reference, and the name and e-mail of its buyer) is « received » or, when late or from a
professional, « refused » with the reason; one that matches nothing is kept « received » and
« à vérifier » for staff, linked to no order. Each one is acknowledged at once by e-mail (a job
written in the same transaction, run after commit), and a form posted several times records
one declaration (unique idempotency key).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from shop.extensions import db
from shop.jobs import enqueue
from shop.orders import states as order_states
from shop.orders.models import Order
from shop.withdrawal import states
from shop.withdrawal.models import Withdrawal, WithdrawalLine
from shop.withdrawal.tasks import send_acknowledgement
from shop.withdrawal.window import Window, withdrawal_window

CHANNELS = ("online", "email", "letter")
CHANNEL_LABELS = {"online": "en ligne", "email": "par e-mail", "letter": "par courrier"}
NO_MATCH = "Référence, nom ou e-mail sans commande correspondante"


@dataclass(frozen=True)
class Declaration:
    """What a person declared: as typed, with the lines chosen (None: the whole order)."""

    channel: str
    name: str
    reference: str
    email: str
    idempotency_key: str | None = None
    line_ids: Sequence[int] | None = None


def _plain(text: str) -> str:
    """Lower case, no accents, single spaces: names typed by hand compare on this."""
    folded = unicodedata.normalize("NFKD", text or "")
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch)).casefold()
    return " ".join(re.sub(r"[^\w]+", " ", folded).split())


def normalise_reference(text: str) -> str:
    """'pn 7k3q x9tb' and 'PN-7K3Q-X9TB' name the same order."""
    compact = re.sub(r"[^0-9A-Za-z]", "", text or "").upper()
    if len(compact) == 10 and compact.startswith("PN"):
        return f"PN-{compact[2:6]}-{compact[6:]}"
    return (text or "").strip().upper()


def matching_order(declaration: Declaration) -> Order | None:
    """The order the declaration names, if its buyer's last name and e-mail match too."""
    order = db.session.scalar(
        select(Order).where(Order.reference == normalise_reference(declaration.reference))
    )
    if order is None:
        return None
    if _plain(declaration.email) != _plain(order.customer_email):
        return None
    last_name = _plain(order.customer_last_name)
    if not last_name or f" {last_name} " not in f" {_plain(declaration.name)} ":
        return None
    return order


def order_window(order: Order, at: datetime) -> Window:
    """The withdrawal window of an order at `at`: one delivery moment per parcel, and None
    while units remain to ship (the period runs from the last parcel's delivery)."""
    deliveries = [parcel.delivered_at for parcel in order.shipments]
    if not deliveries or any(line.to_ship for line in order.lines):
        deliveries.append(None)
    return withdrawal_window(
        is_consumer=order.is_consumer,
        deliveries=deliveries,
        info_sent=order.withdrawal_info_sent_at is not None,
        at=at,
        tz=current_app.config["SHOP_TIMEZONE"],
        cancelled=order.status == order_states.CANCELLED,
    )


def find_by_key(key: str) -> Withdrawal | None:
    """The declaration already recorded for this form submission, if any."""
    return db.session.scalar(select(Withdrawal).where(Withdrawal.idempotency_key == key))


def declare(declaration: Declaration, *, actor: str, at: datetime) -> Withdrawal:
    """Record a declaration received at `at` and write its acknowledgement job; never drops one.

    Returns the declaration already recorded under the same idempotency key when the form is
    posted again (double click, second tab, retried request), even when both posts race: the
    unique key makes the second INSERT fail inside a savepoint, and the first one is returned.
    The caller commits.
    """
    if declaration.channel not in CHANNELS:
        raise ValueError(f"unknown channel {declaration.channel!r}")
    if declaration.idempotency_key:
        existing = find_by_key(declaration.idempotency_key)
        if existing is not None:
            return existing
    withdrawal = _build(declaration, actor=actor, at=at)
    try:
        with db.session.begin_nested():
            db.session.add(withdrawal)
            db.session.flush()
    except IntegrityError:
        existing = find_by_key(declaration.idempotency_key) if declaration.idempotency_key else None
        if existing is None:
            raise
        return existing
    if withdrawal.order is not None:
        text = f"{states.LABELS[withdrawal.state]} ({CHANNEL_LABELS[withdrawal.channel]})"
        if withdrawal.refusal_reason:
            text += f" : {withdrawal.refusal_reason}"
        order_states.note(withdrawal.order, text, actor=actor, at=at)
    enqueue(send_acknowledgement, withdrawal.id, key=f"withdrawal-ack-{withdrawal.id}")
    return withdrawal


def _build(declaration: Declaration, *, actor: str, at: datetime) -> Withdrawal:
    withdrawal = Withdrawal(
        channel=declaration.channel, received_at=at,
        typed_name=declaration.name.strip()[:200],
        typed_reference=declaration.reference.strip()[:40],
        typed_email=declaration.email.strip()[:254],
        idempotency_key=declaration.idempotency_key,
    )
    order = matching_order(declaration)
    if order is None:
        withdrawal.needs_review = True
        withdrawal.review_reason = NO_MATCH
        states.transition(withdrawal, states.RECEIVED, actor=actor, at=at, note=NO_MATCH)
        return withdrawal
    withdrawal.order = order
    chosen = set(declaration.line_ids or ())
    withdrawal.lines = [
        WithdrawalLine(order_line_id=line.id, product_name=line.product_name,
                       quantity=line.quantity)
        for line in order.lines if not chosen or line.id in chosen
    ]
    window = order_window(order, at)
    if window.open:
        states.transition(withdrawal, states.RECEIVED, actor=actor, at=at)
    else:
        withdrawal.refusal_reason = window.reason
        states.transition(withdrawal, states.REFUSED, actor=actor, at=at, note=window.reason)
    return withdrawal
