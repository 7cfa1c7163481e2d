"""Sign-up, login and logout; both keep the cart and return to the page the user came from."""

from flask import abort, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from shop.accounts.errors import InvalidInput
from shop.accounts.forms import ActionForm, LoginForm, SignupForm
from shop.accounts.services import Identity, authenticate, end_every_session, sign_up
from shop.accounts.views import bp, login_account_limit, login_limit, signup_limit
from shop.accounts.web import apply_errors, end_session, log_in, safe_next
from shop.extensions import db, limiter
from shop.urls import external_url


def _next_or(default_endpoint: str) -> str:
    return safe_next(request.args.get("next")) or url_for(default_endpoint)


def _failed(response) -> bool:
    """Only failed logins count towards the throttle (a success redirects)."""
    return response.status_code != 302


def _login_key() -> str:
    return "login:" + request.form.get("email", "").strip().lower()[:254]


def identity_from(form) -> Identity:
    """The identity fields of a sign-up or profile form."""
    return Identity(
        first_name=form.first_name.data or "", last_name=form.last_name.data or "",
        customer_type=form.customer_type.data or "", company_name=form.company_name.data or "",
        siret=form.siret.data or "", vat_number=form.vat_number.data or "",
    )


@bp.route("/connexion", methods=["GET", "POST"])
@limiter.limit(login_limit, methods=["POST"], deduct_when=_failed)
@limiter.limit(login_account_limit, methods=["POST"], key_func=_login_key, deduct_when=_failed)
def login():
    """Log in with e-mail and password; the same answer whether or not the account exists."""
    if current_user.is_authenticated:
        return redirect(_next_or("accounts.profile"))
    form = LoginForm()
    if form.validate_on_submit():
        user = authenticate(form.email.data, form.password.data)
        if user is not None:
            log_in(session, user, remember=form.remember.data)
            db.session.commit()
            flash(_("Vous êtes connecté(e)."), "success")
            return redirect(_next_or("accounts.profile"))
        form.form_errors.append(_("Adresse e-mail ou mot de passe incorrect."))
    return render_template(
        "accounts/login.html", form=form, next=safe_next(request.args.get("next"))
    )


@bp.route("/inscription", methods=["GET", "POST"])
@limiter.limit(signup_limit, methods=["POST"])
def signup():
    """Create a consumer or professional account, then log in on the same cart."""
    form = SignupForm()
    if form.validate_on_submit():
        try:
            user = sign_up(
                form.email.data, form.password.data, identity_from(form),
                marketing_consent=form.marketing_consent.data,
                welcome_link=external_url("accounts.profile"),
                help_link=external_url("accounts.password_reset_request"),
            )
        except InvalidInput as error:
            apply_errors(form, error)
        else:
            if user is not None:
                log_in(session, user)
            db.session.commit()
            # The same words whether or not the address already had an account.
            flash(_("Votre inscription est enregistrée : un e-mail vient de vous être envoyé."),
                  "success")
            return redirect(_next_or("accounts.profile"))
    return render_template(
        "accounts/signup.html", form=form, next=safe_next(request.args.get("next"))
    )


@bp.post("/deconnexion")
def logout():
    """Log out and forget the whole session, cart included (shared computers). The session
    token changes, so a copied session or "remember me" cookie no longer opens the account
    (sessions on the user's other devices end too: one token per account)."""
    if current_user.is_authenticated:
        end_every_session(current_user._get_current_object())
        db.session.commit()
    end_session(session)
    flash(_("Vous êtes déconnecté(e)."), "info")
    return redirect(url_for("catalog.home"))


@bp.post("/deconnexion-partout")
@login_required
def logout_everywhere():
    """« Se déconnecter de tous les appareils »: every session of the account ends, this one
    included."""
    if not ActionForm().validate_on_submit():
        abort(400)
    end_every_session(current_user._get_current_object())
    db.session.commit()
    end_session(session)
    flash(_("Vous êtes déconnecté(e) de tous les appareils."), "info")
    return redirect(url_for("accounts.login"))
