"""The learned cue decision and the `method` column, on hand-written Italian sentences.

The decision is tested with small hand-set models (not the trained one), so the
tests say what the mechanism does whatever the weights shipped in the package.
"""
from __future__ import annotations

from dataclasses import replace

import pytest

from pipeline.extractors.attributions import attribution_rows
from pipeline.extractors.attributions.decision import CueModel, load_model, verb_features
from pipeline.extractors.attributions.lexicon import load_lexicon
from pipeline.storage.schemas import ATTRIBUTION_METHODS


@pytest.fixture(scope="module")
def nlp():
    from pipeline.nlp.model import load_model as load_spacy
    return load_spacy("models/it_news_sm")


def rows(nlp, text, decision="rules"):
    lexicon = replace(load_lexicon(), decision=None if decision == "rules" else decision)
    return attribution_rows("t", nlp(text), [], lexicon)


def test_model_probability_and_threshold():
    model = CueModel({"lemma=dire": 2.0, "complement=che": 1.0}, bias=-1.0, threshold=0.75, override=0.9)
    assert model.probability({"lemma=dire": 1.0, "complement=che": 1.0}) == pytest.approx(0.8807970779778823)
    assert model.probability({"lemma=dire": 1.0}) == pytest.approx(0.7310585786300049)
    assert model.probability({"unknown": 1.0}) == pytest.approx(0.2689414213699951)
    # a candidate the hand rule accepts is kept at `threshold` ...
    assert model.keep({"lemma=dire": 1.0, "complement=che": 1.0, "rule_ok": 1.0})
    assert not model.keep({"lemma=dire": 1.0, "rule_ok": 1.0})
    # ... one it rejects only at `override`
    assert not model.keep({"lemma=dire": 1.0, "complement=che": 1.0})
    assert CueModel({"lemma=dire": 4.0}, -1.0, 0.75, 0.9).keep({"lemma=dire": 1.0, "overridable": 1.0})
    assert not CueModel({"lemma=dire": 4.0}, -1.0, 0.75, 0.9).keep({"lemma=dire": 1.0})  # a fixed frame


def test_model_round_trip(tmp_path):
    model = CueModel({"lemma=dire": 1.23456789, "tiny": 0.00001}, bias=-0.5, threshold=0.45)
    import json
    (tmp_path / "attribution_cue_model.json").write_text(json.dumps(model.to_json()))
    loaded = load_model(tmp_path)
    assert loaded == CueModel({"lemma=dire": 1.23457}, -0.5, 0.45, 1.01)
    assert load_model(tmp_path / "missing") is None


def test_features_name_the_frame():
    feats = verb_features(lemma="dire", kind="finite", tense="", needs="any", needs_met=True, rule_ok=True,
                          complement="che", source_kind="entity", source_type="person", subject_head="entity",
                          had_phrase=True, postposed=False, quote=False, in_quote=False, after_if=False,
                          impersonal=False, dep="ROOT", pos="VERB", next_word="che", clitic=False)
    assert {"lemma=dire", "complement=che", "source=entity", "rule_ok", "needs_met",
            "lemma+complement=dire|che", "dep=ROOT"} <= set(feats)
    assert "after_if" not in feats and "impersonal" not in feats


def test_rules_and_method_column(nlp):
    text = ("Secondo la BBC, il vertice è fallito. Il ministro Carlo Neri ha detto che il piano resta. "
            "Il sindaco: «Nessun taglio». È stato annunciato che la scuola riaprirà.")
    got = [(r["cue"], r["method"]) for r in rows(nlp, text)]
    assert got == [("Secondo", "phrase"), ("ha detto", "verb_rule"), (":", "colon_quote"),
                   ("È stato annunciato", "agentless")]
    assert {m for _, m in got} <= set(ATTRIBUTION_METHODS)


def test_a_model_decides_instead_of_the_rules(nlp):
    text = "Il ministro Carlo Neri ha detto che il piano resta."
    veto = CueModel({"lemma=dire": -10.0}, bias=5.0, threshold=0.5)
    assert rows(nlp, text, veto) == []
    keep_all = CueModel({}, bias=5.0, threshold=0.5)
    assert [(r["cue"], r["method"]) for r in rows(nlp, text, keep_all)] == [("ha detto", "verb_model")]


def test_a_model_can_take_what_the_frame_rule_drops(nlp):
    # "criticare" needs an object or clause by the hand rule; with none found here the rule drops
    # it, and a model may keep it on other evidence (at `override`).
    text = "Il ministro Carlo Neri ha criticato duramente, poi è uscito."
    assert rows(nlp, text) == []
    assert rows(nlp, text, CueModel({}, bias=5.0, threshold=0.5)) == []  # no override: the rule stands
    keep_all = CueModel({}, bias=5.0, threshold=0.5, override=0.9)
    assert [r["cue"] for r in rows(nlp, text, keep_all)] == ["ha criticato"]


def test_a_che_frame_is_never_overridden(nlp):
    # "sostenere" without a "che" clause is "to support": its `che` frame is part of the lexicon.
    text = "Il partito di Anna Verdi ha sostenuto la riforma del lavoro."
    assert rows(nlp, text, CueModel({}, bias=5.0, threshold=0.5, override=0.5)) == []


def test_gerunds_with_a_clitic_are_cues(nlp):
    text = "Il sindaco Luca Bianchi ha criticato il progetto, definendolo inutile."
    got = [(r["cue"], r["source_text"]) for r in rows(nlp, text)]
    assert got == [("ha criticato", "Luca Bianchi"), ("definendolo", "Luca Bianchi")]
    assert rows(nlp, text)[1]["content_text"] == "inutile"
