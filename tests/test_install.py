"""`pip install .` into a fresh virtual environment gives a working `italian-news` anywhere,
the model included (issue 15), with every dependency resolved by pip (issue 24).

tests/install_env.py builds the environment (started in the background by
conftest.py): `python -m venv` and `pip install` of a copy of the checkout, with
build isolation and dependency resolution, offline against a wheelhouse of the
lock's versions. The console script then runs in a folder that is not the checkout.
"""
from __future__ import annotations

import ast
import re
import subprocess
import sys
from importlib.metadata import packages_distributions
from pathlib import Path

import pandas as pd
import pytest
from conftest import BUNDLED, ROOT
from install_env import LOCK, clean_env

import pipeline
from pipeline import read_csv_table


def _run(args: list, cwd: Path, timeout: int = 180) -> subprocess.CompletedProcess:
    return subprocess.run([str(a) for a in args], cwd=cwd, env=clean_env(), capture_output=True, text=True,
                          timeout=timeout)


def _tomllib():
    return pytest.importorskip("tomllib")


def test_setuptools_package_list_covers_the_source_tree():
    config = _tomllib().loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    data_only = ROOT / "pipeline" / "models"  # the link to the model: package data, not code
    on_disk = {".".join(p.relative_to(ROOT).parts) for p in (ROOT / "pipeline").rglob("*")
               if p.is_dir() and p.name != "__pycache__" and data_only not in (p, *p.parents)}
    assert set(config["packages"]) == on_disk | {"pipeline", "it_news_sm"}
    link = data_only / "it_news_sm"
    assert link.is_symlink() and link.resolve() == (ROOT / "models" / "it_news_sm").resolve()
    assert "models/it_news_sm/**/*" in config["package-data"]["pipeline"]


def _name(requirement: str) -> str:
    return re.split(r"[\[<>=!~; ]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def _locked() -> dict[str, str]:
    pins = [line.split("==") for line in LOCK.read_text(encoding="utf-8").splitlines()
            if line and not line.startswith((" ", "#"))]
    return {_name(name): version.strip() for name, version in pins}


def test_the_lock_pins_every_dependency_within_its_range():
    from packaging.requirements import Requirement

    project = _tomllib().loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    locked = _locked()
    declared = project["dependencies"] + project["optional-dependencies"]["test"]
    for requirement in map(Requirement, declared):
        name = _name(requirement.name)
        assert name in locked, f"{name} is not in {LOCK.name}: run `make lock`"
        assert requirement.specifier.contains(locked[name]), (name, locked[name], str(requirement.specifier))
    assert "lxml-html-clean" in {_name(r) for r in project["dependencies"]}


def _imported_modules(folder: Path) -> set[str]:
    names = set()
    for path in folder.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module.split(".")[0])
    return names


def test_every_imported_distribution_is_declared():
    """What the code imports is a direct dependency (not left to another package's choices)."""
    project = _tomllib().loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = {_name(r) for r in project["dependencies"] + project["optional-dependencies"]["test"]}
    providers = packages_distributions()
    third_party = {m for m in _imported_modules(ROOT / "pipeline") | {"lxml_html_clean"}
                   if m not in sys.stdlib_module_names and m not in ("pipeline", "it_news_sm")}
    missing = {m: providers.get(m) for m in third_party
               if not {_name(d) for d in providers.get(m, [])} & declared}
    assert not missing, f"imported but not declared in pyproject.toml: {missing}"


