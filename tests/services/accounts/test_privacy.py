"""Personal data (G2): export everything held, erase by anonymising and keep the row."""

import json

import pytest

from shop.accounts.addresses import AddressData, add_address
from shop.accounts.errors import InvalidInput
from shop.accounts.models import Address, User
from shop.accounts.privacy import anonymise_user, delete_account, export_user_data
from shop.accounts.services import Identity, authenticate, find_user_by_email, register_user
from tests.account_factories import PASSWORD, make_user


def _with_address(db) -> User:
    user = make_user(db, email="lea@example.com", first_name="Léa", last_name="Dupont",
                     marketing_consent=True)
    add_address(user, AddressData("Léa", "Dupont", "3 rue Haute", "06510", "Carros",
                                  phone="0612345678", label="Maison"))
    db.session.commit()
    return user


def test_export_holds_account_and_addresses_but_no_password(db):
    user = _with_address(db)
    data = export_user_data(user)
    json.dumps(data)  # JSON-ready
    assert data["account"]["email"] == "lea@example.com"
    assert data["account"]["last_name"] == "Dupont"
    assert data["account"]["marketing_consent"] is True
    assert data["addresses"][0]["line1"] == "3 rue Haute"
    assert data["addresses"][0]["phone"] == "+33612345678"
    assert "password" not in json.dumps(data)
    assert user.password_hash not in json.dumps(data)


def test_anonymising_wipes_personal_data_and_keeps_the_row(db):
    user = _with_address(db)
    user_id = user.id
    anonymise_user(user)
    db.session.commit()
    db.session.expire_all()
    kept = db.session.get(User, user_id)
    assert kept is not None and kept.is_anonymised and not kept.is_active
    assert kept.email == f"compte-supprime-{user_id}@anonyme.invalid"
    assert (kept.first_name, kept.last_name, kept.company_name, kept.siret) == ("", "", None, None)
    assert kept.marketing_consent is False
    assert db.session.query(Address).count() == 0
    assert authenticate("lea@example.com", PASSWORD) is None
    assert authenticate(kept.email, PASSWORD) is None


def test_placeholders_are_unique_and_the_address_can_sign_up_again(db):
    first, second = make_user(db), make_user(db)
    anonymise_user(first)
    anonymise_user(second)
    db.session.commit()
    assert first.email != second.email
    register_user(f"{'x'}@example.com", PASSWORD, Identity("A", "B"))
    assert find_user_by_email("x@example.com") is not None


def test_deletion_needs_the_password_and_changes_nothing_otherwise(db):
    user = _with_address(db)
    with pytest.raises(InvalidInput) as caught:
        delete_account(user, "not my password")
    assert caught.value.errors == {"password": "Mot de passe incorrect."}
    assert user.email == "lea@example.com" and len(user.addresses) == 1
    delete_account(user, PASSWORD)
    assert user.is_anonymised
