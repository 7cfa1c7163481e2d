"""The shop's application factory."""

import os
from pathlib import Path

from flask import Flask

from shop import extensions as ext
from shop.accounts.passwords import prepare_password_checks
from shop.boundaries import install_converters
from shop.config import BASE_DIR, config_from_env
from shop.db import configure_sqlite_engines, ping_after_idle
from shop.jobs.services import install_dispatch


def create_app(config: object | None = None) -> Flask:
    """Build the application from a config object (SHOP_ENV picks one when None)."""
    app = Flask(
        __name__,
        instance_path=str(BASE_DIR / "instance"),
        template_folder=str(BASE_DIR / "templates"),
        static_folder=str(BASE_DIR / "static"),
    )
    install_converters(app)  # before any route: ids bounded to the database's integers
    app.config.from_object(config if config is not None else config_from_env())
    if not app.config.get("SECRET_KEY"):
        raise RuntimeError("SECRET_KEY manquante : le site refuse de démarrer sans elle.")
    Path(app.instance_path).mkdir(exist_ok=True)
    register_extensions(app)
    register_blueprints(app)
    register_errors(app)
    register_templating(app)
    register_security(app)
    register_payments(app)
    register_storage(app)
    register_cli(app)
    register_proxies(app)
    return app


def register_proxies(app: Flask) -> None:
    """Trust X-Forwarded-For and X-Forwarded-Proto from PROXY_FIX proxies, and only then:
    request.remote_addr (what rate limits count) is the client's address either way."""
    proxies = int(app.config.get("PROXY_FIX") or 0)
    if proxies:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies)  # type: ignore[method-assign]


def register_extensions(app: Flask) -> None:
    # The package keeps the name `shop.db` for the module of the declarative base, so the
    # extension objects are reached through `ext.` here rather than imported by name.
    configure_sqlite_engines()
    ext.db.init_app(app)
    install_dispatch(ext.db.session)  # jobs run (or are pushed) once their commit is final
    with app.app_context():
        for engine in ext.db.engines.values():
            ping_after_idle(engine)
    if app.testing or os.environ.get("FLASK_RUN_FROM_CLI") == "true":
        register_migrations(app)
    ext.csrf.init_app(app)
    ext.babel.init_app(app, locale_selector=lambda: "fr")
    install_template_translations(app)
    ext.limiter.init_app(app)
    ext.login_manager.init_app(app)  # user loader: shop.accounts.views
    prepare_password_checks()


def register_migrations(app: Flask) -> None:
    """`flask db ...` commands. Only the flask command and the tests load Alembic (11 MiB):
    web workers never migrate, and must stay small."""
    from flask_migrate import Migrate

    Migrate(app, ext.db, directory=str(BASE_DIR / "migrations"), render_as_batch=True)


def install_template_translations(app: Flask) -> None:
    """Templates use the French catalogue loaded once (the shop has one locale), instead of
    Flask-Babel's per-call lookup; `_` and `gettext` do what Jinja's newstyle gettext does in
    one call instead of two (about 4 µs saved on each of the ~25 texts of a page)."""
    from babel.support import Translations
    from jinja2 import pass_eval_context
    from markupsafe import Markup

    translations = Translations.load(str(BASE_DIR / "translations"), ["fr"])
    app.jinja_env.install_gettext_translations(translations, newstyle=True)  # ngettext, trans
    lookup = translations.gettext

    @pass_eval_context
    def gettext(eval_ctx, string: str, /, **variables) -> str:
        """The translated text, safe HTML when escaping is on, its %(name)s variables escaped."""
        text = lookup(string)
        return (Markup(text) if eval_ctx.autoescape else text) % variables  # noqa: S704

    app.jinja_env.globals.update(_=gettext, gettext=gettext)


def register_blueprints(app: Flask) -> None:
    from shop.accounts.views import bp as accounts_bp
    from shop.cart.views import bp as cart_bp
    from shop.catalog.views import bp as catalog_bp
    from shop.checkout.views import bp as checkout_bp
    from shop.legal.views import bp as legal_bp
    from shop.staff import bp as staff_bp
    from shop.stock_alerts.views import bp as stock_alerts_bp
    from shop.withdrawal.views import bp as withdrawal_bp

    app.register_blueprint(catalog_bp)
    app.register_blueprint(legal_bp)
    app.register_blueprint(cart_bp)
    app.register_blueprint(accounts_bp)
    app.register_blueprint(checkout_bp)
    app.register_blueprint(staff_bp)
    app.register_blueprint(withdrawal_bp)
    app.register_blueprint(stock_alerts_bp)


def register_errors(app: Flask) -> None:
    from shop.errors import register_error_handlers

    register_error_handlers(app)


def register_templating(app: Flask) -> None:
    from shop.templating import register_template_helpers

    register_template_helpers(app)


def register_security(app: Flask) -> None:
    from shop.boundaries import register_input_checks
    from shop.security import register_host_check, register_security_headers
    from shop.sessions import register_sessions

    register_host_check(app)
    register_input_checks(app)
    register_sessions(app)
    register_security_headers(app)


def register_payments(app: Flask) -> None:
    """Check the payment settings now: the development gateway in production stops the app."""
    from shop.billing.gateways import check_payment_settings

    check_payment_settings(app)


def register_storage(app: Flask) -> None:
    """Check the private-file settings now: an incomplete S3 configuration stops the app."""
    from shop.storage import check_storage_settings

    check_storage_settings(app.config, app.static_folder)


def register_cli(app: Flask) -> None:
    from shop.cli import register_commands

    register_commands(app)
