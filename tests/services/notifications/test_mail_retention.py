"""Retention of archived e-mails: those about an account alone go with the account (G1, G2);
those about an order are contract records kept with it (D8, CGV 13)."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from shop.accounts.privacy import anonymise_user
from shop.accounts.tasks import purge_inactive_accounts
from shop.db import utcnow
from shop.notifications import Attachment, send_email
from shop.notifications.archive import messages_for_user
from shop.notifications.models import MailMessage
from shop.storage import storage
from tests.account_factories import make_user
from tests.checkout_factories import order_request

PDF = b"%PDF-1.4 the CGV, identical for everyone"


@pytest.fixture(params=["local", "s3"])
def files_in(request, app):
    """The archive's attachments in the private directory, then in an S3 bucket."""
    if request.param == "s3":
        request.getfixturevalue("storage_on_s3")
    return request.param


def _send(user_id=None, order_id=None, attachments=(), subject="Objet"):
    user = type("U", (), {"first_name": "Léa", "email": "lea@example.com"})()
    return send_email("lea@example.com", subject, "password_reset",
                      context={"user": user, "link": "https://shop.example/x",
                               "valid_minutes": 60},
                      attachments=list(attachments), user_id=user_id, order_id=order_id)


def _old(days=3 * 365 + 1):
    return utcnow() - timedelta(days=days)


def test_g1_d8_the_purge_forgets_the_accounts_own_emails_and_keeps_its_orders(
    db, shop_ready, product_factory, files_in
):
    from shop.checkout.services import place_order

    gone = make_user(db, created_at=_old(), last_login_at=_old(), last_seen_at=_old())
    order = place_order(gone, order_request([(product_factory(on_hand=5), 1)]),
                        actor="test", now=_old())
    order.created_at = _old()
    private = b"%PDF-1.4 a document about this account only"
    welcome = _send(user_id=gone.id, subject="Bienvenue",
                    attachments=[Attachment("perso.pdf", "application/pdf", private),
                                 Attachment("cgv.pdf", "application/pdf", PDF)])
    confirmation = _send(user_id=gone.id, order_id=order.id, subject="Confirmation",
                         attachments=[Attachment("cgv.pdf", "application/pdf", PDF)])
    private_key, shared_key = (a.storage_key for a in welcome.attachments)
    welcome_id, confirmation_id = welcome.id, confirmation.id
    db.session.commit()

    assert purge_inactive_accounts() == 1
    db.session.commit()  # the job deleting unused files runs after this commit

    assert db.session.get(MailMessage, welcome_id) is None
    kept = db.session.get(MailMessage, confirmation_id)
    assert kept is not None and kept.order_id == order.id  # a contract record (D8)
    assert not storage().exists(private_key)  # nothing else used it
    assert storage().get(shared_key) == PDF  # still the confirmation's attachment


def test_g2_closing_an_account_forgets_its_own_emails(db):
    customer = make_user(db)
    _send(user_id=customer.id)
    db.session.commit()
    anonymise_user(customer)
    db.session.commit()
    assert messages_for_user(customer.id) == []


def test_g1_a_sign_up_never_confirmed_is_deleted_with_its_welcome_email(db):
    stale = make_user(db, created_at=utcnow() - timedelta(days=8), email_confirmed_at=None)
    _send(user_id=stale.id, subject="Bienvenue")
    db.session.commit()
    assert purge_inactive_accounts() == 1
    db.session.commit()
    assert db.session.scalars(select(MailMessage)).all() == []


def test_g1_an_account_created_with_an_order_is_kept_though_never_confirmed(
    db, shop_ready, product_factory
):
    """A new customer's account opened with the order (shop.checkout.guest): its order needs
    it, so the purge of unfinished sign-ups leaves it; it ages like any account (G1)."""
    from shop.accounts.models import User
    from shop.checkout.services import place_order

    buyer = make_user(db, created_at=utcnow() - timedelta(days=8), email_confirmed_at=None)
    place_order(buyer, order_request([(product_factory(on_hand=5), 1)]), actor="test",
                now=utcnow() - timedelta(days=8))
    db.session.commit()
    assert purge_inactive_accounts() == 0
    db.session.commit()
    assert db.session.get(User, buyer.id) is not None
