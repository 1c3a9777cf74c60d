"""Words with offsets, Italian number notation, number words and plural lemmas.

The quantity rules work on their own segmentation of the text (`words`), not
on the model's tokens, so they do not depend on how a model splits "3,5%",
"10mila" or "20-30"; the model is consulted only for a lemma hint.
"""
from __future__ import annotations

import math
import re
from functools import lru_cache

from text_to_num import text2num

from .lexicon import Lexicon

# Beyond this a figure is not a quantity of the news (world GDP is about 1e14 dollars) but a
# digit string, an identifier or a "mille mille ... miliardi" game; and a value this size
# stays exact in a float. Non-finite values (310 digits are infinity to a float) never pass.
MAX_VALUE = 1e15


def sane(value: float | None) -> bool:
    """A value a quantity may have: finite and at most MAX_VALUE in size (None passes: no value)."""
    return value is None or (math.isfinite(value) and abs(value) <= MAX_VALUE)


_WORD_RE = re.compile(r"\d+(?:[.,:]\d+)*|[^\W\d_]+['’]?|\S")
_THOUSANDS_RE = re.compile(r"\d{1,3}(?:\.\d{3})+")
_DECIMAL_RE = re.compile(r"(?:\d{1,3}(?:\.\d{3})+|\d+),\d+")
_ELIDED_VOWELS = ("i", "a", "e", "o")  # "vent'anni" -> "venti", "trent'anni" -> "trenta"


class Word:
    """A word of the text with its offsets; `lower`, `is_digits`, `is_alpha` are computed once."""

    __slots__ = ("text", "start", "end", "glued", "newline", "lower", "is_digits", "is_alpha")

    def __init__(self, text: str, start: int, end: int, glued: bool, newline: bool):
        self.text, self.start, self.end = text, start, end
        self.glued = glued  # no whitespace between the previous word and this one
        self.newline = newline  # a line break separates it from the previous word
        self.lower = text.lower().replace("’", "'")
        self.is_digits = text[0] in "0123456789"  # not isdigit(): "²" is a digit to Python
        self.is_alpha = text.rstrip("'’").isalpha()

    def __repr__(self) -> str:
        return f"Word({self.text!r}, {self.start}, {self.end}, glued={self.glued}, newline={self.newline})"

    def __eq__(self, other) -> bool:
        return isinstance(other, Word) and (self.text, self.start, self.end, self.glued, self.newline) == (
            other.text, other.start, other.end, other.glued, other.newline)


def words(text: str) -> list[Word]:
    out: list[Word] = []
    prev_end = 0
    for m in _WORD_RE.finditer(text):
        start = m.start()
        gap = text[prev_end:start]
        out.append(Word(m.group(), start, m.end(), bool(out) and not gap, "\n" in gap))
        prev_end = m.end()
    return out


def parse_digits(text: str) -> float | None:
    """Italian notation: "1.500" 1500, "4,6" 4.6, "10.000.000", "1.234,5"; "3.5" 3.5.

    None for what is not a plain number: clock times, dates, lists ("15:30",
    "26.04.2025", "1,2,3").
    """
    value = _digits_value(text)
    return value if sane(value) else None


def _digits_value(text: str) -> float | None:
    if ":" in text:
        return None
    if text.isdigit():
        return float(text)
    if _THOUSANDS_RE.fullmatch(text):
        return float(text.replace(".", ""))
    if _DECIMAL_RE.fullmatch(text):
        return float(text.replace(".", "").replace(",", "."))
    if re.fullmatch(r"\d+\.\d{1,2}", text):
        return float(text)  # English-style decimal point, as in some translated news ("0.69", "4.2")
    return None


@lru_cache(maxsize=1 << 16)
def parse_number_word(word: str) -> float | None:
    """ "trenta" 30, "duemila" 2000, "venticinque" 25 (via text2num), the elided "vent'" 20 of "vent'anni";
    None otherwise."""
    word = word.lower().replace("’", "'")
    if word.endswith("'") and word[:-1].isalpha() and len(word) > 3:
        return next((v for vowel in _ELIDED_VOWELS if (v := parse_number_word(word[:-1] + vowel)) is not None), None)
    if not word.isalpha() or len(word) < 2:
        return None
    try:
        value = float(text2num(word, "it"))
    except (ValueError, TypeError, OverflowError):
        return None
    return value if sane(value) else None


