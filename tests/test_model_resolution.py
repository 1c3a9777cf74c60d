import importlib.util

import pytest

from pipeline.nlp import model as model_mod
from pipeline.nlp.model import ModelNotFound, resolve_model


def test_explicit_missing_name_fails_with_install_command(monkeypatch):
    monkeypatch.delenv("PIPELINE_MODEL", raising=False)
    with pytest.raises(ModelNotFound) as err:
        resolve_model("it_core_news_lg")
    assert "python -m spacy download it_core_news_lg" in str(err.value)


def test_path_that_is_not_a_model_fails(tmp_path):
    with pytest.raises(ModelNotFound, match="not a spaCy model directory"):
        resolve_model(str(tmp_path))


def test_default_falls_back_to_the_bundled_model(monkeypatch):
    monkeypatch.delenv("PIPELINE_MODEL", raising=False)
    real = importlib.util.find_spec
    monkeypatch.setattr(model_mod.importlib.util, "find_spec",
                        lambda name, *a: None if name == "it_core_news_sm" else real(name, *a))
    assert resolve_model() == str(model_mod.BUNDLED_MODEL)


def test_default_prefers_it_core_news_sm_when_installed(monkeypatch):
    monkeypatch.delenv("PIPELINE_MODEL", raising=False)
    monkeypatch.setattr(model_mod.importlib.util, "find_spec", lambda name, *a: object())
    assert resolve_model() == "it_core_news_sm"


def test_environment_variable_is_used(monkeypatch):
    monkeypatch.setenv("PIPELINE_MODEL", str(model_mod.BUNDLED_MODEL))
    assert resolve_model() == str(model_mod.BUNDLED_MODEL)
    monkeypatch.setenv("PIPELINE_MODEL", "no_such_model_xyz")
    with pytest.raises(ModelNotFound):
        resolve_model()


def test_bundled_model_loads_offline_with_its_metadata(nlp):
    assert nlp.meta["name"] == "it_news_sm"
    assert nlp.meta["license"] == "CC BY-NC-SA 4.0"
    assert {"senter", "ner", "morphologizer"} <= set(nlp.pipe_names)
