"""Account forms. Field checks here are about presence and size; the rules live in services."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, RadioField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import EqualTo, InputRequired, Length, Optional

from shop.country_names import NAMES as COUNTRIES

REQUIRED = _l("Ce champ est obligatoire.")


def required(max_length: int = 200) -> list:
    return [InputRequired(message=REQUIRED), Length(max=max_length, message=_l("Trop long."))]


def optional(max_length: int = 200) -> list:
    return [Optional(), Length(max=max_length, message=_l("Trop long."))]


class IdentityForm(FlaskForm):
    """Fields shared by sign-up and the profile: who the customer is."""

    customer_type = RadioField(
        _l("Vous êtes"),
        choices=[
            SelectChoice("consumer", _l("Un particulier")),
            SelectChoice("professional", _l("Un professionnel")),
        ],
        default="consumer",
        validators=[InputRequired(message=_l("Choisissez particulier ou professionnel."))],
    )
    last_name = StringField(_l("Nom"), validators=required(100))
    first_name = StringField(_l("Prénom"), validators=required(100))
    company_name = StringField(_l("Raison sociale"), validators=optional(200))
    siret = StringField(_l("SIRET (14 chiffres)"), validators=optional(20))
    vat_number = StringField(
        _l("N° de TVA intracommunautaire (facultatif)"), validators=optional(20)
    )
    marketing_consent = BooleanField(
        _l("Je souhaite recevoir par e-mail les offres et nouveautés de la boutique."),
        default=False,
    )


class SignupForm(IdentityForm):
    email = EmailField(_l("Adresse e-mail"), validators=required(254))
    password = PasswordField(
        _l("Mot de passe (12 caractères au moins)"), validators=required(256)
    )


class LoginForm(FlaskForm):
    email = EmailField(_l("Adresse e-mail"), validators=required(254))
    password = PasswordField(_l("Mot de passe"), validators=required(256))
    remember = BooleanField(_l("Rester connecté sur cet appareil"), default=False)


class PasswordResetRequestForm(FlaskForm):
    email = EmailField(_l("Adresse e-mail"), validators=required(254))


class PasswordResetForm(FlaskForm):
    password = PasswordField(
        _l("Nouveau mot de passe (12 caractères au moins)"), validators=required(256)
    )
    confirm = PasswordField(
        _l("Confirmez le nouveau mot de passe"),
        validators=[
            InputRequired(message=REQUIRED),
            EqualTo("password", message=_l("Les deux mots de passe ne sont pas identiques.")),
        ],
    )


class PasswordChangeForm(PasswordResetForm):
    current_password = PasswordField(_l("Mot de passe actuel"), validators=required(256))


class AddressForm(FlaskForm):
    label = StringField(_l("Nom de l'adresse (ex. Maison, Bureau)"), validators=optional(60))
    first_name = StringField(_l("Prénom"), validators=required(100))
    last_name = StringField(_l("Nom"), validators=required(100))
    company = StringField(_l("Société (facultatif)"), validators=optional(200))
    line1 = StringField(_l("Adresse"), validators=required(200))
    line2 = StringField(_l("Complément d'adresse (facultatif)"), validators=optional(200))
    postal_code = StringField(_l("Code postal"), validators=required(20))
    city = StringField(_l("Ville"), validators=required(100))
    country_code = SelectField(
        _l("Pays"), choices=[SelectChoice(c, n) for c, n in COUNTRIES.items()], default="FR",
        validate_choice=False, validators=[InputRequired(message=REQUIRED)],
    )
    phone = StringField(_l("Téléphone (facultatif)"), validators=optional(30))
    is_default_delivery = BooleanField(_l("Adresse de livraison par défaut"))
    is_default_billing = BooleanField(_l("Adresse de facturation par défaut"))


class PasswordConfirmForm(FlaskForm):
    """Confirm a sensitive action (account deletion) with the password."""

    password = PasswordField(_l("Mot de passe"), validators=required(256))


class ActionForm(FlaskForm):
    """A bare POST button (log out, delete an address): only the CSRF token."""
