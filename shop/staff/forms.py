"""Back-office forms: presence and size only; the services apply the rules."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    HiddenField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length

from shop.accounts.forms import IdentityForm, optional, required
from shop.accounts.validation import COUNTRIES
from shop.boundaries import BoundedIntegerField, bounded_int


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
