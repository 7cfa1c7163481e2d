"""Sign-up, login check, profile, ordering right (CGV 5.1.1, I1, G5)."""

import time

import pytest

from shop.accounts.errors import InvalidInput, OrderingBlocked
from shop.accounts.models import User
from shop.accounts.services import (
    Identity,
    assert_can_order,
    authenticate,
    change_password,
    load_user_for_session,
    register_user,
    update_profile,
)
from tests.account_factories import PASSWORD, make_user

CONSUMER = Identity(first_name="Léa", last_name="Dupont")
VALID_SIRET = "73282932000074"


def _count_users(db) -> int:
    return db.session.query(User).count()


def test_consumer_signup_stores_lowercased_email_and_argon2_hash(db):
    user = register_user("Lea.Dupont@Example.COM", PASSWORD, CONSUMER)
    assert user.email == "lea.dupont@example.com"
    assert user.password_hash.startswith("$argon2id$")
    assert PASSWORD not in user.password_hash
    assert (user.role, user.customer_type) == ("customer", "consumer")
    assert user.marketing_consent is False
    assert user.siret is None and user.company_name is None


def test_duplicate_email_in_another_case_is_refused(db):
    register_user("lea@example.com", PASSWORD, CONSUMER)
    db.session.commit()
    with pytest.raises(InvalidInput) as caught:
        register_user("LEA@Example.com", PASSWORD, CONSUMER)
    assert "Un compte existe déjà" in caught.value.errors["email"]
    assert _count_users(db) == 1


@pytest.mark.parametrize("password", ["", "court", "onze-caract"])
def test_password_shorter_than_12_characters_is_refused(db, password):
    with pytest.raises(InvalidInput) as caught:
        register_user("lea@example.com", password, CONSUMER)
    assert "au moins 12 caractères" in caught.value.errors["password"]
    assert _count_users(db) == 0


def test_invalid_email_is_refused(db):
    with pytest.raises(InvalidInput) as caught:
        register_user("lea@", PASSWORD, CONSUMER)
    assert caught.value.errors["email"] == "Adresse e-mail invalide."


def test_professional_needs_company_and_valid_siret(db):
    identity = Identity("Léa", "Dupont", "professional", company_name="", siret="73282932000075")
    with pytest.raises(InvalidInput) as caught:
        register_user("pro@example.com", PASSWORD, identity)
    assert set(caught.value.errors) == {"company_name", "siret"}
    assert "SIRET invalide" in caught.value.errors["siret"]
    assert _count_users(db) == 0


def test_professional_with_invalid_vat_number_is_refused(db):
    identity = Identity(
        "Léa", "Dupont", "professional", "Pharma SARL", VALID_SIRET, vat_number="FR00123456789"
    )
    with pytest.raises(InvalidInput) as caught:
        register_user("pro@example.com", PASSWORD, identity)
    assert caught.value.errors == {"vat_number": "Numéro de TVA intracommunautaire invalide."}


def test_professional_signup_keeps_normalised_siret_and_vat(db):
    identity = Identity(
        "Léa", "Dupont", "professional", " Pharma SARL ", "732 829 320 00074", "fr 21 399538347"
    )
    user = register_user("pro@example.com", PASSWORD, identity)
    assert (user.company_name, user.siret, user.vat_number) == (
        "Pharma SARL", VALID_SIRET, "FR21399538347",
    )


def test_consumer_signup_ignores_company_fields(db):
    identity = Identity("Léa", "Dupont", "consumer", "Pharma", "nonsense", "nonsense")
    user = register_user("lea@example.com", PASSWORD, identity)
    assert (user.company_name, user.siret, user.vat_number) == (None, None, None)


def test_marketing_consent_is_recorded_with_its_date(db):
    user = register_user("lea@example.com", PASSWORD, CONSUMER, marketing_consent=True)
    assert user.marketing_consent and user.marketing_consent_at is not None


def test_authenticate_matches_email_in_any_case(db):
    user = make_user(db, email="lea@example.com")
    assert authenticate(" LEA@example.com ", PASSWORD) == user
    assert authenticate("lea@example.com", "wrong password!") is None
    assert authenticate("nobody@example.com", PASSWORD) is None
    assert authenticate("not an email", PASSWORD) is None


def test_inactive_account_cannot_authenticate(db):
    make_user(db, email="lea@example.com", is_active=False)
    assert authenticate("lea@example.com", PASSWORD) is None


def test_unknown_email_costs_about_as_much_as_a_wrong_password(db):
    make_user(db, email="lea@example.com")

    def timed(email: str) -> float:
        start = time.perf_counter()
        authenticate(email, "wrong password!")
        return time.perf_counter() - start

    known = min(timed("lea@example.com") for _ in range(3))
    unknown = min(timed("nobody@example.com") for _ in range(3))
    assert unknown > known * 0.5


def test_profile_update_validates_professional_fields_and_changes_nothing_on_error(db):
    user = make_user(db)
    bad = Identity("Léa", "Dupont", "professional", "Pharma", "123")
    with pytest.raises(InvalidInput):
        update_profile(user, bad, marketing_consent=True)
    assert (user.customer_type, user.first_name, user.marketing_consent) == (
        "consumer", "Camille", False,
    )
    update_profile(user, Identity("Léa", "Dupont"), marketing_consent=True)
    assert (user.first_name, user.marketing_consent) == ("Léa", True)


def test_password_change_needs_current_password_and_ends_other_sessions(db):
    user = make_user(db)
    old_session_id = user.get_id()
    with pytest.raises(InvalidInput) as caught:
        change_password(user, "not my password", "a brand new password")
    assert "current_password" in caught.value.errors
    change_password(user, PASSWORD, "a brand new password")
    db.session.commit()
    assert authenticate(user.email, "a brand new password") == user
    assert load_user_for_session(old_session_id) is None
    assert load_user_for_session(user.get_id()) == user


def test_payment_dispute_blocks_new_orders_with_the_reason(db):
    user = make_user(db)
    assert user.can_place_order
    assert_can_order(user)
    user.payment_dispute_open = True
    assert not user.can_place_order
    with pytest.raises(OrderingBlocked) as caught:
        assert_can_order(user)
    assert str(caught.value).startswith(
        "Un litige de paiement est en cours sur une commande précédente"
    )
