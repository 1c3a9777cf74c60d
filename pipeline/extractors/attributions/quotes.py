"""Direct quotes: finding them and tying them to cues.

- `find_quotes`: «…», “…” and "…" as (open mark token, close mark token).
- `quote_before` / `quote_after`: a quote right before a verb cue ("«…», ha
  detto") or right after it ("ha detto: «…»").
- `interruption`: a verb cue inside a quote between dashes or commas
  ("«Certo che torno - ha dichiarato - ma non subito»", "«Tornerò - prosegue -
  …»", "«Sono stanco, ha detto, ma resto»"): the enclosing quote.
- `colon_quotes`: "X: «…»" on its own (cue type quote; the cue is the colon).
- `headline_colons`: a headline "Bianchi sulla scuola: nessun taglio", where
  the cue is the colon after a named speaker (cue type quote).
"""
from __future__ import annotations

import re

from . import syntax
from .base import Candidate
from .spans import Source, Text, phrase_source

_QUOTE_RE = re.compile(r"«[^«»]+»|“[^“”]+”|\"[^\"\n]+\"")
_DASHES = {",", "–", "—", "-"}


def find_quotes(text: Text) -> list[tuple[int, int]]:
    """(open mark token, close mark token) for each quotation in the document."""
    quotes = []
    for m in _QUOTE_RE.finditer(text.text):
        a = text.doc.char_span(m.start(), m.start() + 1, alignment_mode="expand")
        b = text.doc.char_span(m.end() - 1, m.end(), alignment_mode="expand")
        if a is not None and b is not None and b.start > a.start:
            quotes.append((a.start, b.start))
    return quotes


def quote_before(text: Text, p: int, quotes) -> tuple[int, int] | None:
    j = p - 1
    while j >= 0 and text.low[j] in _DASHES:
        j -= 1
    return next((q for q in quotes if q[1] == j), None)


def quote_after(text: Text, p: int, quotes) -> tuple[int, int] | None:
    j = p
    if j < len(text) and text.low[j] in (":", ",", "–", "—"):
        j += 1
    return next((q for q in quotes if q[0] == j), None)


def interruption(text: Text, p: int, end: int, quotes) -> tuple[int, int] | None:
    """The quote a cue (tokens p..end, speaker included) interrupts between dashes or commas."""
    q = next((q for q in quotes if q[0] < p and end <= q[1]), None)
    if q is None or p - 1 <= q[0] + 1 or text.low[p - 1] not in _DASHES or not text.is_stop(p - 1):
        return None
    if end == q[1] or (text.low[end] in _DASHES and text.is_stop(end)):
        return q
    return None


def colon_quotes(text: Text, quotes, attached: set[tuple[int, int]], verb_cue_tokens: set[int]) -> list[Candidate]:
    """"X: «…»": a quote after a colon that follows its speaker. The speaker is a recognised
    source right before the colon; or a noun phrase that is all the clause before the colon
    ("Un poliziotto: «…»"); or the subject of the clause the colon closes ("Mattis ha preso
    posizione: «…»", "Rossi va sul cauto: «…»"; the spec's idiom + colon)."""
    found = []
    for q in quotes:
        if q in attached or q[0] < 2 or text.low[q[0] - 1] != ":":
            continue
        colon = q[0] - 1
        start, end = text.np_left(colon)
        source = text.read_source(start, end, closest_last=True)
        if source is not None and source.kind == "unknown":
            source = None
        if source is None and start < end and _clause_start(text, start) and \
                text.lex.is_("determiner", text.low[start]) and not text.lex.is_("preposition", text.low[start]):
            source = phrase_source(text, start, end)
        if source is None:
            source = _clause_subject(text, colon, verb_cue_tokens)
        if source is not None:  # the cue is the colon (spec: "speaker + colon")
            found.append(Candidate((colon, q[0]), "quote", source=source, quote=q,
                                   block=(min(source.start, colon), q[0])))
    return found


def _clause_start(text: Text, i: int) -> bool:
    return i == 0 or text.sid[i - 1] != text.sid[i] or text.is_punct(i - 1)


def _clause_subject(text: Text, colon: int, verb_cue_tokens: set[int]) -> Source | None:
    """The parse's subject of the verb whose clause the colon closes, when it is a recognised
    source or a definite noun phrase before that verb in the same sentence; none when that verb
    is a reporting cue already (one record per cue: "ha parlato delle accuse: «…»")."""
    doc = text.doc
    if not syntax.has_parse(doc) or colon == 0 or text.sid[colon - 1] != text.sid[colon]:
        return None
    verb = doc[colon - 1]
    for _ in range(6):  # up to the verb of the clause
        if verb.pos_ in ("VERB", "AUX") or verb.head is verb:
            break
        verb = verb.head
    if verb.pos_ not in ("VERB", "AUX") or verb.i >= colon or verb.i in verb_cue_tokens:
        return None
    subj = syntax.subject(verb)
    if subj is None or subj.i >= verb.i or text.sid[subj.i] != text.sid[colon]:
        return None
    subj = syntax.named_apposition(subj) or subj
    start, stop = syntax.phrase(subj)
    if subj.i in text.ent_at:
        e_start, e_end, _row = text.entities[text.ent_at[subj.i]]
        start, stop = min(start, e_start), max(stop, e_end)
    source = text.read_source(start, stop)
    if source is None and text.lex.is_("determiner", text.low[start]) and stop <= verb.i:
        source = phrase_source(text, start, stop)
    return source


def _line_bounds(text: Text, i: int) -> tuple[int, int]:
    """Character offsets of the line holding token i."""
    chars = text.text
    start = chars.rfind("\n", 0, text.idx[i]) + 1
    end = chars.find("\n", text.idx[i])
    return start, len(chars) if end < 0 else end


def headline_colons(text: Text, quotes, taken: set[int]) -> list[Candidate]:
    """"Bianchi sulla scuola: nessun taglio": in a headline (a line of its own with no
    closing full stop), a colon after a named person, organisation or outlet."""
    opened = {q[0] for q in quotes}
    found = []
    for c in range(1, len(text) - 1):
        if text.low[c] != ":" or c in taken or c + 1 in opened:
            continue
        start, end = _line_bounds(text, c)
        line = text.text[start:end].rstrip()
        if not line or line.endswith((".", "?", "!")) or len(line) > 200 or text.idx[c] - start > 80:
            continue
        first = next(i for i in range(c, -1, -1) if i == 0 or text.idx[i - 1] < start)
        source = text.read_source(first, c, closest_last=False)
        if source is None or source.kind not in ("entity", "name") or source.start != first:
            continue
        first_word = next((i for i in range(c + 1, len(text)) if not text.space[i]), len(text))
        if first_word >= len(text) or text.idx[first_word] >= end:
            continue  # nothing after the colon on that line
        last = next(i for i in range(first_word, len(text)) if i + 1 == len(text) or text.idx[i + 1] >= end)
        found.append(Candidate((c, c + 1), "quote", source=source, block=(source.start, c + 1),
                               content=(first_word, last + 1)))
    return found
