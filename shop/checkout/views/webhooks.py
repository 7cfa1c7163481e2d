"""Provider webhooks: verified, normalised, applied once; the answer tells the provider to retry."""

from flask import abort, current_app, request

from shop.billing.events import apply_event
from shop.billing.gateways import gateway
from shop.boundaries import raw_body
from shop.checkout.views import bp
from shop.db import utcnow
from shop.extensions import csrf, db
from shop.payments import InvalidWebhook, PaymentError

PROVIDERS = ("stripe", "paypal")


@bp.post("/paiement/webhook/<provider>")
@csrf.exempt
@raw_body
def webhook(provider: str):
    """400 forged or unreadable, 413 too large, 503 when the provider must retry, else 200.

    A duplicate delivered at the same time as its twin waits for it and answers 200.
    """
    gw = gateway(provider) if provider in PROVIDERS else None
    if gw is None:
        abort(404)
    if (request.content_length or 0) > current_app.config["WEBHOOK_MAX_BYTES"]:
        return "too large", 413, {"Content-Type": "text/plain"}
    try:
        payload = request.stream.read(current_app.config["WEBHOOK_MAX_BYTES"] + 1)
        if len(payload) > current_app.config["WEBHOOK_MAX_BYTES"]:
            return "too large", 413, {"Content-Type": "text/plain"}
        event = gw.parse_webhook(payload, request.headers)
    except InvalidWebhook as error:
        current_app.logger.warning("Refused %s webhook: %s", provider, error)
        return "invalid webhook", 400, {"Content-Type": "text/plain"}
    except PaymentError as error:
        current_app.logger.warning("%s webhook not verified now: %s", provider, error.detail)
        return "try again later", 503, {"Content-Type": "text/plain"}
    if event is not None:
        apply_event(event, provider=provider, now=utcnow())
        db.session.commit()
    return "ok", 200, {"Content-Type": "text/plain"}
