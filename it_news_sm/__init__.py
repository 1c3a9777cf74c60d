"""The bundled model as a spaCy model package: `spacy.load("it_news_sm")`.

spaCy loads a model by name when a distribution of that name is installed and
a module of that name has `load()`, as `spacy package` makes them. The files
are the project's own (pipeline/models/it_news_sm, package data of the wheel);
this module loads them, and the build backend (build_backend/backend.py) adds
the `it_news_sm` distribution metadata to the wheel.
"""
from __future__ import annotations


def model_path():
    from pipeline.nlp.model import BUNDLED_MODEL

    return BUNDLED_MODEL


def load(**overrides):
    """The model (spaCy's `overrides`: vocab, disable, enable, exclude, config)."""
    from spacy.util import load_model_from_path

    from pipeline.nlp import lexicon_features  # noqa: F401  registers the factory the model uses

    return load_model_from_path(model_path(), **overrides)
