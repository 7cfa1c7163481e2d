"""A loopback fake of the EU's VIES REST API: the check-vat-number call shop.tax.vies makes.

POST {api_base}/check-vat-number with ``{"countryCode": "DE", "vatNumber": "136695976"}``.
Numbers given to ``register`` are valid, with their name and address; any other well-formed
number is not (name and address « --- », as VIES answers). An unknown member-state code or an
empty number is refused with INVALID_INPUT. Failures: ``fail_next(500)`` (FakeServer), member
states in ``unavailable`` answer MS_UNAVAILABLE (HTTP 200, ``actionSucceed: false``), and
``delay`` seconds pass before each answer. A request naming the requester's own VAT number
(``requesterMemberStateCode``, ``requesterNumber``) gets a consultation number.
"""

from __future__ import annotations

import re
import secrets
import time
from datetime import UTC, datetime
from typing import ClassVar

from tests.fakes._server import FakeServer, Recorded, Reply, json_reply

PATH = "/taxation_customs/vies/rest-api"
# VIES's member-state codes: Greece is EL, Northern Ireland XI (goods).
VIES_STATES = frozenset({
    "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "EL", "ES", "FI", "FR", "HR", "HU", "IE",
    "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK", "XI",
})  # fmt: skip


def vies_error(status: int, code: str) -> Reply:
    """VIES's error shape."""
    return json_reply(status, {"actionSucceed": False,
                               "errorWrappers": [{"error": code, "message": code.lower()}]})


class FakeVies(FakeServer):
    """The fake VIES. ``registered`` maps compact numbers (EL for Greece) to name and address."""

    routes: ClassVar[list[tuple[str, str, str]]] = [
        ("POST", rf"{PATH}/check-vat-number", "check_vat_number"),
    ]
    api_prefixes: ClassVar[tuple[str, ...]] = (f"{PATH}/",)

    def __init__(self) -> None:
        super().__init__()
        self.registered: dict[str, tuple[str, str]] = {}
        self.unavailable: set[str] = set()
        self.delay = 0.0
        self.request_date: str | None = None  # a fixed requestDate; the time of the call if None

    @property
    def api_base(self) -> str:
        """What the VIES_API_BASE setting names: the fake's root and VIES's path."""
        return self.base_url + PATH

    def register(self, number: str, name: str = "---", address: str = "---") -> None:
        """Make ``number`` (``DE136695976``) valid, with the name and address VIES gives."""
        self.registered[number] = (name, address)

    def error_reply(self, status: int, message: str | None = None) -> Reply:
        """An injected failure in VIES's shape (SERVICE_UNAVAILABLE for 5xx by default)."""
        default = "SERVICE_UNAVAILABLE" if status >= 500 else "INVALID_INPUT"
        return vies_error(status, message or default)

    def check_vat_number(self, rec: Recorded) -> Reply:
        """POST check-vat-number: valid if registered, refused if malformed or unavailable."""
        if self.delay:
            time.sleep(self.delay)
        body = rec.json()
        country, number = str(body.get("countryCode", "")), str(body.get("vatNumber", ""))
        if country not in VIES_STATES or not re.fullmatch(r"[0-9A-Z+*]{2,12}", number):
            return vies_error(400, "INVALID_INPUT")
        if country in self.unavailable:
            return vies_error(200, "MS_UNAVAILABLE")
        name, address = self.registered.get(country + number, ("---", "---"))
        return json_reply(200, {
            "countryCode": country,
            "vatNumber": number,
            "requestDate": self.request_date or _now(),
            "valid": country + number in self.registered,
            "requestIdentifier": _consultation_number(body),
            "name": name,
            "address": address,
            "traderName": "---",
            "traderStreet": "---",
            "traderPostalCode": "---",
            "traderCity": "---",
            "traderCompanyType": "---",
        })


def _consultation_number(body: dict) -> str:
    """VIES gives a consultation number only to a requester who names their own VAT number."""
    if body.get("requesterMemberStateCode") in VIES_STATES and body.get("requesterNumber"):
        return "WAPI" + secrets.token_hex(6).upper()
    return ""


def _now() -> str:
    """VIES's requestDate format: 2026-12-03T09:15:02.117Z."""
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
