"""Demo accounts and the `flask users` commands."""

from shop.accounts.models import User
from shop.accounts.seed import seed_accounts
from shop.accounts.services import authenticate, find_user_by_email


def test_seed_is_idempotent_and_gives_working_demo_logins(db):
    seed_accounts()
    db.session.commit()
    seed_accounts()
    db.session.commit()
    assert db.session.query(User).count() == 2
    customer = authenticate("client@example.com", "demo-client-2026")
    admin = authenticate("admin@pronutri.example", "demo-admin-2026")
    assert customer.role == "customer" and len(customer.addresses) == 1
    assert customer.addresses[0].is_default_delivery
    assert admin.role == "admin"


def test_users_create_reads_the_password_from_the_environment(app, db, monkeypatch):
    monkeypatch.setenv("SHOP_USER_PASSWORD", "staff password 2026")
    result = app.test_cli_runner().invoke(
        args=["users", "create", "--role", "staff", "Equipe@PRONUTRI.example"]
    )
    assert result.exit_code == 0, result.output
    assert "equipe@pronutri.example" in result.output
    db.session.expire_all()
    assert authenticate("equipe@pronutri.example", "staff password 2026").role == "staff"


def test_users_create_prompts_for_the_password(app, db, monkeypatch):
    monkeypatch.delenv("SHOP_USER_PASSWORD", raising=False)
    result = app.test_cli_runner().invoke(
        args=["users", "create", "--role", "admin", "boss@pronutri.example"],
        input="admin password 2026\nadmin password 2026\n",
    )
    assert result.exit_code == 0, result.output
    assert authenticate("boss@pronutri.example", "admin password 2026").role == "admin"


def test_users_create_refuses_a_weak_password_and_creates_nothing(app, db, monkeypatch):
    monkeypatch.setenv("SHOP_USER_PASSWORD", "short")
    result = app.test_cli_runner().invoke(args=["users", "create", "x@pronutri.example"])
    assert result.exit_code != 0
    assert "12 caractères" in result.output
    assert find_user_by_email("x@pronutri.example") is None


def test_users_set_role(app, db, monkeypatch):
    monkeypatch.setenv("SHOP_USER_PASSWORD", "customer password")
    runner = app.test_cli_runner()
    runner.invoke(args=["users", "create", "c@example.com"])
    result = runner.invoke(args=["users", "set-role", "c@example.com", "staff"])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    assert find_user_by_email("c@example.com").role == "staff"
    missing = runner.invoke(args=["users", "set-role", "nobody@example.com", "staff"])
    assert missing.exit_code != 0
