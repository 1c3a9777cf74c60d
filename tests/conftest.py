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
    from pipeline.nlp.model import load_model

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


def run_on_articles(folder: Path, name: str, articles: list[dict]) -> Path:
    """The whole pipeline run on `articles` (dicts of id, title, date, url, text) written as FOLDER/NAME (JSONL)."""
    import json

    import pipeline

    source = folder / name
    source.write_text("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in articles), encoding="utf-8")
    pipeline.run(source, folder / "out", model=BUNDLED)
    return folder / "out"


@pytest.fixture(scope="session")
def cross_out(tmp_path_factory):
    """The pipeline run once on tests/cross_articles.py (statement groups, figure conflicts, a long document)."""
    from cross_articles import ARTICLES

    return run_on_articles(tmp_path_factory.mktemp("cross"), "articoli.jsonl", ARTICLES)


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


# --------------------------------------------------------------------------
# The install test's virtual environment, built in the background (tests/install_env.py)
# --------------------------------------------------------------------------

def pytest_collection_finish(session):
    """Start the fresh install as soon as a test needing it is collected: it takes a minute
    or two of mostly waiting on the disk, which the rest of the suite overlaps."""
    import subprocess
    import sys
    import tempfile

    if not any("installed" in getattr(item, "fixturenames", ()) for item in session.items):
        return
    base = Path(tempfile.mkdtemp(prefix="italian-news-install-"))
    job = subprocess.Popen([sys.executable, str(ROOT / "tests" / "install_env.py"), str(base)],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    session.config.install_job = (job, base)


def pytest_sessionfinish(session):
    import shutil

    job, base = getattr(session.config, "install_job", (None, None))
    if job is not None:
        if job.poll() is None:
            job.kill()
            job.wait()
        shutil.rmtree(base, ignore_errors=True)
