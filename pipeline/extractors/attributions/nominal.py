"""Nominal cues (cue type `other`): a noun of saying followed by its source.

"le dichiarazioni del ministro", "la smentita di Palazzo Chigi", "critiche da
parte dei sindacati", "la richiesta dell'opposizione". The nouns are in
`attribution_nominal.tsv`; the cue is the noun with the preposition that
links it to the source ("dichiarazioni del", "critiche da parte dei"), and the
phrase after it must read as a source (`Text.read_source`), which keeps out
"la richiesta di asilo" or "le dichiarazioni dei redditi".
"""
from __future__ import annotations

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
