"""Template helpers: payment and delivery conditions (A2), addresses, how an order reads."""

from flask import session
from flask_babel import lazy_gettext as _l

from shop.billing.gateways import METHOD_LABELS, payment_methods
from shop.cart.services import load_cart
from shop.cart.storage import stored_cart
from shop.checkout.preview import Preview
from shop.checkout.views import bp
from shop.checkout.views.access import checkout_identified
from shop.countries import country_name
from shop.orders import display, states
from shop.orders.models import Order
from shop.shipping.services import displayed_rates
from shop.shipping.zones import Zone

ZONE_LABELS = {
    Zone.METRO: _l("France métropolitaine, Corse et Monaco"),
    Zone.OUTRE_MER: _l("outre-mer"),
    Zone.EU: _l("Union européenne"),
    Zone.WORLD: _l("reste du monde"),
}


@bp.app_template_global()
def checkout_conditions() -> dict[str, tuple[str, ...]]:
    """What the conditions block shows, as keys: the payment methods offered and the zones
    served. The block, rendered once per worker for each set of keys, looks up their labels."""
    served = {rate.zone for rate in displayed_rates()}
    return {
        "methods": tuple(name for name, _label in payment_methods()),
        "zones": tuple(zone for zone in ZONE_LABELS if zone in served),
    }


@bp.app_template_global()
def checkout_account_step(next_url: str | None) -> Preview | None:
    """On the sign-in and sign-up pages reached from the checkout (``next`` under /commande),
    the first step of the checkout: the cart beside the form (a Preview of the cart alone)."""
    if not (next_url or "").startswith("/commande"):
        return None
    cart, _products = load_cart(stored_cart(session), read_only=True)
    return Preview(cart) if cart.lines else None


bp.add_app_template_global(checkout_identified, "checkout_identified")
bp.add_app_template_global(METHOD_LABELS, "payment_method_labels")
bp.add_app_template_global(ZONE_LABELS, "zone_labels")


bp.add_app_template_global(country_name, "country_name")


bp.add_app_template_global(display.vat_rows, "order_vat_rows")
bp.add_app_template_global(display.order_amounts, "order_amounts")
bp.add_app_template_global(display.timeline, "order_timeline")
bp.add_app_template_global(display.status_label, "order_status_label")


@bp.app_template_global()
def order_cancel_reason(order: Order) -> str:
    """Why an order was cancelled, in French ("" when it was not)."""
    return states.CANCEL_REASONS.get(order.cancel_reason or "", "")
