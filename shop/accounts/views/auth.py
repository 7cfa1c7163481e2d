"""Sign-up, login and logout; both keep the cart and return to the page the user came from."""

from flask import abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from shop.accounts.errors import InvalidInput
from shop.accounts.forms import ActionForm, LoginForm, SignupForm
from shop.accounts.reset import InvalidResetLink, make_confirm_token, user_for_confirm_token
from shop.accounts.services import (
    Identity,
    authenticate,
    confirm_email,
    end_every_session,
    sign_up,
)
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
        # One answer for every refusal, unconfirmed accounts included (see authenticate).
        form.form_errors.append(_(
            "Adresse e-mail ou mot de passe incorrect. Si vous venez de créer votre compte, "
            "activez-le d'abord avec le lien reçu par e-mail."
        ))
    next_url = safe_next(request.args.get("next"))
    return render_template("accounts/login.html", form=form, next=next_url)


@bp.route("/inscription", methods=["GET", "POST"])
@limiter.limit(signup_limit, methods=["POST"])
def signup():
    """Create a consumer or professional account, confirmed by a link e-mailed to the address
    (which brings the customer back to `next` with the cart, logged in). A known address gets
    the same answer, and its owner an e-mail, so the page tells no one who has an account."""
    form = SignupForm()
    next_url = safe_next(request.args.get("next"))
    if form.validate_on_submit():
        secret = current_app.config["SECRET_KEY"]
        try:
            sign_up(
                form.email.data, form.password.data, identity_from(form),
                marketing_consent=form.marketing_consent.data,
                confirm_link=lambda user: external_url(
                    "accounts.confirm", token=make_confirm_token(user, secret), next=next_url
                ),
                help_link=external_url("accounts.password_reset_request"),
            )
        except InvalidInput as error:
            apply_errors(form, error)
        else:
            db.session.commit()
            return redirect(url_for("accounts.signup_sent"))
    return render_template("accounts/signup.html", form=form, next=next_url)


@bp.get("/inscription/verifiez-vos-e-mails")
def signup_sent():
    """What to do next after any accepted sign-up form (new or known address alike)."""
    return render_template(
        "accounts/signup_sent.html",
        valid_days=current_app.config["EMAIL_CONFIRM_MAX_AGE"] // 86400,
    )


@bp.route("/activer/<token>", methods=["GET", "POST"])
def confirm(token: str):
    """The link of the welcome e-mail. GET only shows a button (mail scanners open links);
    the POST confirms the address, logs in on the same cart and goes on to `next`."""
    config = current_app.config
    try:
        user = user_for_confirm_token(token, config["SECRET_KEY"], config["EMAIL_CONFIRM_MAX_AGE"])
    except InvalidResetLink as error:
        return render_template("accounts/confirm_invalid.html", message=str(error)), 410
    if user.email_confirmed_at is not None:  # used once already: it no longer logs in
        flash(_("Votre compte est déjà activé : connectez-vous."), "info")
        return redirect(url_for("accounts.login", next=safe_next(request.args.get("next"))))
    form = ActionForm()
    if form.validate_on_submit():
        confirm_email(user)
        log_in(session, user)
        db.session.commit()
        flash(_("Votre compte est activé. Bienvenue !"), "success")
        return redirect(_next_or("accounts.profile"))
    return render_template("accounts/confirm.html", form=form, user=user)


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
