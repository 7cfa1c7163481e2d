"""Issue 20's acceptance: five buyers walk the shop over HTTP, and the cart, the recap, the
order page, the confirmation e-mail and its recap PDF agree to the cent, each under the VAT
regime its destination and buyer call for (LEGAL E3 to E7; the rules and their sources are in
shop/tax/decision.py).

The cart holds 2 x 14,50 EUR at 5,5 % and 1 x 24,00 EUR at 20 %: at 5,5 % one unit is
13,74 EUR HT and two are 27,48 EUR HT (the professional's cart used to read 27,49 EUR)."""

import re
from decimal import Decimal
from urllib.parse import urlsplit

import pytest

from shop.accounts.addresses import AddressData, add_address
from shop.money import format_eur
from shop.settings.models import ShopSetting
from shop.settings.services import OSS_KEY
from tests.account_factories import log_in, make_user
from tests.conftest import csrf_token_from, visible_text
from tests.factories import make_product
from tests.pdf_text import pdf_text
from tests.views.checkout.conftest import Journey

GERMAN_VAT = "DE136695976"


def _address(country: str, postal_code: str, city: str) -> AddressData:
    return AddressData(first_name="Alex", last_name="Meyer", line1="1 Hauptstrasse",
                       postal_code=postal_code, city=city, country_code=country, label="Ici")


CASES = {
    "consumer in Switzerland": dict(
        user={}, address=_address("CH", "1201", "Genève"), method="colissimo-international",
        regime="export", ht=True, vat_rates=[], importer=True,
        mention="exportation hors de l'Union européenne"),
    "consumer in Guadeloupe": dict(
        user={}, address=_address("FR", "97110", "Pointe-à-Pitre"), method="colissimo-outre-mer",
        regime="overseas_export", ht=True, vat_rates=[], importer=True, mention="la Guadeloupe"),
    "German company with a valid VAT number": dict(
        user={"customer_type": "professional", "company_name": "Apotheke Nord GmbH",
              "vat_number": GERMAN_VAT},
        address=_address("DE", "10115", "Berlin"), method="colissimo-europe",
        regime="intra_eu_exempt", ht=True, vat_rates=[], importer=False,
        mention="Autoliquidation"),
    "French professional, mixed rates": dict(
        user={"customer_type": "professional", "company_name": "Pharmacie du Port",
              "siret": "73282932000074"},
        address=_address("FR", "75011", "Paris"), method="colissimo-metro",
        regime="french_vat", ht=True, vat_rates=["5,5 %", "20 %"], importer=False, mention=None),
    "consumer in Belgium, OSS on": dict(
        user={}, address=_address("BE", "1000", "Bruxelles"), method="colissimo-europe",
        regime="destination_vat", ht=False, vat_rates=["6 %", "21 %"], importer=False,
        mention=None, oss=True),
}


def _flat(text: str) -> str:
    """The text without its spaces (plain, no-break, narrow) and colons: each surface lays
    out « Total TTC : 12,34 € » its own way."""
    return re.sub(r"[\s\u00a0\u202f:]+", "", text)


def _pay_with_dev(client, placed) -> None:
    """Follow the order button to the demonstration gateway and accept."""
    assert placed.status_code in (302, 303), placed.status_code
    dev = client.get(placed.location)
    html = dev.get_data(as_text=True)
    token = re.search(r'name="token"[^>]*value="([^"]+)"', html).group(1)
    back = client.post("/commande/paiement/demonstration", data={
        "csrf_token": csrf_token_from(html), "token": token, "choice": "accept"})
    assert back.status_code == 303
    client.get(urlsplit(back.location).path)


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_every_surface_agrees_to_the_cent(case, client, db, shop_ready, mail_via_smtp, app,
                                          vies_fake):
    spec = CASES[case]
    app.config["VIES_API_BASE"] = vies_fake.api_base
    vies_fake.register(GERMAN_VAT, "APOTHEKE NORD GMBH", "BERLIN")
    if spec.get("oss"):
        db.session.add(ShopSetting(key=OSS_KEY, value=1))
    low = make_product(db, price_cents=1450, vat_rate=Decimal("5.5"),
                       name="Magnésium – complément alimentaire")
    high = make_product(db, price_cents=2400, vat_rate=Decimal(20),
                        name="Oméga 3 – complément alimentaire")
    user = make_user(db, **spec["user"])
    address = spec["address"]
    add_address(user, address)
    db.session.commit()
    assert log_in(client, user.email).status_code == 302
    trip = Journey(client, db, user)
    trip.fill_cart((low, 2), (high, 1))

    cart = visible_text(client.get(
        f"/panier/?country={address.country_code}&postal_code={address.postal_code}").text)
    recap = visible_text(trip.to_recap(method=spec["method"]).text)
    _pay_with_dev(client, client.post("/commande/recapitulatif",
                                      data=trip.order_form(trip.page("/commande/recapitulatif").text)))
    [order] = trip.orders()
    assert order.status == "paid"
    assert order.vat_regime == spec["regime"] and order.prices_ht is spec["ht"]
    page = visible_text(client.get(f"/compte/commandes/{order.reference}").text)
    (mail,) = mail_via_smtp.wait_for(1)
    pdf = pdf_text(dict((name, data) for name, _kind, data in mail.attachments)[
        f"commande-{order.reference}.pdf"])
    surfaces = {"cart": cart, "recap": recap, "order page": page, "e-mail": mail.text,
                "PDF": pdf}

    total = format_eur(order.total_ttc_cents)
    total_label = "Total TTC" if spec["vat_rates"] else "Total à payer (sans TVA)"
    for name, text in surfaces.items():
        text = _flat(text)
        assert _flat(f"{total_label} {total}") in text, name
        if spec["ht"]:  # unit price HT x quantity = line total HT, on every surface
            assert "13,74€" in text and "27,48€" in text and "27,49" not in text, name
        for rate in spec["vat_rates"]:
            assert _flat(f"TVA {rate}") in text, (name, rate)
        if not spec["vat_rates"]:
            assert "TVA5,5%" not in text and "TVA20%" not in text, name
        if spec["mention"]:
            assert _flat(spec["mention"]) in text, (name, spec["mention"])
    for name in ("cart", "recap"):
        assert ("importateur" in surfaces[name]) is spec["importer"], name
    if spec["regime"] == "intra_eu_exempt":
        for name in ("order page", "e-mail", "PDF"):
            assert GERMAN_VAT in _flat(surfaces[name]), name
            assert "FR21399538347" in _flat(surfaces[name]), name
        assert order.vat_number_status == "valid" and order.vat_number_checked_at is not None
    if spec["regime"] == "destination_vat":
        shelf = 1450 * 2 + 2400
        assert order.total_ttc_cents == shelf + order.shipping_ttc_cents  # the shelf prices
    vat = sum(row["vat_cents"] for row in order.vat_breakdown)
    assert (vat == 0) is (not spec["vat_rates"])
    assert order.total_ttc_cents == order.total_ht_cents + vat
