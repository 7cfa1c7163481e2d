"""The shop's team as administrators manage it (#19 item 9): open a staff account, change its
role, deactivate and reactivate it, reset its access. Each action writes its audit row in the
caller's transaction; e-mails leave after the caller commits.

Nobody ever types a colleague's password: a new account, and one whose access is reset, gets
a hash no password matches and an e-mailed link to choose one (the invitation link of
`shop.accounts.reset`, valid ACCOUNT_INVITATION_MAX_AGE, once). Deactivating or resetting ends
every session of the account at once (`end_every_session`). The shop always keeps one active
administrator: the last one can be neither deactivated nor made a plain staff member, and an
administrator cannot deactivate their own account.
"""

import secrets
from datetime import datetime

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select

from shop.accounts.errors import InvalidInput
from shop.accounts.models import STAFF_ROLES, User
from shop.accounts.passwords import unusable_password
from shop.accounts.reset import send_invitation
from shop.accounts.services import Identity, end_every_session, register_user
from shop.audit.services import record
from shop.extensions import db


class TeamActionRefused(Exception):
    """The action would leave the shop without an administrator, or targets oneself; the
    French message says why."""


def team_members() -> list[User]:
    """Staff and administrators, active ones first, then by name."""
    return list(db.session.scalars(
        select(User).where(User.role.in_(STAFF_ROLES))
        .order_by(User.is_active.desc(), User.last_name, User.first_name, User.email)))


def add_member(admin: User, email: str, identity: Identity, role: str, *,
               now: datetime) -> User:
    """Open a staff or administrator account and e-mail its owner the link to choose a
    password. Raises InvalidInput for a bad or already used address, a bad name or role."""
    if role not in STAFF_ROLES:
        raise InvalidInput({"role": _("Choisissez « équipe » ou « administrateur ».")})
    user = register_user(email, secrets.token_urlsafe(32), identity, role=role, now=now)
    user.password_hash = unusable_password()
    db.session.flush()
    record(admin, "team.add", user, at=now, label=user.email,
           summary=_("Compte de l'équipe ouvert (rôle : %(role)s)", role=role),
           changes={"email": [None, user.email], "role": [None, role]})
    _invite(user, reset=False)
    return user


def set_member_role(admin: User, member: User, role: str, *, now: datetime) -> None:
    """Make a member staff or administrator; the last active administrator stays one."""
    if role not in STAFF_ROLES:
        raise InvalidInput({"role": _("Choisissez « équipe » ou « administrateur ».")})
    if role == member.role:
        return
    if member.role == "admin" and member.is_active and _active_admins() == 1:
        raise TeamActionRefused(_("C'est le dernier administrateur actif : nommez-en un autre "
                                  "avant de changer son rôle."))
    record(admin, "team.role", member, at=now, label=member.email,
           changes={"role": [member.role, role]})
    member.role = role
    end_every_session(member)  # its open pages were built for the old role


def deactivate_member(admin: User, member: User, *, now: datetime) -> None:
    """Close a member's access at once: login refused, every session ended. Their past actions
    keep their name in the audit trail."""
    if member.id == admin.id:
        raise TeamActionRefused(_("Vous ne pouvez pas désactiver votre propre compte."))
    if not member.is_active:
        return
    if member.role == "admin" and _active_admins() == 1:
        raise TeamActionRefused(_("C'est le dernier administrateur actif."))
    member.is_active = False
    end_every_session(member)
    record(admin, "team.deactivate", member, at=now, label=member.email,
           changes={"is_active": [True, False]})


def reactivate_member(admin: User, member: User, *, now: datetime) -> None:
    """Open a deactivated member's access again, with the password they had."""
    if member.is_active:
        return
    member.is_active = True
    record(admin, "team.reactivate", member, at=now, label=member.email,
           changes={"is_active": [False, True]})


def reset_member_access(admin: User, member: User, *, now: datetime) -> None:
    """A forgotten password or a doubt about a member's sessions: the password stops working,
    every session ends, and the owner is e-mailed a link to choose a new password."""
    if not member.is_active:
        raise TeamActionRefused(_("Ce compte est désactivé : réactivez-le d'abord."))
    member.password_hash = unusable_password()
    end_every_session(member)
    record(admin, "team.reset", member, at=now, label=member.email,
           summary=_("Mot de passe réinitialisé, sessions fermées, lien envoyé"))
    _invite(member, reset=True)


def _active_admins() -> int:
    return db.session.scalar(select(func.count()).select_from(User).where(
        User.role == "admin", User.is_active.is_(True)))


def _invite(user: User, *, reset: bool) -> None:
    send_invitation(user, _("Votre accès à l'espace équipe de %(shop)s",
                            shop=current_app.config["SHOP_NAME"]),
                    "team_invitation", reset=reset)
