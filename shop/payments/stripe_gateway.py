"""Stripe hosted Checkout through the official ``stripe`` package.

The buyer pays on Stripe's page; the browser's return proves nothing, so ``handle_return``
returns None and only a webhook verified with the endpoint secret may mark an order paid.
``stripe`` is imported lazily (first API call or webhook), never when this module is imported:
the SDK costs about 25 MiB and most web requests never touch it.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from shop.payments.base import (
    InvalidWebhook,
    PaymentAlreadyCompleted,
    PaymentError,
    PaymentEvent,
    PaymentStart,
    check_amount,
)

if TYPE_CHECKING:
    import stripe

DEFAULT_API_BASE = "https://api.stripe.com"
UNREACHABLE = "Le service de paiement Stripe est momentanément indisponible. Réessayez plus tard."
REFUSED = "Stripe a refusé l'opération de paiement."
# Stripe refuses a Checkout Session expiring less than 30 minutes (or more than 24 hours) after
# its creation: a minute of margin covers the clock skew and the request's own time.
MIN_SESSION_LIFE = timedelta(minutes=31)
MAX_SESSION_LIFE = timedelta(hours=23, minutes=59)


def session_expiry(deadline: datetime, now: datetime) -> datetime:
    """The expires_at Stripe accepts closest to the order's deadline (never earlier)."""
    return min(max(deadline, now + MIN_SESSION_LIFE), now + MAX_SESSION_LIFE)


class StripeGateway:
    """Stripe Checkout (mode=payment) with signed webhooks and PaymentIntent refunds."""

    name = "stripe"

    def __init__(
        self,
        *,
        secret_key: str,
        webhook_secret: str,
        api_base: str | None = None,
        timeout: float = 20.0,
        max_retries: int = 2,
        webhook_tolerance: int = 300,
    ) -> None:
        self._secret_key = secret_key
        self._webhook_secret = webhook_secret
        self._api_base = (api_base or DEFAULT_API_BASE).rstrip("/")
        self._timeout = timeout
        self._max_retries = max_retries
        self._tolerance = webhook_tolerance
        self._client: stripe.StripeClient | None = None

    @property
    def api_base(self) -> str:
        """The API origin this gateway talks to (the provider's, or a fake's in tests)."""
        return self._api_base

    def _stripe(self) -> stripe.StripeClient:
        """Build the SDK client on first use (lazy import keeps workers small)."""
        if self._client is None:
            import stripe

            self._client = stripe.StripeClient(
                self._secret_key,
                base_addresses={"api": self._api_base},
                http_client=stripe.RequestsClient(timeout=(5, self._timeout)),
                max_network_retries=self._max_retries,
            )
        return self._client

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
        expires_at: datetime | None = None,
    ) -> PaymentStart:
        """Create a Checkout Session for the order total; the buyer is sent to its URL.

        One line item carries the whole order total (already computed by the shop, VAT
        included) so that Stripe charges exactly what the order says, to the cent. Cards only,
        as the CGV say. The session expires at the order's payment deadline, or 31 minutes
        from now when the deadline is closer (Stripe's minimum): the shop closes it itself at
        its deadline (``close_payment``).
        """
        check_amount(amount_cents)
        params: dict[str, Any] = {
            "mode": "payment",
            "line_items": [{
                "quantity": 1,
                "price_data": {
                    "currency": currency.lower(),
                    "unit_amount": amount_cents,
                    "product_data": {"name": description},
                },
            }],
            "client_reference_id": reference,
            "metadata": {"reference": reference},
            "payment_intent_data": {"metadata": {"reference": reference}},
            "success_url": return_url,
            "cancel_url": cancel_url,
            "locale": "fr",
            "payment_method_types": ["card"],
        }
        if expires_at is not None:
            now = datetime.now(expires_at.tzinfo)
            params["expires_at"] = int(session_expiry(expires_at, now).timestamp())
        if customer_email:
            params["customer_email"] = customer_email
        session = self._call(lambda c: c.v1.checkout.sessions.create(params))
        return PaymentStart(redirect_url=session["url"], provider_ref=session["id"])

    def handle_return(self, params: Mapping[str, str]) -> PaymentEvent | None:
        """Do nothing: only the signed webhook may mark a Stripe payment as paid."""
        return None

    def parse_webhook(self, payload: bytes, headers: Mapping[str, str]) -> PaymentEvent | None:
        """Verify the Stripe-Signature header and normalise the event (None if ignored)."""
        import stripe

        signature = {k.lower(): v for k, v in headers.items()}.get("stripe-signature")
        if not signature:
            raise InvalidWebhook("missing Stripe-Signature header")
        try:
            event = self._stripe().construct_event(
                payload, signature, self._webhook_secret, self._tolerance
            )
        except stripe.SignatureVerificationError as exc:
            raise InvalidWebhook(f"bad Stripe signature: {exc}") from exc
        except ValueError as exc:  # the SDK raises ValueError on unparsable JSON
            raise InvalidWebhook(f"unparsable Stripe payload: {exc}") from exc
        data = event.to_dict()
        try:
            return event_from_stripe(data["type"], data["id"], data["data"]["object"])
        except (KeyError, TypeError, AttributeError) as exc:
            raise InvalidWebhook(f"signed Stripe event of an unexpected shape: {exc!r}") from exc

    def close_payment(self, provider_ref: str) -> None:
        """Expire an open Checkout Session; one already expired is fine, a paid one is not.

        PaymentAlreadyCompleted tells the caller the buyer paid first: the capture webhook
        will bring the money into the ledger (and its refund if the order no longer wants it).
        """
        try:
            self._call(lambda c: c.v1.checkout.sessions.expire(provider_ref))
        except PaymentError as error:
            session = self.retrieve_session(provider_ref)
            if session.get("status") == "expired":
                return
            if session.get("status") == "complete":
                raise PaymentAlreadyCompleted(REFUSED, detail=f"{provider_ref} is complete") \
                    from error
            raise

    def refund(
        self, *, payment_ref: str, amount_cents: int, currency: str, reference: str,
        idempotency_key: str,
    ) -> str:
        """Refund part or all of a PaymentIntent; returns the Stripe refund id (re_...).

        ``idempotency_key`` goes to Stripe's Idempotency-Key header: a retry after a lost
        answer returns the first refund instead of making a second one. The matching
        ``charge.refunded`` webhook arrives later and is reconciled by the ledger.
        """
        check_amount(amount_cents)
        params = {
            "payment_intent": payment_ref,
            "amount": amount_cents,
            "metadata": {"reference": reference, "idempotency_key": idempotency_key},
        }
        options = {"idempotency_key": idempotency_key}
        refund = self._call(lambda c: c.v1.refunds.create(params, options))
        return refund["id"]

    def retrieve_session(self, session_id: str) -> dict[str, Any]:
        """Fetch a Checkout Session as a plain dict (for reconciliation and support)."""
        return self._call(lambda c: c.v1.checkout.sessions.retrieve(session_id)).to_dict()

    def _call(self, fn: Any) -> Any:
        """Run one SDK call, turning every Stripe error into a PaymentError."""
        import stripe

        try:
            return fn(self._stripe())
        except stripe.APIConnectionError as exc:
            raise PaymentError(UNREACHABLE, detail=str(exc)) from exc
        except stripe.StripeError as exc:
            raise PaymentError(REFUSED, detail=_describe(exc)) from exc


