"""The loop every extraction stage shares: stored docs in, one table out.

A stage is a pure function `(doc_id, doc, context) -> rows`; this module feeds
it the parsed documents in order (with, where asked, the rows an earlier stage
wrote for the same document) and streams the rows into the stage's table.
"""
from __future__ import annotations

from itertools import groupby
from pathlib import Path
from typing import Callable, Iterator

from spacy.tokens import Doc

from ..docstore import iter_parsed_docs
from ..tables import TableWriter, iter_table_rows, table_path

DocRows = Callable[..., list[dict]]


def iter_rows_by_doc(out: str | Path, table: str) -> Iterator[tuple[str, list[dict]]]:
    """(doc_id, rows) for a table whose rows are grouped by document."""
    for doc_id, rows in groupby(iter_table_rows(out, table), key=lambda r: r["doc_id"]):
        yield doc_id, list(rows)


def docs_with_rows(out: str | Path, table: str) -> Iterator[tuple[str, Doc, list[dict]]]:
    """Parsed documents, each with its rows of `table` (empty list when it has none)."""
    grouped = iter_rows_by_doc(out, table) if table_path(out, table).exists() else iter(())
    pending = next(grouped, None)
    for doc_id, doc in iter_parsed_docs(out):
        rows = []
        if pending is not None and pending[0] == doc_id:
            rows = pending[1]
            pending = next(grouped, None)
        yield doc_id, doc, rows


def run_doc_stage(
    out: str | Path,
    table: str,
    doc_rows: DocRows,
    needs: str | None = None,
    progress: Callable[[int], None] = lambda n: None,
) -> int:
    """Write `table` from `doc_rows(doc_id, doc)` (or `doc_rows(doc_id, doc, rows_of_needs)`)."""
    with TableWriter(out, table) as writer:
        if needs is None:
            for doc_id, doc in iter_parsed_docs(out):
                writer.write_many(doc_rows(doc_id, doc))
                progress(1)
        else:
            for doc_id, doc, rows in docs_with_rows(out, needs):
                writer.write_many(doc_rows(doc_id, doc, rows))
                progress(1)
    return writer.n_rows
