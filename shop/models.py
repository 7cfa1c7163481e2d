"""Imports every model so that the metadata is complete (migrations, create_all)."""

from shop.accounts.models import Address, User
from shop.audit.models import AuditEntry
from shop.billing.models import Payment, PaymentEventRecord, Refund
from shop.catalog.models import (
    Category,
    Nutrient,
    PriceChange,
    Product,
    ProductImage,
    SearchTerm,
)
from shop.fulfilment.models import IdentityProof
from shop.jobs.models import ScheduledJob
from shop.legal.models import CgvVersion
from shop.notifications.models import MailAttachment, MailMessage
from shop.orders.models import Order, OrderEvent, OrderLine, Shipment, ShipmentLine
from shop.phone_orders.models import PaymentLink, PhoneOrderDraft
from shop.settings.models import ShopSetting
from shop.shipping.models import ShippingMethod, ShippingRateBand
from shop.stock.models import StockMovement
from shop.stock_alerts.models import StockAlert
from shop.withdrawal.models import Withdrawal, WithdrawalEvent, WithdrawalLine

__all__ = [
    "Address",
    "AuditEntry",
    "CgvVersion",
    "Category",
    "IdentityProof",
    "MailAttachment",
    "MailMessage",
    "Nutrient",
    "Order",
    "OrderEvent",
    "OrderLine",
    "Payment",
    "PaymentLink",
    "PaymentEventRecord",
    "PhoneOrderDraft",
    "PriceChange",
    "Product",
    "ProductImage",
    "Refund",
    "ScheduledJob",
    "SearchTerm",
    "Shipment",
    "ShipmentLine",
    "ShippingMethod",
    "ShopSetting",
    "ShippingRateBand",
    "StockAlert",
    "StockMovement",
    "User",
    "Withdrawal",
    "WithdrawalEvent",
    "WithdrawalLine",
]
