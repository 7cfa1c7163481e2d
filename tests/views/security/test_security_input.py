"""Issue 18 §2: every input boundary refuses what it cannot store, in French, before a view."""

import json

import pytest

from shop.accounts.addresses import AddressData, add_address
from shop.accounts.errors import InvalidInput
from shop.accounts.models import Address, User
from shop.accounts.services import Identity, register_user
from shop.boundaries import DB_INT_MAX, bounded_int
from tests.account_factories import form_token

CONTROL = "caractères non autorisés"


@pytest.mark.parametrize("path", [
    "/produit/%00", "/categorie/%00", "/recherche?q=a%00b", "/recherche?q=a%0Db",
    "/compte/connexion?next=/%00", "/panier/?postal_code=75%001", "/cgv?version=%00",
])
def test_nul_and_control_characters_in_urls_are_refused_in_french(client, path):
    """Before: 500 on PostgreSQL (psycopg2 refuses NUL)."""
    response = client.get(path)
    assert response.status_code == 400
    assert CONTROL in response.text


@pytest.mark.parametrize("path", [
    "/compte/adresses/9223372036854775808", "/compte/adresses/2147483648",
    "/staff/outbox/99999999999999999999999", "/compte/adresses/0",
])
def test_ids_beyond_the_database_integers_are_not_found(logged_in, path):
    """Before: /compte/adresses/9223372036854775808 was a 500 on SQLite."""
    assert logged_in.get(path).status_code == 404


def test_bounded_int():
    assert bounded_int("12") == 12
    with pytest.raises(ValueError):
        bounded_int(str(DB_INT_MAX + 1))


def signup_data(client, **fields):
    return {"csrf_token": form_token(client, "/compte/inscription"), "customer_type": "consumer",
            "last_name": "Dupont", "first_name": "Léa", "email": "lea@example.com",
            "password": "a long enough password"} | fields


@pytest.mark.parametrize("field,value", [
    ("first_name", "Léa\x00"), ("last_name", "Dupont\r\nBcc: victim@example.com"),
    ("email", "lea\x00@example.com"), ("password", "a long enough\x00password"),
])
def test_control_characters_in_forms_are_refused_and_nothing_is_stored(client, db, field, value):
    response = client.post("/compte/inscription", data=signup_data(client, **{field: value}))
    assert response.status_code == 400
    assert CONTROL in response.text
    assert db.session.query(User).count() == 0


def test_control_characters_in_the_address_form(logged_in, db):
    token = form_token(logged_in, "/compte/adresses/nouvelle")
    response = logged_in.post("/compte/adresses/nouvelle", data={
        "csrf_token": token, "first_name": "A", "last_name": "B", "line1": "1 rue\x00",
        "postal_code": "75001", "city": "Paris", "country_code": "FR"})
    assert response.status_code == 400
    assert db.session.query(Address).count() == 0


@pytest.mark.parametrize("body", [{"line1": 12345}, [1, 2], "texte", None])
def test_a_json_body_is_refused_with_415(logged_in, db, body):
    """Before: a JSON body reached WTForms as data: TypeError or ValueError, a 500."""
    token = form_token(logged_in, "/compte/adresses/nouvelle")
    response = logged_in.post("/compte/adresses/nouvelle", data=json.dumps(body),
                              content_type="application/json", headers={"X-CSRFToken": token})
    assert response.status_code == 415
    assert "formulaires du site" in response.text
    assert db.session.query(Address).count() == 0


def test_other_body_types_are_refused(logged_in):
    token = form_token(logged_in, "/compte/")
    for content_type in ("text/plain", "application/xml", "application/octet-stream"):
        response = logged_in.post("/compte/", data="last_name=x", content_type=content_type,
                                  headers={"X-CSRFToken": token})
        assert response.status_code == 415


def test_a_file_part_where_text_is_expected_is_refused(logged_in, db):
    import io

    token = form_token(logged_in, "/compte/adresses/nouvelle")
    response = logged_in.post("/compte/adresses/nouvelle", data={
        "csrf_token": token, "first_name": "A", "last_name": "B",
        "line1": (io.BytesIO(b"1 rue de la Paix"), "adresse.txt"),
        "postal_code": "75001", "city": "Paris", "country_code": "FR"},
        content_type="multipart/form-data")
    assert response.status_code == 400
    assert "aucun fichier" in response.text
    assert db.session.query(Address).count() == 0


def test_a_multipart_form_without_files_is_accepted(logged_in, db):
    token = form_token(logged_in, "/compte/adresses/nouvelle")
    response = logged_in.post("/compte/adresses/nouvelle", data={
        "csrf_token": token, "first_name": "A", "last_name": "B", "line1": "1 rue de la Paix",
        "postal_code": "75001", "city": "Paris", "country_code": "FR"},
        content_type="multipart/form-data")
    assert response.status_code == 302


def test_huge_ids_in_form_fields_are_refused_not_a_crash(logged_in):
    for value in ("9223372036854775808", "-9223372036854775809", "1e400"):
        token = form_token(logged_in, "/compte/")
        response = logged_in.post("/panier/ajouter", data={
            "csrf_token": token, "product_id": value, "quantity": "1"})
        assert response.status_code < 500


def test_names_refuse_line_breaks_in_the_services_too(db):
    """Before: a name with CR/LF showed a line « Bcc: … » in a text e-mail."""
    with pytest.raises(InvalidInput) as refused:
        register_user("lea@example.com", "a long enough password",
                      Identity(first_name="Léa\r\nBcc: x@example.com", last_name="Dupont"))
    assert "first_name" in refused.value.errors
    user = register_user("lea@example.com", "a long enough password",
                         Identity(first_name="Léa", last_name="Dupont"))
    with pytest.raises(InvalidInput) as refused:
        add_address(user, AddressData(first_name="Léa", last_name="Dupont\nX", line1="1 rue",
                                      postal_code="75001", city="Paris"))
    assert "last_name" in refused.value.errors