@pytest.fixture(scope="module")
def installed(request, tmp_path_factory):
    """(venv, a folder that is not the checkout, site-packages) of the background install."""
    job, base = getattr(request.config, "install_job", (None, None))
    assert job is not None, "conftest.py starts the install when this fixture is collected"
    code = job.wait(timeout=900)
    log = (base / "install.log").read_text(encoding="utf-8", errors="replace") if (base / "install.log").exists() else ""
    assert code == 0, f"the install failed:\n{log[-3000:]}"
    assert "deprecat" not in log.lower(), log
    env_dir = base / "venv"
    purelib = Path(_run([env_dir / "bin" / "python", "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                        base).stdout.strip())
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    return env_dir, elsewhere, purelib


def test_the_install_resolved_its_own_dependencies(installed):
    """Nothing of the running environment: lxml_html_clean came from the project's own requirements."""
    env_dir, elsewhere, purelib = installed
    result = _run([env_dir / "bin" / "python", "-c", "import lxml_html_clean, spacy, sys; print(spacy.__file__)"],
                  elsewhere)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(str(purelib)), result.stdout


def test_console_script_version_uses_the_packaged_model(installed):
    env_dir, elsewhere, purelib = installed
    result = _run([env_dir / "bin" / "italian-news", "--version"], elsewhere)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("italian-news ")
    model_dir = purelib / "pipeline" / "models" / "it_news_sm"
    assert lines[1] == f"model: it_news_sm 0.2.1, licence CC BY-NC-SA 4.0 ({model_dir})"
    module = _run([env_dir / "bin" / "python", "-m", "pipeline", "--version"], elsewhere)
    assert module.returncode == 0 and module.stdout == result.stdout, module.stderr




def _python(installed, code: str) -> str:
    """What `code` prints, run by the installed environment's Python outside the checkout."""
    env_dir, elsewhere, _ = installed
    result = _run([env_dir / "bin" / "python", "-c", code], elsewhere)
    assert result.returncode == 0, result.stderr
    return result.stdout




PAGE = """<!DOCTYPE html><html lang="it"><head><meta charset="utf-8"><title>Roma, piano per i cantieri</title>
<meta property="article:published_time" content="2025-04-26T10:30:00+02:00">
<link rel="canonical" href="https://www.example.it/roma/cantieri"></head>
<body><nav>Home | Cronaca | Sport</nav><article><h1>Roma, piano per i cantieri</h1>
<p>Secondo il sindaco di Roma, i cantieri della metropolitana chiuderanno entro 30 giorni.</p>
<p>Il Comune ha stanziato 4,6 milioni di euro per le opere di superficie, ha spiegato l'assessore.</p>
</article><footer>© 2025 Example</footer></body></html>"""


def test_html_latin1_text_and_italian_excel_csv_through_the_installed_command(installed):
    """The analyst's first run: a saved page, a Latin-1 text and a CSV saved by Italian Excel."""
    env_dir, elsewhere, _ = installed
    corpus = elsewhere / "rassegna"
    corpus.mkdir()
    (corpus / "pagina.html").write_text(PAGE, encoding="utf-8")
    (corpus / "nota.txt").write_bytes("Perché la città è più sicura: così ha detto il prefetto.".encode("latin-1"))
    rows = ["id;titolo;text", "c1;Bilancio;Il Comune ha approvato il bilancio: più fondi, però meno città servite.",
            "c2;Scuola;L'assessore ha detto che le scuole riapriranno entro l'8 settembre."]
    (corpus / "export.csv").write_bytes(("\r\n".join(rows) + "\r\n").encode("cp1252"))
    text = "Secondo la BBC, il governo francese ha stanziato 4,6 milioni di euro."
    (corpus / "tiny.txt").write_text(text, encoding="utf-8")
    result = _run([env_dir / "bin" / "italian-news", "run", "-i", "rassegna", "-o", "risultati"], elsewhere,
                  timeout=300)
    assert result.returncode == 0, result.stderr
    documents = read_csv_table(elsewhere / "risultati", "documents")
    assert documents["status"].tolist() == ["ok"] * 5, documents[["doc_id", "error"]]
    titles = dict(zip(documents["doc_id"], documents["title"]))
    assert titles["pagina"] == "Roma, piano per i cantieri"
    assert set(titles) == {"pagina", "nota", "c1", "c2", "tiny"}
    assert (elsewhere / "risultati" / "report.html").exists()
    # the installed code and model give the rows the checkout's give
    entities = read_csv_table(elsewhere / "risultati", "entities")
    installed_rows = entities[entities["doc_id"] == "tiny"].reset_index(drop=True)
    assert installed_rows["text"].tolist() == ["BBC", "governo francese", "francese"]
    expected = pipeline.extract(text, model=BUNDLED, doc_id="tiny")["entities"]
    pd.testing.assert_frame_equal(installed_rows, expected)




def test_installed_defaults_name_commands_not_make_targets(installed):
    env_dir, elsewhere, _ = installed
    command = env_dir / "bin" / "italian-news"
    no_input = _run([command, "run", "-o", "fuori"], elsewhere)
    assert no_input.returncode == 2 and no_input.stderr.startswith("error: no input given: pass --input")
    assert not (elsewhere / "fuori").exists()
    browse = _run([command, "browse", "-o", "nulla"], elsewhere)
    assert browse.returncode == 2
    assert browse.stderr == "error: nulla/news.sqlite does not exist: run `italian-news report --out nulla` first\n"


def test_spacy_finds_the_components_and_loads_the_model_by_name(installed):
    """Entry points (no import of the project), spacy.load("it_news_sm"), doc.spans for displaCy."""
    code = ("from importlib.metadata import entry_points\n"
            "print(sorted({e.name for e in entry_points(group='spacy_factories')"
            " if e.value.startswith('pipeline.extractors.spacy_components:')}))\n"
            "import spacy\nfrom spacy import displacy\n"
            "blank = spacy.blank('it'); blank.add_pipe('sentencizer'); blank.add_pipe('it_news_quantities')\n"
            "print([q['text'] for q in blank('Hanno aderito circa 30 paesi.')._.quantities])\n"
            "print(sorted(spacy.util.get_installed_models()))\n"
            "nlp = spacy.load('it_news_sm'); nlp.add_pipe('it_news_entities')\n"
            "doc = nlp('Secondo la BBC, il governo francese ha stanziato 4,6 milioni di euro.')\n"
            "print([(s.text, s.label_) for s in doc.spans['it_news']])\n"
            "print('OUTLET' in displacy.render(doc, style='span', options={'spans_key': 'it_news'}))\n")
    factories, quantities, models, spans, rendered = _python(installed, code).splitlines()
    assert factories == "['it_news_attributions', 'it_news_entities', 'it_news_quantities']"
    assert quantities == "['circa 30 paesi']"
    assert models == "['it_news_sm']"
    assert "('BBC', 'OUTLET')" in spans and rendered == "True"
