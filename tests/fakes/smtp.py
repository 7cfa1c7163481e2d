"""A real SMTP server for tests: aiosmtpd on 127.0.0.1, collecting what arrives.

Register in tests/conftest.py: `pytest_plugins = [..., "tests.fakes.smtp"]`. Fixtures:
- `smtp_server`: a running server (`.host`, `.port`, `.messages`, `.wait_for(n)`).
- `mail_via_smtp`: the `app` sends through that server (MAIL_BACKEND = "smtp") for the test.
"""

import email
import socket
import threading
import time
from dataclasses import dataclass
from email.message import EmailMessage
from email.policy import default as default_policy

import pytest
from aiosmtpd.controller import Controller


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class ReceivedMail:
    """One message as the server received it, parsed by the standard library."""

    mail_from: str
    rcpt_tos: list[str]
    message: EmailMessage

    @property
    def subject(self) -> str:
        return self.message["Subject"]

    @property
    def text(self) -> str:
        return self.message.get_body(preferencelist=("plain",)).get_content()

    @property
    def html(self) -> str:
        return self.message.get_body(preferencelist=("html",)).get_content()

    @property
    def attachments(self) -> list[tuple[str, str, bytes]]:
        return [
            (part.get_filename(), part.get_content_type(), part.get_payload(decode=True))
            for part in self.message.iter_attachments()
        ]


class _Collector:
    def __init__(self) -> None:
        self.messages: list[ReceivedMail] = []
        self.arrived = threading.Condition()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd hook)
        parsed = email.message_from_bytes(envelope.content, policy=default_policy)
        with self.arrived:
            self.messages.append(ReceivedMail(envelope.mail_from, list(envelope.rcpt_tos), parsed))
            self.arrived.notify_all()
        return "250 Message accepted for delivery"


class SMTPServer:
    """An aiosmtpd controller on 127.0.0.1 and the messages it received."""

    def __init__(self, port: int | None = None) -> None:
        self.host = "127.0.0.1"
        self.port = port or free_port()
        self._collector = _Collector()
        self._controller = Controller(self._collector, hostname=self.host, port=self.port)

    @property
    def messages(self) -> list[ReceivedMail]:
        return self._collector.messages

    def start(self) -> None:
        self._controller.start()

    def stop(self) -> None:
        self._controller.stop()

    def wait_for(self, count: int, timeout: float = 5.0) -> list[ReceivedMail]:
        """Wait until `count` messages arrived (for deliveries made by another thread)."""
        deadline = time.monotonic() + timeout
        with self._collector.arrived:
            while len(self.messages) < count:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    arrived = len(self.messages)
                    raise AssertionError(f"{arrived} message(s) arrived, {count} expected")
                self._collector.arrived.wait(remaining)
        return self.messages


@pytest.fixture()
def smtp_server():
    """A running SMTP server on 127.0.0.1 (random free port)."""
    server = SMTPServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture()
def mail_via_smtp(app, smtp_server):
    """Make the app deliver e-mail to `smtp_server` during the test; yields the server."""
    keys = ("MAIL_BACKEND", "MAIL_SERVER", "MAIL_PORT", "MAIL_USE_TLS", "MAIL_USE_SSL")
    saved = {key: app.config.get(key) for key in keys}
    app.config.update(
        MAIL_BACKEND="smtp", MAIL_SERVER=smtp_server.host, MAIL_PORT=smtp_server.port,
        MAIL_USE_TLS=False, MAIL_USE_SSL=False,
    )
    yield smtp_server
    app.config.update(saved)
