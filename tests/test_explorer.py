"""The explorer (issue 14): report.html's embedded data, news.sqlite's schema, and
`browse` (Datasette) on three short Italian articles run through the whole pipeline."""
from __future__ import annotations

import json
import os
import re
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request

import pytest
from conftest import ROOT, run_on_articles
from typer.testing import CliRunner

from pipeline.cli.commands import app
from pipeline.explorer.data import iso_date, utf16_map
from pipeline.explorer.page import page_blobs

ARTICLES = [
    {"id": "roma", "title": "Vertice a Roma", "date": "2025-04-26", "url": "https://example.org/roma",
     "text": "Il presidente Sergio Mattarella ha incontrato a Roma il cancelliere tedesco.\n\n"
             "Mattarella ha detto che circa 300 aziende italiane lavorano in Germania."},
    # hostile: markup in the title and text, a javascript: URL, an emoji before the entities
    {"id": "sanzioni", "title": "<script>alert(1)</script> Sanzioni", "date": "2025-05-02T10:00:00",
     "url": "javascript:alert(1)",
     "text": "🙂 Gli Stati Uniti hanno annunciato nuove sanzioni contro la Russia. Lo riporta Reuters. "
             "<script>alert('x')</script> Secondo Mattarella, le sanzioni colpiranno 40 banche."},
    {"id": "borsa", "title": "Borsa", "date": "ieri", "text": "A Milano la Borsa ha chiuso in rialzo del 2 per cento."},
]


@pytest.fixture(scope="module")
def mini_out(tmp_path_factory):
    return run_on_articles(tmp_path_factory.mktemp("explorer"), "articles.jsonl", ARTICLES)


# --- the page's data -----------------------------------------------------------------------

def test_dates_and_utf16_offsets():
    assert [iso_date(v) for v in ("2025-04-26", "2025-05-02T10:00:00", "26 aprile 2025", "2025-13-40", None, "")] == [
        "2025-04-26", "2025-05-02", "", "", "", ""]
    import datetime as dt
    assert iso_date(dt.date(2025, 4, 26)) == iso_date(dt.datetime(2025, 4, 26, 8)) == "2025-04-26"
    assert utf16_map("città") is None
    assert utf16_map("🙂 a") == [0, 2, 3, 4]


def test_page_embeds_the_tables_compactly_and_never_markup(mini_out):
    html = (mini_out / "report.html").read_text(encoding="utf-8")
    assert "alert" not in html  # the data travels as base64: no text of a document can become markup
    assert re.search(r"<link|<img|<iframe|\bsrc=|url\(|@import|fetch\(", html) is None  # nothing from the network
    data, texts = page_blobs(html)
    docs = data["docs"]
    assert docs["id"] == ["roma", "sanzioni", "borsa"]
    assert docs["title"][1] == "<script>alert(1)</script> Sanzioni"
    assert (docs["date"], docs["dateText"]) == (["2025-04-26", "2025-05-02", ""], ["", "", "ieri"])
    assert texts == [a["text"] for a in ARTICLES]
    assert data["meta"] == {"documents": 3, "rejected": 0, "duplicates": 0, "dates": ["2025-04-26", "2025-05-02"],
                            "undated": 1}

    ents, ments = data["ents"], data["ments"]
    person = ents["id"].index("person:sergio-mattarella")
    # "Mattarella" of the second article was merged into Sergio Mattarella by the entity report
    assert (ents["name"][person], ents["mentions"][person], ents["documents"][person],
            ents["source"][person], ents["figures"][person]) == ("Sergio Mattarella", 3, 2, 2, 2)

    def mention_texts(entity):
        out = []
        for i, e in enumerate(ments["ent"]):
            if e == entity:
                text = texts[data["sents"]["doc"][ments["sent"][i]]].encode("utf-16-le")
                out.append(text[2 * ments["start"][i]:2 * ments["end"][i]].decode("utf-16-le"))
        return out
    assert mention_texts(person) == ["Sergio Mattarella", "Mattarella", "Mattarella"]
    us = ents["id"].index("US")
    assert mention_texts(us) == ["Stati Uniti"]
    assert ments["start"][ments["ent"].index(us)] == 7  # Python says 6: the emoji is two UTF-16 units
    assert sorted(data["claims"]["label"]) == ["Mattarella", "Sergio Mattarella"]
    assert data["claims"]["src"] == [person, person]


