"""The word list the quantity rules walk, and the rules that read the context of a number.

`Context` holds the words of a text (`numbers.words`) with small look-ups
(units, multipliers, qualifiers) and the context tests the extractor asks:
is this number an identifier ("G8", "legge 104"), a clock time ("alle 17.45",
"17.45 ora italiana"), an age ("gemelli siamesi di 13 mesi"), a slashed range
("5/10 kg", not "11/9" or "2010/2011"), or the predicate of a counted noun
("Le vittime sono 35", "Sono 20 i feriti")?
"""
from __future__ import annotations

import re
from typing import Callable

from .lexicon import Lexicon, Unit
from .numbers import Word, parse_digits, words

SENTENCE_PUNCT = {".", "!", "?", ":", ";", "«", "\"", "“", "(", "-", "–", "—"}
_CLOCK_RE = re.compile(r"(\d{1,2})[.:](\d{2})")


def is_year(raw: str) -> bool:
    return len(raw) == 4 and raw.isdigit() and 1000 <= int(raw) <= 2100


class Context:
    def __init__(self, text: str, lex: Lexicon, hint: Callable[[int, int], str | None]):
        self.text, self.lex, self.hint = text, lex, hint
        self.w: list[Word] = words(text)
        self._low = [w.lower for w in self.w]
        self._n = len(self.w)

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
        if nxt and nxt.glued:
            if nxt.text in "°ºª" and not self.unit_at(i + 1):
                return True  # "3°" ordinal
            if nxt.text == "/" and not self.slash_range(i):
                return True
            if nxt.is_alpha and not self.multiplier(i + 1) and not self.unit_at(i + 1):
                return True  # "5G"
        j = i - 1
        if self.low(j) == "." and j >= 1 and self.w[j].glued:
            j -= 1  # "art. 3", "n. 5"
        if self.lex.cue(self.low(j), "identifier"):
            return True
        if prev and prev.text.isalpha() and prev.text[0].isupper() and not self.initial(i - 1):
            low = prev.lower
            return not (low in self.lex.function_words or any(low == q[-1] for q in self.lex.qualifiers))
        return False

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
        """ "17.45" after "alle"/"ore" or before "ora"/"ore": a clock time."""
        m = _CLOCK_RE.fullmatch(self.w[i].text)
        if not m or int(m.group(1)) > 24 or int(m.group(2)) > 59:
            return False
        return self.clock(i) or self.lex.cue(self.low(i + 1), "clock_after")

    def clock(self, i: int) -> bool:
        prev, prev2 = self.low(i - 1), self.low(i - 2)
        return self.lex.cue(prev, "time") or (prev == "le" and self.lex.cue(prev2, "clock_le"))

    def age(self, start: int, unit_end: int) -> bool:
        """Years or months of a person: "una ragazza di 20 anni", "gemelli siamesi di 13 mesi", "Rossi, di 19 anni"."""
        prev, prev2 = self.low(start - 1), self.low(start - 2)
        if self.low(unit_end) == "di" and self.low(unit_end + 1) == "età":
            return True
        if prev == "di" and prev2 == ",":
            return True
        if prev in ("di", "a"):
            for k in range(start - 2, max(start - 5, -1), -1):  # the person, after up to two adjectives
                if self.lex.cue(self.low(k), "age"):
                    return True
                if not self.w[k].is_alpha or self.low(k) in self.lex.function_words or prev == "a":
                    return False
            return False
        if prev in ("(", ",") and self.low(unit_end) in (")", ","):
            return True  # apposition: "Il tecnico, 55 anni, ..."
        return self.lex.cue(prev, "age")

    # -- the counted noun of a predicate number
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
