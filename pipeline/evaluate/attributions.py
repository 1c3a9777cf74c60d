"""`evaluate attributions`: the whole pipeline on a folder, scored against gold JSONL.

Gold: one JSON object per line, `{"doc_id", "cue": {"start", "end", "text"},
"cue_type", "source": {...} or null, "source_resolved": str or null,
"source_type", "content": {...} or null}`, offsets into the document file's
text (doc_id = the file's path under the input folder, without extension).

- Detection: a predicted attribution matches a gold one of the same document
  when their cue spans overlap; matching is one-to-one (each gold cue takes
  the overlapping prediction with the largest overlap still free).
  Precision, recall and F1 over these matches.
- Source accuracy, among matches: a gold source with a canonical name is
  right when the predicted `source_canonical_name` is the same (case and
  spacing ignored); an anonymous gold source when the prediction's
  `source_type` is anonymous; any other gold source without a canonical name
  when the prediction has none either. Cue-type accuracy is reported too.
  Source accuracy is also split between sources the text writes (the gold
  name is inside the source span) and sources that need resolution (an
  omitted subject, a pronoun, a description or role: the gold name is not in
  the span); errors are counted by the predicted row's `method` and
  `resolution`, so they can be traced to a rule or the learned decision.
- Where gold records carry `status` (the news corpus: `core` or `borderline`),
  the `*_core` scores count core records only: a prediction matched to a
  borderline record is neither right nor wrong, a missed borderline record is
  no miss.
"""
from __future__ import annotations

from pathlib import Path

from ..storage.tables import read_table
from .common import match_in_gold_order, prf, read_gold, run_pipeline_on


def _norm(name) -> str | None:
    return " ".join(name.lower().split()) if isinstance(name, str) and name.strip() else None


def _source_correct(gold: dict, pred: dict) -> bool:
    resolved = _norm(gold.get("source_resolved"))
    if resolved:
        return _norm(pred["source_canonical_name"]) == resolved
    if gold.get("source_type") == "anonymous":
        return pred["source_type"] == "anonymous"
    return _norm(pred["source_canonical_name"]) is None


def needs_resolution(gold: dict) -> bool:
    """A gold source whose name is not written in its source span (omitted, pronoun, role)."""
    resolved = _norm(gold.get("source_resolved"))
    span = _norm((gold.get("source") or {}).get("text"))
    return bool(resolved) and (span is None or resolved not in span)


def _share(pairs: list[tuple[dict, dict]]) -> dict:
    ok = sum(_source_correct(g, p) for g, p in pairs)
    return {"n": len(pairs), "correct": ok, "accuracy": round(ok / len(pairs), 4) if pairs else 0.0}


def _by(rows: list[dict], key) -> dict[str, int]:
    out: dict[str, int] = {}
    for r in rows:
        out[key(r)] = out.get(key(r), 0) + 1
    return dict(sorted(out.items(), key=lambda kv: -kv[1]))


def score_attributions(gold: list[dict], predicted: list[dict]) -> dict:
    """Detection P/R/F1 and source/cue-type accuracy of predicted rows against gold records."""
    matches, misses = match_in_gold_order(
        gold, predicted, lambda g: (g["doc_id"], g["cue"]["start"], g["cue"]["end"]),
        lambda p: (p["doc_id"], p["cue_start"], p["cue_end"]))
    used = {id(p) for _, p in matches}
    tp = len(matches)
    fp, fn = len(predicted) - tp, len(gold) - tp
    precision, recall, f1 = prf(tp, fp, fn)
    source_ok = sum(_source_correct(g, p) for g, p in matches)
    # Core-record scores: a prediction matched to a borderline record counts neither as right nor wrong.
    core = [g for g in gold if g.get("status", "core") == "core"]
    core_found = sum(g.get("status", "core") == "core" for g, _ in matches)
    on_borderline = tp - core_found
    precision_core = core_found / (len(predicted) - on_borderline) if len(predicted) > on_borderline else 0.0
    recall_core = core_found / len(core) if core else 0.0
    f1_core = (2 * precision_core * recall_core / (precision_core + recall_core)
               if precision_core + recall_core else 0.0)
    type_ok = sum(g.get("cue_type") == p["cue_type"] for g, p in matches)
    return {
        "gold": len(gold), "predicted": len(predicted), "tp": tp, "fp": fp, "fn": fn,
        "precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4),
        "core": len(core), "precision_core": round(precision_core, 4), "recall_core": round(recall_core, 4),
        "f1_core": round(f1_core, 4),
        "source_accuracy": round(source_ok / tp, 4) if tp else 0.0, "source_correct": source_ok,
        "cue_type_accuracy": round(type_ok / tp, 4) if tp else 0.0,
        "source_written": _share([(g, p) for g, p in matches if not needs_resolution(g)]),
        "source_resolved": _share([(g, p) for g, p in matches if needs_resolution(g)]),
        "spurious_by_method": _by([p for p in predicted if id(p) not in used], lambda p: p.get("method") or "-"),
        "wrong_source_by_method": _by([p for g, p in matches if not _source_correct(g, p)],
                                      lambda p: f'{p.get("method") or "-"}/{p.get("resolution") or "-"}'),
        "missed": [f'{g["doc_id"]}: {g["cue"]["text"]}' for g in misses],
        "spurious": [f'{p["doc_id"]}: {p["cue"]}' for p in predicted if id(p) not in used],
        "wrong_source": [f'{g["doc_id"]}: {g["cue"]["text"]} -> {p["source_canonical_name"] or p["source_type"]}'
                         f' (gold {g.get("source_resolved") or g.get("source_type")})'
                         for g, p in matches if not _source_correct(g, p)],
    }


def evaluate_attributions(gold_path: str | Path, input_dir: str | Path, model: str | None = None) -> dict:
    """Run the pipeline on input_dir and score its attributions against gold_path."""
    gold = read_gold(gold_path)
    with run_pipeline_on(input_dir, model) as out:
        frame = read_table(out, "attributions")
        predicted = [{k: (None if v is None or v != v else v) for k, v in row.items()}
                     for row in frame.astype(object).to_dict("records")]
    return score_attributions(gold, predicted)


def format_attribution_scores(scores: dict) -> str:
    lines = [
        f"attributions: gold {scores['gold']}, predicted {scores['predicted']}, "
        f"matched {scores['tp']}",
        f"detection  P {scores['precision']:.3f}  R {scores['recall']:.3f}  F1 {scores['f1']:.3f}"
        + (f"  (core records {scores['core']}: P {scores['precision_core']:.3f}  R {scores['recall_core']:.3f}"
           f"  F1 {scores['f1_core']:.3f})"
           if scores["core"] != scores["gold"] else ""),
        f"source accuracy (matched) {scores['source_accuracy']:.3f} "
        f"({scores['source_correct']}/{scores['tp']}); cue type accuracy {scores['cue_type_accuracy']:.3f}",
        f"  written sources {scores['source_written']['accuracy']:.3f} ({scores['source_written']['correct']}/"
        f"{scores['source_written']['n']}); sources needing resolution {scores['source_resolved']['accuracy']:.3f} "
        f"({scores['source_resolved']['correct']}/{scores['source_resolved']['n']})",
        f"  spurious by method {scores['spurious_by_method']}; wrong source by method/resolution "
        f"{scores['wrong_source_by_method']}",
    ]
    for key in ("missed", "spurious", "wrong_source"):
        if scores[key]:
            lines.append(f"{key}:")
            lines += [f"  {item}" for item in scores[key]]
    return "\n".join(lines)
