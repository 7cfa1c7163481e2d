"""Who buys, for the VAT decision: an account (or a visitor) as a ``shop.tax.decision.Buyer``.

The account keeps what VIES last said of its VAT number (``vat_number_status``, dated); the
checkout asks VIES again when that is missing or older than ``VAT_CHECK_MAX_AGE_DAYS``
(``shop.checkout.vat_check``). Only a number VIES confirmed exempts an intra-EU sale (E4); any
other answer leaves the buyer with French VAT, and ``vat_number_notice`` says why in French.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from flask_babel import gettext as _

from shop.accounts.models import User
from shop.cart.totals import CustomerType
from shop.tax.decision import Buyer

VALID = "valid"


def buyer_for(user: User | None, country: str) -> Buyer:
    """The buyer an account (None: a visitor, a consumer) stands for, established in
    ``country`` (its billing address's, or the destination's when none is known yet)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return Buyer(CustomerType.CONSUMER, country)
    return Buyer(
        user.customer_type,
        country,
        vat_number=user.vat_number,
        vat_number_validated=bool(user.vat_number) and user.vat_number_status == VALID,
    )


def record_vat_check(user: User, number: str, status: str, checked_at: datetime) -> None:
    """Keep VIES's answer about ``number`` if it is still the account's number."""
    if user.vat_number and number[2:] == user.vat_number[2:]:  # VIES writes GR numbers EL
        user.vat_number_status = status
        user.vat_number_checked_at = checked_at


def vat_check_due(user: User, now: datetime, max_age: timedelta) -> bool:
    """Whether a professional's VAT number should be (re)checked with VIES before pricing."""
    if not user.is_professional or not user.vat_number or user.vat_number.startswith("FR"):
        return False
    checked = user.vat_number_checked_at
    return user.vat_number_status != VALID or checked is None or now - checked > max_age


def vat_number_notice(user: User | None) -> str | None:
    """Why a professional's VAT number does not exempt the order, in French (None if it does or
    if there is no foreign number)."""
    if user is None or not getattr(user, "is_professional", False) or not user.vat_number:
        return None
    if user.vat_number.startswith("FR") or user.vat_number_status == VALID:
        return None
    if user.vat_number_status == "invalid":
        return _("Votre numéro de TVA %(number)s est refusé par le système VIES de l'Union "
                 "européenne : la TVA française s'applique à cette commande.",
                 number=user.vat_number)
    return _("Votre numéro de TVA %(number)s n'a pas pu être vérifié auprès du système VIES de "
             "l'Union européenne : la TVA française s'applique à cette commande. Réessayez plus "
             "tard ou contactez-nous.", number=user.vat_number)
