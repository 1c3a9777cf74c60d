"""Helpers for parsed documents: sentence bounds read from a Doc's arrays, a shared
vocabulary for reading stored parses, and a faster msgpack codec lookup.

The parses themselves are cached per partition by `pipeline.engine.store`.
"""
from __future__ import annotations

from functools import lru_cache

import numpy
import spacy
from spacy.tokens import Doc
from spacy.vocab import Vocab


def _msgpack_without_entry_point_scan() -> None:
    """Stop srsly rescanning installed packages' entry points on every msgpack call.

    Each `DocBin.to_bytes`/`from_bytes` otherwise asks `importlib.metadata` for
    msgpack codec entry points (about 1.5 ms, more than the rest of loading a
    stored document). Codecs found now are registered explicitly, so behaviour
    is unchanged; only the repeated scan goes. Then each registry's `get_all`
    (a copy and scan of catalogue's whole global registry, ~0.4 ms per call) is
    memoised until that global registry changes size (a codec is registered).
    """
    try:
        from srsly.msgpack import msgpack_decoders, msgpack_encoders
    except ImportError:  # pragma: no cover - srsly always ships with spaCy
        return
    for registry in (msgpack_encoders, msgpack_decoders):
        if getattr(registry, "entry_points", False):
            for name, func in registry.get_entry_points().items():
                registry.register(name, func=func)
            registry.entry_points = False
        _memoise_get_all(registry)


def _memoise_get_all(registry) -> None:
    import catalogue

    compute, memo = registry.get_all, {}

    def get_all() -> dict:
        size = len(catalogue.REGISTRY)
        if memo.get("size") != size:
            memo.update(size=size, result=compute())
        return dict(memo["result"])

    registry.get_all = get_all


_msgpack_without_entry_point_scan()


@lru_cache(maxsize=1)
def shared_vocab() -> Vocab:
    """A vocabulary for reading stored documents (DocBin files carry their own strings)."""
    return spacy.blank("it").vocab


def sentence_bounds(doc: Doc) -> list[tuple[int, int]]:
    """Token ranges of `doc.sents` without whitespace-only sentences, read from the doc's arrays.

    Same result as `[(s.start, s.end) for s in doc.sents if s.text.strip()]`
    (a sentence's text is blank exactly when all its tokens are spaces), without
    building a `Span` and its text per sentence.
    """
    n = len(doc)
    if not n or "sents" in doc.user_hooks or not doc.has_annotation("SENT_START"):
        return [(s.start, s.end) for s in doc.sents if s.text.strip()] if n else []
    flags = doc.to_array(["SENT_START", "IS_SPACE"]).astype(numpy.int64)
    starts = numpy.flatnonzero(flags[:, 0] == 1)
    starts = numpy.concatenate(([0], starts[starts > 0]))
    ends = numpy.append(starts[1:], n)
    words = numpy.concatenate(([0], numpy.cumsum(flags[:, 1] == 0)))  # non-space tokens before i
    keep = words[ends] > words[starts]
    return list(zip(starts[keep].tolist(), ends[keep].tolist()))


def sentence_spans(doc: Doc) -> list:
    """The document's sentences without whitespace-only ones; `sent_id` is the index here."""
    return [doc[start:end] for start, end in sentence_bounds(doc)]


def token_sentence_ids(doc: Doc) -> list[int]:
    """For each token, the `sent_id` of its sentence (-1 for whitespace between sentences)."""
    ids = [-1] * len(doc)
    for sent_id, (start, end) in enumerate(sentence_bounds(doc)):
        ids[start:end] = [sent_id] * (end - start)
    return ids
