"""The explorer's payload as JSON written column by column to temporary files.

The page's data is one JSON object of tables, each an object of parallel lists
(`data.py`). Building those lists in memory made the report stage grow with the
corpus (730 MB for the page alone at 10 M words); here each list is appended to
its own file a few thousand values at a time and the JSON is read back in order
when the page is written, so memory stays what one document needs. The text
read back is exactly what `json.dumps(value, ensure_ascii=False,
separators=(",", ":"), allow_nan=False)` gives for the same object.
"""
from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path
from typing import Iterator

_ENCODE = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode
_BUFFERED = 4_096  # values held per column before they go to its file
_READ = 1 << 20
_PREFIX = ".explorer-columns-"


def dumps(value) -> str:
    """The JSON text of a value, as the page has it."""
    return _ENCODE(value)


class _Column:
    def __init__(self, path: Path):
        self.path, self.values, self.empty, self.count = path, [], True, 0
        self.file = open(path, "w", encoding="utf-8")

    def append(self, value) -> None:
        self.values.append(value)
        self.count += 1
        if len(self.values) >= _BUFFERED:
            self.flush()

    def flush(self) -> None:
        if self.values:
            self.file.write(("" if self.empty else ",") + _ENCODE(self.values)[1:-1])
            self.values, self.empty = [], False


class ColumnStore:
    """Tables of named JSON lists on disk, in the order they were declared; use as a context
    manager (the temporary folder is removed on exit)."""

    def __init__(self, parent: Path | None = None):
        """`parent`: where the temporary folder goes (the output's work/ folder: the same disk as
        the outputs, not a /tmp that may be memory); folders a killed run left there are removed."""
        if parent is not None:
            for stale in parent.glob(f"{_PREFIX}*"):
                shutil.rmtree(stale, ignore_errors=True)
        self._folder = Path(tempfile.mkdtemp(prefix=_PREFIX, dir=parent))
        self._tables: dict[str, dict[str, _Column]] = {}

    def table(self, name: str, keys: tuple[str, ...]) -> dict[str, _Column]:
        """Declare a table and its columns; returns key -> column (`.append(value)`)."""
        self._tables[name] = {k: _Column(self._folder / f"{len(self._tables)}-{i}.json") for i, k in enumerate(keys)}
        return self._tables[name]

    def add(self, name: str, row: dict) -> None:
        """Append one row (a value for every column of the table)."""
        for key, column in self._tables[name].items():
            column.append(row[key])

    def rows(self, name: str) -> int:
        """Rows appended to a table so far."""
        column = next(iter(self._tables[name].values()), None)
        return 0 if column is None else column.count

    def json_chunks(self, names: list[str], head: dict | None = None) -> Iterator[str]:
        """`{"head key": value, ..., "table": {"column": [...], ...}, ...}` in pieces."""
        for column in (c for t in self._tables.values() for c in t.values()):
            column.flush()
            column.file.flush()
        parts = [f"{dumps(k)}:{dumps(v)}" for k, v in (head or {}).items()]
        yield "{" + ",".join(parts)
        for i, name in enumerate(names):
            yield ("," if parts or i else "") + dumps(name) + ":{"
            for j, (key, column) in enumerate(self._tables[name].items()):
                yield ("," if j else "") + dumps(key) + ":["
                yield from self.read(column)
                yield "]"
            yield "}"
        yield "}"

    def list_chunks(self, name: str, key: str) -> Iterator[str]:
        """One column as a JSON list, in pieces."""
        column = self._tables[name][key]
        column.flush()
        column.file.flush()
        yield "["
        yield from self.read(column)
        yield "]"

    @staticmethod
    def read(column: _Column) -> Iterator[str]:
        with open(column.path, encoding="utf-8") as file:
            while chunk := file.read(_READ):
                yield chunk

    def close(self) -> None:
        for table in self._tables.values():
            for column in table.values():
                column.file.close()
        shutil.rmtree(self._folder, ignore_errors=True)

    def __enter__(self) -> "ColumnStore":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
