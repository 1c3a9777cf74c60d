"""The explorer's data: the output tables as compact, column-oriented JSON.

One object of parallel lists per table (a list per column, not a dict per
row: about a third of the size and fast to parse). Rows point at each other by
position (a mention's `sent` is its sentence's index, a sentence's `doc` its
document's), so no id is repeated. Offsets are converted to UTF-16 code units,
which is how JavaScript indexes strings (they differ from Python's character
offsets after an emoji). Texts travel separately, so the page can show its
tables before it has unpacked them.
"""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pyarrow.parquet as pq

from ..storage.catalog import Catalog
from ..storage.tables import open_texts, table_path

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


def _read(out: Path, name: str) -> dict[str, list] | None:
    path = table_path(out, name)
    return pq.read_table(path).to_pydict() if path.exists() else None


def _text(value) -> str:
    return value if isinstance(value, str) else ""


def _source_label(name, source_type, text) -> str:
    if name:
        return name
    if source_type == "anonymous":
        return "anonymous sources"
    return f"{text} (unresolved)" if text else "unknown source"


class _Offsets:
    """Per-document conversion of character offsets to UTF-16 offsets."""

    def __init__(self, texts: list[str]):
        self.maps = [utf16_map(t) for t in texts]

    def __call__(self, doc: int, offset):
        if offset is None or offset < 0:
            return -1
        table = self.maps[doc]
        return offset if table is None else table[min(offset, len(table) - 1)]


def explorer_payload(out: str | Path, report_rows: list[dict], merged: dict[str, str]) -> tuple[dict, list[str]]:
    """(data, texts): the page's tables and the accepted documents' texts, aligned with data["docs"].

    `merged` maps a canonical id that the entity report folded into another (person
    merging across documents) to the id it joined.
    """
    out = Path(out)
    documents = _read(out, "documents") or {"doc_id": [], "status": []}
    texts_table = open_texts(out).read(columns=["doc_id", "text"]).to_pydict() \
        if Catalog(out).texts.exists() else {"doc_id": [], "text": []}
    text_of = dict(zip(texts_table["doc_id"], texts_table["text"]))
    n_rows = len(documents["doc_id"])
    col = lambda name: documents.get(name) or [None] * n_rows  # noqa: E731 - optional columns
    docs = {"id": [], "title": [], "date": [], "dateText": [], "url": []}
    texts: list[str] = []
    for i, doc_id in enumerate(documents["doc_id"]):
        if documents["status"][i] != "ok":
            continue
        raw_date = col("date")[i]
        date = iso_date(raw_date)
        # the text as given when it is not a date we can place on a timeline
        date_text = _text(col("date_text")[i]) or ("" if date or raw_date is None else str(raw_date))
        docs["id"].append(doc_id)
        docs["title"].append(_text(col("title")[i]))
        docs["date"].append(date)
        docs["dateText"].append(date_text)
        docs["url"].append(_text(col("url")[i]))
        texts.append(_text(text_of.get(doc_id)))
    doc_index = {doc_id: i for i, doc_id in enumerate(docs["id"])}
    utf16 = _Offsets(texts)

    sents = {"doc": [], "start": [], "end": []}
    sent_index: dict[tuple[str, int], int] = {}
    for doc_id, sent_id, start, end in _rows(out, "sentences", ["doc_id", "sent_id", "start_char", "end_char"]):
        d = doc_index.get(doc_id)
        if d is None:
            continue
        sent_index[(doc_id, sent_id)] = len(sents["doc"])
        sents["doc"].append(d)
        sents["start"].append(utf16(d, start))
        sents["end"].append(utf16(d, end))

    ents = {"id": [], "name": [], "type": [], "mentions": [], "documents": [], "source": [], "figures": []}
    for r in report_rows:
        for key, column in (("id", "canonical_id"), ("name", "canonical_name"), ("type", "type"),
                            ("mentions", "mentions"), ("documents", "documents"), ("source", "as_source"),
                            ("figures", "figures_reported")):
            ents[key].append(r[column])
    ent_index = {cid: i for i, cid in enumerate(ents["id"])}
    ent_of = lambda cid: ent_index.get(merged.get(cid, cid), -1) if cid else -1  # noqa: E731

    ments = {"ent": [], "sent": [], "start": [], "end": []}
    for doc_id, sent_id, start, end, cid in _rows(out, "entities", ["doc_id", "sent_id", "start_char", "end_char",
                                                                     "canonical_id"]):
        s, e = sent_index.get((doc_id, sent_id)), ent_of(cid)
        if s is None or e < 0:
            continue
        d = sents["doc"][s]
        for key, value in (("ent", e), ("sent", s), ("start", utf16(d, start)), ("end", utf16(d, end))):
            ments[key].append(value)

    atts = {k: [] for k in ("sent", "cueStart", "cueEnd", "cueType", "src", "label", "srcType", "srcStart",
                            "srcEnd", "cStart", "cEnd", "quote", "resolution")}
    names = ["doc_id", "sent_id", "cue_start", "cue_end", "cue_type", "source_canonical_id", "source_canonical_name",
             "source_type", "source_text", "source_start", "source_end", "content_start", "content_end",
             "is_direct_quote", "resolution"]
    att_index: dict[tuple[str, int, int], int] = {}
    for (doc_id, sent_id, cs, ce, ctype, cid, cname, stype, stext, ss, se, ks, ke, quote,
         resolution) in _rows(out, "attributions", names):
        s = sent_index.get((doc_id, sent_id))
        if s is None:
            continue
        att_index[(doc_id, sent_id, cs)] = len(atts["sent"])
        d = sents["doc"][s]
        row = {"sent": s, "cueStart": utf16(d, cs), "cueEnd": utf16(d, ce), "cueType": ctype or "",
               "src": ent_of(cid), "label": _source_label(cname, stype, stext), "srcType": stype or "",
               "srcStart": utf16(d, ss), "srcEnd": utf16(d, se), "cStart": utf16(d, ks), "cEnd": utf16(d, ke),
               "quote": 1 if quote else 0, "resolution": resolution or ""}
        for key, value in row.items():
            atts[key].append(value)

    qtys = {k: [] for k in ("sent", "start", "end", "value", "valueMax", "approx", "unit", "lemma", "kind")}
    qty_index: dict[tuple[str, int, int], int] = {}
    for doc_id, sent_id, start, end, value, vmax, approx, unit, lemma, kind in _rows(
            out, "quantities", ["doc_id", "sent_id", "start_char", "end_char", "value", "value_max", "approx",
                                "unit", "unit_lemma", "kind"]):
        s = sent_index.get((doc_id, sent_id))
        if s is None:
            continue
        d = sents["doc"][s]
        qty_index[(doc_id, start, end)] = len(qtys["sent"])
        row = {"sent": s, "start": utf16(d, start), "end": utf16(d, end), "value": value, "valueMax": vmax,
               "approx": approx or "", "unit": unit or "", "lemma": lemma or "", "kind": kind or ""}
        for key, v in row.items():
            qtys[key].append(v)

    claims = {"qty": [], "src": [], "label": [], "cue": [], "cueType": []}
    claim_index: dict[tuple[str, int], int] = {}
    for doc_id, start, end, cid, cname, stype, stext, cue, ctype in _rows(
            out, "claims", ["doc_id", "quantity_start", "quantity_end", "source_canonical_id",
                            "source_canonical_name", "source_type", "source_text", "cue", "cue_type"]):
        q = qty_index.get((doc_id, start, end))
        if q is None:
            continue
        claim_index.setdefault((doc_id, start), len(claims["qty"]))
        for key, value in (("qty", q), ("src", ent_of(cid)), ("label", _source_label(cname, stype, stext)),
                           ("cue", cue or ""), ("cueType", ctype or "")):
            claims[key].append(value)

    dates = sorted(d for d in docs["date"] if d)
    meta = {"documents": len(docs["id"]), "rejected": documents["status"].count("rejected"),
            "duplicates": documents["status"].count("duplicate"),
            "dates": [dates[0], dates[-1]] if dates else None, "undated": len(docs["id"]) - len(dates)}
    data = {"meta": meta, "docs": docs, "sents": sents, "ents": ents, "ments": ments, "atts": atts,
            "qtys": qtys, "claims": claims, **cross_document(out, att_index, claim_index)}
    return data, texts


