"""`score_attributions`: detection, source accuracy split by written / resolved sources, errors by method."""
from __future__ import annotations

from pipeline.evaluate.attributions import needs_resolution, score_attributions


def gold(start, source, resolved, source_type="person"):
    return {"doc_id": "d", "cue": {"start": start, "end": start + 5, "text": "detto"}, "cue_type": "verb",
            "source": {"text": source} if source else None, "source_resolved": resolved, "source_type": source_type}


def pred(start, name, method, resolution, source_type="person"):
    return {"doc_id": "d", "cue_start": start, "cue_end": start + 5, "cue": "detto", "cue_type": "verb",
            "source_canonical_name": name, "source_type": source_type, "method": method, "resolution": resolution}


def test_needs_resolution():
    assert not needs_resolution(gold(0, "Anna Verdi", "Anna Verdi"))
    assert needs_resolution(gold(0, None, "Anna Verdi"))
    assert needs_resolution(gold(0, "la ministra", "Anna Verdi"))
    assert not needs_resolution(gold(0, "fonti", None, "anonymous"))


def test_scores_split_and_errors_by_method():
    golds = [gold(0, "Anna Verdi", "Anna Verdi"), gold(10, None, "Anna Verdi"), gold(20, "lei", "Anna Verdi"),
             gold(30, "fonti", None, "anonymous")]
    preds = [pred(1, "Anna Verdi", "verb_model", "direct"), pred(11, "Anna Verdi", "verb_model", "context"),
             pred(21, "Luca Neri", "verb_rule", "context"), pred(50, None, "phrase", "none", "unknown")]
    s = score_attributions(golds, preds)
    assert (s["tp"], s["fp"], s["fn"], s["precision"], s["recall"]) == (3, 1, 1, 0.75, 0.75)
    assert s["source_written"] == {"n": 1, "correct": 1, "accuracy": 1.0}
    assert s["source_resolved"] == {"n": 2, "correct": 1, "accuracy": 0.5}
    assert s["spurious_by_method"] == {"phrase": 1}
    assert s["wrong_source_by_method"] == {"verb_rule/context": 1}
    assert s["missed"] == ["d: detto"]
    assert (s["core"], s["precision_core"], s["recall_core"], s["f1_core"]) == (4, 0.75, 0.75, 0.75)
    golds[3]["status"] = "borderline"  # the missed one: only core records can be missed
    s = score_attributions(golds, preds)
    assert (s["core"], s["precision_core"], s["recall_core"], s["f1_core"]) == (3, 0.75, 1.0, 0.8571)
    golds[0]["status"] = "borderline"  # a found one: its prediction leaves the precision too
    s = score_attributions(golds, preds)
    assert (s["core"], s["precision_core"], s["recall_core"], s["f1_core"]) == (2, 0.6667, 1.0, 0.8)
