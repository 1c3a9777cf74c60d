"""Issue 24, duplicates: the same text (up to whitespace) in one corpus is processed once."""
from __future__ import annotations

from conftest import BUNDLED
from typer.testing import CliRunner

from pipeline.cli.commands import app
from pipeline.explorer.page import page_blobs
from pipeline.stages.ingest import text_key
from pipeline.storage.tables import read_table

TEXT = "Secondo la BBC, il governo francese ha stanziato 4,6 milioni di euro.\nLo ha detto il ministro."


def test_whitespace_does_not_make_a_text_different():
    assert text_key(TEXT) == text_key("  Secondo la BBC,  il governo francese ha stanziato 4,6 milioni di euro.\r\n\n"
                                      "Lo ha detto\til ministro. ")
    assert text_key(TEXT) != text_key(TEXT.replace("BBC", "Rai"))


def test_a_later_copy_is_a_duplicate_row_left_out_of_counts_and_report(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(TEXT, encoding="utf-8")
    (src / "b.jsonl").write_text('{"id": "b1", "text": "  ' + TEXT.replace("\n", "\\n\\n") + ' "}\n'
                                 '{"id": "b2", "text": "Un altro articolo, diverso."}\n', encoding="utf-8")
    (src / "c.txt").write_text(TEXT.replace(" ", "  "), encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["run", "-i", str(src), "-o", str(out), "--model", BUNDLED])
    assert result.exit_code == 0, result.output
    docs = read_table(out, "documents")
    assert docs[["doc_id", "status", "duplicate_of"]].fillna("").values.tolist() == [
        ["a", "ok", ""], ["b1", "duplicate", "a"], ["b2", "ok", ""], ["c", "duplicate", "a"]]
    assert "ingest: 4 documents: 2 accepted, 0 rejected, 2 duplicate(s) of earlier documents left out" in result.stdout
    assert "duplicate b.jsonl [b1]: same text as a" in result.stderr
    # processed once: sentences and entities of a and b2 only, and the report counts one BBC mention
    assert set(read_table(out, "sentences")["doc_id"]) == {"a", "b2"}
    report = read_table(out, "entity_report").set_index("canonical_name")
    assert report.loc["BBC", "mentions"] == 1
    data, texts = page_blobs((out / "report.html").read_text(encoding="utf-8"))
    assert (data["meta"]["documents"], data["meta"]["rejected"], data["meta"]["duplicates"]) == (2, 0, 2)
    assert data["docs"]["id"] == ["a", "b2"] and len(texts) == 2
