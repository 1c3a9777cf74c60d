"""Passive cues: a reporting participle + "da" + agent ("diffusa da Al Jazeera",
"è stata confermata dallo stesso interessato", "annunciato dal ministero").

The participle (any agreeing form, see `lexicon`) may follow passive
auxiliaries ("è stata", "viene", "era stato": `passive_aux` in
attribution_words.tsv) or "come", which join the cue; adverbs or a short
prepositional phrase may stand between the participle and "da" ("come
raccontato negli scorsi giorni dal Financial Times"). The agent must read as a source (`Text.read_source`),
not just any phrase ("confermato da tempo" is no cue). Cue type
`reported_by`; the verb's lemma is kept. Verbs whose passive is another sense
("è stato accusato di": a charge; "sostenuto dal partito": supported; "è stato
condannato": a sentence) are listed as `no_passive` in attribution_words.tsv. "come riportato da" and the other
phrase cues are found before and take precedence.
"""
from __future__ import annotations

from .base import Candidate, norm, skip
from .base import has_complement as _has_complement
from .spans import Text


def passive_cues(text: Text, taken: set[int], inside: set[int]) -> list[Candidate]:
    found, i = [], 0
    while i < len(text):
        hit = None if i in taken or i in inside else text.match(i, text.lex.participles, 3)
        if not hit or hit[1].needs == "quote" or text.lex.is_("no_passive", hit[1].lemma):
            i += 1
            continue
        n, form = hit
        j = _agent_prep(text, i + n)
        if j is None or j + 1 >= len(text) or not text.joined(j + 1):
            agentless = _agentless(text, i, n, form)
            if agentless:
                found.append(agentless)
                i += n
                continue
            i += 1
            continue
        source = text.read_source(*text.np_right(j + 1))
        if source is None or source.kind == "unknown" or any(t in taken for t in range(j, source.end)):
            i += 1
            continue
        lo = _aux_start(text, i)
        if lo > 0 and text.low[lo - 1] == "come":  # "come raccontato negli scorsi giorni dal"
            lo -= 1
        found.append(Candidate((lo, j + 1), "reported_by", verb_lemma=form.lemma, source=source,
                               block=(lo, source.end)))
        i = source.end
    return found


def _aux_start(text: Text, i: int) -> int:
    """First token of the passive auxiliaries before a participle at i, across adverbs
    ("è stata però successivamente smentita"); i when there is none."""
    j = skip(text, i - 1, -1, limit=3) + 1 if i > 0 else i
    lo = j
    while lo > 0 and text.joined(lo) and text.lex.is_("passive_aux", text.low[lo - 1]) and j - lo < 3:
        lo -= 1
    return lo if lo < j else i


def _agentless(text: Text, i: int, n: int, form) -> Candidate | None:
    """"è stato annunciato che …", "la notizia è stata confermata": a speech participle
    after a passive auxiliary, with no agent, and a content: a "che"/":"/"di" clause or
    quote after it, or a report noun as its subject (`report_noun`). The spec counts
    it, with no source."""
    lo = _aux_start(text, i)
    if lo == i or form.cue_type != "verb":
        return None
    # "è stato annunciato che …", "la notizia è stata smentita"; not "il ponte è stato
    # dichiarato inagibile" nor "è stato confermato allenatore": a content must be there
    content = _has_complement(text, i + n) or (lo > 0 and text.lex.is_("report_noun", text.low[lo - 1]))
    if not content:
        return None
    if lo > 0 and (text.low[lo - 1] == "si" or text.lex.is_("preverbal_clitic", text.low[lo - 1])):
        return None  # "si è detto fiducioso" (a verb cue of its own), "gli è stato detto"
    return Candidate((lo, i + n), "verb", verb_lemma=form.lemma, agentless=True, block=(lo, i + n))


def _agent_prep(text: Text, k: int) -> int | None:
    """The "da" token after a participle ending at k: right after it, after adverbs, or
    after a short prepositional phrase ("negli scorsi giorni")."""
    j = skip(text, k, 1)
    if j < len(text) and norm(text, j) == "da":
        return j
    if j >= len(text) or not text.lex.is_("preposition", text.low[j]):
        return None
    for m in range(j + 1, min(j + 5, len(text))):
        if text.is_punct(m) or not text.joined(m):
            return None
        if norm(text, m) == "da":
            return m
    return None
