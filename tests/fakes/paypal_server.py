"""A loopback fake of the PayPal REST calls the shop makes (OAuth2, Orders v2, Payments v2
refunds, verify-webhook-signature), plus the buyer's approval page.

Hosted page: GET /checkoutnow?token={order id} with "Payer" / "Annuler"; paying marks the
order APPROVED and redirects to ``return_url?token=...&PayerID=...``; cancelling redirects to
``cancel_url?token=...``. Captures and refunds send webhooks to ``webhook_url``; the fake only
answers SUCCESS at verify-webhook-signature for transmissions it issued itself, unchanged.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import html
import json
import re
import secrets
import time
import uuid
import zlib
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any, ClassVar
from urllib.parse import urlencode

from tests.fakes._server import FakeServer, Recorded, Reply, html_reply, json_reply

AMOUNT = re.compile(r"\d{1,10}(\.\d{2})?")
RESOURCE_TYPES = {"PAYMENT.CAPTURE": "capture", "PAYMENT.CAPTURE.REFUNDED": "refund",
                  "CHECKOUT.ORDER": "checkout-order"}


def _id() -> str:
    """PayPal-style id: 17 upper-case letters and digits."""
    return secrets.token_hex(9).upper()[:17]


def _cents(value: str) -> int:
    return int(Decimal(value) * 100)


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _error(status: int, name: str, issue: str | None = None, message: str = "") -> Reply:
    body: dict[str, Any] = {"name": name, "message": message or name, "debug_id": _id().lower()}
    if issue:
        body["details"] = [{"issue": issue, "description": issue.replace("_", " ").lower()}]
    return json_reply(status, body)


class FakePayPal(FakeServer):
    """The fake PayPal. ``orders``, ``captures``, ``refunds`` and ``transmissions`` hold state."""

    routes: ClassVar[list[tuple[str, str, str]]] = [
        ("POST", r"/v1/oauth2/token", "oauth_token"),
        ("POST", r"/v2/checkout/orders", "create_order"),
        ("GET", r"/v2/checkout/orders/(\w+)", "get_order"),
        ("POST", r"/v2/checkout/orders/(\w+)/capture", "capture_order"),
        ("POST", r"/v2/payments/captures/(\w+)/refund", "refund_capture"),
        ("POST", r"/v1/notifications/verify-webhook-signature", "verify_webhook"),
        ("GET", r"/checkoutnow", "checkout_page"),
        ("POST", r"/checkoutnow", "checkout_submit"),
    ]
    webhooks_after_reply = True

    def __init__(self, *, client_id: str = "fake-client-id", client_secret: str = "fake-secret",
                 webhook_id: str = "WH-FAKE-0001", token_lifetime: int = 32400) -> None:
        super().__init__()
        self.client_id, self.client_secret = client_id, client_secret
        self.webhook_id = webhook_id
        self.token_lifetime = token_lifetime
        self.tokens: dict[str, float] = {}
        self.next_capture_status = "COMPLETED"
        self.orders: dict[str, dict[str, Any]] = {}
        self.captures: dict[str, dict[str, Any]] = {}
        self.refunds: dict[str, dict[str, Any]] = {}
        self.transmissions: dict[str, dict[str, Any]] = {}
        self._idempotent: dict[tuple[str, str], Reply] = {}
        self._signing_key = secrets.token_bytes(32)

    def settings(self) -> dict[str, str]:
        """Settings keys that point the shop's PayPal gateway at this fake."""
        return {"PAYPAL_CLIENT_ID": self.client_id, "PAYPAL_CLIENT_SECRET": self.client_secret,
                "PAYPAL_WEBHOOK_ID": self.webhook_id, "PAYPAL_API_BASE": self.base_url}

    def error_reply(self, status: int) -> Reply:
        names = {400: "INVALID_REQUEST", 401: "AUTHENTICATION_FAILURE", 402: "PAYMENT_REQUIRED",
                 404: "RESOURCE_NOT_FOUND", 422: "UNPROCESSABLE_ENTITY"}
        return _error(status, names.get(status, "INTERNAL_SERVER_ERROR"))

    def expire_tokens(self) -> None:
        """Forget every access token, as if they had all expired."""
        with self._lock:
            self.tokens.clear()

    # -- webhooks ------------------------------------------------------------------------
    def signed_webhook(self, event_type: str, resource: dict[str, Any], *,
                       event_id: str | None = None) -> tuple[bytes, dict[str, str]]:
        """An event as PayPal would POST it, with transmission headers the fake will verify."""
        kind = RESOURCE_TYPES.get(event_type) or RESOURCE_TYPES.get(event_type.rsplit(".", 1)[0])
        event = {"id": event_id or f"WH-{_id()}-{_id()}", "event_version": "1.0",
                 "create_time": _now(), "resource_type": kind or "unknown",
                 "resource_version": "2.0", "event_type": event_type,
                 "summary": f"{event_type} (fake)", "resource": resource, "links": []}
        payload = json.dumps(event).encode()
        tid, when = str(uuid.uuid1()), _now()
        crc = zlib.crc32(payload)
        message = f"{tid}|{when}|{self.webhook_id}|{crc}".encode()
        sig = base64.b64encode(hmac.new(self._signing_key, message, hashlib.sha256).digest())
        headers = {"Content-Type": "application/json", "PAYPAL-AUTH-ALGO": "SHA256withRSA",
                   "PAYPAL-CERT-URL": f"{self.base_url}/v1/notifications/certs/CERT-FAKE",
                   "PAYPAL-TRANSMISSION-ID": tid, "PAYPAL-TRANSMISSION-SIG": sig.decode(),
                   "PAYPAL-TRANSMISSION-TIME": when}
        with self._lock:
            self.transmissions[tid] = {"headers": headers, "event": event}
        return payload, headers

    def _emit(self, event_type: str, resource: dict[str, Any]) -> None:
        self.send_webhook(*self.signed_webhook(event_type, resource))

    def verify_webhook(self, rec: Recorded) -> Reply:
        if not self._authorised(rec):
            return self.error_reply(401)
        body = rec.json()
        sent = self.transmissions.get(body.get("transmission_id", ""))
        ok = sent is not None and body.get("webhook_id") == self.webhook_id and all(
            body.get(field) == sent["headers"][f"PAYPAL-{field.upper().replace('_', '-')}"]
            for field in ("auth_algo", "cert_url", "transmission_sig", "transmission_time")
        ) and body.get("webhook_event") == sent["event"]
        return json_reply(200, {"verification_status": "SUCCESS" if ok else "FAILURE"})

    # -- OAuth2 --------------------------------------------------------------------------
    def oauth_token(self, rec: Recorded) -> Reply:
        expected = base64.b64encode(f"{self.client_id}:{self.client_secret}".encode()).decode()
        if rec.header("Authorization") != f"Basic {expected}":
            return json_reply(401, {"error": "invalid_client",
                                    "error_description": "Client Authentication failed"})
        if rec.form().get("grant_type") != "client_credentials":
            return json_reply(400, {"error": "unsupported_grant_type"})
        token = "A21AA" + secrets.token_urlsafe(24)
        self.tokens[token] = time.monotonic() + self.token_lifetime
        return json_reply(200, {"scope": "https://uri.paypal.com/services/payments/payment",
                                "access_token": token, "token_type": "Bearer",
                                "app_id": "APP-FAKE", "expires_in": self.token_lifetime,
                                "nonce": _now() + secrets.token_hex(8)})

    def _authorised(self, rec: Recorded) -> bool:
        token = (rec.header("Authorization") or "").removeprefix("Bearer ")
        return self.tokens.get(token, 0) > time.monotonic()

    # -- Orders v2 -----------------------------------------------------------------------
    def _replay(self, rec: Recorded) -> tuple[str, str] | None:
        key = rec.header("PayPal-Request-Id")
        return (rec.path, key) if key else None

    def create_order(self, rec: Recorded) -> Reply:
        if not self._authorised(rec):
            return _error(401, "AUTHENTICATION_FAILURE", "invalid_token")
        if (key := self._replay(rec)) in self._idempotent:
            return self._idempotent[key]
        body = rec.json()
        units = body.get("purchase_units") or []
        if body.get("intent") != "CAPTURE" or len(units) != 1:
            return _error(400, "INVALID_REQUEST", "MISSING_REQUIRED_PARAMETER")
        if not AMOUNT.fullmatch(str(units[0].get("amount", {}).get("value", ""))):
            return _error(422, "UNPROCESSABLE_ENTITY", "DECIMAL_PRECISION")
        context = ((body.get("payment_source") or {}).get("paypal") or {}).get(
            "experience_context") or body.get("application_context") or {}
        oid = _id()
        self.orders[oid] = {"id": oid, "intent": "CAPTURE", "create_time": _now(),
                            "status": "PAYER_ACTION_REQUIRED", "purchase_units": units,
                            "_context": context}
        reply = json_reply(200, self._order_view(oid))
        if key:
            self._idempotent[key] = reply
        return reply

    def _order_view(self, oid: str) -> dict[str, Any]:
        order = {k: v for k, v in self.orders[oid].items() if not k.startswith("_")}
        order["links"] = [
            {"href": f"{self.base_url}/v2/checkout/orders/{oid}", "rel": "self", "method": "GET"},
            {"href": f"{self.base_url}/checkoutnow?token={oid}", "rel": "payer-action",
             "method": "GET"},
        ]
        return order

    def get_order(self, rec: Recorded, oid: str) -> Reply:
        if not self._authorised(rec):
            return _error(401, "AUTHENTICATION_FAILURE", "invalid_token")
        if oid not in self.orders:
            return _error(404, "RESOURCE_NOT_FOUND", "INVALID_RESOURCE_ID")
        return json_reply(200, self._order_view(oid))

    def approve_order(self, oid: str) -> str:
        """The buyer approved on PayPal; returns the URL PayPal would send the browser to."""
        with self._lock:
            order = self.orders[oid]
            order["status"] = "APPROVED"
            payer_id = _id()[:13]
            order["payer"] = {"payer_id": payer_id, "email_address": "acheteur@example.com",
                              "name": {"given_name": "Jeanne", "surname": "Martin"}}
            url = order["_context"].get("return_url", "")
        sep = "&" if "?" in url else "?"
        return f"{url}{sep}{urlencode({'token': oid, 'PayerID': payer_id})}"

    def void_order(self, oid: str) -> tuple[bytes, dict[str, str]]:
        """PayPal voided the unpaid order; sends CHECKOUT.ORDER.VOIDED."""
        with self._lock:
            self.orders[oid]["status"] = "VOIDED"
            result = self.signed_webhook("CHECKOUT.ORDER.VOIDED", self._order_view(oid))
            self.send_webhook(*result)
        self.flush_webhooks()
        return result

    def capture_order(self, rec: Recorded, oid: str) -> Reply:
        if not self._authorised(rec):
            return _error(401, "AUTHENTICATION_FAILURE", "invalid_token")
        if (key := self._replay(rec)) in self._idempotent:
            return self._idempotent[key]
        order = self.orders.get(oid)
        if order is None:
            return _error(404, "RESOURCE_NOT_FOUND", "INVALID_RESOURCE_ID")
        if order["status"] == "COMPLETED":
            return _error(422, "UNPROCESSABLE_ENTITY", "ORDER_ALREADY_CAPTURED")
        if order["status"] != "APPROVED":
            return _error(422, "UNPROCESSABLE_ENTITY", "ORDER_NOT_APPROVED")
        unit = order["purchase_units"][0]
        status, self.next_capture_status = self.next_capture_status, "COMPLETED"
        capture = {"id": _id(), "status": status, "amount": dict(unit["amount"]),
                   "custom_id": unit.get("custom_id"), "final_capture": True,
                   "create_time": _now(), "refunded_cents": 0,
                   "supplementary_data": {"related_ids": {"order_id": oid}}}
        self.captures[capture["id"]] = capture
        order["status"] = "COMPLETED"
        unit["payments"] = {"captures": [self._public(capture)]}
        event = "PAYMENT.CAPTURE.COMPLETED" if status == "COMPLETED" else "PAYMENT.CAPTURE.DECLINED"
        self._emit(event, self._public(capture))
        reply = json_reply(201, self._order_view(oid))
        if key:
            self._idempotent[key] = reply
        return reply

    @staticmethod
    def _public(obj: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in obj.items() if k != "refunded_cents"}

    def dashboard_refund(self, capture_id: str, cents: int) -> tuple[bytes, dict[str, str]]:
        """Someone refunds from PayPal's dashboard: PAYMENT.CAPTURE.REFUNDED delivered."""
        with self._lock:
            capture = self.captures[capture_id]
            value = f"{cents // 100}.{cents % 100:02d}"
            refund = self._refund(capture, capture_id, cents,
                                  {"currency_code": capture["amount"]["currency_code"],
                                   "value": value}, None)
            result = self.signed_webhook("PAYMENT.CAPTURE.REFUNDED", refund)
            self.send_webhook(*result)
        self.flush_webhooks()
        return result

    def refund_capture(self, rec: Recorded, cid: str) -> Reply:
        if not self._authorised(rec):
            return _error(401, "AUTHENTICATION_FAILURE", "invalid_token")
        if (key := self._replay(rec)) in self._idempotent:
            return self._idempotent[key]
        capture = self.captures.get(cid)
        if capture is None:
            return _error(404, "RESOURCE_NOT_FOUND", "INVALID_RESOURCE_ID")
        if capture["status"] not in {"COMPLETED", "PARTIALLY_REFUNDED"}:
            return _error(422, "UNPROCESSABLE_ENTITY", "CAPTURE_FULLY_REFUNDED")
        total = _cents(capture["amount"]["value"])
        amount = (rec.json() or {}).get("amount") or dict(capture["amount"])
        if not AMOUNT.fullmatch(str(amount.get("value", ""))):
            return _error(422, "UNPROCESSABLE_ENTITY", "DECIMAL_PRECISION")
        cents = _cents(amount["value"])
        if cents <= 0 or capture["refunded_cents"] + cents > total:
            return _error(422, "UNPROCESSABLE_ENTITY", "REFUND_AMOUNT_EXCEEDED")
        refund = self._refund(capture, cid, cents, amount, (rec.json() or {}).get("custom_id"))
        self._emit("PAYMENT.CAPTURE.REFUNDED", refund)
        reply = json_reply(201, refund)
        if key:
            self._idempotent[key] = reply
        return reply

    def _refund(self, capture: dict[str, Any], cid: str, cents: int, amount: dict[str, Any],
                custom_id: str | None) -> dict[str, Any]:
        total = _cents(capture["amount"]["value"])
        capture["refunded_cents"] += cents
        capture["status"] = ("REFUNDED" if capture["refunded_cents"] == total
                             else "PARTIALLY_REFUNDED")
        refund = {"id": _id(), "status": "COMPLETED", "amount": amount,
                  "custom_id": custom_id, "create_time": _now(),
                  "links": [{"rel": "self", "method": "GET",
                             "href": f"{self.base_url}/v2/payments/refunds/{_id()}"},
                            {"rel": "up", "method": "GET",
                             "href": f"{self.base_url}/v2/payments/captures/{cid}"}]}
        self.refunds[refund["id"]] = refund
        return refund

    # -- hosted approval page ------------------------------------------------------------
    def checkout_page(self, rec: Recorded) -> Reply:
        order = self.orders.get(rec.query.get("token", ""))
        if order is None or order["status"] not in {"PAYER_ACTION_REQUIRED", "APPROVED"}:
            return html_reply("Commande PayPal introuvable", "", 404)
        amount = order["purchase_units"][0]["amount"]
        form = (f"<p>Montant : <strong>{html.escape(amount['value'])} "
                f"{html.escape(amount['currency_code'])}</strong></p>"
                '<form method="post" action="/checkoutnow">'
                f'<input type="hidden" name="token" value="{order["id"]}">'
                '<button type="submit" name="choice" value="approve">Payer</button> '
                '<button type="submit" name="choice" value="cancel">Annuler</button></form>')
        return html_reply("PayPal (simulation)", form)

    def checkout_submit(self, rec: Recorded) -> Reply:
        form = rec.form()
        order = self.orders.get(form.get("token", ""))
        if order is None:
            return html_reply("Commande PayPal introuvable", "", 404)
        if form.get("choice") == "approve":
            return Reply.see_other(self.approve_order(order["id"]))
        url = order["_context"].get("cancel_url", "")
        sep = "&" if "?" in url else "?"
        return Reply.see_other(f"{url}{sep}{urlencode({'token': order['id']})}")
