"""Settings, read once at start-up. Production takes every secret from the environment."""

import os
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

BASE_DIR = Path(__file__).resolve().parent.parent


def _env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _env_int(name: str, default: int = 0) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    if not value.isdigit():
        raise RuntimeError(f"{name} doit être un nombre entier positif ou nul : {value!r}")
    return int(value)


def database_url(url: str) -> str:
    """The URL with our PostgreSQL driver named: plain postgresql:// or postgres:// URLs (as
    hosting services give them) would otherwise ask SQLAlchemy 2.1 for psycopg 3."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg2://" + url[len(prefix) :]
    return url


class Config:
    """Defaults shared by every environment."""

    SHOP_ENV = "base"
    PRODUCTION = False
    SECRET_KEY: str | None = None
    SQLALCHEMY_DATABASE_URI: str | None = None
    # Connections idle for a while are checked before use (shop.db.ping_after_idle) rather than
    # every one on every request (pool_pre_ping).
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": False}
    SQLALCHEMY_TRACK_MODIFICATIONS = False

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    PERMANENT_SESSION_LIFETIME = 60 * 60 * 24 * 7
    WTF_CSRF_TIME_LIMIT = None  # the token lives as long as the session
    MAX_CONTENT_LENGTH = 2 * 1024 * 1024

    BABEL_DEFAULT_LOCALE = "fr"
    BABEL_DEFAULT_TIMEZONE = "Europe/Paris"
    SHOP_TIMEZONE = "Europe/Paris"

    # Pagination of the catalogue.
    PRODUCTS_PER_PAGE = 24
    # Every absolute link (e-mails, payment return URLs) starts with this, never with the
    # request's Host (shop.urls.external_url). Required in production.
    SHOP_BASE_URL: str | None = None
    # Defaults of the three delays administrators change on /staff/reglages (shop.settings):
    # an order placed on the site and not paid within this delay is cancelled and its stock
    # given back (CGV 5.3); each order stores its own deadline (payment_expires_at).
    ORDER_PAYMENT_TIMEOUT_MINUTES = 30
    # A phone or e-mail order waits this long for its payment (the e-mailed link works until
    # then, and its stock stays allocated); then the same expiry job cancels it.
    PHONE_ORDER_PAYMENT_HOURS = 48
    # Seconds between two reads of the catalogue revision (shop.catalog.fragments).
    CATALOG_REVISION_TTL = 1.0

    # Seller identity (LEGAL.md A1, A13, H3), printed on every page, e-mail and PDF: a
    # correction is made here once. `phone` is the customer-service number given for order
    # follow-up, withdrawals and claims: it must not be surcharged (A13). The demonstration
    # value is a placeholder; production sets the real number. `order_phone` is the premium-rate
    # line that only takes orders, always printed with `order_phone_tariff`.
    SHOP_NAME = "PRONUTRI"
    SELLER = {
        "name": "PRONUTRI",
        "legal_form": "SARL",
        "share_capital": "152 449,02 €",
        "address": "AV ZI 5EME AVENUE, 06510 Carros, France",
        "rcs": "RCS Grasse 399 538 347",
        "siren": "399 538 347",
        "vat_number": "FR 21399538347",
        "phone": "04 00 00 00 00 (numéro de démonstration)",
        "phone_hours": "du lundi au vendredi de 8h30 à 17h",
        "order_phone": "0825 09 21 92",
        "order_phone_tariff": "0,06 € TTC/min + prix d'un appel",
        "email": "commande@pronutri.com",
        "publication_director": "le gérant de PRONUTRI (nom de démonstration, à renseigner)",
        "host_name": "OVH SAS",
        "host_address": "2 rue Kellermann, 59100 Roubaix, France",
        "host_phone": "1007",
    }
    MEDIATOR = {
        "name": "Médiateur de la consommation FEVAD",
        "address": "60 rue La Boétie, 75008 Paris",
        "url": "https://www.mediateurfevad.fr",
    }
    # Who pays the direct cost of returning goods after a withdrawal (LEGAL.md B5):
    # "customer" (the CGV say so before the contract) or "seller". The CGV text, the
    # withdrawal page and the forms follow it; publish a new CGV version when it changes.
    WITHDRAWAL_RETURN_COST_PAID_BY = "customer"

    # Reverse proxies in front of the app that add X-Forwarded-For and X-Forwarded-Proto
    # (werkzeug's ProxyFix). 0: the app is reached directly and those headers are ignored;
    # 1: one proxy (nginx) whose last entry is the client's address. Rate limits count per
    # client address, so a wrong number either lets a visitor forge theirs or makes every
    # visitor share the proxy's.
    PROXY_FIX = 0
    RATELIMIT_STORAGE_URI = "memory://"
    # "5 per minute" means any 60 seconds, not a clock minute: a fixed window lets a burst
    # straddling two minutes through twice (and made the throttle tests depend on the clock).
    RATELIMIT_STRATEGY = "moving-window"
    RATELIMIT_HEADERS_ENABLED = True
    REDIS_URL: str | None = None

    MAIL_DEFAULT_SENDER = ("PRONUTRI", "commande@pronutri.com")

    # --- Accounts, e-mail and jobs (issue 5) ---
    # "outbox": e-mails are kept in the database and read at /staff/outbox (nothing leaves
    # the machine); "smtp": sent through Flask-Mail with the MAIL_SERVER settings below.
    MAIL_BACKEND = "smtp"
    MAIL_SERVER = "localhost"
    MAIL_PORT = 25
    MAIL_USE_TLS = False
    MAIL_USE_SSL = False
    MAIL_USERNAME: str | None = None
    MAIL_PASSWORD: str | None = None
    MAIL_SUPPRESS_SEND = False  # MAIL_BACKEND decides; Flask-Mail would suppress when TESTING
    PASSWORD_RESET_MAX_AGE = 60 * 60  # seconds a reset link stays valid
    # Seconds the sign-up confirmation link stays valid; an account still unconfirmed after
    # that is deleted by the daily purge (it never logged in, so it holds nothing).
    EMAIL_CONFIRM_MAX_AGE = 7 * 24 * 60 * 60
    # Proof of identity (CGV 6): days the buyer has to send it before the order is cancelled
    # and refunded (a default: administrators change it on /staff/reglages); days the document
    # is kept after staff decided.
    IDENTITY_PROOF_DAYS = 2
    # Destination VAT through OSS for consumers in other member states (LEGAL E3): off until the
    # administrators say the 10,000 EUR threshold is passed (setting « oss_threshold_passed »).
    OSS_THRESHOLD_PASSED = False
    IDENTITY_PROOF_KEEP_DAYS = 30
    # Seconds the « choose your password » link e-mailed to an account created by staff (a
    # phone order) stays valid; afterwards the customer asks for a reset link.
    ACCOUNT_INVITATION_MAX_AGE = 7 * 24 * 60 * 60
    # Flask-Limiter strings; the storage is RATELIMIT_STORAGE_URI (Redis in production).
    RATELIMIT_LOGIN = "5 per minute;20 per hour"  # failed logins per IP address
    RATELIMIT_LOGIN_PER_ACCOUNT = "10 per hour"  # failed logins per e-mail address
    RATELIMIT_SIGNUP = "10 per hour"
    RATELIMIT_PASSWORD_RESET = "5 per 15 minutes"  # noqa: S105
    RATELIMIT_WITHDRAWAL = "10 per hour"  # withdrawal declarations posted per IP address
    RATELIMIT_STOCK_ALERT = "10 per hour"  # « Prévenez-moi » requests posted per IP address
    # Jobs: inline unless REDIS_URL is set (then `flask jobs worker`); due jobs by cron.
    JOBS_QUEUE_NAME = "shop"
    JOBS_MAX_ATTEMPTS = 5
    JOBS_RETRY_BASE_SECONDS = 60  # 1 min, 2, 4, 8... capped at 6 h
    JOBS_LEASE_SECONDS = 10 * 60  # a job "running" longer than this is due again
    # Daily jobs (task path: local time in SHOP_TIMEZONE), written by `flask jobs run-due`.
    JOBS_RECURRING = {"shop.accounts.tasks:purge_inactive_accounts": "03:00"}
    # G1: customers inactive this long are anonymised (orders and invoices are kept, D8).
    ACCOUNT_RETENTION_DAYS = 3 * 365

    # --- Private files (issue 19, item 5): shop.storage ---
    # "local": a private directory (STORAGE_DIR, under instance/, never under static/);
    # "s3": an S3-compatible bucket through boto3, which then needs the bucket, the region and
    # the credentials (production refuses to start without them). STORAGE_S3_ENDPOINT_URL is
    # None for AWS itself, or the URL of another provider's S3 API.
    STORAGE_BACKEND = "local"
    STORAGE_DIR = str(BASE_DIR / "instance" / "private")
    STORAGE_S3_ENDPOINT_URL: str | None = None
    STORAGE_S3_BUCKET: str | None = None
    STORAGE_S3_REGION: str | None = None
    STORAGE_S3_ACCESS_KEY_ID: str | None = None
    STORAGE_S3_SECRET_ACCESS_KEY: str | None = None

    # --- Payments (issue 6) ---
    # A provider is offered at checkout when its keys are set (shop.payments.registry).
    # The development gateway ("paiement de démonstration") takes no money: never in production.
    DEV_GATEWAY_ENABLED = False
    STRIPE_SECRET_KEY: str | None = None
    STRIPE_WEBHOOK_SECRET: str | None = None
    STRIPE_API_BASE: str | None = None  # None: Stripe's own; tests point it at a loopback fake
    PAYPAL_CLIENT_ID: str | None = None
    PAYPAL_CLIENT_SECRET: str | None = None
    PAYPAL_WEBHOOK_ID: str | None = None
    PAYPAL_API_BASE: str | None = None  # None: sandbox, or live in production
    # Largest webhook body accepted (bytes); provider events are a few KiB.
    WEBHOOK_MAX_BYTES = 64 * 1024
    # Seconds the "paiement en cours de confirmation" page waits before looking again.
    PAYMENT_PENDING_REFRESH_SECONDS = 3

    # --- VAT (issue 20) ---
    # The EU's VIES REST API, which says whether a buyer's VAT number is valid (shop.tax.vies).
    # Read from the environment in development and production, like the payment API bases.
    VIES_API_BASE = "https://ec.europa.eu/taxation_customs/vies/rest-api"
    # Days a VIES answer about a buyer's number is trusted before the checkout asks again.
    VAT_CHECK_MAX_AGE_DAYS = 30


class DevConfig(Config):
    """Demo-friendly: a SQLite file under instance/, no secrets needed. The environment is read
    when the configuration is built, as in production."""

    SHOP_ENV = "development"
    SECRET_KEY = "dev-only-secret-key-not-for-production"  # noqa: S105
    DEV_GATEWAY_ENABLED = True  # the README's demo completes a purchase offline

    def __init__(self) -> None:
        self.SQLALCHEMY_DATABASE_URI = database_url(
            os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'instance' / 'shop.sqlite'}")
        )
        self.MAIL_BACKEND = os.environ.get("MAIL_BACKEND", "outbox")
        self.REDIS_URL = os.environ.get("REDIS_URL")  # set it to try the RQ queue locally
        self.PROXY_FIX = _env_int("PROXY_FIX")
        self.SHOP_BASE_URL = os.environ.get(
            "SHOP_BASE_URL", f"http://127.0.0.1:{os.environ.get('PORT', '5000')}"
        )
        # The demo answers at 127.0.0.1 and localhost alike; links still use SHOP_BASE_URL.
        self.TRUSTED_HOSTS = sorted({urlsplit(self.SHOP_BASE_URL).hostname, "127.0.0.1",
                                     "localhost"})
        for name in _PAYMENT_SETTINGS:
            setattr(self, name, os.environ.get(name) or None)
        self.VIES_API_BASE = os.environ.get("VIES_API_BASE") or Config.VIES_API_BASE
        _read_storage_settings(self)


class TestConfig(Config):
    """Tests: a database named by TEST_DATABASE_URL, SQLite in memory otherwise."""

    SHOP_ENV = "test"
    TESTING = True
    SECRET_KEY = "test-secret-key"  # noqa: S105
    SQLALCHEMY_DATABASE_URI = database_url(os.environ.get("TEST_DATABASE_URL", "sqlite://"))
    RATELIMIT_ENABLED = True
    CATALOG_REVISION_TTL = 0.0  # every request sees the latest catalogue
    MAIL_BACKEND = "outbox"  # tests that read mail switch to "smtp" (tests/fakes/smtp.py)
    DEV_GATEWAY_ENABLED = True  # Stripe and PayPal are added per test, pointed at the fakes
    SHOP_BASE_URL = "http://localhost"  # the test client's host
    JOBS_RECURRING: dict[str, str] = {}  # tests that need the daily jobs set them
    # Tests never reach the real VIES: a closed port, unless a test points it at the fake.
    VIES_API_BASE = "http://127.0.0.1:9"
    # Private files out of the work tree (tests/conftest.py gives each session its own folder).
    STORAGE_DIR = str(Path(tempfile.gettempdir()) / f"shop-test-private-{os.getpid()}")


class ProdConfig(Config):
    """Production: every secret and the database come from the environment, no defaults."""

    SHOP_ENV = "production"
    PRODUCTION = True
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    PREFERRED_URL_SCHEME = "https"

    def __init__(self) -> None:
        required = ("SECRET_KEY", "DATABASE_URL", "REDIS_URL", "SHOP_BASE_URL")
        missing = [name for name in required if not os.environ.get(name)]
        if missing:
            raise RuntimeError(
                "Configuration de production incomplète : variables manquantes "
                + ", ".join(missing)
            )
        self.SECRET_KEY = os.environ["SECRET_KEY"]
        self.SHOP_BASE_URL = os.environ["SHOP_BASE_URL"]
        self.PROXY_FIX = _env_int("PROXY_FIX")
        self.SQLALCHEMY_DATABASE_URI = database_url(os.environ["DATABASE_URL"])
        # Production runs e-mails, PDFs and provider calls on the RQ workers, never inline in
        # a web request, and shares rate-limit counters between workers: Redis is required.
        self.REDIS_URL = os.environ["REDIS_URL"]
        self.RATELIMIT_STORAGE_URI = self.REDIS_URL
        self.MAIL_BACKEND = os.environ.get("MAIL_BACKEND", "smtp")
        self.MAIL_SERVER = os.environ.get("MAIL_SERVER", "localhost")
        self.MAIL_PORT = int(os.environ.get("MAIL_PORT", "25"))
        self.MAIL_USE_TLS = _env_bool("MAIL_USE_TLS")
        self.MAIL_USE_SSL = _env_bool("MAIL_USE_SSL")
        self.MAIL_USERNAME = os.environ.get("MAIL_USERNAME")
        self.MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD")
        if _env_bool("DEV_GATEWAY_ENABLED"):
            raise RuntimeError(
                "DEV_GATEWAY_ENABLED est interdit en production : le paiement de "
                "démonstration ne prend aucun argent."
            )
        self.DEV_GATEWAY_ENABLED = False
        for name in _PAYMENT_SETTINGS:
            setattr(self, name, os.environ.get(name) or None)
        self.VIES_API_BASE = os.environ.get("VIES_API_BASE") or Config.VIES_API_BASE
        # Checked at start-up (shop.storage.check_storage_settings): S3 without its bucket,
        # region or credentials stops the app.
        _read_storage_settings(self)


_PAYMENT_SETTINGS = (
    "STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET", "STRIPE_API_BASE",
    "PAYPAL_CLIENT_ID", "PAYPAL_CLIENT_SECRET", "PAYPAL_WEBHOOK_ID", "PAYPAL_API_BASE",
)

_STORAGE_SETTINGS = (
    "STORAGE_S3_ENDPOINT_URL", "STORAGE_S3_BUCKET", "STORAGE_S3_REGION",
    "STORAGE_S3_ACCESS_KEY_ID", "STORAGE_S3_SECRET_ACCESS_KEY",
)


def _read_storage_settings(config: Config) -> None:
    """STORAGE_BACKEND, STORAGE_DIR and the S3 settings from the environment."""
    config.STORAGE_BACKEND = os.environ.get("STORAGE_BACKEND", "local").strip().lower()
    config.STORAGE_DIR = os.environ.get("STORAGE_DIR") or Config.STORAGE_DIR
    for name in _STORAGE_SETTINGS:
        setattr(config, name, os.environ.get(name) or None)


CONFIGS = {"development": DevConfig, "test": TestConfig, "production": ProdConfig}


def config_from_env() -> object:
    """The configuration named by SHOP_ENV (development by default)."""
    name = os.environ.get("SHOP_ENV", "development")
    try:
        config_class = CONFIGS[name]
    except KeyError:
        raise RuntimeError(f"SHOP_ENV inconnu : {name!r}") from None
    return config_class()
