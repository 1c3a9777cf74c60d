"""What a worker does with one partition: parse (or read the cached parse), extract, return columns.

`process_partition` is the function every executor runs (in this process, in
a local worker process, or on a Dask worker). The model is loaded once per
worker process (`model.load_model` caches it) from the name or path the task
carries, never shipped with the task. The result holds plain Arrow tables,
and the partition's parse as `DocBin` bytes when it was parsed here.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator

import numpy
import pyarrow as pa
from spacy.language import Language
from spacy.tokens import Doc, DocBin

from ..extractors.registry import REGISTRY
from .extract import segment_rows, shift_rows, with_needs
from .partitions import BLOCK_CHARS, SEGMENT_CHARS, segments

BATCH_CHARS = 20_000  # characters per nlp.pipe batch (on average): bounds the model's working memory
_NO_TENSOR = numpy.empty((0,), dtype="float32")


@dataclass
class PartitionTask:
    index: int
    parse_key: str
    model: str                        # resolved model name or path, loaded by the worker
    tables: list[str]                 # tables to compute (their needs are computed too)
    documents: list[tuple[str, str]]  # (doc_id, text), in order
    docbin: bytes | None = None       # the cached parse, when there is one
    store_parse: bool = True          # return the parse for the cache (off for huge partitions)
    batch_size: int = 64
    segment_chars: int = SEGMENT_CHARS
    block_chars: int = BLOCK_CHARS    # extractors see whole documents up to this size
    options: dict = field(default_factory=dict)  # the run's extractor options (`lists`: UserLists)
    piece: int = 0                    # which piece of its partition (whole documents) this task is
    pieces: int = 1                   # of how many


@dataclass
class PartitionResult:
    index: int
    parse_key: str
    tables: dict[str, pa.Table]
    docbin: bytes | None = None       # a new parse to cache
    parsed_documents: int = 0
    seconds: float = 0.0
    warnings: list[str] = field(default_factory=list)
    piece: int = 0
    pieces: int = 1


def _segment_texts(documents: list[tuple[str, str]], segment_chars: int) -> Iterator[tuple[int, int, str]]:
    """(document index, offset, text) of every segment, in order."""
    for i, (_doc_id, text) in enumerate(documents):
        for offset, piece in segments(text, segment_chars):
            yield i, offset, piece


def _parse(nlp: Language, documents: list[tuple[str, str]], batch_size: int,
           segment_chars: int) -> Iterator[tuple[int, int, Doc]]:
    pieces = list(_segment_texts(documents, segment_chars))
    total = sum(len(p[2]) for p in pieces) or 1
    batch = max(1, min(batch_size, BATCH_CHARS * len(pieces) // total))
    docs = nlp.pipe((p[2] for p in pieces), batch_size=batch)
    for (i, offset, _text), doc in zip(pieces, docs):
        doc.tensor = _NO_TENSOR  # the tok2vec output is neither stored nor used
        yield i, offset, doc


class StaleParse(ValueError):
    """A cached parse that does not match the partition's texts."""


def _cached(nlp: Language, docbin: bytes, documents: list[tuple[str, str]],
            segment_chars: int) -> Iterator[tuple[int, int, Doc]]:
    """The cached segments one at a time, each checked against its text (StaleParse if not)."""
    pieces = _segment_texts(documents, segment_chars)
    try:
        docs = iter(DocBin().from_bytes(docbin).get_docs(nlp.vocab))
    except Exception as err:  # zlib, msgpack, array shapes: whatever a damaged file raises
        raise StaleParse(f"unreadable: {type(err).__name__}") from None
    for i, offset, text in pieces:
        try:
            doc = next(docs)
        except StopIteration:
            raise StaleParse("it has fewer documents than the texts") from None
        except Exception as err:
            raise StaleParse(f"unreadable: {type(err).__name__}") from None
        if doc.text != text:
            raise StaleParse("it does not match the texts")
        yield i, offset, doc
    if next(docs, None) is not None:
        raise StaleParse("it has more documents than the texts")


