"""The delays administrators set from the back office (#19 item 9), and the OSS switch.

Each delay has a default in `shop/config.py` (the value of a fresh shop, and of the tests) and
bounds that keep it sensible. `delay(key)` reads the database on every call, with no cache, so
every web server and worker sees a change at once. A delay is read when its clock starts: an
order keeps the payment deadline it was given, a request for a proof of identity its answer
date; a change applies to what starts afterwards. The OSS switch (LEGAL E3) is stored the same
way, as 0 or 1, and read at every use too.
"""

from dataclasses import dataclass
from datetime import datetime

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from shop.accounts.errors import InvalidInput
from shop.audit.services import record
from shop.extensions import db
from shop.settings.models import ShopSetting
from shop.tax.decision import oss_switch_matters


@dataclass(frozen=True)
class Delay:
    key: str
    config_name: str  # its default, in shop/config.py
    label: object  # lazy French text
    unit: object
    minimum: int
    maximum: int


DELAYS = {
    delay.key: delay for delay in (
        Delay("unpaid_order_minutes", "ORDER_PAYMENT_TIMEOUT_MINUTES",
              _l("Délai de paiement d'une commande passée sur le site"), _l("minutes"),
              10, 24 * 60),
        Delay("payment_link_hours", "PHONE_ORDER_PAYMENT_HOURS",
              _l("Validité du lien de paiement d'une commande par téléphone ou e-mail"),
              _l("heures"), 1, 14 * 24),
        Delay("identity_proof_days", "IDENTITY_PROOF_DAYS",
              _l("Délai laissé au client pour envoyer un justificatif d'identité"),
              _l("jours"), 1, 14),
    )
}


def delay(key: str) -> int:
    """The delay in force: the administrators' value, or the default from the configuration."""
    value = db.session.scalar(select(ShopSetting.value).where(ShopSetting.key == key))
    return value if value is not None else current_app.config[DELAYS[key].config_name]


def delays() -> dict[str, int]:
    """Every delay in force, by key."""
    stored = dict(db.session.execute(select(ShopSetting.key, ShopSetting.value)).all())
    return {key: stored.get(key, current_app.config[d.config_name]) for key, d in DELAYS.items()}


def set_delays(admin, values: dict[str, int], *, now: datetime) -> dict[str, list[int]]:
    """Change the delays given (audited, one row per change) in the caller's transaction and
    return {key: [before, after]} for those that changed. Raises InvalidInput naming each
    value out of its bounds, before changing anything."""
    errors = {}
    for key, value in values.items():
        bounds = DELAYS[key]
        if not bounds.minimum <= value <= bounds.maximum:
            errors[key] = _("Entre %(min)s et %(max)s %(unit)s.", min=bounds.minimum,
                            max=bounds.maximum, unit=bounds.unit)
    if errors:
        raise InvalidInput(errors)
    current = delays()
    changes = {key: [current[key], value] for key, value in values.items()
               if value != current[key]}
    for key, (before, after) in changes.items():
        row = db.session.get(ShopSetting, key) or ShopSetting(key=key)
        row.value, row.updated_at, row.updated_by_id = after, now, admin.id
        db.session.add(row)
        record(admin, "settings.delay", row, at=now, label=key, changes={"value": [before, after]},
               summary=f"{DELAYS[key].label} : {after} {DELAYS[key].unit}")
    return changes


#: The key of the OSS switch (0 or 1) in shop_setting; its default is OSS_THRESHOLD_PASSED.
OSS_KEY = "oss_threshold_passed"


def oss_threshold_passed() -> bool:
    """Whether consumers in other member states pay their own state's VAT (declared through
    OSS, LEGAL E3): the administrators' switch, or the configuration's default. Read on every
    call, like the delays, so every server prices the same way at once."""
    value = db.session.scalar(select(ShopSetting.value).where(ShopSetting.key == OSS_KEY))
    return bool(value) if value is not None else bool(current_app.config["OSS_THRESHOLD_PASSED"])


def oss_in_force_for(country: str, postal_code: str | None) -> bool:
    """The OSS switch as it applies to a sale to this destination: read only for another
    member state, the one place where it changes the VAT (shop.tax.decision)."""
    return oss_switch_matters(country, postal_code) and oss_threshold_passed()


def set_oss_threshold_passed(admin, passed: bool, *, now: datetime) -> bool:
    """Switch destination VAT through OSS on or off (LEGAL E3), audited as « settings.oss »,
    in the caller's transaction; returns whether anything changed (nothing is written when the
    switch is already where asked, the default included)."""
    if not isinstance(passed, bool):
        raise TypeError(f"passed must be a bool, not {passed!r}")
    before = oss_threshold_passed()
    if passed == before:
        return False
    row = db.session.get(ShopSetting, OSS_KEY) or ShopSetting(key=OSS_KEY)
    row.value, row.updated_at, row.updated_by_id = int(passed), now, admin.id
    db.session.add(row)
    summary = (_("Guichet OSS activé : TVA du pays de livraison pour les consommateurs des "
                 "autres États membres") if passed else
               _("Guichet OSS désactivé : TVA française pour les consommateurs des autres "
                 "États membres"))
    record(admin, "settings.oss", row, at=now, label=OSS_KEY,
           changes={"value": [int(before), int(passed)]}, summary=summary)
    return True


def last_change() -> ShopSetting | None:
    """The most recent change, for the settings page (« modifié le … par … »)."""
    return db.session.scalar(select(ShopSetting).order_by(ShopSetting.updated_at.desc()).limit(1))
