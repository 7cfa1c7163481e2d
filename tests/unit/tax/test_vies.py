"""VAT numbers checked: format by python-stdnum, then validity by VIES, here our fake (LEGAL E4)."""

import time
from datetime import UTC, datetime, timedelta

import pytest

from shop.config import Config, DevConfig, TestConfig
from shop.tax.vies import ViesStatus, check_vat_number
from tests.fakes._server import Reply, Sink
from tests.fakes.vies_server import FakeVies

CHECK = r".*/check-vat-number"


def recent(moment: datetime) -> bool:
    return moment.tzinfo is not None and abs(datetime.now(UTC) - moment) < timedelta(minutes=1)


def test_a_registered_number_is_valid_with_its_name_address_and_date(vies_fake):
    vies_fake.register("DE136695976", "ACME GMBH", "Hauptstr. 1, 10115 Berlin")
    vies_fake.request_date = "2026-12-03T09:15:02.117Z"

    check = check_vat_number("de 136 695 976", vies_fake.api_base)

    assert check.status is ViesStatus.VALID and check.is_valid
    assert check.vat_number == "DE136695976"
    assert (check.name, check.address) == ("ACME GMBH", "Hauptstr. 1, 10115 Berlin")
    assert check.checked_at == datetime(2026, 12, 3, 9, 15, 2, 117000, tzinfo=UTC)
    (call,) = vies_fake.calls("POST", CHECK)
    assert call.json() == {"countryCode": "DE", "vatNumber": "136695976"}
    assert call.path == "/taxation_customs/vies/rest-api/check-vat-number"


def test_the_sellers_number_earns_a_consultation_number(vies_fake):
    vies_fake.register("DE136695976")
    check = check_vat_number("DE136695976", vies_fake.api_base + "/",
                             requester_vat_number="FR 21 399538347")
    assert check.is_valid and check.request_identifier.startswith("WAPI")
    assert (check.name, check.address) == (None, None)  # VIES's « --- »
    (call,) = vies_fake.calls("POST", CHECK)
    assert call.json()["requesterMemberStateCode"] == "FR"
    assert call.json()["requesterNumber"] == "21399538347"


@pytest.mark.parametrize("number", ["EL094259216", "GR094259216", "el 094 259 216"])
def test_greek_numbers_are_asked_with_viess_code_el(vies_fake, number):
    vies_fake.register("EL094259216", "ETAIREIA AE")
    check = check_vat_number(number, vies_fake.api_base)
    assert check.is_valid and check.vat_number == "EL094259216"
    assert vies_fake.calls("POST", CHECK)[0].json()["countryCode"] == "EL"


def test_a_well_formed_number_unknown_to_vies_is_invalid(vies_fake):
    check = check_vat_number("FR40303265045", vies_fake.api_base)
    assert check.status is ViesStatus.INVALID and not check.is_valid
    assert check.name is None and recent(check.checked_at)
    assert len(vies_fake.calls("POST", CHECK)) == 1


@pytest.mark.parametrize(
    "number", ["", None, "DE123", "FR00000000000", "XX123456789", "EU372022452", "ACME"]
)
def test_a_malformed_number_is_invalid_without_asking_vies(vies_fake, number):
    check = check_vat_number(number, vies_fake.api_base)
    assert check.status is ViesStatus.INVALID
    assert check.detail.startswith("format")
    assert recent(check.checked_at)
    assert vies_fake.requests == []


def test_vies_refusing_the_input_means_invalid(vies_fake):
    vies_fake.fail_next(400, message="INVALID_INPUT")
    check = check_vat_number("DE136695976", vies_fake.api_base)
    assert (check.status, check.detail) == (ViesStatus.INVALID, "INVALID_INPUT")


def test_vies_down_is_unreachable_not_invalid():
    fake = FakeVies().start()
    api_base = fake.api_base
    fake.stop()
    check = check_vat_number("DE136695976", api_base)
    assert check.status is ViesStatus.UNREACHABLE and not check.is_valid
    assert "ConnectError" in check.detail and recent(check.checked_at)


@pytest.mark.parametrize(("status", "code"), [(500, None), (503, "SERVICE_UNAVAILABLE"),
                                              (500, "GLOBAL_MAX_CONCURRENT_REQ")])
def test_a_server_error_is_unreachable(vies_fake, status, code):
    vies_fake.fail_next(status, message=code)
    check = check_vat_number("DE136695976", vies_fake.api_base)
    assert check.status is ViesStatus.UNREACHABLE
    assert check.detail.startswith(f"HTTP {status}: ")
    assert (code or "SERVICE_UNAVAILABLE") in check.detail


def test_a_member_state_unavailable_is_unreachable(vies_fake):
    vies_fake.register("IT00743110157")
    vies_fake.unavailable.add("IT")
    check = check_vat_number("IT00743110157", vies_fake.api_base)
    assert check.status is ViesStatus.UNREACHABLE
    assert check.detail == "HTTP 200: MS_UNAVAILABLE"
    vies_fake.unavailable.clear()
    assert check_vat_number("IT00743110157", vies_fake.api_base).is_valid


def test_a_slow_vies_times_out_as_unreachable(vies_fake):
    vies_fake.register("DE136695976")
    vies_fake.delay = 1.0
    started = time.monotonic()
    check = check_vat_number("DE136695976", vies_fake.api_base, timeout=0.2)
    assert time.monotonic() - started < 0.9
    assert check.status is ViesStatus.UNREACHABLE and "Timeout" in check.detail


def test_a_proxys_html_error_page_is_unreachable():
    proxy = Sink(lambda rec: Reply(502, b"<html>Bad gateway</html>", {"Content-Type": "text/html"}))
    proxy.start()
    try:
        check = check_vat_number("DE136695976", proxy.base_url)
    finally:
        proxy.stop()
    assert check.status is ViesStatus.UNREACHABLE
    assert check.detail == "HTTP 502, no JSON"


def test_the_vies_endpoint_is_a_setting(monkeypatch):
    assert Config.VIES_API_BASE == "https://ec.europa.eu/taxation_customs/vies/rest-api"
    assert TestConfig.VIES_API_BASE.startswith("http://127.0.0.1:")  # never the real one
    monkeypatch.delenv("VIES_API_BASE", raising=False)
    assert DevConfig().VIES_API_BASE == Config.VIES_API_BASE
    monkeypatch.setenv("VIES_API_BASE", "http://127.0.0.1:9103/vies")
    assert DevConfig().VIES_API_BASE == "http://127.0.0.1:9103/vies"
