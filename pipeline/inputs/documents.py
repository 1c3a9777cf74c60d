"""One input document, and how a record (a JSONL object, a CSV or Parquet row) becomes one."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .decoding import bad_unicode


@dataclass(frozen=True)
class ColumnMap:
    """Which field of a record holds each part of a document (`--id-column` ...)."""

    id: str = "id"
    text: str = "text"
    title: str = "title"
    date: str = "date"
    url: str = "url"

    @property
    def optional(self) -> dict[str, str]:
        """documents column -> record field, for the fields a record may leave out."""
        return {"title": self.title, "date": self.date, "url": self.url}


@dataclass(frozen=True)
class ReadOptions:
    """How the input is read, beyond the column names: `csv_delimiter` (None: sniffed from
    each CSV's header), `text_title` (a .txt file's first line is its title when it looks
    like one), `fetch` (FetchOptions for URLs; None: the defaults), `follow_links` (links
    in a folder are followed out of it too, not only to files inside it)."""

    csv_delimiter: str | None = None
    text_title: bool = True
    fetch: object = None
    follow_links: bool = False


@dataclass
class InputDocument:
    doc_id: str | None  # the id the input gives it (None when it gives none)
    source_path: str
    text: str | None = None
    meta: dict = field(default_factory=dict)  # title, date, url
    error: str | None = None
    encoding: str | None = None
    where: str | None = None  # "line 3", "row 3": the record's place in a file of records
    confidence: float | None = None  # of the encoding: 1.0 unless it was detected or bytes replaced
    warning: str | None = None  # an accepted document read with a caveat (bytes replaced)

    def decoded_from(self, decoded) -> str:
        """Take the encoding, confidence and warning of a `decoding.Decoded`; return its text."""
        self.encoding, self.confidence, self.warning = decoded.encoding, decoded.confidence, decoded.warning
        return decoded.text

    @property
    def location(self) -> str:
        return f"{self.source_path}:{self.where}" if self.where else self.source_path


def describe_exception(err: BaseException) -> str:
    """One line for an unexpected exception of one input: its type and the first line of its message."""
    message = str(err).splitlines()[0][:200] if str(err) else ""
    return f"{type(err).__name__}: {message}" if message else type(err).__name__


def _clean(value):
    """A field's value, None when empty (NaN from pandas, blank strings)."""
    if value is None or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, (dt.date, dt.datetime)):
        return value  # a typed date column of a Parquet file
    value = str(value)
    return value if value.strip() else None


def record_document(rel: str, where: str, record: dict, columns: ColumnMap, encoding: str | None,
                    escaped: bool = False, confidence: float | None = None) -> InputDocument:
    """The document of one record; `escaped`: its strings come from JSON (lone surrogates are escapes)."""
    doc = InputDocument(None, rel, encoding=encoding, where=where, confidence=confidence)
    for name in (columns.id, columns.text, *columns.optional.values()):
        value = record.get(name)
        why = bad_unicode(value, from_escape=escaped) if isinstance(value, str) else None
        if why:
            doc.error = f"{where}: field '{name}' is {why}"
            return doc
    doc.doc_id = _clean(record.get(columns.id))
    doc.meta = {column: _clean(record.get(name)) for column, name in columns.optional.items()}
    text = record.get(columns.text)
    if doc.doc_id is None:
        doc.error = f"{where}: missing '{columns.id}'"
    elif not isinstance(text, str):
        doc.error = f"{where}: missing or non-text '{columns.text}'"
    else:
        doc.text = text
    return doc
