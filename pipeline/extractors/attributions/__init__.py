"""Attribution detection: who is reported as the source of what.

`attribution_rows(doc_id, doc, entities)` returns rows of the attributions
table for one parsed document, given its rows of the entities table.

Span conventions (offsets are characters into the document text):
- `cue` is the cue words only, never the source: "Secondo", "secondo quanto
  riportato dal", "come riportato da", "basate su", "citando", "ha più volte
  sottolineato" (auxiliary + adverbs + participle), "dice", "aggiungendo";
  for a quote with no verb ("X: «…»") and a headline "X: claim" the cue is the colon.
- `source` is the entity mention ("BBC" in "Secondo la BBC", "The Telegraph" in
  "il quotidiano britannico The Telegraph"), or the whole phrase for
  anonymous, role, anaphoric and generic sources ("fonti anonime", "Il
  presidente degli Stati Uniti", "la pubblicazione"); empty for an omitted
  subject.
- `content` is the quote (without marks) for direct quotes; otherwise the
  rest of the sentence after the cue and source (after a following "che"),
  or, when nothing follows ("..., come riportato da The Guardian."), the
  sentence before the cue.
- cue_type: `according_to`, `reported_by` (incl. the verbs riportare,
  scrivere, rivelare, riferire, and passives "confermata dal governo"),
  `verb`, or `quote`. See `cues` (with `passive` and `quotes`), `spans` (with
  `names` for names the entities stage missed) and `resolve` for the rules.
  A gerund with no subject takes the source of the cue before it in its
  sentence ("ha risposto assicurando").
"""
from __future__ import annotations

from spacy.tokens import Doc

from ...storage.schemas import columns
from .cues import Candidate, find_candidates
from .lexicon import Lexicon, load_lexicon
from .resolve import Clause, Resolver, resolve
from .spans import Text

_LEAD = set(",;:–—-")
_TAIL = set(".,;:!?–—- \n\t")


def _content(text: Text, cand: Candidate) -> tuple[int, int] | None:
    if cand.quote:
        a, b = cand.quote
        return text.idx[a] + len(text.words[a]), text.idx[b]
    if cand.content:
        return _trim(text, *cand.content)
    lo, hi = cand.block
    # The cue's and the source's sentences (a poor splitter may cut between them).
    s0, s1 = text.sentence_bounds(lo, hi - 1)
    j = hi
    while j < s1 and (text.low[j] in _LEAD or text.low[j] in ("che", "di", "come")):
        j += 1  # the content starts after "che"/"di"/"come" ("ha raccontato di non aver visto")
    for k in range(j, min(j + 6, s1)):  # "... dichiarato nel marzo 2025 che ..."
        if text.low[k] == "che":
            j = k + 1
            break
        if text.is_punct(k):
            break
    span = _trim(text, j, s1) if s1 - j >= 2 else None
    if (span is None or span[0] >= span[1]) and cand.cue_type != "other":
        span = _trim(text, s0, lo) if lo - s0 >= 2 else None  # "..., come riportato da X."
    return span if span and span[0] < span[1] else None


def _trim(text: Text, start: int, end: int) -> tuple[int, int] | None:
    if start >= end:
        return None
    a, b = text.chars(start, end)
    chars = text.text
    while a < b and chars[a] in _TAIL:
        a += 1
    while b > a and chars[b - 1] in _TAIL:
        b -= 1
    return a, b


def attribution_rows(doc_id: str, doc: Doc, entities: list[dict], lexicon: Lexicon | None = None) -> list[dict]:
    """Rows of the attributions table for one document (pure). `lexicon` defaults to the
    package's data files with the learned cue decision (see `decision`)."""
    text = Text(doc, entities, lexicon or load_lexicon())
    chars = text.text  # doc.text joins every token: computed once
    resolver = Resolver(text)
    rows, last, prev = [], None, None
    for cand in find_candidates(text):
        sent = text.sid[cand.cue[0]]
        if cand.agentless:  # "è stato annunciato che": no source, by definition
            source_type, row, resolution, rule = "unknown", None, "none", "agentless"
        elif cand.gerund and cand.source is None and prev and prev[0] == sent:  # "ha risposto assicurando"
            source_type, row = prev[1], prev[2]
            resolution, rule = "context" if row else "none", "gerund_previous_clause"
        else:
            continues = text.lex.is_("continuation_verb", cand.verb_lemma or "")
            found = resolve(resolver, Clause(cand.source, cand.cue[0], cand.gerund, last, continues))
            source_type, row, resolution, rule = found.source_type, found.entity, found.resolution, found.rule
        prev = (sent, source_type, row)
        if cand.nested:  # "«Mi hanno detto che ...»": not the speaker chain's
            pass
        elif source_type in ("person", "outlet"):  # an unresolved one too ("il sindaco")
            last = (row, cand.cue[0])
        if row is not None and row["type"] in ("person", "outlet") and not cand.nested:
            last = (row, cand.cue[0])
            if row.get("synthetic") and row["type"] == "person" and cand.source is not None:
                resolver.named.append((cand.source.start, cand.source.end, row))
        cue_start, cue_end = text.chars(*cand.cue)
        src = cand.source
        src_chars = text.chars(src.start, src.end) if src else (None, None)
        content = _content(text, cand)
        rows.append({
            "doc_id": doc_id, "sent_id": text.sid[cand.cue[0]],
            "cue": chars[cue_start:cue_end], "cue_start": cue_start, "cue_end": cue_end,
            "cue_type": cand.cue_type, "verb_lemma": cand.verb_lemma,
            "source_text": chars[src_chars[0]:src_chars[1]] if src else None,
            "source_start": src_chars[0], "source_end": src_chars[1],
            "source_type": source_type,
            "source_canonical_id": row["canonical_id"] if row else None,
            "source_canonical_name": row["canonical_name"] if row else None,
            "resolution": resolution, "source_rule": rule,
            "content_text": chars[content[0]:content[1]] if content else None,
            "content_start": content[0] if content else None,
            "content_end": content[1] if content else None,
            "is_direct_quote": cand.quote is not None,
            "method": cand.method,
        })
    assert all(list(r) == columns("attributions") for r in rows)
    return rows
