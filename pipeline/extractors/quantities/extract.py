"""Find quantities in Italian text: "circa 30 paesi", "4,6 milioni di euro".

The definition is `../shared/specs/quantities.md`; conventions of the output
(see `rows.py` for the table):
- One expression is one quantity. `value` is a float; `value_max` is set only
  for ranges ("tra 20 e 30", "da 20 a 30", "dal 5% al 9%", "20-30", "due o
  tre", "cinque / dieci", "5/10 kg"; a slashed pair needs a unit or noun after
  it and is never a date or years: "11/9", "2010/2011"). "mezzo/mezza" + unit
  is 0.5 ("mezza giornata"); a fraction "un terzo", "tre quarti" is 1/3, 3/4
  before "di/dei..." or a unit. A dot with one or two decimals is a decimal
  point ("0.69"), unless it is a clock time ("alle 17.45"). Digit groups
  separated by spaces are one number ("2 300"). A composite duration is one
  quantity in its smallest unit ("due anni e tre mesi" = 27 mesi; a month is
  30 days, a year 12 months: `quantity_durations.tsv`).
- `approx` is the qualifier, lower case and normalised through
  `quantity_qualifiers.tsv` ("più del" -> "più di"); approximate numerals
  ("una ventina", "decine", "migliaia") get "circa" unless a qualifier is
  written ("oltre un centinaio" -> "oltre"). None when there is none; "ben"
  ("ben 173") is emphasis, not a qualifier.
- `unit` is the unit or counted noun as written ("paesi", "euro", "%"), never
  a preposition or article ("3 milioni all'anno" has none); `unit_lemma` its
  lemma from `quantity_units.tsv` ("%" -> "percento", "dollari" -> "dollaro")
  or, for counted nouns, the singular ("paese"). A bare number that is the
  predicate of a plural subject takes that noun: "Le vittime accertate sono
  35", "Sono 20 i feriti"; "tutti e quattro i candidati" gives "quattro i
  candidati".
- `kind`: money, percent, duration, measure (from the unit), age (years or
  months of a person: "una ragazza di 20 anni", "morto a 40 anni", "minori di
  14 anni", "La donna, di 45 anni,", "avrebbe compiuto proprio oggi 20 anni";
  a bare number after "di" and a person, or coordinated with an age: "Mario
  Rossi di 17", "la figlia di 2", "due donne di 83 e 88 anni", "di appena 2 e
  3 anni" (no unit); and "-enne" words: "un cinquantenne" is 50 with no
  unit), count (a counted noun; a bare whole number: "almeno 40", "Grecia
  (215)", "i due", "in centinaia"), other (a bare decimal or scaled number, a
  multiplier "tre volte", a share "un terzo dei voti", "due terzi", "metà").
  A verb or a verbal participle after a number is not its noun ("a 100 venne
  detto", "300 arrivati ieri"; "12 feriti", "50 ricoverati" are nouns); a
  number, a plural article and a noun keep the noun: "Sono 24 le nazioni",
  "13 i morti". A bare "milioni"/"miliardi" names no value ("diversi milioni"
  does); a value beyond `numbers.MAX_VALUE` is noise, not a figure. A bare
  number whose unit is left out takes its kind from the context: money after
  a currency was named ("Il bilancio sale a 12 milioni"), or the kind of the
  quantity it is coordinated with ("95 metri e almeno 75", "140 milioni di
  dollari, di cui 83"). A sign in brackets is kept: "Nuoro (+32)", "(-4)".
"un/una" is one before a time, measure, money or percent unit ("una
settimana", "un chilo"; not "un secondo", "un franco") and, after "almeno",
"più di"..., before a noun ("almeno un uccello" -> count 1, "almeno").
Not quantities: dates, days and years ("il 20 si terrà", "dal 12 al 25
giugno", "il 29 dello stesso mese", "nel 1962 arrivò", "79 d.C."), decades
("gli anni '60", "anni ' 60", "negli anni cinquanta": a decade word right
after "anni" is a decade even before "milioni"), clock times ("alle 8", "(le
6.46 in Italia)", "alle 23 ora locale (le 5 in Italia)", "16: 25", time zone
offsets "UTC-4: 30"), list markers ("1 - ore 11.58 ... 2 - ore 12.32"),
ordinals ("un terzo mandato", "3°"), match minutes ("al 59'"), identifiers and addresses ("G8",
"Formula 1", "legge 104", "iOS 10", "edificio 32", "via Roma 12"), sports
scores ("3-1", "2 a 0"), a lone "un/una" ("un accordo"), the "1" of a rate
("1 ogni 10 milioni di nascite" gives only "10 milioni di nascite").
A parsed document (`parse.DocAnalysis`) adds lemmas, morphology, entity labels
and, with a parser, heads; without them the rules read the words alone.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

from .context import MAX_AGE_YEARS, Context, is_year
from .lexicon import Unit, lexicon
from .numbers import enne_age, noun_lemmas, parse_digits, parse_number_word, plural_lemma, sane
from .parse import Analysis

ARTICLE_UNIT_KINDS = {"duration", "measure", "money", "percent"}  # "una settimana", "un chilo"
SIGNS = {"+": 1.0, "-": -1.0, "−": -1.0, "–": -1.0}
A_FORMS = {"a", "al", "ai", "alle", "agli", "allo", "alla", "all'"}  # the link of "da ... a ..."
ELIDED_KINDS = {"money", "measure", "percent", "duration"}  # kinds a coordinated bare number takes over ("3 metri e 20")
MAX_AGE = 130 * 31104000  # seconds: "5 milioni di anni" is no one's age
VERB_ENDINGS = ("ano", "ono", "ebbe", "ebbero", "ando", "endo", "andosi", "endosi", "ranno")
_GROUP_HEAD, _GROUP = re.compile(r"\d{1,3}"), re.compile(r"\d{3}(?:,\d+)?")
_GROUP_SPACES = (" ", "\u00a0", "\u202f", "\u2009")  # "2 300", also with a (narrow) no-break space


@dataclass
class Quantity:
    start: int
    end: int
    value: float
    value_max: float | None
    approx: str | None
    unit: str | None
    unit_lemma: str | None
    kind: str


@dataclass
class _Num:
    value: float
    first: int  # first word index
    end: int  # word index after the number (and its multipliers)
    is_word: bool = False  # written in letters
    approx: bool = False  # an approximate numeral ("ventina")
    scaled: bool = False  # a multiplier followed ("milioni")
    fraction: bool = False  # "mezza", "un terzo"
    raw: str = ""


class _Parser(Context):
    _last_unit: tuple[str, int] | None = None  # kind and last word of the latest quantity, if it has a unit

    def __init__(self, text: str, lex, info: Analysis):
        super().__init__(text, lex, info)
        self.refusals: list[tuple[str, str]] = []  # (number as written, the rule that refused it)

    # -- numbers
    def number(self, i: int) -> _Num | None:
        """A number at word i (digits or letters) with its multipliers, or None."""
        w = self.w[i] if i < len(self.w) else None
        if w is None:
            return None
        if (frac := self.fraction(i)) is not None:
            return frac
        if w.is_digits:
            raw, end = self._digit_groups(i)
            value = parse_digits("".join(raw.split()))
            if value is None or self.identifier_digits(i) or self.clock_digits(i):
                return None
            num = _Num(value, i, end, raw=raw)
        elif w.is_alpha and self.lex.cue(w.lower, "article_one"):
            if not (self.multiplier(i + 1) or self._article_one(i)):
                return None  # "un/una" alone is an article
            num = _Num(1.0, i, i + 1, is_word=True)
        elif w.is_alpha and (value := parse_number_word(w.lower)) is not None:
            num = _Num(value, i, i + 1, is_word=True)
        elif (factor := self.multiplier(i)) and factor >= 1e6 and not w.lower.endswith("i") and self.qualifier(i):
            return _Num(factor, i, i + 1, is_word=True, scaled=True)  # "intorno al miliardo", "oltre il milione"
        else:
            return None
        factor = None
        while (f := self.multiplier(num.end)) is not None:
            factor, num.value, num.scaled, num.end = f, num.value * f, True, num.end + 1
        if factor and self.low(num.end) == "e" and self.lex.fractions.get(self.low(num.end + 1)) == 2:
            num.value, num.end = num.value + 0.5 * factor, num.end + 2
        return num

    def _digit_groups(self, i: int) -> tuple[str, int]:
        """ "2 300", "4 500 000": groups of three digits after a space continue the number; (text, end word)."""
        j = i + 1
        if _GROUP_HEAD.fullmatch(self.w[i].text) and not (i and self.w[i - 1].is_digits):
            while j < len(self.w) and _GROUP.fullmatch(self.w[j].text) \
                    and self.text[self.w[j - 1].end:self.w[j].start] in _GROUP_SPACES and "," not in self.w[j - 1].text:
                j += 1
        return self.text[self.w[i].start:self.w[j - 1].end], j

    def _article_one(self, i: int) -> bool:
        """ "un/una" meaning one: before a time or measure unit ("una settimana", "un chilo"), or after a
        qualifier before any unit or, for "almeno"/"più di"..., a noun ("almeno un uccello")."""
        found, qual = self.unit_at(i + 1), self.qualifier(i)
        if found and not self.lex.cue(self.low(i + 1), "not_after_article") and found[0].kind in ARTICLE_UNIT_KINDS:
            return True
        if qual is None:
            return False
        return bool(found) or (self.lex.cue(qual[0], "article_qualifier") and self.noun_at(i + 1, 1.0) is not None)

    def fraction(self, i: int) -> _Num | None:
        """A half or a fraction: "mezza giornata", "mezzo milione", "un terzo dei voti", "tre quarti d'ora"."""
        den = self.lex.fractions.get(self.low(i))
        if den == 2 and self.w[i].is_alpha and (self.multiplier(i + 1) or self.unit_at(i + 1)):
            return _Num(0.5, i, i + 1, is_word=True, fraction=not self.multiplier(i + 1))
        den = self.lex.fractions.get(self.low(i + 1))
        if not den or den == 2:
            return None
        low = self.low(i)
        numerator = 1.0 if self.lex.cue(low, "article_one") else (parse_digits(low) if self.w[i].is_digits else parse_number_word(low))
        if numerator is None or numerator >= den:
            return None
        # not the ordinal of "un terzo mandato"; a plural "due terzi" is no ordinal
        if self.lex.cue(self.low(i + 2), "of") or self.unit_at(i + 2) or numerator >= 2:
            return _Num(numerator / den, i, i + 2, is_word=True, fraction=True)
        return None

    def approx_numeral(self, i: int) -> _Num | None:
        """ "una ventina", "decine di migliaia", "alcune centinaia", "diversi milioni" (the vague word is in the
        span); a bare "milioni"/"miliardi" names no value and is no quantity (`approx_numerals.tsv`, alone=no)."""
        vague = self.lex.cue(self.low(i), "vague")
        j = i + 1 if vague or self.lex.cue(self.low(i), "article_one") else i
        form = self.low(j)
        if form not in self.lex.approx_numerals or (form in self.lex.multipliers and self.low(j + 1) != "di") \
                or (form in self.lex.vague_only and not vague):
            return None
        num = _Num(self.lex.approx_numerals[form], i, j + 1, approx=True)
        while self.low(num.end) == "di" and self.lex.approx_numerals.get(self.low(num.end + 1), 0) >= 1000:
            num.value *= self.lex.approx_numerals[self.low(num.end + 1)]
            num.end += 2
        num.scaled = num.value >= 1000
        return num

    # -- the expression around a number
    def noun_at(self, i: int, value: float) -> int | None:
        """Index of the counted noun at i (after up to two adjectives), or None."""
        j = i
        while j < i + 2 and self.low(j) in self.lex.noun_modifiers:
            j += 1
        if self._noun(j, value):
            return j
        return i if j > i and self._noun(i, value) else None  # "30 giovani": the adjective is the noun

    def _noun(self, j: int, value: float) -> bool:
        w, low = (self.w[j], self.low(j)) if j < len(self.w) else (None, "")
        if w is None or not w.is_alpha or len(low) < 2 or w.newline or low.endswith("'"):
            return False  # an elided word ("all'", "dell'") is an article or preposition, never the noun
        capital = w.text[0].isupper() and not self.initial(j)  # "i 27 Stati membri"
        function = low in self.lex.function_words and not capital \
            and not (self.info.pos(w.start) == "NOUN" and low in noun_lemmas())  # "due nuovi stati"
        if (function or low in self.lex.multipliers or low in self.lex.approx_numerals or self.lex.cue(low, "month")
                or parse_number_word(low) is not None or low.endswith(VERB_ENDINGS) or self.verbal(j)):
            return False
        return not (w.text[0].isupper() and (value == 1 or low[-1] not in "ie"))  # a name; "30 Paesi" is fine

    def _linked(self, op: int | None, k: int) -> int | None:
        """Word index of the second number of a range whose opener is at `op` and whose link word is at k:
        "tra 20 e 30", "dal 5% al 9%", "tra i 15 e i 17 anni"."""
        link = self.lex.range_openers.get(self.low(op)) if op is not None else None
        if not link:
            return None
        low = "e" if self.low(k) == "ed" else self.low(k)  # "tra i 22 ed i 26 anni"
        if low == link or (link in A_FORMS and low in A_FORMS):  # "da 2 al 3", "dal 2 a 3 per cento"
            return k + 1 + self.is_article(k + 1)
        return None

    def range_end(self, first: _Num) -> _Num | None:
        i = first.end
        if self.low(i) in ("-", "–") and not self.w[i].newline:
            return self.number(i + 1)
        if self.low(i) in ("o", "/"):  # "due o tre giorni", "cinque / dieci chilogrammi", "5/10 kg"
            second = self.number(i + 1)
            if second is None or second.value <= first.value or is_year(first.raw) or is_year(second.raw):
                return None
            glued = self.w[i].glued or self.w[i + 1].glued
            return second if self.low(i) == "o" or not glued or self.slash_range(first.first) else None
        j = self._linked(self.opener(first.first), i)
        return self.number(j) if j is not None else None

    def opener(self, first: int) -> int | None:
        """Index of "tra"/"da"... opening a range before word `first` (an article may come between)."""
        j = first - 1 - self.is_article(first - 1)
        return j if self.low(j) in self.lex.range_openers else None

    def unit_after(self, num: _Num, end: int) -> tuple[Unit | None, int | None, int, int]:
        """(unit, counted-noun index, first word, end word) of what follows the number."""
        found = self.unit_at(end)
        if found:
            return found[0], None, end, found[1]
        if num.fraction and self.lex.cue(self.low(end), "of"):  # "un quarto d'ora", "un terzo dei voti"
            found = self.unit_at(end + 1)
            if found:
                return found[0], None, end + 1, found[1]
            noun = self.noun_at(end + 1 + self.is_article(end + 1), 2.0)
            return (None, noun, noun, noun + 1) if noun is not None else (None, None, end, end)
        if num.fraction:
            return None, None, end, end  # a share names what it divides after "di": "due terzi necessaria" has none
        of = self.low(end) in ("di", "d'")  # "4,6 milioni di euro", "200 milioni d'euro"
        if of and (num.scaled or num.approx or num.value >= 1e6):
            found = self.unit_at(end + 1)
            if found:
                return found[0], None, end + 1, found[1]
            end += 1
        elif of:
            return None, None, end, end
        noun = self.noun_at(end, num.value)
        if noun is not None:
            return None, noun, noun, noun + 1
        return None, None, end, end

    def unit_range(self, num: _Num, unit: Unit, u_end: int) -> tuple[_Num, int, int] | None:
        """The upper bound of a range written with the unit twice: "dal 5% al 9%", "tra il 5% e il 9%"
        -> (second number, its unit's first word, its unit's end)."""
        j = self._linked(self.opener(num.first), u_end)
        second = self.number(j) if j is not None else None
        if second is None:
            return None
        unit2, _, first2, end2 = self.unit_after(second, second.end)
        if unit2 is None or unit2.lemma != unit.lemma or second.value <= num.value:
            return None  # a fall "dal 71% al 57%" is two figures
        return second, first2, end2

    def composite(self, unit: Unit, value: float, u_first: int, u_end: int) -> tuple[float, Unit, int, int]:
        """ "due anni e tre mesi" -> 27 "mesi": a duration followed by smaller ones joined by "e" is one
        quantity in its smallest unit; (value, unit, unit's first word, end word)."""
        sizes = self.lex.durations
        if unit.lemma not in sizes:
            return value, unit, u_first, u_end
        seconds, last = value * sizes[unit.lemma], (unit, u_first, u_end)
        while self.low(last[2]) == "e" and (nxt := self.number(last[2] + 1)) is not None and not nxt.scaled:
            found = self.unit_at(nxt.end)
            if not found or sizes.get(found[0].lemma, 1e30) >= sizes[last[0].lemma]:
                break
            seconds += nxt.value * sizes[found[0].lemma]
            last = (found[0], nxt.end, found[1])
        return seconds / sizes[last[0].lemma], last[0], last[1], last[2]

    def score_a(self, start: int, end: int, value: float) -> bool:
        """ "2 a 1": small bare numbers either side of "a", not a range ("dal 2 a 3 per cento")."""
        if self.low(end) != "a" or value > 20 or end + 1 >= len(self.w) or not self.w[end + 1].is_digits \
                or not self.w[start].is_digits or self.opener(start) is not None:
            return False
        right = parse_digits(self.w[end + 1].text)
        return right is not None and right <= 20 and not self.unit_at(end + 2)

    def all_of(self, start: int, end: int) -> bool:
        """ "tutti e N" + plural article: "tutti e quattro i candidati", "tutte e tre le settimane"."""
        return self.low(start - 1) == "e" and self.low(start - 2) in ("tutti", "tutte") \
            and self.lex.cue(self.low(end), "plural_article")

    def word_not_number(self, i: int) -> bool:
        """A bare number word that is a name ("Rai Due") or a verb ("Tu sei stato"): by the parse, and for a
        homograph without one, "sei" is a number only when the model calls it one."""
        w = self.w[i]
        if not w.text.islower() and not self.initial(i):
            return True
        return self.info.verb(w.start) or (self.lex.cue(w.lower, "homograph") and self.info.pos(w.start) != "NUM")

    def enne(self, i: int) -> Quantity | None:
        """ "un cinquantenne", "la quarantenne", "il 21enne": an age of 50, 40, 21 with no unit."""
        w, nxt = self.w[i], self.w[i + 1] if i + 1 < len(self.w) else None
        if w.is_digits and w.text.isdigit() and nxt is not None and nxt.glued and nxt.lower in ("enne", "enni"):
            value = float(w.text) if 0 < int(w.text) <= MAX_AGE_YEARS else None
            return Quantity(w.start, nxt.end, value, None, None, None, None, "age") if value else None
        value = enne_age(w.text) if w.is_alpha else None
        return Quantity(w.start, w.end, value, None, None, None, None, "age") if value else None

    def half(self, i: int) -> Quantity | None:
        """ "metà" on its own is 0.5 ("la metà dei centri", "per metà da donne"), not the middle of a time ("a
        metà agosto", "metà anni '90", "a metà mattina", "metà del 2020")."""
        if not self.lex.cue(self.low(i), "half"):
            return None
        k = i + 1 + self.lex.cue(self.low(i + 1), "of")
        found, after = self.unit_at(k), self.w[k].text if k < len(self.w) else ""
        if self.lex.cue(self.low(k), "month") or self.lex.cue(self.low(k), "period") or is_year(after) \
                or (found and found[0].kind == "duration"):
            return None
        w = self.w[i]
        return Quantity(w.start, w.end, 0.5, None, None, None, None, "other")

    def bare_kind(self, num: _Num, start: int, end: int) -> str:
        """The kind of a number with no unit or noun, from its context."""
        if num.scaled and self.currency_before(start):
            return "money"  # "... 5 milioni di euro. Il bilancio sale a 12 milioni"
        if not (num.scaled or num.approx or num.fraction) and num.value.is_integer() and 0 < num.value <= MAX_AGE_YEARS \
                and self.bare_age(start, end):
            return "age"  # "Mario Rossi di 17", "due donne di 83 e 88 anni"
        # coordinated with the quantity just before, it shares its elided unit: "95 metri ... e almeno 75",
        # "il 52% contro il 48", "140 milioni di dollari, di cui 83"; but a duration is too often an
        # adverbial for "di cui" to refer to it ("135 nei dieci giorni, di cui 13")
        k = start - 1 - self.is_article(start - 1)
        last = self._last_unit
        if last and last[0] in ELIDED_KINDS and self.lex.cue(self.low(k), "coordination") \
                and not self.sentence_between(last[1], k) and not (last[0] == "duration" and self.low(k) == "cui"):
            return last[0]
        if num.value.is_integer() and not num.fraction and (num.approx or not num.scaled):
            return "count"  # bare whole numbers count: "almeno 40", "Grecia (215)", "i due", "in centinaia"
        return "other"  # "1,5", "3 milioni" of nothing named

    def refused(self, num: _Num, start: int, end: int, second: _Num | None, unit: Unit | None,
                bare: bool) -> int | None:
        """Where to go on from when the number with what follows it is not a quantity, else
        None; the refusing rule's name is kept in `self.refusals` (see `REFUSALS`)."""
        reading = Reading(num, start, end, second, unit, bare)
        for name, rule in REFUSALS:
            if (go_on := rule(self, reading)) is not None:
                self.refusals.append((self.text[self.w[num.first].start:self.w[end - 1].end], name))
                return go_on
        return None

    def at(self, i: int) -> tuple[Quantity | None, int]:
        """The quantity whose number starts at word i, and the word index to go on from."""
        if (q := self.enne(i)) is not None:
            return q, i + 1
        if (decade := self.decade(i)) is not None:
            return None, decade  # "gli anni '60", "negli anni cinquanta"
        if self.w[i].is_digits and (self.year_abbreviation(i) or self.list_marker(i) or self.split_clock(i)):
            return None, i + 1  # "nel ' 68", "1 - ore 11.58", "UTC-4: 30"
        if self.w[i].is_digits and self.match_minute(i):
            return None, i + 2  # "al 59'"
        if (q := self.half(i)) is not None:
            return q, i + 1
        num = self.approx_numeral(i) or self.number(i)
        if num is None:
            return None, i + 1
        if not sane(num.value):
            return None, num.end  # "mille mille mille ... miliardi", 300 digits: noise, not a figure
        lex, start, end = self.lex, num.first, num.end
        prev_low = self.low(start - 1)
        if lex.cue(prev_low, "month") or lex.cue(prev_low, "weekday") or lex.cue(self.low(end), "month") \
                or (not num.is_word and self.day_chain(start)) or lex.cue(self.joined(end, 4) or "", "era"):
            return None, end  # "26 aprile", "marzo 2025", "sabato 18", "dal 12 al 25 giugno", "79 d.C."
        if self.low(start - 1) in ("-", "–") and start >= 2 and self.w[start - 2].is_digits:
            return None, end  # the right side of a score or range already refused
        second = None if num.approx else self.range_end(num)
        value_max = None
        if second is not None:
            base = parse_digits_or_word(self, second)
            if not num.scaled and second.scaled and base:
                num.value *= second.value / base  # "20-30 milioni"
            value_max, end = second.value, second.end
        unit, noun, u_first, u_end = self.unit_after(num, end)
        if unit is not None and second is None and (upper := self.unit_range(num, unit, u_end)):
            second, u_first, u_end = upper  # "dal 5% al 9%"
            value_max, end = second.value, second.end
        if unit is None and noun is None and start:
            before = self.unit_at(start - 1, before=True)
            if before and before[1] == start:
                unit, u_first, u_end, start = before[0], start - 1, start, start - 1  # "€ 50"
        if unit is None and noun is None and second is None and self.all_of(start, end):
            unit, noun, u_first, u_end = self.unit_after(num, end + 1)  # "tutti e quattro i candidati"
        bare = unit is None and noun is None
        if second is not None and (op := self.opener(num.first)) is not None:
            start = op
        if (refused := self.refused(num, start, end, second, unit, bare)) is not None:
            return None, refused
        if self.low(start - 1) in SIGNS and self.low(start - 2) == "(":
            start = start - 1  # a signed change in brackets: "Nuoro (+32)", "(-3,5%)"
            num.value, value_max = num.value * SIGNS[self.low(start)], None if value_max is None else value_max * SIGNS[self.low(start)]
        qual = self.qualifier(start)
        if bare and second is None:  # "Le vittime sono 35", "Sono 20 i feriti", "13 i morti"
            noun_of = lambda j: self.noun_at(j, num.value)  # noqa: E731
            noun = self.predicate_noun(qual[1] if qual else start, end, noun_of) or self.postposed_noun(start, end, noun_of)
            u_end = noun + 1 if noun is not None and noun > end else end  # a noun after the number is in the span
        if num.is_word and noun is None and unit is None and self.word_not_number(start):
            return None, end
        if qual:
            start = qual[1]
        value, kind, unit_text, unit_lemma = num.value, "other", None, None
        if unit is not None:
            if unit.kind == "duration" and second is None:
                value, unit, u_first, u_end = self.composite(unit, value, u_first, u_end)
            kind, unit_lemma = unit.kind, unit.lemma
            unit_text = self.text[self.w[u_first].start:self.w[u_end - 1].end]
            if kind == "duration" and self.low(u_end) == "e" and lex.fractions.get(self.low(u_end + 1)) == 2:
                value, u_end = value + 0.5, u_end + 2  # "due anni e mezzo"
            if unit_lemma in ("anno", "mese") and value * lex.durations[unit_lemma] <= MAX_AGE and self.age(start, u_end):
                kind = "age"
        elif noun is not None:
            w = self.w[noun]
            unit_text, kind = w.text, "other" if num.fraction else "count"  # a share is not a count
            unit_lemma = plural_lemma(w.text, num.value, lex, self.hint(w.start, w.end), self.info.participle(w.start))
        else:
            kind = self.bare_kind(num, start, end)
        approx = qual[0] if qual else ("circa" if num.approx else None)
        last = max(u_end, end) - 1
        lends = unit is not None or (noun is None and kind in ELIDED_KINDS)  # a unit, written or elided
        self._last_unit = (kind, last) if lends else None  # only the latest quantity lends its unit: "7.496 di cromo, 4.040 di"
        q = Quantity(self.w[start].start, self.w[last].end, value, value_max, approx, unit_text, unit_lemma, kind)
        return q, last + 1

    def run(self) -> list[Quantity]:
        out, i = [], 0
        while i < len(self.w):
            q, nxt = self.at(i)
            if q is not None:
                out.append(q)
            i = max(nxt, i + 1)
        return out


@dataclass
class Reading:
    """A number and what `_Parser.at` read after it, as the refusal rules see it."""
    num: _Num
    start: int
    end: int
    second: _Num | None  # the upper end of a range ("20-30")
    unit: Unit | None
    bare: bool  # no unit and no counted noun

    @property
    def plain(self) -> bool:
        return not self.num.scaled and not self.num.approx


def _score_or_years(p: _Parser, r: Reading) -> int | None:
    """"3-1", "2020-2025": a range whose right side is not larger, or of small numbers, or of years."""
    num, second = r.num, r.second
    if second is not None and r.bare and not num.approx and not num.is_word:
        small = num.value < 10 and second.value < 10 and p.low(num.end) in ("-", "–")
        if second.value <= num.value or small or is_year(num.raw):
            return r.end
    return None


def _score_a(p: _Parser, r: Reading) -> int | None:
    """"vince 2 a 1": a score written with "a" (its right side skipped too)."""
    return r.end + 2 if r.second is None and r.bare and p.score_a(r.start, r.end, r.num.value) else None


def _score_a_right(p: _Parser, r: Reading) -> int | None:
    """"il Milan 2 a 0": the right side of a score whose left side was refused."""
    return r.end if r.bare and p.low(r.start - 1) == "a" and p.score_a(r.start - 2, r.start - 1, r.num.value) else None


def _year(p: _Parser, r: Reading) -> int | None:
    """"nel 2012", "nel 1962 arrivò": a year is a date, not a figure."""
    if r.unit is None and r.plain and r.second is None and is_year(r.num.raw) \
            and (r.bare or p.lex.cue(p.low(r.num.first - 1), "date_article")):
        return r.end
    return None


def _clock(p: _Parser, r: Reading) -> int | None:
    """"alle 8", "(le 5 in Italia)": a time of day."""
    num = r.num
    if r.bare and r.plain and num.value <= 24 and (p.clock(num.first) or p.clock_hour(num.first)):
        return r.end
    return None


def _local_hour(p: _Parser, r: Reading) -> int | None:
    """"alle 23 ora locale": an hour, not a duration (that would be "23 ore")."""
    num, unit = r.num, r.unit
    if unit is not None and unit.lemma == "ora" and p.low(r.end) == "ora" and r.plain and num.raw.isdigit() \
            and 1 < num.value <= 24:
        return r.end + 1
    return None


def _day_of_month(p: _Parser, r: Reading) -> int | None:
    """"il 20 si terrà": a day of the month."""
    num = r.num
    if r.bare and r.second is None and num.raw.isdigit() and 1 <= num.value <= 31 \
            and p.lex.cue(p.low(num.first - 1), "day_article") and p.qualifier(num.first) is None:
        return r.end
    return None


def _rate_base(p: _Parser, r: Reading) -> int | None:
    """The "1" of a rate "1 ogni 10 milioni di nascite"."""
    return r.end if r.bare and p.low(r.end) == "ogni" and p.number(r.end + 1) is not None else None


# The numbers that are no quantity, tried in order; the first rule that refuses names why
# (`_Parser.refusals`, `refusals()`): each rule is a function of the parser and the reading.
REFUSALS: tuple[tuple[str, Callable[[_Parser, Reading], int | None]], ...] = (
    ("score_or_years", _score_or_years),
    ("score_a", _score_a),
    ("score_a_right", _score_a_right),
    ("year", _year),
    ("clock", _clock),
    ("local_hour", _local_hour),
    ("day_of_month", _day_of_month),
    ("rate_base", _rate_base),
)


def parse_digits_or_word(p: _Parser, num: _Num) -> float:
    """The value of a number before its multipliers."""
    if num.raw:
        return parse_digits("".join(num.raw.split())) or 0.0
    return parse_number_word(p.low(num.first)) or 1.0


def extract(text: str, hint: Callable[[int, int], str | None] | None = None,
            analysis: Analysis | None = None) -> list[Quantity]:
    """Quantities in `text`, in order. `analysis` (a parsed document) may give lemmas, entities and heads;
    `hint(start, end)` alone may give a model lemma for a word."""
    found = _Parser(text, lexicon(), analysis or Analysis(hint)).run()
    # however the rules combined them, a value out of range is no quantity (the report needs finite numbers)
    return [q for q in found if sane(q.value) and sane(q.value_max)]


def refusals(text: str, analysis: Analysis | None = None) -> list[tuple[str, str]]:
    """(number as written, rule name) for every number a `REFUSALS` rule turned down: why
    "alle 8" or "nel 2012" gave no quantity."""
    parser = _Parser(text, lexicon(), analysis or Analysis(None))
    parser.run()
    return parser.refusals