# --- the database ------------------------------------------------------------------------------

def test_database_tables_types_indexes_fts_and_views(mini_out):
    db = sqlite3.connect(mini_out / "news.sqlite")
    tables = {name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sentences_fts%' AND name NOT LIKE 'sqlite_%'")}
    assert tables == {"documents", "texts", "sentences", "entities", "quantities", "attributions", "claims", "entity_report",
                      "statement_groups", "figure_conflicts"}
    types = {(t, c): ty for t in tables for (_, c, ty, *_rest) in db.execute(f"PRAGMA table_info({t})")}
    assert (types["sentences", "sent_id"], types["sentences", "text"], types["quantities", "value"],
            types["attributions", "is_direct_quote"], types["entity_report", "mentions"]) == (
        "INTEGER", "TEXT", "REAL", "INTEGER", "INTEGER")
    indexes = {(t, ",".join(c for (_, _, c) in db.execute(f"PRAGMA index_info({name})"))): unique
               for t in tables for (_, name, unique, *_r) in db.execute(f"PRAGMA index_list({t})")}
    assert {key: indexes.get(key) for key in [
        ("documents", "doc_id"), ("texts", "doc_id"), ("sentences", "doc_id,sent_id"), ("entities", "doc_id,sent_id"),
        ("entities", "canonical_id"), ("attributions", "source_canonical_id"), ("claims", "source_canonical_id"),
        ("entity_report", "canonical_id")]} == {
        ("documents", "doc_id"): 0, ("texts", "doc_id"): 1, ("sentences", "doc_id,sent_id"): 1,
        ("entities", "doc_id,sent_id"): 0, ("entities", "canonical_id"): 0, ("attributions", "source_canonical_id"): 0,
        ("claims", "source_canonical_id"): 0, ("entity_report", "canonical_id"): 1}
    hits = db.execute("SELECT s.doc_id, s.sent_id FROM sentences_fts JOIN sentences s ON s.rowid = sentences_fts.rowid "
                      "WHERE sentences_fts MATCH 'AZIENDE'").fetchall()
    assert hits == [("roma", 1)]
    views = {name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'view'")}
    assert views == {"who_said_what", "entity_mentions", "figures_by_source", "statement_repeats", "conflicting_figures"}
    said = db.execute("SELECT doc_id, title, source, cue, content FROM who_said_what ORDER BY doc_id, cue").fetchall()
    assert said == [
        ("roma", "Vertice a Roma", "Sergio Mattarella", "ha detto", "circa 300 aziende italiane lavorano in Germania"),
        ("sanzioni", "<script>alert(1)</script> Sanzioni", "Mattarella", "Secondo", "le sanzioni colpiranno 40 banche"),
        ("sanzioni", "<script>alert(1)</script> Sanzioni", "Stati Uniti", "hanno annunciato", "nuove sanzioni contro la Russia"),
    ]
    assert db.execute("SELECT mention, sentence FROM entity_mentions WHERE canonical_id = 'location:milano'").fetchall() == [
        ("Milano", "A Milano la Borsa ha chiuso in rialzo del 2 per cento.")]
    assert db.execute("SELECT source, figure, value, unit_lemma, date FROM figures_by_source ORDER BY figure").fetchall() == [
        ("Mattarella", "40 banche", 40.0, "banca", "2025-05-02"),  # ingest types `date` as a day
        ("Sergio Mattarella", "circa 300 aziende", 300.0, "azienda", "2025-04-26")]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_browse_serves_the_views_with_datasette_on_loopback(mini_out):
    port = _free_port()
    server = subprocess.Popen([sys.executable, "-m", "pipeline", "browse", "--out", str(mini_out), "--port", str(port)],
                              cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/news/who_said_what.json?_shape=array&source=Sergio%20Mattarella"
    try:
        deadline, rows = time.monotonic() + 60, None
        while rows is None:
            try:
                with urllib.request.urlopen(url, timeout=5) as response:
                    rows = json.load(response)
            except OSError:
                assert server.poll() is None, server.stdout.read().decode()
                assert time.monotonic() < deadline, "datasette did not start"
                time.sleep(0.3)
        assert [(r["doc_id"], r["cue"], r["source_type"]) for r in rows] == [("roma", "ha detto", "person")]
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/news/sentences.json?_search=banche&_shape=array") as r:
            assert [row["doc_id"] for row in json.load(r)] == ["sanzioni"]
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/-/metadata.json") as r:
            meta = json.load(r)["databases"]["news"]["tables"]
        assert meta["entities"]["facets"] == ["type", "form", "method"]
        assert meta["who_said_what"]["description"].startswith("Attributions with their source")
    finally:
        server.terminate()
        server.wait(timeout=20)


def test_browse_without_a_database_is_one_line(tmp_path, monkeypatch):
    result = CliRunner().invoke(app, ["browse", "--out", str(tmp_path)])
    assert result.exit_code == 2
    assert result.output == f"error: {tmp_path / 'news.sqlite'} does not exist: run `make report` first\n"
    monkeypatch.chdir(tmp_path)  # no Makefile here: the command to run, not a make target
    result = CliRunner().invoke(app, ["browse", "--out", "risultati"])
    assert result.output == "error: risultati/news.sqlite does not exist: run `italian-news report --out risultati` first\n"


def test_browse_on_a_busy_port_is_one_line(mini_out):
    from typer.testing import CliRunner

    from pipeline.cli.commands import app

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        port = busy.getsockname()[1]
        result = CliRunner().invoke(app, ["browse", "--out", str(mini_out), "--port", str(port)])
    assert result.exit_code == 2
    assert result.output == f"error: port {port} on 127.0.0.1 is in use: pick another with --port\n"


# --- the page in a real browser ----------------------------------------------------------------

@pytest.fixture(scope="module")
def browser():
    from pipeline.explorer.browser import chromium_missing

    why = chromium_missing()
    if why:
        if os.environ.get("CI") == "true":
            pytest.fail(f"the browser test must run in CI: {why}")
        pytest.skip(f"no headless browser here: {why}")
    from pipeline.explorer.browser import chromium_page

    with chromium_page(width=400, height=800) as (page, errors):  # a phone's width
        yield page, errors


def test_report_in_chromium_search_open_an_entity_no_console_errors(mini_out, browser):
    from pipeline.explorer.browser import open_report

    page, errors = browser
    page.on("dialog", lambda dialog: errors.append(f"dialog: {dialog.message}"))
    open_report(page, mini_out / "report.html")
    page.click("#tabs a[href='#entities']")
    page.fill("#entity-search", "matta")
    page.wait_for_function("document.querySelectorAll('#entity-table tbody tr').length === 1")
    assert page.inner_text("#entity-count") == "1 di 8 entità"
    # at 400 px the type column gives way to a coloured edge on the name
    assert page.inner_text("#entity-table tbody tr").split("\t") == ["Sergio Mattarella", "3", "2", "2", "2"]
    assert page.get_attribute("#entity-table tbody td.name", "class") == "name t-person"
    page.click("#entity-table tbody a")
    page.wait_for_selector("#mentions li")
    assert page.inner_text("#entity-name") == "Sergio Mattarella persona"  # the type chip in Italian
    assert page.locator("#mentions .hit").all_inner_texts() == ["Sergio Mattarella", "Mattarella", "Mattarella"]
    assert page.locator("#mentions li .ref a").first.inner_text() == "Vertice a Roma"
    page.wait_for_selector("#attributions li")
    assert page.locator("#attributions .cue").all_inner_texts() == ["ha detto", "Secondo"]
    assert page.locator("#attributions .content").all_inner_texts() == [
        "circa 300 aziende italiane lavorano in Germania", "le sanzioni colpiranno 40 banche"]
    assert "Germania" in page.locator("#comentions").inner_text()
    # hostile text stays text; a javascript: URL is no link
    page.evaluate("location.hash = 'doc=sanzioni'")
    page.wait_for_selector("#doctext")
    assert page.inner_text("h2") == "<script>alert(1)</script> Sanzioni"
    without_labels = "e => { const c = e.cloneNode(true); c.querySelectorAll('.lab').forEach(l => l.remove()); return c.textContent; }"
    assert page.eval_on_selector("#doctext", without_labels) == ARTICLES[1]["text"]
    assert page.locator("#doctext script, a[href^='javascript']").count() == 0
    assert page.locator("#doctext .e-country").all_inner_texts() == ["Stati Uniti", "Russia"]
    for tab in ("who", "figures", "documents", "time", "overview"):
        page.click(f"#tabs a[href='#{tab}']")
    assert page.evaluate("document.documentElement.scrollWidth") <= 400  # no sideways scrolling at 400 px
    assert errors == []


def test_report_filters_sorts_and_groups_figures_without_sums(mini_out, browser):
    from pipeline.explorer.browser import open_report

    page, errors = browser
    open_report(page, mini_out / "report.html")
    page.evaluate("location.hash = 'entities'")
    page.select_option("main select", "country")
    page.wait_for_function("document.querySelector('#entity-count').textContent === '4 di 8 entità'")
    page.click("th button:text('nome')")
    assert page.locator("#entity-table tbody tr td:nth-child(2)").all_inner_texts() == [
        "Germania", "Italia", "Russia", "Stati Uniti"]
    page.evaluate("location.hash = 'who'")
    page.select_option("main select >> nth=0", "person")
    page.wait_for_function("document.querySelectorAll('#sources details').length === 1")
    assert page.inner_text("#sources summary") == "Sergio Mattarella · person · 2"
    page.evaluate("location.hash = 'figures'")
    rows = [r.split("\t") for r in page.locator("main table tbody tr").all_inner_texts()]
    assert rows == [["azienda", "count", "1", "1", "300", "300", "300"], ["banca", "count", "1", "1", "40", "40", "40"],
                    ["percento", "percent", "1", "1", "2", "2", "2"]]
    page.click("button:text('banca')")
    page.wait_for_selector("#figure-detail li")
    assert page.locator("#figure-detail .qty").all_inner_texts() == ["40 banche"]
    assert errors == []


def test_seed_report_every_view_without_console_errors(seed_out, browser):
    from pipeline.explorer.browser import open_report

    page, errors = browser
    open_report(page, seed_out / "report.html")
    for target in ("entities", "entity=outlet:the-telegraph", "who", "figures", "documents", "doc=000_2c921019a84581c9",
                   "time", "overview"):
        page.evaluate(f"location.hash = {target!r}")
        page.wait_for_function("!document.querySelector('.loading')")  # texts unpacked and shown
    assert page.locator("#tabs a.active").inner_text() == "Panoramica"
    page.evaluate("location.hash = 'who'")
    assert page.locator("#sources details").count() == 7  # 10 attributions from 7 sources
    assert errors == []


def test_benchmark_replicates_a_run_with_new_ids_and_local_entities_renamed(mini_out, tmp_path):
    from pipeline.bench.explorer import replicate
    from pipeline.stages.report import run_report
    from pipeline.storage.tables import read_table

    replicate(mini_out, tmp_path, 7)
    assert list(read_table(tmp_path, "documents")["doc_id"]) == [
        "roma~000", "sanzioni~000", "borsa~000", "roma~001", "sanzioni~001", "borsa~001", "roma~002"]
    run_report(tmp_path)
    report = read_table(tmp_path, "entity_report").set_index("canonical_id")
    places = report[report["type"] == "location"]
    assert sorted(zip(places.index, places["canonical_name"])) == [
        ("location:milano", "Milano"), ("location:milano~1", "Milano 1.0"),
        ("location:roma", "Roma"), ("location:roma~1", "Roma 1.1"), ("location:roma~2", "Roma 2.1")]
    assert (report.loc["US", "mentions"], report.loc["DE", "documents"]) == (2, 3)  # countries stay shared
    data, texts = page_blobs((tmp_path / "report.html").read_text(encoding="utf-8"))
    assert texts == [a["text"] for a in ARTICLES] * 2 + [ARTICLES[0]["text"]]


def test_a_real_date_column_and_date_text_are_read(tmp_path):
    """Ingest may type `date` as a date and keep unparsed dates in `date_text`: both reach the page and the database."""
    import datetime as dt

    import pyarrow as pa
    import pyarrow.parquet as pq

    from pipeline.explorer.data import explorer_payload
    from pipeline.explorer.database import write_database

    rows = [{"doc_id": "a", "source_path": "a.txt", "title": "A", "date": dt.date(2025, 4, 26), "date_text": None,
             "url": None, "n_chars": 3, "sha256": "x", "status": "ok", "error": None},
            {"doc_id": "b", "source_path": "b.txt", "title": "B", "date": None, "date_text": "domenica scorsa",
             "url": None, "n_chars": 3, "sha256": "y", "status": "ok", "error": None}]
    pq.write_table(pa.Table.from_pylist(rows), tmp_path / "documents.parquet")
    with explorer_payload(tmp_path, [], {}) as payload:
        data, texts = payload.values()
    assert (data["docs"]["date"], data["docs"]["dateText"], texts) == (["2025-04-26", ""], ["", "domenica scorsa"], ["", ""])
    write_database(tmp_path, tmp_path / "news.sqlite")
    db = sqlite3.connect(tmp_path / "news.sqlite")
    assert db.execute("SELECT doc_id, date, date_text, typeof(date) FROM documents").fetchall() == [
        ("a", "2025-04-26", None, "text"), ("b", None, "domenica scorsa", "null")]
    assert db.execute("SELECT count(*) FROM who_said_what").fetchone() == (0,)  # stages not run: empty tables


# --- the interface's language and title (issue 24) ----------------------------------------------

def test_the_page_is_in_italian_by_default_titled_after_the_input(mini_out):
    page = (mini_out / "report.html").read_text(encoding="utf-8")
    assert '<html lang="it">' in page
    assert "<title>articles.jsonl · Esplora le notizie</title>" in page and "<h1>articles.jsonl</h1>" in page
    assert '<a href="#overview">Panoramica</a>' in page and '<a href="#who">Chi ha detto cosa</a>' in page
    ui = json.loads(page.split('<script type="application/json" id="ui">', 1)[1].split("</script>", 1)[0])
    assert ui["lang"] == "it" and ui["strings"]["{0} of {1} entities"] == "{0} di {1} entità"


def test_every_interface_string_has_a_translation():
    import re

    from pipeline.explorer.page import _asset, ui_strings

    used = set(re.findall(r'tr\("((?:[^"\\]|\\.)*)"', _asset("explorer.js") + _asset("views.js")))
    used |= set(re.findall(r"\{\{([^}]+)\}\}", _asset("template.html")))
    used |= set(json.loads(re.search(r"const TYPES = (\[.*?\]);", _asset("explorer.js"))[1]))  # chips, labels
    italian = ui_strings("it")
    same = {"Per", "attrib.", "min", "max"}  # the same word in Italian
    assert not {s for s in used if s not in italian and s not in same}, "add them to explorer/ui.tsv"
    assert ui_strings("en") == {}


def test_english_and_a_title_on_request_kept_for_reruns(mini_out, tmp_path):
    import shutil

    import pipeline

    out = tmp_path / "out"
    shutil.copytree(mini_out, out)
    pipeline.report(out, lang="en", title="Rassegna <stampa>")
    page = (out / "report.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in page and '<a href="#overview">Overview</a>' in page
    assert "<title>Rassegna &lt;stampa&gt; · News explorer</title>" in page
    (out / "report.html").unlink()  # a rerun without the options keeps them
    pipeline.report(out)
    again = (out / "report.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in again and "<h1>Rassegna &lt;stampa&gt;</h1>" in again
    result = CliRunner().invoke(app, ["report", "-o", str(out), "--lang", "it"])
    assert result.exit_code == 0, result.output
    assert '<html lang="it">' in (out / "report.html").read_text(encoding="utf-8")


def test_the_english_interface_in_chromium(mini_out, browser, tmp_path):
    import shutil

    import pipeline
    from pipeline.explorer.browser import open_report

    out = tmp_path / "out"
    shutil.copytree(mini_out, out)
    pipeline.report(out, lang="en")
    page, errors = browser
    open_report(page, out / "report.html")
    page.click("#tabs a[href='#entities']")
    page.wait_for_function("document.querySelector('#entity-count')?.textContent === '8 of 8 entities'")
    assert page.locator("#tabs a.active").inner_text() == "Entities"
    assert errors == []
