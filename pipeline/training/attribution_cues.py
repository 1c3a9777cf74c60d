"""Train the learned cue decision of the attributions stage, and ablate it, on the news corpus.

    python -m pipeline.training.attribution_cues train            # -> pipeline/data/attribution_cue_model.json
    python -m pipeline.training.attribution_cues ablate --split dev
    python -m pipeline.training.attribution_cues missing --split train   # gold cues no candidate reaches

Training: every reporting-verb candidate the lexicon finds in the corpus's
train split (calibration articles included) is a sample, labelled positive when
its cue overlaps a gold cue; its features are `decision.verb_features`. A
logistic regression (L2, full-batch gradient descent in NumPy: a few thousand
samples) is fitted. Two cut-offs are chosen on 5-fold cross-validated
probabilities of the same split: `threshold` for candidates the hand rule accepts
and `override` for those it rejects; among the pairs within 0.01 of the best F1,
the one that overrides the rules least, then keeps fewest (precision first: what
is kept is what an analyst reads). No dev or
held-out article is read.

Ablation: the attributions stage on a split with the hand rules (no model), with
the hand rules deciding the learned run's wider candidate set (infinitives,
reports nested in quotes), and with the learned decision, scored by
`evaluate.attributions.score_attributions`.
"""
from __future__ import annotations

import argparse
import json
import random
from dataclasses import dataclass, field, replace

import numpy as np

from ..evaluate.attributions import format_attribution_scores, score_attributions
from ..evaluate.corpus import load_split
from ..extractors.attributions import attribution_rows
from ..extractors.attributions.decision import MODEL_FILE, CueModel
from ..extractors.attributions.lexicon import load_lexicon
from ..extractors.entities import entity_rows
from ..gazetteers import data_dir
from ..nlp.model import load_model


@dataclass
class Recorder:
    """Stands in for the model while collecting samples: records each candidate, keeps the rule's answer."""
    samples: list[tuple[tuple[int, int], dict]] = field(default_factory=list)

    def keep(self, features: dict, span: tuple[int, int] | None = None) -> bool:
        self.samples.append((span, features))
        return "rule_ok" in features


def parsed(split: str, model: str | None):
    """(doc_id, Doc, entity rows) of the split's articles, and the gold attributions."""
    texts, gold = load_split(split, "attributions")
    nlp = load_model(model)
    docs = []
    for name, doc in zip(texts, nlp.pipe(texts.values(), batch_size=16)):
        docs.append((name, doc, entity_rows(name, doc)))
    return docs, gold


def collect(docs, gold) -> tuple[list[dict], list[int], list[str]]:
    """(features, labels, doc_id) of every verb candidate of the documents."""
    cues: dict[str, list[tuple[int, int]]] = {}
    for g in gold:
        cues.setdefault(g["doc_id"], []).append((g["cue"]["start"], g["cue"]["end"]))
    feats, labels, groups = [], [], []
    for name, doc, ents in docs:
        recorder = Recorder()
        attribution_rows(name, doc, ents, replace(load_lexicon(), decision=recorder))
        for (a, b), f in recorder.samples:
            feats.append(f)
            labels.append(int(any(a < e and s < b for s, e in cues.get(name, []))))
            groups.append(name)
    return feats, labels, groups


def _matrix(feats: list[dict], index: dict[str, int]) -> np.ndarray:
    x = np.zeros((len(feats), len(index)), dtype=np.float64)
    for r, f in enumerate(feats):
        for k, v in f.items():
            if k in index:
                x[r, index[k]] = v
    return x


def fit(feats: list[dict], labels: list[int], l2: float = 1.0, steps: int = 3000,
        rate: float = 0.5) -> tuple[dict[str, float], float]:
    """Logistic regression weights (features seen at least twice) and bias."""
    counts: dict[str, int] = {}
    for f in feats:
        for k in f:
            counts[k] = counts.get(k, 0) + 1
    names = sorted(k for k, n in counts.items() if n >= 2)
    index = {k: i for i, k in enumerate(names)}
    x, y = _matrix(feats, index), np.array(labels, dtype=np.float64)
    w, b = np.zeros(len(names)), 0.0
    n = max(1, len(y))
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-(x @ w + b)))
        w -= rate * ((x.T @ (p - y)) / n + l2 * w / n)
        b -= rate * float(np.mean(p - y))
    return dict(zip(names, w.tolist())), b


