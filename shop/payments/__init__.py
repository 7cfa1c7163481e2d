"""Payment providers behind one small interface (see ``base.Gateway``).

Importing this package is cheap on purpose: provider SDKs (``stripe``) and HTTP clients are
imported lazily by the gateways that need them, so web workers stay small.
"""

from shop.payments.base import (
    Gateway,
    InvalidReturn,
    InvalidWebhook,
    PaymentAlreadyCompleted,
    PaymentError,
    PaymentEvent,
    PaymentStart,
)

__all__ = [
    "Gateway",
    "InvalidReturn",
    "InvalidWebhook",
    "PaymentAlreadyCompleted",
    "PaymentError",
    "PaymentEvent",
    "PaymentStart",
]
