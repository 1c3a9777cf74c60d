"""Cleft reports, where the speaker is the focus of "essere" and the reporting verb an
infinitive after "a": "A confermarlo è stato il portavoce", "È stato il sindaco a
rivelare che …". Cue type `verb`; the cue is "a" + the infinitive (with its
clitic); the source is the noun phrase after (first form) or before (second
form) the infinitive, on the copula's side.
"""
from __future__ import annotations

from .base import Candidate
from .spans import Text


def _copula_end(text: Text, j: int) -> int | None:
    if j < len(text) and text.lex.is_("cleft_copula", text.low[j]):
        return j + 2 if j + 1 < len(text) and text.lex.is_("copula_participle", text.low[j + 1]) else j + 1
    return None


def cleft_cues(text: Text, taken: set[int]) -> list[Candidate]:
    infinitives = text.lex.infinitives
    found = []
    for i in range(len(text) - 1):
        if text.low[i] != "a" or text.low[i + 1] not in infinitives or i in taken:
            continue
        form = infinitives[text.low[i + 1]]
        after = _copula_end(text, i + 2)
        if after is not None:  # "A confermarlo è stato il portavoce"
            source = text.read_source(*text.np_right(after))
            if source is not None:
                found.append(Candidate((i, i + 2), "verb", verb_lemma=form.lemma, source=source,
                                       block=(i, source.end)))
            continue
        start, end = text.np_left(i)  # "È stato il sindaco a rivelare"
        k = start
        while k < end and (text.lex.is_("cleft_copula", text.low[k]) or text.lex.is_("copula_participle", text.low[k])):
            k += 1
        copula = next((x for x in range(max(0, start - 2), k) if text.lex.is_("cleft_copula", text.low[x])), None)
        if k < end and copula is not None:
            source = text.read_source(k, end)
            if source is not None:  # the block runs from the copula: it is no content
                found.append(Candidate((i, i + 2), "verb", verb_lemma=form.lemma, source=source,
                                       block=(copula, i + 2)))
    return found
