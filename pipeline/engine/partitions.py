"""Grouping documents into partitions: coarse units of work that stay stable as a corpus changes.

Partitions are runs of consecutive documents (in documents order, so tables
are written by concatenating partitions). A new partition starts before a
document whose id hashes to 0 modulo `target_docs` (content-defined chunking):
the boundaries depend on the ids alone, so editing a document touches only its
partition, and adding or removing one touches only the partition it lands in
(or, for a boundary document, the two around it). Caps on documents and
characters keep any partition bounded; a very long document is alone in its
partition. Documents are parsed in segments of at most SEGMENT_CHARS
(`segments`), and the extractors see them rejoined, whole up to BLOCK_CHARS.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import Iterable, Iterator

TARGET_DOCS = 150          # partitions start at ids hashing to 0 modulo this (mean run length)
MAX_CHARS = 4_000_000      # hard cap in characters
SEGMENT_CHARS = 20_000     # longer documents are parsed in pieces of at most this (bounds the model's memory)
BLOCK_CHARS = 1_000_000    # and extracted whole up to this size, in blocks of it beyond (bounds the rules' input)


@dataclass(frozen=True)
class DocumentRef:
    """What the engine needs to know about an accepted document without its text."""

    doc_id: str
    sha256: str
    n_chars: int


@dataclass(frozen=True)
class Partition:
    index: int
    documents: tuple[DocumentRef, ...]

    @property
    def n_chars(self) -> int:
        return sum(d.n_chars for d in self.documents)

    def key(self, *parts: str) -> str:
        """A content hash of the partition's documents (ids and text hashes) and `parts`."""
        digest = hashlib.sha256("\0".join(parts).encode("utf-8"))
        for d in self.documents:
            digest.update(f"\0{d.doc_id}\0{d.sha256}".encode("utf-8"))
        return digest.hexdigest()


def _is_boundary(doc_id: str, target_docs: int) -> bool:
    value = int.from_bytes(hashlib.blake2b(doc_id.encode("utf-8"), digest_size=8).digest(), "big")
    return value % target_docs == 0


def partition_documents(documents: Iterable[DocumentRef], target_docs: int = TARGET_DOCS,
                        max_docs: int | None = None, max_chars: int = MAX_CHARS) -> list[Partition]:
    """Consecutive groups of documents (see the module docstring); never an empty group.
    A run longer than `max_docs` (default twice `target_docs`) is cut: that bounds what one
    edit reparses; an insertion then moves the cuts of its run only."""
    max_docs = max_docs or 2 * target_docs
    groups: list[list[DocumentRef]] = []
    current: list[DocumentRef] = []
    chars = 0
    for doc in documents:
        huge = doc.n_chars > max_chars // 2
        if current and (huge or _is_boundary(doc.doc_id, target_docs) or len(current) >= max_docs
                        or chars + doc.n_chars > max_chars):
            groups.append(current)
            current, chars = [], 0
        current.append(doc)
        chars += doc.n_chars
        if huge:  # alone in its partition
            groups.append(current)
            current, chars = [], 0
    if current:
        groups.append(current)
    return [Partition(i, tuple(g)) for i, g in enumerate(groups)]


_CUTS = (re.compile(r"\n\s*"), re.compile(r"[.!?]\s+"), re.compile(r"\s+"))


def segments(text: str, max_chars: int = SEGMENT_CHARS) -> Iterator[tuple[int, str]]:
    """(offset, piece) covering `text` in order, each piece at most `max_chars` characters.

    Cuts fall after the last paragraph break in the window if there is one in
    its second half, else after a sentence-final mark followed by space, else
    after any space, else at `max_chars`. Linear in the text's length.
    """
    start = 0
    while len(text) - start > max_chars:
        window = text[start:start + max_chars]
        cut = 0
        for pattern in _CUTS:
            last = None
            for last in pattern.finditer(window, max_chars // 2):  # noqa: B007 (the last match is wanted)
                pass
            if last is not None:
                cut = last.end()
                break
        cut = cut or max_chars
        yield start, text[start:start + cut]
        start += cut
    yield start, text[start:]
