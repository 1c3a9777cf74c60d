"""Safe output folders (issue 16): `--out` and `make clean` never touch what is not the pipeline's.

The make tests run on a copy of the checkout, so that even the code before
these fixes (which deleted the source tree on `make clean OUT=.`) harms nothing;
`/` and `//` are only dry-run through make.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT
from typer.testing import CliRunner

from pipeline.cli.commands import app
from pipeline.storage.manifest import FORMAT
from pipeline.storage.outdir import OutDirError, check_out_dir, clean_out_dir

runner = CliRunner()
MAKE = shutil.which("make")
COPIED = ["Makefile", "pyproject.toml", "requirements.lock", "pipeline", "seeds"]


def _make(repo: Path, *args: str, home: Path | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ, HOME=str(home or repo.parent / "home"))
    return subprocess.run([MAKE, "--no-print-directory", *args], cwd=repo, env=env, capture_output=True,
                          text=True, timeout=120)


@pytest.fixture
def repo(tmp_path) -> Path:
    """A copy of the checkout's sources, with a stand-in .venv running this interpreter."""
    repo = tmp_path / "repo"
    repo.mkdir()
    for name in COPIED:
        (shutil.copytree if (ROOT / name).is_dir() else shutil.copy2)(ROOT / name, repo / name)
    bin_dir = repo / ".venv" / "bin"
    bin_dir.mkdir(parents=True)
    (bin_dir / "python").write_text(f'#!/bin/sh\nexec "{sys.executable}" "$@"\n', encoding="utf-8")
    (bin_dir / "python").chmod(0o755)
    (repo / ".venv" / ".installed").touch()
    (tmp_path / "home").mkdir()
    return repo


def _pipeline_folder(out: Path) -> None:
    """What a run leaves, plus a killed run's temporary file and a user's own notes."""
    (out / "work" / "docs").mkdir(parents=True)
    for name in ("documents.csv", "documents.parquet", "report.html",
                 ".entities.parquet.4242.0.tmp", "notes.txt", ".gitkeep"):
        (out / name).write_text("x", encoding="utf-8")
    (out / "manifest.json").write_text(json.dumps({
        "format": FORMAT, "folder_id": "f" * 32,
        "written": ["manifest.json", "documents.csv", "documents.parquet", "report.html", "work"]}))


def _tree(path: Path) -> list[str]:
    return sorted(str(p.relative_to(path)) for p in path.rglob("*"))


needs_make = pytest.mark.skipif(MAKE is None, reason="make is not installed")


@needs_make
def test_make_clean_removes_only_what_the_pipeline_wrote(repo):
    out = repo / "outputs"
    _pipeline_folder(out)
    result = _make(repo, "clean", "OUT=outputs")
    assert result.returncode == 0, result.stderr
    assert _tree(out) == [".gitkeep", "notes.txt"]


@needs_make
@pytest.mark.parametrize("spelling", [".", "./", "..", "~", "{repo}", "pipeline/.."])
def test_make_clean_refuses_suspicious_out(repo, spelling):
    before = _tree(repo.parent)
    out = spelling.format(repo=repo)
    result = _make(repo, "clean", f"OUT={out}")
    assert result.returncode != 0
    assert f"error: refusing to clean {out}: it is " in result.stderr
    assert _tree(repo.parent) == before


@needs_make
def test_make_with_an_empty_out_refuses_and_writes_nothing(repo):
    stray = Path("/work/model-choice")
    existed = stray.exists()
    before = _tree(repo.parent)
    result = _make(repo, "help", "OUT=")
    created = stray.exists() and not existed
    if created:  # the code before this fix wrote there
        stray.unlink()
    assert result.returncode != 0 and "OUT is empty" in result.stderr
    assert not created and _tree(repo.parent) == before


@needs_make
def test_reading_the_makefile_writes_nothing(repo):
    result = _make(repo, "help", "OUT=elsewhere")
    assert result.returncode == 0, result.stderr
    assert not (repo / "elsewhere").exists()


