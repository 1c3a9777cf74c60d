"""The word list the quantity rules walk, and the rules that read the context of a number.

`Context` holds the words of a text (`numbers.words`) with small look-ups
(units, multipliers, qualifiers) and the context tests the extractor asks:
is this number an identifier ("G8", "legge 104", "iOS 10", "via Roma 12"), a
decade ("gli anni '60", "anni ' 60", "negli anni cinquanta"), a list marker
("1 - ore 11.58 ... 2 - ore 12.32"), a clock time ("alle 17.45", "17.45 ora
italiana", "(le 6.46 in Italia)", "alle 23 (le 5 in Italia)", "UTC-4: 30"), a
day ("il 20 si terrà", "dal 12 al 25 giugno"), an age ("gemelli siamesi di 13
mesi", "morto a 40 anni", "Mario Rossi di 17", "di 83 e 88 anni", "avrebbe
compiuto proprio oggi 20 anni"), a slashed range ("5/10 kg", not "11/9" or
"2010/2011"), or the predicate of a counted noun ("Le vittime sono 35", "Sono
20 i feriti")?
A parsed document (`parse.Analysis`) may add entity labels and heads; every
rule also works without them.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from typing import Callable

from .lexicon import Lexicon, Unit
from .numbers import Word, noun_lemmas, parse_digits, parse_number_word, words
from .parse import Analysis, Head

SENTENCE_PUNCT = {".", "!", "?", ":", ";", "«", "\"", "“", "(", "-", "–", "—"}
SENTENCE_END = {".", "!", "?", ";"}
_CLOCK_RE = re.compile(r"(\d{1,2})[.:](\d{2})")
_DAY_RE = re.compile(r"[0-3]?\d")
PERSON_SUFFIXES = ("enne", "trice")  # "un cinquantenne di Roma", "un'imprenditrice di 40 anni"
APOSTROPHES = ("'", "’")
LIST_SEPARATORS = ("-", "–", ")", ".")  # "1 - ore 11.58", "1) la sanità", "1. Roma"
MAX_AGE_YEARS = 120
PARTICIPLE_PLURALS = ("ati", "ate", "iti", "ite", "uti", "ute")  # "arrivati", "partite", "venute"
BARE_AGE_AFTER = (",", ".", ";", ":", ")", "!", "?", "-", "–", "—")  # what may follow a bare age ("di 17.")


def _digits(text: str) -> bool:
    """Only the digits 0-9 ("²" is a digit to Python but no number)."""
    return text.isascii() and text.isdigit()


def is_year(raw: str) -> bool:
    return len(raw) == 4 and _digits(raw) and 1000 <= int(raw) <= 2100


class Context:
    def __init__(self, text: str, lex: Lexicon, info: Analysis):
        self.text, self.lex, self.info = text, lex, info
        self.w: list[Word] = words(text)
        self._low = [w.lower for w in self.w]
        self._n = len(self.w)
        money = {form for form, unit in lex.units.items() if unit.kind == "money"}
        # a currency named in lower case or as a symbol ("Euro 2016" is a tournament)
        self._money = [i for i, w in enumerate(self.w) if w.lower in money and not w.text[0].isupper()]

    def hint(self, start: int, end: int) -> str | None:
        return self.info.lemma(start, end)

    def verbal(self, j: int) -> bool:
        """Word j is a verb, not a counted noun: a finite verb by the model ("a 100 venne detto"), or a
        participle no noun list knows ("300 arrivati ieri"); "12 feriti", "50 ricoverati" are nouns."""
        w, low = self.w[j], self.w[j].lower
        if self.info.verb(w.start) and low not in noun_lemmas():
            return True  # a known plural noun is read as one: "8 fosse comuni", not the verb "fosse"
        shaped = len(low) > 5 and low.endswith(PARTICIPLE_PLURALS)
        if not (shaped or self.info.participle(w.start)) or not noun_lemmas():
            return False  # without the noun lexicon every participle would look like a verb
        masculine = low[:-1] + "i" if low.endswith("e") else low  # "arrestate" is known as "arrestati"
        return not any(f in noun_lemmas() or f in self.lex.participle_nouns or f in self.lex.plural_lemmas
                       for f in (low, masculine))

    def currency_before(self, i: int) -> bool:
        """A currency was named before word i ("... 5 milioni di euro. Il bilancio sale a 12 milioni")."""
        return bisect_left(self._money, i) > 0

    # -- look-ups over the word list
    def low(self, i: int) -> str:
        return self._low[i] if 0 <= i < self._n else ""

    def is_article(self, i: int) -> bool:
        """Word i is a definite article ("il", "le", "l'")."""
        return self.lex.cue(self.low(i), "article")

    def initial(self, i: int) -> bool:
        return i == 0 or self.w[i].newline or self.low(i - 1) in SENTENCE_PUNCT

    def joined(self, i: int, n: int) -> str | None:
        if i + n > len(self.w):
            return None
        parts = [self.w[i].lower] + [(("" if w.glued else " ") + w.lower) for w in self.w[i + 1:i + n]]
        return "".join(parts)

    def unit_at(self, i: int, before: bool = False) -> tuple[Unit, int] | None:
        for n in range(self.lex.max_unit_words, 0, -1):
            form = self.joined(i, n)
            unit = self.lex.units.get(form) if form else None
            after = self.w[i + n] if i + n < len(self.w) else None
            if unit and (not before or unit.before) and not (after and after.glued and after.is_alpha):
                return unit, i + n
        return None

    def multiplier(self, i: int) -> float | None:
        return self.lex.multipliers.get(self.low(i))

    def qualifier(self, s: int) -> tuple[str, int] | None:
        """The qualifier ending right before word s (an article may come between)."""
        for end in ((s, s - 1) if self.lex.cue(self.low(s - 1), "article") else (s,)):
            for n in range(self.lex.max_qualifier_words, 0, -1):
                phrase = tuple(self.low(k) for k in range(end - n, end))
                if end - n >= 0 and phrase in self.lex.qualifiers:
                    return self.lex.qualifiers[phrase], end - n
        return None

    # -- what a number is not
    def identifier_digits(self, i: int) -> bool:
        w, prev = self.w[i], self.w[i - 1] if i else None
        nxt = self.w[i + 1] if i + 1 < len(self.w) else None
        if prev and w.glued:
            if prev.text == "/" and self.slash_range(i - 2):
                pass  # the right side of "5/10 kg"
            elif prev.text.isalpha() or prev.text in ("'", "’", "/"):
                return True  # "G8", "anni '90", "24/7"
            if prev.text in ("-", "–") and prev.glued and i >= 2 and self.w[i - 2].text.isalpha():
                return True  # "Covid-19", "F-35"
        if nxt and nxt.text in "°ºª" and w.text.isdigit() and not self.unit_at(i + 1):
            return True  # "3°", "14 °" ordinal
        if nxt and nxt.glued:
            if nxt.text == "/" and not self.slash_range(i):
                return True
            if nxt.is_alpha and not self.multiplier(i + 1) and not self.unit_at(i + 1):
                return True  # "5G"
        j = i - 1
        if self.low(j) == "." and j >= 1 and self.w[j].glued:
            j -= 1  # "art. 3", "n. 5"
        if (self.lex.cue(self.low(j), "identifier") and not self.unit_at(i + 1)) or self.address(i):
            return True  # "legge 104", "via Roma 12"; not "categoria 60 kg"
        if prev and prev.text.isalpha() and prev.text[0].islower() and not prev.text.islower():
            return True  # a product or version: "iOS 10", "iPhone 7"
        if prev and prev.text.isalpha() and prev.text[0].isupper() and not self.initial(i - 1):
            if self.low(i - 2) in ("in", "a") and self.info.entity(prev.start) == "LOC" and not is_year(w.text):
                return False  # a place, then a new phrase: "in Francia 8 non hanno superato il test"
            low = prev.lower
            return not (low in self.lex.function_words or any(low == q[-1] for q in self.lex.qualifiers))
        return False

    def match_minute(self, i: int) -> bool:
        """ "al 59'", "dal 12’": the minute of a match, an apostrophe glued to the digits after "al", "nel"...;
        a time gap "a 1 ' 0 \"" has no such article."""
        nxt = self.w[i + 1] if i + 1 < self._n else None
        return bool(nxt and nxt.glued and nxt.text in APOSTROPHES and _digits(self.w[i].text) and int(self.w[i].text) <= 130
                    and self.lex.cue(self.low(i - 1), "minute_article"))

    def address(self, i: int) -> bool:
        """A house number after a street and its name: "via Roma 12", "piazza dei Mille 5"."""
        for k in range(i - 1, max(i - 6, -1), -1):
            w = self.w[k]
            if self.lex.cue(self.low(k), "street"):
                return k < i - 1
            if not w.is_alpha or not (w.text[0].isupper() or self.lex.cue(self.low(k), "street_name")):
                return False
        return False

    # -- decades, list markers
    def _decade_number(self, i: int, after_apostrophe: bool) -> bool:
        """Word i could name a decade: "60", "'68" after an apostrophe, "sessanta", "Duemila"."""
        w = self.w[i] if 0 <= i < self._n else None
        if w is None:
            return False
        if w.is_digits:
            return _digits(w.text) and len(w.text) == 2 and (after_apostrophe or w.text[1] == "0")
        return self.lex.cue(w.lower, "decade")

    def year_abbreviation(self, i: int) -> bool:
        """Two digits after a lone apostrophe: a year or decade ("nel ' 68", "anni ' 60": the apostrophe split
        off the digits; "anni '60" glued is an identifier already), or the seconds of a time "13 ' 26 \""."""
        w, prev = self.w[i], self.w[i - 1] if i else None
        return bool(prev and prev.text in APOSTROPHES and _digits(w.text) and len(w.text) == 2
                    and not (prev.glued and self.w[i - 2].is_digits) and not self.unit_at(i + 1))

    def decade(self, i: int) -> int | None:
        """A decade at word i, as the end word of it and of any coordinated ones, or None: "gli anni '60",
        "degli anni 60", "negli anni cinquanta" (also before "milioni": a decade word right after "anni" is a
        decade), "anni Sessanta e Settanta", "anni '80-'90". "anni" must follow an article, a preposition with
        one or a word like "fine", "primi" (`decade_before` cues): "di anni venti" is an age, "da anni 30
        famiglie" a count."""
        j = i - 1
        apostrophe = self.low(j) in APOSTROPHES
        j -= apostrophe
        if self.low(j) != "anni" or not self._decade_number(i, apostrophe):
            return None
        if not (self.lex.cue(self.low(j - 1), "decade_before") or self.initial(j)):
            return None
        end = i + 1
        while self.low(end) in ("e", "ed", "o", "-", "–", "/", ","):
            k = end + 1
            apostrophe = self.low(k) in APOSTROPHES
            k += apostrophe
            if not self._decade_number(k, apostrophe):
                break
            end = k + 1
        return end

    def list_marker(self, i: int) -> bool:
        """A small number opening an item of a list: "1 - ore 11.58 (...) 2 - ore 12.32", "1) la sanità": at
        the start of a line; after a colon with ")" ("Chiede: 1) ...") or when item 2 follows ("Classifica: 1.
        Roma 2. Milano"); or the next number after the marker of the item before. Not "(215)", "3 - 1", the "1"
        of "a 800 : 1 ." at the end."""
        w = self.w[i]
        sep = self.low(i + 1)
        if not (_digits(w.text) and len(w.text) <= 2) or sep not in LIST_SEPARATORS \
                or (sep == ")" and self.low(i - 1) == "(") or (i + 2 < self._n and self.w[i + 2].is_digits):
            return False  # "Grecia (215)", a score "3 - 1"
        value = int(w.text)
        if i == 0 or w.newline:
            return True
        if self.low(i - 1) in (":", ";") and value == 1:
            return sep == ")" or any(self.w[k].text == "2" and self.low(k + 1) == sep
                                     for k in range(i + 2, min(i + 60, self._n - 1)))
        for k in range(i - 1, max(i - 60, 0) - 1, -1):
            if _digits(self.w[k].text) and int(self.w[k].text) == value - 1 and self.low(k + 1) == sep:
                return self.list_marker(k)
        return False

    # -- days and dates
    def day_chain(self, i: int) -> bool:
        """Digits at i that are day numbers before a month, alone or joined to more days:
        "26 aprile", "dal 12 al 25 giugno", "tra il 18 e il 19 novembre", "(19 e 26 luglio"."""
        j = i
        while j < self._n and _DAY_RE.fullmatch(self.w[j].text) and 1 <= int(self.w[j].text) <= 31:
            k = j + 1
            if self.lex.cue(self.low(k), "month") or self._of_the_month(k):
                return True
            while k < j + 4 and (self.lex.cue(self.low(k), "date_link") or self.is_article(k)):
                k += 1  # "e il", "fino al"
            if k == j + 1 or k >= self._n or not self.w[k].is_digits:
                return False
            j = k
        return False

    def _of_the_month(self, k: int) -> bool:
        """ "del mese", "dello stesso mese", "di questo mese" at k: the number before is a day."""
        return self.lex.cue(self.low(k), "of") and "mese" in (self.low(k + 1), self.low(k + 2))

    def slash_range(self, i: int) -> bool:
        """Digits "5/10" at i, i+1, i+2 before a unit or noun: a range, not a date ("11/9") or season ("2010/2011")."""
        if i < 0 or i + 2 >= len(self.w) or self.low(i + 1) != "/" or not (self.w[i + 1].glued and self.w[i + 2].glued):
            return False
        a, b = self.w[i], self.w[i + 2]
        if not (a.is_digits and b.is_digits) or is_year(a.text) or is_year(b.text) or self.lex.cue(self.low(i - 1), "date_article"):
            return False
        lo, hi = parse_digits(a.text), parse_digits(b.text)
        nxt = self.w[i + 3] if i + 3 < len(self.w) else None
        if lo is None or hi is None or hi <= lo or nxt is None or nxt.glued or nxt.newline:
            return False
        return bool(self.unit_at(i + 3)) or (nxt.is_alpha and self.low(i + 3) not in self.lex.function_words)

    def clock_digits(self, i: int) -> bool:
        """ "17.45" after "alle"/"ore"/"le" or before "ora"/"ore": a clock time ("(le 6.46 in Italia)")."""
        m = _CLOCK_RE.fullmatch(self.w[i].text)
        if not m or int(m.group(1)) > 24 or int(m.group(2)) > 59:
            return False
        return self.clock(i) or self.lex.cue(self.low(i + 1), "clock_after") \
            or (self.lex.cue(self.low(i - 1), "clock_article") and not self.unit_at(i + 1))

    def clock(self, i: int) -> bool:
        prev, prev2 = self.low(i - 1), self.low(i - 2)
        return self.lex.cue(prev, "time") or (prev == "le" and self.lex.cue(prev2, "clock_le"))

    def clock_hour(self, i: int) -> bool:
        """An hour after "le" where the time is told: "alle 23 ora locale (le 5 in Italia)", "le 5 del
        mattino": a clock time before it in the sentence, or a time word after it."""
        if not self.lex.cue(self.low(i - 1), "clock_article"):
            return False
        if self.lex.cue(self.low(i + 1), "clock_after") or self.lex.cue(self.joined(i + 1, 2) or "", "time_of_day"):
            return True
        for k in range(i - 2, max(i - 16, 0) - 1, -1):
            if self.low(k) in SENTENCE_END:
                return False
            if self.w[k].is_digits and (self.clock(k) or self.clock_digits(k)):
                return True
        return False

    def split_clock(self, i: int) -> bool:
        """A time zone offset ("UTC +2", "GMT - 5", "UTC-4: 30"), or the hours or minutes of a clock time split by
        a space after the colon and told as a time ("alle 16: 25", "16: 25 ora locale"); not the "10" of "sono
        12: 10 uomini e 2 donne"."""
        w, n = self.w[i], self._n
        if self.low(i - 1) == ":" and self.w[i - 1].glued and i >= 2 and self.w[i - 2].is_digits \
                and _digits(w.text) and len(w.text) == 2 and int(w.text) <= 59:  # the minutes
            return self._time_zone(i - 2) or self.clock(i - 2) or self.lex.cue(self.low(i + 1), "clock_after")
        if self.low(i + 1) == ":" and i + 2 < n and self.w[i + 1].glued and _digits(self.w[i + 2].text) \
                and len(self.w[i + 2].text) == 2 and _digits(w.text) and int(w.text) <= 24:  # the hours
            return self._time_zone(i) or self.clock(i) or self.lex.cue(self.low(i + 3), "clock_after")
        return self._time_zone(i)

    def _time_zone(self, i: int) -> bool:
        """Word i is the hours of a time zone offset: "UTC-4", "GMT + 2"."""
        k = i - 1 - (self.low(i - 1) in ("+", "-", "–", "−"))
        return self.lex.cue(self.low(k), "timezone")

    def _number_word(self, i: int) -> bool:
        w = self.w[i] if 0 <= i < self._n else None
        return w is not None and (w.is_digits or (w.is_alpha and parse_number_word(w.lower) is not None))

    def age(self, start: int, unit_end: int) -> bool:
        """Years or months of a person: "una ragazza di 20 anni", "morto a 40 anni", "Rossi, di 19 anni",
        "vietato ai minori di 14 anni", "due donne di 83 e 88 anni", "avrebbe compiuto proprio oggi 20 anni";
        not "per 40 anni", "dieci anni fa", "condannato a 10 anni"."""
        if self._age(start, unit_end):
            return True
        while self.lex.cue(self.low(start - 1), "emphatic"):
            start -= 1
        if self.low(start - 1) in ("e", "ed", "o", ",") and self._number_word(start - 2):
            return self.age(start - 2, unit_end)  # the years of "di 83 e 88 anni" are read from "di 83"
        return False

    def _age(self, start: int, unit_end: int) -> bool:
        while self.lex.cue(self.low(start - 1), "emphatic"):
            start -= 1  # "Aveva solo 19 anni"
        lex, prev, prev2, nxt = self.lex, self.low(start - 1), self.low(start - 2), self.low(unit_end)
        if nxt == "di" and self.low(unit_end + 1) == "età" or any(self.low(k) == "età" for k in range(start - 4, start)):
            return True  # "40 anni di età", "di età compresa tra i 14 e i 18 anni"
        if nxt == "fa":
            return False
        head = self.info.head(self.w[unit_end - 1].start)
        if head is not None and head.pos in ("NOUN", "PROPN") and self._person_head(head):
            return True  # the parse attaches "anni" to a person, whatever lies between
        if prev == "di" and prev2 == ",":
            return True
        if prev in ("di", "sui"):
            return self._person_before(start - 2)
        if prev in ("a", "ad"):
            return self._age_at(start, unit_end, head)
        if prev in ("(", ",") and nxt in (")", ","):
            return True  # apposition: "Il tecnico, 55 anni, ..."
        if prev == "," and nxt in (";", ".") and self._person_before(start - 2):
            return True  # a list of people: "Mario Rossi, 49 anni; Anna Bianchi, 21 anni."
        k = start - 1
        while k > start - 4 and lex.cue(self.low(k), "age_verb_filler"):
            k -= 1  # "avrebbe compiuto proprio oggi 20 anni", "ha ormai 40 anni"
        return lex.cue(self.low(k), "age") and not self._followed_by_of(unit_end)  # "ha 40 anni", not "ha 40 anni di carriera"

    def bare_age(self, start: int, end: int) -> bool:
        """A whole number with no unit that is a person's age: "Mario Rossi di 17", "la figlia di 2", "un
        allevatore di 61"; or coordinated with an age that follows: "due donne di 83 e 88 anni", "di appena 2
        e 3 anni"."""
        nxt = self.w[end] if end < self._n else None
        if nxt is not None and not (nxt.is_alpha or nxt.text in BARE_AGE_AFTER):
            return False  # "di 2 \" km", "di 1'56\""
        s = start
        while self.lex.cue(self.low(s - 1), "emphatic"):
            s -= 1
        if self.low(s - 1) == "di" and self._person_at(s - 2):
            return True
        if self.low(end) in ("e", "ed", "o", ",") and self._number_word(end + 1):
            found = self.unit_at(end + 2)
            return bool(found) and found[0].lemma in ("anno", "mese") and self.age(start, found[1])
        return False

    def _age_at(self, start: int, unit_end: int, head: Head | None) -> bool:
        """ "a N anni" is an age ("morto a 40 anni", "A 18 anni ha lasciato casa") unless it measures time from
        something ("a 10 anni dalla strage") or is a term ("condannato a 10 anni", "portato a 5 anni")."""
        lex = self.lex
        after = unit_end + lex.cue(self.low(unit_end), "age_filler")  # "a dieci anni esatti dallo showcase"
        if lex.cue(self.low(after), "not_age_after"):
            return False
        if head is not None and (lex.cue(head.lemma, "duration_before") or lex.cue(head.lower, "duration_before")):
            return False
        for k in range(start - 2, max(start - 10, -1), -1):  # back through the clause, across incidentals
            low = self.low(k)
            if lex.cue(low, "duration_before") or (k >= start - 4 and low in lex.range_openers):
                return False  # "condannato, dopo un lungo processo, a 10 anni", "da tre mesi a un anno"
            if low in SENTENCE_END or low == ":" or lex.cue(low, "age"):
                break  # "Il cantante, condannato nel 2010, è morto a 60 anni"
        return True

    def _followed_by_of(self, k: int) -> bool:
        return self.low(k) == "di" and k + 1 < self._n and self.w[k + 1].text[:1].islower()

    def _person_before(self, k: int) -> bool:
        """A person ends at word k, after up to two adjectives: "una ragazza (romana) di 20 anni", "Mario Rossi di 45 anni"."""
        for j in range(k, max(k - 3, -1), -1):
            w, low = self.w[j], self.low(j)
            if self._person_word(low) or (low.endswith(PERSON_SUFFIXES) and w.is_alpha):
                return True
            if w.is_alpha and w.text[0].isupper() and not self.initial(j):
                return self.info.entity(w.start) in (None, "PER")  # a name; with NER, a person's
            if not w.is_alpha or low in self.lex.function_words:
                return False
        return False

    def _person_at(self, k: int) -> bool:
        """Word k names a person: a person noun ("la figlia", "un allevatore", "-enne") or a name that is not
        first in its sentence and, with NER, a person's ("Mario Rossi")."""
        w = self.w[k] if 0 <= k < self._n else None
        if w is None or not w.is_alpha:
            return False
        if w.text[0].isupper() and not self.initial(k):
            return self.info.entity(w.start) in (None, "PER")
        return self._person_word(w.lower) or w.lower.endswith(PERSON_SUFFIXES)

    def _person_word(self, low: str) -> bool:
        """A word for a person or a verb of age (`age` cues), also in the plural: "fratelli", "pescatori"."""
        return self.lex.cue(low, "age") or self.lex.cue(noun_lemmas().get(low, low), "age")

    def _person_head(self, head: Head) -> bool:
        if head.ent:
            return head.ent == "PER"
        return self.lex.cue(head.lower, "age") or self.lex.cue(head.lemma, "age") or head.lower.endswith(PERSON_SUFFIXES)

    def sentence_between(self, a: int, b: int) -> bool:
        """A sentence ends between words a and b."""
        return any(self.low(k) in SENTENCE_END or self.w[k].newline for k in range(max(a, 0), min(b + 1, self._n)))

    # -- the counted noun of a predicate number
    def postposed_noun(self, start: int, end: int, noun_at: Callable[[int], int | None]) -> int | None:
        """The noun of a verbless predicate: a number opening a clause, then a plural article and the noun: "13 i
        morti" (a headline), ", otto i voti contrari"."""
        if not self.lex.cue(self.low(end), "plural_article"):
            return None
        if not (self.initial(start) or self.low(start - 1) in (",", "e", "ed")):
            return None
        return noun_at(end + 1)

    def predicate_noun(self, start: int, end: int, noun_at: Callable[[int], int | None]) -> int | None:
        """The subject noun of a bare number used as a predicate, or None.

        "Sono 20 i feriti" (copula, number, plural article, noun) and "Le vittime
        accertate sono al momento 35" (the nearest plural article and noun up to
        six words before the copula, no punctuation between; up to three filler
        words between copula and number); `start` is the first word of the
        number or of its qualifier.
        """
        lex = self.lex
        k = start - 1
        while k >= 0 and start - k <= 3 and lex.cue(self.low(k), "predicate_filler"):
            k -= 1
        if not lex.cue(self.low(k), "copula"):
            return None
        if lex.cue(self.low(end), "plural_article") and (noun := noun_at(end + 1)) is not None:
            return noun  # "Sono 20 i feriti"
        if end < len(self.w) and self.w[end].is_alpha and self.low(end) not in lex.function_words:
            return None  # the number goes on with something else
        for a in range(k - 2, max(k - 8, -1), -1):  # the nearest plural article + noun, in the same clause
            if not self.w[a + 1].is_alpha or lex.cue(self.low(a + 1), "copula"):
                return None
            if lex.cue(self.low(a), "plural_article") and not lex.cue(self.low(a - 1), "preposition") \
                    and (noun := noun_at(a + 1)) is not None:
                return noun  # not "i civili" of "Le vittime tra i civili sono 35"
        return None
