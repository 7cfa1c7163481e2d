"""A loopback fake of the few Stripe endpoints the shop uses, close enough for the real SDK.

API: POST /v1/checkout/sessions (form-encoded, bracket notation), GET /v1/checkout/sessions/{id},
POST /v1/refunds. Hosted page: GET /pay/{session_id} with "Payer" / "Refuser" buttons; paying
sends a ``checkout.session.completed`` webhook signed exactly like Stripe (``Stripe-Signature:
t=...,v1=HMAC-SHA256(secret, f"{t}.{payload}")``) to ``webhook_url``, then redirects to the
session's success_url; refusing redirects to cancel_url (and sends ``refuse_event`` if set).
"""

from __future__ import annotations

import hashlib
import hmac
import html
import json
import re
import secrets
import time
from typing import Any, ClassVar
from urllib.parse import parse_qsl

from tests.fakes._server import FakeServer, Recorded, Reply, html_reply, json_reply

ERRORS = {
    400: ("invalid_request_error", None, "Invalid request."),
    401: ("invalid_request_error", None, "Invalid API Key provided."),
    402: ("card_error", "card_declined", "Your card was declined."),
    404: ("invalid_request_error", "resource_missing", "No such resource."),
    429: ("invalid_request_error", "rate_limit", "Too many requests."),
}


def _id(prefix: str) -> str:
    return f"{prefix}_test_{secrets.token_hex(12)}"


def decode_form(body: bytes) -> dict[str, Any]:
    """Stripe's form encoding (``a[b][0][c]=1``) back to nested dicts and lists."""
    root: dict[str, Any] = {}
    for key, value in parse_qsl(body.decode(), keep_blank_values=True):
        parts = re.findall(r"[^\[\]]+|(?<=\[)(?=\])", key)
        node = root
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        node[parts[-1]] = value
    return _listify(root)


def _listify(node: Any) -> Any:
    if not isinstance(node, dict):
        return node
    items = {k: _listify(v) for k, v in node.items()}
    if items and all(k.isdigit() for k in items):
        return [items[k] for k in sorted(items, key=int)]
    return items


