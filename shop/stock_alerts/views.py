"""« Prévenez-moi » : ask for an alert from a product page, unsubscribe from an e-mail."""

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _

from shop.catalog.queries import product_by_slug
from shop.db import utcnow
from shop.extensions import csrf, db, limiter
from shop.stock_alerts.forms import StockAlertForm, UnsubscribeForm
from shop.stock_alerts.services import AlertError, email_for_token, subscribe, unsubscribe

bp = Blueprint("stock_alerts", __name__, url_prefix="/alertes-stock")


def stock_alert_limit() -> str:
    return current_app.config["RATELIMIT_STOCK_ALERT"]


@bp.post("/produit/<slug>")
@limiter.limit(stock_alert_limit, methods=["POST"])
def subscribe_to(slug: str):
    """Note an alert; the answer is the same whether the address has an account or not."""
    product = product_by_slug(slug)
    if product is None:
        abort(404)
    form = StockAlertForm()
    if not form.validate_on_submit():
        flash(next(iter(form.errors.values()))[0], "error")
    else:
        try:
            subscribe(product, form.email.data, utcnow())
        except AlertError as error:
            flash(str(error), "error")
        else:
            db.session.commit()
            flash(_("C'est noté : nous vous écrirons à cette adresse dès que le produit sera "
                    "de nouveau disponible."), "success")
    return redirect(url_for("catalog.product", slug=slug), code=303)


@bp.route("/desinscription/<token>", methods=["GET", "POST"])
@csrf.exempt  # the form checks its own token; a mail client's RFC 8058 POST has none
def unsubscribe_from(token: str):
    """The link of an alert e-mail: a confirmation page whose button removes the alerts.

    A GET (a link scanner, a preview) changes nothing. The page's button posts with its CSRF
    token; a mail client's one-click POST (RFC 8058) carries `List-Unsubscribe=One-Click`
    instead: the signed token in the link is what proves the right to unsubscribe. No rate
    limit per IP here: one-click POSTs come from the mailbox provider's few servers, and a
    token cannot be guessed.
    """
    try:
        email = email_for_token(token, current_app.config["SECRET_KEY"])
    except AlertError as error:
        return render_template("stock_alerts/unsubscribe.html", error=str(error)), 404
    form = UnsubscribeForm()
    one_click = request.method == "POST" and request.form.get("List-Unsubscribe") == "One-Click"
    if one_click or form.validate_on_submit():
        unsubscribe(email)
        db.session.commit()
        if one_click:  # answered in place: a mail client does not follow redirects
            return render_template("stock_alerts/unsubscribe.html", done=True, email=email)
        flash(_("C'est fait : vous ne recevrez plus d'alerte de disponibilité à l'adresse "
                "%(email)s.", email=email), "success")
        return redirect(url_for("catalog.home"), code=303)
    return render_template("stock_alerts/unsubscribe.html", form=form, email=email)
