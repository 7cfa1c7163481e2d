"""The account area: profile, password, addresses, orders, personal data."""

import json
import re

from shop.accounts.models import Address, User
from shop.accounts.services import authenticate
from tests.account_factories import PASSWORD, form_token, log_in, make_user


def post(client, url, **data):
    return client.post(url, data={"csrf_token": form_token(client, url), **data})


def test_account_pages_send_anonymous_visitors_to_login_with_next(client):
    for url in ("/compte/", "/compte/adresses", "/compte/commandes", "/compte/mes-donnees.json",
                "/compte/supprimer", "/compte/mot-de-passe"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.headers["Location"].startswith("/compte/connexion?next=%2Fcompte%2F"), url


def test_profile_update(logged_in, customer, db):
    response = post(logged_in, "/compte/", customer_type="consumer", last_name="Durand",
                    first_name="Zoé", marketing_consent="y")
    assert response.status_code == 302
    db.session.refresh(customer)
    assert (customer.last_name, customer.first_name, customer.marketing_consent) == (
        "Durand", "Zoé", True,
    )


def test_profile_refuses_invalid_siret_and_changes_nothing(logged_in, customer, db):
    response = post(logged_in, "/compte/", customer_type="professional", last_name="Durand",
                    first_name="Zoé", company_name="Pharma", siret="1234")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "SIRET invalide" in html
    assert 'aria-invalid="true"' in html
    db.session.refresh(customer)
    assert (customer.customer_type, customer.last_name) == ("consumer", customer.last_name)
    assert customer.last_name != "Durand"


def test_password_change_renews_the_session_and_keeps_the_cart(logged_in, customer, db):
    with logged_in.session_transaction() as session:
        session["cart"] = ["line"]
        old_id = session["_user_id"]
    response = post(logged_in, "/compte/mot-de-passe", current_password=PASSWORD,
                    password="a brand new password", confirm="a brand new password")
    assert response.status_code == 302
    with logged_in.session_transaction() as session:
        assert session["cart"] == ["line"]
        assert session["_user_id"] != old_id
    assert logged_in.get("/compte/").status_code == 200  # still logged in here
    assert authenticate(customer.email, "a brand new password") is not None


def test_password_change_ends_other_sessions(app, db, customer):
    """Two browsers; each step in its own app context, as real requests are (no shared g)."""
    first, second = app.test_client(), app.test_client()
    email = customer.email
    db.session.rollback()  # end the test's own transaction (SQLite: it would hold the lock)
    with app.app_context():
        log_in(first, email)
    with app.app_context():
        log_in(second, email)
    with app.app_context():
        post(first, "/compte/mot-de-passe", current_password=PASSWORD,
             password="a brand new password", confirm="a brand new password")
    with app.app_context():
        assert second.get("/compte/").status_code == 302
    with app.app_context():
        assert first.get("/compte/").status_code == 200


def test_password_change_refuses_wrong_current_password(logged_in, customer):
    response = post(logged_in, "/compte/mot-de-passe", current_password="not it at all",
                    password="a brand new password", confirm="a brand new password")
    assert "Mot de passe actuel incorrect." in response.get_data(as_text=True)
    assert authenticate(customer.email, PASSWORD) is not None


def test_address_book_add_edit_delete(logged_in, customer, db):
    response = post(logged_in, "/compte/adresses/nouvelle", label="Maison", first_name="Léa",
                    last_name="Dupont", line1="3 rue Haute", postal_code="06510", city="Carros",
                    country_code="FR", phone="06 12 34 56 78")
    assert response.status_code == 302
    [address] = db.session.query(Address).all()
    assert address.phone == "+33612345678" and address.is_default_delivery
    html = logged_in.get("/compte/adresses").get_data(as_text=True)
    assert "3 rue Haute" in html and "Livraison par défaut" in html
    post(logged_in, f"/compte/adresses/{address.id}", first_name="Léa", last_name="Dupont",
         line1="5 rue Basse", postal_code="06000", city="Nice", country_code="FR")
    db.session.refresh(address)
    assert (address.line1, address.city) == ("5 rue Basse", "Nice")
    token = form_token(logged_in, "/compte/adresses")
    logged_in.post(f"/compte/adresses/{address.id}/supprimer", data={"csrf_token": token})
    assert db.session.query(Address).count() == 0


def test_bad_french_postal_code_is_refused_next_to_the_field(logged_in, db):
    response = post(logged_in, "/compte/adresses/nouvelle", first_name="Léa", last_name="Dupont",
                    line1="3 rue Haute", postal_code="651", city="Carros", country_code="FR")
    html = response.get_data(as_text=True)
    assert re.search(r'id="postal_code-error">Code postal invalide : 5 chiffres attendus.<', html)
    assert db.session.query(Address).count() == 0


def test_someone_elses_address_is_not_found(logged_in, db):
    from shop.accounts.addresses import AddressData, add_address

    other = make_user(db)
    address = add_address(other, AddressData("A", "B", "1 rue", "75001", "Paris"))
    db.session.commit()
    assert logged_in.get(f"/compte/adresses/{address.id}").status_code == 404
    token = form_token(logged_in, "/compte/adresses")
    response = logged_in.post(f"/compte/adresses/{address.id}/supprimer",
                              data={"csrf_token": token})
    assert response.status_code == 404


def test_orders_page_shows_an_empty_state(logged_in):
    html = logged_in.get("/compte/commandes").get_data(as_text=True)
    assert "pas encore passé de commande" in html


def test_export_downloads_json_with_everything_held(logged_in, customer):
    response = logged_in.get("/compte/mes-donnees.json")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert "attachment" in response.headers["Content-Disposition"]
    data = json.loads(response.get_data(as_text=True))
    assert data["account"]["email"] == customer.email
    assert data["account"]["last_login_at"] is not None
    assert data["addresses"] == []
    assert "argon2" not in response.get_data(as_text=True)


def test_delete_account_needs_the_password(logged_in, customer, db):
    response = post(logged_in, "/compte/supprimer", password="not my password")
    assert "Mot de passe incorrect." in response.get_data(as_text=True)
    db.session.refresh(customer)
    assert not customer.is_anonymised


def test_delete_account_anonymises_keeps_the_row_and_logs_out(logged_in, customer, db):
    user_id, email = customer.id, customer.email
    with logged_in.session_transaction() as session:
        session["cart"] = ["line"]
    response = post(logged_in, "/compte/supprimer", password=PASSWORD)
    assert response.status_code == 302
    db.session.expire_all()
    kept = db.session.get(User, user_id)
    assert kept.is_anonymised and kept.email != email and kept.last_name == ""
    with logged_in.session_transaction() as session:
        assert "_user_id" not in session and "cart" not in session
    assert logged_in.get("/compte/").status_code == 302
    assert log_in(logged_in, email).status_code == 200  # can no longer log in
