"""Files of records, one document per record: JSONL (one object per line), CSV, Parquet.

A bad record (invalid bytes, malformed JSON, a broken quote) rejects that record,
named by its line, and the records after it are still read.
"""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Iterator

import pyarrow.parquet as pq

from .decoding import bad_unicode, decode_table
from .documents import ColumnMap, InputDocument, record_document

csv.field_size_limit(1 << 30)  # article texts are longer than csv's 128 KiB default


def _missing_columns(rel: str, names, columns: ColumnMap, encoding: str | None) -> InputDocument | None:
    missing = sorted({columns.id, columns.text} - set(names))
    if not missing:
        return None
    return InputDocument(None, rel, encoding=encoding, error=f"missing column(s): {', '.join(missing)}")


def read_jsonl(path: Path, rel: str, columns: ColumnMap) -> Iterator[InputDocument]:
    text, encoding = decode_table(path.read_bytes())
    for lineno, line in enumerate(text.split("\n"), start=1):
        where = f"line {lineno}"
        if not line.strip(" \t\r"):
            continue  # blank by JSON's own whitespace; any other line is a record or a rejected row
        why = bad_unicode(line)
        if why:
            yield InputDocument(None, rel, encoding=encoding, where=where, error=f"{where}: {why}")
            continue
        try:
            record = json.loads(line)
        except ValueError as err:
            yield InputDocument(None, rel, encoding=encoding, where=where,
                                error=f"{where}: malformed JSON ({err})")
            continue
        if not isinstance(record, dict):
            yield InputDocument(None, rel, encoding=encoding, where=where, error=f"{where}: not a JSON object")
            continue
        yield record_document(rel, where, record, columns, encoding, escaped=True)


class _Lines:
    """Lines of a text from `start` on, as csv.reader consumes them; `consumed` is the
    index of the next line, so lines[i] is line i + 1 of the file."""

    def __init__(self, lines: list[str], start: int):
        self.lines, self.consumed = lines, start

    def __iter__(self):
        return self

    def __next__(self) -> str:
        if self.consumed >= len(self.lines):
            raise StopIteration
        self.consumed += 1
        return self.lines[self.consumed - 1]


def _csv_from(lines: list[str], start: int, rel: str, header: list[str], columns: ColumnMap,
              encoding: str) -> Iterator[InputDocument]:
    """Records from lines[start:]; returns where to read again after a broken quote, else None."""
    source = _Lines(lines, start)
    reader = csv.reader(source, strict=True)
    while True:
        first = source.consumed + 1  # file line number of the record's first line
        where = f"line {first}"
        try:
            fields = next(reader)
        except StopIteration:
            return None
        except csv.Error as err:
            last = source.consumed
            span = f"lines {first}-{last}" if last > first else where
            if last >= len(lines) and "unexpected end of data" in str(err):
                why = f"unterminated quote (the quoted field runs to the end of the file, {span})"
            elif last > first:
                why = f"unbalanced quote ({span} do not form a record: {err})"
            else:
                why = f"malformed CSV ({err})"
            yield InputDocument(None, rel, encoding=encoding, where=where, error=f"{where}: {why}")
            if last > first:
                # The quote opened on this line swallowed the lines after it:
                # only this line is rejected; the swallowed ones are read again.
                return first
            continue
        if not fields:
            continue  # an empty line; one of blank fields is a record (rejected: no id)
        why = next((w for w in map(bad_unicode, fields) if w), None)
        if why:
            yield InputDocument(None, rel, encoding=encoding, where=where, error=f"{where}: {why}")
            continue
        yield record_document(rel, where, dict(zip(header, fields)), columns, encoding)


def read_csv(path: Path, rel: str, columns: ColumnMap) -> Iterator[InputDocument]:
    text, encoding = decode_table(path.read_bytes())
    lines = io.StringIO(text, newline="").readlines()  # split where csv splits: \n, \r\n, \r
    header = next(csv.reader(lines[:1]), []) if lines else []
    problem = _missing_columns(rel, header, columns, encoding)
    if problem:
        yield problem
        return
    start = 1
    while start is not None:
        start = yield from _csv_from(lines, start, rel, header, columns, encoding)


def read_parquet(path: Path, rel: str, columns: ColumnMap) -> Iterator[InputDocument]:
    parquet = pq.ParquetFile(path)
    names = set(parquet.schema_arrow.names)
    problem = _missing_columns(rel, names, columns, None)
    if problem:
        yield problem
        return
    wanted = [columns.id, columns.text] + [c for c in columns.optional.values() if c in names]
    rowno = 0
    for batch in parquet.iter_batches(columns=list(dict.fromkeys(wanted))):
        for record in batch.to_pylist():
            rowno += 1
            yield record_document(rel, f"row {rowno}", record, columns, None)
