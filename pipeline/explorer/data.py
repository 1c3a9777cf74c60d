"""The explorer's data: the output tables as compact, column-oriented JSON.

One object of parallel lists per table (a list per column, not a dict per
row: about a third of the size and fast to parse). Rows point at each other by
position (a mention's `sent` is its sentence's index, a sentence's `doc` its
document's), so no id is repeated. Offsets are converted to UTF-16 code units,
which is how JavaScript indexes strings (they differ from Python's character
offsets after an emoji). Texts travel separately, so the page can show its
tables before it has unpacked them.

The payload is built in one pass over the tables read side by side, document
by document (the engine writes every table in document order), and written
column by column to temporary files (`columns.py`): the report stage's memory
does not grow with the corpus. Only the rows that cross documents (statement
groups, figure conflicts) keep an index of the rows they point at.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Iterator

import pyarrow.parquet as pq

from ..storage.by_document import DocumentRows
from ..storage.catalog import Catalog
from ..storage.tables import iter_batches, open_texts, table_path
from .columns import ColumnStore

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def iso_date(value) -> str:
    """"YYYY-MM-DD" from a date, a timestamp or a string starting with one; "" otherwise."""
    if value is None:
        return ""
    if isinstance(value, (dt.date, dt.datetime)) or hasattr(value, "isoformat"):
        try:
            return value.isoformat()[:10]
        except (TypeError, ValueError):  # NaT
            return ""
    match = _ISO_DATE.match(str(value).strip())
    if not match:
        return ""
    try:
        return dt.date.fromisoformat(match.group(0)).isoformat()
    except ValueError:  # 2025-13-45
        return ""


def utf16_map(text: str) -> list[int] | None:
    """Character offset -> UTF-16 offset, or None when they are the same (no astral characters)."""
    if text.isascii() or max(text) < "\U00010000":
        return None
    table, acc = [], 0
    for ch in text:
        table.append(acc)
        acc += 2 if ord(ch) > 0xFFFF else 1
    table.append(acc)
    return table


def _utf16_offsets(text: str):
    """Character offset -> UTF-16 offset in this text (-1 for a missing offset)."""
    table = utf16_map(text)

    def convert(offset) -> int:
        if offset is None or offset < 0:
            return -1
        return offset if table is None else table[min(offset, len(table) - 1)]
    return convert


def _text(value) -> str:
    return value if isinstance(value, str) else ""


def _source_label(name, source_type, text) -> str:
    if name:
        return name
    if source_type == "anonymous":
        return "anonymous sources"
    return f"{text} (unresolved)" if text else "unknown source"


TABLES = {  # the page's tables and their columns, in the order of the JSON
    "docs": ("id", "title", "date", "dateText", "url"),
    "sents": ("doc", "start", "end"),
    "ents": ("id", "name", "type", "mentions", "documents", "source", "figures"),
    "ments": ("ent", "sent", "start", "end"),
    "atts": ("sent", "cueStart", "cueEnd", "cueType", "src", "label", "srcType", "srcStart", "srcEnd", "cStart",
             "cEnd", "quote", "resolution"),
    "qtys": ("sent", "start", "end", "value", "valueMax", "approx", "unit", "lemma", "kind"),
    "claims": ("qty", "src", "label", "cue", "cueType"),
    "groups": ("id", "docs", "outlets"),
    "members": ("group", "att", "sim"),
    "conflicts": ("a", "b", "shared", "days"),
}


class Payload:
    """The page's data (`data_chunks`: one JSON object of `TABLES` after "meta") and the accepted
    documents' texts (`texts_chunks`: a JSON list aligned with data["docs"]), on disk until
    `close` (or the end of a `with` block)."""

    def __init__(self, work: Path | None = None):
        self.store = ColumnStore(work if work is not None and work.is_dir() else None)
        for name, keys in {**TABLES, "texts": ("text",)}.items():
            self.store.table(name, keys)
        self.meta: dict = {}

    def add(self, table: str, row: dict) -> int:
        """Append a row; returns its index in the table."""
        index = self.store.rows(table)
        self.store.add(table, row)
        return index

    def data_chunks(self) -> Iterator[str]:
        return self.store.json_chunks(list(TABLES), head={"meta": self.meta})

    def texts_chunks(self) -> Iterator[str]:
        return self.store.list_chunks("texts", "text")

    def values(self) -> tuple[dict, list[str]]:
        """(data, texts) as Python values (tests, small corpora)."""
        return json.loads("".join(self.data_chunks())), json.loads("".join(self.texts_chunks()))

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> "Payload":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def explorer_payload(out: str | Path, report_rows: list[dict], merged: dict[str, str]) -> Payload:
    """The page's tables and the accepted documents' texts (a `Payload`; close it, or use `with`).

    `merged` maps a canonical id that the entity report folded into another (person
    merging across documents) to the id it joined.
    """
    payload = Payload(Catalog(Path(out)).work)
    try:
        _fill(payload, Path(out), report_rows, merged)
    except BaseException:
        payload.close()
        raise
    return payload


def _fill(payload: Payload, out: Path, report_rows: list[dict], merged: dict[str, str]) -> None:
    accepted = _documents(payload, out)
    ent_index = {}
    for r in report_rows:
        ent_index[r["canonical_id"]] = payload.add("ents", {
            "id": r["canonical_id"], "name": r["canonical_name"], "type": r["type"], "mentions": r["mentions"],
            "documents": r["documents"], "source": r["as_source"], "figures": r["figures_reported"]})
    ent_of = lambda cid: ent_index.get(merged.get(cid, cid), -1) if cid else -1  # noqa: E731

    # Only attributions and claims that a cross-document row points at need an index beyond their document.
    grouped = {(d, s, c) for d, s, c in _rows(out, "statement_groups", ["doc_id", "sent_id", "cue_start"])}
    conflicting = {(d, s) for a, sa, b, sb in _rows(out, "figure_conflicts", [
        "doc_id_a", "quantity_start_a", "doc_id_b", "quantity_start_b"]) for d, s in ((a, sa), (b, sb))}
    att_index: dict[tuple[str, int, int], int] = {}
    claim_index: dict[tuple[str, int], int] = {}

    texts = _texts(out, accepted)
    sentences = DocumentRows(out, "sentences", ["sent_id", "start_char", "end_char"], accepted)
    entities = DocumentRows(out, "entities", ["sent_id", "start_char", "end_char", "canonical_id"], accepted)
    attributions = DocumentRows(out, "attributions", [
        "sent_id", "cue_start", "cue_end", "cue_type", "source_canonical_id", "source_canonical_name", "source_type",
        "source_text", "source_start", "source_end", "content_start", "content_end", "is_direct_quote",
        "resolution"], accepted)
    quantities = DocumentRows(out, "quantities", [
        "sent_id", "start_char", "end_char", "value", "value_max", "approx", "unit", "unit_lemma", "kind"], accepted)
    claims = DocumentRows(out, "claims", [
        "quantity_start", "quantity_end", "source_canonical_id", "source_canonical_name", "source_type",
        "source_text", "cue", "cue_type"], accepted)
    for d, doc_id in enumerate(accepted):
        text = next(texts)
        payload.store.add("texts", {"text": text})
        utf16 = _utf16_offsets(text)

        sent_of = {}
        for sent_id, start, end in sentences.rows(d):
            sent_of[sent_id] = payload.add("sents", {"doc": d, "start": utf16(start), "end": utf16(end)})
        for sent_id, start, end, cid in entities.rows(d):
            s, e = sent_of.get(sent_id), ent_of(cid)
            if s is not None and e >= 0:
                payload.add("ments", {"ent": e, "sent": s, "start": utf16(start), "end": utf16(end)})
        for (sent_id, cs, ce, ctype, cid, cname, stype, stext, ss, se, ks, ke, quote,
             resolution) in attributions.rows(d):
            s = sent_of.get(sent_id)
            if s is None:
                continue
            a = payload.add("atts", {
                "sent": s, "cueStart": utf16(cs), "cueEnd": utf16(ce), "cueType": ctype or "", "src": ent_of(cid),
                "label": _source_label(cname, stype, stext), "srcType": stype or "", "srcStart": utf16(ss),
                "srcEnd": utf16(se), "cStart": utf16(ks), "cEnd": utf16(ke), "quote": 1 if quote else 0,
                "resolution": resolution or ""})
            if (doc_id, sent_id, cs) in grouped:
                att_index[(doc_id, sent_id, cs)] = a
        qty_of = {}
        for sent_id, start, end, value, vmax, approx, unit, lemma, kind in quantities.rows(d):
            s = sent_of.get(sent_id)
            if s is not None:
                qty_of[(start, end)] = payload.add("qtys", {
                    "sent": s, "start": utf16(start), "end": utf16(end), "value": value, "valueMax": vmax,
                    "approx": approx or "", "unit": unit or "", "lemma": lemma or "", "kind": kind or ""})
        for start, end, cid, cname, stype, stext, cue, ctype in claims.rows(d):
            q = qty_of.get((start, end))
            if q is None:
                continue
            c = payload.add("claims", {"qty": q, "src": ent_of(cid), "label": _source_label(cname, stype, stext),
                                       "cue": cue or "", "cueType": ctype or ""})
            if (doc_id, start) in conflicting:
                claim_index.setdefault((doc_id, start), c)
    _cross_document(payload, out, att_index, claim_index)


def _documents(payload: Payload, out: Path) -> list[str]:
    """The accepted documents' ids in input order; their rows go to "docs", the counts to meta."""
    accepted, rejected, duplicates, dated, first, last = [], 0, 0, 0, None, None
    names = ["doc_id", "status", "title", "date", "date_text", "url"]
    present = set(pq.read_schema(table_path(out, "documents")).names) if table_path(out, "documents").exists() else ()
    for row in _rows(out, "documents", [n for n in names if n in present]):
        row = dict(zip([n for n in names if n in present], row))
        status = row.get("status")
        rejected += status == "rejected"
        duplicates += status == "duplicate"
        if status != "ok":
            continue
        raw_date = row.get("date")
        date = iso_date(raw_date)
        # the text as given when it is not a date we can place on a timeline
        date_text = _text(row.get("date_text")) or ("" if date or raw_date is None else str(raw_date))
        payload.add("docs", {"id": row["doc_id"], "title": _text(row.get("title")), "date": date,
                             "dateText": date_text, "url": _text(row.get("url"))})
        accepted.append(row["doc_id"])
        if date:
            dated += 1
            first, last = min(first or date, date), max(last or date, date)
    payload.meta = {"documents": len(accepted), "rejected": rejected, "duplicates": duplicates,
                    "dates": [first, last] if dated else None, "undated": len(accepted) - dated}
    return accepted


