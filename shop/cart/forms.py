"""Cart forms: CSRF-protected POSTs that work without JavaScript, and the destination GET form."""

from __future__ import annotations

from functools import cache, lru_cache

from babel import Locale
from flask_wtf import FlaskForm
from markupsafe import Markup
from wtforms import FieldList, Form, FormField, StringField
from wtforms.validators import InputRequired, Length, ValidationError
from wtforms.widgets import HiddenInput

from shop import caches
from shop.boundaries import BoundedIntegerField
from shop.cart.services import MAX_LINES, MAX_QUANTITY, CartError, check_quantity
from shop.catalog.words import fold
from shop.shipping.zones import (
    InvalidAddress,
    is_country,
    is_valid_french_postal_code,
    zone_for,
)
from shop.tax.decision import territory_of

QUANTITY_MESSAGE = f"La quantité doit être un nombre entier entre 1 et {MAX_QUANTITY}."
PRODUCT_MESSAGE = "Ce produit n'est pas disponible à la vente."


class StrictIntegerField(BoundedIntegerField):
    """An integer field whose parse error is a French message chosen by the form."""

    def __init__(self, *args, parse_message: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.parse_message = parse_message

    def process_formdata(self, valuelist: list) -> None:
        try:
            super().process_formdata(valuelist)
        except ValueError as error:
            raise ValueError(self.parse_message) from error


def quantity_rule(form: Form, field: StrictIntegerField) -> None:
    """The domain rule on quantities (1 to 199, CGV art. 5.2.2), once the text is a number."""
    if field.data is None:  # not a whole number: the field already says so
        return
    try:
        check_quantity(field.data)
    except CartError as error:
        raise ValidationError(str(error)) from error


def product_field() -> StrictIntegerField:
    return StrictIntegerField(
        widget=HiddenInput(),
        parse_message=PRODUCT_MESSAGE,
        validators=[InputRequired(message=PRODUCT_MESSAGE)],
    )


def quantity_field() -> StrictIntegerField:
    return StrictIntegerField(
        "Quantité",
        default=1,
        parse_message=QUANTITY_MESSAGE,
        validators=[InputRequired(message=QUANTITY_MESSAGE), quantity_rule],
    )


class CartForm(FlaskForm):
    """Base of the cart's POST forms."""

    class Meta:
        def get_translations(self, form: Form) -> None:
            """Every message of these forms is written in French already: loading WTForms'
            catalogue on each add-to-cart (about 0.2 ms) would translate nothing."""
            return None


class AddLineForm(CartForm):
    """Add units of a product, from a category or product page."""

    product_id = product_field()
    quantity = quantity_field()
    next = StringField(validators=[Length(max=300)])


class LineQuantityForm(Form):
    """The quantity of one line, inside UpdateCartForm (which carries the CSRF token)."""

    product_id = product_field()
    quantity = quantity_field()


class UpdateCartForm(CartForm):
    """The quantities of every line, from the single form of the cart page: fields
    lines-0-product_id, lines-0-quantity, lines-1-product_id..."""

    lines = FieldList(FormField(LineQuantityForm), min_entries=1, max_entries=MAX_LINES)

    def quantities(self) -> dict[int, int]:
        """The quantity asked for each product, once the form is valid."""
        return {line.product_id.data: line.quantity.data for line in self.lines}


class RemoveLineForm(CartForm):
    """Remove a line."""

    product_id = product_field()


class ClearCartForm(CartForm):
    """Empty the cart (only the CSRF token)."""


@cache
def country_choices() -> tuple[tuple[str, str], ...]:
    """ISO country codes with their French names, France first, then alphabetical."""
    names = {
        code: name
        for code, name in Locale("fr").territories.items()
        if is_country(code)
    }
    others = sorted(
        (item for item in names.items() if item[0] != "FR"),
        key=lambda item: fold(item[1]),
    )
    return (("FR", names["FR"]), *others)


@cache
def country_codes() -> frozenset[str]:
    """The codes the destination form accepts."""
    return frozenset(code for code, _ in country_choices())


@lru_cache(maxsize=16)
def country_options(selected: str) -> Markup:
    """The ~250 <option> tags of the country select, built once per selected country (a
    WTForms SelectField spends milliseconds rendering and validating them on each page)."""
    return Markup("").join(
        Markup('<option value="{}"{}>{}</option>').format(
            code, Markup(" selected") if code == selected else "", name
        )
        for code, name in country_choices()
    )


caches.register(country_choices.cache_clear)
caches.register(country_codes.cache_clear)
caches.register(country_options.cache_clear)


class DestinationForm(Form):
    """Where the parcel goes, for shipping and estimate on the cart page (a GET form)."""

    country = StringField("Pays de livraison", default="FR", validators=[Length(max=2)])
    postal_code = StringField("Code postal", validators=[Length(max=10)])

    def validate_country(self, field: StringField) -> None:
        if field.data not in country_codes():
            raise ValidationError("Pays inconnu : choisissez-le dans la liste.")

    def validate_postal_code(self, field: StringField) -> None:
        code = (field.data or "").strip()
        if code and self.country.data == "FR" and not is_valid_french_postal_code(code):
            raise ValidationError("Code postal français invalide : cinq chiffres, par ex. 75001.")

    def shown_country(self) -> str:
        """The country selected in the list: the one asked for if known, France otherwise."""
        return self.country.data if self.country.data in country_codes() else "FR"

    def shown_postal_code(self) -> str:
        """The postal code typed, cut to the field's length (a refused longer one stays out of
        the page and of its cache)."""
        return (self.postal_code.data or "")[:10]

    def postal_code_error(self) -> str | None:
        """The French message of a refused postal code, once zone() has checked it."""
        return self.postal_code.errors[0] if self.postal_code.errors else None

    def destination(self) -> tuple[str, str]:
        """Country and postal code to price for; metropolitan France when the form is invalid
        or names no place we know."""
        if not self.validate():
            return "FR", ""
        try:
            zone_for(self.country.data, self.postal_code.data)
            territory_of(self.country.data, self.postal_code.data)
        except InvalidAddress:
            return "FR", ""
        return self.country.data, (self.postal_code.data or "").strip()
