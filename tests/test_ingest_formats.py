"""Issue 15 part 2 and issue 14 part 4: news pages, other encodings, column
mapping, exit statuses and dates."""
import datetime as dt
import json

import pandas as pd
import pytest
from typer.testing import CliRunner

import pipeline.api as api
from pipeline.cli.commands import app
from pipeline.inputs.dates import parse_date
from pipeline.stages.ingest import DocumentsRejected, NoDocumentsAccepted, run_ingest
from pipeline.storage.tables import open_texts, read_csv_table, read_table

runner = CliRunner()
TEXT = "Il sindaco di Cantù ha inaugurato la nuova biblioteca della città: è aperta anche il lunedì."

PAGE = """<!DOCTYPE html><html lang="it"><head><meta charset="utf-8">
<title>Torino, nuova biblioteca | La Gazzetta</title>
<link rel="canonical" href="https://www.esempio.it/cronaca/biblioteca-torino">
<meta property="article:published_time" content="2025-04-26T10:30:00+02:00">
<meta property="og:title" content="Torino, inaugurata la nuova biblioteca"></head>
<body><nav><a href="/">Home</a> | <a href="/cronaca">Cronaca</a> | <a href="/sport">Sport</a></nav>
<article><h1>Torino, inaugurata la nuova biblioteca</h1>
<p>Il sindaco di Torino ha inaugurato sabato la nuova biblioteca civica nel quartiere di San Salvario.</p>
<p>Secondo l'assessore alla cultura, la struttura ospiterà circa 40.000 volumi e sarà aperta sette giorni su sette.</p>
</article><footer>© 2025 La Gazzetta - P.IVA 0123456789 - Tutti i diritti riservati</footer></body></html>"""
PAGE_TEXT = ("Torino, inaugurata la nuova biblioteca\n"
             "Il sindaco di Torino ha inaugurato sabato la nuova biblioteca civica nel quartiere di San Salvario.\n"
             "Secondo l'assessore alla cultura, la struttura ospiterà circa 40.000 volumi e sarà aperta "
             "sette giorni su sette.")


def _texts(out):
    return dict(open_texts(out).read().to_pandas()[["doc_id", "text"]].values.tolist())


def test_news_page_gives_main_text_title_date_and_canonical_url(tmp_path):
    (tmp_path / "pagina.html").write_text(PAGE, encoding="utf-8")
    run_ingest(tmp_path / "pagina.html", tmp_path / "out")
    doc = read_table(tmp_path / "out", "documents").iloc[0]
    assert (doc["doc_id"], doc["status"], doc["encoding"]) == ("pagina", "ok", "utf-8")
    assert doc["title"] == "Torino, inaugurata la nuova biblioteca"
    assert doc["url"] == "https://www.esempio.it/cronaca/biblioteca-torino"
    assert doc["date"] == dt.date(2025, 4, 26) and pd.isna(doc["date_text"])
    text = _texts(tmp_path / "out")["pagina"]
    assert text == PAGE_TEXT  # no menu, no footer: offsets refer to this text
    assert doc["n_chars"] == len(PAGE_TEXT)


def test_html_page_date_is_never_guessed_from_a_year_in_the_page(tmp_path):
    undated = PAGE.replace('<meta property="article:published_time" content="2025-04-26T10:30:00+02:00">', "")
    (tmp_path / "pagina.html").write_text(undated, encoding="utf-8")
    run_ingest(tmp_path / "pagina.html", tmp_path / "out")
    doc = read_table(tmp_path / "out", "documents").iloc[0]
    assert doc["status"] == "ok" and pd.isna(doc["date"]) and pd.isna(doc["date_text"])  # not 2025-01-01 from "© 2025"


def test_html_page_without_article_text_is_rejected(tmp_path):
    (tmp_path / "vuota.htm").write_text("<html><head><title>Vuota</title></head><body></body></html>",
                                        encoding="utf-8")
    with pytest.raises(NoDocumentsAccepted):
        api.ingest(tmp_path / "vuota.htm", tmp_path / "out")
    assert read_table(tmp_path / "out", "documents")["error"].tolist() == ["no article text found in the HTML page"]


