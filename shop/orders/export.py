"""The "orders" section of a customer's personal-data export (LEGAL G2)."""

from shop.accounts.models import User
from shop.accounts.privacy import export_section
from shop.jsonable import plain
from shop.orders.services import customer_orders

ORDER_FIELDS = (
    "reference", "channel", "status", "cancel_reason", "customer_type", "customer_email",
    "customer_first_name", "customer_last_name", "company_name", "siret", "vat_number",
    "delivery_address", "billing_address", "shipping_method_name", "delivery_earliest",
    "delivery_latest", "products_ttc_cents", "shipping_ttc_cents", "total_ttc_cents",
    "total_ht_cents", "total_vat_cents", "vat_breakdown", "currency", "cgv_version",
    "cgv_accepted_at", "payment_method", "created_at", "paid_at", "shipped_at",
    "delivered_at", "cancelled_at", "delayed_until",
)
LINE_FIELDS = ("product_name", "brand", "quantity", "unit_price_cents", "vat_rate", "total_cents",
               "shipped_quantity", "cancelled_quantity", "refunded_quantity")
SHIPMENT_FIELDS = ("carrier", "tracking_number", "shipped_at", "delivered_at")


@export_section("orders")
def export_orders(user: User) -> list[dict]:
    """Every order of the user with its lines and status history."""
    return [
        {
            **{name: plain(getattr(order, name)) for name in ORDER_FIELDS},
            "lines": [{name: plain(getattr(ln, name)) for name in LINE_FIELDS}
                      for ln in order.lines],
            "shipments": [{name: plain(getattr(parcel, name)) for name in SHIPMENT_FIELDS}
                          for parcel in order.shipments],
            "events": [{"at": plain(e.at), "from": e.from_status, "to": e.to_status,
                        "note": e.note} for e in order.events],
        }
        for order in customer_orders(user.id)
    ]
