"""Jinja filters and globals shared by every template."""

from collections import OrderedDict

from flask import Flask, current_app
from markupsafe import Markup

from shop import caches
from shop.money import format_eur, format_rate

MAX_SHARED_PARTIALS = 2000  # about 1 KB each


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
    app.extensions["shared_partials"] = cache = OrderedDict()
    caches.register(cache.clear)


def shared_partial(template: str, **context) -> Markup:
    """A partial rendered once per worker for each set of arguments, then reused.

    Its output may depend only on its arguments, the shop's settings and the translations,
    never on the request or the visitor (no CSRF token, no `request`, no user): the footer, the
    category menu, a cart line keyed by the product row just read and its quantity. Key-based
    fragment caching: the data is read afresh, only identical HTML is not rendered again. The
    arguments must be hashable; the cache keeps the most recently used MAX_SHARED_PARTIALS."""
    cache: OrderedDict[tuple, Markup] = current_app.extensions["shared_partials"]
    key = (template, *sorted(context.items()))
    html = cache.get(key)
    if html is not None:
        cache.move_to_end(key)
        return html
    html = Markup(current_app.jinja_env.get_template(template).render(**context))  # noqa: S704
    cache[key] = html
    if len(cache) > MAX_SHARED_PARTIALS:
        cache.popitem(last=False)
    return html
