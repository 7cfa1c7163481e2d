"""PayPal Checkout through the Orders v2 REST API, spoken directly over ``httpx``.

Why not ``paypal-server-sdk`` (PayPal's maintained SDK, installed): its base URL comes only
from a two-value ``Environment`` enum (sandbox/live) looked up in a class-level table, so
pointing it at our loopback fake means subclassing its generated ``Configuration`` and relying
on internals; it has no call for ``/v1/notifications/verify-webhook-signature`` either, so we
would need a second HTTP stack anyway; and it drags in ``requests`` + ``apimatic-core``.
The five calls we make are small and well documented, so a thin ``httpx`` client with explicit
timeouts is simpler to read and test. The old ``paypalrestsdk`` is not used: it is deprecated
and speaks the v1 Payments API, which PayPal replaced with Orders v2.

Flow: ``start_payment`` creates an order (intent CAPTURE) and redirects to its ``payer-action``
link; PayPal sends the buyer back to ``return_url?token=<order id>&PayerID=...``;
``handle_return`` captures the order (idempotently) and reports the capture. Webhooks are
verified by asking PayPal itself (verify-webhook-signature with our webhook id).
"""

from __future__ import annotations

import json
import threading
import time
import uuid
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from shop.payments import paypal_events as events
from shop.payments.base import InvalidReturn, InvalidWebhook, PaymentError, PaymentStart

if TYPE_CHECKING:
    import httpx

    from shop.payments.base import PaymentEvent

SANDBOX_API_BASE = "https://api-m.sandbox.paypal.com"
LIVE_API_BASE = "https://api-m.paypal.com"
UNREACHABLE = "Le service de paiement PayPal est momentanément indisponible. Réessayez plus tard."
REFUSED = "PayPal a refusé l'opération de paiement."
NOT_APPROVED = "Le paiement PayPal n'a pas été approuvé. Vous pouvez réessayer."
# Where PayPal's webhook signing certificates live (live and sandbox APIs).
CERT_ORIGINS = frozenset({"https://api.paypal.com", "https://api-m.paypal.com",
                          "https://api.sandbox.paypal.com", "https://api-m.sandbox.paypal.com"})
TRANSMISSION_HEADERS = {
    "auth_algo": "PAYPAL-AUTH-ALGO",
    "cert_url": "PAYPAL-CERT-URL",
    "transmission_id": "PAYPAL-TRANSMISSION-ID",
    "transmission_sig": "PAYPAL-TRANSMISSION-SIG",
    "transmission_time": "PAYPAL-TRANSMISSION-TIME",
}


class PayPalRefused(PaymentError):
    """PayPal answered with an HTTP error; ``status`` and ``issue`` say which."""

    def __init__(self, status: int, issue: str | None, detail: str) -> None:
        super().__init__(REFUSED, detail=detail)
        self.status = status
        self.issue = issue


