"""The learned cue decision: is this reporting-verb candidate reporting speech *here*?

Every form of a lexicon verb becomes a candidate with its frame read off the
text and the parse (`verb_features`): the lemma, its form and tense, whether
the `needs` frame of the lexicon is met, the complement (a "che" clause, "di" +
infinitive, a colon or quote, an object), the subject (recognised source,
any noun phrase, none) and its head, the verb's dependency label and part of
speech, the word after the verb group, an "if" clause, an impersonal "si".
A logistic regression over those features (`CueModel`, weights as JSON data,
trained by `pipeline.training.attribution_cues` on the annotated corpus)
keeps or drops the candidate. Without a model file the lexicon's hand rule
(`rule_ok`: frame met, not in an "if" clause, no "si") decides, which is also
the ablation baseline.
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path

MODEL_FILE = "attribution_cue_model.json"


@dataclass(frozen=True)
class CueModel:
    """Logistic regression over `verb_features`. A candidate the hand rule accepts is kept at
    `threshold`; one it rejects only at `override` (higher): the rules encode the spec's exclusions
    ("ha parlato ai giornalisti", "ha riportato gravi ferite"), which a model trained on a few
    hundred articles sees too rarely to learn. A verb whose lexicon frame is `che` (a verb with a
    common non-speech sense: sostenere, riportare, manifestare) is never overridden without its
    clause (no `overridable` feature): the frame is part of the lexicon's definition."""
    weights: dict[str, float]
    bias: float
    threshold: float
    override: float = 1.01  # above 1: a rule-rejected candidate is never kept

    def probability(self, features: dict[str, float]) -> float:
        z = self.bias + sum(self.weights.get(k, 0.0) * v for k, v in features.items())
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def keep(self, features: dict[str, float], span: tuple[int, int] | None = None) -> bool:
        if "rule_ok" in features:
            return self.probability(features) >= self.threshold
        return "overridable" in features and self.probability(features) >= self.override

    def to_json(self) -> dict:
        return {"bias": self.bias, "threshold": self.threshold, "override": self.override,
                "weights": {k: round(v, 5) for k, v in sorted(self.weights.items()) if abs(v) >= 1e-4}}


def load_model(folder: Path) -> CueModel | None:
    path = folder / MODEL_FILE
    if not path.exists():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    return CueModel({k: float(v) for k, v in data["weights"].items()}, float(data["bias"]),
                    float(data["threshold"]), float(data.get("override", 1.01)))


def verb_features(*, lemma: str, kind: str, tense: str, needs: str, needs_met: bool, rule_ok: bool,
                  complement: str, source_kind: str, source_type: str, subject_head: str,
                  had_phrase: bool, postposed: bool, quote: bool, in_quote: bool, after_if: bool,
                  impersonal: bool, dep: str, pos: str, next_word: str, clitic: bool,
                  prev_word: str = "") -> dict[str, float]:
    """Sparse binary features of one verb candidate (names `key=value`)."""
    feats = {
        f"lemma={lemma}": 1.0, f"kind={kind}": 1.0, f"tense={tense or '-'}": 1.0, f"needs={needs}": 1.0,
        f"complement={complement}": 1.0, f"source={source_kind}": 1.0, f"source_type={source_type}": 1.0,
        f"subject_head={subject_head}": 1.0, f"dep={dep}": 1.0, f"pos={pos}": 1.0, f"next={next_word}": 1.0,
        f"lemma+complement={lemma}|{complement}": 1.0, f"lemma+source={lemma}|{source_kind}": 1.0,
        f"needs+complement={needs}|{complement}": 1.0, f"kind+dep={kind}|{dep}": 1.0,
        f"kind+prev={kind}|{prev_word}": 1.0,
    }
    # the spec's exclusions stay with the rules: a `che` frame without its clause, a report in an
    # "if" clause ("se il governo annuncerà che ...")
    overridable = (needs != "che" or kind == "infinitive" or in_quote) and not after_if
    for name, on in (("needs_met", needs_met), ("rule_ok", rule_ok), ("overridable", overridable), ("had_phrase_no_source", had_phrase
                     and source_kind == "none"), ("postposed", postposed), ("quote", quote),
                     ("in_quote", in_quote), ("after_if", after_if), ("impersonal", impersonal),
                     ("object_clitic", clitic)):
        if on:
            feats[name] = 1.0
    return feats
