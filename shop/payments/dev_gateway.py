"""Development gateway for offline demos: no provider, a signed token and a choice.

``start_payment`` sends the buyer to the shop's own "paiement de démonstration" page with a
token signed by the app's secret key (itsdangerous, shipped with Flask). The page posts the
token back with ``choice=accept`` or ``choice=refuse``; ``handle_return`` checks the signature
and age and reports paid or failed. No money ever moves, which is why the registry refuses
this gateway whenever the production configuration is active.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from itsdangerous import BadSignature, URLSafeTimedSerializer

from shop.payments.base import (
    InvalidReturn,
    InvalidWebhook,
    PaymentEvent,
    PaymentStart,
    check_amount,
)

TOKEN_SALT = "shop.payments.dev"  # noqa: S105 - a salt, not a secret
INVALID = "Ce lien de paiement de démonstration est invalide ou a expiré."


class DevGateway:
    """A gateway that pretends to take payments; for development and demos only."""

    name = "dev"

    def __init__(self, *, secret_key: str, page_url: str, max_age: int = 3600) -> None:
        if not secret_key:
            raise ValueError("the dev gateway needs a secret key to sign its tokens")
        self._serializer = URLSafeTimedSerializer(secret_key, salt=TOKEN_SALT)
        self._page_url = page_url
        self._max_age = max_age

    def start_payment(
        self,
        *,
        amount_cents: int,
        currency: str,
        reference: str,
        description: str,
        customer_email: str | None,
        return_url: str,
        cancel_url: str,
        expires_at=None,
    ) -> PaymentStart:
        """Sign reference, amount and return URLs into a token for the demo page."""
        check_amount(amount_cents)
        payment_id = "dev_" + secrets.token_hex(8)
        token = self._serializer.dumps({
            "id": payment_id,
            "reference": reference,
            "amount_cents": amount_cents,
            "currency": currency.upper(),
            "return_url": return_url,
            "cancel_url": cancel_url,
        })
        return PaymentStart(redirect_url=_add_query(self._page_url, token=token),
                            provider_ref=payment_id)

    def read_token(self, token: str) -> dict:
        """Decode a token for the demo page (amount, reference, URLs); InvalidReturn if bad."""
        try:
            data = self._serializer.loads(token, max_age=self._max_age)
        except BadSignature as exc:  # also covers SignatureExpired
            raise InvalidReturn(INVALID, detail=str(exc)) from exc
        if not isinstance(data, dict) or not {"id", "reference", "amount_cents"} <= data.keys():
            raise InvalidReturn(INVALID, detail="dev token without the expected fields")
        return data

    def handle_return(self, params: Mapping[str, str]) -> PaymentEvent:
        """Turn the demo page's token + choice ("accept"/"refuse") into paid or failed."""
        data = self.read_token(params.get("token") or "")
        choice = params.get("choice")
        if choice not in {"accept", "refuse"}:
            raise InvalidReturn(INVALID, detail=f"unknown dev choice {choice!r}")
        paid = choice == "accept"
        return PaymentEvent(
            kind="paid" if paid else "failed",
            reference=data["reference"],
            provider_ref=data["id"],
            event_id=f"{data['id']}:{choice}",
            payment_ref=data["id"] if paid else None,
            amount_cents=data["amount_cents"],
            currency=data.get("currency"),
        )

    def parse_webhook(self, payload: bytes, headers: Mapping[str, str]) -> PaymentEvent | None:
        """The dev gateway sends no webhooks: anything claiming to be one is refused."""
        raise InvalidWebhook("the development gateway has no webhooks")

    def close_payment(self, provider_ref: str) -> None:
        """Nothing to close: the shop refuses a demo payment for an attempt it closed."""

    def refund(
        self, *, payment_ref: str, amount_cents: int, currency: str, reference: str,
        idempotency_key: str,
    ) -> str:
        """Pretend to refund; the refund id is derived from the key (the same key, same id)."""
        check_amount(amount_cents)
        return "dev_refund_" + idempotency_key


def _add_query(url: str, **params: str) -> str:
    """Append query parameters to a URL that may already have some."""
    parts = urlsplit(url)
    query = parse_qsl(parts.query, keep_blank_values=True) + list(params.items())
    return urlunsplit(parts._replace(query=urlencode(query)))
