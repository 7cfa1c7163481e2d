"""Checkout: turn a cart into an order, start its payment, apply the provider's verdict.

`place_order` runs in one savepoint: the order, its lines (copies of name, price, VAT rate and
weight), its totals from shop.cart.totals, the CGV version accepted, the stock reservation and
the payment deadline are written together or not at all. The caller commits.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from shop.accounts.models import User
from shop.accounts.services import OrderingBlocked, assert_can_order
from shop.cart.quote import Quote, quote_cart
from shop.cart.services import Cart, load_cart
from shop.checkout.gateways import METHOD_LABELS
from shop.checkout.models import PaymentEventRecord
from shop.extensions import db
from shop.jobs import enqueue, schedule
from shop.legal.services import current_cgv
from shop.orders import states
from shop.orders.models import Order, OrderEvent, OrderLine
from shop.orders.services import cancel_order, mark_paid, new_reference, order_for_update
from shop.orders.tasks import expire_unpaid_order
from shop.payments.base import PaymentEvent
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


def place_order(user: User, request: OrderRequest, *, actor: str, now: datetime) -> Order:
    """Create the order and reserve its stock, or raise CheckoutError leaving no trace.

    A repeated idempotency key (double click, resubmitted form) returns the order it created.
    """
    if not request.idempotency_key or len(request.idempotency_key) > 64:
        raise CheckoutError("Formulaire de commande invalide : rechargez le récapitulatif.")
    existing = order_for_key(user.id, request.idempotency_key)
    if existing is not None:
        return existing
    _check_customer(user, request)
    cart, quote = _priced_cart(user, request, now)
    try:
        with db.session.begin_nested():
            order = _new_order(user, request, cart, quote, now)
            states.record_creation(order, actor=actor, at=now)  # before the flush: no reload
            db.session.add(order)
            db.session.flush()
            _reserve(order, actor)
            schedule(expire_unpaid_order, order.payment_expires_at, order.id)
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
    quote = quote_cart(cart, zone, now, user.customer_type, rates=rates)
    if quote.shipping_problem:
        raise CheckoutError(quote.shipping_problem)
    expected = request.expected_total_cents
    if expected is not None and expected != quote.totals.total_ttc_cents:
        raise CheckoutError(
            "Le montant de votre commande a changé depuis le récapitulatif : vérifiez-le "
            "avant de confirmer."
        )
    return cart, quote


def _new_order(user: User, request: OrderRequest, cart: Cart, quote: Quote, now) -> Order:
    totals, rate = quote.totals, quote.rate
    timeout = timedelta(minutes=current_app.config.get("ORDER_PAYMENT_TIMEOUT_MINUTES", 30))
    order = Order(
        reference=new_reference(),
        user_id=user.id,
        idempotency_key=request.idempotency_key,
        channel=request.channel,
        status=states.AWAITING_PAYMENT,
        customer_type=user.customer_type,
        customer_email=user.email,
        customer_first_name=user.first_name,
        customer_last_name=user.last_name,
        company_name=user.company_name or "",
        siret=user.siret or "",
        vat_number=user.vat_number or "",
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


def begin_payment(order: Order, gateway, *, return_url: str, cancel_url: str) -> str:
    """Start the provider's payment for the order; the URL to send the browser to."""
    if order.status != states.AWAITING_PAYMENT:
        raise CheckoutError("Cette commande n'attend plus de paiement.")
    started = gateway.start_payment(
        amount_cents=order.total_ttc_cents,
        currency=order.currency,
        reference=order.reference,
        description=f"Commande {order.reference}",
        customer_email=order.customer_email,
        return_url=return_url,
        cancel_url=cancel_url,
    )
    order.payment_provider_ref = started.provider_ref
    db.session.flush()
    return started.redirect_url


def apply_payment_event(event: PaymentEvent, *, provider: str, now: datetime) -> Order | None:
    """Apply a verified provider event once: paid, or refused/expired (order cancelled).

    Replays and out-of-order events change nothing twice: the event id is recorded, the order
    row is locked, and the state machine ignores a verdict on an order already decided.
    """
    if _already_applied(provider, event.event_id):
        return None
    order = _order_of(event)
    outcome = _apply(order, event, provider, now) if order else "commande inconnue"
    db.session.add(
        PaymentEventRecord(
            provider=provider,
            event_id=event.event_id,
            kind=event.kind,
            order_id=order.id if order else None,
            outcome=outcome,
            received_at=now,
        )
    )
    db.session.flush()
    return order


def _already_applied(provider: str, event_id: str) -> bool:
    return (
        db.session.scalar(
            select(PaymentEventRecord.id).where(
                PaymentEventRecord.provider == provider, PaymentEventRecord.event_id == event_id
            )
        )
        is not None
    )


def _order_of(event: PaymentEvent) -> Order | None:
    order_id = db.session.scalar(select(Order.id).where(Order.reference == event.reference))
    if order_id is None and event.payment_ref:
        order_id = db.session.scalar(select(Order.id).where(Order.payment_ref == event.payment_ref))
    return order_for_update(order_id) if order_id is not None else None


def _apply(order: Order, event: PaymentEvent, provider: str, now: datetime) -> str:
    actor = f"paiement:{provider}"
    if event.kind == "paid":
        if event.amount_cents is not None and event.amount_cents != order.total_ttc_cents:
            return f"montant inattendu {event.amount_cents} (attendu {order.total_ttc_cents})"
        if order.status == states.CANCELLED:
            order.events.append(
                OrderEvent(
                    actor=actor,
                    at=now,
                    from_status=order.status,
                    to_status=order.status,
                    note="Paiement reçu après annulation : à rembourser",
                )
            )
            return "payée après annulation : remboursement à faire"
        if mark_paid(order, payment_ref=event.payment_ref, actor=actor, at=now):
            enqueue("shop.checkout.confirmation:send_order_confirmation", order.id)
            return "payée"
        return "déjà payée"
    if event.kind in {"failed", "expired"} and order.status == states.AWAITING_PAYMENT:
        reason = "payment_refused" if event.kind == "failed" else "payment_expired"
        cancel_order(order, reason=reason, actor=actor, at=now)
        return "annulée"
    return "ignorée"