class FakeStripe(FakeServer):
    """The fake Stripe. ``sessions``, ``payment_intents`` and ``refunds`` hold its state."""

    routes: ClassVar[list[tuple[str, str, str]]] = [
        ("POST", r"/v1/checkout/sessions", "create_session"),
        ("GET", r"/v1/checkout/sessions/([\w-]+)", "get_session"),
        ("POST", r"/v1/checkout/sessions/([\w-]+)/expire", "expire_session_api"),
        ("POST", r"/v1/refunds", "create_refund"),
        ("GET", r"/pay/([\w-]+)", "pay_page"),
        ("POST", r"/pay/([\w-]+)", "pay_submit"),
    ]

    def __init__(self, *, secret_key: str = "sk_test_fake",
                 webhook_secret: str = "whsec_fake") -> None:
        super().__init__()
        self.secret_key = secret_key
        self.webhook_secret = webhook_secret
        self.refuse_event: str | None = None
        self.sessions: dict[str, dict[str, Any]] = {}
        self.payment_intents: dict[str, dict[str, Any]] = {}
        self.refunds: dict[str, dict[str, Any]] = {}
        self._idempotent: dict[tuple[str, str], Reply] = {}

    def settings(self) -> dict[str, str]:
        """Settings keys that point the shop's Stripe gateway at this fake."""
        return {"STRIPE_SECRET_KEY": self.secret_key,
                "STRIPE_WEBHOOK_SECRET": self.webhook_secret,
                "STRIPE_API_BASE": self.base_url}

    # -- webhooks ------------------------------------------------------------------------
    def signed_webhook(self, event_type: str, obj: dict[str, Any], *,
                       secret: str | None = None, timestamp: int | None = None,
                       event_id: str | None = None) -> tuple[bytes, dict[str, str]]:
        """An event as Stripe would POST it, with a valid Stripe-Signature header."""
        t = int(time.time()) if timestamp is None else timestamp
        event = {"id": event_id or _id("evt"), "object": "event", "api_version": "2025-01-27",
                 "created": t, "livemode": False, "pending_webhooks": 1, "type": event_type,
                 "request": {"id": None, "idempotency_key": None}, "data": {"object": obj}}
        payload = json.dumps(event).encode()
        key = (secret or self.webhook_secret).encode()
        sig = hmac.new(key, f"{t}.".encode() + payload, hashlib.sha256).hexdigest()
        return payload, {"Content-Type": "application/json", "Stripe-Signature": f"t={t},v1={sig}"}

    def session_event(self, session_id: str, event_type: str) -> tuple[bytes, dict[str, str]]:
        """Sign an event about a session, queue it for delivery and return it."""
        with self._lock:
            payload, headers = self.signed_webhook(event_type, dict(self.sessions[session_id]))
            self.send_webhook(payload, headers)
        return payload, headers

    def complete_session(self, session_id: str) -> tuple[bytes, dict[str, str]]:
        """The buyer paid: session complete/paid, PaymentIntent created, webhook delivered."""
        result = self._complete(session_id)
        self.flush_webhooks()
        return result

    def expire_session(self, session_id: str) -> tuple[bytes, dict[str, str]]:
        """The session expired unpaid; webhook delivered."""
        with self._lock:
            self.sessions[session_id].update(status="expired", url=None)
        result = self.session_event(session_id, "checkout.session.expired")
        self.flush_webhooks()
        return result

    def dashboard_refund(self, payment_intent: str, amount: int) -> tuple[bytes, dict[str, str]]:
        """Someone refunds from Stripe's dashboard: charge.refunded (cumulative) delivered."""
        with self._lock:
            pi = self.payment_intents[payment_intent]
            refund = self._refund(pi, amount, {})
            result = self.signed_webhook("charge.refunded", self._charge(pi))
            self.send_webhook(*result)
        self.flush_webhooks()
        assert refund["amount"] == amount
        return result

    def _complete(self, session_id: str) -> tuple[bytes, dict[str, str]]:
        with self._lock:
            session = self.sessions[session_id]
            if session["status"] != "open":
                raise ValueError(f"session {session_id} is {session['status']}, not open")
            pi = _id("pi")
            self.payment_intents[pi] = {
                "id": pi, "charge": _id("ch"), "amount": session["amount_total"],
                "currency": session["currency"], "amount_refunded": 0,
                "metadata": session["_pi_metadata"],
            }
            session.update(status="complete", payment_status="paid", payment_intent=pi)
            return self.session_event(session_id, "checkout.session.completed")

    # -- API -----------------------------------------------------------------------------
    def error_reply(self, status: int, message: str | None = None,
                    param: str | None = None) -> Reply:
        kind, code, default = ERRORS.get(status, ("api_error", None, "Something went wrong."))
        error = {"type": kind, "code": code, "message": message or default, "param": param}
        return json_reply(status, {"error": error})

    def _authorised(self, rec: Recorded) -> bool:
        return rec.header("Authorization") == f"Bearer {self.secret_key}"

    def _replayed(self, rec: Recorded) -> tuple[str, str] | None:
        """The key under which a POST with an Idempotency-Key header stores its reply."""
        key = rec.header("Idempotency-Key")
        return (rec.path, key) if key else None

    def create_session(self, rec: Recorded) -> Reply:
        if not self._authorised(rec):
            return self.error_reply(401)
        if (key := self._replayed(rec)) in self._idempotent:
            return self._idempotent[key]
        form = decode_form(rec.body)
        for param in ("mode", "line_items", "success_url", "cancel_url"):
            if not form.get(param):
                return self.error_reply(400, f"Missing required param: {param}.", param)
        now = int(time.time())
        expires_at = int(form.get("expires_at") or now + 86400)
        if not now + 1800 <= expires_at <= now + 86400:
            return self.error_reply(400, "The `expires_at` timestamp must be between 30 minutes"
                                         " and 24 hours from Checkout Session creation.",
                                    "expires_at")
        items = form["line_items"]
        total = sum(int(i["price_data"]["unit_amount"]) * int(i["quantity"]) for i in items)
        sid = _id("cs")
        self.sessions[sid] = {
            "id": sid, "object": "checkout.session", "mode": form["mode"],
            "status": "open", "payment_status": "unpaid", "amount_total": total,
            "amount_subtotal": total, "currency": items[0]["price_data"]["currency"],
            "client_reference_id": form.get("client_reference_id"),
            "customer_email": form.get("customer_email"),
            "metadata": form.get("metadata", {}), "payment_intent": None,
            "success_url": form["success_url"], "cancel_url": form["cancel_url"],
            "url": f"{self.base_url}/pay/{sid}", "livemode": False,
            "created": now, "expires_at": expires_at,
            "payment_method_types": form.get("payment_method_types", ["card", "paypal"]),
            "_line_items": items,
            "_pi_metadata": form.get("payment_intent_data", {}).get("metadata", {}),
        }
        reply = json_reply(200, self._public(sid))
        if key:
            self._idempotent[key] = reply
        return reply

    def expire_session_api(self, rec: Recorded, sid: str) -> Reply:
        if not self._authorised(rec):
            return self.error_reply(401)
        session = self.sessions.get(sid)
        if session is None:
            return self.error_reply(404, f"No such checkout.session: '{sid}'", "session")
        if session["status"] != "open":
            return self.error_reply(400, 'Only Checkout Sessions with a status in ["open"] can '
                                         "be expired.")
        session.update(status="expired", url=None)
        self.send_webhook(*self.signed_webhook("checkout.session.expired", self._public(sid)))
        return json_reply(200, self._public(sid))

    def get_session(self, rec: Recorded, sid: str) -> Reply:
        if not self._authorised(rec):
            return self.error_reply(401)
        if sid not in self.sessions:
            return self.error_reply(404, f"No such checkout.session: '{sid}'", "session")
        return json_reply(200, self._public(sid))

    def _public(self, sid: str) -> dict[str, Any]:
        return {k: v for k, v in self.sessions[sid].items() if not k.startswith("_")}

    def create_refund(self, rec: Recorded) -> Reply:
        if not self._authorised(rec):
            return self.error_reply(401)
        if (key := self._replayed(rec)) in self._idempotent:
            return self._idempotent[key]
        form = decode_form(rec.body)
        pi = self.payment_intents.get(form.get("payment_intent", ""))
        if pi is None:
            return self.error_reply(404, "No such payment_intent.", "payment_intent")
        remaining = pi["amount"] - pi["amount_refunded"]
        amount = int(form.get("amount", remaining))
        if amount <= 0 or amount > remaining:
            return self.error_reply(400, f"Refund amount ({amount}) is greater than "
                                         f"unrefunded amount ({remaining}).", "amount")
        refund = self._refund(pi, amount, form.get("metadata", {}))
        self.send_webhook(*self.signed_webhook("charge.refunded", self._charge(pi)))
        reply = json_reply(200, refund)
        if key:
            self._idempotent[key] = reply
        return reply

    def _refund(self, pi: dict[str, Any], amount: int, metadata: dict) -> dict[str, Any]:
        refund = {"id": _id("re"), "object": "refund", "amount": amount, "status": "succeeded",
                  "currency": pi["currency"], "payment_intent": pi["id"], "charge": pi["charge"],
                  "metadata": metadata, "created": int(time.time())}
        self.refunds[refund["id"]] = refund
        pi["amount_refunded"] += amount
        return refund

    @staticmethod
    def _charge(pi: dict[str, Any]) -> dict[str, Any]:
        """The Charge object of a PaymentIntent, as charge.refunded carries it (cumulative)."""
        return {"id": pi["charge"], "object": "charge", "amount": pi["amount"],
                "amount_refunded": pi["amount_refunded"], "currency": pi["currency"],
                "payment_intent": pi["id"], "metadata": pi["metadata"], "paid": True,
                "refunded": pi["amount_refunded"] == pi["amount"], "status": "succeeded"}

    # -- hosted page ---------------------------------------------------------------------
    def pay_page(self, rec: Recorded, sid: str) -> Reply:
        session = self.sessions.get(sid)
        if session is None or session["status"] != "open":
            return html_reply("Session de paiement introuvable ou expirée", "", 404)
        cents = session["amount_total"]
        amount = f"{cents // 100},{cents % 100:02d} {session['currency'].upper()}"
        name = session["_line_items"][0]["price_data"]["product_data"]["name"]
        form = (f"<p>{html.escape(name)}</p><p>Montant : <strong>{amount}</strong></p>"
                f'<form method="post" action="/pay/{sid}">'
                '<button type="submit" name="choice" value="pay">Payer</button> '
                '<button type="submit" name="choice" value="refuse">Refuser</button></form>')
        return html_reply("Paiement Stripe (simulation)", form)

    def pay_submit(self, rec: Recorded, sid: str) -> Reply:
        session = self.sessions.get(sid)
        if session is None or session["status"] != "open":
            return html_reply("Session de paiement introuvable ou expirée", "", 404)
        if rec.form().get("choice") == "pay":
            self._complete(sid)  # delivered by handle() before the redirect goes out
            return Reply.see_other(session["success_url"].replace("{CHECKOUT_SESSION_ID}", sid))
        if self.refuse_event == "checkout.session.expired":
            session.update(status="expired", url=None)
        if self.refuse_event:
            self.session_event(sid, self.refuse_event)
        return Reply.see_other(session["cancel_url"].replace("{CHECKOUT_SESSION_ID}", sid))
