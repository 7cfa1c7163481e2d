"""Legal notice, privacy and cookies, withdrawal page and the model form (B2, G1, G4, H1-H3)."""

from datetime import UTC, date, datetime

import pytest

from shop.legal.documents import render_withdrawal_form
from shop.legal.services import seed_cgv
from tests.conftest import visible_text
from tests.pdf_text import pdf_text

PAGES = ["/cgv", "/mentions-legales", "/donnees-personnelles", "/retractation"]


@pytest.fixture()
def cgv(db):
    version = seed_cgv(now=datetime(2026, 9, 1, tzinfo=UTC))
    db.session.commit()
    return version


def test_legal_notice_gives_the_lcen_facts(client, db):
    response = client.get("/mentions-legales")
    assert response.status_code == 200
    text = visible_text(response.text)
    for fact in [
        "Mentions légales",
        "PRONUTRI",
        "SARL",
        "152 449,02 €",
        "AV ZI 5EME AVENUE, 06510 Carros",
        "Téléphone du service client",
        "04 00 00 00 00 (numéro de démonstration)",
        "0825 09 21 92 (0,06 € TTC/min + prix d'un appel)",
        "le gérant de PRONUTRI",
        "Téléphone de l'hébergeur",
        "commande@pronutri.com",
        "RCS Grasse 399 538 347",
        "FR 21399538347",
        "Directeur de la publication",
        "Hébergeur",
        "OVH SAS",
        "2 rue Kellermann, 59100 Roubaix",
    ]:
        assert fact in text, fact


def test_legal_notice_names_the_mediator(client, db):
    text = visible_text(client.get("/mentions-legales").text)
    assert "Médiateur de la consommation FEVAD" in text and "60 rue La Boétie, 75008 Paris" in text


def test_privacy_page_lists_only_necessary_cookies_and_retention(client, db):
    response = client.get("/donnees-personnelles")
    assert response.status_code == 200
    text = visible_text(response.text)
    for fact in [
        "strictement nécessaires",
        "aucun traceur",
        "session",
        "remember_token",
        "CSRF",
        "7 jours au plus",
        "3 ans après votre dernière action",
        "10 ans",
        "RGPD",
        "portabilité",
        "CNIL",
        "dans un délai d'un mois",
    ]:
        assert fact in text, fact


def test_withdrawal_page_explains_the_right(client, db):
    response = client.get("/retractation")
    assert response.status_code == 200
    text = visible_text(response.text)
    for fact in [
        "14 jours",
        "dernier colis",
        "Renoncer au contrat ici",
        "commande@pronutri.com",
        "descellé",
        "hygiène",
        "y compris les frais de livraison au tarif standard",
        "moyen de paiement utilisé pour la commande",
        "frais directs de renvoi sont à votre charge",
        "professionnel",
    ]:
        assert fact in text, fact
    assert 'href="/retractation/formulaire.pdf"' in response.text


def test_withdrawal_page_follows_the_return_cost_setting(client, db, app, monkeypatch):
    monkeypatch.setitem(app.config, "WITHDRAWAL_RETURN_COST_PAID_BY", "seller")
    text = visible_text(client.get("/retractation").text)
    assert "frais directs de renvoi sont à notre charge" in text
    assert "à votre charge" not in text


def test_blank_withdrawal_form_downloads_without_an_account(client, db):
    response = client.get("/retractation/formulaire.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert 'filename="formulaire-retractation.pdf"' in response.headers["Content-Disposition"]
    text = pdf_text(response.data)
    for fact in [
        "Formulaire de rétractation",
        "PRONUTRI",
        "AV ZI 5EME AVENUE, 06510 Carros",
        "commande@pronutri.com",
        "Je/Nous (*) vous notifie/notifions (*) par la présente ma/notre (*) rétractation du "
        "contrat portant sur la vente du bien (*) ci-dessous",
        "Commandé le (*)",
        "Reçu le (*)",
        "Nom du (des) consommateur(s)",
        "Adresse du (des) consommateur(s)",
        "uniquement en cas de notification du présent formulaire sur papier",
        "Date :",
        "(*) Rayez la mention inutile.",
    ]:
        assert fact in text, fact


def test_withdrawal_form_can_be_prefilled_for_an_order(db):
    pdf = render_withdrawal_form(
        {
            "reference": "PN-2026-000123",
            "ordered_on": date(2026, 11, 2),
            "received_on": date(2026, 11, 5),
            "customer_name": "Camille Martin",
            "customer_address": "12 rue des Lilas\n06000 Nice",
            "lines": [{"name": "Magnésium marin B6 – complément alimentaire", "quantity": 2}],
        }
    )
    text = pdf_text(pdf)
    for fact in [
        "PN-2026-000123",
        "02/11/2026",
        "05/11/2026",
        "Camille Martin",
        "12 rue des Lilas",
        "06000 Nice",
        "Magnésium marin B6",
        "(*) Rayez la mention",
    ]:
        assert fact in text, fact


@pytest.mark.parametrize("path", PAGES)
def test_legal_pages_are_french_accessible_and_csp_clean(client, cgv, path):
    page = client.get(path).text
    assert '<html lang="fr">' in page
    assert page.count("<h1") == 1 and '<main id="contenu"' in page
    assert "<script>" not in page and "style=" not in page
    assert "css/legal.css" in page


def _pages_without_arguments(app) -> list[str]:
    return sorted(
        rule.rule
        for rule in app.url_map.iter_rules()
        if "GET" in rule.methods and not rule.arguments and rule.endpoint != "static"
    )


def test_no_page_or_pdf_has_an_odr_link(app, client, cgv):
    paths = _pages_without_arguments(app)
    assert {*PAGES, "/cgv.pdf", "/retractation/formulaire.pdf"} <= set(paths)
    for path in paths:
        response = client.get(path, follow_redirects=True)  # account pages: the login page
        assert response.status_code == 200, path
        body = pdf_text(response.data) if path.endswith(".pdf") else response.text
        assert "ec.europa.eu/consumers/odr" not in body, path
        if path != "/retractation/formulaire.pdf" and response.mimetype != "application/json":
            assert "FEVAD" in body, path


def test_form_filename_is_header_safe():
    from shop.legal.documents import withdrawal_form_filename

    assert withdrawal_form_filename(None) == "formulaire-retractation.pdf"
    assert (
        withdrawal_form_filename({"reference": 'PN-1"; x=é'})
        == "formulaire-retractation-PN-1-x-.pdf"
    )
