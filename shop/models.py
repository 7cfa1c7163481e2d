"""Imports every model so that the metadata is complete (migrations, create_all)."""

from shop.catalog.models import Category, Nutrient, PriceChange, Product, ProductImage

__all__ = ["Category", "Nutrient", "PriceChange", "Product", "ProductImage"]
