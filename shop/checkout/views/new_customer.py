"""The first step's third way: a new customer gives who they are and goes on at once; the
account is created with the order (shop.checkout.guest)."""

from dataclasses import asdict

from flask import redirect, render_template, request, session, url_for
from flask_login import current_user

from shop.accounts.errors import InvalidInput
from shop.accounts.forms import LoginForm
from shop.accounts.views import signup_limit
from shop.accounts.views.auth import identity_from
from shop.accounts.web import apply_errors
from shop.checkout import guest
from shop.checkout.forms import NewCustomerForm
from shop.checkout.views import bp
from shop.extensions import limiter

START = "/commande/"


def new_customer_form(formdata=None) -> NewCustomerForm:
    """The form beside the sign-in form, its ids apart from the sign-in form's; empty, or
    filled with what this session's new customer gave (to correct it)."""
    earlier = guest.load(session) if formdata is None else None
    given = {} if earlier is None else asdict(earlier.identity) | {
        "email": earlier.email, "marketing_consent": earlier.marketing_consent}
    form = NewCustomerForm(formdata=formdata, **given)
    for each in form:
        each.id = each.label.field_id = f"new-{each.id}"
    return form


@bp.app_template_global()
def checkout_new_customer_form(next_url: str | None) -> NewCustomerForm | None:
    """On the sign-in page reached from the checkout, the empty new-customer form."""
    return new_customer_form() if (next_url or "").startswith(START) else None


@bp.route("/nouveau-client", methods=["GET", "POST"])
@limiter.limit(signup_limit, methods=["POST"])
def new_customer():
    """Keep the new customer's identity for this checkout and go on to the delivery."""
    if current_user.is_authenticated:
        return redirect(url_for("checkout.delivery"))
    if request.method == "GET":
        return redirect(url_for("accounts.login", next=START))
    form = new_customer_form(request.form)
    if form.validate_on_submit():
        try:
            new = guest.start(form.email.data, identity_from(form),
                              marketing_consent=form.marketing_consent.data)
        except InvalidInput as error:
            apply_errors(form, error)
        else:
            earlier = guest.load(session)
            if earlier is not None:  # back to correct the name or address: the rest stays
                new.addresses = earlier.addresses
            guest.save(session, new)
            return redirect(url_for("checkout.delivery"))
    return render_template("accounts/login.html", form=LoginForm(formdata=None), next=START,
                           new_customer_form=form), 400
