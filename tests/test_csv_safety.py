"""Spreadsheet-safe CSVs (issue 16), the excel dialect and typed reads (issue 15, tables)."""
import csv
import json
import shutil

import pandas as pd
import pytest
from conftest import BUNDLED
from typer.testing import CliRunner

from pipeline.cli.commands import app
from pipeline.storage.tables import (
    FORMULA_STARTS,
    CsvStyle,
    neutralise_formula,
    open_texts,
    read_csv_table,
    read_table,
    record_csv_style,
    restore_formula,
    write_table,
)

runner = CliRunner()


def _doc(doc_id, title=None, url=None, error=None):
    return {"doc_id": doc_id, "source_path": f"{doc_id}.txt", "title": title, "date": None, "url": url,
            "n_chars": 10, "sha256": "0" * 4, "status": "ok", "error": error}


PAYLOADS = ['=HYPERLINK("http://x.example","clic")', "+39 06 1234", "-2 gradi", "@SOMMA(A1)",
            "\tcella", "\rcella", "'=già protetta"]


def test_cells_that_would_start_a_formula_get_an_apostrophe(tmp_path):
    write_table(tmp_path, "documents", [_doc("d1", title=PAYLOADS[0], url=PAYLOADS[1], error=PAYLOADS[2]),
                                        _doc("d2", title=PAYLOADS[3], url=PAYLOADS[4], error=PAYLOADS[6]),
                                        _doc("d3", title="Roma - Milano", url=PAYLOADS[5])])
    with open(tmp_path / "documents.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [[r["title"], r["date"], r["url"], r["error"]] for r in rows] == [
        ["'" + PAYLOADS[0], "", "'+39 06 1234", "'-2 gradi"],
        ["'@SOMMA(A1)", "", "'\tcella", "''=già protetta"],
        ["Roma - Milano", "", "'\rcella", ""],
    ]
    # Parquet keeps the raw text, and reading the CSV back undoes the escape exactly
    raw = read_table(tmp_path, "documents")
    assert raw["title"].tolist() == [PAYLOADS[0], PAYLOADS[3], "Roma - Milano"]
    pd.testing.assert_frame_equal(read_csv_table(tmp_path, "documents"), raw)


@pytest.mark.parametrize("text", PAYLOADS + ["''+x", "'ciao", "ciao", ""])
def test_the_escape_is_reversible_and_leaves_no_formula(text):
    cell = neutralise_formula(text)
    assert restore_formula(cell) == text
    assert not cell.startswith(FORMULA_STARTS)


def test_numbers_are_never_escaped(tmp_path):
    row = {"doc_id": "d", "sent_id": 0, "start_char": 0, "end_char": 8, "text": "-3,5 gradi", "value": -3.5,
           "value_max": None, "approx": None, "unit": "gradi", "unit_lemma": "grado", "kind": "measure"}
    write_table(tmp_path, "quantities", [row])
    assert (tmp_path / "quantities.csv").read_text(encoding="utf-8").splitlines()[1] == \
        'd,0,0,8,"\'-3,5 gradi",-3.5,,,gradi,grado,measure'


def test_csv_raw_writes_the_text_as_it_is(tmp_path):
    write_table(tmp_path, "documents", [_doc("d1", title=PAYLOADS[0])], csv_style=CsvStyle(neutralise_formulas=False))
    assert (tmp_path / "documents.csv").read_text(encoding="utf-8").splitlines()[1] == \
        'd1,d1.txt,"=HYPERLINK(""http://x.example"",""clic"")",,,,,,10,0000,ok,,,'


def _namibia():
    return {"doc_id": "n1", "sent_id": 0, "start_char": 0, "end_char": 7, "text": "Namibia", "label": "LOC",
            "type": "country", "canonical_id": "NA", "canonical_name": "Namibia", "form": "name",
            "method": "gazetteer"}


def test_excel_dialect_bytes(tmp_path):
    row = {"doc_id": "d", "sent_id": 1, "start_char": 4, "end_char": 21, "text": "4,6 milioni; euro",
           "value": 4600000.5, "value_max": None, "approx": None, "unit": "euro", "unit_lemma": "euro",
           "kind": "money"}
    write_table(tmp_path, "quantities", [row], csv_style=CsvStyle(dialect="excel"))
    assert (tmp_path / "quantities.csv").read_bytes() == (
        "\ufeffdoc_id;sent_id;start_char;end_char;text;value;value_max;approx;unit;unit_lemma;kind\r\n"
        'd;1;4;21;"4,6 milioni; euro";4600000,5;;;euro;euro;money\r\n').encode("utf-8")
    frame = read_csv_table(tmp_path, "quantities", CsvStyle(dialect="excel"))
    assert frame["value"].tolist() == [4600000.5] and frame["text"].tolist() == ["4,6 milioni; euro"]


