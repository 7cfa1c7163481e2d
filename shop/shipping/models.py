"""Shipping methods and their weight bands, kept in the database and priced by fees.py."""

from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from shop.extensions import db
from shop.shipping.fees import MethodRate, WeightBand
from shop.shipping.zones import Zone


class ShippingMethod(db.Model):
    """A way of sending a parcel to one zone: flat fee or weight bands, optional free threshold."""

    __table_args__ = (
        CheckConstraint("fee_cents >= 0", name="fee_not_negative"),
        CheckConstraint("transit_days_min <= transit_days_max", name="transit_ordered"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    zone: Mapped[str] = mapped_column(String(20), index=True)  # a Zone value
    fee_cents: Mapped[int] = mapped_column(default=0)
    free_from_cents: Mapped[int | None]
    preparation_days: Mapped[int] = mapped_column(default=1)
    transit_days_min: Mapped[int] = mapped_column(default=2)
    transit_days_max: Mapped[int] = mapped_column(default=3)
    position: Mapped[int] = mapped_column(default=0)
    is_active: Mapped[bool] = mapped_column(default=True)

    bands: Mapped[list["ShippingRateBand"]] = relationship(
        order_by="ShippingRateBand.max_weight_grams",
        cascade="all, delete-orphan",
        lazy="selectin",
    )

    def to_rate(self) -> MethodRate:
        """The plain, frozen rate the pure fee and estimate functions work on."""
        return MethodRate(
            code=self.code,
            zone=Zone(self.zone),
            fee_cents=self.fee_cents,
            free_from_cents=self.free_from_cents,
            weight_bands=tuple(WeightBand(b.max_weight_grams, b.fee_cents) for b in self.bands),
            preparation_days=self.preparation_days,
            transit_days_min=self.transit_days_min,
            transit_days_max=self.transit_days_max,
            name=self.name,
        )


class ShippingRateBand(db.Model):
    """Parcels of the method up to ``max_weight_grams`` cost ``fee_cents`` TTC."""

    __table_args__ = (
        UniqueConstraint("method_id", "max_weight_grams"),
        CheckConstraint("fee_cents >= 0", name="fee_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    method_id: Mapped[int] = mapped_column(ForeignKey("shipping_method.id", ondelete="CASCADE"))
    max_weight_grams: Mapped[int]
    fee_cents: Mapped[int]
