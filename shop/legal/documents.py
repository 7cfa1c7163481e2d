"""The legal PDFs: a CGV version, and the model withdrawal form (blank or pre-filled)."""

import re
from datetime import date
from typing import TypedDict

from flask import current_app

from shop.legal.cgv_text import parse_blocks, table_of_contents
from shop.legal.models import CgvVersion
from shop.legal.services import return_cost_payer
from shop.pdf import render_pdf


class WithdrawalFormLine(TypedDict):
    """One good named on a pre-filled form."""

    name: str
    quantity: int


class WithdrawalFormOrder(TypedDict, total=False):
    """What an order can pre-fill on the withdrawal form (every key optional)."""

    reference: str
    ordered_on: date
    received_on: date | None
    customer_name: str
    customer_address: str  # several lines separated by "\n"
    lines: list[WithdrawalFormLine]


def _safe_filename(name: str) -> str:
    """Only ASCII letters, digits, dots and dashes: safe inside a Content-Disposition header."""
    return re.sub(r"[^A-Za-z0-9.-]+", "-", name)


def cgv_pdf_filename(version: CgvVersion) -> str:
    """The download name of a CGV version, e.g. "CGV-PRONUTRI-v3.pdf"."""
    return _safe_filename(f"CGV-{current_app.config['SHOP_NAME']}-v{version.number}.pdf")


def withdrawal_form_filename(order_info: WithdrawalFormOrder | None = None) -> str:
    """The download name of the withdrawal form, with the order reference when there is one."""
    reference = (order_info or {}).get("reference")
    name = f"formulaire-retractation-{reference}" if reference else "formulaire-retractation"
    return _safe_filename(name) + ".pdf"


def render_cgv_pdf(version: CgvVersion) -> bytes:
    """The PDF of one CGV version, as the customer accepted it."""
    blocks = parse_blocks(version.body)
    return render_pdf("cgv.html", version=version, blocks=blocks, toc=table_of_contents(blocks))


def _format_day(value: date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def render_withdrawal_form(order_info: WithdrawalFormOrder | None = None) -> bytes:
    """The model withdrawal form (annex to R221-1) as a PDF; blank when `order_info` is None."""
    order = dict(order_info or {})
    order["ordered_on"] = _format_day(order.get("ordered_on"))
    order["received_on"] = _format_day(order.get("received_on"))
    order["address_lines"] = [
        line for line in order.get("customer_address", "").splitlines() if line.strip()
    ]
    return render_pdf(
        "withdrawal_form.html",
        order=order,
        prefilled=order_info is not None,
        return_cost_paid_by=return_cost_payer(current_app.config),
    )
