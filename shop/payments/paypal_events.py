"""Pure helpers for PayPal: exact amount strings and PayPal objects -> PaymentEvent."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from shop.payments.base import PaymentEvent, check_amount

# Currencies PayPal wants without decimals; the shop only sells in two-decimal currencies.
ZERO_DECIMAL_CURRENCIES = frozenset({"HUF", "JPY", "TWD"})
CAPTURE_KINDS = {
    "PAYMENT.CAPTURE.COMPLETED": "paid",
    "PAYMENT.CAPTURE.DENIED": "failed",
    "PAYMENT.CAPTURE.DECLINED": "failed",
}
ORDER_KINDS = {
    "CHECKOUT.ORDER.VOIDED": "expired",
    "CHECKOUT.PAYMENT-APPROVAL.REVERSED": "failed",
}
HANDLED_KINDS = frozenset({*CAPTURE_KINDS, *ORDER_KINDS, "PAYMENT.CAPTURE.REFUNDED"})


def amount_string(amount_cents: int, currency: str) -> str:
    """Integer cents to PayPal's decimal string, exactly: 4599 -> "45.99", 5 -> "0.05"."""
    check_amount(amount_cents)
    if currency.upper() in ZERO_DECIMAL_CURRENCIES:
        raise ValueError(f"{currency} has no cents; this shop only uses two-decimal currencies")
    return f"{amount_cents // 100}.{amount_cents % 100:02d}"


def amount_cents(amount: Mapping[str, Any] | None) -> int | None:
    """PayPal's {"value": "45.99"} back to 4599, refusing anything that is not whole cents."""
    if not amount or "value" not in amount:
        return None
    try:
        cents = Decimal(str(amount["value"])) * 100
    except InvalidOperation:
        return None
    return int(cents) if cents == cents.to_integral_value() else None


def _currency(amount: Mapping[str, Any] | None) -> str | None:
    return amount.get("currency_code") if amount else None


def event_from_capture_order(order: Mapping[str, Any]) -> PaymentEvent | None:
    """Read the capture out of a captured order: COMPLETED -> paid, DECLINED -> failed.

    A PENDING capture (PayPal reviewing it) gives None: the webhook will tell.
    """
    unit = (order.get("purchase_units") or [{}])[0]
    captures = (unit.get("payments") or {}).get("captures") or []
    if not captures:
        return None
    capture = captures[0]
    kind = {"COMPLETED": "paid", "DECLINED": "failed", "FAILED": "failed"}.get(
        capture.get("status", ""))
    if kind is None:
        return None
    return PaymentEvent(
        kind=kind,  # type: ignore[arg-type]
        reference=unit.get("reference_id") or capture.get("custom_id") or "",
        provider_ref=order["id"],
        event_id=f"capture-return:{capture['id']}:{capture.get('status')}",
        payment_ref=capture["id"],
        amount_cents=amount_cents(capture.get("amount")),
        currency=_currency(capture.get("amount")),
    )


def event_from_webhook(event: Mapping[str, Any]) -> PaymentEvent | None:
    """Map a verified PayPal webhook event to a PaymentEvent, or None if the shop ignores it."""
    kind = event.get("event_type", "")
    resource = event.get("resource") or {}
    if kind in CAPTURE_KINDS:
        related = (resource.get("supplementary_data") or {}).get("related_ids") or {}
        return PaymentEvent(
            kind=CAPTURE_KINDS[kind],  # type: ignore[arg-type]
            reference=resource.get("custom_id") or "",
            provider_ref=related.get("order_id") or resource["id"],
            event_id=event["id"],
            payment_ref=resource["id"],
            amount_cents=amount_cents(resource.get("amount")),
            currency=_currency(resource.get("amount")),
        )
    if kind == "PAYMENT.CAPTURE.REFUNDED":
        return PaymentEvent(
            kind="refunded",
            reference=resource.get("custom_id") or "",
            provider_ref=resource["id"],
            event_id=event["id"],
            payment_ref=_capture_id_of_refund(resource),
            amount_cents=amount_cents(resource.get("amount")),
            currency=_currency(resource.get("amount")),
        )
    if kind in ORDER_KINDS:
        unit = (resource.get("purchase_units") or [{}])[0]
        return PaymentEvent(
            kind=ORDER_KINDS[kind],  # type: ignore[arg-type]
            reference=unit.get("reference_id") or unit.get("custom_id") or "",
            provider_ref=resource.get("id") or resource.get("order_id") or "",
            event_id=event["id"],
            amount_cents=amount_cents(unit.get("amount")),
            currency=_currency(unit.get("amount")),
        )
    return None


def _capture_id_of_refund(refund: Mapping[str, Any]) -> str | None:
    """A refund names its capture only through its "up" link (/v2/payments/captures/{id})."""
    for link in refund.get("links") or []:
        if link.get("rel") == "up" and "/captures/" in link.get("href", ""):
            return link["href"].rstrip("/").rsplit("/", 1)[-1]
    return None
