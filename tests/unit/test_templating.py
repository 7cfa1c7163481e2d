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