@needs_make
@pytest.mark.parametrize("root", ["/", "//"])
def test_make_clean_of_the_root_goes_through_the_guard(repo, root):
    # dry run only: the code before this fix ran `rm -rf $(OUT)/*` here
    result = _make(repo, "-n", "clean", f"OUT={root}")
    commands = [line for line in result.stdout.splitlines() if line.strip()]
    assert [c for c in commands if c.startswith("rm")] == ["rm -rf build/"]
    with pytest.raises(OutDirError, match="it is the filesystem root"):
        clean_out_dir(root)


@pytest.mark.parametrize("place, reason", [
    ("/", "the filesystem root"), ("//", "the filesystem root"), ("~", "the home folder"),
    (str(ROOT), "the project's source tree"), (str(ROOT / "pipeline"), "inside the project's source tree"),
    (str(ROOT / "models" / "x"), "inside the project's source tree"),
    (str(ROOT.parent), "a folder holding the project's source tree"),
])
def test_out_refuses_protected_places_even_with_force_out(place, reason):
    with pytest.raises(OutDirError) as err:
        check_out_dir(place, force_out=True)
    assert str(err.value) == f"refusing to write into {place}: it is {reason}"


def test_out_refuses_someone_elses_folder_unless_force_out(tmp_path):
    theirs = tmp_path / "theirs"
    theirs.mkdir()
    (theirs / "documents.csv").write_text("i miei dati\n", encoding="utf-8")
    (tmp_path / "a.txt").write_text("Una frase su Roma.", encoding="utf-8")
    result = runner.invoke(app, ["ingest", "-i", str(tmp_path / "a.txt"), "-o", str(theirs)])
    assert result.exit_code == 2
    assert result.stderr == (f"error: refusing to write into {theirs}: it is not empty (documents.csv) and not "
                             "a pipeline output folder (no manifest.json); choose a new or empty folder, "
                             "or pass --force-out\n")
    assert (theirs / "documents.csv").read_text(encoding="utf-8") == "i miei dati\n"
    forced = runner.invoke(app, ["ingest", "-q", "-i", str(tmp_path / "a.txt"), "-o", str(theirs), "--force-out"])
    assert forced.exit_code == 0, forced.output
    assert (theirs / "manifest.json").exists()
    # from now on it is a pipeline output folder
    again = runner.invoke(app, ["ingest", "-q", "-i", str(tmp_path / "a.txt"), "-o", str(theirs)])
    assert again.exit_code == 0, again.output


def test_an_empty_or_new_folder_is_accepted_and_marked(tmp_path):
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / ".gitkeep").touch()
    assert check_out_dir(tmp_path / "empty") == tmp_path / "empty"
    assert check_out_dir(tmp_path / "new" / "sub") == tmp_path / "new" / "sub"


def test_clean_without_manifest_refuses_a_folder_with_other_files(tmp_path):
    (tmp_path / "documents.csv").write_text("x", encoding="utf-8")
    (tmp_path / "tesi.docx").write_text("x", encoding="utf-8")
    result = runner.invoke(app, ["clean", "--out", str(tmp_path)])
    assert result.exit_code == 2
    assert "not a pipeline output folder" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["documents.csv", "tesi.docx"]


@needs_make
def test_make_j2_runs_the_stages_one_at_a_time_and_a_rerun_changes_nothing(repo):
    corpus = repo / "articles"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Secondo l'ANSA, il sindaco di Roma ha parlato con la Francia.\n", encoding="utf-8")
    result = _make(repo, "-j2", "report", "INPUT=articles", "OUT=out", f"MODEL={ROOT / 'models' / 'it_news_sm'}")
    assert result.returncode == 0, result.stderr
    assert "in use by another run" not in result.stderr
    written = {p.name: p.stat().st_mtime_ns for p in (repo / "out").glob("*.parquet")}
    assert {"documents.parquet", "entities.parquet", "attributions.parquet", "entity_report.parquet"} <= set(written)
    again = _make(repo, "-j2", "run", "INPUT=articles", "OUT=out", f"MODEL={ROOT / 'models' / 'it_news_sm'}")
    assert again.returncode == 0, again.stderr
    rewritten = {p.name for p in (repo / "out").glob("*.parquet") if p.stat().st_mtime_ns != written[p.name]}
    assert rewritten == {"documents.parquet"}  # ingest rereads the input; every later table is skipped
