"""The « Prévenez-moi » form and the unsubscribe confirmation."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField
from wtforms.validators import InputRequired, Length


class StockAlertForm(FlaskForm):
    email = EmailField(
        _l("Votre adresse e-mail"),
        validators=[
            InputRequired(message=_l("Indiquez votre adresse e-mail.")),
            Length(max=254, message=_l("Trop long.")),
        ],
    )


class UnsubscribeForm(FlaskForm):
    """Only the CSRF token: the signed link names the address."""
