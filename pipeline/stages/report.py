"""Stage 6, report: `entity_report` (one row per canonical entity) and report.html.

The aggregation streams the entities table; the HTML page is self-contained
(inline CSS, no scripts or network) and gains a section from each later stage
whose table exists.
"""
from __future__ import annotations

import html
from collections import Counter
from itertools import islice
from pathlib import Path

from spacy import displacy

from ..catalog import Catalog
from ..tables import atomic_write_text, iter_table_rows, read_table, table_path, write_table
from ..incremental import code_fingerprint, file_sha256, fresh_stamp, record_stamp

MAX_DOCS_SHOWN = 50
TOP_PER_TYPE = 15
TYPE_COLOURS = {"country": "#7aecec", "person": "#aa9cfc", "outlet": "#feca74",
                "organization": "#bfeeb7", "location": "#ff9561", "other": "#e4e7d2"}


def source_counts(out: str | Path) -> Counter:
    """Attributions per resolved source entity (empty before the attributions stage ran)."""
    if not table_path(out, "attributions").exists():
        return Counter()
    return Counter(r["source_canonical_id"] for r in
                   iter_table_rows(out, "attributions", ["source_canonical_id"]) if r["source_canonical_id"])


def entity_report_rows(entity_rows, as_source: Counter, figures: Counter | None = None) -> list[dict]:
    """Aggregate entity mentions by canonical id (pure; rows in document order).

    Persons are then merged across documents when the names agree and nothing
    conflicts: a shorter name ("Köcher") whose words fit exactly one fuller
    person name of the corpus ("Helmuth Köcher") joins it; two different full
    names never merge. `linked_by` is "corpus" for an entity whose mentions
    span several documents (the same canonical id, or such a merge), else
    "document" (linked within its one document by the entities stage).
    """
    figures = figures or Counter()
    agg: dict[str, dict] = {}
    for row in entity_rows:
        key = row["canonical_id"]
        entry = agg.get(key)
        if entry is None:
            entry = agg[key] = {
                "canonical_id": key, "canonical_name": row["canonical_name"], "type": row["type"],
                "mentions": 0, "_docs": set(), "_sents": set(), "_forms": {}, "_ids": {key},
                "first_doc_id": row["doc_id"], "first_sent_id": row["sent_id"], "linked_by": "document",
            }
        entry["mentions"] += 1
        entry["_docs"].add(row["doc_id"])
        entry["_sents"].add((row["doc_id"], row["sent_id"]))
        entry["_forms"].setdefault(row["text"], None)
    _merge_persons_across_documents(agg)
    rows = []
    for entry in agg.values():
        if len(entry["_docs"]) > 1:
            entry["linked_by"] = "corpus"
        rows.append({
            "canonical_id": entry["canonical_id"], "canonical_name": entry["canonical_name"],
            "type": entry["type"], "mentions": entry["mentions"], "documents": len(entry["_docs"]),
            "sentences": len(entry["_sents"]), "as_source": sum(as_source.get(i, 0) for i in entry["_ids"]),
            "figures_reported": sum(figures.get(i, 0) for i in entry["_ids"]),
            "forms": "|".join(entry["_forms"]), "first_doc_id": entry["first_doc_id"],
            "first_sent_id": entry["first_sent_id"], "linked_by": entry["linked_by"],
        })
    rows.sort(key=lambda r: (-r["mentions"], r["canonical_name"].lower(), r["canonical_id"]))
    return rows


