"""Label presentation: allergens highlighted in the ingredient list (Reg. 1169/2011 art. 21)."""

import re

from markupsafe import Markup, escape


def highlight_allergens(ingredients: str, allergens: list[str]) -> Markup:
    """Escape the ingredient list and put each allergen word in <strong>."""
    text = str(escape(ingredients))
    words = sorted({str(escape(word)) for word in allergens if word}, key=len, reverse=True)
    if not words:
        return Markup(text)  # noqa: S704 - text was escaped above
    pattern = re.compile(r"\b(" + "|".join(re.escape(w) for w in words) + r")\b", re.IGNORECASE)
    return Markup(pattern.sub(r'<strong class="allergen">\1</strong>', text))  # noqa: S704
