"""Staff read every e-mail about an order from its page (CGV 13), open one and download its
attachments through the back office only."""

from shop.checkout.services import place_order
from shop.db import utcnow
from shop.notifications import Attachment, send_email
from tests.account_factories import log_in, make_user
from tests.checkout_factories import order_request

PDF = b"%PDF-1.4 recap"


def _order_with_an_email(db, product_factory):
    customer = make_user(db, first_name="<b>Léa</b>")
    order = place_order(customer, order_request([(product_factory(on_hand=5), 1)]),
                        actor="test", now=utcnow())
    message = send_email(
        customer.email, f"Votre commande {order.reference}", "password_reset",
        context={"user": customer, "link": "http://x", "valid_minutes": 60},
        attachments=[Attachment("recap.pdf", "application/pdf", PDF)],
        order_id=order.id, user_id=customer.id,
    )
    db.session.commit()
    return order, message


def test_the_order_page_lists_its_emails_with_a_link_to_each(
    client, db, staff_user, shop_ready, product_factory
):
    order, message = _order_with_an_email(db, product_factory)
    log_in(client, staff_user.email)
    html = client.get(f"/staff/commandes/{order.reference}").get_data(as_text=True)
    assert "E-mails envoyés" in html
    assert f"Votre commande {order.reference}" in html
    assert f'href="/staff/outbox/{message.id}"' in html
    assert "Gardé en développement (non envoyé)" in html


def test_a_message_page_shows_its_order_status_and_downloadable_attachment(
    client, db, staff_user, shop_ready, product_factory, storage_on_s3
):
    order, message = _order_with_an_email(db, product_factory)
    log_in(client, staff_user.email)
    html = client.get(f"/staff/outbox/{message.id}").get_data(as_text=True)
    assert f'href="/staff/commandes/{order.reference}"' in html
    assert "<b>Léa</b>" not in html and "&lt;b&gt;Léa&lt;/b&gt;" in html
    attachment_id = message.attachments[0].id
    assert f'href="/staff/outbox/attachments/{attachment_id}"' in html
    download = client.get(f"/staff/outbox/attachments/{attachment_id}")
    assert download.data == PDF and download.mimetype == "application/pdf"
    assert download.headers["Content-Disposition"].startswith("attachment;")
    assert download.headers["Cache-Control"] == "no-store"


def test_customers_cannot_download_an_attachment(
    client, db, shop_ready, product_factory
):
    order, message = _order_with_an_email(db, product_factory)
    customer_email = order.customer_email
    log_in(client, customer_email)
    response = client.get(f"/staff/outbox/attachments/{message.attachments[0].id}")
    assert response.status_code == 403 and PDF not in response.data