def _merge_persons_across_documents(agg: dict[str, dict]) -> None:
    from ..extractors.entities.persons import name_fits, name_words

    people = [e for e in agg.values() if e["type"] == "person"]
    # Only names sharing a word can fit one another: index them by word (linear, not quadratic).
    by_word: dict[str, list[dict]] = {}
    for entry in people:
        for word in set(name_words(entry["canonical_name"])):
            by_word.setdefault(word, []).append(entry)

    def longer(entry: dict) -> list[dict]:
        words = name_words(entry["canonical_name"])
        pool = min((by_word.get(w, []) for w in words), key=len) if words else []
        return [e for e in pool if e is not entry and name_fits(entry["canonical_name"], e["canonical_name"])]

    for short in people:
        fuller = longer(short)
        if len(fuller) != 1 or short["canonical_id"] not in agg:
            continue
        target = fuller[0]
        if longer(target):
            continue  # the fuller name is itself part of a longer one: ambiguous
        target["mentions"] += short["mentions"]
        target["_docs"] |= short["_docs"]
        target["_sents"] |= short["_sents"]
        target["_ids"] |= short["_ids"]
        for form in short["_forms"]:
            target["_forms"].setdefault(form, None)
        if (short["first_doc_id"], short["first_sent_id"]) < (target["first_doc_id"], target["first_sent_id"]):
            target["first_doc_id"], target["first_sent_id"] = short["first_doc_id"], short["first_sent_id"]
        target["linked_by"] = "corpus"
        del agg[short["canonical_id"]]


def figure_counts(out: str | Path) -> Counter:
    """Claims (figures reported) per resolved source entity."""
    if not table_path(out, "claims").exists():
        return Counter()
    return Counter(r["source_canonical_id"] for r in
                   iter_table_rows(out, "claims", ["source_canonical_id"]) if r["source_canonical_id"])


def write_claims(out: Path) -> int:
    """The claims table from the attributions, quantities and sentences tables."""
    from .claims import claim_rows

    if not (table_path(out, "attributions").exists() and table_path(out, "quantities").exists()):
        write_table(out, "claims", [])  # no stale claims from an earlier run
        return 0
    sentences = {(r["doc_id"], r["sent_id"]): r["text"] for r in iter_table_rows(out, "sentences")}
    rows = claim_rows(iter_table_rows(out, "attributions"), iter_table_rows(out, "quantities"), sentences)
    write_table(out, "claims", rows)
    return len(rows)


def _bar_chart(rows: list[dict]) -> str:
    parts = []
    for etype in TYPE_COLOURS:
        top = [r for r in rows if r["type"] == etype][:TOP_PER_TYPE]
        if not top:
            continue
        peak = max(r["mentions"] for r in top)
        bars = "".join(
            f'<div class="bar"><span class="label">{html.escape(r["canonical_name"])}</span>'
            f'<span class="track"><span class="fill" style="width:{100 * r["mentions"] / peak:.0f}%;'
            f'background:{TYPE_COLOURS[etype]}">{r["mentions"]}</span></span></div>' for r in top)
        parts.append(f"<h3>{etype}</h3>{bars}")
    return "".join(parts)


def _documents_html(out: Path, n_docs: int) -> str:
    """The first MAX_DOCS_SHOWN documents with their entities highlighted."""
    from ..engine import iter_parsed_docs

    docs = list(islice(iter_parsed_docs(out), MAX_DOCS_SHOWN))
    shown = {doc_id for doc_id, _ in docs}
    entities: dict[str, list] = {}
    for row in iter_table_rows(out, "entities", ["doc_id", "start_char", "end_char", "type"]):
        if row["doc_id"] in shown:
            entities.setdefault(row["doc_id"], []).append(
                {"start": row["start_char"], "end": row["end_char"], "label": row["type"]})
    parts = []
    for doc_id, doc in docs:
        markup = displacy.render({"text": doc.text, "ents": entities.get(doc_id, []), "title": None},
                                 style="ent", manual=True, page=False, options={"colors": TYPE_COLOURS})
        parts.append(f"<h3>{html.escape(doc_id)}</h3>{markup}")
    if n_docs > len(docs):
        parts.append(f"<p>First {len(docs)} of {n_docs} documents shown.</p>")
    return "".join(parts)


def _stage_sections(out: Path) -> str:
    """Sections contributed by the quantities and attributions stages, when they ran."""
    sections = []
    if table_path(out, "attributions").exists():
        from .attributions import attributions_section_html
        sections.append(attributions_section_html(out))
    if table_path(out, "quantities").exists():
        from .quantities import quantities_section_html
        sections.append(quantities_section_html(out))
    if table_path(out, "claims").exists():
        sections.append(_claims_section_html(out))
    return "".join(sections)


