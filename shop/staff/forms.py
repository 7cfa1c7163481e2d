"""Back-office forms. Presence and size here; the rules live in the services."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from shop.accounts.forms import REQUIRED, IdentityForm, optional, required
from shop.boundaries import BoundedIntegerField, bounded_int
from shop.country_names import NAMES as COUNTRIES
from shop.fulfilment.queries import CHANNELS
from shop.orders import states
from shop.orders.carriers import CARRIERS
from shop.settings.services import DELAYS

DATE = _l("Date invalide (jj/mm/aaaa).")


def _choices(labels: dict) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in labels.items()]


class OrderFilterForm(FlaskForm):
    """The orders list's filters, read from the query string (no CSRF: it changes nothing)."""

    class Meta:
        csrf = False

    status = SelectField(_l("État"), choices=_choices({"": _l("Tous"), **states.LABELS}),
                         validators=[Optional()])
    channel = SelectField(_l("Canal"), choices=_choices({"": _l("Tous"), **CHANNELS}),
                          validators=[Optional()])
    payment_method = SelectField(_l("Paiement"), validators=[Optional()], choices=_choices({
        "": _l("Tous"), "stripe": _l("Carte (Stripe)"), "paypal": "PayPal",
        "dev": _l("Démonstration")}))
    customer = StringField(_l("Client (e-mail ou nom)"), validators=[Optional(), Length(max=100)])
    reference = StringField(_l("Référence"), validators=[Optional(), Length(max=20)])
    placed_from = DateField(_l("Passée du"), validators=[Optional()],
                            render_kw={"type": "date"})
    placed_to = DateField(_l("au"), validators=[Optional()], render_kw={"type": "date"})
    late = BooleanField(_l("En retard seulement"))


class ShipForm(FlaskForm):
    carrier = SelectField(_l("Transporteur"),
                          choices=_choices({code: c.name for code, c in CARRIERS.items()}))
    tracking_number = StringField(_l("Numéro de suivi"), validators=[
        InputRequired(message=REQUIRED), Length(max=60)])
    weight_grams = IntegerField(_l("Poids du colis (g)"), validators=[
        InputRequired(message=REQUIRED), NumberRange(min=1, max=30_000)])


class DeliveredForm(FlaskForm):
    delivered_on = DateField(_l("Livré le"), validators=[InputRequired(message=DATE)],
                             render_kw={"type": "date"})


class DelayForm(FlaskForm):
    new_date = DateField(_l("Nouvelle date de livraison"),
                         validators=[InputRequired(message=DATE)], render_kw={"type": "date"})
    reason = StringField(_l("Raison (envoyée au client)"), validators=[Optional(),
                                                                      Length(max=300)])


class MissingForm(FlaskForm):
    note = StringField(_l("Message au client"), validators=[Optional(), Length(max=300)])


class CancelForm(FlaskForm):
    reason = SelectField(_l("Motif"), choices=_choices({
        key: states.CANCEL_REASONS[key] for key in ("staff", "non_delivery")}))
    note = StringField(_l("Précision (envoyée au client)"), validators=[Optional(),
                                                                       Length(max=300)])
    confirm = BooleanField(_l("Je confirme l'annulation et le remboursement"),
                           validators=[InputRequired(message=_l("Cochez pour confirmer."))])


class NoteForm(FlaskForm):
    text = TextAreaField(_l("Note interne"), validators=[InputRequired(message=REQUIRED),
                                                         Length(max=450)])


class IdentityRequestForm(FlaskForm):
    message = StringField(_l("Message au client (facultatif)"),
                          validators=[Optional(), Length(max=300)])


class IdentityRejectForm(FlaskForm):
    note = StringField(_l("Motif du refus (envoyé au client)"),
                       validators=[InputRequired(message=REQUIRED), Length(max=300)])
    confirm = BooleanField(_l("Je confirme le refus, l'annulation et le remboursement"),
                           validators=[InputRequired(message=_l("Cochez pour confirmer."))])


class SearchForm(FlaskForm):
    """A GET search box (no CSRF: it changes nothing)."""

    class Meta:
        csrf = False

    q = StringField(_l("Nom, e-mail, téléphone ou référence de commande"),
                    validators=optional(100))


