"""Shared pieces of the cue rules: the `Candidate` record and token helpers."""
from __future__ import annotations

from dataclasses import dataclass

from .spans import Source, Text


@dataclass
class Candidate:
    cue: tuple[int, int]  # token range
    cue_type: str
    verb_lemma: str | None = None
    source: Source | None = None
    omitted: bool = False  # no subject in the text: resolved from context
    agentless: bool = False  # a passive or impersonal report with no source at all ("è stato annunciato")
    gerund: bool = False
    quote: tuple[int, int] | None = None  # token range of the quote marks, inclusive of both
    block: tuple[int, int] | None = None  # tokens of cue + source, excluded from the content
    content: tuple[int, int] | None = None  # token range of the content, when the cue rule knows it
    nested: bool = False  # a report inside someone else's quotation (its speaker is not the chain's)
    method: str = ""  # the rule family (or the learned decision) that produced it: the row's `method`


def norm(text: Text, i: int) -> str:
    """A token with an articulated preposition reduced to its base ("dalla" -> "da")."""
    return text.norm[i]


def skip(text: Text, i: int, step: int, kinds=("adverb",), limit: int = 3) -> int:
    """Move from i over at most `limit` words of the given kinds (and "-mente" adverbs)."""
    n = 0
    while 0 <= i < len(text) and n < limit and (any(text.lex.is_(k, text.low[i]) for k in kinds)
                                                or text.low[i].endswith("mente")):
        i += step
        n += 1
    return i


def has_complement(text: Text, p: int) -> bool:
    """A "che" clause, a colon or quote, or "di" + infinitive ("ha raccontato di non aver visto")."""
    for j in range(p, min(p + 7, len(text))):
        if text.low[j] in ("che", ":", "«", "“", '"'):
            return True
        if text.low[j] == "di" and any(_infinitive(w) for w in text.low[j + 1:j + 4]):
            return True
        if text.low[j] in (",", ".", ";"):
            return False
    return False


_ENCLITICS = ("gliela", "glielo", "gliene", "lo", "la", "li", "le", "ne", "si", "ci", "gli", "mi", "ti", "vi")


def _infinitive(word: str) -> bool:
    """An infinitive, also with an enclitic pronoun ("averlo", "dirglielo")."""
    if word.endswith(("are", "ere", "ire")) or word in ("aver", "esser"):
        return True
    stem = next((word[:-len(c)] for c in _ENCLITICS if word.endswith(c) and len(word) >= len(c) + 3), "")
    return stem.endswith(("ar", "er", "ir"))  # "averlo", "dirglielo", "farsi"