@pytest.mark.parametrize("name, raw, encoding", [
    ("latin1.txt", TEXT.encode("latin-1"), "cp1252"),
    ("cp1252.txt", ("«È così», ha detto l’assessore. " + TEXT).encode("cp1252"), "cp1252"),
    ("utf16.txt", TEXT.encode("utf-16"), "utf-16"),  # with its byte-order mark
    ("utf8bom.md", "\ufeff".encode("utf-8") + TEXT.encode("utf-8"), "utf-8"),
])
def test_text_in_other_encodings_is_decoded_and_the_encoding_recorded(tmp_path, name, raw, encoding):
    (tmp_path / name).write_bytes(raw)
    run_ingest(tmp_path / name, tmp_path / "out")
    doc = read_table(tmp_path / "out", "documents").iloc[0]
    assert (doc["status"], doc["encoding"]) == ("ok", encoding)
    expected = TEXT if "cp1252" not in name else "«È così», ha detto l’assessore. " + TEXT
    assert _texts(tmp_path / "out")[doc["doc_id"]] == expected


def test_latin1_csv_export_is_decoded_whole(tmp_path):
    (tmp_path / "export.csv").write_bytes(f"id,text\ne1,{TEXT}\ne2,Perché sì.\n".encode("latin-1"))
    run_ingest(tmp_path / "export.csv", tmp_path / "out")
    docs = read_table(tmp_path / "out", "documents")
    assert docs[["doc_id", "status", "encoding"]].values.tolist() == [["e1", "ok", "cp1252"], ["e2", "ok", "cp1252"]]
    assert _texts(tmp_path / "out")["e2"] == "Perché sì."


def test_column_mapping_for_csv_jsonl_and_parquet(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.csv").write_text("codice,corpo,titolo,data,link\nc1,Primo articolo.,Titolo uno,26/04/2025,"
                               "http://x.it/1\n", encoding="utf-8")
    (src / "b.jsonl").write_text(json.dumps({"codice": "j1", "corpo": "Secondo articolo.",
                                             "data": "26 aprile 2025"}) + "\n", encoding="utf-8")
    pd.DataFrame({"codice": ["p1"], "corpo": ["Terzo articolo."], "titolo": ["Tre"]}).to_parquet(src / "c.parquet")
    api.ingest(src, tmp_path / "out", id_column="codice", text_column="corpo", title_column="titolo",
               date_column="data", url_column="link")
    docs = read_table(tmp_path / "out", "documents").drop(columns=["encoding_confidence"]).fillna("")
    assert docs[["doc_id", "status", "title", "date", "date_text", "url"]].values.tolist() == [
        ["c1", "ok", "Titolo uno", dt.date(2025, 4, 26), "", "http://x.it/1"],
        ["j1", "ok", "", dt.date(2025, 4, 26), "", ""],
        ["p1", "ok", "Tre", "", "", ""],
    ]


def test_column_mapping_names_the_missing_column(tmp_path):
    (tmp_path / "a.csv").write_text("id,text\nx,Testo.\n", encoding="utf-8")
    result = runner.invoke(app, ["ingest", "-i", str(tmp_path / "a.csv"), "-o", str(tmp_path / "out"),
                                 "--text-column", "corpo"])
    assert result.exit_code == 3
    assert result.stderr.splitlines() == [
        "  rejected a.csv [a.csv]: missing column(s): corpo",
        f"error: no document accepted from {tmp_path / 'a.csv'}: all 1 documents were rejected",
    ]


def test_run_on_empty_input_exits_3_and_is_not_reported_as_a_crash(tmp_path):
    (tmp_path / "vuota").mkdir()
    result = runner.invoke(app, ["run", "-i", str(tmp_path / "vuota"), "-o", str(tmp_path / "out")])
    assert result.exit_code == 3
    assert result.stderr == f"error: no document accepted from {tmp_path / 'vuota'}: the input holds no documents\n"
    assert json.loads((tmp_path / "out" / "manifest.json").read_text())["status"] == "stopped after ingest"


def test_empty_input_exits_3_with_one_line(tmp_path):
    (tmp_path / "vuota").mkdir()
    result = runner.invoke(app, ["ingest", "-i", str(tmp_path / "vuota"), "-o", str(tmp_path / "out")])
    assert result.exit_code == 3
    assert result.stderr == f"error: no document accepted from {tmp_path / 'vuota'}: the input holds no documents\n"
    assert read_table(tmp_path / "out", "documents").empty


