"""Proof of identity (CGV 6): the order waits, the buyer uploads a checked document, staff
accept or reject; no answer cancels and refunds; the document is deleted after 30 days."""

import io
from datetime import timedelta

import pytest
from PIL import Image
from sqlalchemy import select

from shop.billing.models import Refund
from shop.fulfilment import identity
from shop.fulfilment.documents import DocumentRefused, check_document
from shop.jobs import run_due
from shop.notifications.models import MailMessage
from shop.orders import states
from shop.orders.services import FulfilmentError
from shop.storage import FileMissing, storage
from tests.account_factories import make_user
from tests.checkout_factories import dev_verdict, order_request
from tests.factories import at, make_product
from tests.stock_checks import assert_stock_verified

NOW = at(2026, 11, 24, 10)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def image_bytes(fmt="PNG", size=(40, 30), exif=False) -> bytes:
    out = io.BytesIO()
    image = Image.new("RGB", size, (200, 30, 30))
    if exif:
        data = Image.Exif()
        data[0x010F] = "SecretCamera"  # Make
        image.save(out, format=fmt, exif=data)
    else:
        image.save(out, format=fmt)
    return out.getvalue()


@pytest.fixture()
def staff(db):
    return make_user(db, role="staff")


def _held(app, db, staff):
    from shop.checkout.services import place_order

    product = make_product(db, on_hand=5, price_cents=1290)
    with app.test_request_context():
        order = place_order(make_user(db), order_request([(product, 2)]), actor="client",
                            now=NOW)
        dev_verdict(order, "accept", now=NOW)
        proof = identity.request_proof(order, message="Recto verso, s'il vous plaît",
                                       staff=staff, now=NOW)
        db.session.commit()
    return order, proof, product


def _refunds(db, order):
    db.session.expire_all()
    return [(r.amount_cents, r.reason) for r in db.session.scalars(select(Refund))
            if r.payment.order_id == order.id]


def test_asking_holds_the_order_keeps_its_stock_and_e_mails_the_buyer(app, db, staff,
                                                                      shop_ready):
    order, proof, product = _held(app, db, staff)
    assert order.status == states.AWAITING_IDENTITY
    assert proof.answer_by == NOW + timedelta(days=2)
    db.session.refresh(product)
    assert product.allocated == 2  # still reserved for this order
    [mail] = db.session.scalars(select(MailMessage).where(
        MailMessage.subject.like("%justificatif%"))).all()
    assert mail.recipients == [order.customer_email] and mail.order_id == order.id
    assert "Recto verso" in mail.text_body and f"/compte/commandes/{order.reference}" in (
        mail.text_body)
    assert_stock_verified(app)


def test_an_uploaded_image_is_re_encoded_and_staff_accept_it(app, db, staff, shop_ready):
    order, proof, _product = _held(app, db, staff)
    identity.submit_proof(order, data=image_bytes("JPEG", exif=True), filename="ID.JPG",
                          now=NOW + timedelta(hours=1))
    db.session.commit()
    assert proof.status == "received" and proof.content_type == "image/jpeg"
    stored = storage().get(proof.document_key)
    assert b"SecretCamera" not in stored and Image.open(io.BytesIO(stored)).size == (40, 30)
    identity.accept_proof(order, staff=staff, now=NOW + timedelta(hours=2))
    db.session.commit()
    assert order.status == states.PAID and order.paid_at == NOW  # paid when it was paid
    assert proof.delete_after == NOW + timedelta(hours=2, days=30)


def test_a_rejected_proof_cancels_and_refunds_the_order(app, db, staff, shop_ready):
    order, _proof, product = _held(app, db, staff)
    identity.submit_proof(order, data=PDF, filename="carte.pdf", now=NOW)
    refunded = identity.reject_proof(order, note="Document illisible", staff=staff, now=NOW)
    db.session.commit()
    assert order.status == states.CANCELLED and order.cancel_reason == "identity"
    assert refunded == order.total_ttc_cents
    assert _refunds(db, order) == [(order.total_ttc_cents, "order_cancelled")]
    db.session.refresh(product)
    assert product.allocated == 0


