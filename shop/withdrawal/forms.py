"""The online withdrawal form (B3): the name, the order, the e-mail for the acknowledgement."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, HiddenField, SelectMultipleField, StringField
from wtforms.validators import Email, InputRequired, Length, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

REQUIRED = _l("Ce champ est obligatoire.")


class WithdrawalForm(FlaskForm):
    """Nothing but what the law allows us to ask; lines only for a signed-in buyer's order."""

    name = StringField(_l("Votre nom"), validators=[
        InputRequired(message=REQUIRED), Length(max=200, message=_l("Trop long."))])
    reference = StringField(_l("Référence de la commande"), validators=[
        InputRequired(message=REQUIRED), Length(max=40, message=_l("Trop long."))])
    email = EmailField(_l("Adresse e-mail pour l'accusé de réception"), validators=[
        InputRequired(message=REQUIRED), Length(max=254, message=_l("Trop long.")),
        Email(message=_l("Adresse e-mail invalide."), check_deliverability=False)])
    lines = SelectMultipleField(
        _l("Produits concernés"), coerce=int, choices=[], validate_choice=True,
        option_widget=CheckboxInput(), widget=ListWidget(prefix_label=False),
    )
    # One per visit of the form (kept in the session): posting it again, from a double click,
    # a second tab or a retried request, records no second declaration.
    idempotency_key = HiddenField(validators=[InputRequired(), Length(min=16, max=64)])

    def validate_lines(self, field: SelectMultipleField) -> None:
        """With the order's products listed (a signed-in buyer), at least one must be ticked:
        an empty choice would otherwise be read as « the whole order » without saying so."""
        if field.choices and not field.data:
            raise ValidationError(_l(
                "Cochez au moins un produit. Pour renoncer à toute la commande, cochez-les tous."
            ))
