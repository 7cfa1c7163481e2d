"""Ask VIES about a professional's VAT number when the VAT decision is about to rely on it.

Called by the sign-up and profile pages after a number is given, and by the checkout before it
prices an order (a check older than ``VAT_CHECK_MAX_AGE_DAYS`` is asked again). A read at the
EU's service, nothing sent or charged: the result is stored on the account in the caller's
transaction (``shop.accounts.vat.record_vat_check``) and copied onto the order it prices.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app

from shop.accounts.models import User
from shop.accounts.vat import record_vat_check, vat_check_due
from shop.tax.vies import check_vat_number


def refresh_vat_check(user: User, now: datetime) -> bool:
    """Check the account's VAT number with VIES if it is due; True when a check was made."""
    max_age = timedelta(days=current_app.config["VAT_CHECK_MAX_AGE_DAYS"])
    if not vat_check_due(user, now, max_age):
        return False
    result = check_vat_number(
        user.vat_number,
        current_app.config["VIES_API_BASE"],
        requester_vat_number=current_app.config["SELLER"]["vat_number"],
    )
    record_vat_check(user, result.vat_number, result.status.value, result.checked_at)
    return True
