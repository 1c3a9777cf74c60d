"""`evaluate entities`: countries, people, outlets and organisations of the pipeline against gold JSONL.

Gold: one JSON object per line, `{"doc_id", "start", "end", "text", "type",
"canonical", "form"}` with `type` country | person | outlet | organization, `canonical` the
ISO code (country) or the canonical name (person, outlet, organisation), offsets into the
document file's text (doc_id = the file's path under the input folder,
without extension). Other entity types in the predictions are ignored.

Per type, two scores over one-to-one matches of the same document and type:
- span: exact start and end;
- strict: exact span and the canonical id or name right (ISO code for a
  country, canonical name for a person, outlet or organisation; case and spacing ignored).
Organisations are scored twice more: `organization-named` (the mentions of
forms name and alias) and `organization-generic` (form `generic`: the bare
institution nouns a document never ties to one organisation), so that a gold
set without organisations still scores the other types as before.
"""
from __future__ import annotations

from pathlib import Path

from ..storage.tables import iter_table_rows
from .common import prf, read_gold, run_pipeline_on

TYPES = ("country", "person", "outlet", "organization", "organization-named", "organization-generic")


def _of_kind(item: dict, kind: str) -> bool:
    """The items a score line counts: a type, or the organisations of one group of forms."""
    if kind.startswith("organization-"):
        return item["type"] == "organization" and (item.get("form") == "generic") == kind.endswith("generic")
    return item["type"] == kind


def _norm(value) -> str:
    return " ".join(str(value or "").lower().split())


def predicted_canonical(row: dict) -> str:
    return row["canonical_id"] if row["type"] == "country" else row["canonical_name"]


def score_entities(gold: list[dict], predicted: list[dict]) -> dict:
    """Per-type span and strict P/R/F1, with the errors of each kind listed."""
    scores = {}
    for kind in TYPES:
        g_items = [g for g in gold if _of_kind(g, kind)]
        if not g_items and kind.startswith("organization"):
            continue  # a gold set without organisations (the older ones) scores the other types only
        p_items = [p for p in predicted if _of_kind(p, kind)]
        p_by_span = {(p["doc_id"], p["start_char"], p["end_char"]): p for p in p_items}
        span_tp = strict_tp = 0
        wrong, missed = [], []
        for g in g_items:
            p = p_by_span.get((g["doc_id"], g["start"], g["end"]))
            if p is None:
                missed.append(f'{g["doc_id"]}: {g["text"]}')
                continue
            span_tp += 1
            if _norm(predicted_canonical(p)) == _norm(g["canonical"]):
                strict_tp += 1
            else:
                wrong.append(f'{g["doc_id"]}: {g["text"]} -> {predicted_canonical(p)} (gold {g["canonical"]})')
        gold_spans = {(g["doc_id"], g["start"], g["end"]) for g in g_items}
        spurious = [f'{p["doc_id"]}: {p["text"]}' for p in p_items
                    if (p["doc_id"], p["start_char"], p["end_char"]) not in gold_spans]
        entry = {"gold": len(g_items), "predicted": len(p_items)}
        for name, tp in (("span", span_tp), ("strict", strict_tp)):
            p, r, f = prf(tp, len(p_items) - tp, len(g_items) - tp)
            entry[name] = {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}
        entry.update(missed=missed, spurious=spurious, wrong_canonical=wrong)
        scores[kind] = entry
    return scores


def evaluate_entities(gold_path: str | Path, input_dir: str | Path, model: str | None = None) -> dict:
    with run_pipeline_on(input_dir, model) as out:
        predicted = list(iter_table_rows(out, "entities"))
    return score_entities(read_gold(gold_path), predicted)


def format_entity_scores(scores: dict, errors: int = 15) -> str:
    lines = ["type                  gold  pred   span P/R/F1            strict P/R/F1"]
    for kind, s in scores.items():
        sp, st = s["span"], s["strict"]
        lines.append(f"{kind:<21}{s['gold']:>5}{s['predicted']:>6}   "
                     f"{sp['precision']:.3f} {sp['recall']:.3f} {sp['f1']:.3f}    "
                     f"{st['precision']:.3f} {st['recall']:.3f} {st['f1']:.3f}")
    for kind, s in scores.items():
        for label in ("missed", "spurious", "wrong_canonical"):
            if s[label]:
                lines.append(f"{kind} {label} ({len(s[label])}): " + "; ".join(s[label][:errors]))
    return "\n".join(lines)
