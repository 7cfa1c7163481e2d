"""The acknowledgement of a withdrawal declaration (B3, B4): an e-mail with the declaration as a
PDF, on a durable medium, repeating what was declared and when it was received (Paris time).

A declaration that matched no order (« à vérifier ») is acknowledged with what was typed and
when, and nothing else: the e-mail goes to an address anyone may type, so it must not reveal
whether an order exists, nor anything about it.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import gettext as _

from shop.extensions import db
from shop.notifications import Attachment, send_email
from shop.pdf import render_pdf
from shop.withdrawal import states
from shop.withdrawal.models import Withdrawal

PDF = "application/pdf"


def received_at_text(withdrawal: Withdrawal) -> str:
    """'02/12/2026 à 15:04:07 (heure de Paris)': the moment the declaration was received."""
    local = withdrawal.received_at.astimezone(ZoneInfo(current_app.config["SHOP_TIMEZONE"]))
    return local.strftime("%d/%m/%Y à %H:%M:%S") + " (heure de Paris)"


def acknowledgement_context(withdrawal: Withdrawal) -> dict:
    """What the e-mail and the PDF show; for an unmatched declaration, only what was typed."""
    matched = withdrawal.order is not None and not withdrawal.needs_review
    return {
        "withdrawal": withdrawal,
        "matched": matched,
        "received_at_text": received_at_text(withdrawal),
        "order_reference": withdrawal.order.reference if matched else None,
        "lines": list(withdrawal.lines) if matched else [],
        "refused": matched and withdrawal.state == states.REFUSED,
        "refusal_reason": withdrawal.refusal_reason if matched else "",
    }


def declaration_filename(withdrawal: Withdrawal) -> str:
    """The PDF's name: the declaration's number, never an order reference typed by someone."""
    return f"declaration-retractation-{withdrawal.id}.pdf"


def render_declaration_pdf(withdrawal: Withdrawal) -> bytes:
    """The declaration as received, as a PDF (attached to the acknowledgement)."""
    return render_pdf("withdrawal_declaration.html", **acknowledgement_context(withdrawal))


def send_acknowledgement(withdrawal_id: int) -> None:
    """Job task: e-mail the acknowledgement with the declaration's PDF to the address typed.

    Harmless twice: it only writes a delivery job (the enqueue key makes it once per
    declaration); at worst the person receives the same acknowledgement twice.
    """
    withdrawal = db.session.get(Withdrawal, withdrawal_id)
    if withdrawal is None:
        return
    send_email(
        withdrawal.typed_email,
        _("Accusé de réception de votre rétractation"),
        "withdrawal_acknowledgement",
        context=acknowledgement_context(withdrawal),
        attachments=[Attachment(declaration_filename(withdrawal), PDF,
                                render_declaration_pdf(withdrawal))],
        order_id=withdrawal.order_id,
        user_id=withdrawal.order.user_id if withdrawal.order is not None else None,
    )
