"""The README's Python example as written, and the extractors as spaCy components (issue 15, API)."""
import importlib
import os
import re
import shutil

import pandas as pd
import pytest
import spacy
from conftest import BUNDLED, ROOT, SEED, doc_with_ents

import pipeline
from pipeline.extractors.attributions import attribution_rows
from pipeline.extractors.entities import entity_rows
from pipeline.stages.quantities import quantity_rows
from pipeline.storage.tables import read_table

TEXT = "Secondo la BBC, il presidente francese Emmanuel Macron ha detto che circa 30 paesi aderiranno."


def _readme_example() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("### From Python"):]
    return re.search(r"```python\n(.*?)```", section, re.S).group(1)


def test_the_readme_python_example_runs_as_written_after_any_import(tmp_path, monkeypatch):
    # submodules of every name imported first: they must not shadow the API functions
    for name in ("pipeline.stages.entities", "pipeline.stages.quantities", "pipeline.stages.attributions",
                 "pipeline.extractors.entities", "pipeline.extractors.quantities", "pipeline.stages.report"):
        importlib.import_module(name)
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("PIPELINE_MODEL", raising=False)
    namespace: dict = {}
    exec(_readme_example(), namespace)
    found = namespace["found"]
    assert list(found) == ["sentences", "entities", "quantities", "attributions"]
    assert found["entities"][["text", "type"]].values.tolist() == [
        ["BBC", "outlet"], ["Keir Starmer", "person"], ["Londra", "location"]]
    assert found["quantities"]["text"].tolist() == ["circa 30 paesi"]
    assert found["attributions"][["cue", "source_canonical_name"]].values.tolist() == [["Secondo", "BBC"]]
    assert str(found["entities"]["sent_id"].dtype) == "Int64"
    assert os.path.exists("outputs/entity_report.csv")
    assert callable(pipeline.entities) and callable(pipeline.quantities) and callable(pipeline.attributions)


def _with_components(nlp):
    for name in ("it_news_entities", "it_news_quantities", "it_news_attributions"):
        nlp.add_pipe(name, config={"doc_id": "d1"})
    return nlp


def test_components_in_a_blank_pipeline_with_entities_set_by_hand(blank_nlp):
    components = _with_components(spacy.blank("it"))
    doc = doc_with_ents(blank_nlp, TEXT, [("BBC", "ORG"), ("Emmanuel Macron", "PER")])
    for _, component in components.pipeline:
        doc = component(doc)
    assert [(e["text"], e["type"], e["canonical_id"]) for e in doc._.entities] == [
        ("BBC", "outlet", "outlet:bbc"), ("francese", "country", "FR"),
        ("Emmanuel Macron", "person", "person:emmanuel-macron")]
    assert [(q["text"], q["value"], q["kind"]) for q in doc._.quantities] == [("circa 30 paesi", 30.0, "count")]
    assert [(a["cue"], a["source_text"]) for a in doc._.attributions] == [
        ("Secondo", "BBC"), ("ha detto", "Emmanuel Macron")]
    # exactly the stage functions' rows
    assert doc._.entities == entity_rows("d1", doc)
    assert doc._.quantities == quantity_rows("d1", doc)
    assert doc._.attributions == attribution_rows("d1", doc, entity_rows("d1", doc))


def test_attributions_alone_compute_their_entities(blank_nlp):
    only = spacy.blank("it")
    only.add_pipe("it_news_attributions", config={"doc_id": "d1"})
    doc = doc_with_ents(blank_nlp, TEXT, [("BBC", "ORG"), ("Emmanuel Macron", "PER")])
    doc._.entities = None
    doc = only.get_pipe("it_news_attributions")(doc)
    assert doc._.attributions == attribution_rows("d1", doc, entity_rows("d1", doc))


@pytest.fixture(scope="module")
def model_with_components():
    """A fresh copy of the bundled model (the shared fixture stays untouched) plus the components."""
    from pipeline.nlp.components import add_paragraph_boundaries

    return _with_components(add_paragraph_boundaries(spacy.load(BUNDLED)))


def test_components_on_the_model_give_the_tables_of_a_run(model_with_components, seed_out):
    doc_id = SEED.stem
    for _, component in model_with_components.pipeline:
        if hasattr(component, "doc_id"):
            component.doc_id = doc_id
    doc = model_with_components(SEED.read_text(encoding="utf-8"))
    for table in ("entities", "quantities", "attributions"):
        frame = read_table(seed_out, table)
        expected = frame[frame["doc_id"] == doc_id].reset_index(drop=True)
        got = pipeline.api._frame(table, doc._.get(table))
        pd.testing.assert_frame_equal(got, expected, check_dtype=True)
    assert len(doc._.entities) == 34 and len(doc._.attributions) == 10 and len(doc._.quantities) == 3


def test_extract_entities_is_the_entities_frame_of_extract():
    text = "Il premier britannico Keir Starmer è arrivato a Parigi."
    pd.testing.assert_frame_equal(pipeline.extract_entities(text, model=BUNDLED),
                                  pipeline.extract(text, model=BUNDLED)["entities"])
    assert pipeline.extract_entities(text, model=BUNDLED)["canonical_id"].tolist()[:2] == [
        "GB", "person:keir-starmer"]
