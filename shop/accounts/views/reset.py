"""Forgotten password: ask for a link by e-mail, then choose a new password with it."""

from flask import current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from shop.accounts.errors import InvalidInput
from shop.accounts.forms import PasswordResetForm, PasswordResetRequestForm
from shop.accounts.reset import (
    INVITATION_SALT,
    InvalidResetLink,
    request_password_reset,
    reset_password,
    user_for_reset_token,
)
from shop.accounts.views import bp, password_reset_limit
from shop.accounts.web import apply_errors
from shop.extensions import db, limiter
from shop.notifications import send_email
from shop.urls import external_url


def _reset_link(token: str) -> str:
    return external_url("accounts.password_reset", token=token)


@bp.route("/mot-de-passe-oublie", methods=["GET", "POST"])
@limiter.limit(password_reset_limit, methods=["POST"])
def password_reset_request():
    """Send a reset link; the answer never says whether the address has an account."""
    form = PasswordResetRequestForm()
    if form.validate_on_submit():
        config = current_app.config
        request_password_reset(
            form.email.data, config["SECRET_KEY"], _reset_link, config["PASSWORD_RESET_MAX_AGE"]
        )
        db.session.commit()
        flash(_("Si un compte existe avec cette adresse, un e-mail vient de lui être envoyé "
                "avec un lien valable une heure."), "info")
        return redirect(url_for("accounts.login"))
    return render_template("accounts/password_reset_request.html", form=form)


@bp.route("/reinitialiser/<token>", methods=["GET", "POST"])
@limiter.limit(password_reset_limit, methods=["POST"])
def password_reset(token: str):
    """Choose a new password from an e-mailed link (valid one hour, once)."""
    secret, max_age = current_app.config["SECRET_KEY"], current_app.config["PASSWORD_RESET_MAX_AGE"]
    try:
        user_for_reset_token(token, secret, max_age)
    except InvalidResetLink as error:
        return render_template("accounts/password_reset_invalid.html", message=str(error)), 410
    form = PasswordResetForm()
    if form.validate_on_submit():
        try:
            user = reset_password(token, form.password.data, secret, max_age)
        except InvalidInput as error:
            apply_errors(form, error)
        else:
            send_email(user.email, _("Votre mot de passe a été changé"), "password_changed",
                       context={"user": user}, user_id=user.id)
            db.session.commit()
            flash(_("Votre mot de passe est changé. Vous pouvez vous connecter."), "success")
            return redirect(url_for("accounts.login"))
    return render_template("accounts/password_reset.html", form=form)


@bp.route("/bienvenue/<token>", methods=["GET", "POST"])
@limiter.limit(password_reset_limit, methods=["POST"])
def invitation(token: str):
    """Choose a first password for an account staff opened (a phone order): the e-mailed link
    is valid ACCOUNT_INVITATION_MAX_AGE, once; it confirms the address like a reset does."""
    config = current_app.config
    secret, max_age = config["SECRET_KEY"], config["ACCOUNT_INVITATION_MAX_AGE"]
    try:
        user_for_reset_token(token, secret, max_age, salt=INVITATION_SALT)
    except InvalidResetLink as error:
        return render_template("accounts/password_reset_invalid.html", message=str(error)), 410
    form = PasswordResetForm()
    if form.validate_on_submit():
        try:
            reset_password(token, form.password.data, secret, max_age, salt=INVITATION_SALT)
        except InvalidInput as error:
            apply_errors(form, error)
        else:
            db.session.commit()
            flash(_("Votre mot de passe est enregistré. Vous pouvez vous connecter."), "success")
            return redirect(url_for("accounts.login"))
    return render_template("accounts/password_reset.html", form=form, first_password=True)
