"""`flask billing refund REFERENCE AMOUNT`: a refund from the command line (no request)."""

from decimal import Decimal, InvalidOperation

import click
from flask.cli import AppGroup
from sqlalchemy import select

from shop.billing.models import Payment
from shop.billing.refunds import RefundRefused, refund
from shop.db import utcnow
from shop.extensions import db
from shop.money import format_eur, to_cents
from shop.orders.models import Order

billing_cli = AppGroup("billing", help="Grand livre des paiements : remboursements.")


@billing_cli.command("refund")
@click.argument("reference")
@click.argument("amount")
@click.option("--note", default="", help="Pourquoi (gardé dans le grand livre).")
def refund_command(reference: str, amount: str, note: str) -> None:
    """Refund AMOUNT euros (« 12,50 ») of the payment that settled order REFERENCE."""
    try:
        cents = to_cents(Decimal(amount.replace(",", ".")))
    except (InvalidOperation, ValueError):
        raise click.ClickException(f"Montant illisible : {amount!r}") from None
    order = db.session.scalar(select(Order).where(Order.reference == reference.upper()))
    payment = order and db.session.scalar(
        select(Payment).where(Payment.order_id == order.id, Payment.status == "captured",
                              Payment.captured_ref == order.payment_ref)
    )
    if payment is None:
        raise click.ClickException(f"Aucun paiement encaissé pour la commande {reference}.")
    try:
        made = refund(payment, cents, reason="staff", actor="cli", now=utcnow(), note=note)
    except RefundRefused as error:
        raise click.ClickException(str(error)) from None
    db.session.commit()  # the provider is called by the job, after this commit
    db.session.refresh(made)
    click.echo(f"Remboursement n° {made.id} de {format_eur(cents)} : {made.status}.")
