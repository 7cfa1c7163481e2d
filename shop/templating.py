"""Jinja filters and globals of every template, and the partials shared by every visitor."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from flask import Flask, current_app
from jinja2 import Environment, StrictUndefined
from markupsafe import Markup

from shop import caches
from shop.money import format_eur, format_rate

# What a worker keeps of shared partials, arguments included (a cart line and its product row
# weigh about 3.5 KB, a destination form with its 250 countries about 21 KB). With the 3 MiB of
# catalogue fragments, on top of the 78 MiB a worker weighs after the cart benchmark.
SHARED_PARTIALS_MAX_BYTES = 1024 * 1024
# The globals a shared partial may use besides its arguments: texts, the shop's settings and
# pure helpers. Nothing that reads the request, the session or the visitor belongs here.
SHARED_GLOBALS = (
    "_", "gettext", "ngettext", "seller", "mediator", "availability", "cart_max_quantity",
    "country_options", "payment_method_labels", "zone_labels",
)


# French day and month names: Babel's format_date would load the whole French CLDR locale
# (about 3.4 MiB in every web worker) for these twenty-six words.
DAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
SHORT_DAYS = ("lun.", "mar.", "mer.", "jeu.", "ven.", "sam.", "dim.")
MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
          "octobre", "novembre", "décembre")


def _local(value: datetime) -> datetime:
    """A moment in the shop's time zone (a naive datetime is UTC, as the database keeps it)."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(ZoneInfo(current_app.config["SHOP_TIMEZONE"]))


def format_date_fr(value: date) -> str:
    """A date as 'mardi 24 novembre 2026' (a datetime: its day in the shop's time zone)."""
    if isinstance(value, datetime):
        value = _local(value)
    return f"{DAYS[value.weekday()]} {value.day} {MONTHS[value.month - 1]} {value.year}"


def format_day_fr(value: date, month: bool = True) -> str:
    """A date as 'mar. 8 décembre', or 'mar. 8' without the month."""
    day = f"{SHORT_DAYS[value.weekday()]} {value.day}"
    return f"{day} {MONTHS[value.month - 1]}" if month else day


def format_datetime_fr(value: datetime) -> str:
    """A moment in the shop's time zone, as 'mardi 24 novembre 2026 à 14:05'."""
    moment = _local(value)
    return f"{format_date_fr(moment.date())} à {moment:%H:%M}"


def format_datetime_short(value) -> str:
    """A moment in the shop's time zone as '24/11/2026 14:05', for staff tables (no locale
    lookups: a list of 50 orders formats 50 of them)."""
    return f"{_local(value):%d/%m/%Y %H:%M}"


def tel_uri(number: str) -> str:
    """A tel: link for a French number as printed ('04 00 00 00 00 (…)' gives 'tel:+33400000000').

    Only the digits before any parenthesis count, so a note next to the number is ignored; the
    number itself comes from the settings (SELLER), never from a template.
    """
    digits = "".join(ch for ch in number.split("(")[0] if ch.isdigit())
    if digits.startswith("0") and len(digits) == 10:
        digits = "33" + digits[1:]
    return f"tel:+{digits}"


def register_template_helpers(app: Flask) -> None:
    app.jinja_env.filters["money"] = format_eur
    app.jinja_env.filters["rate"] = format_rate
    app.jinja_env.filters["date_fr"] = format_date_fr
    app.jinja_env.filters["day_fr"] = format_day_fr
    app.jinja_env.filters["datetime_fr"] = format_datetime_fr
    app.jinja_env.filters["datetime_short"] = format_datetime_short
    app.jinja_env.filters["tel_uri"] = tel_uri
    app.jinja_env.globals["seller"] = app.config["SELLER"]
    app.jinja_env.globals["mediator"] = app.config["MEDIATOR"]
    app.jinja_env.globals["shared_partial"] = shared_partial
    app.extensions["shared_partials"] = cache = caches.BytesLRU(SHARED_PARTIALS_MAX_BYTES)
    caches.register(cache.clear)
    app.extensions["shared_partials_env"] = shared_environment(app)


def shared_environment(app: Flask) -> Environment:
    """The Jinja environment of shared partials, in which the request cannot be reached.

    It shares the app's templates, filters and translations, but of the app's globals only
    SHARED_GLOBALS: no `request`, `session`, `g`, `config`, `csrf_token` or `current_user`,
    and a name it does not know stops the rendering (StrictUndefined) instead of printing
    nothing. Its `url_for` builds paths from the app's routes alone, the same for every request.
    Built once the blueprints have added their helpers.
    """
    env = Environment(
        loader=app.jinja_env.loader,
        autoescape=True,  # shared partials are HTML
        auto_reload=app.jinja_env.auto_reload,
        undefined=StrictUndefined,
        **app.jinja_options,
    )
    env.filters.update(app.jinja_env.filters)
    env.globals.update({name: app.jinja_env.globals[name] for name in SHARED_GLOBALS})
    env.globals["url_for"] = path_builder(app)
    return env


def path_builder(app: Flask):
    """A url_for without request: the path of an endpoint under APPLICATION_ROOT, no host."""
    adapter = app.url_map.bind(
        app.config.get("SERVER_NAME") or "localhost", script_name=app.config["APPLICATION_ROOT"]
    )

    def url_for(endpoint: str, **values) -> str:
        return adapter.build(endpoint, values)

    return url_for


def shared_partial(template: str, **context) -> Markup:
    """A partial rendered once per worker for each set of arguments, then reused.

    Its output depends only on its arguments, the shop's settings and the translations, never on
    the request or the visitor: it is rendered in `shared_environment`, where no CSRF token,
    `request` or user can be reached. The footer, the category menu, a cart line keyed by the
    product row just read and its quantity. Key-based
    fragment caching: the data is read afresh, only identical HTML is not rendered again. The
    arguments must be hashable; the cache keeps the most recently used partials within
    SHARED_PARTIALS_MAX_BYTES."""
    cache: caches.BytesLRU = current_app.extensions["shared_partials"]
    key = (template, *sorted(context.items()))
    html = cache.get(key)
    if html is None:
        env: Environment = current_app.extensions["shared_partials_env"]
        html = Markup(env.get_template(template).render(**context))  # noqa: S704
        cache.put(key, html)
    return html