def cross_document(out: Path, att_index: dict, claim_index: dict) -> dict:
    """Statement groups (`groups`: one entry per group; `members`: attribution indices) and
    figure conflicts (`conflicts`: pairs of claim indices), pointing at the page's other tables."""
    groups = {"id": [], "docs": [], "outlets": []}
    members = {"group": [], "att": [], "sim": []}
    seen: dict[str, int] = {}
    for gid, doc_id, sent_id, cue_start, similarity, n_docs, outlets in _rows(
            out, "statement_groups", ["group_id", "doc_id", "sent_id", "cue_start", "similarity", "n_documents",
                                      "outlets"]):
        a = att_index.get((doc_id, sent_id, cue_start))
        if a is None:
            continue
        if gid not in seen:
            seen[gid] = len(groups["id"])
            for key, value in (("id", gid), ("docs", n_docs), ("outlets", outlets or "")):
                groups[key].append(value)
        for key, value in (("group", seen[gid]), ("att", a), ("sim", similarity)):
            members[key].append(value)
    conflicts = {"a": [], "b": [], "shared": [], "days": []}
    for doc_a, start_a, doc_b, start_b, shared, days in _rows(
            out, "figure_conflicts", ["doc_id_a", "quantity_start_a", "doc_id_b", "quantity_start_b", "shared",
                                      "days_apart"]):
        a, b = claim_index.get((doc_a, start_a)), claim_index.get((doc_b, start_b))
        if a is None or b is None:
            continue
        for key, value in (("a", a), ("b", b), ("shared", shared or ""), ("days", days)):
            conflicts[key].append(value)
    return {"groups": groups, "members": members, "conflicts": conflicts}


def _rows(out: Path, name: str, columns: list[str]):
    """A table's rows as tuples of the given columns (nothing when the table does not exist)."""
    path = table_path(out, name)
    if not path.exists():
        return iter(())
    table = pq.read_table(path, columns=columns).to_pydict()
    return zip(*(table[c] for c in columns))
