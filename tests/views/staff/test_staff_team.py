"""The team and delays pages (#19 item 9): administrators only; a member opened here logs in
with the password they chose from the e-mailed link; deactivating or resetting logs them out
at once; delays are changed with French messages for bad values."""

import re

import pytest
from sqlalchemy import select

from shop.accounts.models import User
from shop.notifications.models import MailMessage
from shop.settings.services import delay
from tests.account_factories import PASSWORD, form_token, log_in, make_user
from tests.conftest import csrf_token_from

ADMIN_URLS = [("get", "/staff/equipe"), ("post", "/staff/equipe"),
              ("post", "/staff/equipe/1/desactiver"), ("post", "/staff/equipe/1/reactiver"),
              ("post", "/staff/equipe/1/reinitialiser"), ("post", "/staff/equipe/1/role"),
              ("get", "/staff/reglages"), ("post", "/staff/reglages"),
              ("post", "/staff/reglages/oss")]


@pytest.fixture()
def admin_client(client, admin_user):
    assert log_in(client, admin_user.email).status_code == 302
    return client


@pytest.mark.parametrize("method, url", ADMIN_URLS)
def test_staff_members_and_customers_get_403_anonymous_visitors_the_login(client, db, method,
                                                                          url):
    def call(page):
        token = csrf_token_from(client.get(page).get_data(as_text=True))
        return getattr(client, method)(url, data={"csrf_token": token})

    response = call("/compte/connexion")
    assert response.status_code == 302 and "/compte/connexion" in response.location
    for role in ("customer", "staff"):
        user = make_user(db, role=role)
        log_in(client, user.email)
        assert call("/compte/").status_code == 403
        client.post("/compte/deconnexion", data={"csrf_token": form_token(client, "/compte/")})


def _new_member(admin_client, **fields):
    token = form_token(admin_client, "/staff/equipe")
    data = {"csrf_token": token, "last_name": "Blanc", "first_name": "<b>Zoé</b>",
            "email": "zoe@pronutri.example", "role": "staff"} | fields
    return admin_client.post("/staff/equipe", data=data)


def test_an_admin_opens_an_account_and_its_owner_gets_in_with_their_own_password(
        app, db, admin_user):
    """Two browsers; each request in its own app context, as on a server (no shared g)."""
    admin, owner = app.test_client(), app.test_client()
    admin_email = admin_user.email
    db.session.rollback()  # end the test's own transaction (SQLite: it would hold the lock)
    with app.app_context():
        log_in(admin, admin_email)
    with app.app_context():
        assert _new_member(admin).status_code == 302
    with app.app_context():
        page = admin.get("/staff/equipe").get_data(as_text=True)
        assert "zoe@pronutri.example" in page and "&lt;b&gt;Zoé&lt;/b&gt;" in page
    body = db.session.scalars(select(MailMessage.text_body)).one()
    db.session.rollback()
    path = re.search(r"https?://[^/\s]+(/compte/bienvenue/\S+)", body).group(1)
    with app.app_context():
        choose = owner.get(path)
        assert choose.status_code == 200
    with app.app_context():
        owner.post(path, data={"csrf_token": csrf_token_from(choose.get_data(as_text=True)),
                               "password": "une phrase de passe",
                               "confirm": "une phrase de passe"})
    with app.app_context():
        assert log_in(owner, "zoe@pronutri.example", "une phrase de passe").status_code == 302
    with app.app_context():
        assert owner.get("/staff/").status_code == 200
    with app.app_context():
        assert owner.get("/staff/equipe").status_code == 403  # staff, not admin


def test_bad_input_is_answered_in_french_and_creates_nothing(admin_client, db, admin_user):
    refused = _new_member(admin_client, email=admin_user.email)
    assert refused.status_code == 400
    assert "Un compte existe déjà avec cette adresse e-mail." in refused.get_data(as_text=True)
    refused = _new_member(admin_client, role="customer", email="x@pronutri.example")
    assert refused.status_code == 400
    assert db.session.scalar(select(User).where(User.email == "x@pronutri.example")) is None


@pytest.fixture()
def two_browsers(app, db, admin_user):
    """An admin and a staff member, each logged in in a browser of their own; `step` runs a
    call in its own app context, as a request on a server (no shared g)."""
    member = make_user(db, role="staff")
    admin, theirs = app.test_client(), app.test_client()
    admin_email, member_id, member_email = admin_user.email, member.id, member.email
    db.session.rollback()  # the test's own transaction would hold SQLite's lock

    def step(call):
        with app.app_context():
            return call()

    step(lambda: log_in(admin, admin_email))
    step(lambda: log_in(theirs, member_email))
    return step, admin, theirs, member_id, member_email


