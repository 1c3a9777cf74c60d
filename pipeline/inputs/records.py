"""Files of records, one document per record: JSONL (one object per line), CSV, Parquet.

A bad record (invalid bytes, malformed JSON, a broken quote) rejects that record,
named by its line, and the records after it are still read.
"""
from __future__ import annotations

import csv
import json
from collections import deque
from pathlib import Path
from typing import Iterator

import pyarrow.parquet as pq

from .decoding import bad_unicode, encoding_name, table_encoding
from .documents import ColumnMap, InputDocument, describe_exception, record_document

csv.field_size_limit(1 << 30)  # article texts are longer than csv's 128 KiB default


def _missing_columns(rel: str, names, columns: ColumnMap, encoding: str | None) -> InputDocument | None:
    missing = sorted({columns.id, columns.text} - set(names))
    if not missing:
        return None
    return InputDocument(None, rel, encoding=encoding, error=f"missing column(s): {', '.join(missing)}")


def _open(path: Path, codec: str, newline: str):
    # surrogateescape: a byte the codec cannot decode becomes a lone surrogate,
    # which rejects its record (bad_unicode) instead of the rest of the file.
    return open(path, encoding=codec, errors="surrogateescape", newline=newline)


def _jsonl_document(line: str, rel: str, where: str, codec: str, encoding: str,
                    columns: ColumnMap, confidence: float) -> InputDocument:
    why = bad_unicode(line, codec)
    if why:
        return InputDocument(None, rel, encoding=encoding, where=where, error=f"{where}: {why}")
    try:
        record = json.loads(line)
    except RecursionError:  # "[[[[...": nested deeper than Python's stack
        return InputDocument(None, rel, encoding=encoding, where=where,
                             error=f"{where}: malformed JSON (nested too deeply)")
    except ValueError as err:
        return InputDocument(None, rel, encoding=encoding, where=where, error=f"{where}: malformed JSON ({err})")
    if not isinstance(record, dict):
        return InputDocument(None, rel, encoding=encoding, where=where, error=f"{where}: not a JSON object")
    return record_document(rel, where, record, columns, encoding, escaped=True, confidence=confidence)


def _isolated(make, rel: str, where: str, encoding: str | None) -> InputDocument:
    """The document `make()` builds, or a rejected one when it raises anything: one record
    never stops the file (a field no conversion survives, a nesting too deep ...)."""
    try:
        return make()
    except Exception as err:  # noqa: BLE001
        return InputDocument(None, rel, encoding=encoding, where=where,
                             error=f"{where}: unreadable record ({describe_exception(err)})")


def read_jsonl(path: Path, rel: str, columns: ColumnMap) -> Iterator[InputDocument]:
    codec, confidence = table_encoding(path)
    with _open(path, codec, newline="\n") as lines:  # JSON Lines break at \n only
        yield from jsonl_documents(lines, rel, columns, codec, confidence)


def jsonl_documents(lines, rel: str, columns: ColumnMap, codec: str,
                    confidence: float = 1.0) -> Iterator[InputDocument]:
    """The documents of JSON Lines (a file's, or standard input's), read with `codec`;
    a record that cannot be read is rejected, named by its line, and never stops the rest."""
    encoding = encoding_name(codec)
    for lineno, line in enumerate(lines, start=1):
        where = f"line {lineno}"
        if not line.strip(" \t\r\n"):
            continue  # blank by JSON's own whitespace; any other line is a record or a rejected row
        yield _isolated(lambda line=line, where=where: _jsonl_document(line, rel, where, codec, encoding, columns,
                                                                       confidence), rel, where, encoding)


