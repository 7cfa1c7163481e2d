"""Checks on what people type: e-mail, password, SIRET, VAT number, postal code, phone.

Each function returns the normalised value or raises ValueError with a French message.
"""

import re

from flask_babel import gettext as _

from shop.countries import is_country

# phonenumbers, email-validator and python-stdnum are imported where they are used: together
# they weigh about 8 MiB, which every web worker would carry for the few pages that check input.

PASSWORD_MIN_LENGTH = 12
PASSWORD_MAX_LENGTH = 256
FRENCH_POSTAL_CODE = re.compile(r"\d{5}")


def normalise_email(raw: str) -> str:
    """The address, syntax-checked and lowercased (one account per address, any case)."""
    from email_validator import EmailNotValidError, validate_email

    try:
        result = validate_email((raw or "").strip(), check_deliverability=False)
    except EmailNotValidError:
        raise ValueError(_("Adresse e-mail invalide.")) from None
    return result.normalized.lower()


def check_password(password: str, min_length: int = PASSWORD_MIN_LENGTH) -> str:
    """The password if long enough (LEGAL G5: at least 12 characters)."""
    if len(password or "") < min_length:
        raise ValueError(
            _("Le mot de passe doit contenir au moins %(n)s caractères.", n=min_length)
        )
    if len(password) > PASSWORD_MAX_LENGTH:
        raise ValueError(_("Le mot de passe est trop long."))
    return password


def normalise_siret(raw: str) -> str:
    """The 14-digit SIRET, checked (Luhn and format) with python-stdnum."""
    from stdnum.exceptions import ValidationError as StdnumError
    from stdnum.fr import siret

    try:
        return siret.validate(raw or "")
    except StdnumError:
        raise ValueError(_("Numéro SIRET invalide (14 chiffres attendus).")) from None


def normalise_vat_number(raw: str) -> str:
    """The intra-EU VAT number in compact form (e.g. FR21399538347), format checked."""
    from stdnum.eu import vat
    from stdnum.exceptions import ValidationError as StdnumError

    try:
        return vat.validate(raw or "")
    except StdnumError:
        raise ValueError(_("Numéro de TVA intracommunautaire invalide.")) from None


def normalise_postal_code(raw: str, country_code: str) -> str:
    """The postal code; French ones must have exactly five digits."""
    value = (raw or "").strip().replace(" ", "")
    if country_code == "FR" and not FRENCH_POSTAL_CODE.fullmatch(value):
        raise ValueError(_("Code postal invalide : 5 chiffres attendus."))
    if not value or len(value) > 12:
        raise ValueError(_("Code postal invalide."))
    return value


def normalise_phone(raw: str, region: str = "FR") -> str:
    """The phone number in E.164 (+33612345678); numbers without '+' are read as French."""
    import phonenumbers

    try:
        number = phonenumbers.parse((raw or "").strip(), region)
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        raise ValueError(_("Numéro de téléphone invalide."))
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def check_single_line(value: str) -> str:
    """The value if it holds no line break or other control character: names and address
    lines are printed in e-mail headers and PDFs, where a line break would start a new line
    (« Bcc: ... »)."""
    from shop.boundaries import has_control_characters

    if has_control_characters(value or ""):
        raise ValueError(
            _("Caractères non autorisés (retour à la ligne ou caractère de contrôle).")
        )
    return value


def check_country(code: str) -> str:
    """The ISO 3166-1 alpha-2 code, uppercased, if it names a known country."""
    value = (code or "").strip().upper()
    if not is_country(value):
        raise ValueError(_("Pays inconnu."))
    return value
