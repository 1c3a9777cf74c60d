"""Issue 24, input: Italian Excel CSVs, --csv-delimiter, standard input, .txt titles,
front matter and sidecars, and no `seeds` default outside a checkout."""
from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import time

import pytest
from conftest import ROOT
from typer.testing import CliRunner

from pipeline.cli.commands import app
from pipeline.inputs.textfile import front_matter, title_line
from pipeline.stages.ingest import ReadOptions, run_ingest
from pipeline.storage.tables import open_texts, read_table

runner = CliRunner()
EXCEL_ROWS = ["id;titolo;data;text",
              "c1;Bilancio;26/04/2025;Il Comune ha approvato il bilancio: più fondi, però meno città servite, 4,5 milioni.",
              'c2;Scuola;27/04/2025;"L\'assessore ha detto: ""riapriremo; entro l\'8 settembre"", e così sarà."']


def _excel_csv(path, rows=EXCEL_ROWS, sep_line=False):
    text = ("sep=;\r\n" if sep_line else "") + "\r\n".join(rows) + "\r\n"
    path.write_bytes(text.encode("cp1252"))
    return path


def _docs(out):
    return read_table(out, "documents")


def _texts(out) -> dict:
    return dict(open_texts(out).read().to_pandas()[["doc_id", "text"]].values.tolist())


@pytest.mark.parametrize("sep_line", [False, True])
def test_a_csv_saved_by_italian_excel_is_read(tmp_path, sep_line):
    """Semicolons, cp1252, CRLF, decimal commas and quotes in the text; Excel's optional `sep=;` line."""
    src = _excel_csv(tmp_path / "export.csv", sep_line=sep_line)
    result = runner.invoke(app, ["ingest", "-i", str(src), "-o", str(tmp_path / "out"), "--date-column", "data",
                                 "--title-column", "titolo"])
    assert result.exit_code == 0, result.output
    docs = _docs(tmp_path / "out")
    assert docs["status"].tolist() == ["ok", "ok"] and docs["encoding"].tolist() == ["cp1252"] * 2
    assert docs["title"].tolist() == ["Bilancio", "Scuola"]
    assert docs["date"].tolist() == [dt.date(2025, 4, 26), dt.date(2025, 4, 27)]
    stored = _texts(tmp_path / "out")
    assert stored["c1"].endswith("più fondi, però meno città servite, 4,5 milioni.")
    assert stored["c2"] == "L'assessore ha detto: \"riapriremo; entro l'8 settembre\", e così sarà."


@pytest.mark.parametrize("delimiter, sep", [(",", ","), ("tab", "\t"), (";", ";")])
def test_the_delimiter_is_sniffed_from_the_header_or_forced(tmp_path, delimiter, sep):
    src = tmp_path / "in.csv"
    src.write_text(f"id{sep}text\na{sep}Uno, due; tre.\n", encoding="utf-8")
    run_ingest(src, tmp_path / "sniffed")
    assert _docs(tmp_path / "sniffed")["status"].tolist() == ["ok"]
    forced = runner.invoke(app, ["ingest", "-i", str(src), "-o", str(tmp_path / "forced"), "--csv-delimiter",
                                 delimiter])
    assert forced.exit_code == 0, forced.output
    wrong = ";" if sep != ";" else ","
    run_ingest(src, tmp_path / "wrong", options=ReadOptions(csv_delimiter=wrong))
    assert _docs(tmp_path / "wrong")["error"].tolist() == ["missing column(s): id, text"]


def test_a_bad_csv_delimiter_is_one_line(tmp_path):
    result = runner.invoke(app, ["ingest", "-i", str(tmp_path), "-o", str(tmp_path / "o"), "--csv-delimiter", "|"])
    assert result.exit_code == 2 and result.stderr == "error: --csv-delimiter '|': expected ',' ';' or tab\n"


def test_standard_input_as_json_lines_and_as_plain_text(tmp_path):
    lines = '{"id": "a", "text": "Primo articolo.", "title": "Uno"}\n{"id": "b", "text": "Secondo."}\nnot json\n'
    result = runner.invoke(app, ["ingest", "-i", "-", "-o", str(tmp_path / "jsonl")], input=lines)
    assert result.exit_code == 0, result.output
    docs = _docs(tmp_path / "jsonl")
    assert docs["doc_id"].tolist() == ["a", "b", "stdin:line 3"]
    assert docs["status"].tolist() == ["ok", "ok", "rejected"] and docs["title"].tolist()[0] == "Uno"
    text = "Roma, la giunta approva il piano\nIl piano prevede 30 nuovi asili.\n"
    result = runner.invoke(app, ["ingest", "-i", "-", "-o", str(tmp_path / "plain")], input=text)
    assert result.exit_code == 0, result.output
    docs = _docs(tmp_path / "plain")
    assert docs[["doc_id", "status", "title"]].values.tolist() == [["stdin", "ok", "Roma, la giunta approva il piano"]]


