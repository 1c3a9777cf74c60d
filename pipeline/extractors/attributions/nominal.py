"""Nominal cues (cue type `other`): a noun of saying followed by its source.

"le dichiarazioni del ministro", "la smentita di Palazzo Chigi", "critiche da
parte dei sindacati", "la richiesta dell'opposizione". The nouns are in
`attribution_nominal.tsv`; the cue is the noun with the preposition that
links it to the source ("dichiarazioni del", "critiche da parte dei"), and the
phrase after it must read as a source (`Text.read_source`), which keeps out
"la richiesta di asilo" or "le dichiarazioni dei redditi".

`arrival_cues`: a noun of saying that "arrives" from its source ("la conferma è
arrivata dal ministero", "Il parere più duro è giunto dal commissario",
"Messaggi di cordoglio sono giunti dalle più alte cariche"): the noun is the
subject of an arrival verb (`arrival_verb`: lemmas and forms, the lemmatizer
misses some) whose "da" phrase reads as a source;
the cue is the noun (`arrival_noun` lists the nouns: also "conferma", "nota",
"condanna", which after "di" would name the object, not the speaker).
"""
from __future__ import annotations

from . import syntax
from .base import Candidate, norm
from .spans import Text


def _linking_preposition(text: Text, j: int) -> int | None:
    """End of "di"/"da parte di" starting at token j."""
    if j < len(text) and norm(text, j) == "di":
        return j + 1
    if j + 2 < len(text) and norm(text, j) == "da" and text.low[j + 1] == "parte" and norm(text, j + 2) == "di":
        return j + 3
    return None


def nominal_cues(text: Text, taken: set[int], inside: set[int]) -> list[Candidate]:
    nouns = text.lex.words.get("nominal_cue", set())
    found = []
    for i in range(len(text)):
        if text.low[i] not in nouns or i in taken or i in inside:
            continue
        end = _linking_preposition(text, i + 1)
        if end is None or end >= len(text) or not text.joined(end):
            continue
        source = text.read_source(*text.np_right(end))
        if source is None or source.kind in ("unknown", "document", "generic"):
            continue
        found.append(Candidate((i, end), "other", source=source, block=(i, source.end)))
    return found


def arrival_cues(text: Text, taken: set[int], inside: set[int]) -> list[Candidate]:
    nouns, verbs = text.lex.words.get("arrival_noun", set()), text.lex.words.get("arrival_verb", set())
    doc, found = text.doc, []
    if not syntax.has_parse(doc):
        return found
    for i in range(len(text)):
        if text.low[i] not in nouns or i in taken or i in inside:
            continue
        verb = doc[i].head
        if not doc[i].dep_.startswith("nsubj") or not ({verb.lemma_.lower(), verb.lower_} & verbs):
            continue
        agent = next((c for c in verb.children if c.i > verb.i and c.dep_.startswith("obl")
                      and any(g.dep_ == "case" and norm(text, g.i) == "da" for g in c.children)), None)
        if agent is None:
            continue
        start, stop = syntax.phrase(agent)
        start = next((g.i + 1 for g in agent.children if g.dep_ == "case" and g.i < agent.i), start)
        source = text.read_source(start, stop)
        if source is None or source.kind == "unknown":  # "il ministero", "una nota" may speak here
            continue
        found.append(Candidate((i, i + 1), "other", source=source, block=(i, i + 1)))
    return found
