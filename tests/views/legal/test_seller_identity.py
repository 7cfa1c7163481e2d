"""The company's true identity everywhere (A13, H3): no page, e-mail or PDF prints the old
address or capital, and the surcharged number only ever appears as the order line with its price."""

import re

from shop.checkout.services import place_order
from shop.db import utcnow
from tests.account_factories import make_user
from tests.checkout_factories import dev_verdict, order_request
from tests.conftest import visible_text
from tests.factories import make_product
from tests.pdf_text import pdf_text

OLD_FACTS = ("125 avenue des Pugets", "Pugets", "50 000 €", "50\u202f000 €", "50 000 €")
PAGES = ("/", "/cgv", "/mentions-legales", "/retractation", "/donnees-personnelles",
         "/cgv.pdf", "/retractation/formulaire.pdf")


def _no_old_identity(text: str, where: str) -> None:
    for fact in OLD_FACTS:
        assert fact not in text, f"{fact!r} in {where}"
    # A13: the 0825 number is only the order line, always with its tariff.
    for match in re.finditer(r"0825 09 21 92", text):
        after = " ".join(text[match.end():match.end() + 60].split())
        assert after.startswith("(0,06 € TTC/min + prix d'un appel)"), (where, after)


def _read(response) -> str:
    if response.mimetype == "application/pdf":
        return pdf_text(response.data)
    return visible_text(response.text)


def test_no_page_or_pdf_prints_the_old_identity(client, db, shop_ready):
    """A13, H3."""
    product = make_product(db)
    db.session.commit()
    for path in (*PAGES, f"/produit/{product.slug}"):
        response = client.get(path)
        assert response.status_code == 200, path
        text = _read(response)
        _no_old_identity(text, path)
        assert "AV ZI 5EME AVENUE" in text, path


def test_the_confirmation_mail_and_its_pdfs_print_the_true_identity(app, db, shop_ready,
                                                                    mail_via_smtp):
    """A13, H3: the e-mail and its three PDFs."""
    user = make_user(db)
    product = make_product(db, price_cents=1290)
    with app.test_request_context():
        order = place_order(user, order_request([(product, 1)]), actor="test", now=utcnow())
        dev_verdict(order, "accept")
        db.session.commit()
    (mail,) = mail_via_smtp.wait_for(1)
    _no_old_identity(mail.text, "mail text")
    _no_old_identity(visible_text(mail.html), "mail html")
    assert "04 00 00 00 00 (numéro de démonstration)" in mail.text
    assert "AV ZI 5EME AVENUE" in mail.text
    for name, _kind, data in mail.attachments:
        text = pdf_text(data)
        _no_old_identity(text, name)
        assert "152 449,02 €" in " ".join(text.split()), name
