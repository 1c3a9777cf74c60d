"""`pip install .` gives a working `italian-news` anywhere, the model included (issue 15, install).

The fresh virtual environment sees the running interpreter's packages (a .pth
line to its site-packages: offline, no download) and the project is installed
from a copy of the checkout with `--no-deps --no-build-isolation`; the console
script then runs in a folder that is not the checkout.
"""
from __future__ import annotations

import os
import shutil
import site
import subprocess
import sysconfig
import venv
from pathlib import Path

import pandas as pd
import pytest

from conftest import BUNDLED, ROOT

import pipeline
from pipeline import read_csv_table

SKIP_DIRS = {".venv", ".git", "outputs", "build", "__pycache__", ".pytest_cache"}


def _run(args: list, cwd: Path, timeout: int = 180) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("PIPELINE_MODEL", "PYTHONPATH")}
    return subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=timeout)


def test_setuptools_package_list_covers_the_source_tree():
    tomllib = pytest.importorskip("tomllib")
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    data_only = ROOT / "pipeline" / "models"  # the link to the model: package data, not code
    on_disk = {".".join(p.relative_to(ROOT).parts) for p in (ROOT / "pipeline").rglob("*")
               if p.is_dir() and p.name != "__pycache__" and data_only not in (p, *p.parents)}
    assert set(config["packages"]) == on_disk | {"pipeline"}
    link = data_only / "it_news_sm"
    assert link.is_symlink() and link.resolve() == (ROOT / "models" / "it_news_sm").resolve()
    assert "models/it_news_sm/**/*" in config["package-data"]["pipeline"]


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """A fresh venv with the project installed from a copy of the checkout: (venv, folder to run in)."""
    base = tmp_path_factory.mktemp("install")
    src = base / "src"
    shutil.copytree(ROOT, src, symlinks=True, ignore=lambda d, names: [n for n in names if n in SKIP_DIRS
                                                       or n.endswith(".egg-info")])
    env_dir = base / "venv"
    try:
        venv.create(env_dir, with_pip=False)
    except Exception as err:  # pragma: no cover - a Python built without venv
        pytest.skip(f"cannot create a virtual environment here: {err}")
    python = env_dir / "bin" / "python"
    purelib = Path(_run([python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                        base).stdout.strip())
    # The running environment's packages (spaCy, pip, setuptools ...), after the venv's own.
    parents = [p for p in site.getsitepackages() + [sysconfig.get_path("purelib")] if Path(p).is_dir()]
    (purelib / "_parent_env.pth").write_text("\n".join(dict.fromkeys(parents)) + "\n", encoding="utf-8")
    probe = _run([python, "-c", "import pip, setuptools, spacy"], base)
    if probe.returncode != 0:
        pytest.skip(f"the running environment lacks pip/setuptools/spacy: {probe.stderr.strip()[-200:]}")
    done = _run([python, "-m", "pip", "install", "-q", "--no-deps", "--no-build-isolation",
                 "--disable-pip-version-check", src], base, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "Warning" not in done.stderr and "deprecat" not in done.stderr.lower(), done.stderr
    elsewhere = base / "elsewhere"
    elsewhere.mkdir()
    return env_dir, elsewhere, purelib


def test_console_script_version_uses_the_packaged_model(installed):
    env_dir, elsewhere, purelib = installed
    result = _run([env_dir / "bin" / "italian-news", "--version"], elsewhere)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("italian-news ")
    model_dir = purelib / "pipeline" / "models" / "it_news_sm"
    if "it_core_news_sm" in lines[1]:  # installed in the parent environment: preferred by design
        pytest.skip("it_core_news_sm is installed and takes precedence over the bundled model")
    assert lines[1] == f"model: it_news_sm 0.2.0, licence CC BY-NC-SA 4.0 ({model_dir})"


def test_console_script_runs_a_tiny_corpus_in_another_folder(installed):
    env_dir, elsewhere, _ = installed
    text = "Secondo la BBC, il governo francese ha stanziato 4,6 milioni di euro."
    (elsewhere / "articoli").mkdir()
    (elsewhere / "articoli" / "a.txt").write_text(text, encoding="utf-8")
    result = _run([env_dir / "bin" / "italian-news", "run", "-q", "-i", "articoli", "-o", "risultati"],
                  elsewhere)
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    installed_rows = read_csv_table(elsewhere / "risultati", "entities")
    assert installed_rows["text"].tolist() == ["BBC", "governo francese", "francese"]
    # the same rows as the checkout's code and model give
    expected = pipeline.extract(text, model=BUNDLED, doc_id="a")["entities"]
    pd.testing.assert_frame_equal(installed_rows, expected)
    module = _run([env_dir / "bin" / "python", "-m", "pipeline", "--version"], elsewhere)
    assert module.returncode == 0 and module.stdout.startswith("italian-news "), module.stderr


def test_spacy_finds_the_components_by_entry_point(installed):
    env_dir, elsewhere, _ = installed
    code = ("from importlib.metadata import entry_points\n"
            "print(sorted({e.name for e in entry_points(group='spacy_factories')"
            " if e.value.startswith('pipeline.spacy_components:')}))\n"
            "import spacy\n"
            "nlp = spacy.blank('it'); nlp.add_pipe('sentencizer'); nlp.add_pipe('it_news_quantities')\n"
            "print([q['text'] for q in nlp('Hanno aderito circa 30 paesi.')._.quantities])\n")
    result = _run([env_dir / "bin" / "python", "-c", code], elsewhere)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "['it_news_attributions', 'it_news_entities', 'it_news_quantities']\n" \
                            "['circa 30 paesi']\n"
