"""Finding a customer for staff: by name, e-mail, phone (on their addresses) or order reference."""

import re

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import selectinload

from shop.accounts.models import Address, User
from shop.extensions import db
from shop.orders.models import Order

MAX_QUERY = 100
_REFERENCE = re.compile(r"PN-?[0-9A-Z]{4}-?[0-9A-Z]{4}")


def _like(text: str) -> str:
    """A LIKE pattern matching `text` anywhere, its own % and _ taken literally."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def phone_digits(text: str) -> str | None:
    """The digits a stored E.164 number would contain: « 06 12 34 56 78 » -> 33612345678
    (a French national number loses its 0 for +33); None when it is not a phone number."""
    digits = re.sub(r"\D", "", text)
    if len(digits) < 6 or re.search(r"[^\d\s.+()-]", text):
        return None
    if len(digits) == 10 and digits.startswith("0"):
        return "33" + digits[1:]
    return digits.removeprefix("00")


def search_customers(query: str, limit: int = 50) -> list[User]:
    """Customer accounts (not staff, not anonymised) matching the words of `query`: each word
    in the name or the e-mail; or a phone number of one of their addresses; or the reference
    of one of their orders. Sorted by last name."""
    query = (query or "").strip()[:MAX_QUERY]
    if len(query) < 2:
        return []
    conditions = [_words(query)]
    digits = phone_digits(query)
    if digits:
        conditions.append(User.id.in_(
            select(Address.user_id).where(Address.phone.like(_like(digits), escape="\\"))))
    reference = query.upper().replace(" ", "")
    if _REFERENCE.fullmatch(reference):
        if "-" not in reference[3:]:
            reference = f"PN-{reference[-8:-4]}-{reference[-4:]}"
        conditions.append(User.id.in_(select(Order.user_id).where(Order.reference == reference)))
    return list(db.session.scalars(
        select(User)
        .where(User.role == "customer", User.anonymised_at.is_(None), or_(*conditions))
        .order_by(func.lower(User.last_name), func.lower(User.first_name), User.id)
        .options(selectinload(User.addresses))  # the list shows their phones and town
        .limit(limit)
    ))


def _words(query: str):
    """Every word (five at most) found in the first name, last name, company or e-mail."""
    haystack = func.lower(
        User.first_name + " " + User.last_name + " " + func.coalesce(User.company_name, "")
        + " " + User.email
    )
    return and_(*(haystack.like(_like(word.lower()), escape="\\")
                  for word in query.split()[:5]))
