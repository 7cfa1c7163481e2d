"""The checkout steps: addresses, delivery, payment method, recap and the order button.

Each step is a page; the choices live in session["checkout"] (ids and codes only), so the
"Retour" links and the browser's Back button find every choice where the customer left it.
"""

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.exc import IntegrityError

from shop.accounts.addresses import AddressData, add_address
from shop.accounts.errors import InvalidInput
from shop.accounts.forms import AddressForm
from shop.accounts.reset import make_confirm_token
from shop.accounts.services import find_user_by_email
from shop.accounts.vat import vat_number_notice
from shop.accounts.views import signup_limit
from shop.accounts.web import apply_errors
from shop.billing.gateways import payment_methods
from shop.cart.services import Cart
from shop.cart.storage import cart_item_count, forget_cart, save_cart, stored_cart
from shop.checkout import guest, services
from shop.checkout.forms import AddressesForm, DeliveryForm, NewCustomerRecapForm, RecapForm
from shop.checkout.preview import Preview, build_preview, chosen_addresses
from shop.checkout.state import forget_choices, idempotency_key, load_choices, save_choices
from shop.checkout.vat_check import refresh_vat_check
from shop.checkout.views import bp
from shop.checkout.views.access import checkout_buyer, checkout_step, to_login
from shop.checkout.views.payment import after_placing
from shop.db import utcnow
from shop.extensions import db, limiter
from shop.legal.services import current_cgv
from shop.urls import external_url

ADDRESS_FIELDS = ("first_name", "last_name", "company", "line1", "line2", "postal_code",
                  "city", "country_code", "phone")


def _preview() -> Preview:
    user, now = checkout_buyer(), utcnow()
    if refresh_vat_check(user, now):  # VIES's answer is kept with the account
        if current_user.is_authenticated:
            db.session.commit()
        else:  # or with the new customer's identity, until the account exists
            new_customer = guest.load(session)
            guest.keep_vat_check(new_customer, user)
            guest.save(session, new_customer)
    return build_preview(user, stored_cart(session), load_choices(session), now)


@bp.get("/")
@checkout_step()
def start():
    """Signed in (the account step), the checkout goes on with the delivery."""
    return redirect(url_for("checkout.delivery"))


@bp.get("/adresses")
@checkout_step()
def addresses():
    """The former addresses step: the delivery page holds the addresses now."""
    return redirect(url_for("checkout.delivery"))


@bp.route("/livraison", methods=["GET", "POST"])
@checkout_step()
def delivery():
    """Step 2: delivery and billing addresses, and the delivery method for that address, on
    one page (the defaults and the only usable method preselected)."""
    user = checkout_buyer()
    if not user.addresses:
        return redirect(url_for("checkout.new_address"))
    preview = _preview()
    form = DeliveryForm(delivery_id=preview.delivery.id if preview.delivery else None,
                        billing_same=load_choices(session).billing_same,
                        billing_id=preview.billing.id if preview.billing else None,
                        method=preview.option.rate.code if preview.option else None)
    if form.validate_on_submit() and _check_own(form, {a.id for a in user.addresses}):
        choices = load_choices(session)
        moved = choices.delivery_id != form.delivery_id.data
        choices.delivery_id = form.delivery_id.data
        choices.billing_same = form.billing_same.data
        choices.billing_id = None if choices.billing_same else form.billing_id.data
        save_choices(session, choices)
        preview = _preview()
        usable = {o.rate.code for o in preview.options if o.usable}
        if form.method.data in usable:
            choices.method = form.method.data
            save_choices(session, choices)
            return redirect(url_for("checkout.recap"))
        form.method.data = preview.option.rate.code if preview.option else None
        if preview.options:
            form.method.errors.append(
                _("Vérifiez le mode de livraison proposé pour cette adresse.") if moved
                else _("Choisissez un mode de livraison pour cette adresse."))
    return render_template("checkout/delivery.html", form=form, preview=preview,
                           addresses=user.addresses, step="delivery")


def _check_own(form: AddressesForm, ids: set[int]) -> bool:
    """Refuse ids that are not the customer's (stale page, tampered form)."""
    if form.delivery_id.data not in ids:
        form.delivery_id.errors.append(_("Choisissez une adresse de livraison."))
    if not form.billing_same.data and form.billing_id.data not in ids:
        form.billing_id.errors.append(_("Choisissez une adresse de facturation."))
    return not (form.delivery_id.errors or form.billing_id.errors)


