"""Shared partials: rendered once per set of arguments, the least recently used dropped first."""

import shop.templating as templating
from shop.templating import shared_partial


def test_a_partial_is_rendered_once_per_arguments_and_the_oldest_is_dropped(app, monkeypatch):
    with app.test_request_context():
        cache = app.extensions["shared_partials"]
        cache.clear()
        menu = (("vitamines", "Vitamines"),)
        first = shared_partial("catalog/_menu.html", menu=menu, active=None)
        assert 'href="/categorie/vitamines">Vitamines</a>' in first
        assert shared_partial(
            "catalog/_menu.html", active=None, menu=(("vitamines", "Vitamines"),)
        ) is first  # the same arguments in another order: the same rendering
        marked = shared_partial(
            "catalog/_menu.html", menu=(("vitamines", "Vitamines"),), active="vitamines"
        )
        assert 'aria-current="page"' in marked and 'aria-current' not in first
        monkeypatch.setattr(cache, "max_bytes", cache.size + 100)  # room for nothing more
        shared_partial("catalog/_menu.html", menu=(("vitamines", "Vitamines"),), active=None)
        shared_partial("catalog/_menu.html", menu=(("plantes", "Plantes"),), active=None)
        assert len(cache) == 2 and cache.size <= cache.max_bytes
        kept = [dict(key[1:])["active"] for key in cache]
        assert kept == [None, None]  # the marked menu, used least recently, went first


def test_shared_partials_are_bounded_in_bytes_not_in_number(app):
    """A destination form weighs 20 KB: postal codes typed by visitors cannot fill a worker."""
    with app.test_request_context():
        cache = app.extensions["shared_partials"]
        cache.clear()
        for number in range(400):
            shared_partial(
                "cart/_destination.html", country="FR", postal_code=f"{number:05d}", error=None
            )
        assert cache.size <= templating.SHARED_PARTIALS_MAX_BYTES
        assert 20 < len(cache) < 400


def test_template_texts_escape_their_variables_only_where_html_is_escaped(app):
    with app.test_request_context():
        from flask import render_template_string

        html = render_template_string('{{ _("Bonjour %(name)s", name="<b>Léa</b>") }}')
        assert html == "Bonjour &lt;b&gt;Léa&lt;/b&gt;"
        text = render_template_string(
            "{% autoescape false %}"
            '{{ _("Bonjour %(name)s", name="<b>Léa</b>") }}'
            "{% endautoescape %}"
        )
        assert text == "Bonjour <b>Léa</b>"
        assert render_template_string('{{ gettext("Panier") }}') == "Panier"


def test_french_dates_read_as_babels_cldr_formats_them(app):
    """Our French words against Babel's: a whole leap year, every weekday and month."""
    from datetime import date, timedelta

    from babel.dates import format_date

    day = date(2028, 1, 1)
    with app.app_context():
        while day.year == 2028:
            assert templating.format_date_fr(day) == format_date(day, "EEEE d MMMM yyyy",
                                                                 locale="fr")
            assert templating.format_day_fr(day) == format_date(day, "EEE d MMMM", locale="fr")
            assert templating.format_day_fr(day, month=False) == format_date(day, "EEE d",
                                                                             locale="fr")
            day += timedelta(days=1)


def test_a_moment_reads_in_paris_time_whatever_its_zone(app):
    from datetime import UTC, datetime
    from zoneinfo import ZoneInfo

    with app.app_context():
        # 23:30 UTC on 31 December is already New Year's Day in Paris (UTC+1 in winter).
        new_year = datetime(2026, 12, 31, 23, 30, tzinfo=UTC)
        assert templating.format_datetime_fr(new_year) == "vendredi 1 janvier 2027 à 00:30"
        assert templating.format_date_fr(new_year) == "vendredi 1 janvier 2027"
        assert templating.format_datetime_short(new_year) == "01/01/2027 00:30"
        # A naive moment is UTC, as the database keeps it; summer time is UTC+2.
        assert templating.format_datetime_fr(datetime(2026, 7, 14, 8, 5)) == \
            "mardi 14 juillet 2026 à 10:05"
        tokyo = datetime(2026, 7, 14, 17, 5, tzinfo=ZoneInfo("Asia/Tokyo"))
        assert templating.format_datetime_short(tokyo) == "14/07/2026 10:05"
