"""Shared plumbing for the fake providers: a threaded loopback HTTP server with routes,
a record of requests, injectable failures and webhook delivery."""

from __future__ import annotations

import html
import json
import re
import threading
import time
import traceback
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, ClassVar
from urllib.parse import parse_qsl, urlsplit


@dataclass
class Recorded:
    """One request the fake received."""

    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: bytes

    def form(self) -> dict[str, str]:
        """The body as a flat form (application/x-www-form-urlencoded)."""
        return dict(parse_qsl(self.body.decode(), keep_blank_values=True))

    def json(self) -> Any:
        """The body as JSON."""
        return json.loads(self.body)

    def header(self, name: str) -> str | None:
        """A request header, case-insensitively."""
        return {k.lower(): v for k, v in self.headers.items()}.get(name.lower())


@dataclass
class Reply:
    """What a route answers."""

    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)

    @classmethod
    def see_other(cls, url: str) -> Reply:
        """A 303 redirect, as after a form POST."""
        return cls(303, b"", {"Location": url})


def json_reply(status: int, data: Any) -> Reply:
    """A JSON answer."""
    return Reply(status, json.dumps(data).encode(), {"Content-Type": "application/json"})


def html_reply(title: str, inner: str, status: int = 200) -> Reply:
    """A minimal French HTML page (no JavaScript) for the hosted payment pages."""
    page = (f'<!doctype html><html lang="fr"><head><meta charset="utf-8">'
            f"<title>{html.escape(title)}</title></head><body><h1>{html.escape(title)}</h1>"
            f"{inner}</body></html>")
    return Reply(status, page.encode(), {"Content-Type": "text/html; charset=utf-8"})


