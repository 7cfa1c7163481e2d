"""The address book: defaults, French postal codes, phone numbers, snapshots."""

import pytest

from shop.accounts.addresses import AddressData, add_address, delete_address, update_address
from shop.accounts.errors import InvalidInput
from tests.account_factories import make_user


def data(**fields) -> AddressData:
    values = {
        "first_name": "Léa", "last_name": "Dupont", "line1": "3 rue Haute",
        "postal_code": "06510", "city": "Carros",
    }
    return AddressData(**(values | fields))


def test_first_address_becomes_default_delivery_and_billing(db):
    user = make_user(db)
    address = add_address(user, data())
    assert address.is_default_delivery and address.is_default_billing
    assert user.default_address("delivery") is address


def test_a_new_default_replaces_the_old_one(db):
    user = make_user(db)
    home = add_address(user, data(label="Maison"))
    office = add_address(user, data(label="Bureau", is_default_billing=True))
    assert (home.is_default_delivery, home.is_default_billing) == (True, False)
    assert (office.is_default_delivery, office.is_default_billing) == (False, True)


def test_unticking_the_only_default_keeps_it(db):
    user = make_user(db)
    home = add_address(user, data())
    update_address(user, home, data(city="Nice"))
    assert home.is_default_delivery and home.is_default_billing and home.city == "Nice"


def test_phone_is_stored_in_e164_and_country_defaults_to_france(db):
    address = add_address(make_user(db), data(phone="06 12 34 56 78"))
    assert (address.phone, address.country_code) == ("+33612345678", "FR")


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"postal_code": "6510"}, "postal_code", "Code postal invalide : 5 chiffres attendus."),
        ({"postal_code": "06 51A"}, "postal_code", "Code postal invalide : 5 chiffres attendus."),
        ({"phone": "12"}, "phone", "Numéro de téléphone invalide."),
        ({"country_code": "XX"}, "country_code", "Pays inconnu."),
        ({"city": "  "}, "city", "Ce champ est obligatoire."),
    ],
)
def test_bad_address_is_refused_and_nothing_is_added(db, fields, field, message):
    user = make_user(db)
    with pytest.raises(InvalidInput) as caught:
        add_address(user, data(**fields))
    assert caught.value.errors[field] == message
    assert user.addresses == []


def test_foreign_postal_codes_follow_their_own_format(db):
    address = add_address(
        make_user(db), data(postal_code="1000", city="Bruxelles", country_code="be",
                            phone="+32 12 34 56 78")
    )
    assert (address.country_code, address.postal_code) == ("BE", "1000")
    assert address.phone == "+3212345678"


def test_deleting_the_default_address_moves_defaults(db):
    user = make_user(db)
    home = add_address(user, data(label="Maison"))
    office = add_address(user, data(label="Bureau"))
    delete_address(user, home)
    assert user.addresses == [office]
    assert office.is_default_delivery and office.is_default_billing


def test_someone_elses_address_cannot_be_changed(db):
    owner, other = make_user(db), make_user(db)
    address = add_address(owner, data())
    db.session.commit()
    with pytest.raises(InvalidInput):
        update_address(other, address, data(city="Paris"))
    with pytest.raises(InvalidInput):
        delete_address(other, address)
    assert address.city == "Carros"


def test_snapshot_is_plain_data_for_orders(db):
    address = add_address(make_user(db), data(company="Pharma", line2="Bât. B"))
    assert address.as_snapshot() == {
        "first_name": "Léa", "last_name": "Dupont", "company": "Pharma", "line1": "3 rue Haute",
        "line2": "Bât. B", "postal_code": "06510", "city": "Carros", "country_code": "FR",
        "phone": "",
    }