@pytest.mark.parametrize("style", [CsvStyle(), CsvStyle(dialect="excel"), CsvStyle(neutralise_formulas=False)])
def test_namibia_survives_the_round_trip(tmp_path, style):
    write_table(tmp_path, "entities", [_namibia()], csv_style=style)
    parquet = read_table(tmp_path, "entities")
    assert parquet["canonical_id"].tolist() == ["NA"] and parquet["canonical_id"].notna().all()
    from_csv = read_csv_table(tmp_path, "entities", style)
    pd.testing.assert_frame_equal(from_csv, parquet)


def test_the_readme_pandas_recipe_keeps_namibia(tmp_path):
    write_table(tmp_path, "entities", [_namibia()])
    naive = pd.read_csv(tmp_path / "entities.csv")
    assert naive["canonical_id"].isna().all()  # what the recipe is for
    safe = pd.read_csv(tmp_path / "entities.csv", keep_default_na=False, na_values=[""],
                       dtype={"canonical_id": "string"})
    assert safe["canonical_id"].tolist() == ["NA"]


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory):
    """A run on file names, titles, URLs and texts that start with formula characters."""
    base = tmp_path_factory.mktemp("hostile")
    src = base / "in"
    src.mkdir()
    (src / "@evil.txt").write_text("-2 gradi a Milano, ha detto il sindaco.", encoding="utf-8")
    (src / "b.jsonl").write_text(json.dumps({
        "id": "=cmd", "title": '=HYPERLINK("http://x.example","clic")', "url": "+http://x.example",
        "text": "=SOMMA(1;2) è una formula. Secondo la BBC, Roma ha deciso."}) + "\n", encoding="utf-8")
    out = base / "out"
    result = runner.invoke(app, ["run", "-q", "-i", str(src), "-o", str(out), "-m", BUNDLED])
    assert result.exit_code == 0, result.output
    return out


def test_no_csv_cell_of_a_hostile_run_starts_a_formula(hostile_run):
    cells = [c for path in sorted(hostile_run.glob("*.csv"))
             for row in csv.reader(open(path, encoding="utf-8", newline="")) for c in row]
    assert "'=cmd" in cells and "'@evil" in cells
    assert [c for c in cells if c.startswith(FORMULA_STARTS)] == []


def test_parquet_and_offsets_keep_the_raw_text(hostile_run):
    texts = dict(zip(*open_texts(hostile_run).read().to_pandas()[["doc_id", "text"]].T.values))
    for frame in (read_table(hostile_run, "sentences"), read_csv_table(hostile_run, "sentences")):
        assert frame["text"].tolist()[:2] == ["-2 gradi a Milano, ha detto il sindaco.", "=SOMMA(1;2) è una formula."]
        for row in frame.itertuples():
            assert texts[row.doc_id][row.start_char:row.end_char] == row.text


def test_the_style_is_remembered_and_a_change_rewrites_every_csv(hostile_run, tmp_path):
    out = shutil.copytree(hostile_run, tmp_path / "out")
    result = runner.invoke(app, ["report", "-q", "-o", str(out), "--csv-dialect", "excel"])
    assert result.exit_code == 0, result.output
    for path in out.glob("*.csv"):
        assert path.read_bytes().startswith("\ufeff".encode()), path.name
    # a later single-stage rerun without options keeps the folder's style
    assert runner.invoke(app, ["entities", "-q", "-o", str(out)]).exit_code == 0
    assert (out / "entities.csv").read_text(encoding="utf-8").startswith("\ufeffdoc_id;sent_id;")
    assert json.loads((out / "manifest.json").read_text())["csv"] == \
        {"dialect": "excel", "neutralise_formulas": True}
    assert read_csv_table(out, "entities").equals(read_table(out, "entities"))


def test_a_style_change_skips_a_damaged_table(tmp_path):
    write_table(tmp_path, "entities", [_namibia()])
    write_table(tmp_path, "sentences", [{"doc_id": "n1", "sent_id": 0, "start_char": 0, "end_char": 7,
                                         "text": "Namibia"}])
    (tmp_path / "sentences.parquet").write_bytes(b"not parquet")
    before = (tmp_path / "sentences.csv").read_bytes()
    assert record_csv_style(tmp_path, CsvStyle(dialect="excel"))
    assert (tmp_path / "sentences.csv").read_bytes() == before
    assert (tmp_path / "entities.csv").read_text(encoding="utf-8").startswith("\ufeffdoc_id;")
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "entities.csv", "entities.parquet", "manifest.json", "sentences.csv", "sentences.parquet"]
