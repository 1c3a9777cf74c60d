"""Stage 1, ingest: read input files into the documents table.

Every input document gets exactly one row, `ok` or `rejected` with the reason,
and a `doc_id` no other row has; accepted texts go to `work/texts.parquet` for
the sentences stage. The readers of each format are in `pipeline.inputs`.
"""
from __future__ import annotations

import csv
import hashlib
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from ..inputs.dates import parse_date, unparsed_text
from ..inputs.decoding import Undecodable, decode_document
from ..inputs.documents import ColumnMap, InputDocument, ReadOptions, describe_exception
from ..inputs.fetch import FetchOptions, is_url, read_url_list, url_documents
from ..inputs.records import jsonl_documents, read_csv, read_jsonl, read_parquet
from ..inputs.textfile import text_fields
from ..inputs.walk import InputEntry, InputNotFound, walk_input
from ..inputs.webpage import read_webpage
from ..storage.catalog import Catalog
from ..storage.tables import OutputOptions, TableWriter

__all__ = ["ColumnMap", "ReadOptions", "InputNotFound", "IngestResult", "IngestStopped", "NoDocumentsAccepted",
           "DocumentsRejected", "read_documents", "run_ingest"]

TEXT_SUFFIXES = {".txt", ".md"}
HTML_SUFFIXES = {".html", ".htm"}
RECORD_READERS = {".jsonl": read_jsonl, ".csv": read_csv, ".parquet": read_parquet}


class IngestStopped(Exception):
    """Ingest wrote the documents table but the run must not go on; `exit_code` for the CLI."""

    exit_code = 1

    def __init__(self, message: str, result=None):
        super().__init__(message)
        self.result = result


class NoDocumentsAccepted(IngestStopped):
    exit_code = 3


class DocumentsRejected(IngestStopped):
    """Raised with `fail_on_reject` when any document was rejected."""

    exit_code = 4


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _read_text_file(entry: InputEntry, options: ReadOptions) -> InputDocument:
    doc = InputDocument(entry.doc_id, entry.rel)
    try:
        text = doc.decoded_from(decode_document(entry.path.read_bytes()))
    except Undecodable as err:
        doc.error = str(err)
        return doc
    doc.text, doc.meta, doc.error = text_fields(text, entry.path, options.text_title)
    return doc


def _read_entry(entry: InputEntry, columns: ColumnMap, options: ReadOptions) -> Iterator[InputDocument]:
    if entry.error:
        yield InputDocument(entry.doc_id, entry.rel, error=entry.error)
        return
    suffix = entry.suffix
    try:
        if suffix in TEXT_SUFFIXES:
            yield _read_text_file(entry, options)
        elif suffix in HTML_SUFFIXES:
            yield read_webpage(entry.path, entry.rel, entry.doc_id)
        elif suffix == ".csv":
            yield from read_csv(entry.path, entry.rel, columns, options.csv_delimiter)
        elif suffix in RECORD_READERS:
            yield from RECORD_READERS[suffix](entry.path, entry.rel, columns)
        else:
            yield InputDocument(entry.doc_id, entry.rel, error=f"unsupported file type '{suffix or entry.rel}'")
    except (OSError, ValueError, csv.Error) as err:
        # A file that cannot be opened or breaks part-way (a truncated Parquet
        # file) is one rejected document named after the file; the rows read
        # before the break keep theirs.
        yield InputDocument(None, entry.rel, error=f"unreadable file: {err}")
    except Exception as err:  # noqa: BLE001 - whatever one input raises (recursion, overflow ...)
        # must not stop the corpus: the file is one rejected document, the rest is read.
        yield InputDocument(None, entry.rel, error=f"unreadable file: {describe_exception(err)}")



STDIN = "-"
URL_LIST_SUFFIXES = {".txt", ".urls", ".list"}
MAX_URL_LIST_BYTES = 10 * 1024 * 1024


def stdin_documents(raw: bytes, columns: ColumnMap, options: ReadOptions) -> Iterator[InputDocument]:
    """Standard input: JSON Lines when its first line is an object, else one plain-text document."""
    try:
        decoded = decode_document(raw)
    except Undecodable as err:
        yield InputDocument("stdin", "stdin", error=str(err))
        return
    if decoded.text.lstrip().startswith("{"):
        yield from jsonl_documents(decoded.text.split("\n"), "stdin", columns, decoded.encoding, decoded.confidence)
        return
    doc = InputDocument("stdin", "stdin")
    text = doc.decoded_from(decoded)
    doc.text, doc.meta, doc.error = text_fields(text, None, options.text_title)
    yield doc


def url_list(path: Path) -> list[str] | None:
    """The URLs of an input file that lists only URLs (one a line), else None."""
    if path.suffix.lower() not in URL_LIST_SUFFIXES or not path.is_file() \
            or path.stat().st_size > MAX_URL_LIST_BYTES:
        return None
    try:
        return read_url_list(decode_document(path.read_bytes())[0])
    except (OSError, Undecodable):
        return None


def _input_documents(input_path: str | Path, columns: ColumnMap, options: ReadOptions) -> Iterator[InputDocument]:
    """The documents of standard input, a URL, a file listing URLs, or a file or folder."""
    fetch = options.fetch or FetchOptions()
    if str(input_path) == STDIN:
        yield from stdin_documents(sys.stdin.buffer.read(), columns, options)
    elif is_url(str(input_path)):
        yield from url_documents([str(input_path)], fetch)
    elif (urls := url_list(Path(input_path))) is not None:
        yield from url_documents(urls, fetch)
    else:
        for entry in walk_input(input_path, options.follow_links):
            yield from _read_entry(entry, columns, options)


