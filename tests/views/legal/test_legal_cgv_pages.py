"""The CGV page and PDF: version in force, older versions, clean 404s (A6, H1)."""

from datetime import UTC, datetime

import pytest

from shop.legal.services import publish_cgv, seed_cgv
from tests.conftest import visible_text
from tests.pdf_text import pdf_text

T0 = datetime(2026, 9, 1, 8, 0, tzinfo=UTC)


@pytest.fixture()
def cgv(db):
    version = seed_cgv(now=T0)
    db.session.commit()
    return version


def test_cgv_page_shows_the_version_in_force(client, cgv):
    response = client.get("/cgv")
    assert response.status_code == 200
    text = visible_text(response.text)
    assert "Conditions générales de vente" in text
    assert "Version 1" in text and "en vigueur depuis le mardi 1 septembre 2026" in text
    for title in [
        "Article 1 – Objet",
        "5.2.2 Disponibilité et quantités",
        "5.3 Commande ferme",
        "Article 7 – Droit de rétractation",
        "Article 14 – Droit applicable",
    ]:
        assert title in text, title
    assert 'id="art-5-2-1"' in response.text
    assert "/cgv.pdf?version=1" in response.text


def test_cgv_page_names_the_mediator(client, cgv):
    text = visible_text(client.get("/cgv").text)
    assert "FEVAD" in text and "60 rue La Boétie, 75008 Paris" in text


def test_an_older_version_stays_readable(client, cgv, db):
    publish_cgv("## 1. Objet\n\nTexte de la version deux.", datetime(2027, 1, 4, tzinfo=UTC))
    db.session.commit()

    current = visible_text(client.get("/cgv").text)
    assert "Texte de la version deux." in current and "Version 2" in current

    old = client.get("/cgv?version=1")
    assert old.status_code == 200
    old_text = visible_text(old.text)
    assert "Version 1" in old_text and "n'est plus en vigueur" in old_text
    assert "Article 14 – Droit applicable" in old_text
    assert "Texte de la version deux." not in old_text


@pytest.mark.parametrize("query", ["abc", "999", "0", "-1", "1.5", "", "１", "9" * 40])
def test_bad_versions_give_a_clean_404(client, cgv, query):
    for path in ("/cgv", "/cgv.pdf"):
        response = client.get(f"{path}?version={query}")
        assert response.status_code == 404, (path, query)
        assert "Page introuvable" in response.text


def test_a_control_character_in_the_version_is_refused_before_the_view(client, cgv):
    for path in ("/cgv", "/cgv.pdf"):
        response = client.get(f"{path}?version=1%00")
        assert response.status_code == 400
        assert "caractères non autorisés" in response.text


def test_no_cgv_published_gives_404_not_500(client, db):
    assert client.get("/cgv").status_code == 404


def test_cgv_pdf_is_a_download_with_the_articles(client, cgv):
    response = client.get("/cgv.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"] == 'attachment; filename="CGV-PRONUTRI-v1.pdf"'
    text = pdf_text(response.data)
    for title in [
        "Article 1 – Objet et champ d'application",
        "Article 6 – Paiement",
        "Article 8 – Livraison",
        "Article 11 – Garanties",
        "FEVAD",
        "60 rue La Boétie, 75008 Paris",
        "Version 1",
    ]:
        assert title in text, title
    assert "ec.europa.eu/consumers/odr" not in text


def test_cgv_pdf_of_an_older_version(client, cgv, db):
    publish_cgv("## 1. Objet\n\nTexte de la version deux.", datetime(2027, 1, 4, tzinfo=UTC))
    db.session.commit()
    response = client.get("/cgv.pdf?version=1")
    assert 'filename="CGV-PRONUTRI-v1.pdf"' in response.headers["Content-Disposition"]
    text = pdf_text(response.data)
    assert "Article 14 – Droit applicable et litiges" in text
    assert "version deux" not in text


def test_cgv_pdf_revalidates_by_version(client, cgv):
    first = client.get("/cgv.pdf")
    assert first.headers["ETag"] == '"cgv-1"'
    again = client.get("/cgv.pdf", headers={"If-None-Match": '"cgv-1"'})
    assert again.status_code == 304 and again.data == b""
