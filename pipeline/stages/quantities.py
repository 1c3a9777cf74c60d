"""Stage 4, quantities: figures with their value, qualifier and unit or counted noun.

The rules live in `pipeline.extractors.quantities` (see `extract.py` for the conventions
of value, value_max, approx, unit, unit_lemma and kind) and lean on the text;
the parsed document gives the sentence ids, a lemma hint for counted nouns,
entity labels and, when the model has a parser, heads (`quantities.parse`).
"""
from __future__ import annotations

import html
from bisect import bisect_right
from pathlib import Path

from spacy.tokens import Doc

from ..docstore import token_sentence_ids
from ..extractors.quantities import extract
from ..extractors.quantities.parse import DocAnalysis
from ..tables import read_table


def quantity_rows(doc_id: str, doc: Doc) -> list[dict]:
    """Rows of the quantities table for one parsed document (pure)."""
    text = doc.text  # spaCy joins every token on each access: once per document
    sent_ids = token_sentence_ids(doc)
    starts = doc.to_array("IDX").tolist() if len(doc) else []
    rows = []
    for q in extract(text, analysis=DocAnalysis(doc)):
        # a quantity's sentence is that of the token holding its first character
        sent_id = sent_ids[max(bisect_right(starts, q.start) - 1, 0)] if starts else -1
        rows.append({
            "doc_id": doc_id, "sent_id": sent_id, "start_char": q.start, "end_char": q.end,
            "text": text[q.start:q.end], "value": q.value, "value_max": q.value_max,
            "approx": q.approx, "unit": q.unit, "unit_lemma": q.unit_lemma, "kind": q.kind,
        })
    return rows



MAX_FIGURES_SHOWN = 200  # per unit group, so a large corpus keeps a readable page


def _number(value) -> str:
    if _missing(value):
        return ""
    return f"{value:,.0f}".replace(",", ".") if float(value).is_integer() else f"{value:g}".replace(".", ",")


def _sentence_html(sentence: dict | None, start: int, end: int) -> str:
    """The sentence with the figure at [start, end) (document offsets) marked."""
    if sentence is None:
        return ""
    text, a, b = sentence["text"], start - sentence["start_char"], end - sentence["start_char"]
    if not (0 <= a <= b <= len(text)):
        return html.escape(text)
    return html.escape(text[:a]) + "<mark>" + html.escape(text[a:b]) + "</mark>" + html.escape(text[b:])


def quantities_section_html(out: str | Path) -> str:
    """The report's quantities section: figures grouped by unit lemma and kind, with count, min, median and
    max (values of unrelated figures are never added up), and each figure with its document and sentence."""
    esc = html.escape
    try:
        df = read_table(out, "quantities")
    except FileNotFoundError:
        return '<section id="quantities"><h2>Quantities</h2><p>No quantities table: run the quantities stage.</p></section>'
    parts = ['<section id="quantities">', "<h2>Quantities</h2>",
             f"<p>{len(df)} quantities in {df['doc_id'].nunique()} documents, grouped by unit and kind; "
             "a range counts with its lower bound.</p>"]
    if not len(df):
        return "\n".join(parts + ["</section>"])
    try:
        sentences = {(r["doc_id"], r["sent_id"]): r for r in read_table(out, "sentences").to_dict("records")}
    except FileNotFoundError:
        sentences = {}
    df = df.assign(unit_lemma=df["unit_lemma"].fillna("(no unit)"))
    groups = sorted(df.groupby(["unit_lemma", "kind"], sort=False), key=lambda kv: (-len(kv[1]), kv[0]))
    parts.append("<table><thead><tr><th>unit lemma</th><th>kind</th><th>figures</th><th>documents</th>"
                 "<th>min</th><th>median</th><th>max</th></tr></thead><tbody>")
    for (lemma, kind), g in groups:
        values = g["value"]
        parts.append(f"<tr><td>{esc(str(lemma))}</td><td>{esc(str(kind))}</td><td>{len(g)}</td>"
                     f"<td>{g['doc_id'].nunique()}</td><td>{esc(_number(values.min()))}</td>"
                     f"<td>{esc(_number(values.median()))}</td><td>{esc(_number(values.max()))}</td></tr>")
    parts.append("</tbody></table>")
    for (lemma, kind), g in groups:
        parts.append(f"<details><summary>{esc(str(lemma))} ({esc(str(kind))}): {len(g)}</summary>")
        parts.append("<table><thead><tr><th>figure</th><th>value</th><th>document #sentence</th><th>sentence</th>"
                     "</tr></thead><tbody>")
        for r in g.head(MAX_FIGURES_SHOWN).itertuples(index=False):
            value = _number(r.value) + ("–" + _number(r.value_max) if not _missing(r.value_max) else "")
            sentence = _sentence_html(sentences.get((r.doc_id, r.sent_id)), r.start_char, r.end_char)
            parts.append(f"<tr><td>{esc(str(r.text))}</td><td>{esc(value)}</td><td>{esc(str(r.doc_id))} #{r.sent_id}</td>"
                         f"<td>{sentence}</td></tr>")
        parts.append("</tbody></table>")
        if len(g) > MAX_FIGURES_SHOWN:
            parts.append(f"<p>First {MAX_FIGURES_SHOWN} of {len(g)} shown.</p>")
        parts.append("</details>")
    parts.append("</section>")
    return "\n".join(parts)


def _missing(value) -> bool:
    try:
        return value is None or str(value) in ("<NA>", "nan") or bool(value != value)
    except (TypeError, ValueError):
        return True
