"""Issue 24, spaCy: the bundled model loads by name, the components fill doc.spans["it_news"]
for displaCy, and the README's example runs offline as written."""
from __future__ import annotations

import os
import re
import subprocess
import sys

import spacy
from conftest import ROOT
from spacy import displacy

from pipeline.extractors.spacy_components import SPANS_KEY, row_spans


def test_spacy_loads_the_bundled_model_by_name():
    assert "it_news_sm" in spacy.util.get_installed_models()
    nlp = spacy.load("it_news_sm")
    assert nlp.meta["name"] == "it_news_sm" and nlp.meta["lang"] == "it"
    assert nlp("Il sindaco di Roma ha parlato.").has_annotation("SENT_START")


def test_the_components_set_spans_that_displacy_renders():
    custom = spacy.load("it_news_sm")
    for name in ("it_news_entities", "it_news_quantities", "it_news_attributions"):
        custom.add_pipe(name)
    doc = custom("Secondo la BBC, il presidente francese Emmanuel Macron ha detto che circa 30 paesi aderiranno.")
    spans = {(s.text, s.label_) for s in doc.spans[SPANS_KEY]}
    assert ("BBC", "OUTLET") in spans and ("Emmanuel Macron", "PERSON") in spans
    assert ("circa 30 paesi", "QUANTITY") in spans
    assert {"CUE", "SOURCE", "CONTENT"} <= {label for _text, label in spans}
    # the spans are the rows: one per entity and quantity, up to three per attribution
    assert len(doc.spans[SPANS_KEY]) == len(doc._.entities) + len(doc._.quantities) + sum(
        sum(r[k] is not None for k in ("cue_start", "source_start", "content_start")) for r in doc._.attributions)
    html = displacy.render(doc, style="span", options={"spans_key": SPANS_KEY})
    assert "Macron" in html and "QUANTITY" in html and "OUTLET" in html  # displaCy writes a token at a time


def test_rows_without_offsets_give_no_span(blank_nlp):
    doc = blank_nlp("Ha detto il ministro.")
    row = {"cue_start": 0, "cue_end": 8, "source_start": None, "source_end": None, "source_type": None,
           "content_start": None, "content_end": None}
    assert [(s.text, s.label_) for s in row_spans(doc, "attributions", [row])] == [("Ha detto", "CUE")]


def test_the_readme_example_runs_offline_as_written(tmp_path):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"<!-- readme-spacy-example[^>]*-->\n```python\n(.*?)```", readme, re.S)
    assert block, "the README's spaCy example is marked for this test"
    code = block.group(1) + "\nassert html.startswith('<div') and 'Macron' in html\n"
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PIPELINE_MODEL")}
    env.update({"HF_HUB_OFFLINE": "1", "no_proxy": "*", "http_proxy": "http://127.0.0.1:9",
                "https_proxy": "http://127.0.0.1:9"})  # any download attempt would fail
    result = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    lines = result.stdout.splitlines()
    assert lines[0] == "outlet:bbc"
    assert lines[1].startswith("[(") and "OUTLET" in lines[1]


def test_the_pipeline_takes_the_name_for_the_bundled_directory():
    from pipeline.nlp.model import BUNDLED_MODEL, resolve_model

    assert resolve_model("it_news_sm") == str(BUNDLED_MODEL)  # same model key, same caches
