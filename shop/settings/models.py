"""One row per setting an administrator changed; a setting without a row has its default."""

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from shop.db import UTCDateTime, utcnow
from shop.extensions import db


class ShopSetting(db.Model):
    """An integer setting changed from the back office (who and when are in the audit trail
    too; they are kept here so the settings page can say it)."""

    __tablename__ = "shop_setting"

    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[int]
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"))

    @property
    def id(self) -> str:
        """The audit trail names a row by its id; a setting's is its key."""
        return self.key
