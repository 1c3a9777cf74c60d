"""What a parsed document adds to the text rules: lemmas, morphology, entity labels and, with a parser, heads.

The quantity rules run on plain text and must give the same answers whether
the model has a dependency parser or not, so every question here may be
answered None or False ("don't know") and the rules then fall back on the
words. A `DocAnalysis` reads a spaCy `Doc`; `Analysis` is the empty answer for
plain text (tests, `extract(text)`).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

VERB_FORMS = {"Fin", "Inf", "Ger"}  # a verb that heads a clause; a participle may be a noun ("12 feriti")


@dataclass(frozen=True)
class Head:
    """The syntactic head of a word: its form, lemma, coarse POS and entity label ("" outside entities)."""
    lower: str
    lemma: str
    pos: str
    ent: str


class Analysis:
    """No analysis: a lemma hint function at most, no morphology, no entities, no parse."""

    def __init__(self, hint: Callable[[int, int], str | None] | None = None):
        self._hint = hint

    def lemma(self, start: int, end: int) -> str | None:
        return self._hint(start, end) if self._hint else None

    def participle(self, start: int) -> bool:
        """The model's morphology calls the word starting at `start` a participle ("indagate")."""
        return False

    def verb(self, start: int) -> bool:
        """The model tags the word starting at `start` a verb form other than a participle ("venne")."""
        return False

    def pos(self, start: int) -> str | None:
        """The model's coarse part of speech of the word starting at `start`; None if unknown."""
        return None

    def entity(self, start: int) -> str | None:
        """Label of the entity holding the word that starts at `start` ("" if none); None if unknown."""
        return None

    def head(self, start: int) -> Head | None:
        """The head of the word starting at `start`, when the document has a dependency parse."""
        return None


class DocAnalysis(Analysis):
    def __init__(self, doc):
        super().__init__()
        self.doc = doc
        self._index = {start: i for i, start in enumerate(doc.to_array("IDX").tolist())} if len(doc) else {}
        self._has_ents = doc.has_annotation("ENT_IOB")
        self._has_dep = doc.has_annotation("DEP")

    def _token(self, start: int):
        i = self._index.get(start)
        return self.doc[i] if i is not None else None

    def lemma(self, start: int, end: int) -> str | None:
        tok = self._token(start)
        return tok.lemma_ if tok is not None and start + len(tok) == end else None

    def participle(self, start: int) -> bool:
        tok = self._token(start)
        return tok is not None and "Part" in tok.morph.get("VerbForm")

    def verb(self, start: int) -> bool:
        tok = self._token(start)
        return tok is not None and tok.pos_ in ("VERB", "AUX") and bool(VERB_FORMS & set(tok.morph.get("VerbForm")))

    def pos(self, start: int) -> str | None:
        tok = self._token(start)
        return (tok.pos_ or None) if tok is not None else None

    def entity(self, start: int) -> str | None:
        tok = self._token(start)
        return tok.ent_type_ if tok is not None and self._has_ents else None

    def head(self, start: int) -> Head | None:
        tok = self._token(start)
        if tok is None or not self._has_dep or tok.head.i == tok.i:
            return None
        h = tok.head
        return Head(h.lower_, h.lemma_.lower(), h.pos_, h.ent_type_)
