"""Accounts: the user (customer, staff or admin) and the address book."""

import secrets
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from shop.db import UTCDateTime, utcnow
from shop.extensions import db

CUSTOMER_TYPES = ("consumer", "professional")
ROLES = ("customer", "staff", "admin")
STAFF_ROLES = ("staff", "admin")


def new_session_token() -> str:
    """A random token; changing it logs the user out of every other session."""
    return secrets.token_urlsafe(16)


class User(UserMixin, db.Model):
    """A person or company with an account. Anonymised rows stay for orders and invoices."""

    __tablename__ = "user_account"
    __table_args__ = (
        CheckConstraint("customer_type IN ('consumer', 'professional')", name="customer_type"),
        CheckConstraint("role IN ('customer', 'staff', 'admin')", name="role"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)  # always lowercased
    password_hash: Mapped[str] = mapped_column(String(255))
    first_name: Mapped[str] = mapped_column(String(100), default="")
    last_name: Mapped[str] = mapped_column(String(100), default="")
    customer_type: Mapped[str] = mapped_column(String(20), default="consumer")
    company_name: Mapped[str | None] = mapped_column(String(200))
    siret: Mapped[str | None] = mapped_column(String(14))
    vat_number: Mapped[str | None] = mapped_column(String(20))
    # What VIES said of vat_number (shop.tax.vies.ViesStatus: valid, invalid, unreachable) and
    # when; both are cleared when the number changes (LEGAL E4).
    vat_number_status: Mapped[str | None] = mapped_column(String(12))
    vat_number_checked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    role: Mapped[str] = mapped_column(String(20), default="customer")
    payment_dispute_open: Mapped[bool] = mapped_column(default=False)
    marketing_consent: Mapped[bool] = mapped_column(default=False)  # G3: opt-in only
    marketing_consent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    is_active: Mapped[bool] = mapped_column(default=True)
    # Set when the owner of the address opened the link e-mailed at sign-up (or reset the
    # password, which proves the same). Until then the account cannot log in.
    email_confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    session_token: Mapped[str] = mapped_column(String(32), default=new_session_token)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_seen_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    anonymised_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    addresses: Mapped[list["Address"]] = relationship(
        back_populates="user", cascade="all, delete-orphan", order_by="Address.id"
    )

    def get_id(self) -> str:
        """Flask-Login identity: id plus session token, so a token change ends old sessions."""
        return f"{self.id}:{self.session_token}"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def is_professional(self) -> bool:
        return self.customer_type == "professional"

    @property
    def is_staff(self) -> bool:
        return self.role in STAFF_ROLES

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    @property
    def is_anonymised(self) -> bool:
        return self.anonymised_at is not None

    @property
    def can_place_order(self) -> bool:
        """False while a payment dispute is open or once the account is closed."""
        return self.is_active and not self.is_anonymised and not self.payment_dispute_open

    def default_address(self, kind: str) -> "Address | None":
        """The default 'delivery' or 'billing' address, if one is chosen."""
        flag = "is_default_delivery" if kind == "delivery" else "is_default_billing"
        return next((a for a in self.addresses if getattr(a, flag)), None)

    def __repr__(self) -> str:
        return f"<User {self.id} {self.role}>"


class Address(db.Model):
    """One address of the book; orders copy it with `as_snapshot()` (never link to it)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    label: Mapped[str] = mapped_column(String(60), default="")
    first_name: Mapped[str] = mapped_column(String(100))
    last_name: Mapped[str] = mapped_column(String(100))
    company: Mapped[str] = mapped_column(String(200), default="")
    line1: Mapped[str] = mapped_column(String(200))
    line2: Mapped[str] = mapped_column(String(200), default="")
    postal_code: Mapped[str] = mapped_column(String(20))
    city: Mapped[str] = mapped_column(String(100))
    country_code: Mapped[str] = mapped_column(String(2), default="FR")
    phone: Mapped[str] = mapped_column(String(20), default="")  # E.164 or empty
    is_default_delivery: Mapped[bool] = mapped_column(default=False)
    is_default_billing: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped[User] = relationship(back_populates="addresses")

    SNAPSHOT_FIELDS = (
        "first_name", "last_name", "company", "line1", "line2",
        "postal_code", "city", "country_code", "phone",
    )

    def as_snapshot(self) -> dict:
        """The address as plain data, to be copied onto an order or an invoice."""
        return {name: getattr(self, name) for name in self.SNAPSHOT_FIELDS}

    def __repr__(self) -> str:
        return f"<Address {self.id} {self.postal_code} {self.city}>"
