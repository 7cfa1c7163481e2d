"""The confirmation e-mail (A8) reaches an SMTP server with its PDFs, read back with pypdf."""

from shop.checkout.services import place_order
from shop.db import utcnow
from tests.account_factories import make_user
from tests.checkout_factories import dev_verdict, order_request
from tests.factories import make_product
from tests.pdf_text import pdf_text


def _pay(db, user):
    product = make_product(db, name="Magnésium marin – complément alimentaire", price_cents=1290)
    order = place_order(user, order_request([(product, 2)]), actor="test", now=utcnow())
    dev_verdict(order, "accept")
    db.session.commit()
    return order


def test_consumer_gets_recap_cgv_and_prefilled_withdrawal_form(app, db, shop_ready, mail_via_smtp):
    user = make_user(db)
    with app.test_request_context():
        order = _pay(db, user)
    (mail,) = mail_via_smtp.wait_for(1)
    assert mail.rcpt_tos == [user.email] and order.reference in mail.subject
    assert "Livraison estimée entre le" in mail.text and "FEVAD" in mail.text
    assert f"/compte/commandes/{order.reference}" in mail.text
    files = {name: (kind, data) for name, kind, data in mail.attachments}
    assert set(files) == {f"commande-{order.reference}.pdf", "CGV-PRONUTRI-v1.pdf",
                          f"formulaire-retractation-{order.reference}.pdf"}
    assert all(kind == "application/pdf" for kind, _data in files.values())
    recap = pdf_text(files[f"commande-{order.reference}.pdf"][1])
    assert order.reference in recap and "31,30" in recap and "Magnésium marin" in recap
    cgv = pdf_text(files["CGV-PRONUTRI-v1.pdf"][1])
    assert "Version 1" in cgv and "Article 1" in cgv
    form = pdf_text(files[f"formulaire-retractation-{order.reference}.pdf"][1])
    assert order.reference in form and "rétractation" in form and "Magnésium marin" in form
    assert user.last_name in form and "Paris" in form


def test_a_professional_gets_no_withdrawal_form(app, db, shop_ready, mail_via_smtp):
    user = make_user(db, customer_type="professional", company_name="Pharmacie du Port",
                     siret="73282932000074")
    with app.test_request_context():
        _pay(db, user)
    (mail,) = mail_via_smtp.wait_for(1)
    names = [name for name, _kind, _data in mail.attachments]
    assert len(names) == 2 and not any("retractation" in name for name in names)
    assert "le droit de rétractation ne s'applique pas" in mail.text


def test_the_mail_and_its_pdfs_are_made_after_the_payment_commits(app, db, shop_ready,
                                                                 mail_via_smtp):
    """Before: the three PDFs were rendered inside the payment request, order row locked."""
    from sqlalchemy import select

    from shop.jobs.models import ScheduledJob

    user = make_user(db)
    product = make_product(db, price_cents=1290)
    with app.test_request_context():
        order = place_order(user, order_request([(product, 1)]), actor="test", now=utcnow())
        db.session.commit()
        dev_verdict(order, "accept")
        [job] = db.session.scalars(
            select(ScheduledJob).where(ScheduledJob.task.like("%send_order_confirmation"))
        ).all()
        assert job.status == "due" and mail_via_smtp.messages == []
        db.session.commit()
    (mail,) = mail_via_smtp.wait_for(1)
    assert order.reference in mail.subject and len(mail.attachments) == 3
