"""Catalogue: categories, products with their label data, price history."""

from datetime import datetime
from decimal import Decimal

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship

from shop.db import Rate, UTCDateTime, utcnow
from shop.extensions import db

PRODUCT_FORMATS = {
    "gelules": "Gélules",
    "comprimes": "Comprimés",
    "poudre": "Poudre",
    "liquide": "Liquide",
    "capsules": "Capsules",
    "gommes": "Gommes",
    "barres": "Barres",
    "accessoire": "Accessoire",
}


class Category(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(default=0)

    products: Mapped[list["Product"]] = relationship(back_populates="category")


class Product(db.Model):
    """A product as sold. Label fields are mandatory before publication (LEGAL F1-F3)."""

    __table_args__ = (
        CheckConstraint("price_cents > 0", name="price_positive"),
        CheckConstraint("allocated >= 0", name="allocated_not_negative"),
        CheckConstraint("allocated <= on_hand", name="allocated_within_on_hand"),
        Index("ix_product_published_category", "is_published", "category_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    name: Mapped[str] = mapped_column(String(200))  # sales name, e.g. "... complément alimentaire"
    brand: Mapped[str] = mapped_column(String(120))
    category_id: Mapped[int] = mapped_column(ForeignKey("category.id"))
    short_description: Mapped[str] = mapped_column(String(300), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    format: Mapped[str] = mapped_column(String(20))  # key of PRODUCT_FORMATS
    net_quantity: Mapped[str] = mapped_column(String(120), default="")
    is_food_supplement: Mapped[bool] = mapped_column(default=True)

    price_cents: Mapped[int]
    vat_rate: Mapped[Decimal] = mapped_column(Rate)  # 5.5 supplements, 20 accessories (E1)
    reference_price_cents: Mapped[int | None]  # lowest price of the 30 days before a reduction
    reduction_started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    weight_grams: Mapped[int] = mapped_column(default=0)  # shipped, with its packaging
    # Customs data for parcels leaving the EU (CN22/CN23), required to publish: normalised by
    # shop.catalog.customs; NULL for products created before they existed.
    hs_code: Mapped[str | None] = mapped_column(String(10))  # digits only: 210690, 21069092
    origin_country: Mapped[str | None] = mapped_column(String(2))  # ISO 3166-1 alpha-2
    net_weight_grams: Mapped[int | None]  # one unit, without packaging

    ingredients: Mapped[str] = mapped_column(Text, default="")
    allergens: Mapped[str] = mapped_column(String(300), default="")  # comma-separated words
    daily_portion: Mapped[str] = mapped_column(String(300), default="")
    usage: Mapped[str] = mapped_column(Text, default="")
    storage: Mapped[str] = mapped_column(Text, default="")
    warnings: Mapped[str] = mapped_column(Text, default="")
    plant_warnings: Mapped[str] = mapped_column(Text, default="")
    operator_name: Mapped[str] = mapped_column(String(200), default="")
    operator_address: Mapped[str] = mapped_column(String(300), default="")

    sealed_hygiene: Mapped[bool] = mapped_column(default=True)  # B8: unsealed = no withdrawal
    on_demand: Mapped[bool] = mapped_column(default=False)
    supplier_delay_days: Mapped[int | None]
    # Changed only by shop.stock.services, each change with a StockMovement. Units in the
    # warehouse, and those of them promised to orders not yet shipped.
    on_hand: Mapped[int] = mapped_column(default=0)
    allocated: Mapped[int] = mapped_column(default=0)

    is_published: Mapped[bool] = mapped_column(default=False)
    # The searched words by weight (shop.catalog.words), kept by shop.catalog.search_index:
    # name, brand and category; short description and nutrients; ingredients.
    search_a: Mapped[str] = mapped_column(Text, default="")
    search_b: Mapped[str] = mapped_column(Text, default="")
    search_c: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    # Days one pack lasts at the recommended daily portion (shown as a cost per day); None
    # when it means nothing (accessories) or is not known.
    days_per_pack: Mapped[int | None] = mapped_column(
        CheckConstraint("days_per_pack > 0", name="days_per_pack_positive")
    )

    category: Mapped[Category] = relationship(back_populates="products")
    images: Mapped[list["ProductImage"]] = relationship(
        order_by="ProductImage.position", cascade="all, delete-orphan"
    )
    nutrients: Mapped[list["Nutrient"]] = relationship(
        order_by="Nutrient.position", cascade="all, delete-orphan"
    )
    price_changes: Mapped[list["PriceChange"]] = relationship(
        order_by="PriceChange.changed_at", cascade="all, delete-orphan"
    )

    @hybrid_property
    def available(self) -> int:
        """Units the storefront sells: on hand and not allocated (never negative: the checks
        keep allocated within on_hand)."""
        return self.on_hand - self.allocated

    @property
    def is_reduced(self) -> bool:
        """Shown at a reduced price: only with a reference price from the history (A10)."""
        return (
            self.reference_price_cents is not None and self.reference_price_cents > self.price_cents
        )

    @property
    def format_label(self) -> str:
        return PRODUCT_FORMATS.get(self.format, self.format)

    @property
    def allergen_list(self) -> list[str]:
        return [word.strip() for word in self.allergens.split(",") if word.strip()]


class ProductImage(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(
        ForeignKey("product.id", ondelete="CASCADE"), index=True
    )
    filename: Mapped[str] = mapped_column(String(200))  # under static/img/products/
    alt: Mapped[str] = mapped_column(String(200))
    position: Mapped[int] = mapped_column(default=0)


class Nutrient(db.Model):
    """One row of the nutrient table: amount per daily portion, % of reference value if any."""

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(
        ForeignKey("product.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(default=0)
    name: Mapped[str] = mapped_column(String(120))
    amount: Mapped[str] = mapped_column(String(30))  # as printed on the label: "25", "1,4"
    unit: Mapped[str] = mapped_column(String(10))
    nrv_percent: Mapped[int | None]  # % VNR (reference intake), only where one exists


class PriceChange(db.Model):
    """Every price a product has had, with the moment it took effect (A10)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("product.id", ondelete="CASCADE"))
    price_cents: Mapped[int]
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (Index("ix_price_change_product_time", "product_id", "changed_at"),)


class SearchTerm(db.Model):
    """A word the search index has held: the vocabulary typos are corrected against."""

    word: Mapped[str] = mapped_column(String(40), primary_key=True)


class CatalogRevision(db.Model):
    """One row: a number moved by every committed change of what catalogue pages show.

    The storefront's page cache is keyed by it (shop.catalog.revision, shop.catalog.fragments).
    """

    __table_args__ = (CheckConstraint("id = 1", name="single_row"),)

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    number: Mapped[int] = mapped_column(default=0)
