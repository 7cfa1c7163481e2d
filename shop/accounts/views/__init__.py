"""The accounts blueprint (/compte): sign-up, login, account area, personal data."""

from flask import Blueprint, current_app
from flask_babel import lazy_gettext as _l
from flask_login import user_loaded_from_cookie

from shop.accounts.services import load_user_for_session, record_login
from shop.extensions import db, login_manager

bp = Blueprint("accounts", __name__, url_prefix="/compte")

login_manager.login_view = "accounts.login"
login_manager.login_message = _l("Connectez-vous pour accéder à cette page.")
login_manager.login_message_category = "info"
login_manager.user_loader(load_user_for_session)


@user_loaded_from_cookie.connect
def _remembered_login(sender, user) -> None:
    """A login through the "remember me" cookie counts as activity (retention, G1)."""
    record_login(user)
    db.session.commit()


def login_limit() -> str:
    return current_app.config["RATELIMIT_LOGIN"]


def login_account_limit() -> str:
    return current_app.config["RATELIMIT_LOGIN_PER_ACCOUNT"]


def signup_limit() -> str:
    return current_app.config["RATELIMIT_SIGNUP"]


def password_reset_limit() -> str:
    return current_app.config["RATELIMIT_PASSWORD_RESET"]


from shop.accounts.views import account, addresses, auth, orders, reset  # noqa: E402, F401
