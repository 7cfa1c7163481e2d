"""Phone and e-mail orders: find or open the customer's account, key in the order in a
staff-side draft, place it, and follow, resend or cancel its payment link (issue 19 item 6)."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from shop.accounts.addresses import AddressData
from shop.accounts.errors import InvalidInput
from shop.accounts.forms import ActionForm, AddressForm
from shop.accounts.models import Address, User
from shop.accounts.web import apply_errors
from shop.cart.forms import AddLineForm, RemoveLineForm, UpdateCartForm
from shop.cart.services import CartError
from shop.checkout.services import CheckoutError
from shop.customers.search import search_customers
from shop.customers.services import add_customer_address, create_customer
from shop.db import utcnow
from shop.extensions import db
from shop.legal.services import current_cgv
from shop.orders.models import Order
from shop.orders.services import order_for_update
from shop.phone_orders import drafts
from shop.phone_orders.links import (
    LinkActionRefused,
    cancel_link,
    link_state,
    links_of,
    resend_link,
)
from shop.phone_orders.services import PhoneOrderChoices, place_phone_order
from shop.staff import bp
from shop.staff.forms import NewCustomerForm, PhoneOrderForm, SearchForm
from shop.staff.views_common import address_data, customer_or_404, identity_data, int_arg


@bp.get("/commandes-telephone")
def phone_orders():
    """Find the customer calling (name, e-mail, phone, reference) or open an account."""
    form = SearchForm(request.args)
    found = search_customers(form.q.data or "") if form.validate() else []
    return render_template("staff/phone_search.html", form=form, found=found)


@bp.route("/commandes-telephone/nouveau-client", methods=["GET", "POST"])
def phone_new_customer():
    """Open the caller's account; they get an e-mail to choose their own password."""
    form = NewCustomerForm()
    if form.validate_on_submit():
        try:
            user = create_customer(current_user, form.email.data, identity_data(form),
                                   address_data(form), now=utcnow())
        except InvalidInput as error:
            db.session.rollback()
            apply_errors(form, error)
        else:
            db.session.commit()
            flash(f"Compte ouvert pour {user.email} : un e-mail l'invite à choisir son mot "
                  "de passe.", "success")
            return redirect(url_for("staff.phone_draft", customer_id=user.id))
    return render_template("staff/phone_new_customer.html", form=form), 400 if form.errors else 200


@bp.get("/commandes-telephone/client/<int:customer_id>")
def phone_draft(customer_id: int):
    """The order being keyed in: lines, products, addresses, methods, the CGV statement."""
    customer = customer_or_404(customer_id)
    return _draft_page(customer, PhoneOrderForm(formdata=None, data=_defaults()))


def _defaults() -> dict:
    return {"delivery_id": int_arg("delivery_id"), "method": request.args.get("method"),
            "channel": request.args.get("channel") or "phone",
            "billing_id": int_arg("billing_id"), "billing_same": int_arg("billing_id") is None}


@bp.post("/commandes-telephone/client/<int:customer_id>/recalculer")
def phone_draft_recalculate(customer_id: int):
    """Price the draft again for the address and method ticked (changes nothing)."""
    customer, form = customer_or_404(customer_id), PhoneOrderForm()
    billing = None if form.billing_same.data else request.form.get("billing_id")
    args = {"delivery_id": request.form.get("delivery_id"), "billing_id": billing,
            "method": request.form.get("method"), "channel": request.form.get("channel")}
    return redirect(url_for("staff.phone_draft", customer_id=customer.id,
                            **{k: v[:40] for k, v in args.items() if v}))


def _draft_page(customer: User, form: PhoneOrderForm, status: int = 200,
                address_form: AddressForm | None = None):
    draft = drafts.find_draft(current_user, customer)
    preview = drafts.preview(draft, customer, delivery_id=form.delivery_id.data,
                             billing_id=None if form.billing_same.data else form.billing_id.data,
                             method=form.method.data, now=utcnow())
    cgv = current_cgv()
    form.key.data = draft.key if draft else ""
    form.cgv_version.data = cgv.number if cgv else 0
    form.expected_total.data = preview.quote.totals.total_ttc_cents if preview.quote else 0
    if preview.delivery is not None:
        form.delivery_id.data = preview.delivery.id
    return render_template(
        "staff/phone_draft.html", customer=customer, draft=draft, preview=preview, form=form,
        cgv=cgv, products=drafts.orderable_products(), action=ActionForm(),
        address_form=address_form or AddressForm(formdata=None, first_name=customer.first_name,
                                                 last_name=customer.last_name),
    ), status


@bp.post("/commandes-telephone/client/<int:customer_id>/adresse")
def phone_add_address(customer_id: int):
    """Add the address the customer gives to their book; it becomes the delivery choice."""
    customer, form = customer_or_404(customer_id), AddressForm()
    if form.validate_on_submit():
        try:
            address = add_customer_address(current_user, customer, _address(form), now=utcnow())
        except InvalidInput as error:
            db.session.rollback()
            apply_errors(form, error)
        else:
            db.session.commit()
            flash("Adresse ajoutée au carnet du client.", "success")
            return redirect(url_for("staff.phone_draft", customer_id=customer.id,
                                    delivery_id=address.id))
    return _draft_page(customer, PhoneOrderForm(formdata=None, data=_defaults()), 400, form)


