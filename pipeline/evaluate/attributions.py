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
"""
from __future__ import annotations

import json
import tempfile
from pathlib import Path

from ..tables import read_table


def _run_pipeline(input_dir: str | Path, out: Path, model: str | None) -> None:
    from ..model import load_model, model_info, resolve_model
    from ..stages.attributions import run_attributions
    from ..stages.entities import run_entities
    from ..stages.ingest import run_ingest
    from ..stages.sentences import run_sentences

    run_ingest(input_dir, out)
    nlp = load_model(model)
    key = model_info(nlp, resolve_model(model)).key
    run_sentences(out, nlp, key)
    run_entities(out)
    run_attributions(out)


def read_gold(path: str | Path) -> list[dict]:
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def _norm(name) -> str | None:
    return " ".join(name.lower().split()) if isinstance(name, str) and name.strip() else None


def _source_correct(gold: dict, pred: dict) -> bool:
    resolved = _norm(gold.get("source_resolved"))
    if resolved:
        return _norm(pred["source_canonical_name"]) == resolved
    if gold.get("source_type") == "anonymous":
        return pred["source_type"] == "anonymous"
    return _norm(pred["source_canonical_name"]) is None


def score_attributions(gold: list[dict], predicted: list[dict]) -> dict:
    """Detection P/R/F1 and source/cue-type accuracy of predicted rows against gold records."""
    by_doc: dict[str, list[dict]] = {}
    for row in predicted:
        by_doc.setdefault(row["doc_id"], []).append(row)
    used: set[int] = set()
    matches, misses = [], []
    for g in gold:
        gs, ge = g["cue"]["start"], g["cue"]["end"]
        best, best_overlap = None, 0
        for p in by_doc.get(g["doc_id"], []):
            overlap = min(ge, p["cue_end"]) - max(gs, p["cue_start"])
            if overlap > best_overlap and id(p) not in used:
                best, best_overlap = p, overlap
        if best is None:
            misses.append(g)
        else:
            used.add(id(best))
            matches.append((g, best))
    tp = len(matches)
    fp, fn = len(predicted) - tp, len(gold) - tp
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    source_ok = sum(_source_correct(g, p) for g, p in matches)
    type_ok = sum(g.get("cue_type") == p["cue_type"] for g, p in matches)
    return {
        "gold": len(gold), "predicted": len(predicted), "tp": tp, "fp": fp, "fn": fn,
        "precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4),
        "source_accuracy": round(source_ok / tp, 4) if tp else 0.0, "source_correct": source_ok,
        "cue_type_accuracy": round(type_ok / tp, 4) if tp else 0.0,
        "missed": [f'{g["doc_id"]}: {g["cue"]["text"]}' for g in misses],
        "spurious": [f'{p["doc_id"]}: {p["cue"]}' for p in predicted if id(p) not in used],
        "wrong_source": [f'{g["doc_id"]}: {g["cue"]["text"]} -> {p["source_canonical_name"] or p["source_type"]}'
                         f' (gold {g.get("source_resolved") or g.get("source_type")})'
                         for g, p in matches if not _source_correct(g, p)],
    }


def evaluate_attributions(gold_path: str | Path, input_dir: str | Path, model: str | None = None) -> dict:
    """Run ingest → sentences → entities → attributions on input_dir and score against gold_path."""
    gold = read_gold(gold_path)
    with tempfile.TemporaryDirectory(prefix="eval-attributions-") as tmp:
        out = Path(tmp)
        _run_pipeline(input_dir, out, model)
        frame = read_table(out, "attributions")
        predicted = [{k: (None if v is None or v != v else v) for k, v in row.items()}
                     for row in frame.astype(object).to_dict("records")]
    return score_attributions(gold, predicted)


def format_attribution_scores(scores: dict) -> str:
    lines = [
        f"attributions: gold {scores['gold']}, predicted {scores['predicted']}, "
        f"matched {scores['tp']}",
        f"detection  P {scores['precision']:.3f}  R {scores['recall']:.3f}  F1 {scores['f1']:.3f}",
        f"source accuracy (matched) {scores['source_accuracy']:.3f} "
        f"({scores['source_correct']}/{scores['tp']}); cue type accuracy {scores['cue_type_accuracy']:.3f}",
    ]
    for key in ("missed", "spurious", "wrong_source"):
        if scores[key]:
            lines.append(f"{key}:")
            lines += [f"  {item}" for item in scores[key]]
    return "\n".join(lines)
