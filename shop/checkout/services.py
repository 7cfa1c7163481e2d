"""Checkout: turn a cart into an order (its payment is shop.billing's).

`place_order` runs in one savepoint: the order, its lines (copies of name, price, VAT rate and
weight), the customs declaration of a parcel leaving the EU (shop.orders.customs), its totals
from shop.cart.totals, the CGV version accepted, the stock reservation and
the payment deadline are written together or not at all. The caller commits.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from shop.accounts.models import User
from shop.accounts.services import OrderingBlocked, assert_can_order
from shop.accounts.vat import buyer_for
from shop.billing.gateways import METHOD_LABELS
from shop.cart.quote import Quote, quote_cart
from shop.cart.services import Cart, load_cart
from shop.catalog.models import Product
from shop.extensions import db
from shop.jobs import schedule
from shop.legal.services import current_cgv
from shop.orders import states
from shop.orders.customs import declaration_for, needs_customs
from shop.orders.models import Order, OrderLine
from shop.orders.services import new_reference
from shop.settings.services import delay, oss_in_force_for
from shop.shipping.fees import rates_for_zone
from shop.shipping.services import active_rates
from shop.shipping.zones import InvalidAddress, zone_for
from shop.stock import services as stock


class CheckoutError(Exception):
    """The order cannot be placed; the French message says why. Nothing was written."""


@dataclass(frozen=True)
class OrderRequest:
    stored_cart: object
    delivery_address: dict
    billing_address: dict
    shipping_method_code: str
    payment_method: str
    cgv_accepted: bool
    cgv_version: int
    expected_total_cents: int | None
    idempotency_key: str
    channel: str = "web"
    # How long the customer has to pay; None: the site's delay (unpaid_order_minutes).
    payment_window: timedelta | None = None


def place_order(user: User, request: OrderRequest, *, actor: str, now: datetime,
                buyer: User | None = None) -> Order:
    """Create the order and reserve its stock, or raise CheckoutError leaving no trace.

    The order is the account `user`'s; `buyer` (default: the account) is who the steps priced
    it for and whose identity it copies: a new customer ordering without an account yet gives
    their own (shop.checkout.guest), whatever an account with that address says.
    A repeated idempotency key (double click, resubmitted form) returns the order it created.
    """
    buyer = buyer or user
    if not request.idempotency_key or len(request.idempotency_key) > 64:
        raise CheckoutError("Formulaire de commande invalide : rechargez le récapitulatif.")
    existing = order_for_key(user.id, request.idempotency_key)
    if existing is not None:
        return existing
    _check_customer(user, request)
    cart, quote = _priced_cart(buyer, request, now)
    try:
        with db.session.begin_nested():
            order = _new_order(user.id, buyer, request, cart, quote, now)
            order.customs_declaration = _customs_declaration(order)
            states.record_creation(order, actor=actor, at=now)  # before the flush: no reload
            db.session.add(order)
            db.session.flush()
            _reserve(order, actor)
            schedule("shop.orders.tasks:expire_unpaid_order", order.payment_expires_at, order.id)
    except stock.OutOfStock as error:
        raise CheckoutError(f"{error} Votre commande n'a pas été enregistrée.") from None
    except IntegrityError:
        existing = order_for_key(user.id, request.idempotency_key)  # a concurrent twin won
        if existing is None:
            raise
        return existing
    return order


def order_for_key(user_id: int, key: str | None) -> Order | None:
    """The order a recap form already placed (a resubmitted or double-clicked form)."""
    if not key:
        return None
    return db.session.scalar(
        select(Order).where(Order.user_id == user_id, Order.idempotency_key == key)
    )


def granted_order_for_key(references: list[str], key: str | None) -> Order | None:
    """Among orders a session placed without an account (shop.checkout.guest), the one a recap
    form already placed."""
    if not key or not references:
        return None
    return db.session.scalar(
        select(Order).where(Order.reference.in_(references), Order.idempotency_key == key)
    )


def _check_customer(user: User, request: OrderRequest) -> None:
    try:
        assert_can_order(user)
    except OrderingBlocked as error:
        raise CheckoutError(str(error)) from None
    if not request.cgv_accepted:
        raise CheckoutError(
            "Pour commander, cochez « J'ai lu et j'accepte les Conditions Générales de Vente »."
        )
    cgv = current_cgv()
    if cgv is None or cgv.number != request.cgv_version:
        raise CheckoutError(
            "Les Conditions Générales de Vente ont été mises à jour : relisez-les avant de "
            "confirmer votre commande."
        )
    if request.payment_method not in METHOD_LABELS:
        raise CheckoutError("Choisissez un moyen de paiement proposé.")


def _priced_cart(user: User, request: OrderRequest, now: datetime) -> tuple[Cart, Quote]:
    """The cart re-read from the database and priced for the chosen method, or CheckoutError."""
    cart, _products = load_cart(request.stored_cart)  # the cart rules again: 1-199, stock, 50 lines
    if cart.notices:
        raise CheckoutError("Votre panier a changé : " + " ".join(cart.notices))
    if not cart.lines:
        raise CheckoutError("Votre panier est vide.")
    address = request.delivery_address
    try:
        zone = zone_for(address.get("country_code", ""), address.get("postal_code", ""))
    except InvalidAddress as error:
        raise CheckoutError(str(error)) from None
    rates = [
        r for r in rates_for_zone(active_rates(), zone) if r.code == request.shipping_method_code
    ]
    if not rates:
        raise CheckoutError("Ce mode de livraison n'est pas disponible pour cette adresse.")
    buyer = buyer_for(user, request.billing_address.get("country_code") or address.get(
        "country_code", ""))
    try:
        quote = quote_cart(cart, address.get("country_code", ""), address.get("postal_code", ""),
                           now, buyer, rates=rates, oss=oss_in_force_for(
                               address.get("country_code", ""), address.get("postal_code", "")))
    except InvalidAddress as error:
        raise CheckoutError(str(error)) from None
    if quote.shipping_problem:
        raise CheckoutError(quote.shipping_problem)
    expected = request.expected_total_cents
    if expected is not None and expected != quote.totals.total_ttc_cents:
        raise CheckoutError(
            "Le montant de votre commande a changé depuis le récapitulatif : vérifiez-le "
            "avant de confirmer."
        )
    return cart, quote


def _new_order(user_id: int, buyer: User, request: OrderRequest, cart: Cart, quote: Quote,
               now) -> Order:
    totals, rate = quote.totals, quote.rate
    timeout = request.payment_window or timedelta(minutes=delay("unpaid_order_minutes"))
    order = Order(
        reference=new_reference(),
        user_id=user_id,
        idempotency_key=request.idempotency_key,
        channel=request.channel,
        status=states.AWAITING_PAYMENT,
        customer_type=buyer.customer_type,
        customer_email=buyer.email,
        customer_first_name=buyer.first_name,
        customer_last_name=buyer.last_name,
        company_name=buyer.company_name or "",
        siret=buyer.siret or "",
        vat_number=buyer.vat_number or "",
        vat_number_status=buyer.vat_number_status if buyer.vat_number else None,
        vat_number_checked_at=buyer.vat_number_checked_at if buyer.vat_number else None,
        vat_regime=quote.regime.code.value,
        vat_mention=quote.regime.mention or "",
        prices_ht=not quote.presentation.prices_include_vat,
        delivery_address=dict(request.delivery_address),
        billing_address=dict(request.billing_address),
        shipping_method_code=rate.code,
        shipping_method_name=rate.name or rate.code,
        shipping_zone=str(quote.zone),
        delivery_earliest=quote.window[0] if quote.window else None,
        delivery_latest=quote.window[1] if quote.window else None,
        products_ttc_cents=totals.products_ttc_cents,
        shipping_ttc_cents=totals.shipping_ttc_cents,
        total_ttc_cents=totals.total_ttc_cents,
        total_ht_cents=totals.total_ht_cents,
        total_vat_cents=totals.total_vat_cents,
        vat_breakdown=[
            {
                "rate": str(vat.rate),
                "base_ht_cents": vat.base_ht_cents,
                "vat_cents": vat.vat_cents,
                "ttc_cents": vat.ttc_cents,
            }
            for vat in totals.vat_breakdown
        ],
        cgv_version=request.cgv_version,
        cgv_accepted_at=now,
        payment_method=request.payment_method,
        payment_expires_at=now + timeout,
        created_at=now,
    )
    for position, (line, priced) in enumerate(zip(cart.lines, totals.lines, strict=True)):
        product = line.product
        order.lines.append(
            OrderLine(
                position=position,
                product_id=product.id,
                product_name=product.name,
                brand=product.brand,
                unit_price_cents=priced.unit_price_cents,
                unit_ht_cents=priced.unit_ht_cents,
                vat_rate=priced.vat_rate,
                quantity=priced.quantity,
                total_cents=priced.total_cents,
                total_ht_cents=priced.total_ht_cents,
                weight_grams=product.weight_grams,
                sealed_hygiene=product.sealed_hygiene,
                on_demand=product.on_demand,
                supplier_delay_days=product.supplier_delay_days,
                reserved_quantity=0 if product.on_demand else priced.quantity,
            )
        )
    return order


def _customs_declaration(order: Order) -> dict | None:
    """The CN23 data of a parcel leaving the EU, read from the products as they are now (the
    cart's rows do not carry it: only these orders need it)."""
    if not needs_customs(order):
        return None
    ids = [line.product_id for line in order.lines]
    products = db.session.scalars(select(Product).where(Product.id.in_(ids)))
    return declaration_for(order, {product.id: product for product in products})


def _reserve(order: Order, actor: str) -> None:
    """Stocked lines are allocated their units now, each movement naming its line; on-demand
    lines reserve nothing, so they never wait for stock."""
    lines = [
        stock.Line(ln.product_id, ln.reserved_quantity, ln.id)
        for ln in order.lines
        if ln.reserved_quantity
    ]
    if lines:
        stock.reserve(lines, order_id=order.id, actor=actor)