class NewCustomerForm(IdentityForm):
    """A customer account opened by staff, with its first address (phones are on addresses)."""

    marketing_consent = None  # only the customer may opt in (G3)
    email = EmailField(_l("Adresse e-mail"), validators=required(254))
    address_line1 = StringField(_l("Adresse"), validators=required(200))
    address_line2 = StringField(_l("Complément d'adresse (facultatif)"), validators=optional(200))
    address_postal_code = StringField(_l("Code postal"), validators=required(20))
    address_city = StringField(_l("Ville"), validators=required(100))
    address_country_code = SelectField(
        _l("Pays"), choices=[SelectChoice(c, n) for c, n in COUNTRIES.items()], default="FR",
        validate_choice=False, validators=[InputRequired(message=_l("Ce champ est obligatoire."))],
    )
    address_phone = StringField(_l("Téléphone"), validators=optional(30))


class PhoneOrderForm(FlaskForm):
    """Placing a phone or e-mail order: channel, addresses, method, the CGV statement."""

    channel = RadioField(
        _l("Commande reçue"),
        choices=[SelectChoice("phone", _l("par téléphone")),
                 SelectChoice("email", _l("par e-mail"))],
        validators=[InputRequired(message=_l("Indiquez par quel canal la commande est reçue."))],
    )
    delivery_id = RadioField(
        _l("Adresse de livraison"), coerce=bounded_int, validate_choice=False,
        validators=[InputRequired(message=_l("Choisissez une adresse de livraison."))],
    )
    billing_id = RadioField(_l("Adresse de facturation"), coerce=bounded_int,
                            validate_choice=False)
    billing_same = BooleanField(_l("Facturer à l'adresse de livraison"), default=True)
    method = RadioField(
        _l("Mode de livraison"), validate_choice=False,
        validators=[InputRequired(message=_l("Choisissez un mode de livraison."))],
    )
    cgv_accepted = BooleanField(default=False, validators=[InputRequired(
        message=_l("Le client doit avoir lu et accepté les CGV : cochez la case après le lui "
                   "avoir demandé."))])
    cgv_version = BoundedIntegerField(validators=[InputRequired()])
    expected_total = BoundedIntegerField(validators=[InputRequired()])
    key = HiddenField(validators=[InputRequired(), Length(min=32, max=32)])


class DisputeForm(FlaskForm):
    """Raise or lower the payment dispute flag, with a note."""

    note = TextAreaField(_l("Note (obligatoire, gardée dans le journal)"),
                         validators=required(400))


ROLE_CHOICES = [
    SelectChoice("staff", _l("Équipe (commandes et clients)")),
    SelectChoice("admin", _l("Administrateur (aussi l'équipe, les délais, le journal)")),
]


class TeamMemberForm(FlaskForm):
    """A new staff account: who, and which role. No password: the owner chooses it."""

    last_name = StringField(_l("Nom"), validators=required(100))
    first_name = StringField(_l("Prénom"), validators=required(100))
    email = EmailField(_l("Adresse e-mail"), validators=required(254))
    role = RadioField(_l("Rôle"), choices=ROLE_CHOICES, default="staff",
                      validators=[InputRequired(message=_l("Choisissez un rôle."))])


class RoleForm(FlaskForm):
    """Change a member's role."""

    role = SelectField(_l("Rôle"), choices=ROLE_CHOICES)


class ConfirmForm(FlaskForm):
    """A destructive action on a member: deactivate, or reset the access."""

    confirm = BooleanField(_l("Je confirme"),
                           validators=[InputRequired(message=_l("Cochez pour confirmer."))])


class DelaysForm(FlaskForm):
    """The delays administrators set (bounds are checked by shop.settings.services)."""

    unpaid_order_minutes = BoundedIntegerField(DELAYS["unpaid_order_minutes"].label,
                                               validators=[InputRequired(message=REQUIRED)])
    payment_link_hours = BoundedIntegerField(DELAYS["payment_link_hours"].label,
                                             validators=[InputRequired(message=REQUIRED)])
    identity_proof_days = BoundedIntegerField(DELAYS["identity_proof_days"].label,
                                              validators=[InputRequired(message=REQUIRED)])


class OssForm(FlaskForm):
    """The OSS switch (LEGAL E3): which VAT consumers in other member states pay, confirmed."""

    passed = RadioField(
        _l("TVA des consommateurs livrés dans un autre État membre"),
        choices=[SelectChoice("0", _l("TVA française (guichet OSS désactivé)")),
                 SelectChoice("1", _l("TVA du pays de livraison, déclarée par le guichet "
                                      "OSS (guichet OSS activé)"))],
        validators=[InputRequired(message=_l("Choisissez la TVA à appliquer."))],
    )
    confirm = BooleanField(
        _l("Je confirme : les prochaines commandes de ces consommateurs suivront ce choix"),
        validators=[InputRequired(message=_l("Cochez pour confirmer."))])
