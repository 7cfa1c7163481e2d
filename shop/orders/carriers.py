"""Carriers the shop ships with: the shape of their tracking numbers and their tracking page.

Pure: no database. A tracking number is typed by staff from the carrier's label; checking its
shape catches a slip of the finger before the customer receives a link that finds nothing.
"""

import re
from dataclasses import dataclass
from urllib.parse import quote


@dataclass(frozen=True)
class Carrier:
    code: str
    name: str
    pattern: re.Pattern
    example: str
    url: str  # the public tracking page, {number} replaced

    def tracking_url(self, number: str) -> str:
        return self.url.format(number=quote(number))


# The UPU S10 format (two letters, 8 digits, check digit, country) is common to the postal
# carriers; Colissimo's own numbers are a digit, a letter and 11 digits.
_S10 = r"[A-Z]{2}\d{9}[A-Z]{2}"

CARRIERS: dict[str, Carrier] = {
    carrier.code: carrier
    for carrier in (
        Carrier("colissimo", "Colissimo", re.compile(rf"^(?:\d[A-Z]\d{{11}}|{_S10})$"),
                "6A12345678901", "https://www.laposte.fr/outils/suivre-vos-envois?code={number}"),
        Carrier("chronopost", "Chronopost", re.compile(rf"^(?:{_S10}|\d{{13}})$"),
                "XY123456789FR",
                "https://www.chronopost.fr/tracking-no-cms/suivi-page?listeNumerosLT={number}"),
        Carrier("mondial_relay", "Mondial Relay", re.compile(r"^(?:\d{8}|\d{10}|\d{12})$"),
                "12345678",
                "https://www.mondialrelay.fr/suivi-de-colis/?NumeroExpedition={number}"),
        Carrier("dhl", "DHL Express", re.compile(r"^\d{10}$"), "1234567890",
                "https://www.dhl.com/fr-fr/home/tracking.html?tracking-id={number}"),
        Carrier("ups", "UPS", re.compile(r"^1Z[0-9A-Z]{16}$"), "1Z999AA10123456784",
                "https://www.ups.com/track?loc=fr_FR&tracknum={number}"),
    )
}


class BadTrackingNumber(ValueError):
    """The number does not have the carrier's shape; the message is French."""


def normalise_tracking(carrier_code: str, number: str) -> str:
    """The number as the carrier prints it (capitals, no spaces or dashes), or BadTrackingNumber
    naming the expected shape."""
    carrier = CARRIERS.get(carrier_code)
    if carrier is None:
        raise BadTrackingNumber("Transporteur inconnu.")
    clean = re.sub(r"[\s-]", "", number or "").upper()
    if not carrier.pattern.match(clean):
        raise BadTrackingNumber(
            f"Ce numéro n'a pas la forme d'un numéro de suivi {carrier.name} "
            f"(exemple : {carrier.example})."
        )
    return clean
