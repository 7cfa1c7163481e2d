"""Is a buyer's VAT number valid? Its format first (python-stdnum), then the EU's VIES (LEGAL E4).

The intra-EU B2B exemption needs the buyer's VAT number checked: issue 20's wiring will call
``check_vat_number`` when a professional gives a number (sign-up, profile, checkout) with the
``VIES_API_BASE`` setting, store the result and its date, and hand ``vat_number_validated`` to
the tax decision (``shop.tax.decision.Buyer``).

VIES's REST API: POST ``{base}/check-vat-number`` with ``{"countryCode": "DE", "vatNumber":
"136695976"}``; the answer carries ``valid``, ``requestDate``, ``name``, ``address`` (``---``
when the member state does not give them) and ``requestIdentifier``. When VIES cannot answer
for a member state it says so with ``{"actionSucceed": false, "errorWrappers": [{"error":
"MS_UNAVAILABLE", ...}]}``, with HTTP 200 or an error status. Only a verdict of VIES counts:
a number VIES could not check is « unreachable », never « invalid », and the caller decides
(treat the buyer as a consumer until a later check succeeds, LEGAL I2).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

# python-stdnum is imported by the functions that check a number: a web worker that never
# checks one does not carry it (1.2 MiB).

TIMEOUT_SECONDS = 5.0
# VIES names Greece EL (as Greek VAT numbers do), not GR; python-stdnum accepts both.
_VIES_PREFIXES = {"GR": "EL"}
# VIES's own refusal of the number's shape; every other error code (MS_UNAVAILABLE,
# SERVICE_UNAVAILABLE, TIMEOUT, MS_MAX_CONCURRENT_REQ...) means it gave no verdict.
_INVALID_INPUT = "INVALID_INPUT"
_NOT_GIVEN = "---"


class ViesStatus(StrEnum):
    """What is known of a VAT number after the check."""

    VALID = "valid"
    INVALID = "invalid"  # malformed, or VIES says no such number
    UNREACHABLE = "unreachable"  # VIES gave no verdict: network, 5xx, member state down


@dataclass(frozen=True, slots=True)
class ViesCheck:
    """The result of one check, dated (VIES's requestDate, or our clock when it did not say)."""

    status: ViesStatus
    vat_number: str  # compact, with its prefix (GR numbers as EL...), or as given if malformed
    checked_at: datetime
    name: str | None = None
    address: str | None = None
    request_identifier: str | None = None  # VIES's consultation number, when it gives one
    detail: str = ""  # why invalid or unreachable, for logs and staff (English)

    @property
    def is_valid(self) -> bool:
        """Whether VIES confirmed the number."""
        return self.status is ViesStatus.VALID


def check_vat_number(
    number: str,
    api_base: str,
    *,
    requester_vat_number: str | None = None,
    timeout: float = TIMEOUT_SECONDS,
) -> ViesCheck:
    """Check the format of an intra-EU VAT number, then ask VIES whether it is valid.

    With ``requester_vat_number`` (the seller's own, e.g. FR21399538347) VIES answers with a
    consultation number, the proof that the number was checked on that day (E4).
    """
    from stdnum.exceptions import ValidationError

    try:
        compact = _vies_form(number)
    except ValidationError as error:
        return _result(ViesStatus.INVALID, (number or "").strip(), f"format: {error}")
    import httpx  # only here: a web worker that never checks a number does not carry it

    try:
        response = httpx.post(
            f"{api_base.rstrip('/')}/check-vat-number",
            json=_request_body(compact, requester_vat_number),
            headers={"Accept": "application/json"},
            timeout=timeout,
        )
    except httpx.HTTPError as error:
        return _result(ViesStatus.UNREACHABLE, compact, f"{type(error).__name__}: {error}")
    return _read_answer(compact, response)


def _vies_form(number: str | None) -> str:
    """The number checked and compact, with VIES's prefix (EL for Greece)."""
    from stdnum.eu import vat
    from stdnum.exceptions import InvalidComponent

    compact = vat.validate(number or "")
    prefix = compact[:2]
    if prefix in {"EU", "IM"}:
        raise InvalidComponent("an OSS identification number, not a VAT number VIES checks")
    return _VIES_PREFIXES.get(prefix, prefix) + compact[2:]


def _request_body(compact: str, requester_vat_number: str | None) -> dict[str, str]:
    """The JSON of check-vat-number, naming the requester when one is given."""
    body = {"countryCode": compact[:2], "vatNumber": compact[2:]}
    if requester_vat_number:
        own = _vies_form(requester_vat_number)
        body |= {"requesterMemberStateCode": own[:2], "requesterNumber": own[2:]}
    return body


def _read_answer(compact: str, response: Any) -> ViesCheck:
    """Turn VIES's HTTP answer into a check result."""
    try:
        data: Any = response.json()
    except ValueError:
        data = None
    if not isinstance(data, dict):
        return _result(ViesStatus.UNREACHABLE, compact, f"HTTP {response.status_code}, no JSON")
    errors = [
        str(wrapper.get("error"))
        for wrapper in data.get("errorWrappers") or []
        if isinstance(wrapper, dict)
    ]
    if _INVALID_INPUT in errors:
        return _result(ViesStatus.INVALID, compact, _INVALID_INPUT)
    if errors or data.get("actionSucceed") is False or not response.is_success:
        reason = ", ".join(errors) or "no error code"
        return _result(ViesStatus.UNREACHABLE, compact, f"HTTP {response.status_code}: {reason}")
    if not isinstance(data.get("valid"), bool):
        return _result(ViesStatus.UNREACHABLE, compact, "answer without a verdict")
    return ViesCheck(
        status=ViesStatus.VALID if data["valid"] else ViesStatus.INVALID,
        vat_number=compact,
        checked_at=_parse_date(data.get("requestDate")),
        name=_given(data.get("name")),
        address=_given(data.get("address")),
        request_identifier=_given(data.get("requestIdentifier")),
        detail="" if data["valid"] else "unknown to VIES",
    )


def _result(status: ViesStatus, number: str, detail: str) -> ViesCheck:
    """A result VIES did not date: checked now."""
    return ViesCheck(status, number, datetime.now(UTC), detail=detail)


def _parse_date(value: object) -> datetime:
    """VIES's requestDate (ISO 8601, e.g. 2026-12-03T09:15:02.117Z) in UTC, or now."""
    try:
        moment = datetime.fromisoformat(str(value))
    except ValueError:
        return datetime.now(UTC)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def _given(value: object) -> str | None:
    """A text VIES gave, or None for its « --- » and empty values."""
    text = str(value or "").strip()
    return None if text in {"", _NOT_GIVEN} else text