def _claims_section_html(out: Path, limit: int = 300) -> str:
    """Figures by source: each reported figure under the source that gave it."""
    by_source: dict[str, list[dict]] = {}
    for row in islice(iter_table_rows(out, "claims"), limit):
        name = row["source_canonical_name"] or row["source_text"] or "(no source)"
        by_source.setdefault(name, []).append(row)
    if not by_source:
        return "<h2>Figures by source</h2><p>No figure falls inside an attributed statement.</p>"
    parts = ["<h2>Figures by source</h2><table><tr><th>source</th><th>figure</th><th>kind</th>"
             "<th>cue</th><th>document</th><th>sentence</th></tr>"]
    for name, rows in sorted(by_source.items(), key=lambda kv: (-len(kv[1]), kv[0].lower())):
        for r in rows:
            parts.append(f"<tr><td>{html.escape(name)}</td><td>{html.escape(r['quantity_text'])}</td>"
                         f"<td>{html.escape(r['kind'] or '')}</td><td>{html.escape(r['cue'])}</td>"
                         f"<td>{html.escape(r['doc_id'])}</td><td>{html.escape(r['sentence'])}</td></tr>")
    parts.append("</table>")
    return "".join(parts)


_CSS = """body{font-family:sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}
table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 8px;text-align:left}
.bar{display:flex;align-items:center;margin:2px 0}.label{flex:0 0 260px;font-size:90%}.track{flex:1}
.fill{display:inline-block;padding:1px 4px;font-size:80%;min-width:1.5em}"""


INCOMPLETE_NOTE = ("The last run into this folder did not finish: these tables may mix that run's "
                   "partial results with an earlier run's. Run the pipeline again to complete them.")


def report_html(out: Path, rows: list[dict], incomplete: bool = False) -> str:
    documents = read_table(out, "documents")
    counts = Counter(r["type"] for r in rows)
    summary = "".join(f"<tr><td>{html.escape(t)}</td><td>{c}</td></tr>" for t, c in sorted(counts.items()))
    ok = int((documents["status"] == "ok").sum())
    return (
        f"<!DOCTYPE html><html lang='it'><head><meta charset='utf-8'><title>Entity report</title>"
        f"<style>{_CSS}</style></head><body><h1>Entity report</h1>"
        + (f"<p class='warning' role='alert'><strong>{html.escape(INCOMPLETE_NOTE)}</strong></p>" if incomplete else "")
        + f"<p>{ok} documents processed, {len(documents) - ok} rejected; "
        f"{sum(r['mentions'] for r in rows)} entity mentions of {len(rows)} entities.</p>"
        f"<table><tr><th>type</th><th>entities</th></tr>{summary}</table>"
        f"<h2>Top entities by type</h2>{_bar_chart(rows)}"
        f"{_stage_sections(out)}<h2>Documents</h2>{_documents_html(out, ok)}</body></html>"
    )


def run_report(out: str | Path, incomplete: bool = False) -> int:
    """Write entity_report (.parquet, .csv) and report.html; return the number of entities.

    Skipped when its input tables, its code and its outputs are as the last run left them.
    """
    catalog = Catalog(Path(out))
    inputs = {"code": code_fingerprint(run_report), "incomplete": incomplete,
              **{t: file_sha256(table_path(catalog.out, t))
                 for t in ("documents", "entities", "quantities", "attributions")},
              "texts": file_sha256(catalog.texts)}
    outputs = [catalog.table("entity_report"), catalog.out / "entity_report.csv", catalog.report_html,
               catalog.table("claims"), catalog.out / "claims.csv"]
    stamp = fresh_stamp(catalog.out, "report", inputs, outputs)
    if stamp is not None:
        return stamp["rows"]
    write_claims(catalog.out)
    rows = entity_report_rows(iter_table_rows(catalog.out, "entities"), source_counts(catalog.out),
                              figure_counts(catalog.out))
    write_table(catalog.out, "entity_report", rows)
    atomic_write_text(catalog.report_html, report_html(catalog.out, rows, incomplete))
    record_stamp(catalog.out, "report", inputs, outputs, rows=len(rows))
    return len(rows)
