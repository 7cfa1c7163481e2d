"""The words of the catalogue search: one normalisation for the index and for the query, so
both databases compare the same words (pure: no database, no request).

A text becomes words by: casefolding; dropping French elisions (« d'huile » gives « huile »)
and stop words (« de », « à »); stripping accents; folding simple French plurals
(« vitamines », « minéraux » give « vitamine », « mineral »). A letter followed by digits also
gives the letter alone, so « vitamine d » finds « Vitamine D3 » while a one-letter word only
ever matches a whole word (never a « d » inside « dose »).
"""

import re
import unicodedata

# PostgreSQL's French stop list (tsearch_data/french.stop) with « les », without the one-letter
# words, which are kept as words (vitamins A, B, C, D, E, K) once elisions are gone.
STOP_WORDS = frozenset((
    "au", "aux", "avec", "ce", "ces", "dans", "de", "des", "du", "les", "elle", "en", "et", "eux",
    "il", "je", "la", "le", "leur", "lui", "ma", "mais", "me", "même", "mes", "moi", "mon", "ne",
    "nos", "notre", "nous", "on", "ou", "où", "par", "pas", "pour", "qu", "que", "qui", "sa",
    "se", "ses", "son", "sur", "ta", "te", "tes", "toi", "ton", "tu", "un", "une", "vos",
    "votre", "vous", "à", "est", "sont", "été", "être",
))
_ELISION = re.compile(r"\b(?:[cdjlmnst]|qu|jusqu|lorsqu|puisqu)['’]")
_TOKEN = re.compile(r"[^\W_]+")
_LETTER_AND_DIGITS = re.compile(r"([a-z])[0-9]+")
MAX_WORD_LENGTH = 40


def fold(text: str) -> str:
    """Casefolded, accents removed, ligatures spelled out: « Élevée » gives « elevee », « Œuf »
    « oeuf »."""
    spelled = text.casefold().replace("œ", "oe").replace("æ", "ae")
    decomposed = unicodedata.normalize("NFKD", spelled)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def singular(word: str) -> str:
    """A simple French plural folding: « gélules » -> « gelule », « minéraux » -> « mineral »."""
    if len(word) > 4 and word.endswith("aux"):
        return word[:-3] + "al"
    if len(word) > 3 and word[-1] in "sx" and not word.endswith("ss") and not word[-2].isdigit():
        return word[:-1]
    return word


def words(text: str) -> list[str]:
    """The searchable words of a text, in order, each once."""
    found: list[str] = []
    for token in _TOKEN.findall(_ELISION.sub(" ", text.casefold())):
        if token in STOP_WORDS:
            continue
        word = fold(token)
        if not word.isascii() or not word.isalnum() or len(word) > MAX_WORD_LENGTH:
            continue  # a script or symbol the shop does not sell in: nothing to match
        forms = [singular(word)]
        if _LETTER_AND_DIGITS.fullmatch(word):
            forms.append(word[0])  # « d3 » is also the vitamin « d »
        found.extend(form for form in forms if form not in found)
    return found


def within_one_edit(a: str, b: str) -> bool:
    """Whether b is by at most one insertion, deletion, substitution or swap of two
    neighbouring letters (« magnesuim » and « magnesium »)."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diffs = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
        if len(diffs) == 1:
            return True
        first, second = (diffs + [0, 0])[:2]
        return len(diffs) == 2 and second == first + 1 and a[first] == b[second] and (
            a[second] == b[first])
    short, long = sorted((a, b), key=len)
    return any(long[:i] + long[i + 1:] == short for i in range(len(long)))


def trigrams(word: str) -> set[str]:
    """The trigrams PostgreSQL's pg_trgm takes from one word: padded with two spaces before
    and one after."""
    padded = f"  {word} "
    return {padded[i:i + 3] for i in range(len(padded) - 2)}


def similarity(a: str, b: str) -> float:
    """pg_trgm's similarity of two words: shared trigrams over all their trigrams."""
    first, second = trigrams(a), trigrams(b)
    return len(first & second) / len(first | second)
