"""Absolute links built from the SHOP_BASE_URL setting, never from the request's Host.

A request, a job on an RQ worker and a CLI command build the same link: e-mails, payment
return URLs and the demonstration payment page cannot be pointed at another host by a forged
Host header.
"""

from urllib.parse import urlsplit

from flask import current_app


def external_url(endpoint: str, **values) -> str:
    """The absolute URL of `endpoint` under SHOP_BASE_URL ("https://shop.example/...")."""
    base = urlsplit(current_app.config["SHOP_BASE_URL"])
    adapter = current_app.url_map.bind(
        base.netloc, script_name=base.path.rstrip("/") or "/", url_scheme=base.scheme
    )
    return adapter.build(endpoint, values, force_external=True)
