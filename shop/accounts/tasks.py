"""Job tasks about accounts (faces of the job system: they may read any domain)."""

from datetime import timedelta

from flask import current_app
from sqlalchemy import func, select

from shop.accounts.models import User
from shop.accounts.privacy import anonymise_user
from shop.db import utcnow
from shop.extensions import db
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


def purge_inactive_accounts() -> int:
    """Daily job (G1): anonymise customers inactive for ACCOUNT_RETENTION_DAYS.

    Orders and invoices keep their own copies of names and addresses (accounting records,
    D8); only the account is anonymised. Running it twice is harmless: an anonymised account
    is no longer selected. Returns how many accounts were anonymised.
    """
    now = utcnow()
    retention = timedelta(days=current_app.config["ACCOUNT_RETENTION_DAYS"])
    users = inactive_customers(now, retention)
    for user in users:
        anonymise_user(user, now)
    return len(users)