class _Lines:
    """The lines of a file as csv.reader consumes them, numbered, with those of the
    record being read kept so that the lines a broken quote swallowed can be read again."""

    def __init__(self, stream):
        self.stream, self.replay, self.record = stream, deque(), []
        self.number = 0  # file line number of the last line consumed
        self.at_end = False

    def __iter__(self):
        return self

    def __next__(self) -> str:
        if self.replay:
            line = self.replay.popleft()
        else:
            line = next(self.stream, None)
            if line is None:
                self.at_end = True
                raise StopIteration
        self.number += 1
        self.record.append(line)
        return line

    def next_record(self) -> None:
        self.record = []

    def peek(self) -> str:
        """The next line, left to be read ("" at the end)."""
        line = self.replay.popleft() if self.replay else next(self.stream, "")
        if line:
            self.replay.appendleft(line)
        return line

    def read_again_after_first(self) -> None:
        """Give the current record's lines after its first back, to be read again."""
        again = self.record[1:]
        self.replay.extendleft(reversed(again))
        self.number -= len(again)
        self.at_end = False


def _csv_error(where: str, first: int, lines: _Lines, err: csv.Error) -> tuple[str, bool]:
    """The reason for a record csv could not read, and whether it swallowed later lines."""
    span = f"lines {first}-{lines.number}" if lines.number > first else where
    if lines.at_end and "unexpected end of data" in str(err):
        return f"unterminated quote (the quoted field runs to the end of the file, {span})", lines.number > first
    if lines.number > first:
        return f"unbalanced quote ({span} do not form a record: {err})", True
    return f"malformed CSV ({err})", False


CSV_DELIMITERS = (",", ";", "\t")


def _sep_line(line: str) -> str | None:
    """The delimiter of Excel's `sep=;` first line, if the file starts with one."""
    line = line.strip()
    return line[4:] if line.lower().startswith("sep=") and len(line) == 5 else None


def sniff_delimiter(header_line: str, columns: ColumnMap) -> str:
    """The delimiter of a CSV from its header: the one that splits out the id and text
    columns, else the one giving most fields (Italian Excel writes `;`, since the
    comma is its decimal mark; the text cells never decide, only the header does)."""
    def fields(delimiter: str) -> list[str]:
        return next(csv.reader([header_line], delimiter=delimiter), [])

    fitting = [d for d in CSV_DELIMITERS if {columns.id, columns.text} <= set(fields(d))]
    return (fitting or sorted(CSV_DELIMITERS, key=lambda d: -len(fields(d))))[0]


def read_csv(path: Path, rel: str, columns: ColumnMap, delimiter: str | None = None) -> Iterator[InputDocument]:
    """`delimiter`: None sniffs it from the header (`,` `;` or tab)."""
    codec, confidence = table_encoding(path)
    encoding = encoding_name(codec)
    with _open(path, codec, newline="") as stream:  # csv splits lines itself: \n, \r\n, \r
        lines = _Lines(stream)
        head = lines.peek()
        declared = _sep_line(head)
        if declared:
            next(lines)  # Excel's `sep=;` line, before the header
            head = lines.peek()
        delimiter = delimiter or declared or sniff_delimiter(head, columns)
        reader = csv.reader(lines, strict=True, delimiter=delimiter)
        try:
            header = next(reader, [])
        except csv.Error:
            header = []
        problem = _missing_columns(rel, header, columns, encoding)
        if problem:
            yield problem
            return
        while True:
            first = lines.number + 1  # the record's first line
            where = f"line {first}"
            lines.next_record()
            try:
                fields = next(reader)
            except StopIteration:
                return
            except csv.Error as err:
                why, swallowed = _csv_error(where, first, lines, err)
                yield InputDocument(None, rel, encoding=encoding, where=where, error=f"{where}: {why}")
                if swallowed:
                    # A quote opened on this line swallowed the lines after it: only
                    # this line is rejected; the swallowed ones are read again.
                    lines.read_again_after_first()
                continue
            if not fields:
                continue  # an empty line; one of blank fields is a record (rejected: no id)
            why = next((w for w in (bad_unicode(f, codec) for f in fields) if w), None)
            if why:
                yield InputDocument(None, rel, encoding=encoding, where=where, error=f"{where}: {why}")
                continue
            record = dict(zip(header, fields))
            yield _isolated(lambda where=where, record=record: record_document(rel, where, record, columns, encoding,
                                                                               confidence=confidence),
                            rel, where, encoding)


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
            yield _isolated(lambda rowno=rowno, record=record: record_document(rel, f"row {rowno}", record,
                                                                               columns, None), rel,
                            f"row {rowno}", None)
