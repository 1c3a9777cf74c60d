"""Token tests more than one extractor asks, written once.

They take per-token sequences (text, trailing whitespace), so that the attribution
rules' precomputed lists and a spaCy `Doc` (through `doc_tokens`) answer the same way.
"""
from __future__ import annotations

from typing import Sequence

from spacy.tokens import Doc


def glued_hyphen(words: Sequence[str], spaces: Sequence[str], i: int) -> bool:
    """Token i is a hyphen written between two words with no space ("Ki-moon", "Jong-un",
    "Boeing-747", "2-1"): part of a name or a figure, not punctuation."""
    return (0 < i < len(words) - 1 and words[i] == "-" and not spaces[i - 1] and not spaces[i]
            and words[i + 1][:1].isalnum())


class _Column:
    """One attribute of a Doc's tokens as a read-only sequence (no list built)."""

    def __init__(self, doc: Doc, attribute: str):
        self.doc, self.attribute = doc, attribute

    def __len__(self) -> int:
        return len(self.doc)

    def __getitem__(self, i: int) -> str:
        return getattr(self.doc[i], self.attribute)


def doc_tokens(doc: Doc) -> tuple[Sequence[str], Sequence[str]]:
    """(texts, trailing whitespace) of a Doc's tokens, for the tests above."""
    return _Column(doc, "text"), _Column(doc, "whitespace_")
