"""HTTP security headers sent with every response, and the Host check that runs first."""

from urllib.parse import urlsplit

from flask import Flask, Response, request
from werkzeug.exceptions import SecurityError

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

SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
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


def register_security_headers(app: Flask) -> None:
    """Add the headers to every response; HSTS only in production (HTTPS)."""
    headers = dict(SECURITY_HEADERS)
    if app.config.get("PRODUCTION"):
        headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"

    @app.after_request
    def add_headers(response: Response) -> Response:
        for name, value in headers.items():
            response.headers.setdefault(name, value)
        return response
