"""Orders for staff: the filtered list and its CSV, one order's page, and the actions that take
it from payment to the customer's door (shop.fulfilment). Every action is a POST with CSRF,
takes the order's row lock, and either commits with its audit row or changes nothing."""

from collections.abc import Callable

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from shop.accounts.forms import ActionForm
from shop.audit.services import entries_for
from shop.billing.models import PAYMENT_STATUS_LABELS
from shop.billing.queries import order_money
from shop.billing.refunds import RefundRefused
from shop.catalog.customs import format_hs_code
from shop.db import utcnow
from shop.extensions import db
from shop.fulfilment import identity
from shop.fulfilment import services as fulfilment
from shop.fulfilment.queries import CHANNELS, OrderFilters, order_page, orders_csv
from shop.orders import states
from shop.orders.carriers import CARRIERS
from shop.orders.customs import kilograms
from shop.orders.models import Shipment
from shop.orders.services import FulfilmentError, order_by_reference
from shop.pdf import render_pdf
from shop.staff import bp
from shop.staff.forms import (
    CancelForm,
    DelayForm,
    DeliveredForm,
    IdentityRejectForm,
    IdentityRequestForm,
    MissingForm,
    NoteForm,
    OrderFilterForm,
    ShipForm,
)
from shop.stock.services import StockError
from shop.storage import FileMissing, storage

REFUSALS = (FulfilmentError, states.IllegalTransition, RefundRefused, StockError)


def _filters() -> tuple[OrderFilterForm, OrderFilters]:
    form = OrderFilterForm(request.args)
    if not form.validate():
        return form, OrderFilters()
    return form, OrderFilters(
        status=form.status.data or "", channel=form.channel.data or "",
        payment_method=form.payment_method.data or "", customer=form.customer.data or "",
        reference=form.reference.data or "", placed_from=form.placed_from.data,
        placed_to=form.placed_to.data, late=bool(form.late.data),
    )


@bp.get("/commandes")
def orders():
    """The orders, newest first, 50 a page, filtered from the query string."""
    form, filters = _filters()
    page = order_page(filters, now=utcnow(), after=request.args.get("apres"))
    return render_template("staff/orders.html", form=form, page=page, filters=filters,
                           labels=states.LABELS, channels=CHANNELS)


@bp.get("/commandes.csv")
def orders_export():
    """The filtered list as a CSV file for a spreadsheet."""
    _form, filters = _filters()
    response = Response(orders_csv(filters, now=utcnow()), mimetype="text/csv")
    response.headers["Content-Disposition"] = 'attachment; filename="commandes.csv"'
    return response


@bp.get("/commandes/<reference>")
def order(reference: str):
    """One order: lines and what became of them, parcels, the actions its state allows, its
    payments and refunds, its timeline and its audit trail."""
    found = order_by_reference(reference) or abort(404)
    return render_template(
        "staff/order.html", order=found, money=order_money(found.id),
        audit=entries_for(found), carriers=CARRIERS, payment_status_labels=PAYMENT_STATUS_LABELS,
        order_status_names=states.LABELS, ship_form=ShipForm(), delivered_form=DeliveredForm(),
        delay_form=DelayForm(), missing_form=MissingForm(), cancel_form=CancelForm(),
        note_form=NoteForm(), proof=identity.current_proof(found),
        identity_request_form=IdentityRequestForm(), identity_reject_form=IdentityRejectForm(),
    )


@bp.get("/commandes/<reference>/bon-de-preparation.pdf")
def packing_slip(reference: str):
    """The packing slip: the units still to ship, the delivery address, the weight."""
    found = order_by_reference(reference) or abort(404)
    weight = sum(line.weight_grams * line.to_ship for line in found.lines)
    response = Response(render_pdf("packing_slip.html", order=found, weight=weight),
                        mimetype="application/pdf")
    response.headers["Content-Disposition"] = (
        f'inline; filename="preparation-{found.reference}.pdf"')
    return response


