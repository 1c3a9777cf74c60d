"""What the span-level evaluations share: gold JSONL, P/R/F1, overlap matching, a pipeline run.

- `read_gold(path)`: one JSON object per non-blank line.
- `prf(tp, fp, fn)`: precision, recall and F1 (0.0 where undefined).
- `match_largest_overlap` (one-to-one over all pairs, largest overlap first)
  and `match_in_gold_order` (each gold item in turn takes the free prediction
  it overlaps most): the two one-to-one matchings of overlapping spans of the
  same document, given functions returning each item's (doc_id, start, end).
- `run_pipeline_on(input_dir, model)`: `pipeline.api.run` on a folder in a
  temporary output folder, removed when the `with` block ends.
"""
from __future__ import annotations

import json
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

Span = Callable[[dict], tuple[str, int, int]]  # item -> (doc_id, start, end)


def read_gold(path: str | Path) -> list[dict]:
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def overlap(a: tuple[str, int, int], b: tuple[str, int, int]) -> int:
    """Characters two (doc_id, start, end) spans share (0 or less: none, or other documents)."""
    if a[0] != b[0]:
        return 0
    return min(a[2], b[2]) - max(a[1], b[1])


def match_largest_overlap(gold: list[dict], pred: list[dict], gold_span: Span,
                          pred_span: Span) -> list[tuple[dict, dict]]:
    """One-to-one pairs of overlapping spans, largest overlap first (ties: gold, then prediction order)."""
    candidates = []
    pred_spans = [pred_span(p) for p in pred]
    for gi, g in enumerate(gold):
        gs = gold_span(g)
        for pi, ps in enumerate(pred_spans):
            size = overlap(gs, ps)
            if size > 0:
                candidates.append((-size, gi, pi))
    pairs, used_g, used_p = [], set(), set()
    for _, gi, pi in sorted(candidates):
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            pairs.append((gold[gi], pred[pi]))
    return pairs


def match_in_gold_order(gold: list[dict], pred: list[dict], gold_span: Span,
                        pred_span: Span) -> tuple[list[tuple[dict, dict]], list[dict]]:
    """Each gold item in turn takes the overlapping prediction with the largest overlap still free
    (the first one on ties); returns (pairs, unmatched gold items)."""
    by_doc: dict[str, list[tuple[dict, tuple[str, int, int]]]] = {}
    for p in pred:
        span = pred_span(p)
        by_doc.setdefault(span[0], []).append((p, span))
    used: set[int] = set()
    pairs, misses = [], []
    for g in gold:
        gs = gold_span(g)
        best, best_overlap = None, 0
        for p, ps in by_doc.get(gs[0], []):
            size = overlap(gs, ps)
            if size > best_overlap and id(p) not in used:
                best, best_overlap = p, size
        if best is None:
            misses.append(g)
        else:
            used.add(id(best))
            pairs.append((g, best))
    return pairs, misses


@contextmanager
def run_pipeline_on(input_dir: str | Path, model: str | None = None) -> Iterator[Path]:
    """Every stage (`pipeline.api.run`) on `input_dir`; yields the temporary output folder."""
    from .. import api

    with tempfile.TemporaryDirectory(prefix="eval-") as tmp:
        out = Path(tmp) / "out"
        api.run(input_dir, out, model=model)
        yield out
