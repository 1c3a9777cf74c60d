import json

import pandas as pd
import pytest

from pipeline.stages.ingest import InputNotFound, run_ingest
from pipeline.storage.tables import open_texts, read_table

TEXT = "Il sindaco di Torino ha inaugurato la nuova biblioteca."


def _documents(out):
    return read_table(out, "documents").set_index("doc_id")


def test_text_files_walked_recursively_in_sorted_order(tmp_path):
    (tmp_path / "in" / "b").mkdir(parents=True)
    (tmp_path / "in" / "z.txt").write_text(TEXT, encoding="utf-8")
    other = TEXT.replace("Torino", "Milano")
    (tmp_path / "in" / "b" / "a.md").write_text("\ufeff" + other, encoding="utf-8")  # BOM is fine
    result = run_ingest(tmp_path / "in", tmp_path / "out")
    docs = read_table(tmp_path / "out", "documents")
    assert docs["doc_id"].tolist() == ["b/a", "z"]
    assert docs["status"].tolist() == ["ok", "ok"]
    assert docs["n_chars"].tolist() == [len(other), len(TEXT)]
    assert result.accepted == 2 and result.rejected == []
    texts = open_texts(tmp_path / "out").read().to_pandas()
    assert texts["text"].tolist() == [other, TEXT]


def test_each_rejection_reason_is_reported_and_the_rest_processed(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "01_binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10")
    (src / "02_empty.txt").write_text("  \n", encoding="utf-8")
    (src / "03_feed.jsonl").write_text(
        json.dumps({"id": "n1", "text": TEXT, "title": "Biblioteca", "url": "http://x.it/1"}) + "\n"
        + "{not json\n"
        + json.dumps({"id": "n1", "text": "Un altro testo."}) + "\n"
        + json.dumps({"text": "Senza id."}) + "\n", encoding="utf-8")
    (src / "04_table.csv").write_text("id,text,date\nc1,Primo articolo.,2025-03-01\nc2,,\n", encoding="utf-8")
    (src / "05_notes.pdf").write_bytes(b"%PDF")
    (src / "06_bad.csv").write_text("titolo,corpo\nx,y\n", encoding="utf-8")
    result = run_ingest(src, tmp_path / "out")
    docs = read_table(tmp_path / "out", "documents")
    errors = dict(zip(docs["doc_id"], docs["error"].fillna("")))
    assert errors == {
        "01_binary": "binary or undecodable content: not valid UTF-8 (byte 0x89 at offset 0) "
                     "and no other text encoding fits",
        "02_empty": "empty text",
        "n1": "",
        "03_feed.jsonl:line 2": "line 2: malformed JSON (Expecting property name enclosed in double quotes: "
                                "line 1 column 2 (char 1))",
        "03_feed.jsonl:line 3": "line 3: duplicate id 'n1' (first in 03_feed.jsonl)",
        "03_feed.jsonl:line 4": "line 4: missing 'id'",
        "c1": "",
        "04_table.csv:line 3": "line 3: empty text (id 'c2')",
        "05_notes": "unsupported file type '.pdf'",
        "06_bad.csv": "missing column(s): id, text",
    }
    ok = docs[docs["status"] == "ok"]
    assert ok["doc_id"].tolist() == ["n1", "c1"]
    assert ok["title"].tolist()[0] == "Biblioteca"
    assert str(ok["date"].tolist()[1]) == "2025-03-01" and pd.isna(ok["date_text"].tolist()[1])
    assert result.accepted == 2 and len(result.rejected) == 8 == len(docs) - 2


def test_parquet_input(tmp_path):
    pd.DataFrame({"id": ["p1", "p2"], "text": [TEXT, None]}).to_parquet(tmp_path / "feed.parquet")
    run_ingest(tmp_path / "feed.parquet", tmp_path / "out")
    docs = read_table(tmp_path / "out", "documents")
    assert docs["status"].tolist() == ["ok", "rejected"]
    assert docs["error"].tolist()[1] == "row 2: missing or non-text 'text'"
    assert docs["doc_id"].tolist() == ["p1", "feed.parquet:row 2"]


def test_missing_input_path(tmp_path):
    with pytest.raises(InputNotFound, match="input path not found"):
        run_ingest(tmp_path / "nope", tmp_path / "out")


def test_pipeline_ingest_stays_the_api_function_after_the_stage_ran(tmp_path):
    # The readers' package must not be named `pipeline.ingest`: importing it
    # would replace the API function on the package.
    import pipeline
    import pipeline.api

    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    run_ingest(tmp_path / "a.txt", tmp_path / "out")
    assert pipeline.ingest is pipeline.api.ingest