@bp.get("/commandes/<reference>/cn23.pdf")
def customs_declaration(reference: str):
    """The CN23 of a parcel leaving the EU, from the snapshot taken when the order was placed;
    404 for an order that needs none."""
    found = order_by_reference(reference) or abort(404)
    if not found.customs_declaration:
        abort(404)
    pdf = render_pdf("cn23.html", order=found, declaration=found.customs_declaration,
                     today=utcnow(), kilograms=kilograms, hs_code=format_hs_code)
    response = Response(pdf, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'inline; filename="cn23-{found.reference}.pdf"'
    return response


def _quantities(order, prefix: str) -> dict[int, int]:
    """{line id: units} from the form's `<prefix>-<line id>` fields; blank is 0."""
    quantities = {}
    for line in order.lines:
        raw = request.form.get(f"{prefix}-{line.id}", "").strip()
        if not raw:
            continue
        if not raw.isdigit() or len(raw) > 4:
            raise FulfilmentError(f"« {line.product_name} » : quantité invalide.")
        quantities[line.id] = int(raw)
    return quantities


def _act(reference: str, form, run: Callable, done: str):
    """Validate the form, run the action on the locked order, commit; or say why not."""
    found = order_by_reference(reference, for_update=True) or abort(404)
    if not form.validate_on_submit():
        errors = [error for messages in form.errors.values() for error in messages]
        flash(str(errors[0]) if errors else "Formulaire expiré : rechargez la page.", "error")
        return redirect(url_for("staff.order", reference=found.reference))
    try:
        run(found, current_user._get_current_object(), utcnow())
    except REFUSALS as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(done, "success")
    return redirect(url_for("staff.order", reference=reference))


@bp.post("/commandes/<reference>/preparer")
def prepare(reference: str):
    return _act(reference, ActionForm(), lambda order, staff, now: fulfilment.start_preparing(
        order, staff=staff, now=now), "Commande en préparation.")


@bp.post("/commandes/<reference>/expedier")
def ship(reference: str):
    form = ShipForm()
    return _act(reference, form, lambda order, staff, now: fulfilment.ship(
        order, _quantities(order, "expedier"), carrier=form.carrier.data,
        tracking_number=form.tracking_number.data, weight_grams=form.weight_grams.data,
        staff=staff, now=now), "Colis expédié : le client a reçu le lien de suivi.")


@bp.post("/commandes/<reference>/colis/<int:shipment_id>/livre")
def delivered(reference: str, shipment_id: int):
    form = DeliveredForm()

    def run(order, staff, now):
        parcel = db.session.get(Shipment, shipment_id)
        if parcel is None or parcel.order_id != order.id:
            abort(404)
        fulfilment.deliver(parcel, delivered_on=form.delivered_on.data, staff=staff, now=now)
    return _act(reference, form, run, "Livraison enregistrée.")


@bp.post("/commandes/<reference>/retard")
def delay(reference: str):
    form = DelayForm()
    return _act(reference, form, lambda order, staff, now: fulfilment.report_delay(
        order, new_date=form.new_date.data, reason=form.reason.data or "", staff=staff,
        now=now), "Retard signalé au client.")


@bp.post("/commandes/<reference>/indisponibles")
def missing(reference: str):
    form = MissingForm()
    return _act(reference, form, lambda order, staff, now: fulfilment.cancel_missing(
        order, _quantities(order, "manquant"), note=form.note.data or "", staff=staff,
        now=now), "Produits retirés et remboursés ; le client est prévenu.")


@bp.post("/commandes/<reference>/annuler")
def cancel(reference: str):
    form = CancelForm()
    return _act(reference, form, lambda order, staff, now: fulfilment.cancel(
        order, reason=form.reason.data, note=form.note.data or "", staff=staff, now=now),
        "Commande annulée ; le remboursement est en cours.")


@bp.post("/commandes/<reference>/note")
def note(reference: str):
    form = NoteForm()
    return _act(reference, form, lambda order, staff, now: fulfilment.add_note(
        order, form.text.data, staff=staff, now=now), "Note ajoutée.")



@bp.post("/commandes/<reference>/justificatif/demander")
def identity_request(reference: str):
    form = IdentityRequestForm()
    return _act(reference, form, lambda order, staff, now: identity.request_proof(
        order, message=form.message.data or "", staff=staff, now=now),
        "Justificatif demandé : le client a reçu l'e-mail.")


@bp.post("/commandes/<reference>/justificatif/accepter")
def identity_accept(reference: str):
    return _act(reference, ActionForm(), lambda order, staff, now: identity.accept_proof(
        order, staff=staff, now=now), "Justificatif accepté : la commande peut être préparée.")


@bp.post("/commandes/<reference>/justificatif/refuser")
def identity_reject(reference: str):
    form = IdentityRejectForm()
    return _act(reference, form, lambda order, staff, now: identity.reject_proof(
        order, note=form.note.data, staff=staff, now=now),
        "Justificatif refusé : commande annulée et remboursée.")


@bp.get("/commandes/<reference>/justificatif")
def identity_document(reference: str):
    """The buyer's document, for staff only, never cached, never shown inline by guess."""
    found = order_by_reference(reference) or abort(404)
    proof = identity.current_proof(found)
    if proof is None or not proof.document_key or proof.deleted_at:
        abort(404)
    try:
        content = storage().get(proof.document_key)
    except FileMissing:
        abort(404)
    extension = {"application/pdf": "pdf", "image/jpeg": "jpg"}.get(proof.content_type, "png")
    response = Response(content, mimetype=proof.content_type)
    response.headers["Content-Disposition"] = (
        f'attachment; filename="justificatif-{found.reference}.{extension}"')
    response.headers["Cache-Control"] = "no-store"
    return response
