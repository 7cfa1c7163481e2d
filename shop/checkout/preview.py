"""What a checkout page shows, read from the database: addresses, priced methods, the recap.

Reads only. Nothing here writes, and nothing touches the request or the session: the views
pass the stored cart and the choices in, and get plain values back.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from shop.accounts.models import Address, User
from shop.accounts.vat import buyer_for
from shop.cart.quote import Quote, quote_cart
from shop.cart.services import Cart, load_cart
from shop.checkout.state import Choices
from shop.settings.services import oss_in_force_for
from shop.shipping.fees import MethodRate
from shop.shipping.services import active_rates
from shop.shipping.zones import InvalidAddress, Zone, zone_for


@dataclass(frozen=True)
class ShippingOption:
    """One method that serves the destination, priced for this cart."""

    rate: MethodRate
    quote: Quote

    @property
    def usable(self) -> bool:
        """False when the parcel cannot go this way (too heavy...)."""
        return self.quote.shipping_problem is None


@dataclass
class Preview:
    """The checkout as it stands: cart, addresses, zone, methods and the chosen one."""

    cart: Cart
    delivery: Address | None = None
    billing: Address | None = None
    zone: Zone | None = None
    options: list[ShippingOption] = field(default_factory=list)
    option: ShippingOption | None = None

    @property
    def quote(self) -> Quote | None:
        """The quote of the chosen method (None until one is chosen)."""
        return self.option.quote if self.option else None


def own_address(user: User, address_id: int | None) -> Address | None:
    """One of the user's addresses, None for anybody else's or an unknown id."""
    return next((a for a in user.addresses if a.id == address_id), None)


def chosen_addresses(user: User, choices: Choices) -> tuple[Address | None, Address | None]:
    """Delivery and billing addresses: the chosen ones, else the book's defaults."""
    delivery = own_address(user, choices.delivery_id) or user.default_address("delivery")
    if choices.billing_same:
        return delivery, delivery
    billing = own_address(user, choices.billing_id) or user.default_address("billing")
    return delivery, billing


def zone_of(address: Address | None) -> Zone | None:
    """The shipping zone of an address (None when it cannot be read)."""
    if address is None:
        return None
    try:
        return zone_for(address.country_code, address.postal_code)
    except InvalidAddress:
        return None


def shipping_options(cart: Cart, user: User, delivery: Address | None,
                     billing: Address | None, now: datetime) -> list[ShippingOption]:
    """Every active method serving the delivery address, each priced for the cart and the
    buyer (fresh rates)."""
    zone = zone_of(delivery)
    if zone is None:
        return []
    buyer = buyer_for(user, (billing or delivery).country_code)
    oss = oss_in_force_for(delivery.country_code, delivery.postal_code)
    return [
        ShippingOption(
            rate,
            quote_cart(cart, delivery.country_code, delivery.postal_code, now, buyer, oss=oss,
                       rates=[rate]),
        )
        for rate in active_rates()
        if rate.zone is zone
    ]


def build_preview(user: User, stored_cart: object, choices: Choices, now: datetime) -> Preview:
    """Load the cart and price it for the chosen address and method."""
    cart, _products = load_cart(stored_cart)
    delivery, billing = chosen_addresses(user, choices)
    zone = zone_of(delivery)
    options = shipping_options(cart, user, delivery, billing, now)
    usable = [option for option in options if option.usable]
    option = next((o for o in usable if o.rate.code == choices.method), None)
    if option is None and len(usable) == 1:
        option = usable[0]  # one way to send it: nothing to choose
    return Preview(cart, delivery, billing, zone, options, option)