def test_fail_on_reject_exits_4_after_writing_documents_and_stops_run(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "buono.txt").write_text(TEXT, encoding="utf-8")
    (src / "vuoto.txt").write_text(" ", encoding="utf-8")
    out = tmp_path / "out"
    plain = runner.invoke(app, ["ingest", "-i", str(src), "-o", str(out)])
    assert plain.exit_code == 0
    result = runner.invoke(app, ["run", "-i", str(src), "-o", str(out), "--fail-on-reject"])
    assert result.exit_code == 4
    assert result.stderr.splitlines()[-1] == (f"error: 1 document(s) rejected (--fail-on-reject); the reasons are "
                                              f"in {out / 'documents.csv'}")
    assert read_table(out, "documents")["status"].tolist() == ["ok", "rejected"]
    assert not (out / "sentences.parquet").exists()  # no later stage ran
    with pytest.raises(DocumentsRejected):
        api.run(src, out, ingest_options={"fail_on_reject": True})


@pytest.mark.parametrize("raw, expected", [
    ("2025-04-26", dt.date(2025, 4, 26)),
    ("2025-04-26T23:30:00Z", dt.date(2025, 4, 26)),
    ("2025-04-26T10:30:00+02:00", dt.date(2025, 4, 26)),
    ("26 aprile 2025", dt.date(2025, 4, 26)),
    ("sabato 26 aprile 2025, ore 10:30", dt.date(2025, 4, 26)),
    ("1° maggio 2024", dt.date(2024, 5, 1)),
    ("26/04/2025", dt.date(2025, 4, 26)),
    ("03/04/2025 10:30", dt.date(2025, 4, 3)),  # day first, as Italians write it
    ("26.04.2025", dt.date(2025, 4, 26)),
    ("ieri", None),  # relative: not a date of the document
    ("aprile 2025", None),  # no day
    ("31/02/2025", None),
    ("domani sera, forse", None),
])
def test_dates_italian_and_iso(raw, expected):
    assert parse_date(raw) == expected


def test_unparseable_dates_are_kept_as_text_and_reported(tmp_path):
    (tmp_path / "f.jsonl").write_text(
        json.dumps({"id": "d1", "text": "Primo.", "date": "26 aprile 2025"}) + "\n"
        + json.dumps({"id": "d2", "text": "Secondo.", "date": "la settimana scorsa"}) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["ingest", "-i", str(tmp_path / "f.jsonl"), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0
    assert "1 date(s) not understood, kept in date_text" in result.stdout
    assert result.stderr == "  warning: date not understood: f.jsonl [d2]: 'la settimana scorsa'\n"
    docs = read_table(tmp_path / "out", "documents")
    assert docs["date"].tolist() == [dt.date(2025, 4, 26), None]
    assert docs["date_text"].fillna("").tolist() == ["", "la settimana scorsa"]
    csv_rows = (tmp_path / "out" / "documents.csv").read_text(encoding="utf-8").splitlines()
    assert [row.split(",")[3:5] for row in csv_rows[1:]] == [["2025-04-26", ""], ["", "la settimana scorsa"]]
    pd.testing.assert_frame_equal(read_csv_table(tmp_path / "out", "documents"), docs)  # the CSV reads back typed


def test_records_with_crlf_line_ends_and_in_utf16_with_bom(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    lines = [json.dumps({"id": "w1", "text": "Perché sì."}, ensure_ascii=False),
             json.dumps({"id": "w2", "text": "Città\r\ndi Cantù."}, ensure_ascii=False)]
    (src / "a.jsonl").write_bytes("\r\n".join(lines).encode("utf-16") + "\r\n".encode("utf-16-le"))
    (src / "b.csv").write_bytes('id,text\r\nw3,"Due\r\nrighe."\r\nw4,Fine.\r\n'.encode("utf-8"))
    run_ingest(src, tmp_path / "out")
    docs = read_table(tmp_path / "out", "documents")
    assert docs[["doc_id", "status", "encoding"]].values.tolist() == [
        ["w1", "ok", "utf-16"], ["w2", "ok", "utf-16"], ["w3", "ok", "utf-8"], ["w4", "ok", "utf-8"]]
    assert _texts(tmp_path / "out") == {"w1": "Perché sì.", "w2": "Città\r\ndi Cantù.", "w3": "Due\r\nrighe.",
                                        "w4": "Fine."}
