"""Legal pages (placeholder until the legal domain lands)."""

from flask import Blueprint, render_template

bp = Blueprint("legal", __name__)


@bp.get("/cgv")
def cgv():
    return render_template("legal/placeholder.html", title="Conditions générales de vente")


@bp.get("/retractation")
def withdrawal():
    return render_template("legal/placeholder.html", title="Droit de rétractation")


@bp.get("/mentions-legales")
def legal_notice():
    return render_template("legal/placeholder.html", title="Mentions légales")


@bp.get("/donnees-personnelles")
def privacy():
    return render_template("legal/placeholder.html", title="Données personnelles et cookies")
