"""The pure core of a partition: parsed documents in, the rows of every per-document table out.

The tables, their order, needs and row functions are the extractor registry's
(`pipeline.extractors.registry`). A document parsed in segments gets each segment's rows with
offsets shifted into the whole text and sentence ids counted on from the
segments before, so its rows equal in form those of a document parsed whole.
"""
from __future__ import annotations

from typing import Iterable

from spacy.tokens import Doc

from ..extractors.registry import REGISTRY, doc_rows, tables, with_needs
from ..inputs.documents import describe_exception

__all__ = ["segment_rows", "shift_rows", "tables", "with_needs"]


def segment_rows(doc_id: str, doc: Doc, names: Iterable[str], options: dict | None = None,
                 warnings: list[str] | None = None) -> dict[str, list[dict]]:
    """Rows of `names` (computing order, needs included) for one parsed text; `options`: the
    run's extractor options (`lists`: the user's alias and ignore lists, for entities).

    A rule that raises on this text (a recursion, an overflow, a bug that only this
    text wakes) costs this document that table's rows, with a line in `warnings`;
    it never stops the partition, and so the corpus.
    """
    def report(table: str, err: Exception) -> None:
        warnings.append(f"document {doc_id}: no {table} extracted ({describe_exception(err)})")
    return doc_rows(doc_id, doc, names, options, None if warnings is None else report)


def shift_rows(table: str, rows: list[dict], offset: int, sentences_before: int) -> list[dict]:
    """Rows of a segment moved into its document: offsets + `offset`, sent_id + `sentences_before`."""
    if not offset and not sentences_before:
        return rows
    columns = REGISTRY[table].offsets
    for row in rows:
        for column in columns:
            if row[column] is not None:
                row[column] += offset
        if row.get("sent_id") is not None and row["sent_id"] >= 0:
            row["sent_id"] += sentences_before
    return rows
