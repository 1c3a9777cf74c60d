"""Stage 4, quantities: figures with their value, qualifier and unit or counted noun.

The rules live in `pipeline.quantities` (see `extract.py` for the conventions
of value, value_max, approx, unit, unit_lemma and kind) and lean on the text;
the parsed document gives the sentence ids and a lemma hint for counted nouns.
"""
from __future__ import annotations

import html
from bisect import bisect_right
from pathlib import Path
from typing import Callable

from spacy.tokens import Doc

from ..docstore import token_sentence_ids
from ..quantities import extract
from ..tables import read_table
from .common import run_doc_stage


def quantity_rows(doc_id: str, doc: Doc) -> list[dict]:
    """Rows of the quantities table for one parsed document (pure)."""
    text = doc.text  # spaCy joins every token on each access: once per document
    sent_ids = token_sentence_ids(doc)
    starts = doc.to_array("IDX").tolist() if len(doc) else []
    position = {start: i for i, start in enumerate(starts)}

    def hint(start: int, end: int) -> str | None:
        i = position.get(start)
        if i is None:
            return None
        tok = doc[i]
        return tok.lemma_ if start + len(tok) == end else None

    rows = []
    for q in extract(text, hint):
        # a quantity's sentence is that of the token holding its first character
        sent_id = sent_ids[max(bisect_right(starts, q.start) - 1, 0)] if starts else -1
        rows.append({
            "doc_id": doc_id, "sent_id": sent_id, "start_char": q.start, "end_char": q.end,
            "text": text[q.start:q.end], "value": q.value, "value_max": q.value_max,
            "approx": q.approx, "unit": q.unit, "unit_lemma": q.unit_lemma, "kind": q.kind,
        })
    return rows


def run_quantities(out: str | Path, progress: Callable[[int], None] = lambda n: None) -> int:
    """Write the quantities table from the parsed documents; return the number of rows."""
    return run_doc_stage(out, "quantities", quantity_rows, progress=progress)


def _number(value) -> str:
    if _missing(value):
        return ""
    return f"{value:,.0f}".replace(",", ".") if float(value).is_integer() else f"{value:g}".replace(".", ",")


def quantities_section_html(out: str | Path) -> str:
    """The report's quantities section: per document, then totals per unit lemma."""
    esc = html.escape
    try:
        df = read_table(out, "quantities")
    except FileNotFoundError:
        return '<section id="quantities"><h2>Quantities</h2><p>No quantities table: run the quantities stage.</p></section>'
    parts = ['<section id="quantities">', "<h2>Quantities</h2>", f"<p>{len(df)} quantities in {df['doc_id'].nunique()} documents.</p>"]
    if len(df):
        totals = (df.assign(unit_lemma=df["unit_lemma"].fillna("(none)"))
                  .groupby(["unit_lemma", "kind"], dropna=False)
                  .agg(n=("value", "size"), total=("value", "sum"), documents=("doc_id", "nunique"))
                  .reset_index().sort_values(["n", "unit_lemma"], ascending=[False, True]))
        parts.append("<h3>Totals per unit</h3>")
        parts.append("<table><thead><tr><th>unit lemma</th><th>kind</th><th>quantities</th>"
                     "<th>documents</th><th>sum of values</th></tr></thead><tbody>")
        for r in totals.itertuples(index=False):
            parts.append(f"<tr><td>{esc(str(r.unit_lemma))}</td><td>{esc(str(r.kind))}</td><td>{r.n}</td>"
                         f"<td>{r.documents}</td><td>{esc(_number(r.total))}</td></tr>")
        parts.append("</tbody></table>")
        parts.append("<h3>Per document</h3>")
        for doc_id, group in df.groupby("doc_id", sort=False):
            parts.append(f"<details><summary>{esc(str(doc_id))} ({len(group)})</summary>")
            parts.append("<table><thead><tr><th>sentence</th><th>text</th><th>value</th><th>max</th>"
                         "<th>approx</th><th>unit lemma</th><th>kind</th></tr></thead><tbody>")
            for r in group.itertuples(index=False):
                cells = (r.sent_id, r.text, _number(r.value), _number(r.value_max),
                         r.approx, r.unit_lemma, r.kind)
                parts.append("<tr>" + "".join(f"<td>{esc('' if _missing(c) else str(c))}</td>" for c in cells) + "</tr>")
            parts.append("</tbody></table></details>")
    parts.append("</section>")
    return "\n".join(parts)


def _missing(value) -> bool:
    try:
        return value is None or str(value) in ("<NA>", "nan") or bool(value != value)
    except (TypeError, ValueError):
        return True
