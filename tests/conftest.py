"""Shared fixtures: the bundled model, loaded once, and a seed run in a temp folder."""
from __future__ import annotations

from pathlib import Path

import pytest
import spacy

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_2c921019a84581c9.txt"
BUNDLED = str(ROOT / "models" / "it_news_sm")


@pytest.fixture(scope="session")
def nlp():
    from pipeline.model import load_model

    return load_model(BUNDLED)


@pytest.fixture(scope="session")
def blank_nlp():
    """Italian tokenizer plus sentencizer: for tests that set entities by hand."""
    nlp = spacy.blank("it")
    nlp.add_pipe("sentencizer")
    return nlp


@pytest.fixture(scope="session")
def seed_out(tmp_path_factory):
    """The whole pipeline run once on seeds/ with the bundled model."""
    import pipeline

    out = tmp_path_factory.mktemp("seed_out")
    pipeline.run(ROOT / "seeds", out, model=BUNDLED)
    return out


def doc_with_ents(nlp, text: str, ents: list[tuple[str, str]], pos: dict[str, str] | None = None):
    """A Doc of `text` whose entities are the given (surface, label) pairs, found left to right."""

    doc = nlp(text)
    spans, cursor = [], 0
    for surface, label in ents:
        start = text.index(surface, cursor)
        span = doc.char_span(start, start + len(surface), label=label)
        assert span is not None, surface
        spans.append(span)
        cursor = start + len(surface)
    doc.ents = spans
    for token in doc:
        if pos and token.text in pos:
            token.pos_ = pos[token.text]
    return doc