@bp.route("/adresses/nouvelle", methods=["GET", "POST"])
@checkout_step()
def new_address():
    """Add an address to the book without leaving the checkout; it becomes the choice. A new
    customer's addresses wait in the session and go to the book created with the order."""
    user = checkout_buyer()
    billing = bool(user.addresses) and request.args.get("pour") == "facturation"
    form = AddressForm(first_name=user.first_name, last_name=user.last_name)
    if form.validate_on_submit():
        data = AddressData(**{name: form[name].data or "" for name in ADDRESS_FIELDS})
        try:
            address_id = _add_address(data)
        except InvalidInput as error:
            apply_errors(form, error)
        else:
            _choose_new(address_id, billing)
            return redirect(url_for("checkout.delivery"))
    return render_template("checkout/new_address.html", form=form, billing=billing,
                           preview=_preview(), step="delivery", addresses=user.addresses)


def _add_address(data: AddressData) -> int:
    """Keep the address (the account's book, or the new customer's session); its id."""
    if current_user.is_authenticated:
        address = add_address(current_user._get_current_object(), data)
        db.session.commit()
        flash(_("L'adresse est enregistrée dans votre carnet."), "success")
        return address.id
    new_customer = guest.load(session)
    number = guest.add_guest_address(new_customer, data)
    guest.save(session, new_customer)
    return number


def _choose_new(address_id: int, billing: bool) -> None:
    choices = load_choices(session)
    if billing:
        choices.billing_same, choices.billing_id = False, address_id
    else:
        choices.delivery_id = address_id
    save_choices(session, choices)


@bp.get("/paiement")
@checkout_step()
def payment_method():
    """The former payment step: the payment method is chosen on the recap now."""
    return redirect(url_for("checkout.recap"))


def _missing_step(preview: Preview) -> str | None:
    """The first step still to fill in, as a URL (None when the recap can be shown)."""
    if preview.delivery is None or preview.billing is None or preview.option is None:
        return url_for("checkout.delivery")
    return None


def _keep_cart(cart: Cart) -> list[str]:
    """Store the reconciled cart; its notices (prices, stock) are shown on the recap."""
    save_cart(session, cart.stored)
    return cart.notices


def _recap_page(preview: Preview, form: RecapForm | None = None, notices=(), status=200):
    cgv = current_cgv()
    methods = payment_methods()
    names = [name for name, _label in methods]
    chosen, buyer = load_choices(session).payment, checkout_buyer()
    form = form or _recap_form()(
        payment=chosen if chosen in names else next(iter(names), None),
        idempotency_key=idempotency_key(session),
        expected_total=preview.quote.totals.total_ttc_cents,
        cgv_version=cgv.number if cgv else 0,
    )
    return render_template(
        "checkout/recap.html", preview=preview, quote=preview.quote, form=form, cgv=cgv,
        notices=notices, methods=methods, step="recap", vat_notice=vat_number_notice(buyer),
        preview_email=buyer.email,
    ), status


def _recap_form() -> type[RecapForm]:
    """A new customer chooses the account's password on the recap, with the order."""
    return RecapForm if current_user.is_authenticated else NewCustomerRecapForm


@bp.get("/recapitulatif")
@checkout_step()
def recap():
    """Step 3: everything the order says (A3), the payment method, the CGV box (A6) and the
    order button (A4)."""
    preview = _preview()
    notices = _keep_cart(preview.cart)
    if not preview.cart.lines:
        return redirect(url_for("cart.show"))
    missing = _missing_step(preview)
    return redirect(missing) if missing else _recap_page(preview, notices=notices)


def _has_account() -> bool:
    return current_user.is_authenticated


@bp.post("/recapitulatif")
@limiter.limit(signup_limit, methods=["POST"], exempt_when=_has_account)
def place():
    """The order button: place the order (one transaction), then go and pay. A new customer's
    opens an account: it counts towards the sign-up rate limit."""
    if not current_user.is_authenticated:
        return _place_for_new_customer()
    return _place_for_customer()


