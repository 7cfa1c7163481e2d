"""Imports every model so that the metadata is complete (migrations, create_all)."""

from shop.accounts.models import Address, User
from shop.catalog.models import Category, Nutrient, PriceChange, Product, ProductImage
from shop.jobs.models import ScheduledJob
from shop.legal.models import CgvVersion
from shop.notifications.models import OutboxAttachment, OutboxMessage
from shop.shipping.models import ShippingMethod, ShippingRateBand

__all__ = [
    "Address",
    "CgvVersion",
    "Category",
    "Nutrient",
    "OutboxAttachment",
    "OutboxMessage",
    "PriceChange",
    "Product",
    "ProductImage",
    "ScheduledJob",
    "ShippingMethod",
    "ShippingRateBand",
    "User",
]
