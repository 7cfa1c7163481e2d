"""The back office, under /staff. Every page is staff-only by default (before_request)."""

from flask import Blueprint

from shop.staff.guards import check_access

bp = Blueprint("staff", __name__, url_prefix="/staff")


@bp.before_request
def require_staff():
    """Run the staff gate before every back-office view."""
    return check_access()


from shop.staff import (  # noqa: E402, F401  (the pages register on bp)
    audit,
    customers,
    home,
    orders,
    outbox,
    payments,
    phone_orders,
    team,
)