@checkout_step(need_cart=False)
def _place_for_customer():
    user, form = current_user._get_current_object(), RecapForm()
    existing = services.order_for_key(user.id, form.idempotency_key.data)
    if existing is not None:  # double click or resubmitted page: the same order
        return after_placing(existing)
    if not form.validate_on_submit():
        return _not_placed(form)
    request = _order_request(user, form)
    if request is None:
        return _not_placed(form)
    try:
        order = services.place_order(user, request, actor=f"customer:{user.id}", now=utcnow())
    except services.CheckoutError as error:
        db.session.rollback()
        flash(str(error), "error")
        return redirect(url_for("checkout.recap"))
    db.session.commit()
    forget_cart(session)
    forget_choices(session)
    return after_placing(order)


def _place_for_new_customer():
    """The order button of a new customer: the account (new, or the one the address already
    has) and the order in one transaction; this session may then pay and read the order."""
    form, new_customer = NewCustomerRecapForm(), guest.load(session)
    twin = _twin(new_customer, form.idempotency_key.data)
    if twin is not None:  # double click or resubmitted page: the same order
        return _placed(twin)
    if new_customer is None:
        return to_login()
    if not cart_item_count(session):
        return redirect(url_for("cart.show"))
    buyer = guest.buyer(new_customer)
    if not form.validate_on_submit():
        return _not_placed(form)
    request = _order_request(buyer, form)
    if request is None:
        return _not_placed(form)
    now = utcnow()
    try:
        _account, order = guest.open_account(
            new_customer, form.password.data, now=now,
            placed=lambda account: services.place_order(
                account, request, actor=f"customer:{account.id}", now=now, buyer=buyer),
            confirm_link=lambda account, order: external_url(
                "accounts.confirm", token=make_confirm_token(
                    account, current_app.config["SECRET_KEY"]),
                next=url_for("accounts.order", reference=order.reference)),
            reset_link=external_url("accounts.password_reset_request"))
    except InvalidInput as error:
        db.session.rollback()
        apply_errors(form, error)
        return _not_placed(form)
    except services.CheckoutError as error:
        db.session.rollback()
        flash(str(error), "error")
        return redirect(url_for("checkout.recap"))
    except IntegrityError:  # the same form, sent twice at once, created the account first
        db.session.rollback()
        twin = _twin(new_customer, form.idempotency_key.data)
        if twin is None:
            raise
        return _placed(twin)
    db.session.commit()
    return _placed(order)


def _twin(new_customer: guest.Guest | None, key: str | None):
    """The order this recap form already placed, if any (its key is this session's): one
    this session was granted, or one of the account the form's address has (the key is
    random and never leaves the session, so no one else can name it)."""
    granted = services.granted_order_for_key(guest.granted(session), key)
    if granted is not None or new_customer is None:
        return granted
    account = find_user_by_email(new_customer.email)
    return services.order_for_key(account.id, key) if account else None


def _placed(order):
    """After the order: the session may pay and read it; the next checkout starts afresh."""
    guest.grant_order(session, order.reference)
    guest.forget(session)
    forget_cart(session)
    forget_choices(session)
    return after_placing(order)


def _order_request(user, form: RecapForm) -> services.OrderRequest | None:
    """The order as the steps chose it (place_order checks and prices it all again); None
    when a choice is missing, so the full recap decides where to send the customer."""
    choices = load_choices(session)
    delivery, billing = chosen_addresses(user, choices)
    method = choices.method or _only_method()
    if delivery is None or billing is None or not method:
        return None
    if form.payment.data not in dict(payment_methods()):
        form.payment.errors.append(_("Choisissez un moyen de paiement proposé."))
        return None
    choices.payment = form.payment.data  # kept for a retry and the next order
    save_choices(session, choices)
    return services.OrderRequest(
        stored_cart=stored_cart(session),
        delivery_address=delivery.as_snapshot(),
        billing_address=billing.as_snapshot(),
        shipping_method_code=method,
        payment_method=form.payment.data,
        cgv_accepted=form.cgv_accepted.data,
        cgv_version=form.cgv_version.data,
        expected_total_cents=form.expected_total.data,
        idempotency_key=form.idempotency_key.data,
    )


def _only_method() -> str | None:
    """The method chosen for the customer when only one can carry the parcel."""
    option = _preview().option
    return option.rate.code if option else None


def _not_placed(form: RecapForm):
    """A missing step sends the customer back to it; a bad form shows the recap again."""
    preview = _preview()
    missing = _missing_step(preview) if preview.cart.lines else url_for("cart.show")
    if missing:
        return redirect(missing)
    return _recap_page(preview, form, status=400)
