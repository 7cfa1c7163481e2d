"""Legal pages: CGV (page and PDF), legal notice, privacy and cookies, withdrawal."""

from flask import Response, abort, current_app, render_template, request

from shop.legal import bp
from shop.legal.cgv_text import parse_blocks, table_of_contents
from shop.legal.cookies import necessary_cookies
from shop.legal.documents import (
    cgv_pdf_filename,
    render_cgv_pdf,
    render_withdrawal_form,
    withdrawal_form_filename,
)
from shop.legal.models import CgvVersion
from shop.legal.services import current_cgv, get_cgv, list_cgv_versions, return_cost_payer

MAX_VERSION_DIGITS = 6


def _requested_cgv() -> CgvVersion:
    """The version named by ?version=N, else the one in force; 404 for anything else."""
    raw = request.args.get("version")
    if raw is None:
        version = current_cgv()
    elif raw.isascii() and raw.isdigit() and len(raw) <= MAX_VERSION_DIGITS:
        version = get_cgv(int(raw))
    else:
        version = None
    if version is None:
        abort(404)
    return version


def _pdf_response(pdf: bytes, filename: str, etag: str | None = None) -> Response:
    response = Response(pdf, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    if etag:
        response.set_etag(etag)
        response.cache_control.private = True
        response.cache_control.max_age = 3600
    return response


@bp.get("/cgv")
def cgv():
    """The CGV in force, or the version named by ?version=N."""
    version = _requested_cgv()
    blocks = parse_blocks(version.body)
    return render_template(
        "legal/cgv.html",
        version=version,
        blocks=blocks,
        toc=table_of_contents(blocks),
        versions=list_cgv_versions(),
    )


@bp.get("/cgv.pdf")
def cgv_pdf():
    """The same CGV version as a PDF download."""
    version = _requested_cgv()
    etag = f"cgv-{version.number}"
    if request.if_none_match.contains(etag):  # a published version never changes
        return Response(status=304, headers={"ETag": f'"{etag}"'})
    return _pdf_response(render_cgv_pdf(version), cgv_pdf_filename(version), etag)


@bp.get("/mentions-legales")
def legal_notice():
    """The legal notice (LCEN): publisher, publication director, host, mediator."""
    return render_template("legal/legal_notice.html")


@bp.get("/donnees-personnelles")
def privacy():
    """Personal data and cookies."""
    return render_template("legal/privacy.html", cookies=necessary_cookies(current_app.config))


@bp.get("/retractation")
def withdrawal():
    """How a consumer withdraws, with a link to the blank model form."""
    payer = return_cost_payer(current_app.config)
    return render_template("legal/withdrawal.html", return_cost_paid_by=payer)


@bp.get("/retractation/formulaire.pdf")
def withdrawal_form_pdf():
    """The blank model withdrawal form as a PDF, for anyone, no account needed."""
    return _pdf_response(render_withdrawal_form(None), withdrawal_form_filename(None))
