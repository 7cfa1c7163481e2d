"""Administrators manage the team (#19 item 9): staff accounts, the shop's delays and the
OSS switch (LEGAL E3)."""

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from shop.accounts.errors import InvalidInput
from shop.accounts.models import STAFF_ROLES, User
from shop.accounts.services import Identity
from shop.accounts.team import (
    TeamActionRefused,
    add_member,
    deactivate_member,
    reactivate_member,
    reset_member_access,
    set_member_role,
    team_members,
)
from shop.accounts.web import apply_errors
from shop.billing.distance_sales import THRESHOLD_CENTS, distance_sales
from shop.db import utcnow
from shop.extensions import db
from shop.settings.services import (
    DELAYS,
    delays,
    last_change,
    oss_threshold_passed,
    set_delays,
    set_oss_threshold_passed,
)
from shop.staff import bp
from shop.staff.forms import ConfirmForm, DelaysForm, OssForm, RoleForm, TeamMemberForm
from shop.staff.guards import admin_required


@bp.route("/equipe", methods=["GET", "POST"])
@admin_required
def team():
    """The team's accounts, and the form opening a new one (the owner chooses the password)."""
    form = TeamMemberForm()
    if form.validate_on_submit():
        identity = Identity(first_name=form.first_name.data, last_name=form.last_name.data)
        try:
            member = add_member(current_user, form.email.data, identity, form.role.data,
                                now=utcnow())
        except InvalidInput as error:
            db.session.rollback()
            apply_errors(form, error)
        else:
            db.session.commit()
            flash(_("Compte ouvert pour %(email)s : un lien pour choisir son mot de passe lui "
                    "est envoyé.", email=member.email), "success")
            return redirect(url_for("staff.team"))
    return render_template("staff/team.html", members=team_members(), form=form), (
        400 if form.errors else 200)


ACTIONS = {  # the verb, whether the confirmation box is needed, what is said once done
    "desactiver": (deactivate_member, True, _l("Compte désactivé : ses sessions sont fermées.")),
    "reactiver": (reactivate_member, False, _l("Compte réactivé.")),
    "reinitialiser": (reset_member_access, True,
                      _l("Accès réinitialisé : un lien pour choisir un mot de passe est envoyé.")),
}


@bp.post("/equipe/<int:member_id>/<action>")
@admin_required
def team_action(member_id: int, action: str):
    """Deactivate, reactivate or reset a member (the first and last need the confirmation box)."""
    if action not in ACTIONS:
        abort(404)
    verb, needs_confirmation, done = ACTIONS[action]
    member = _member_or_404(member_id)
    if needs_confirmation and not ConfirmForm().validate_on_submit():
        flash(_("Cochez la case pour confirmer."), "error")
        return redirect(url_for("staff.team"))
    return _run(lambda: verb(current_user, member, now=utcnow()), done)


@bp.post("/equipe/<int:member_id>/role")
@admin_required
def team_role(member_id: int):
    """Make a member staff or administrator."""
    member, form = _member_or_404(member_id), RoleForm()
    if not form.validate_on_submit():
        abort(400)
    return _run(lambda: set_member_role(current_user, member, form.role.data, now=utcnow()),
                _l("Rôle changé."))


@bp.route("/reglages", methods=["GET", "POST"])
@admin_required
def settings():
    """The delays (paying an order placed on the site, a payment link, a proof of identity),
    and the OSS switch beside the distance sales it depends on."""
    form = DelaysForm(data=delays())
    if form.validate_on_submit():
        try:
            changes = set_delays(current_user, {key: form[key].data for key in DELAYS},
                                 now=utcnow())
        except InvalidInput as error:
            db.session.rollback()
            apply_errors(form, error)
        else:
            db.session.commit()
            flash(_("Délais enregistrés.") if changes else _("Aucun délai n'a changé."), "success")
            return redirect(url_for("staff.settings"))
    return _settings_page(form, _oss_form()), 400 if form.errors else 200


OSS_DONE = {
    True: _l("Guichet OSS activé : les consommateurs livrés dans un autre État membre paient "
             "la TVA de leur pays."),
    False: _l("Guichet OSS désactivé : les consommateurs livrés dans un autre État membre "
              "paient la TVA française."),
}


@bp.post("/reglages/oss")
@admin_required
def settings_oss():
    """Switch destination VAT through OSS on or off (LEGAL E3), once the box is ticked."""
    form = _oss_form()
    if not form.validate_on_submit():
        return _settings_page(DelaysForm(data=delays()), form), 400
    passed = form.passed.data == "1"
    changed = set_oss_threshold_passed(current_user, passed, now=utcnow())
    db.session.commit()
    flash(str(OSS_DONE[passed]) if changed else _("Le guichet OSS n'a pas changé."), "success")
    return redirect(url_for("staff.settings", _anchor="oss"))


def _oss_form() -> OssForm:
    """The switch's form, showing the state in force (prefixed: the page has two forms)."""
    return OssForm(prefix="oss", data={"passed": "1" if oss_threshold_passed() else "0"})


def _settings_page(form: DelaysForm, oss_form: OssForm) -> str:
    return render_template("staff/settings.html", form=form, delays=DELAYS, last=last_change(),
                           oss_form=oss_form, oss_on=oss_threshold_passed(),
                           sales=distance_sales(now=utcnow()), threshold=THRESHOLD_CENTS)


def _member_or_404(member_id: int) -> User:
    member = db.session.get(User, member_id)
    if member is None or member.role not in STAFF_ROLES:
        abort(404)
    return member


def _run(action, done) -> object:
    try:
        action()
    except (TeamActionRefused, InvalidInput) as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(str(done), "success")
    return redirect(url_for("staff.team"))