def test_a_text_title_only_when_the_first_line_looks_like_one(tmp_path):
    assert title_line("Il governo approva la manovra\nIl testo passa ora al Senato.") == \
        "Il governo approva la manovra"
    assert title_line("# Titolo in Markdown\n\nCorpo.") == "Titolo in Markdown"
    assert title_line("Il governo ha approvato la manovra.\nIl testo passa ora al Senato.") is None  # a sentence
    assert title_line("Un articolo di una sola riga") is None  # nothing after it
    assert title_line(" ".join(["parola"] * 40) + "\nCorpo.") is None  # too long for a headline
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text("Il governo approva la manovra\nIl testo passa ora al Senato.", encoding="utf-8")
    run_ingest(src, tmp_path / "on")
    run_ingest(src, tmp_path / "off", options=ReadOptions(text_title=False))
    assert _docs(tmp_path / "on")["title"].tolist() == ["Il governo approva la manovra"]
    assert _docs(tmp_path / "off")["title"].isna().all()
    result = runner.invoke(app, ["ingest", "-i", str(src), "-o", str(tmp_path / "cli"), "--no-text-title"])
    assert result.exit_code == 0 and _docs(tmp_path / "cli")["title"].isna().all()


def test_front_matter_and_sidecar_give_title_date_and_url(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "fm.md").write_text("---\ntitolo: \"Il titolo vero\"\ndata: 26 aprile 2025\nurl: https://example.it/a\n---\n"
                               "Prima riga che sembra un titolo\nCorpo dell'articolo.", encoding="utf-8")
    (src / "sc.txt").write_text("Corpo senza titolo.", encoding="utf-8")
    (src / "sc.json").write_text('{"title": "Dal sidecar", "date": "2025-04-27", "url": "https://example.it/b"}',
                                 encoding="utf-8")
    run_ingest(src, tmp_path / "out")
    docs = _docs(tmp_path / "out").set_index("doc_id")
    assert list(docs.index) == ["fm", "sc"]  # the sidecar is not a document of its own
    assert docs.loc["fm", ["title", "url"]].tolist() == ["Il titolo vero", "https://example.it/a"]
    assert docs.loc["sc", ["title", "url"]].tolist() == ["Dal sidecar", "https://example.it/b"]
    assert docs["date"].tolist() == [dt.date(2025, 4, 26), dt.date(2025, 4, 27)]
    assert _texts(tmp_path / "out")["fm"] == "Prima riga che sembra un titolo\nCorpo dell'articolo."  # front matter left out
    assert front_matter("---\nnot closed\nCorpo.") == ({}, "---\nnot closed\nCorpo.")


def test_no_seeds_default_outside_a_checkout(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["run", "-o", str(tmp_path / "o")])
    assert result.exit_code == 2
    assert result.stderr.startswith("error: no input given: pass --input") and result.stderr.count("\n") == 1
    assert not (tmp_path / "o").exists()


def test_sigint_to_the_command_is_one_line_and_exit_130(tmp_path):
    """A real SIGINT to `python -m pipeline` while it waits on standard input."""
    out = tmp_path / "o"
    process = subprocess.Popen([sys.executable, "-m", "pipeline", "ingest", "-i", "-", "-o", str(out)],
                               cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True, env={k: v for k, v in os.environ.items() if k != "PYTHONPATH"})
    process.stdin.write('{"id": "a", "text": "Primo articolo."}\n')
    process.stdin.flush()
    deadline = time.monotonic() + 60
    while not (out / ".pipeline.lock").exists() and time.monotonic() < deadline:
        time.sleep(0.1)  # the command holds the output folder: it is reading standard input
    process.send_signal(signal.SIGINT)
    _stdout, err = process.communicate(timeout=60)
    assert process.returncode == 130, err
    assert err.startswith("error: interrupted") and err.count("\n") == 1, err
