from conftest import BUNDLED

from pipeline import api
from pipeline.stages.sentences import sentence_rows
from pipeline.storage.tables import read_table

ARTICLE = ("Roma, 3 marzo\n"
           "Il consiglio comunale ha approvato il bilancio. La seduta è durata tre ore.\n\n"
           "  L'opposizione ha votato contro.")


def test_sentence_rows_have_offsets_into_the_text(nlp):
    rows = sentence_rows("d", nlp(ARTICLE))
    assert [r["text"] for r in rows] == [
        "Roma, 3 marzo", "Il consiglio comunale ha approvato il bilancio.",
        "La seduta è durata tre ore.", "L'opposizione ha votato contro."]
    assert [r["sent_id"] for r in rows] == [0, 1, 2, 3]
    assert all(ARTICLE[r["start_char"]:r["end_char"]] == r["text"] for r in rows)


def test_stage_writes_sentences_and_reuses_cached_parses(tmp_path, nlp):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "in" / "b.txt").write_text("Una sola frase.", encoding="utf-8")
    out = tmp_path / "out"
    api.ingest(tmp_path / "in", out)
    first = api.sentences(out, BUNDLED)
    assert (first.details["documents"], first.details["parsed"], first.details["reused"], first.rows) == (2, 2, 0, 5)
    second = api.sentences(out, BUNDLED)
    assert (second.details["parsed"], second.details["reused"]) == (0, 2)
    table = read_table(out, "sentences")
    assert table["doc_id"].tolist() == ["a"] * 4 + ["b"]