class FakeServer:
    """Base class: subclasses fill ``routes`` with (METHOD, regex, handler-name) and
    implement ``error_reply`` for injected failures on API paths."""

    routes: ClassVar[list[tuple[str, str, str]]] = []
    api_prefixes: ClassVar[tuple[str, ...]] = ("/v1/", "/v2/")
    # False: webhooks a request triggers are delivered before its reply is sent (Stripe's
    # hosted page: the shop knows before the browser lands). True: delivered from another
    # thread after the reply, like PayPal's asynchronous notifications after a capture.
    webhooks_after_reply: ClassVar[bool] = False

    def __init__(self) -> None:
        self.requests: list[Recorded] = []
        self.webhook_url: str | None = None
        self.deliver_webhooks = True
        self.deliveries: list[tuple[str, int | None]] = []
        self.webhooks: list[tuple[bytes, dict[str, str]]] = []
        self._failures: list[int] = []
        self._lost_replies = 0
        self._outbox: list[tuple[bytes, dict[str, str]]] = []
        self._lock = threading.RLock()
        self._server: ThreadingHTTPServer | None = None
        self.base_url = ""

    # -- life cycle ----------------------------------------------------------------------
    def start(self) -> FakeServer:
        """Listen on 127.0.0.1 on a free port, serving from a daemon thread."""
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._server.daemon_threads = True
        host, port = self._server.server_address[:2]
        self.base_url = f"http://{host}:{port}"
        threading.Thread(target=self._server.serve_forever, args=(0.05,), daemon=True).start()
        return self

    def stop(self) -> None:
        """Stop serving and free the port."""
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    # -- test controls -------------------------------------------------------------------
    def fail_next(self, status: int = 500, *, count: int = 1, message: str | None = None) -> None:
        """Make the next ``count`` API calls (not hosted pages) answer HTTP ``status``
        (with ``message`` where the provider's error carries one)."""
        with self._lock:
            self._failures.extend([(status, message)] * count)

    def recover(self) -> None:
        """Forget the failures still injected: the provider is back."""
        with self._lock:
            self._failures.clear()
            self._lost_replies = 0

    def lose_next_replies(self, count: int = 1) -> None:
        """Process the next ``count`` API calls, then answer 500 as if the reply were lost."""
        with self._lock:
            self._lost_replies += count

    def calls(self, method: str, path_pattern: str) -> list[Recorded]:
        """Recorded requests whose method matches and path matches the regex."""
        return [r for r in self.requests
                if r.method == method and re.fullmatch(path_pattern, r.path)]

    def send_webhook(self, payload: bytes, headers: dict[str, str]) -> None:
        """Queue a webhook; it is delivered once the fake's lock is released (no deadlock
        when the receiver calls the fake back, e.g. PayPal's verify-webhook-signature)."""
        with self._lock:
            self.webhooks.append((payload, headers))
            self._outbox.append((payload, headers))

    def flush_webhooks(self) -> None:
        """Deliver queued webhooks to ``webhook_url`` (if set and delivery is on)."""
        with self._lock:
            outbox, self._outbox = self._outbox, []
        for payload, headers in outbox:
            self._deliver(payload, headers)

    def _deliver(self, payload: bytes, headers: dict[str, str]) -> None:
        if not (self.deliver_webhooks and self.webhook_url):
            return
        request = urllib.request.Request(self.webhook_url, data=payload, method="POST",
                                         headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                status: int | None = response.status
        except urllib.error.HTTPError as exc:
            status = exc.code
        except (urllib.error.URLError, OSError):
            status = None
        self.deliveries.append((self.webhook_url, status))

    def error_reply(self, status: int) -> Reply:  # pragma: no cover - overridden
        return json_reply(status, {"error": "injected failure"})

    # -- dispatch ------------------------------------------------------------------------
    def handle(self, rec: Recorded) -> Reply:
        """Record, apply any injected failure, call the matching route, then deliver."""
        try:
            return self._route(rec)
        finally:
            if not self.webhooks_after_reply:
                self.flush_webhooks()

    def after_reply(self) -> None:
        """Called once a reply is on the wire: deliver webhooks in the background."""
        if self.webhooks_after_reply and self._outbox:
            threading.Thread(target=self.flush_webhooks, daemon=True).start()

    def wait_for(self, method: str, path_pattern: str, *, count: int = 1,
                 timeout: float = 5.0) -> list[Recorded]:
        """Wait until ``count`` matching requests arrived (webhooks sent in the background)."""
        deadline = time.monotonic() + timeout
        while len(found := self.calls(method, path_pattern)) < count:
            if time.monotonic() > deadline:
                raise AssertionError(f"{method} {path_pattern}: {len(found)} of {count} seen")
            time.sleep(0.01)
        return found

    def _route(self, rec: Recorded) -> Reply:
        with self._lock:
            self.requests.append(rec)
            if self._failures and rec.path.startswith(self.api_prefixes):
                status, message = self._failures.pop(0)
                return self.error_reply(status, message) if message else self.error_reply(status)
            for method, pattern, name in self.routes:
                match = re.fullmatch(pattern, rec.path)
                if method == rec.method and match:
                    handler: Callable[..., Reply] = getattr(self, name)
                    reply = handler(rec, *match.groups())
                    if self._lost_replies and rec.path.startswith(self.api_prefixes):
                        self._lost_replies -= 1
                        return self.error_reply(500)
                    return reply
        return self.error_reply(404)


class Sink(FakeServer):
    """A server that records everything and answers 200 "ok" (or what ``respond`` returns):
    a stand-in for the shop's return page or webhook endpoint in unit tests."""

    def __init__(self, respond: Callable[[Recorded], Reply] | None = None) -> None:
        super().__init__()
        self.respond = respond

    def _route(self, rec: Recorded) -> Reply:
        with self._lock:
            self.requests.append(rec)
        if self.respond is not None:
            return self.respond(rec)
        return Reply(200, b"ok", {"Content-Type": "text/plain"})


def _handler_for(fake: FakeServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def _serve(self) -> None:
            parts = urlsplit(self.path)
            length = int(self.headers.get("Content-Length") or 0)
            rec = Recorded(self.command, parts.path, dict(parse_qsl(parts.query)),
                           dict(self.headers.items()), self.rfile.read(length))
            try:
                reply = fake.handle(rec)
            except Exception:  # noqa: BLE001 - a bug in the fake: show it, do not hang
                trace = traceback.format_exc().encode()
                reply = Reply(500, trace, {"Content-Type": "text/plain"})
            try:
                self.send_response(reply.status)
                for key, value in reply.headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(reply.body)))
                self.end_headers()
                self.wfile.write(reply.body)
                self.wfile.flush()
            except (BrokenPipeError, ConnectionResetError):
                return  # the client gave up waiting (a timeout under test): nobody to answer
            fake.after_reply()

        do_GET = do_POST = do_DELETE = _serve

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Handler
