"""Stage 1, ingest: read input files into the documents table.

Every input document gets exactly one row, `ok` or `rejected` with the
reason; accepted texts go to `work/texts.parquet` for the sentences stage.
"""
from __future__ import annotations

import csv
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

import pyarrow.parquet as pq

from ..catalog import Catalog
from ..tables import TableWriter

TEXT_SUFFIXES = {".txt", ".md"}
OPTIONAL_FIELDS = ("title", "date", "url")  # other fields, such as "source", are ignored


class InputNotFound(FileNotFoundError):
    pass


@dataclass
class InputDocument:
    doc_id: str
    source_path: str
    text: str | None = None
    meta: dict = field(default_factory=dict)
    error: str | None = None


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _decode(raw: bytes) -> str:
    """UTF-8, with or without a byte-order mark; raises ValueError with the position."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise ValueError(
            f"not valid UTF-8 (byte 0x{raw[err.start]:02x} at offset {err.start})"
        ) from None


def _clean(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value != value:  # NaN from CSV/Parquet
        return None
    value = str(value)
    return value if value.strip() else None


def _record(rel: str, where: str, record: dict) -> InputDocument:
    doc_id = _clean(record.get("id"))
    text = record.get("text")
    meta = {k: _clean(record.get(k)) for k in OPTIONAL_FIELDS}
    if doc_id is None:
        return InputDocument(f"{rel}:{where}", rel, error=f"{where}: missing 'id'")
    if not isinstance(text, str):
        return InputDocument(doc_id, rel, meta=meta, error=f"{where}: missing or non-text 'text'")
    return InputDocument(doc_id, rel, text=text, meta=meta)


def _read_text_file(path: Path, rel: str, doc_id: str) -> Iterator[InputDocument]:
    try:
        yield InputDocument(doc_id, rel, text=_decode(path.read_bytes()))
    except (OSError, ValueError) as err:
        yield InputDocument(doc_id, rel, error=str(err))


def _read_jsonl(path: Path, rel: str) -> Iterator[InputDocument]:
    with open(path, "rb") as handle:
        for lineno, raw in enumerate(handle, start=1):
            where = f"line {lineno}"
            if not raw.strip():
                continue
            try:
                record = json.loads(_decode(raw))
            except ValueError as err:
                yield InputDocument(f"{rel}:{where}", rel, error=f"{where}: malformed JSON ({err})")
                continue
            if not isinstance(record, dict):
                yield InputDocument(f"{rel}:{where}", rel, error=f"{where}: not a JSON object")
                continue
            yield _record(rel, where, record)


def _read_csv(path: Path, rel: str) -> Iterator[InputDocument]:
    csv.field_size_limit(1 << 30)  # article texts are longer than csv's 128 KiB default
    with open(path, encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = {"id", "text"} - set(reader.fieldnames or [])
        if missing:
            yield InputDocument(rel, rel, error=f"missing column(s): {', '.join(sorted(missing))}")
            return
        for rowno, record in enumerate(reader, start=2):
            yield _record(rel, f"row {rowno}", record)


def _read_parquet(path: Path, rel: str) -> Iterator[InputDocument]:
    parquet = pq.ParquetFile(path)
    names = set(parquet.schema_arrow.names)
    missing = {"id", "text"} - names
    if missing:
        yield InputDocument(rel, rel, error=f"missing column(s): {', '.join(sorted(missing))}")
        return
    wanted = ["id", "text"] + [c for c in OPTIONAL_FIELDS if c in names]
    rowno = 0
    for batch in parquet.iter_batches(columns=wanted):
        for record in batch.to_pylist():
            rowno += 1
            yield _record(rel, f"row {rowno}", record)


def _read_file(path: Path, rel: str, doc_id: str) -> Iterator[InputDocument]:
    suffix = path.suffix.lower()
    try:
        if suffix in TEXT_SUFFIXES:
            yield from _read_text_file(path, rel, doc_id)
        elif suffix == ".jsonl":
            yield from _read_jsonl(path, rel)
        elif suffix == ".csv":
            yield from _read_csv(path, rel)
        elif suffix == ".parquet":
            yield from _read_parquet(path, rel)
        else:
            yield InputDocument(doc_id, rel, error=f"unsupported file type '{suffix or path.name}'")
    except (OSError, ValueError, UnicodeDecodeError, csv.Error) as err:
        # A file that breaks part-way (truncated Parquet, bad CSV encoding) is
        # reported as one rejected document named after the file.
        yield InputDocument(f"{doc_id}:error", rel, error=f"unreadable file: {err}")


def input_files(input_path: Path) -> Iterator[tuple[Path, str, str]]:
    """(path, path relative to the input, doc_id for text files), in sorted order."""
    if input_path.is_file():
        yield input_path, input_path.name, input_path.stem
        return
    for path in sorted(p for p in input_path.rglob("*") if p.is_file()):
        rel = path.relative_to(input_path)
        if any(part.startswith(".") for part in rel.parts):
            continue  # hidden files and folders (.git, .DS_Store) are not articles
        yield path, rel.as_posix(), rel.with_suffix("").as_posix()


def read_documents(input_path: str | Path) -> Iterator[InputDocument]:
    """Every document of the input, accepted or rejected, with duplicates and empties flagged."""
    input_path = Path(input_path)
    if not input_path.exists():
        raise InputNotFound(f"input path not found: {input_path}")
    seen: dict[str, str] = {}
    for path, rel, doc_id in input_files(input_path):
        for doc in _read_file(path, rel, doc_id):
            if doc.error is None and not doc.text.strip():
                doc.error = "empty text"
            if doc.error is None and doc.doc_id in seen:
                # The first document keeps the id; this one is reported under it too.
                doc.error = f"duplicate id '{doc.doc_id}' (first in {seen[doc.doc_id]})"
            elif doc.error is None:
                seen[doc.doc_id] = rel
            yield doc


def document_row(doc: InputDocument) -> dict:
    ok = doc.error is None
    return {
        "doc_id": doc.doc_id,
        "source_path": doc.source_path,
        "title": doc.meta.get("title"),
        "date": doc.meta.get("date"),
        "url": doc.meta.get("url"),
        "n_chars": len(doc.text) if ok else None,
        "sha256": _sha256(doc.text) if ok else None,
        "status": "ok" if ok else "rejected",
        "error": doc.error,
    }


@dataclass
class IngestResult:
    accepted: int = 0
    rejected: list[tuple[str, str]] = field(default_factory=list)


def run_ingest(input_path: str | Path, out: str | Path) -> IngestResult:
    """Write `documents` and the accepted texts; return the counts and the rejections."""
    catalog = Catalog(Path(out))
    result = IngestResult()
    with TableWriter(catalog.out, "documents") as documents, \
            TableWriter(catalog.work, "texts", with_csv=False) as texts:
        for doc in read_documents(input_path):
            row = document_row(doc)
            documents.write(row)
            if row["status"] == "ok":
                result.accepted += 1
                texts.write({"doc_id": doc.doc_id, "sha256": row["sha256"], "text": doc.text})
            else:
                result.rejected.append((f"{doc.source_path} [{doc.doc_id}]", doc.error))
    return result
