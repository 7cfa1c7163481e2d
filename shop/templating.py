"""Jinja filters and globals shared by every template."""

from flask import Flask

from shop.money import format_eur, format_rate


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
    seller = app.config["SELLER"]
    mediator = app.config["MEDIATOR"]

    @app.context_processor
    def shop_identity() -> dict:
        return {"seller": seller, "mediator": mediator}
