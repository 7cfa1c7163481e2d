"""The CGV's plain-text format and the v1 source text (A6, A11, B5, B8, H1, H2)."""

import pytest

from shop.config import Config
from shop.legal.cgv_text import parse_blocks, table_of_contents
from shop.legal.services import LegalError, build_cgv_body, return_cost_payer

SAMPLE = """## 5. Commandes
Premier paragraphe
sur deux lignes.

### 5.2.1 Compte client
- un élément
  qui continue
- un autre <b>gras</b>
Texte après la liste.
"""


def _config(**overrides) -> dict:
    config = {name: getattr(Config, name) for name in dir(Config) if name.isupper()}
    return config | overrides


def test_blocks_keep_headings_paragraphs_and_lists():
    blocks = parse_blocks(SAMPLE)
    assert [block.kind for block in blocks] == [
        "heading",
        "paragraph",
        "heading",
        "list",
        "paragraph",
    ]
    article, paragraph, sub, items, after = blocks
    assert (article.level, article.number, article.text, article.anchor) == (
        2,
        "5",
        "Commandes",
        "art-5",
    )
    assert paragraph.text == "Premier paragraphe sur deux lignes."
    assert (sub.level, sub.number, sub.anchor) == (3, "5.2.1", "art-5-2-1")
    assert items.items == ("un élément qui continue", "un autre <b>gras</b>")
    assert after.text == "Texte après la liste."


def test_table_of_contents_lists_articles_only():
    assert [block.number for block in table_of_contents(parse_blocks(SAMPLE))] == ["5"]


def test_cgv_v1_has_the_articles_the_business_rules_cite():
    numbers = {block.number for block in parse_blocks(build_cgv_body(_config())) if block.number}
    expected = {
        "1",
        "3",
        "4",
        "5",
        "5.1.1",
        "5.2.1",
        "5.2.2",
        "5.2.3",
        "5.2.4",
        "5.3",
        "6",
        "7",
        "8",
        "9",
        "10",
        "11",
        "13",
        "14",
    }
    assert expected <= numbers


def test_cgv_v1_states_the_key_facts():
    body = " ".join(build_cgv_body(_config()).split())
    for fact in [
        "200 unités ou plus d'un même produit",
        "45,00 € TTC",
        "5,50 €",
        "L216-6",
        "L216-7",
        "14 jours",
        "descellés",
        "2 ans",
        "vices cachés",
        "jusqu'au paiement complet",
        "importateur",
        "droit français",
        "FEVAD, 60 rue La Boétie, 75008 Paris",
        "RCS Grasse 399 538 347",
    ]:
        assert fact in body, fact
    assert "ec.europa.eu/consumers/odr" not in body
    assert "{{" not in body and "{%" not in body


def test_return_costs_follow_the_setting():
    customer = build_cgv_body(_config(WITHDRAWAL_RETURN_COST_PAID_BY="customer"))
    seller = build_cgv_body(_config(WITHDRAWAL_RETURN_COST_PAID_BY="seller"))
    assert "restent à la charge du client" in customer
    assert "sont pris en charge par PRONUTRI" in seller
    assert "restent à la charge du client" not in seller


def test_default_payer_is_the_customer_and_unknown_values_are_refused():
    assert return_cost_payer(Config.__dict__) == "customer"
    assert return_cost_payer({}) == "customer"
    with pytest.raises(LegalError):
        return_cost_payer({"WITHDRAWAL_RETURN_COST_PAID_BY": "nobody"})
