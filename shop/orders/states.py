"""The order state machine: the allowed transitions and the one function that follows them."""

from datetime import datetime

from shop.orders.models import Order, OrderEvent

AWAITING_PAYMENT = "awaiting_payment"
PAID = "paid"
AWAITING_IDENTITY = "awaiting_identity"  # paid, held until the buyer proves who they are (CGV 6)
PREPARING = "preparing"
SHIPPED = "shipped"
DELIVERED = "delivered"
CANCELLED = "cancelled"

LABELS = {
    AWAITING_PAYMENT: "En attente de paiement",
    PAID: "Payée",
    AWAITING_IDENTITY: "En attente d'un justificatif d'identité",
    PREPARING: "En préparation",
    SHIPPED: "Expédiée",
    DELIVERED: "Livrée",
    CANCELLED: "Annulée",
}

TRANSITIONS: dict[str, frozenset[str]] = {
    AWAITING_PAYMENT: frozenset({PAID, CANCELLED}),
    PAID: frozenset({PREPARING, AWAITING_IDENTITY, CANCELLED}),
    AWAITING_IDENTITY: frozenset({PAID, CANCELLED}),
    PREPARING: frozenset({SHIPPED, CANCELLED}),
    SHIPPED: frozenset({DELIVERED, CANCELLED}),  # cancelled after shipping: non-delivery (C2)
    DELIVERED: frozenset(),
    CANCELLED: frozenset(),
}

# An order in these states holds its stocked lines' units (allocated, not yet shipped).
HOLDING_STOCK = frozenset({AWAITING_PAYMENT, PAID, AWAITING_IDENTITY, PREPARING})

CANCEL_REASONS = {
    "payment_refused": "Paiement refusé",
    "payment_expired": "Paiement non reçu dans le délai",
    "customer": "Annulée par le client avant paiement",
    "staff": "Annulée par la boutique",
    "non_delivery": "Annulée pour défaut de livraison",
    "unavailable": "Annulée : produits indisponibles",
    "identity": "Annulée : justificatif d'identité refusé ou non reçu",
}

# The timestamp each arrival state records on the order.
_STAMPS = {
    PAID: "paid_at",
    SHIPPED: "shipped_at",
    DELIVERED: "delivered_at",
    CANCELLED: "cancelled_at",
}


class IllegalTransition(Exception):
    """The order cannot go from its state to the one asked."""

    def __init__(self, order: Order, to_status: str):
        super().__init__(
            f"La commande {order.reference} ne peut pas passer de "
            f"« {LABELS.get(order.status, order.status)} » "
            f"à « {LABELS.get(to_status, to_status)} »."
        )
        self.from_status = order.status
        self.to_status = to_status


def transition(order: Order, to_status: str, *, actor: str, at: datetime, note: str = "") -> None:
    """Move the order to a new state if the table allows it, and record who did it and when."""
    if to_status not in TRANSITIONS.get(order.status, frozenset()):
        raise IllegalTransition(order, to_status)
    order.events.append(
        OrderEvent(actor=actor, at=at, from_status=order.status, to_status=to_status, note=note)
    )
    order.status = to_status
    stamp = _STAMPS.get(to_status)
    if stamp and getattr(order, stamp) is None:  # the first arrival: paid stays paid when
        setattr(order, stamp, at)                # a held order is released back to « payée »


def note(order: Order, text: str, *, actor: str, at: datetime) -> None:
    """A timeline entry that changes no state (a payment attempt, a refund...)."""
    order.events.append(
        OrderEvent(actor=actor, at=at, from_status=order.status, to_status=order.status,
                   note=text[:500])
    )


def record_creation(order: Order, *, actor: str, at: datetime) -> None:
    """The first event of an order: received, awaiting payment."""
    order.events.append(
        OrderEvent(actor=actor, at=at, from_status=None, to_status=order.status, note="")
    )
