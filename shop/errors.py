"""Error pages in French; no traceback ever reaches a visitor."""

from flask import Flask, render_template
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

MESSAGES = {
    400: ("Requête invalide", "La demande envoyée n'a pas pu être comprise."),
    403: ("Accès refusé", "Vous n'avez pas accès à cette page."),
    404: ("Page introuvable", "La page demandée n'existe pas ou plus."),
    405: ("Méthode non autorisée", "Cette action n'est pas possible ainsi."),
    413: ("Envoi trop volumineux", "Les données envoyées sont trop volumineuses."),
    415: ("Format non accepté", "Cette page n'accepte que les formulaires du site."),
    429: (
        "Trop de tentatives",
        "Vous avez fait trop de tentatives en peu de temps. Merci de patienter avant de réessayer.",
    ),
    500: (
        "Erreur du serveur",
        "Une erreur inattendue s'est produite. Rien n'a été enregistré ; merci de réessayer.",
    ),
}


def render_error(status: int, message: str | None = None):
    """The error page for an HTTP status, with an optional more precise French message."""
    title, default = MESSAGES.get(status, MESSAGES[500])
    page = render_template(
        "errors/error.html", status=status, title=title, message=message or default
    )
    return page, status


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):
        return render_error(
            400,
            "Le formulaire a expiré ou n'a pas été envoyé depuis cette page. "
            "Rechargez la page et réessayez.",
        )

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        status = error.code or 500
        return render_error(status if status in MESSAGES else 500)

    @app.errorhandler(Exception)
    def unexpected_error(error: Exception):
        app.logger.exception("Unhandled error")
        from shop.extensions import db

        db.session.rollback()
        return render_error(500)
