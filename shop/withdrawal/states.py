"""The withdrawal state machine: the allowed moves and the one function that makes them.

Issue 17 builds the first two states: a declaration is « received » (in time, from a consumer,
matched to an order) or « refused » (late, or a professional's order, with the reason). The
returns and refunds work moves a received declaration on to goods awaited, goods received,
refunded and closed. A declaration that matched no order stays « received » with its review flag
(« à vérifier ») until staff link it or refuse it.
"""

from datetime import datetime

from shop.withdrawal.models import Withdrawal, WithdrawalEvent

RECEIVED = "received"
GOODS_AWAITED = "goods_awaited"
GOODS_RECEIVED = "goods_received"
REFUNDED = "refunded"
CLOSED = "closed"
REFUSED = "refused"

LABELS = {
    RECEIVED: "Rétractation reçue",
    GOODS_AWAITED: "Retour des produits attendu",
    GOODS_RECEIVED: "Produits retournés reçus",
    REFUNDED: "Remboursée",
    CLOSED: "Clôturée",
    REFUSED: "Rétractation refusée",
}
REVIEW_LABEL = "À vérifier"

# None: the declaration's arrival (its first event).
TRANSITIONS: dict[str | None, frozenset[str]] = {
    None: frozenset({RECEIVED, REFUSED}),
    RECEIVED: frozenset({GOODS_AWAITED, REFUSED, CLOSED}),
    GOODS_AWAITED: frozenset({GOODS_RECEIVED, CLOSED}),
    GOODS_RECEIVED: frozenset({REFUNDED}),
    REFUNDED: frozenset({CLOSED}),
    REFUSED: frozenset(),
    CLOSED: frozenset(),
}


class IllegalWithdrawalTransition(Exception):
    """The declaration cannot go from its state to the one asked."""

    def __init__(self, withdrawal: Withdrawal, to_state: str):
        current = LABELS.get(withdrawal.state, "nouvelle") if withdrawal.state else "nouvelle"
        super().__init__(
            f"La rétractation ne peut pas passer de « {current} » à "
            f"« {LABELS.get(to_state, to_state)} »."
        )
        self.from_state = withdrawal.state
        self.to_state = to_state


def transition(withdrawal: Withdrawal, to_state: str, *, actor: str, at: datetime,
               note: str = "") -> None:
    """Move the declaration to a new state if the table allows it, recording who, when, why."""
    if to_state not in TRANSITIONS.get(withdrawal.state, frozenset()):
        raise IllegalWithdrawalTransition(withdrawal, to_state)
    withdrawal.events.append(
        WithdrawalEvent(actor=actor, at=at, from_state=withdrawal.state, to_state=to_state,
                        note=note[:500])
    )
    withdrawal.state = to_state
