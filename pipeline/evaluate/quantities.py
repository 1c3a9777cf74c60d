"""`evaluate quantities`: the quantities stage scored against a gold JSONL file.

The documents of the input folder go through the pipeline (`api.run`) in a
temporary output folder. Gold lines are
`{"doc_id", "start", "end", "text", "value", "value_max", "approx", "unit",
"unit_lemma", "kind"}` with offsets into the document's text. A prediction
matches a gold item of the same document when their spans overlap; matching is
one-to-one, largest overlap first. Scores: detection precision/recall/F1, and
among matched pairs the accuracy of value (and value_max), unit_lemma, approx
(None and "" are the same) and kind.
"""
from __future__ import annotations

import math
from pathlib import Path

from ..storage.tables import iter_table_rows
from .common import match_largest_overlap, prf, read_gold, run_pipeline_on

FIELDS = ("value", "unit_lemma", "approx", "kind")


def predict(input_dir: str | Path, model: str | None = None) -> list[dict]:
    """Quantities rows of the pipeline run on `input_dir` (in a temporary output folder)."""
    with run_pipeline_on(input_dir, model) as out:
        return list(iter_table_rows(out, "quantities"))


def _norm(value):
    if value is None or (isinstance(value, float) and math.isnan(value)) or value == "":
        return None
    return value.lower() if isinstance(value, str) else value


def _same_value(a, b) -> bool:
    a, b = _norm(a), _norm(b)
    if a is None or b is None:
        return a is b
    return math.isclose(float(a), float(b), rel_tol=1e-6, abs_tol=1e-9)


def _same_lemma(a, b) -> bool:
    """Unit lemmas compared without spaces: the spec maps "%" and "per cento" to one lemma and gold files spell
    it "percento" or "per cento"."""
    a, b = _norm(a), _norm(b)
    return (a.replace(" ", "") if isinstance(a, str) else a) == (b.replace(" ", "") if isinstance(b, str) else b)


def _same_approx(a, b) -> bool:
    """A gold file may mark approx as true/null (the news corpus) instead of the qualifier: then only whether
    there is one is compared."""
    a, b = _norm(a), _norm(b)
    if isinstance(a, bool) or isinstance(b, bool):
        return bool(a) == bool(b)
    return a == b


def match(gold: list[dict], pred: list[dict]) -> list[tuple[dict, dict]]:
    """One-to-one pairs of overlapping gold and predicted spans, per document, largest overlap first."""
    return match_largest_overlap(gold, pred, lambda g: (g["doc_id"], g["start"], g["end"]),
                                 lambda p: (p["doc_id"], p["start_char"], p["end_char"]))


def score(gold: list[dict], pred: list[dict]) -> dict:
    pairs = match(gold, pred)
    tp, fp, fn = len(pairs), len(pred) - len(pairs), len(gold) - len(pairs)
    p, r, f = prf(tp, fp, fn)
    scores = {"gold": len(gold), "predicted": len(pred), "tp": tp, "fp": fp, "fn": fn,
              "precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4), "accuracy": {}}
    checks = {
        "value": lambda g, q: _same_value(g["value"], q["value"]) and _same_value(g.get("value_max"), q["value_max"]),
        "unit_lemma": lambda g, q: _same_lemma(g.get("unit_lemma"), q["unit_lemma"]),
        "approx": lambda g, q: _same_approx(g.get("approx"), q["approx"]),
        "kind": lambda g, q: _norm(g.get("kind")) == _norm(q["kind"]),
    }
    for name in FIELDS:
        right = sum(checks[name](g, q) for g, q in pairs)
        scores["accuracy"][name] = round(right / tp, 4) if tp else 0.0
    scores["errors"] = [
        {"gold": g["text"], "predicted": q["text"], "fields": [n for n in FIELDS if not checks[n](g, q)]}
        for g, q in pairs if not all(checks[n](g, q) for n in FIELDS)
    ]
    matched_g = {id(g) for g, _ in pairs}
    matched_p = {id(q) for _, q in pairs}
    scores["missed"] = [g["text"] for g in gold if id(g) not in matched_g]
    scores["spurious"] = [q["text"] for q in pred if id(q) not in matched_p]
    return scores


def evaluate_quantities(gold_path: str | Path, input_dir: str | Path, model: str | None = None) -> dict:
    """Detection P/R/F1 and field accuracies of the quantities stage on a gold file."""
    return score(read_gold(gold_path), predict(input_dir, model))


def format_quantity_scores(scores: dict) -> str:
    lines = [
        f"quantities: {scores['gold']} gold, {scores['predicted']} predicted, {scores['tp']} matched (spans overlap)",
        f"detection  precision {scores['precision']:.3f}  recall {scores['recall']:.3f}  f1 {scores['f1']:.3f}",
        "accuracy among matches: " + "  ".join(f"{k} {v:.3f}" for k, v in scores["accuracy"].items()),
    ]
    for label, key in (("missed", "missed"), ("spurious", "spurious")):
        if scores.get(key):
            lines.append(f"{label} ({len(scores[key])}): " + "; ".join(scores[key][:20]))
    for err in scores.get("errors", [])[:20]:
        lines.append(f"wrong {','.join(err['fields'])}: gold {err['gold']!r} / predicted {err['predicted']!r}")
    return "\n".join(lines)