def test_without_an_answer_the_job_cancels_and_refunds_at_the_deadline(app, db, staff,
                                                                      shop_ready):
    order, proof, _product = _held(app, db, staff)
    run_due(now=NOW + timedelta(days=1))  # not yet
    db.session.expire_all()
    assert order.status == states.AWAITING_IDENTITY
    run_due(now=NOW + timedelta(days=2, minutes=1))
    db.session.expire_all()
    assert order.status == states.CANCELLED and proof.status == "expired"
    assert _refunds(db, order) == [(order.total_ttc_cents, "order_cancelled")]
    assert not identity.expire_proof(proof.id, NOW + timedelta(days=3))  # once only


def test_an_answer_in_time_stops_the_deadline_job(app, db, staff, shop_ready):
    order, _proof, _product = _held(app, db, staff)
    identity.submit_proof(order, data=PDF, filename="carte.pdf", now=NOW + timedelta(days=1))
    db.session.commit()
    run_due(now=NOW + timedelta(days=2, minutes=1))
    db.session.expire_all()
    assert order.status == states.AWAITING_IDENTITY  # staff decide, not the clock


def test_the_document_is_deleted_thirty_days_after_the_decision(app, db, staff, shop_ready):
    order, proof, _product = _held(app, db, staff)
    identity.submit_proof(order, data=image_bytes(), filename="id.png", now=NOW)
    first_key = proof.document_key
    identity.submit_proof(order, data=image_bytes(size=(10, 10)), filename="id2.png", now=NOW)
    db.session.commit()
    run_due(now=NOW)  # the replaced file goes at once
    with pytest.raises(FileMissing):
        storage().get(first_key)
    identity.accept_proof(order, staff=staff, now=NOW)
    db.session.commit()
    run_due(now=NOW + timedelta(days=29))
    assert storage().get(proof.document_key)
    run_due(now=NOW + timedelta(days=30, minutes=1))
    db.session.expire_all()
    with pytest.raises(FileMissing):
        storage().get(proof.document_key)
    assert proof.deleted_at is not None


@pytest.mark.parametrize(("data", "name", "reason"), [
    (b"", "id.pdf", "vide"),
    (b"GIF89a" + b"\x00" * 50, "id.gif", "Format refusé"),
    (b"<html><script>alert(1)</script>", "id.pdf", "Format refusé"),
    (PDF, "id.png", "ne correspond pas"),  # a lying extension
    (b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "id.png", "illisible"),
    (b"%PDF-1.4 no end", "id.pdf", "incomplet"),
    (b"%PDF-" + b"0" * (5 * 1024 * 1024), "id.pdf", "5 Mo"),
])
def test_what_cannot_be_kept_is_refused_in_french(data, name, reason):
    with pytest.raises(DocumentRefused, match=reason):
        check_document(data, name)


def test_a_decompression_bomb_is_refused_before_it_is_decoded():
    out = io.BytesIO()
    Image.new("1", (10_000, 5_000)).save(out, format="PNG")  # 50 million pixels, a few KB
    assert len(out.getvalue()) < 100_000
    with pytest.raises(DocumentRefused, match="trop grande"):
        check_document(out.getvalue(), "bombe.png")


def test_nothing_is_accepted_when_no_proof_is_awaited(app, db, staff, shop_ready):
    from shop.checkout.services import place_order

    order = place_order(make_user(db), order_request([(make_product(db), 1)]), actor="c",
                        now=NOW)
    db.session.commit()
    with pytest.raises(FulfilmentError):
        identity.submit_proof(order, data=PDF, filename="a.pdf", now=NOW)
    with pytest.raises(states.IllegalTransition):
        identity.request_proof(order, message="", staff=staff, now=NOW)  # not paid yet
