"""Checkout forms. They parse and check presence; the views check ids against the rows."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, HiddenField, PasswordField, RadioField, StringField
from wtforms.validators import InputRequired, Length

from shop.accounts.forms import IdentityForm, required
from shop.boundaries import BoundedIntegerField, bounded_int

REQUIRED = _l("Ce champ est obligatoire.")


class AddressesForm(FlaskForm):
    """Delivery address, and billing: the same or another one of the book."""

    delivery_id = RadioField(
        _l("Adresse de livraison"), coerce=bounded_int, validate_choice=False,
        validators=[InputRequired(message=_l("Choisissez une adresse de livraison."))],
    )
    billing_same = BooleanField(_l("Adresse de facturation identique à la livraison"),
                                default=True)
    billing_id = RadioField(_l("Adresse de facturation"), coerce=bounded_int, validate_choice=False)


class DeliveryForm(AddressesForm):
    """The delivery step: the addresses and the method, on one page. The method is checked
    against the chosen address by the view (a new address may call for another one)."""

    method = RadioField(_l("Mode de livraison"), validate_choice=False)


class PaymentForm(FlaskForm):
    """The payment method alone: the payment-link page and the retry of an unpaid order."""

    payment = RadioField(
        _l("Moyen de paiement"), validate_choice=False,
        validators=[InputRequired(message=_l("Choisissez un moyen de paiement."))],
    )


class RecapForm(FlaskForm):
    """The last step's form: the payment method, the unticked CGV box and what the recap
    showed."""

    payment = RadioField(
        _l("Moyen de paiement"), validate_choice=False,
        validators=[InputRequired(message=_l("Choisissez un moyen de paiement."))],
    )
    cgv_accepted = BooleanField(
        _l("J'ai lu et j'accepte les Conditions Générales de Vente"), default=False,
        validators=[InputRequired(
            message=_l("Cochez la case pour accepter les Conditions Générales de Vente."))],
    )
    idempotency_key = HiddenField(validators=[InputRequired(), Length(min=32, max=32)])
    expected_total = BoundedIntegerField(validators=[InputRequired()])
    cgv_version = BoundedIntegerField(validators=[InputRequired()])


class NewCustomerForm(IdentityForm):
    """The first step's third way: who orders, the account to be created with the order (its
    password is asked on the recap, beside the order button)."""

    email = EmailField(_l("Adresse e-mail"), validators=required(254))


class NewCustomerRecapForm(RecapForm):
    """The recap of a new customer: the account's password comes with the order."""

    password = PasswordField(_l("Mot de passe de votre compte (12 caractères au moins)"),
                             validators=required(256))


class DevPaymentForm(FlaskForm):
    """The demonstration page's two buttons post the signed token back."""

    token = StringField(validators=[InputRequired(), Length(max=4000)])
