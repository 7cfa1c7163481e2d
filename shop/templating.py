"""Jinja filters and globals shared by every template."""

from flask import Flask, current_app
from markupsafe import Markup

from shop import caches
from shop.money import format_eur, format_rate

# What a worker keeps of shared partials, arguments included: a cart line and its product row
# weigh about 4 KB, a destination form with its 250 countries about 21 KB.
SHARED_PARTIALS_MAX_BYTES = 2 * 1024 * 1024


def format_date_fr(value) -> str:
    """A date as 'mardi 24 novembre 2026'."""
    from flask_babel import format_date

    return format_date(value, format="EEEE d MMMM yyyy")


def format_datetime_fr(value) -> str:
    """A moment in the shop's time zone, as 'mardi 24 novembre 2026 à 14:05'."""
    from flask_babel import format_datetime

    return format_datetime(value, format="EEEE d MMMM yyyy 'à' HH:mm")


def register_template_helpers(app: Flask) -> None:
    app.jinja_env.filters["money"] = format_eur
    app.jinja_env.filters["rate"] = format_rate
    app.jinja_env.filters["date_fr"] = format_date_fr
    app.jinja_env.filters["datetime_fr"] = format_datetime_fr
    app.jinja_env.globals["seller"] = app.config["SELLER"]
    app.jinja_env.globals["mediator"] = app.config["MEDIATOR"]
    app.jinja_env.globals["shared_partial"] = shared_partial
    app.extensions["shared_partials"] = cache = caches.BytesLRU(SHARED_PARTIALS_MAX_BYTES)
    caches.register(cache.clear)


def shared_partial(template: str, **context) -> Markup:
    """A partial rendered once per worker for each set of arguments, then reused.

    Its output may depend only on its arguments, the shop's settings and the translations,
    never on the request or the visitor (no CSRF token, no `request`, no user): the footer, the
    category menu, a cart line keyed by the product row just read and its quantity. Key-based
    fragment caching: the data is read afresh, only identical HTML is not rendered again. The
    arguments must be hashable; the cache keeps the most recently used partials within
    SHARED_PARTIALS_MAX_BYTES."""
    cache: caches.BytesLRU = current_app.extensions["shared_partials"]
    key = (template, *sorted(context.items()))
    html = cache.get(key)
    if html is None:
        html = Markup(current_app.jinja_env.get_template(template).render(**context))  # noqa: S704
        cache.put(key, html)
    return html