def _f1(probs: list[float], labels: list[int], rule: list[str], threshold: float, override: float) -> float:
    """F1 of the candidates kept as `CueModel.keep` keeps them (rule: ok / overridable / fixed)."""
    keep = [p >= threshold if r == "ok" else (r == "overridable" and p >= override) for p, r in zip(probs, rule)]
    tp = sum(k and y for k, y in zip(keep, labels))
    fp = sum(k and not y for k, y in zip(keep, labels))
    fn = sum(not k and y for k, y in zip(keep, labels))
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def choose_thresholds(feats: list[dict], labels: list[int], groups: list[str],
                      folds: int = 5) -> tuple[float, float, dict]:
    """(threshold, override) from 5-fold cross-validated probabilities on the training samples;
    folds are whole articles, so no article's words help score itself."""
    names = sorted(set(groups))
    random.Random(0).shuffle(names)
    fold_of = {name: k % folds for k, name in enumerate(names)}
    probs = [0.0] * len(labels)
    for k in range(folds):
        test = {i for i, g in enumerate(groups) if fold_of[g] == k}
        train = [i for i in range(len(labels)) if i not in test]
        w, b = fit([feats[i] for i in train], [labels[i] for i in train])
        model = CueModel(w, b, 0.5)
        for i in test:
            probs[i] = model.probability(feats[i])
    rule = ["ok" if "rule_ok" in f else "overridable" if "overridable" in f else "fixed" for f in feats]
    grid = [t / 20 for t in range(4, 20)]
    scores = {(t, o): _f1(probs, labels, rule, t, o) for t in grid for o in grid + [1.01] if o >= t}
    # Precision first: an analyst reads what is found. Among the settings within 0.01 of the best
    # F1, the one that overrides the rules least (highest override), then keeps fewest (highest threshold).
    best = max(scores.values())
    threshold, override = max((o, t) for (t, o), f in scores.items() if f >= best - 0.01)[::-1]
    report = {"cv_f1_best": round(best, 4), "cv_f1_chosen": round(scores[threshold, override], 4),
              "cv_f1_rules": round(_f1([1.0] * len(rule), labels, rule, 0.5, 1.01), 4)}
    return threshold, override, report


def train(model: str | None) -> dict:
    docs, gold = parsed("train", model)
    feats, labels, groups = collect(docs, gold)
    threshold, override, cv = choose_thresholds(feats, labels, groups)
    weights, bias = fit(feats, labels)
    cue_model = CueModel(weights, bias, threshold, override)
    path = data_dir() / MODEL_FILE
    path.write_text(json.dumps(cue_model.to_json(), ensure_ascii=False, indent=0, sort_keys=True) + "\n",
                    encoding="utf-8")
    return {"articles": len(docs), "gold": len(gold), "candidates": len(labels), "positive": sum(labels),
            "threshold": threshold, "override": override, **cv, "written": str(path)}


def ablate(split: str, model: str | None) -> dict[str, dict]:
    docs, gold = parsed(split, model)
    learned = load_lexicon()
    rules = replace(learned, decision=None)
    wide = replace(learned, decision=Recorder())  # the learned run's candidates, decided by the rules
    out = {}
    for name, lexicon in (("rules", rules), ("rules, wider candidates", wide), ("learned", learned)):
        if name == "learned" and learned.decision is None:
            continue
        rows = [r for doc_id, doc, ents in docs for r in attribution_rows(doc_id, doc, ents, lexicon)]
        out[name] = score_attributions(gold, rows)
    return out


def missing(split: str, model: str | None) -> list[str]:
    """Gold cues that no candidate of any family reaches (what the lexicon lacks)."""
    docs, gold = parsed(split, model)
    learned = load_lexicon()
    found: dict[str, list[tuple[int, int]]] = {}
    for doc_id, doc, ents in docs:
        recorder = Recorder()
        rows = attribution_rows(doc_id, doc, ents, replace(learned, decision=recorder))
        found[doc_id] = [(r["cue_start"], r["cue_end"]) for r in rows] + [s for s, _ in recorder.samples]
    return [f'{g["doc_id"]}\t{g["cue_type"]}\t{g["cue"]["text"]}' for g in gold
            if not any(a < g["cue"]["end"] and g["cue"]["start"] < b for a, b in found.get(g["doc_id"], []))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=["train", "ablate", "missing"])
    parser.add_argument("--split", default=None, choices=["train", "dev", "heldout"],
                        help="heldout only for the one scored run (ablate), never for `missing`")
    parser.add_argument("--model", default=None)
    args = parser.parse_args()
    args.split = args.split or ("train" if args.command == "missing" else "dev")
    if args.command == "train":
        print(json.dumps(train(args.model), indent=1))
    elif args.command == "ablate":
        for name, scores in ablate(args.split, args.model).items():
            print(f"== {name} ({args.split})")
            print("\n".join(format_attribution_scores(scores).split("\n")[:3]))
    elif args.split == "heldout":
        parser.error("`missing` lists gold cues to mine the lexicon from: never on the held-out split")
    else:
        print("\n".join(missing(args.split, args.model)))


if __name__ == "__main__":
    main()
