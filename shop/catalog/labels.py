"""Label presentation: allergens highlighted in the ingredient list (Reg. 1169/2011 art. 21),
the card title, the cost per day, the « ne se substitue pas » statement shown once."""

import re

from markupsafe import Markup, escape

from shop.money import prorate


def highlight_allergens(ingredients: str, allergens: list[str]) -> Markup:
    """Escape the ingredient list and put each allergen word in <strong>."""
    text = str(escape(ingredients))
    words = sorted({str(escape(word)) for word in allergens if word}, key=len, reverse=True)
    if not words:
        return Markup(text)  # noqa: S704 - text was escaped above
    pattern = re.compile(r"\b(" + "|".join(re.escape(w) for w in words) + r")\b", re.IGNORECASE)
    return Markup(pattern.sub(r'<strong class="allergen">\1</strong>', text))  # noqa: S704


# The sales name ends with its legal designation (F1); cards, where the shop sells nothing but
# food supplements and accessories, show the name without it. The product page keeps it whole.
_DESIGNATION_SUFFIX = re.compile(r"\s+[–—-]\s+compl[ée]ment alimentaire\s*$", re.IGNORECASE)
_SUBSTITUTION_STATEMENT = re.compile(r"\bse\s+substitu", re.IGNORECASE)


def card_title(name: str) -> str:
    """The sales name without its trailing « – complément alimentaire » (never left empty)."""
    return _DESIGNATION_SUFFIX.sub("", name) or name


def cost_per_day_cents(price_cents: int, days_per_pack: int | None) -> int | None:
    """What a day of the recommended portion costs, in cents rounded half up; None unknown."""
    if not days_per_pack or days_per_pack <= 0:
        return None
    return prorate(price_cents, 1, days_per_pack)


def states_substitution(warnings: str) -> bool:
    """Whether the label's warnings already say that the supplement does not replace a varied
    diet (F3): the page then adds no second sentence of its own."""
    return bool(_SUBSTITUTION_STATEMENT.search(warnings or ""))