def _describe(exc: Any) -> str:
    """A log line for a Stripe error: status, code and Stripe's own message."""
    return f"HTTP {exc.http_status} {exc.code or ''} {exc.user_message or exc}".strip()


def event_from_stripe(kind: str, event_id: str, obj: Mapping[str, Any]) -> PaymentEvent | None:
    """Map one Stripe event (type, id, data.object as a dict) to a PaymentEvent, or None."""
    if kind == "charge.refunded":
        return PaymentEvent(
            kind="refunded",
            reference=(obj.get("metadata") or {}).get("reference", ""),
            provider_ref=obj["id"],
            event_id=event_id,
            payment_ref=obj.get("payment_intent"),
            amount_cents=obj.get("amount_refunded"),
            currency=_upper(obj.get("currency")),
        )
    if kind == "checkout.session.completed" and obj.get("payment_status") != "paid":
        return None  # delayed method (SEPA...): wait for async_payment_succeeded / failed
    session_kinds = {
        "checkout.session.completed": "paid",
        "checkout.session.async_payment_succeeded": "paid",
        "checkout.session.async_payment_failed": "failed",
        "checkout.session.expired": "expired",
    }
    if kind not in session_kinds:
        return None
    return PaymentEvent(
        kind=session_kinds[kind],  # type: ignore[arg-type]
        reference=obj.get("client_reference_id")
        or (obj.get("metadata") or {}).get("reference", ""),
        provider_ref=obj["id"],
        event_id=event_id,
        payment_ref=obj.get("payment_intent"),
        amount_cents=obj.get("amount_total"),
        currency=_upper(obj.get("currency")),
    )


def _upper(currency: str | None) -> str | None:
    """Stripe speaks lower-case ISO codes; the shop speaks upper-case."""
    return currency.upper() if currency else None
