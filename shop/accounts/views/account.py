"""The account area: profile, password, personal data (export and deletion)."""

import json

from flask import Response, flash, redirect, render_template, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from shop.accounts.errors import InvalidInput
from shop.accounts.forms import (
    ActionForm,
    IdentityForm,
    PasswordChangeForm,
    PasswordConfirmForm,
)
from shop.accounts.privacy import delete_account as close_account
from shop.accounts.privacy import export_user_data
from shop.accounts.services import change_password, update_profile
from shop.accounts.vat import vat_number_notice
from shop.accounts.views import bp
from shop.accounts.views.auth import identity_from
from shop.accounts.web import apply_errors, end_session, log_in
from shop.checkout.vat_check import refresh_vat_check
from shop.db import utcnow
from shop.extensions import db
from shop.notifications import send_email


@bp.route("/", methods=["GET", "POST"])
@login_required
def profile():
    """Who the customer is and whether they want marketing e-mails (G3)."""
    form = IdentityForm(obj=current_user)
    if form.validate_on_submit():
        try:
            update_profile(current_user, identity_from(form),
                           marketing_consent=form.marketing_consent.data)
        except InvalidInput as error:
            apply_errors(form, error)
        else:
            refresh_vat_check(current_user, utcnow())  # a new foreign VAT number: ask VIES now
            db.session.commit()
            flash(_("Vos informations sont enregistrées."), "success")
            notice = vat_number_notice(current_user)
            if notice:
                flash(notice, "warning")
            return redirect(url_for("accounts.profile"))
    return render_template("accounts/profile.html", form=form, action_form=ActionForm())


@bp.route("/mot-de-passe", methods=["GET", "POST"])
@login_required
def password_change():
    """Change the password; the session is renewed and other sessions end."""
    form = PasswordChangeForm()
    if form.validate_on_submit():
        user = current_user._get_current_object()
        try:
            change_password(user, form.current_password.data, form.password.data)
        except InvalidInput as error:
            apply_errors(form, error)
        else:
            log_in(session, user)
            send_email(user.email, _("Votre mot de passe a été changé"), "password_changed",
                       context={"user": user}, user_id=user.id)
            db.session.commit()
            flash(_("Votre mot de passe est changé."), "success")
            return redirect(url_for("accounts.profile"))
    return render_template("accounts/password_change.html", form=form)


@bp.get("/mes-donnees.json")
@login_required
def export_data():
    """Download everything the shop holds on the user, as JSON (G2)."""
    data = export_user_data(current_user)
    return Response(
        json.dumps(data, ensure_ascii=False, indent=2),
        mimetype="application/json",
        headers={"Content-Disposition": 'attachment; filename="mes-donnees.json"',
                 "Cache-Control": "no-store"},
    )


@bp.route("/supprimer", methods=["GET", "POST"])
@login_required
def delete_account():
    """Close the account: personal data anonymised at once, orders kept; then log out."""
    form = PasswordConfirmForm()
    if form.validate_on_submit():
        try:
            close_account(current_user, form.password.data)
        except InvalidInput as error:
            apply_errors(form, error)
        else:
            db.session.commit()
            end_session(session)
            flash(_("Votre compte est supprimé et vos données personnelles effacées."), "info")
            return redirect(url_for("catalog.home"))
    return render_template("accounts/delete_account.html", form=form)
