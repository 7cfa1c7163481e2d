"""Job tasks about accounts (faces of the job system: they may read any domain)."""

from datetime import timedelta

from flask import current_app
from sqlalchemy import func, select

from shop.accounts.models import User
from shop.accounts.privacy import anonymise_user
from shop.db import utcnow
from shop.extensions import db
from shop.notifications.archive import forget_account_messages
from shop.orders.models import Order


def inactive_customers(now, retention: timedelta) -> list[User]:
    """Customers whose last action (sign-up, login, order) is older than `retention` (G1)."""
    last_order = (
        select(Order.user_id, func.max(Order.created_at).label("at"))
        .group_by(Order.user_id)
        .subquery()
    )
    cutoff = now - retention
    return list(
        db.session.scalars(
            select(User)
            .outerjoin(last_order, last_order.c.user_id == User.id)
            .where(
                User.role == "customer",
                User.anonymised_at.is_(None),
                User.created_at < cutoff,
                func.coalesce(User.last_seen_at, User.created_at) < cutoff,
                func.coalesce(User.last_login_at, User.created_at) < cutoff,
                func.coalesce(last_order.c.at, User.created_at) < cutoff,
            )
            .order_by(User.id)
        )
    )


def unconfirmed_accounts(now, max_age: timedelta) -> list[User]:
    """Sign-ups whose confirmation link has expired unused: they never logged in, so they hold
    no address or consent anyone relies on. An account created with an order (a new
    customer's checkout) holds that order: it stays, and ages like any other (G1)."""
    has_order = select(Order.id).where(Order.user_id == User.id).exists()
    return list(db.session.scalars(
        select(User)
        .where(User.email_confirmed_at.is_(None), User.anonymised_at.is_(None),
               User.created_at < now - max_age, ~has_order)
        .order_by(User.id)
    ))


def purge_inactive_accounts() -> int:
    """Daily job (G1): anonymise customers inactive for ACCOUNT_RETENTION_DAYS, and delete
    sign-ups never confirmed within EMAIL_CONFIRM_MAX_AGE (someone else's address, or a
    customer who will sign up again).

    Orders and invoices keep their own copies of names and addresses (accounting records,
    D8); only the account is anonymised. The archived e-mails that concerned the account
    alone are deleted with it; those about an order stay with the order (D8, CGV 13).
    Running it twice is harmless: an anonymised or deleted account is no longer selected.
    Returns how many accounts were anonymised or deleted.
    """
    now = utcnow()
    config = current_app.config
    users = inactive_customers(now, timedelta(days=config["ACCOUNT_RETENTION_DAYS"]))
    for user in users:
        anonymise_user(user, now)
    unconfirmed = unconfirmed_accounts(now, timedelta(seconds=config["EMAIL_CONFIRM_MAX_AGE"]))
    for user in unconfirmed:
        forget_account_messages(user.id)  # the welcome e-mail: it concerned this account only
        db.session.delete(user)
    return len(users) + len(unconfirmed)