@lru_cache(maxsize=1)
def noun_lemmas():
    """Form -> lemma table of Italian nouns from spacy-lookups-data (empty if not installed)."""
    try:
        from spacy.lookups import load_lookups

        return load_lookups("it", ["lemma_lookup_noun"]).get_table("lemma_lookup_noun")
    except (ValueError, ImportError):
        return {}


def plural_lemma(form: str, value: float | None, lex: Lexicon, model_lemma: str | None = None,
                 participle: bool = False) -> str:
    """The singular of a counted noun: "paesi" -> "paese", "giorni" -> "giorno".

    Irregular and invariable nouns come from `plural_lemmas.tsv`, then the noun
    lemma table of spacy-lookups-data (an Italian morphological lexicon,
    "manifestanti" -> "manifestante"); otherwise the suffix rules give the candidate singulars, and the model's lemma is taken
    when it is one of them, else the first (most likely) candidate. Feminine
    plurals of participles ("indagate", "arrestate") take the masculine singular
    ("indagato") when the model's lemma is that participle or its verb
    ("arrestare") or when the model's morphology calls the word a participle
    (`participle`); nouns in -ata/-ita the model gets wrong are listed.
    Capitalised forms ("Vittime") are lemmatised in lower case.
    """
    low = form.lower()
    if low in lex.plural_lemmas:
        return lex.plural_lemmas[low]
    lemma = noun_lemmas().get(low) if value != 1 else None
    if lemma:
        return lemma
    if value == 1 or not low.isalpha() or low[-1] not in "ie" or len(low) < 3:
        return low
    candidates = _candidates(low)
    hint = (model_lemma or "").lower()
    if participle and (masculine := _participle(low, hint, participle)):
        return masculine  # the model tags "indagate" a participle even when its lemma is "indagata"
    if hint != low and hint in candidates:  # a model that echoes the plural gives no hint
        return hint
    return _participle(low, hint) or candidates[0]


_PARTICIPLES = {"ate": ("ato", "are"), "ite": ("ito", "ire"), "ute": ("uto", "ere")}


def _participle(low: str, hint: str, participle: bool = False) -> str | None:
    """ "arrestate" with the model's "arrestare", or tagged a participle -> "arrestato"."""
    ending = _PARTICIPLES.get(low[-3:])
    if ending and len(low) > 4 and (participle or hint == low[:-3] + ending[1]):
        return low[:-3] + ending[0]
    return None


def _candidates(low: str) -> list[str]:
    if low.endswith("e"):
        if low.endswith(("che", "ghe")):
            return [low[:-2] + "a"]
        if low[-3:] in _PARTICIPLES:  # "giornate" -> "giornata"; "indagate" -> "indagato" by the model
            return [low[:-1] + "a", low[:-3] + _PARTICIPLES[low[-3:]][0], low]
        return [low[:-1] + "a", low]
    stem = low[:-1]
    if low.endswith("isti"):
        return [low[:-1] + "a"]  # "paracadutisti": a model's "paracadutisto" is no candidate
    rules = (("ori", "ore"), ("ioni", "ione"), ("menti", "mento"), ("enti", "ente"), ("anti", "ante"),
             ("esi", "ese"), ("ali", "ale"), ("ili", "ile"), ("ari", "ario"), ("isti", "ista"), ("chi", "co"),
             ("ghi", "go"), ("ci", "co"), ("gli", "glio"), ("gi", "gio"), ("zzi", "zzo"), ("zi", "zio"))
    for suffix, singular in rules:
        if low.endswith(suffix):
            first = low[: -len(suffix)] + singular
            return [first] + [c for c in (stem + "o", stem + "e", stem + "a") if c != first]
    return [stem + "o", stem + "e", stem + "a"]


@lru_cache(maxsize=4096)
def enne_age(word: str) -> float | None:
    """The age an "-enne" word names: "cinquantenne" 50, "diciottenne" 18, "ventitreenne" 23, "quindicenni" 15.

    The number word lost its last vowel before "-enne"; ages under ten are left
    out, which keeps the verb "ottenne" (obtained) from reading as 8.
    """
    low = word.lower()
    if not low.endswith(("enne", "enni")) or not low.isalpha():
        return None
    stem = low[:-4]
    for vowel in ("", "a", "e", "i", "o"):
        value = parse_number_word(stem + vowel) if len(stem) > 2 else None
        if value is not None and value.is_integer() and 10 <= value <= 120:
            return value
    return None