def _address(form: AddressForm) -> AddressData:
    return AddressData(**{name: form[name].data or "" for name in Address.SNAPSHOT_FIELDS})


def _back(customer: User):
    return redirect(url_for("staff.phone_draft", customer_id=customer.id))


@bp.post("/commandes-telephone/client/<int:customer_id>/ajouter")
def phone_draft_add(customer_id: int):
    """Add a product to the draft, by the site's cart rules."""
    customer, form = customer_or_404(customer_id), AddLineForm()
    if not form.validate():
        return _refuse(form, customer)
    draft = drafts.open_draft(current_user, customer, now=utcnow())
    return _apply(customer, lambda now: drafts.add_product(
        current_user, draft, form.product_id.data, form.quantity.data, now=now))


@bp.post("/commandes-telephone/client/<int:customer_id>/quantites")
def phone_draft_quantities(customer_id: int):
    """Change the quantities of the draft's lines (all or nothing)."""
    customer, form = customer_or_404(customer_id), UpdateCartForm()
    draft = drafts.find_draft(current_user, customer)
    if draft is None or not form.validate():
        return _refuse(form, customer)
    return _apply(customer, lambda now: drafts.set_quantities(
        current_user, draft, form.quantities(), now=now))


@bp.post("/commandes-telephone/client/<int:customer_id>/retirer")
def phone_draft_remove(customer_id: int):
    """Take a product out of the draft."""
    customer, form = customer_or_404(customer_id), RemoveLineForm()
    draft = drafts.find_draft(current_user, customer)
    if draft is None or not form.validate():
        return _refuse(form, customer)
    return _apply(customer, lambda now: drafts.remove_product(
        current_user, draft, form.product_id.data, now=now))


def _apply(customer: User, change):
    try:
        notices = change(utcnow())
    except CartError as error:
        db.session.rollback()
        flash(str(error), "error")
        return _back(customer)
    db.session.commit()
    for notice in notices:
        flash(notice, "warning")
    return _back(customer)


def _refuse(form, customer: User):
    errors = [m for messages in form.errors.values() for m in _flat(messages)]
    flash(errors[0] if errors else "Formulaire expiré : rechargez la page.", "error")
    return _back(customer)


def _flat(messages):
    for message in messages if isinstance(messages, list) else messages.values():
        yield from _flat(message) if isinstance(message, list | dict) else [message]


@bp.post("/commandes-telephone/client/<int:customer_id>/commander")
def phone_place(customer_id: int):
    """Place the order with the site's place_order and e-mail the payment link."""
    customer, form = customer_or_404(customer_id), PhoneOrderForm()
    if not form.validate_on_submit():
        return _draft_page(customer, form, 400)
    choices = PhoneOrderChoices(
        channel=form.channel.data, delivery_id=form.delivery_id.data,
        billing_id=None if form.billing_same.data else form.billing_id.data,
        shipping_method_code=form.method.data, cgv_accepted=form.cgv_accepted.data,
        cgv_version=form.cgv_version.data, expected_total_cents=form.expected_total.data,
        key=form.key.data)
    try:
        order = place_phone_order(current_user, customer,
                                  drafts.find_draft(current_user, customer), choices, now=utcnow())
    except CheckoutError as error:
        db.session.rollback()
        form.form_errors.append(str(error))
        return _draft_page(customer, form, 400)
    db.session.commit()
    flash(f"Commande {order.reference} enregistrée : le lien de paiement est envoyé à "
          f"{order.customer_email}.", "success")
    return redirect(url_for("staff.phone_order", reference=order.reference))


def _phone_order(reference: str) -> Order:
    order = db.session.scalar(select(Order).where(Order.reference == reference[:20]))
    if order is None or order.channel not in ("phone", "email"):
        abort(404)
    return order


@bp.get("/commandes-telephone/<reference>")
def phone_order(reference: str):
    """A phone order's payment link: its state, resend or cancel."""
    order = _phone_order(reference)
    return render_template("staff/phone_order.html", order=order, links=links_of(order),
                           link_state=link_state, now=utcnow(), form=ActionForm())


@bp.post("/commandes-telephone/<reference>/renvoyer")
def phone_link_resend(reference: str):
    """E-mail a new link; the old one stops working (the deadline does not move)."""
    return _link_action(reference, resend_link, "Nouveau lien envoyé ; l'ancien ne fonctionne "
                        "plus.")


@bp.post("/commandes-telephone/<reference>/annuler")
def phone_link_cancel(reference: str):
    """Cancel the link with the unpaid order (its stock goes back on sale), once confirmed."""
    if request.form.get("confirm") != "1":
        flash("Cochez la case pour confirmer l'annulation : rien n'a été changé.", "error")
        return redirect(url_for("staff.phone_order", reference=_phone_order(reference).reference))
    return _link_action(reference, cancel_link, "Lien annulé et commande annulée : son stock "
                        "est remis en vente.")


def _link_action(reference: str, verb, done: str):
    order = order_for_update(_phone_order(reference).id)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        verb(order, staff=current_user, now=utcnow())
    except LinkActionRefused as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(done, "success")
    return redirect(url_for("staff.phone_order", reference=order.reference))