class PayPalGateway:
    """PayPal Orders v2: create, approve by redirect, capture on return, refund the capture."""

    name = "paypal"

    def __init__(
        self,
        *,
        client_id: str,
        client_secret: str,
        webhook_id: str,
        api_base: str = SANDBOX_API_BASE,
        timeout: float = 20.0,
        brand_name: str | None = None,
    ) -> None:
        self._client_id = client_id
        self._client_secret = client_secret
        self._webhook_id = webhook_id
        self._api_base = api_base.rstrip("/")
        self._timeout = timeout
        self._brand_name = brand_name
        self._http: httpx.Client | None = None
        self._token: str | None = None
        self._token_expires = 0.0
        self._token_lock = threading.Lock()

    @property
    def api_base(self) -> str:
        """The API origin this gateway talks to (the provider's, or a fake's in tests)."""
        return self._api_base

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
        """Create a PayPal order for the exact total and return its approval link.

        PayPal orders have no settable expiry: the shop simply never captures an order after
        its deadline or once the attempt is closed (see ``close_payment``).
        """
        context: dict[str, Any] = {
            "return_url": return_url,
            "cancel_url": cancel_url,
            "user_action": "PAY_NOW",
            "shipping_preference": "NO_SHIPPING",
            "locale": "fr-FR",
        }
        if self._brand_name:
            context["brand_name"] = self._brand_name
        paypal: dict[str, Any] = {"experience_context": context}
        if customer_email:
            paypal["email_address"] = customer_email
        body = {
            "intent": "CAPTURE",
            "purchase_units": [{
                "reference_id": reference,
                "custom_id": reference,
                "description": description[:127],
                "amount": {"currency_code": currency.upper(),
                           "value": events.amount_string(amount_cents, currency)},
            }],
            "payment_source": {"paypal": paypal},
        }
        order = self._request("POST", "/v2/checkout/orders", body=body)
        links = {link.get("rel"): link.get("href") for link in order.get("links", [])}
        url = links.get("payer-action") or links.get("approve")
        if not url:
            raise PaymentError(REFUSED, detail=f"order {order.get('id')} has no approval link")
        return PaymentStart(redirect_url=url, provider_ref=order["id"])

    def handle_return(self, params: Mapping[str, str]) -> PaymentEvent | None:
        """Capture the order the buyer just approved; report paid, failed or None (pending).

        Capturing is what moves the money. It is idempotent here: the PayPal-Request-Id is
        derived from the order id, and an order already captured (reloaded page, webhook
        first) is read back instead of failing.
        """
        order_id = params.get("token")
        if not order_id or not order_id.isalnum():
            raise InvalidReturn(NOT_APPROVED, detail=f"bad PayPal return token {order_id!r}")
        path = f"/v2/checkout/orders/{order_id}"
        try:
            order = self._request("POST", f"{path}/capture", body={},
                                  request_id=f"capture-{order_id}")
        except PayPalRefused as exc:
            if exc.issue == "ORDER_ALREADY_CAPTURED":
                order = self._request("GET", path)
            elif exc.issue in {"ORDER_NOT_APPROVED", "INSTRUMENT_DECLINED"} or exc.status == 404:
                raise InvalidReturn(NOT_APPROVED, detail=exc.detail) from exc
            else:
                raise
        return events.event_from_capture_order(order)

    def parse_webhook(self, payload: bytes, headers: Mapping[str, str]) -> PaymentEvent | None:
        """Verify a webhook with PayPal's verify-webhook-signature call, then normalise it.

        Raises InvalidWebhook when PayPal says FAILURE or headers are missing, and
        PaymentError when PayPal cannot be asked (answer 5xx so that PayPal retries).
        """
        try:
            event = json.loads(payload)
            raw_event = payload.decode("utf-8")
        except ValueError as exc:
            raise InvalidWebhook(f"unparsable PayPal payload: {exc}") from exc
        given = {key.upper(): value for key, value in headers.items()}
        fields = {key: given.get(name) for key, name in TRANSMISSION_HEADERS.items()}
        missing = sorted(name for key, name in TRANSMISSION_HEADERS.items() if not fields[key])
        if missing or not isinstance(event, dict):
            raise InvalidWebhook(f"not a PayPal webhook (missing {', '.join(missing)})")
        self._cheap_checks(fields)
        if event.get("event_type") not in events.HANDLED_KINDS:
            return None  # nothing the shop acts on: not worth a verification call
        fields["webhook_id"] = self._webhook_id
        # The event goes back byte for byte: re-serialising it can change what PayPal checks.
        body = json.dumps(fields)[:-1] + ', "webhook_event": ' + raw_event + "}"
        answer = self._request("POST", "/v1/notifications/verify-webhook-signature",
                               raw_body=body.encode("utf-8"))
        if answer.get("verification_status") != "SUCCESS":
            raise InvalidWebhook(f"PayPal verification: {answer.get('verification_status')}")
        try:
            return events.event_from_webhook(event)
        except (KeyError, TypeError, AttributeError) as exc:
            raise InvalidWebhook(f"verified PayPal event of an unexpected shape: {exc!r}") from exc

    def close_payment(self, provider_ref: str) -> None:
        """Nothing to call: an approved PayPal order moves no money until the shop captures
        it, and the shop never captures a closed attempt; PayPal voids it after a while."""

    def _cheap_checks(self, fields: Mapping[str, str | None]) -> None:
        """Refuse, without calling PayPal, what PayPal itself could never have sent."""
        if fields["auth_algo"] != "SHA256withRSA":
            raise InvalidWebhook(f"unknown PayPal auth algorithm {fields['auth_algo']!r}")
        cert_origin = urlsplit(fields["cert_url"] or "")
        if f"{cert_origin.scheme}://{cert_origin.netloc}" not in {self._api_base, *CERT_ORIGINS}:
            raise InvalidWebhook(f"PayPal certificate from elsewhere: {fields['cert_url']!r}")

    def refund(
        self, *, payment_ref: str, amount_cents: int, currency: str, reference: str,
        idempotency_key: str,
    ) -> str:
        """Refund part or all of a capture; returns PayPal's refund id.

        ``idempotency_key`` is sent as PayPal-Request-Id: a retry returns the first refund.
        The PAYMENT.CAPTURE.REFUNDED webhook follows and is reconciled by the ledger.
        """
        if not payment_ref.isalnum():
            raise ValueError(f"not a PayPal capture id: {payment_ref!r}")
        body = {
            "amount": {"currency_code": currency.upper(),
                       "value": events.amount_string(amount_cents, currency)},
            "custom_id": reference,
        }
        refund = self._request("POST", f"/v2/payments/captures/{payment_ref}/refund", body=body,
                               request_id=idempotency_key)
        return refund["id"]

    # -- HTTP plumbing -------------------------------------------------------------------

    def _client(self) -> httpx.Client:
        """The pooled HTTP client, built on first use (lazy import keeps workers small)."""
        if self._http is None:
            import httpx

            self._http = httpx.Client(
                base_url=self._api_base,
                timeout=httpx.Timeout(self._timeout, connect=5.0),
                headers={"Accept": "application/json"},
            )
        return self._http

    def _access_token(self, *, renew: bool = False) -> str:
        """An OAuth2 client-credentials token, cached until one minute before it expires."""
        with self._token_lock:
            if renew or not self._token or time.monotonic() >= self._token_expires:
                response = self._send(
                    "POST", "/v1/oauth2/token",
                    auth=(self._client_id, self._client_secret),
                    data={"grant_type": "client_credentials"},
                )
                answer = self._json(response)
                self._token = answer["access_token"]
                lifetime = int(answer.get("expires_in", 0))
                self._token_expires = time.monotonic() + max(lifetime - 60, 0)
            return self._token

    def _request(
        self,
        method: str,
        path: str,
        *,
        body: Any = None,
        raw_body: bytes | None = None,
        request_id: str | None = None,
    ) -> dict[str, Any]:
        """One authenticated API call returning JSON; renews the token once on HTTP 401."""
        content = raw_body if raw_body is not None else (
            None if body is None else json.dumps(body).encode("utf-8"))
        headers = {"Content-Type": "application/json", "Prefer": "return=representation"}
        if method == "POST":
            headers["PayPal-Request-Id"] = request_id or str(uuid.uuid4())
        for renew in (False, True):
            headers["Authorization"] = f"Bearer {self._access_token(renew=renew)}"
            response = self._send(method, path, content=content, headers=headers)
            if response.status_code != 401:
                break
        return self._json(response)

    def _send(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        """Send one HTTP request; network failures become PaymentError."""
        import httpx

        try:
            return self._client().request(method, path, **kwargs)
        except httpx.HTTPError as exc:
            raise PaymentError(UNREACHABLE, detail=f"{method} {path}: {exc!r}") from exc

    @staticmethod
    def _json(response: httpx.Response) -> dict[str, Any]:
        """The JSON body of a successful answer; PayPalRefused for any HTTP error."""
        try:
            data = response.json() if response.content else {}
        except ValueError:
            data = {}
        if not isinstance(data, dict):
            data = {}
        if response.is_success:
            return data
        first = (data.get("details") or [{}])[0]
        issue = first.get("issue") if isinstance(first, dict) else None
        name = data.get("name") or data.get("error")
        detail = (f"HTTP {response.status_code} {response.request.method} "
                  f"{response.request.url.path}: {name} {issue} {data.get('debug_id', '')}")
        raise PayPalRefused(response.status_code, issue, detail)