def test_deactivating_logs_the_member_out_at_once_and_needs_the_box(two_browsers):
    step, admin, theirs, member_id, member_email = two_browsers
    assert step(lambda: theirs.get("/staff/")).status_code == 200
    token = step(lambda: form_token(admin, "/staff/equipe"))
    url = f"/staff/equipe/{member_id}/desactiver"
    unconfirmed = step(lambda: admin.post(url, data={"csrf_token": token},
                                          follow_redirects=True))
    assert "Cochez la case" in unconfirmed.get_data(as_text=True)
    assert step(lambda: theirs.get("/staff/")).status_code == 200  # nothing changed
    done = step(lambda: admin.post(url, data={"csrf_token": token, "confirm": "y"},
                                   follow_redirects=True))
    assert "Compte désactivé" in done.get_data(as_text=True)
    assert step(lambda: theirs.get("/staff/")).status_code == 302  # logged out at once
    assert step(lambda: log_in(theirs, member_email)).status_code == 200  # and kept out
    step(lambda: admin.post(f"/staff/equipe/{member_id}/reactiver",
                            data={"csrf_token": token}))
    assert step(lambda: log_in(theirs, member_email)).status_code == 302


def test_a_reset_logs_the_member_out_and_their_old_password_stops_working(db, two_browsers):
    step, admin, theirs, member_id, member_email = two_browsers
    token = step(lambda: form_token(admin, "/staff/equipe"))
    step(lambda: admin.post(f"/staff/equipe/{member_id}/reinitialiser",
                            data={"csrf_token": token, "confirm": "y"}))
    assert step(lambda: theirs.get("/staff/")).status_code == 302
    assert step(lambda: log_in(theirs, member_email, PASSWORD)).status_code == 200
    [mail] = db.session.scalars(select(MailMessage)).all()
    assert mail.recipients == [member_email]


def test_the_last_admin_cannot_step_down_and_customers_are_not_team_members(admin_client, db,
                                                                              admin_user):
    token = form_token(admin_client, "/staff/equipe")
    refused = admin_client.post(f"/staff/equipe/{admin_user.id}/role",
                                data={"csrf_token": token, "role": "staff"},
                                follow_redirects=True)
    assert "dernier administrateur" in refused.get_data(as_text=True)
    db.session.refresh(admin_user)
    assert admin_user.role == "admin"
    customer = make_user(db)
    member = make_user(db, role="staff")
    assert admin_client.post(f"/staff/equipe/{member.id}/supprimer", data={
        "csrf_token": token, "confirm": "y"}).status_code == 404  # no such action
    for action in ("desactiver", "reinitialiser", "role"):
        assert admin_client.post(f"/staff/equipe/{customer.id}/{action}", data={
            "csrf_token": token, "confirm": "y", "role": "staff"}).status_code == 404
    db.session.refresh(customer)
    assert customer.is_active and customer.role == "customer"


def test_an_admin_changes_the_delays_and_a_bad_value_changes_nothing(admin_client, db):
    page = admin_client.get("/staff/reglages").get_data(as_text=True)
    assert 'value="48"' in page and "Validité du lien de paiement" in page
    token = csrf_token_from(page)
    values = {"csrf_token": token, "unpaid_order_minutes": "45", "payment_link_hours": "72",
              "identity_proof_days": "3"}
    assert admin_client.post("/staff/reglages", data=values).status_code == 302
    assert (delay("unpaid_order_minutes"), delay("payment_link_hours"),
            delay("identity_proof_days")) == (45, 72, 3)
    for bad in ("0", "abc", "99999999999999", "-1"):
        refused = admin_client.post("/staff/reglages", data=values | {"payment_link_hours": bad})
        assert refused.status_code == 400, bad
        assert delay("payment_link_hours") == 72
    assert "Entre 1 et 336 heures" in admin_client.post(
        "/staff/reglages", data=values | {"payment_link_hours": "500"}).get_data(as_text=True)
    journal = admin_client.get("/staff/journal?action=settings.").get_data(as_text=True)
    assert "payment_link_hours" in journal and "48 → 72" in journal