def _blocks(segments_: Iterable[tuple[int, int, Doc]], block_chars: int,
            keep: Callable[[Doc], None]) -> Iterator[tuple[int, int, Doc]]:
    """Consecutive segments of one document joined into Docs of about `block_chars` at most:
    the extractors see a whole document (person linking, speakers across paragraphs) unless
    it is longer than that. `keep` sees every segment (for the parse cache). The segments of a
    block are let go as it is joined, and a block as soon as it is yielded (memory: one block)."""
    pending: list[Doc] = []
    current, start, size = None, 0, 0

    def flush() -> Doc:
        nonlocal pending
        joined = pending[0] if len(pending) == 1 else Doc.from_docs(pending, ensure_whitespace=False)
        pending = []
        return joined
    for i, offset, doc in segments_:
        keep(doc)
        if pending and (i != current or size + len(doc.text) > block_chars):
            yield current, start, flush()
        if not pending:
            current, start, size = i, offset, 0
        pending.append(doc)
        size += len(doc.text)
    if pending:
        yield current, start, flush()


def _extract(task: PartitionTask, parsed: Iterable[tuple[int, int, Doc]], keep,
             warnings: list[str]) -> dict[str, pa.Table]:
    """Rows of the task's tables for its parsed segments, as one Arrow table each (a document
    whose rules fail gets a line in `warnings` and no rows of that table)."""
    tables = with_needs(task.tables)
    batches: dict[str, list[pa.RecordBatch]] = {t: [] for t in tables}
    current, sentences_before = -1, 0
    for i, offset, doc in _blocks(parsed, task.block_chars, keep):
        if i != current:
            current, sentences_before = i, 0
        rows = segment_rows(task.documents[i][0], doc, tables, task.options, warnings)
        n_sentences = len(rows["sentences"]) if "sentences" in rows else _count_sentences(doc)
        for table, table_rows in rows.items():
            shift_rows(table, table_rows, offset, sentences_before)
            if table_rows:  # one Arrow batch per block: a huge document's rows never pile up as dicts
                batches[table].append(pa.RecordBatch.from_pylist(table_rows, schema=REGISTRY[table].schema))
        sentences_before += n_sentences
        doc = rows = table_rows = None  # not kept alive while the next block is parsed
    return {t: pa.Table.from_batches(b, schema=REGISTRY[t].schema) for t, b in batches.items()}


def process_partition(task: PartitionTask, nlp: Language | None = None) -> PartitionResult:
    """Parse or load the partition's documents, run the extractors, return their tables."""
    from ..extractors.freshness import forget_if_changed
    from ..nlp.model import load_model

    started = time.perf_counter()
    forget_if_changed()  # a data file edited since this process last extracted: its words, not the old ones
    nlp = nlp or load_model(task.model)
    result = PartitionResult(task.index, task.parse_key, {}, piece=task.piece, pieces=task.pieces)
    if task.docbin is not None:
        try:
            result.tables = _extract(task, _cached(nlp, task.docbin, task.documents, task.segment_chars),
                                     lambda doc: None, result.warnings)
        except StaleParse as err:  # damaged or stale cache entry: reported, parsed again, never trusted
            result.warnings.append(f"partition {task.index}: damaged parse cache ({err}); parsed again")
            task.docbin = None
    if task.docbin is None:
        store = DocBin(store_user_data=False) if task.store_parse else None
        result.tables = _extract(task, _parse(nlp, task.documents, task.batch_size, task.segment_chars),
                                 store.add if store is not None else (lambda doc: None), result.warnings)
        result.parsed_documents = len(task.documents)
        result.docbin = store.to_bytes() if store is not None else None
    result.seconds = time.perf_counter() - started
    return result


def _count_sentences(doc: Doc) -> int:
    from ..nlp.docstore import sentence_bounds

    return len(sentence_bounds(doc))