def _texts(out: Path, accepted: list[str]) -> Iterator[str]:
    """Each accepted document's text in turn ("" when it has none), streamed when the texts
    table is in the documents' order (what ingest writes), else looked up by id."""
    if not Catalog(out).texts.exists():
        yield from ("" for _ in accepted)
        return
    texts = open_texts(out)
    ids = texts.read(columns=["doc_id"])["doc_id"].to_pylist()
    if ids == accepted:
        del ids
        for batch in iter_batches(texts, ["text"], batch_size=256):
            yield from (_text(t) for t in batch.column(0).to_pylist())
        return
    text_of = dict(zip(ids, texts.read(columns=["text"])["text"].to_pylist()))
    yield from (_text(text_of.get(doc_id)) for doc_id in accepted)


def _cross_document(payload: Payload, out: Path, att_index: dict, claim_index: dict) -> None:
    """Statement groups (`groups`: one entry per group; `members`: attribution indices) and
    figure conflicts (`conflicts`: pairs of claim indices), pointing at the page's other tables."""
    seen: dict[str, int] = {}
    for gid, doc_id, sent_id, cue_start, similarity, n_docs, outlets in _rows(
            out, "statement_groups", ["group_id", "doc_id", "sent_id", "cue_start", "similarity", "n_documents",
                                      "outlets"]):
        a = att_index.get((doc_id, sent_id, cue_start))
        if a is None:
            continue
        if gid not in seen:
            seen[gid] = payload.add("groups", {"id": gid, "docs": n_docs, "outlets": outlets or ""})
        payload.add("members", {"group": seen[gid], "att": a, "sim": similarity})
    for doc_a, start_a, doc_b, start_b, shared, days in _rows(
            out, "figure_conflicts", ["doc_id_a", "quantity_start_a", "doc_id_b", "quantity_start_b", "shared",
                                      "days_apart"]):
        a, b = claim_index.get((doc_a, start_a)), claim_index.get((doc_b, start_b))
        if a is not None and b is not None:
            payload.add("conflicts", {"a": a, "b": b, "shared": shared or "", "days": days})


def _rows(out: Path, name: str, columns: list[str]) -> Iterator[tuple]:
    """A table's rows as tuples of the given columns, a row group at a time (nothing when the
    table does not exist)."""
    path = table_path(out, name)
    if not path.exists():
        return
    for batch in iter_batches(pq.ParquetFile(path), columns):
        yield from zip(*(batch.column(i).to_pylist() for i in range(len(columns))))
