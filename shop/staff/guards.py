"""The back office's only gate: anonymous visitors go to the login page, customers get 403."""

from collections.abc import Callable
from functools import wraps

from flask import abort
from flask_login import current_user

from shop.extensions import login_manager


def check_access(admin_only: bool = False):
    """None when the current user may pass; otherwise the response that stops them."""
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    if not current_user.is_staff or (admin_only and not current_user.is_admin):
        abort(403)
    return None


def staff_required(view: Callable) -> Callable:
    """Let staff members and administrators in."""

    @wraps(view)
    def guarded(*args, **kwargs):
        return check_access() or view(*args, **kwargs)

    return guarded


def admin_required(view: Callable) -> Callable:
    """Let administrators only in (settings, statistics)."""

    @wraps(view)
    def guarded(*args, **kwargs):
        return check_access(admin_only=True) or view(*args, **kwargs)

    return guarded
