"""The « choose your password » link e-mailed to an account staff opened for a phone order:
valid ACCOUNT_INVITATION_MAX_AGE, once; a reset link cannot stand in for it."""

import re

from sqlalchemy import select

from shop.accounts.addresses import AddressData
from shop.accounts.reset import make_reset_token
from shop.accounts.services import Identity
from shop.customers.services import create_customer
from shop.db import utcnow
from shop.notifications.models import MailMessage
from tests.account_factories import log_in, make_user
from tests.conftest import csrf_token_from


def _invited(db):
    staff = make_user(db, role="staff")
    user = create_customer(staff, "lea@example.com", Identity("Léa", "Durand"),
                           AddressData(first_name="Léa", last_name="Durand", line1="3 rue X",
                                       postal_code="75011", city="Paris"), now=utcnow())
    db.session.commit()
    body = db.session.scalars(select(MailMessage.text_body)).one()
    return user, re.search(r"(/compte/bienvenue/\S+)", body).group(1)


def test_the_customer_chooses_a_password_once(client, db, app):
    user, path = _invited(db)
    assert log_in(client, user.email, "n'importe quoi du tout").status_code == 200  # no login
    page = client.get(path)
    assert page.status_code == 200 and "Choisir votre mot de passe" in page.get_data(as_text=True)
    token = csrf_token_from(page.get_data(as_text=True))
    done = client.post(path, data={"csrf_token": token, "password": "une phrase de passe",
                                   "confirm": "une phrase de passe"})
    assert done.status_code == 302 and done.location.endswith("/compte/connexion")
    assert log_in(client, user.email, "une phrase de passe").status_code == 302
    assert client.get(path).status_code == 410  # used


def test_a_reset_token_is_not_an_invitation_and_a_forged_one_neither(client, db, app):
    user, _path = _invited(db)
    reset = make_reset_token(user, app.config["SECRET_KEY"])
    assert client.get(f"/compte/bienvenue/{reset}").status_code == 410
    assert client.get("/compte/bienvenue/forged").status_code == 410
