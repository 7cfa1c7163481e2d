"""Administrators manage the team (#19 item 9): accounts opened without a password anyone
types, roles, deactivation and reset that end every session; the shop always keeps an active
administrator; every action is audited."""

import pytest
from sqlalchemy import select

from shop.accounts.errors import InvalidInput
from shop.accounts.passwords import verify_password
from shop.accounts.services import Identity, authenticate
from shop.accounts.team import (
    TeamActionRefused,
    add_member,
    deactivate_member,
    reactivate_member,
    reset_member_access,
    set_member_role,
    team_members,
)
from shop.audit.models import AuditEntry
from shop.notifications.models import MailMessage
from tests.account_factories import PASSWORD, make_user
from tests.factories import at

NOW = at(2026, 12, 3, 9)


@pytest.fixture()
def admin(db):
    return make_user(db, role="admin", last_name="Admin")


def _actions(db):
    return [(e.action, e.actor_id, e.target_id) for e in
            db.session.scalars(select(AuditEntry).order_by(AuditEntry.id))]


def test_a_new_member_chooses_their_own_password_from_an_e_mailed_link(db, admin):
    member = add_member(admin, " Zoe@Pronutri.example ", Identity("Zoé", "Blanc"), "staff",
                        now=NOW)
    db.session.commit()
    assert (member.email, member.role, member.is_active) == ("zoe@pronutri.example", "staff",
                                                             True)
    assert member.email_confirmed_at == NOW  # the admin vouches for the address
    assert authenticate(member.email, "") is None
    [mail] = db.session.scalars(select(MailMessage)).all()
    assert mail.recipients == ["zoe@pronutri.example"] and "/compte/bienvenue/" in mail.text_body
    assert "ouvert un compte dans l'espace équipe" in mail.text_body
    assert _actions(db) == [("team.add", admin.id, str(member.id))]
    assert team_members() == [admin, member]


@pytest.mark.parametrize("role", ["customer", "root", ""])
def test_only_staff_roles_can_be_given(db, admin, role):
    with pytest.raises(InvalidInput) as refused:
        add_member(admin, "x@pronutri.example", Identity("A", "B"), role, now=NOW)
    assert "administrateur" in refused.value.errors["role"]
    member = make_user(db, role="staff")
    with pytest.raises(InvalidInput):
        set_member_role(admin, member, role, now=NOW)
    assert member.role == "staff"


def test_an_address_already_used_is_refused(db, admin):
    customer = make_user(db)
    with pytest.raises(InvalidInput) as refused:
        add_member(admin, customer.email, Identity("A", "B"), "staff", now=NOW)
    assert "email" in refused.value.errors
    assert customer.role == "customer"


def test_deactivating_closes_the_door_and_every_session_and_reactivating_opens_it(db, admin):
    member = make_user(db, role="staff")
    token = member.session_token
    deactivate_member(admin, member, now=NOW)
    db.session.commit()
    assert not member.is_active and member.session_token != token
    assert authenticate(member.email, PASSWORD) is None
    deactivate_member(admin, member, now=NOW)  # twice: nothing more
    reactivate_member(admin, member, now=NOW)
    reactivate_member(admin, member, now=NOW)
    db.session.commit()
    assert authenticate(member.email, PASSWORD) == member
    assert _actions(db) == [("team.deactivate", admin.id, str(member.id)),
                            ("team.reactivate", admin.id, str(member.id))]


def test_the_shop_keeps_an_active_administrator_and_nobody_locks_themselves_out(db, admin):
    with pytest.raises(TeamActionRefused, match="propre compte"):
        deactivate_member(admin, admin, now=NOW)
    other = make_user(db, role="admin")
    with pytest.raises(TeamActionRefused, match="propre compte"):
        deactivate_member(other, other, now=NOW)
    deactivate_member(admin, other, now=NOW)  # two admins: one may go
    with pytest.raises(TeamActionRefused, match="dernier administrateur"):
        set_member_role(admin, admin, "staff", now=NOW)
    reactivate_member(admin, other, now=NOW)
    set_member_role(other, admin, "staff", now=NOW)
    assert admin.role == "staff"
    with pytest.raises(TeamActionRefused, match="dernier administrateur"):
        deactivate_member(make_user(db, role="admin", is_active=False), other, now=NOW)
    assert other.is_active and other.role == "admin"


def test_a_role_change_ends_the_members_sessions_and_is_audited(db, admin):
    member = make_user(db, role="staff")
    token = member.session_token
    set_member_role(admin, member, "staff", now=NOW)  # the same role: nothing happens
    assert member.session_token == token and _actions(db) == []
    set_member_role(admin, member, "admin", now=NOW)
    db.session.commit()
    assert member.role == "admin" and member.session_token != token
    [entry] = db.session.scalars(select(AuditEntry)).all()
    assert entry.changes == {"role": ["staff", "admin"]}


def test_a_reset_kills_the_password_and_sessions_and_sends_a_link(db, admin):
    member = make_user(db, role="staff")
    token, old_hash = member.session_token, member.password_hash
    reset_member_access(admin, member, now=NOW)
    db.session.commit()
    assert member.session_token != token and member.password_hash != old_hash
    assert not verify_password(member.password_hash, PASSWORD)
    [mail] = db.session.scalars(select(MailMessage)).all()
    assert "/compte/bienvenue/" in mail.text_body and "réinitialisé" in mail.text_body
    deactivate_member(admin, member, now=NOW)
    with pytest.raises(TeamActionRefused, match="désactivé"):
        reset_member_access(admin, member, now=NOW)
