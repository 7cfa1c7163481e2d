"""Stock alerts: ask to be told, hear of a restock, send each e-mail once, unsubscribe.

The stock service calls `products_back_on_sale` in the transaction that makes a product
available again; it enqueues one job per product with pending alerts, so nothing is sent
unless that transaction commits. The job (shop.stock_alerts.tasks) archives one e-mail per
alert and marks the alert notified in its own transaction: a second run finds nothing pending.
"""

from collections.abc import Callable, Iterable
from datetime import datetime

from flask_babel import gettext as _
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import delete, select

from shop.accounts.validation import normalise_email
from shop.catalog.availability import availability
from shop.catalog.models import Product
from shop.db import insert_for
from shop.extensions import db
from shop.jobs import enqueue
from shop.notifications import send_email
from shop.stock_alerts.models import StockAlert

NOTIFY_TASK = "shop.stock_alerts.tasks:send_back_in_stock_alerts"
UNSUBSCRIBE_SALT = "stock-alert-unsubscribe"


class AlertError(ValueError):
    """A request the alerts refuse; the message is French."""


def subscribe(product: Product, raw_email: str, now: datetime) -> None:
    """Note that this address wants to hear when the product is back (idempotent per address
    and product; re-arms an alert already sent). Only for a published product out of stock."""
    if not product.is_published:
        raise AlertError(_("Ce produit n'est pas en vente."))
    if availability(product).orderable:
        raise AlertError(_("Ce produit est disponible : vous pouvez le commander dès maintenant."))
    try:
        email = normalise_email(raw_email)
    except ValueError as error:
        raise AlertError(str(error)) from None
    insert = insert_for(db.session.get_bind().dialect.name)
    db.session.execute(
        insert(StockAlert)
        .values(product_id=product.id, email=email, created_at=now, notified_at=None)
        .on_conflict_do_update(
            index_elements=["product_id", "email"], set_={"notified_at": None}
        )
    )


def products_back_on_sale(product_ids: Iterable[int]) -> None:
    """Stock service hook: these products went from nothing to sell to some, in the caller's
    transaction; enqueue the sending of their pending alerts (run after commit, or never)."""
    pending = db.session.scalars(
        select(StockAlert.product_id)
        .where(StockAlert.product_id.in_(list(product_ids)), StockAlert.notified_at.is_(None))
        .distinct()
        .order_by(StockAlert.product_id)
    )
    for product_id in pending:
        enqueue(NOTIFY_TASK, product_id)


def notify_subscribers(
    product_id: int,
    now: datetime,
    *,
    product_link: Callable[[Product], str],
    unsubscribe_link: Callable[[str], str],
) -> int:
    """Archive the « back in stock » e-mail of each pending alert of the product and mark the
    alert notified, all in the caller's transaction; the number of e-mails.

    Sold out again (or withdrawn) before this ran: nothing is sent and the alerts wait for the
    next restock. The alert rows are locked (PostgreSQL), so two runs cannot both send one.
    """
    product = db.session.get(Product, product_id)
    if product is None or not product.is_published or not availability(product).orderable:
        return 0
    alerts = db.session.scalars(
        select(StockAlert)
        .where(StockAlert.product_id == product_id, StockAlert.notified_at.is_(None))
        .order_by(StockAlert.id)
        .with_for_update()
    ).all()
    for alert in alerts:
        link = unsubscribe_link(alert.email)
        send_email(
            alert.email,
            _("De retour en stock : %(name)s", name=product.name),
            "back_in_stock",
            context={
                "product": product,
                "product_link": product_link(product),
                "unsubscribe_link": link,
            },
            unsubscribe_url=link,
        )
        alert.notified_at = now
    return len(alerts)


def unsubscribe_token(email: str, secret_key: str) -> str:
    """A signed token naming the address, for the one-click unsubscribe link (no expiry:
    the link of an old e-mail must still work)."""
    return URLSafeSerializer(secret_key, salt=UNSUBSCRIBE_SALT).dumps(email)


def email_for_token(token: str, secret_key: str) -> str:
    """The address a token names; AlertError for a token we did not sign."""
    try:
        email = URLSafeSerializer(secret_key, salt=UNSUBSCRIBE_SALT).loads(token)
    except BadSignature:
        raise AlertError(_("Ce lien de désinscription n'est pas valide.")) from None
    if not isinstance(email, str):
        raise AlertError(_("Ce lien de désinscription n'est pas valide."))
    return email


def alerts_of(email: str) -> list[tuple[StockAlert, str]]:
    """The alerts of an address with their product's name, oldest first (personal-data export)."""
    rows = db.session.execute(
        select(StockAlert, Product.name)
        .join(Product, Product.id == StockAlert.product_id)
        .where(StockAlert.email == email)
        .order_by(StockAlert.created_at, StockAlert.id)
    )
    return [(alert, name) for alert, name in rows]


def unsubscribe(email: str) -> int:
    """Forget every alert of this address (pending or sent); the number of rows removed."""
    result = db.session.execute(delete(StockAlert).where(StockAlert.email == email))
    return result.rowcount
