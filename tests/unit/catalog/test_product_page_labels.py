"""Card titles, cost per day and the « ne se substitue pas » statement (pure functions)."""

import pytest

from shop.catalog.labels import card_title, cost_per_day_cents, states_substitution


@pytest.mark.parametrize(
    ("name", "title"),
    [
        ("Magnésium marin – complément alimentaire", "Magnésium marin"),
        ("Oméga-3 EPA DHA - Complément alimentaire", "Oméga-3 EPA DHA"),
        ("Vitamine D3 — complément alimentaire ", "Vitamine D3"),
        ("Pilulier hebdomadaire", "Pilulier hebdomadaire"),
        # Only a trailing designation goes; a name made of it alone stays whole.
        ("Complément alimentaire – tisane du soir", "Complément alimentaire – tisane du soir"),
        ("– complément alimentaire", "– complément alimentaire"),
    ],
)
def test_card_title_drops_the_trailing_designation_only(name, title):
    assert card_title(name) == title


@pytest.mark.parametrize(
    ("price_cents", "days", "per_day"),
    [
        (1290, 30, 43),  # 12,90 € for 30 days: 0,43 € a day
        (1299, 30, 43),  # 43,3 cents rounds down
        (1305, 30, 44),  # 43,5 cents rounds half up
        (1000, 3, 333),
        (2490, 60, 42),  # 41,5 cents: half up, not to even
        (1, 60, 0),
    ],
)
def test_cost_per_day_is_exact_cents_rounded_half_up(price_cents, days, per_day):
    assert cost_per_day_cents(price_cents, days) == per_day


@pytest.mark.parametrize("days", [None, 0, -5])
def test_cost_per_day_is_unknown_without_a_positive_number_of_days(days):
    assert cost_per_day_cents(1290, days) is None


def test_substitution_statement_is_found_in_the_label_warnings():
    assert states_substitution(
        "Un complément alimentaire ne doit pas se substituer à une alimentation variée."
    )
    assert states_substitution("Ne se substitue pas à un régime varié.")
    assert not states_substitution("Ne pas dépasser la dose journalière recommandée.")
    assert not states_substitution("")
