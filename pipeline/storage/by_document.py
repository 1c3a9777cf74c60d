"""A table's rows one document at a time, several tables read side by side.

The engine writes every table in document order, so a reader can walk them
together, holding one document's rows at a time: the report stage's memory then
does not grow with the corpus. Tables written by hand in another order are
grouped in memory instead, with the same result.
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterator

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from .tables import iter_batches, table_path


class DocumentRows:
    """A table's rows (tuples of `columns`) for each of `documents` (ids, in order) in turn, asked
    by position, increasing. Streamed when the table is in that order (the engine writes it so);
    a table in another order (written by hand) is grouped in memory. Rows of other documents are
    skipped."""

    def __init__(self, out: Path, name: str, columns: list[str], documents: list[str]):
        path = table_path(out, name)
        self._held: dict[int, list[tuple]] | None = None
        self._stream: Iterator[tuple[int, list[tuple]]] = iter(())
        self._next: tuple[int, list[tuple]] | None = None
        if not path.exists():
            return
        file = pq.ParquetFile(path)
        positions = _positions(file.read(columns=["doc_id"])["doc_id"], documents)
        if _ordered(positions):
            self._stream = self._groups(file, columns, positions)
            self._next = next(self._stream, None)
        else:
            self._held = {}
            for position, row in zip(positions, zip(*(file.read(columns=columns)[c].to_pylist() for c in columns))):
                if position >= 0:
                    self._held.setdefault(int(position), []).append(row)

    @staticmethod
    def _groups(file: pq.ParquetFile, columns: list[str], positions: np.ndarray):
        at, current, rows = 0, -1, []
        for batch in iter_batches(file, columns):
            values = [batch.column(i).to_pylist() for i in range(len(columns))]
            for row, position in zip(zip(*values), positions[at:at + batch.num_rows].tolist()):
                if position < 0:
                    continue
                if position != current:
                    if rows:
                        yield current, rows
                    current, rows = position, []
                rows.append(row)
            at += batch.num_rows
        if rows:
            yield current, rows

    def rows(self, position: int) -> list[tuple]:
        if self._held is not None:
            return self._held.get(position, [])
        while self._next is not None and self._next[0] < position:
            self._next = next(self._stream, None)
        if self._next is not None and self._next[0] == position:
            rows, self._next = self._next[1], next(self._stream, None)
            return rows
        return []


def _positions(doc_ids: pa.ChunkedArray, documents: list[str]) -> np.ndarray:
    """Each row's document position in `documents` (-1: not one of them)."""
    value_set = pa.array(documents, type=pa.string())
    found = pc.index_in(doc_ids.cast(pa.string()), value_set=value_set)
    return found.fill_null(-1).to_numpy(zero_copy_only=False).astype(np.int64)


def _ordered(positions: np.ndarray) -> bool:
    """The documents' rows come in their order, each document's rows together."""
    kept = positions[positions >= 0]
    return bool(np.all(kept[1:] >= kept[:-1]))