class _Ids:
    """Gives every row a doc_id no other row has.

    An accepted document keeps the id its input gives; a rejected one is named by
    where it is (`feed.jsonl:line 3`, or the file), as is a duplicate, since the
    first accepted document keeps the id.
    """

    def __init__(self):
        self.first_in: dict[str, str] = {}  # id -> source_path of the row holding it

    def assign(self, doc: InputDocument) -> str:
        if doc.error is None and doc.doc_id in self.first_in:
            doc.error = f"duplicate id '{doc.doc_id}' (first in {self.first_in[doc.doc_id]})"
            if doc.where:
                doc.error = f"{doc.where}: {doc.error}"
        if doc.error is None:
            wanted = doc.doc_id
        elif doc.where:
            wanted = doc.location
        else:  # a whole file: its own id unless taken, else its path
            wanted = doc.doc_id if doc.doc_id and doc.doc_id not in self.first_in else doc.source_path
        unique, n = wanted, 1
        while unique in self.first_in:
            n += 1
            unique = f"{wanted}#{n}"
        self.first_in[unique] = doc.source_path
        return unique


def read_documents(input_path: str | Path, columns: ColumnMap = ColumnMap(),
                   options: ReadOptions = ReadOptions()) -> Iterator[InputDocument]:
    """Every document of the input, accepted or rejected, each with a unique doc_id."""
    ids = _Ids()
    for doc in _input_documents(input_path, columns, options):
        if doc.error is None and not doc.text.strip():
            doc.error = f"{doc.where}: empty text (id '{doc.doc_id}')" if doc.where else "empty text"
        _check_row(doc)
        doc.doc_id = ids.assign(doc)
        yield doc


def _check_row(doc: InputDocument) -> None:
    """Reject a document whose row cannot be made (a date no parser survives ...): before its id
    is given, so it is named by its place like any rejected record."""
    try:
        document_row(doc)
    except Exception as err:  # noqa: BLE001 - one document's failure stays that document's
        doc.error = f"{doc.where + ': ' if doc.where else ''}unreadable document: {describe_exception(err)}"
        doc.meta = {}


def _storable(value):
    """Strings with a lone surrogate cannot be written (Arrow needs UTF-8): escape
    them. Readers reject such documents; this guards ids and messages built from them."""
    if isinstance(value, str):
        return value.encode("utf-8", "backslashreplace").decode("utf-8")
    return value


def text_key(text: str) -> str:
    """Identifies a text up to whitespace: the same article saved twice (a page and its
    text export, a re-indented copy) has one key."""
    return _sha256(" ".join(text.split()))


def document_row(doc: InputDocument, duplicate_of: str | None = None) -> dict:
    ok = doc.error is None
    raw_date = doc.meta.get("date")
    date = parse_date(raw_date)
    row = {
        "doc_id": doc.doc_id,
        "source_path": doc.source_path,
        "title": doc.meta.get("title"),
        "date": date,
        "date_text": unparsed_text(raw_date, date),
        "url": doc.meta.get("url"),
        "encoding": doc.encoding,
        "encoding_confidence": doc.confidence if doc.encoding else None,
        "n_chars": len(doc.text) if ok else None,
        "sha256": _sha256(doc.text) if ok else None,
        "status": "rejected" if not ok else "duplicate" if duplicate_of else "ok",
        "error": doc.error,
        "duplicate_of": duplicate_of,
        "warning": doc.warning if ok else None,
    }
    return {key: _storable(value) for key, value in row.items()}


@dataclass
class IngestResult:
    accepted: int = 0
    words: int = 0  # of the accepted texts (progress lines give words per second from it)
    rejected: list[tuple[str, str]] = field(default_factory=list)
    # (document, date as written) for dates that could not be read: kept in date_text
    unparsed_dates: list[tuple[str, str]] = field(default_factory=list)
    # (document, doc_id of the earlier document with the same text): not processed
    duplicates: list[tuple[str, str]] = field(default_factory=list)


def run_ingest(input_path: str | Path, out: str | Path, columns: ColumnMap = ColumnMap(),
               options: ReadOptions = ReadOptions(), output: OutputOptions = OutputOptions()) -> IngestResult:
    """Write `documents` (its CSV as `output` says) and the accepted texts; return the counts
    and the rejections."""
    catalog = Catalog(Path(out))
    result = IngestResult()
    first_with: dict[str, str] = {}  # text key -> doc_id of the first document with that text
    with TableWriter(catalog.out, "documents", csv_style=output.csv) as documents, \
            TableWriter(catalog.work, "texts", with_csv=False, sealed=True) as texts:
        for doc in read_documents(input_path, columns, options):
            key = text_key(doc.text) if doc.error is None else None
            row = document_row(doc, first_with.get(key))
            documents.write(row)
            where = f"{row['source_path']} [{row['doc_id']}]"
            if row["status"] == "duplicate":
                result.duplicates.append((where, row["duplicate_of"]))
            elif row["status"] == "ok":
                first_with[key] = row["doc_id"]
                result.accepted += 1
                result.words += len(doc.text.split())
                texts.write({"doc_id": row["doc_id"], "sha256": row["sha256"], "text": doc.text})
                if row["date_text"]:
                    result.unparsed_dates.append((where, row["date_text"]))
            else:
                result.rejected.append((where, row["error"]))
    return result
