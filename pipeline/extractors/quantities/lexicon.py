"""The cue lists the quantity rules look up, read once from `pipeline/data/`.

| file | columns | what |
| --- | --- | --- |
| quantity_qualifiers.tsv | phrase, approx | "circa", "più del" -> normalised qualifier ("più di") |
| quantity_units.tsv | form, lemma, kind, position | units and currencies ("€" may also stand before) |
| approx_numerals.tsv | form, value, alone | "ventina" 20, "migliaia" 1000 (approximate by themselves); alone=no: only |
| | | after a vague word ("diversi milioni"): a bare "miliardi di euro" has no value |
| multipliers.tsv | form, factor | "mila" 1000, "milioni" 1e6 |
| quantity_fractions.tsv | form, denominator | "mezzo" 2, "terzi" 3 ("mezza giornata", "due terzi dei voti") |
| quantity_cues.tsv | word, type | month, time ("alle"), identifier ("legge"), age ("ragazza"), predicate_verb ("salgono"), |
| | | predicate_filler ("al momento"), preposition ("tra"), not_after_article ("un secondo"), article_qualifier ("almeno"), |
| | | plural_article, of ("di", "dei"), date_article ("nel" of "nel 2010/2011"), |
| | | clock_le ("entro" of "entro le 8"), clock_after ("ora" of "17.45 ora italiana"), |
| | | date_link ("e", "al" of "dal 12 al 25 giugno"), day_article ("il" of "il 20 si terrà"), |
| | | street ("via"), street_name ("dei" of "via dei Mille 5"), duration_before ("condannato a 5 anni"), |
| | | not_age_after ("a 5 anni dalla strage"), age_filler ("esatti" of "a 10 anni esatti dal"), |
| | | emphatic ("solo" of "aveva solo 19 anni"), coordination ("e" of "95 metri e almeno 75"), era ("d.c."), |
| | | decade ("sessanta" of "negli anni sessanta"), decade_before ("negli", "fine" before "anni '60"), |
| | | clock_article ("le" of "(le 6.46 in Italia)"), time_of_day ("del mattino" of "le 5 del mattino"), |
| | | timezone ("utc" of "UTC-4: 30"), vague ("diversi" of "diversi milioni"), age_verb_filler ("proprio", "oggi" of "avrebbe compiuto proprio oggi 20 anni") |
| quantity_durations.tsv | lemma, seconds | size of a time unit (a month is 30 days, a year 12 months): composite durations |
| quantity_range_openers.tsv | opener, link | "tra" ... "e", "da" ... "a" of a range |
| quantity_function_words.tsv | word | words that are never the counted noun |
| quantity_noun_modifiers.tsv | word | adjectives allowed between number and noun ("30 nuovi casi") |
| quantity_participle_nouns.tsv | word | participles that name counted people ("50 ricoverati"); other participles |
| | | after a number are verbs ("300 arrivati ieri") unless the noun lexicon lists them |
| plural_lemmas.tsv | form, lemma | irregular plurals and invariable nouns |
| closed_class.tsv | word, class | articles (`article`, `article_one` cues) and plural forms of "essere" (`copula` cues, with predicate_verb) |
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .. import lexicon as shared


@dataclass(frozen=True)
class Unit:
    form: str
    lemma: str
    kind: str
    before: bool  # may also stand before the number ("€ 50")


@dataclass
class Lexicon:
    qualifiers: dict[tuple[str, ...], str]  # phrase words -> normalised approx
    units: dict[str, Unit]  # form as written (spaces only between separate words)
    approx_numerals: dict[str, float]
    vague_only: set[str]  # approximate numerals that need a vague word before them ("diversi milioni")
    multipliers: dict[str, float]
    fractions: dict[str, float]  # form -> denominator
    cues: dict[str, set[str]]  # type -> words
    function_words: set[str]
    noun_modifiers: set[str]
    participle_nouns: set[str]
    plural_lemmas: dict[str, str]
    range_openers: dict[str, str]  # "tra" -> "e", "dal" -> "al"
    durations: dict[str, float]  # time unit lemma -> seconds
    max_unit_words: int = 1
    max_qualifier_words: int = 1

    def cue(self, word: str, kind: str) -> bool:
        return word in self.cues.get(kind, ())


# Splits a phrase the way `numbers.words` splits text ("all'incirca" -> "all'", "incirca").
_PHRASE_WORDS = re.compile(r"[^\W\d_]+'?|\S")


def build_lexicon(data: shared.Lexicon) -> Lexicon:
    """The quantity rules' lexicon from the shared data-folder lexicon (built once per folder).
    Articles and the plural forms of "essere" come from the closed classes; the
    predicate verbs of "Sono 20 i feriti" / "Salgono a 20 i feriti" from `quantity_cues.tsv`."""
    rows = data.rows
    qualifiers = {tuple(_PHRASE_WORDS.findall(r["phrase"].lower())): r["approx"].lower()
                  for r in rows("quantity_qualifiers.tsv")}
    units = {r["form"].lower(): Unit(r["form"].lower(), r["lemma"], r["kind"], r["position"] == "both")
             for r in rows("quantity_units.tsv")}
    cues: dict[str, set[str]] = {}
    for r in rows("quantity_cues.tsv"):
        cues.setdefault(r["type"], set()).add(r["word"].lower())
    cues["article"] = set(data.closed("definite_article"))
    cues["article_one"] = set(data.closed("indefinite_article"))
    cues["copula"] = set(data.copula(number="plural")) | cues.pop("predicate_verb", set())
    approx = rows("approx_numerals.tsv")
    return Lexicon(
        qualifiers=qualifiers,
        units=units,
        approx_numerals={r["form"].lower(): float(r["value"]) for r in approx},
        vague_only={r["form"].lower() for r in approx if r["alone"] == "no"},
        multipliers={r["form"].lower(): float(r["factor"]) for r in rows("multipliers.tsv")},
        fractions={r["form"].lower(): float(r["denominator"]) for r in rows("quantity_fractions.tsv")},
        cues=cues,
        function_words={r["word"].lower() for r in rows("quantity_function_words.tsv")},
        noun_modifiers={r["word"].lower() for r in rows("quantity_noun_modifiers.tsv")},
        participle_nouns={r["word"].lower() for r in rows("quantity_participle_nouns.tsv")},
        plural_lemmas={r["form"].lower(): r["lemma"] for r in rows("plural_lemmas.tsv")},
        range_openers={r["opener"].lower(): r["link"].lower() for r in rows("quantity_range_openers.tsv")},
        durations={r["lemma"]: float(r["seconds"]) for r in rows("quantity_durations.tsv")},
        max_unit_words=max(len(_PHRASE_WORDS.findall(f)) for f in units),
        max_qualifier_words=max(len(p) for p in qualifiers),
    )


def lexicon() -> Lexicon:
    """The lexicon of the current data directory (`PIPELINE_DATA_DIR` or the bundled one)."""
    data = shared.lexicon()
    return data.cached("quantities", lambda: build_lexicon(data))
