"""HTTP security headers sent with every response, and the Host check that runs first."""

from collections.abc import Mapping
from functools import lru_cache
from urllib.parse import urlsplit

from flask import Flask, Response, current_app, request
from flask_login import current_user
from werkzeug.exceptions import SecurityError

from shop import caches

# No inline script or style anywhere: every script and stylesheet is a file under static/.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "img-src 'self' data:",
        "style-src 'self'",
        "script-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "frame-ancestors 'none'",
    ]
)
# Where a form of ours may lead. The payment forms post to the shop, which answers with a
# redirect to the provider's hosted page; browsers apply form-action to that redirect too, so
# the providers' page origins are listed when the provider is configured.
STRIPE_PAGES = "https://checkout.stripe.com"
PAYPAL_PAGES = {True: "https://www.paypal.com", False: "https://www.sandbox.paypal.com"}
# Pages of these blueprints, and every page shown to a logged-in person, hold personal data
# (or a form token): browsers and proxies must not keep them (a shared computer after logout).
PRIVATE_BLUEPRINTS = frozenset({"accounts", "cart", "checkout", "staff"})

SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
    "Cross-Origin-Opener-Policy": "same-origin",
}

UNTRUSTED_HOST_MESSAGE = "Requête refusée : cette adresse ne désigne pas la boutique.\n"


def trusted_hosts(base_url: str) -> list[str]:
    """The host names a request may name in its Host header: SHOP_BASE_URL's, port aside
    (werkzeug compares names without the port)."""
    host = urlsplit(base_url).hostname
    if not host:
        raise RuntimeError(f"SHOP_BASE_URL sans nom d'hôte : {base_url!r}")
    return [host]


def use_base_url(app: Flask, base_url: str) -> None:
    """Serve the shop at `base_url`: absolute links are built from it, and a request naming
    any other host is refused (the e2e tests call this once their server has a port)."""
    app.config["SHOP_BASE_URL"] = base_url
    app.config["TRUSTED_HOSTS"] = trusted_hosts(base_url)


def register_host_check(app: Flask) -> None:
    """TRUSTED_HOSTS from SHOP_BASE_URL unless the configuration names them, and a refusal
    (400, plain text) before any other hook or view when the Host is another one."""
    if app.config.get("TRUSTED_HOSTS") is None and app.config.get("SHOP_BASE_URL"):
        app.config["TRUSTED_HOSTS"] = trusted_hosts(app.config["SHOP_BASE_URL"])

    def refuse_untrusted_host() -> Response | None:
        # Flask records the refused Host as the routing exception; no URL can be built for
        # such a request, so the answer is plain text rather than the error page.
        if isinstance(request.routing_exception, SecurityError):
            return Response(UNTRUSTED_HOST_MESSAGE, 400, mimetype="text/plain")
        return None

    # First of all before_request hooks: the limiter, CSRF and login never see the request.
    app.before_request_funcs.setdefault(None, []).insert(0, refuse_untrusted_host)


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def form_action_sources(config: Mapping) -> tuple[str, ...]:
    """'self' and the hosted payment pages of the providers configured (their API base's
    origin when one is set: the test and local fakes serve both from one origin)."""
    sources = ["'self'"]
    if config.get("STRIPE_SECRET_KEY"):
        base = config.get("STRIPE_API_BASE")
        sources.append(_origin(base) if base else STRIPE_PAGES)
    if config.get("PAYPAL_CLIENT_ID"):
        base = config.get("PAYPAL_API_BASE")
        sources.append(_origin(base) if base else PAYPAL_PAGES[bool(config.get("PRODUCTION"))])
    return tuple(sources)


@lru_cache(maxsize=8)
def content_security_policy(form_action: tuple[str, ...]) -> str:
    """The CSP with its form-action directive."""
    return f"{CONTENT_SECURITY_POLICY}; form-action {' '.join(form_action)}"


caches.register(content_security_policy.cache_clear)


def is_private_page() -> bool:
    """True for pages behind login or with personal data (never for static files)."""
    if request.endpoint == "static":
        return False
    return request.blueprint in PRIVATE_BLUEPRINTS or current_user.is_authenticated


def register_security_headers(app: Flask) -> None:
    """Add the headers to every response; HSTS only in production (HTTPS); no-store on
    private pages."""
    headers = dict(SECURITY_HEADERS)
    if app.config.get("PRODUCTION"):
        headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"

    @app.after_request
    def add_headers(response: Response) -> Response:
        for name, value in headers.items():
            response.headers.setdefault(name, value)
        response.headers.setdefault(
            "Content-Security-Policy",
            content_security_policy(form_action_sources(current_app.config)),
        )
        if is_private_page():
            response.headers["Cache-Control"] = "no-store"
        return response
