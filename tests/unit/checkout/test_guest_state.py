"""What a new customer's session holds between the checkout's steps (shop.checkout.guest):
what comes back from it is what was given, anything odd is forgotten, and the session may read
the last few orders it placed. The session is a plain dict here, as Flask's is to the code."""

from datetime import UTC, datetime

import pytest

from shop.accounts.services import Identity
from shop.checkout import guest

LYON = {"first_name": "Inès", "last_name": "Durand", "line1": "8 rue de la République",
        "postal_code": "69002", "city": "Lyon", "country_code": "FR", "label": "",
        "company": "", "line2": "", "phone": ""}


def _guest(**fields) -> guest.Guest:
    return guest.Guest(email="ines.durand@example.com",
                       identity=Identity(first_name="Inès", last_name="Durand"), **fields)


def _saved(**fields) -> dict:
    session: dict = {}
    guest.save(session, _guest(**fields))
    return session


def test_what_is_saved_comes_back_as_given():
    given = _guest(marketing_consent=True, vat_status="valid",
                   vat_checked_at=datetime(2026, 3, 2, 9, 30, tzinfo=UTC).isoformat(),
                   addresses=[LYON] * guest.MAX_ADDRESSES)
    session: dict = {}
    guest.save(session, given)
    assert guest.load(session) == given


def test_the_marketing_consent_is_kept_only_when_given():
    assert guest.load(_saved(marketing_consent=True)).marketing_consent is True
    assert guest.load(_saved(marketing_consent=False)).marketing_consent is False
    session = _saved()
    session["checkout_guest"]["marketing_consent"] = "yes"
    assert guest.load(session).marketing_consent is False  # opt-in only (G3)


def test_a_vat_status_that_is_not_text_is_dropped():
    session = _saved()
    session["checkout_guest"]["vat_status"] = 1
    assert guest.load(session).vat_status is None


@pytest.mark.parametrize("tampered", [
    {"email": ""},
    {"email": None},
    {"identity": {"first_name": "Inès", "last_name": "Durand", "customer_type": "consumer",
                  "company_name": "", "siret": "", "vat_number": 3}},
    {"identity": ["Inès"]},
    {"addresses": [LYON] * (guest.MAX_ADDRESSES + 1)},
    {"addresses": [LYON | {"city": None}]},
    {"addresses": [LYON | {"admin": "y"}]},
    {"vat_checked_at": 20260302},
])
def test_a_tampered_session_is_forgotten(tampered):
    session = _saved()
    session["checkout_guest"] |= tampered
    assert guest.load(session) is None


def test_a_session_without_a_new_customer_has_none():
    assert guest.load({}) is None
    assert guest.load({"checkout_guest": "ines.durand@example.com"}) is None


def test_saving_what_the_session_already_holds_leaves_it_untouched():
    class Session(dict):
        modified = False

        def __setitem__(self, key, value):
            self.modified = True
            super().__setitem__(key, value)

    session = Session(_saved())
    guest.save(session, guest.load(session))
    assert not session.modified  # no new cookie for a page that changed nothing


def test_the_session_reads_its_last_five_orders():
    session: dict = {}
    for number in range(1, 7):
        guest.grant_order(session, f"PN-260302-000{number}")
    assert guest.granted(session) == [f"PN-260302-000{number}" for number in range(2, 7)]


def test_an_order_granted_twice_is_listed_once_and_as_the_latest():
    session: dict = {}
    for reference in ("PN-260302-0001", "PN-260302-0002", "PN-260302-0001"):
        guest.grant_order(session, reference)
    assert guest.granted(session) == ["PN-260302-0002", "PN-260302-0001"]


def test_odd_grants_are_ignored():
    assert guest.granted({"guest_orders": "PN-260302-0001"}) == []
    assert guest.granted({"guest_orders": ["PN-260302-0001", 7, None]}) == ["PN-260302-0001"]
