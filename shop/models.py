"""Imports every model so that the metadata is complete (migrations, create_all)."""

from shop.catalog.models import Category, Nutrient, PriceChange, Product, ProductImage
from shop.legal.models import CgvVersion

__all__ = ["CgvVersion", "Category", "Nutrient", "PriceChange", "Product", "ProductImage"]
