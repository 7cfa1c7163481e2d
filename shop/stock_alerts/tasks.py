"""Job tasks of the stock alerts (faces of the job system, which commits)."""

from flask import current_app

from shop.db import utcnow
from shop.stock_alerts.services import notify_subscribers, unsubscribe_token
from shop.urls import external_url


def send_back_in_stock_alerts(product_id: int) -> None:
    """E-mail every pending subscriber of a product back in stock, once.

    Running it twice is harmless: each alert is marked notified in the transaction that
    archives its e-mail, so a second run finds none pending and sends nothing.
    """
    secret = current_app.config["SECRET_KEY"]
    notify_subscribers(
        product_id,
        utcnow(),
        product_link=lambda product: external_url("catalog.product", slug=product.slug),
        unsubscribe_link=lambda email: external_url(
            "stock_alerts.unsubscribe_from", token=unsubscribe_token(email, secret)
        ),
    )
