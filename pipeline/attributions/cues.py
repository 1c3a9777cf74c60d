"""Finding attribution cues and their source phrases in a document.

Three families, each yielding `Candidate`s (token ranges, source unresolved):
- phrase cues from `attribution_cues.tsv` (+ generated "come riportato da"):
  the source is the phrase after the cue and must be a recognised source
  (`Text.read_source`), which is what rules out "secondo le regole". The
  ordinal "secondo" (after an article: "il secondo mandato", "al secondo posto")
  is skipped, and "per" counts only clause-initially and followed by a comma
  ("Per il Cremlino, ...");
- reporting verbs: an auxiliary + adverbs + participle ("ha più volte
  sottolineato") or a finite form / gerund ("dice", "aggiungendo"); the
  subject is looked for before the verb group (also across a relative "che"
  or a comma-enclosed apposition), then after it ("ha affermato Starmer");
  none means an omitted subject, resolved from context later;
- direct quotes «…», “…”, "…": attached to the adjacent verb cue ("«…», ha
  detto X", "X ha detto: «…»"), or after "X:" on their own (cue type quote,
  cue span = the quote with its marks).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .spans import Source, Text

_ART_PREP = {}
for _base, _forms in {"da": "dal dallo dalla dall' dai dagli dalle",
                      "di": "d' del dello della dell' dei degli delle",
                      "a": "ad al allo alla all' ai agli alle",
                      "su": "sul sullo sulla sull' sui sugli sulle",
                      "in": "nel nello nella nell' nei negli nelle"}.items():
    for _f in _forms.split():
        _ART_PREP[_f] = _base
_CLITICS = {"lo", "l'", "gli", "le", "ne", "ci", "si", "mi", "ti", "vi"}
_QUOTE_RE = re.compile(r"«[^«»]+»|“[^“”]+”|\"[^\"\n]+\"")
_DASHES = {",", "–", "—", "-"}
_RELATIVE = {("il", "quale"), ("la", "quale"), ("i", "quali"), ("le", "quali")}


@dataclass
class Candidate:
    cue: tuple[int, int]  # token range
    cue_type: str
    verb_lemma: str | None = None
    source: Source | None = None
    omitted: bool = False  # no subject in the text: resolved from context
    gerund: bool = False
    quote: tuple[int, int] | None = None  # token range of the quote marks, inclusive of both
    block: tuple[int, int] | None = None  # tokens of cue + source, excluded from the content


def find_quotes(text: Text) -> list[tuple[int, int]]:
    """(open mark token, close mark token) for each quotation in the document."""
    quotes = []
    for m in _QUOTE_RE.finditer(text.doc.text):
        a = text.doc.char_span(m.start(), m.start() + 1, alignment_mode="expand")
        b = text.doc.char_span(m.end() - 1, m.end(), alignment_mode="expand")
        if a is not None and b is not None and b.start > a.start:
            quotes.append((a.start, b.start))
    return quotes


def _norm(text: Text, i: int) -> str:
    return _ART_PREP.get(text.low[i], text.low[i])


def _match_cue(text: Text, i: int) -> tuple[int, str] | None:
    for n in range(min(7, len(text) - i), 0, -1):
        key = tuple(_norm(text, j) for j in range(i, i + n))
        if key in text.lex.cues:
            return n, text.lex.cues[key]
    return None


def _clause_initial(text: Text, i: int) -> bool:
    return i == 0 or text.sid[i - 1] != text.sid[i] or text.low[i - 1] in (",", ";", ":", "ma", "e", "(")


def phrase_cues(text: Text) -> list[Candidate]:
    found, i = [], 0
    while i < len(text):
        hit = _match_cue(text, i)
        if not hit:
            i += 1
            continue
        n, cue_type = hit
        word = text.low[i]
        prev = text.low[i - 1] if i > 0 and text.sid[i - 1] == text.sid[i] else ""
        if word in ("secondo", "per") and n == 1 and text.lex.is_("determiner", prev):
            i += 1  # ordinal: "il secondo mandato", "al secondo posto"
            continue
        if word == "per" and n == 1 and not _clause_initial(text, i):
            i += 1
            continue
        after = i + n
        rel = 1 if text.low[after:after + 1] == ["cui"] else 2 if tuple(text.low[after:after + 2]) in _RELATIVE else 0
        if word == "secondo" and n == 1 and rel:  # "X, secondo cui ..."
            q = i - 1 if prev == "," else i
            source = text.read_source(*text.np_left(q), closest_last=True)
            end = after + rel
            if source:
                found.append(Candidate((i, end), "according_to", source=source, block=(i, end)))
            i = end
            continue
        source = text.read_source(*text.np_right(after))
        if source is None or (word == "per" and n == 1 and (
                source.kind in ("document", "unknown") or source.end >= len(text) or text.low[source.end] != ",")):
            i += 1
            continue
        found.append(Candidate((i, after), cue_type, source=source, block=(i, source.end)))
        i = source.end
    return found


def _skip(text: Text, i: int, step: int, kinds=("adverb",), limit: int = 3) -> int:
    n = 0
    while 0 <= i < len(text) and n < limit and (any(text.lex.is_(k, text.low[i]) for k in kinds)
                                                or text.low[i].endswith("mente")):
        i += step
        n += 1
    return i


def _verb_group(text: Text, i: int):
    """(end, VerbForm) of a reporting-verb group starting at token i, or None."""
    lex = text.lex
    if lex.is_("aux", text.low[i]):
        j = _skip(text, i + 1, 1)
        hit = text.match(j, lex.participles, 3) if j < len(text) else None
        if hit:
            return j + hit[0], hit[1]
        return None
    hit = text.match(i, lex.finite, 3)
    if hit:
        prev = text.low[i - 1] if i > 0 else ""
        if lex.is_("determiner", prev) and prev not in _CLITICS:
            return None  # a noun: "la conferma", "una denuncia"
        return i + hit[0], hit[1]
    return None


def _quote_before(text: Text, p: int, quotes) -> tuple[int, int] | None:
    j = p - 1
    while j >= 0 and text.low[j] in _DASHES:
        j -= 1
    return next((q for q in quotes if q[1] == j), None)


def _quote_after(text: Text, p: int, quotes) -> tuple[int, int] | None:
    j = p
    if j < len(text) and text.low[j] in (":", ",", "–", "—"):
        j += 1
    return next((q for q in quotes if q[0] == j), None)


def _has_complement(text: Text, p: int) -> bool:
    for j in range(p, min(p + 7, len(text))):
        if text.low[j] in ("che", ":", "«", "“", '"'):
            return True
        if text.low[j] in (",", ".", ";"):
            return False
    return False


def _subject_left(text: Text, p: int) -> tuple[Source | None, bool]:
    """The subject before a verb group starting at p; (source, a phrase was there)."""
    prev = text.low[p - 1] if p > 0 and text.joined(p) else ""
    if prev in ("che", "cui"):
        q = p - 2 if p >= 2 and text.low[p - 2] == "," else p - 1
        return text.read_source(*text.np_left(q), closest_last=True), True
    start, end = text.np_left(p)
    if start < end:
        source = text.read_source(start, end, closest_last=True)
        if source is None and text.lex.is_("determiner", text.low[start]) \
                and not text.lex.is_("preposition", text.low[start]):
            source = Source(start, end, "unknown", "unknown")
        return source, True
    if prev == ",":  # "Starmer, leader laburista, ha detto"
        c = p - 2
        while c >= 0 and p - 2 - c < 12 and text.joined(c + 1) and text.low[c] != ",":
            c -= 1
        if c >= 0 and text.low[c] == "," and p - 2 - c < 12:
            source = text.read_source(*text.np_left(c), closest_last=True)
            if source and source.kind in ("entity", "role", "anonymous"):
                return source, True
    return None, False


def verb_cues(text: Text, quotes, taken: set[int]) -> list[Candidate]:
    found, i = [], 0
    inside = {t for a, b in quotes for t in range(a, b + 1)}
    while i < len(text):
        group = None if i in taken or i in inside else _verb_group(text, i)
        if not group:
            i += 1
            continue
        end, form = group
        cand = Candidate((i, end), form.cue_type, verb_lemma=form.lemma, gerund=form.kind == "gerund")
        p = i
        while p > 0 and text.low[p - 1] in _CLITICS:
            p -= 1
        cand.quote = _quote_before(text, p, quotes)
        source, had_phrase = (None, False)
        if not form.kind == "gerund" and not cand.quote:
            source, had_phrase = _subject_left(text, p)
        postposed = False
        if source is None:
            r = _skip(text, end, 1, ("adverb", "clitic"))
            if r < len(text) and not text.is_punct(r) and not text.lex.is_("preposition", text.low[r]) \
                    and text.low[r] not in ("che", "di"):
                source = text.read_source(*text.np_right(r))
                postposed = source is not None and source.kind != "unknown" or (
                    source is not None and text.doc[source.start].text[:1].isupper())
                if not postposed:
                    source = None
        after = source.end if postposed else end
        cand.quote = cand.quote or _quote_after(text, after, quotes)
        if form.needs == "quote" and not cand.quote:
            i += 1
            continue
        if form.needs == "che" and not (cand.quote or postposed or _has_complement(text, after)):
            i += 1
            continue
        if source is None and had_phrase:
            i += 1  # a subject that is no source ("Le informazioni evidenziano")
            continue
        cand.source = source
        cand.omitted = source is None
        lo = min(i, source.start) if source else i
        hi = max(end, source.end) if source else end
        cand.block = (lo, hi)
        found.append(cand)
        i = hi if postposed else end
    return found


def colon_quotes(text: Text, quotes, attached: set[tuple[int, int]]) -> list[Candidate]:
    """"X: «…»": a quote after a colon that follows a recognised source."""
    found = []
    for q in quotes:
        if q in attached or q[0] < 2 or text.low[q[0] - 1] != ":":
            continue
        source = text.read_source(*text.np_left(q[0] - 1), closest_last=True)
        if source and source.kind != "unknown":
            found.append(Candidate((q[0], q[1] + 1), "quote", source=source, quote=q,
                                   block=(source.start, q[1] + 1)))
    return found


def find_candidates(text: Text) -> list[Candidate]:
    quotes = find_quotes(text)
    inside = {t for a, b in quotes for t in range(a + 1, b)}
    phrases = [c for c in phrase_cues(text) if c.cue[0] not in inside]
    taken = {t for c in phrases for t in range(*c.block)}
    verbs = verb_cues(text, quotes, taken)
    attached = {c.quote for c in verbs if c.quote}
    cands = phrases + verbs + colon_quotes(text, quotes, attached)
    return sorted(cands, key=lambda c: c.cue[0])
