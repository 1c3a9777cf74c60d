"""Issue 27, part 1: an output folder is the pipeline's only when its manifest carries the
pipeline's marker; `clean` removes only what the manifest records as written, under the lock;
a refused run writes nothing; a malformed manifest is reported and rebuilt."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import ROOT
from typer.testing import CliRunner

from pipeline import api
from pipeline.cli.commands import app
from pipeline.engine import output_lock

runner = CliRunner()
TEXT = "Il sindaco di Torino ha inaugurato la nuova biblioteca."


def ownership(folder: Path) -> str:
    from pipeline.storage.manifest import ownership as owner

    return owner(folder)


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _theirs(folder: Path) -> Path:
    """Someone else's folder that happens to hold a manifest.json and our file names."""
    (folder / "work").mkdir(parents=True)
    (folder / "manifest.json").write_text('{"name": "my-web-app", "version": 3}\n', encoding="utf-8")
    (folder / "report.html").write_text("<h1>my report</h1>", encoding="utf-8")
    (folder / "documents.csv").write_text("my,documents\n", encoding="utf-8")
    (folder / "work" / "thesis.docx").write_text("years of work", encoding="utf-8")
    return folder


def _input(tmp_path: Path) -> Path:
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    return tmp_path / "a.txt"


def test_a_foreign_manifest_does_not_make_a_folder_ours(tmp_path):
    theirs = _theirs(tmp_path / "theirs")
    before = _snapshot(theirs)
    result = runner.invoke(app, ["ingest", "-i", str(_input(tmp_path)), "-o", str(theirs)])
    assert result.exit_code == 2
    assert "its manifest.json is not the pipeline's" in result.stderr and "Traceback" not in result.output
    assert _snapshot(theirs) == before
    cleaned = runner.invoke(app, ["clean", "--out", str(theirs)])
    assert cleaned.exit_code == 2 and "not a pipeline output folder" in cleaned.stderr
    assert _snapshot(theirs) == before and ownership(theirs) == "foreign"


def test_a_folder_with_only_work_and_no_manifest_is_not_cleaned(tmp_path):
    (tmp_path / "work" / "partitions").mkdir(parents=True)
    (tmp_path / "work" / "partitions" / "mine.bin").write_bytes(b"x")
    result = runner.invoke(app, ["clean", "--out", str(tmp_path)])
    assert result.exit_code == 2 and "no manifest.json" in result.stderr
    assert (tmp_path / "work" / "partitions" / "mine.bin").exists()


def test_clean_removes_only_the_names_the_manifest_records_as_written(tmp_path):
    out = tmp_path / "out"
    api.ingest(_input(tmp_path), out)
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["format"] == "italian-news-pipeline/1" and len(manifest["folder_id"]) == 32
    assert {"documents.csv", "documents.parquet", "work", "manifest.json"} <= set(manifest["written"])
    (out / "claims.csv").write_text("the user's own claims\n", encoding="utf-8")  # our name, not written by us
    (out / "notes.txt").write_text("notes", encoding="utf-8")
    result = runner.invoke(app, ["clean", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["claims.csv", "notes.txt"]


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pipeline", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=300)


def test_clean_during_a_run_is_refused_and_removes_nothing(tmp_path):
    out = tmp_path / "out"
    api.ingest(_input(tmp_path), out)
    before = _snapshot(out)
    with output_lock(out):  # a run of this process holds the folder
        result = _cli("clean", "--out", str(out))
    assert result.returncode == 2
    assert "is in use by another run" in result.stderr and "Traceback" not in result.stderr
    assert result.stderr.count("\n") == 1
    assert {k: v for k, v in _snapshot(out).items() if k != ".pipeline.lock"} == before


def test_a_refused_run_writes_nothing_not_even_the_csv_style(tmp_path, seed_out):
    out = tmp_path / "out"
    shutil.copytree(seed_out, out)
    before = _snapshot(out)
    with output_lock(out):
        result = _cli("report", "--out", str(out), "--csv-dialect", "excel")
    assert result.returncode == 2 and "is in use by another run" in result.stderr
    assert _snapshot(out) == before  # the running run's CSV style and CSVs untouched


def test_a_manifest_of_the_wrong_shape_is_reported_and_rebuilt(tmp_path):
    out = tmp_path / "out"
    api.ingest(_input(tmp_path), out)
    manifest = json.loads((out / "manifest.json").read_text())
    manifest.update(stages=[1, 2], csv="excel", written={"a": 1}, status=7)
    (out / "manifest.json").write_text(json.dumps(manifest))
    messages: list[str] = []
    result = api.ingest(_input(tmp_path), out, echo=messages.append)
    assert result.details["accepted"] == 1
    assert any("had malformed entries (csv, stages, status, written)" in m for m in messages), messages
    rebuilt = json.loads((out / "manifest.json").read_text())
    assert rebuilt["folder_id"] == manifest["folder_id"] and isinstance(rebuilt["stages"], dict)
    # a manifest damaged beyond reading is still ours (the marker's copy in work/) and rebuilt
    (out / "manifest.json").write_text("[1, 2")
    assert ownership(out) == "ours"
    api.ingest(_input(tmp_path), out, echo=messages.append)
    assert json.loads((out / "manifest.json").read_text())["folder_id"] == manifest["folder_id"]
    assert any("manifest.json was damaged" in m for m in messages)


def test_predictions_and_bench_written_into_an_output_folder_are_cleaned_with_it(tmp_path):
    from pipeline.storage.manifest import record_if_ours

    out = tmp_path / "out"
    api.ingest(_input(tmp_path), out)
    (out / "ner_predictions.tsv").write_text("Roma\tB-LOC\n", encoding="utf-8")
    record_if_ours(out / "ner_predictions.tsv")  # what `evaluate ner --predictions` does after writing
    (out / "bench").mkdir()
    record_if_ours(out / "bench")
    record_if_ours(tmp_path / "elsewhere.tsv")  # not in an output folder: nothing recorded anywhere
    assert runner.invoke(app, ["clean", "--out", str(out)]).exit_code == 0
    assert list(out.iterdir()) == []
