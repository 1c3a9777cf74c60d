"""Explorer v2 (issue 25) in headless Chromium at 400 px and 1280 px: a permalink of every kind,
charts, the network, repeated statements, conflicting figures, CSV export, the printable sheet,
a mention opening its sentence, and a long document shown in pages."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

GROUP = "sg-9a5006ecb8"
GIORGETTI = "person:giancarlo-giorgetti"


@pytest.fixture(scope="module", params=[400, 1280], ids=["400px", "1280px"])
def page_at(request):
    from pipeline.explorer.browser import chromium_missing, chromium_page

    why = chromium_missing()
    if why:
        if os.environ.get("CI") == "true":
            pytest.fail(f"the browser test must run in CI: {why}")
        pytest.skip(f"no headless browser here: {why}")
    with chromium_page(width=request.param, height=800) as (page, errors):
        yield page, errors, request.param


def _open(page, report: Path, fragment: str) -> None:
    page.goto("about:blank")
    page.goto(report.resolve().as_uri() + "#" + fragment)
    page.wait_for_function("document.documentElement.dataset.ready")
    page.wait_for_function("!document.querySelector('.loading')")


# fragment -> (selector that must appear, its expected text or None)
PERMALINKS = {
    "overview": ("#tabs a.active", "Panoramica"),
    "entities": ("#entity-count", "11 di 11 entità"),
    f"entity={GIORGETTI}": ("#entity-name", "Giancarlo Giorgetti persona"),
    "who": ("#sources details", None),
    "figures": ("main table tbody tr", None),
    "documents": ("main table tbody tr", None),
    "doc=manovra-1": ("#doctext", "Il ministro Giancarlo Giorgettipersona ha detto che la manovra per l'Italiapaese vale 30 miliardi di euro."),
    "doc=consiglio&s=700": (".s.target", "Il consiglio comunale di Romaorganizzazione si è riunito per la seduta numero 701."),
    "time": ("svg.chart", None),
    "time=sources": ("h2", "Dichiarazioni nel tempo per fonte"),
    "charts": ("svg.bars", None),
    "charts=all&unit=euro": ("#unit-summary", "3 cifre di euro, da 25.000.000.000 a 32.000.000.000"),
    "network": ("#network-count", "11 entità, 8 legami"),
    "network=speaks": ("#network-count", "8 entità, 6 legami"),
    "groups": ("#group-count", "1 dichiarazioni ripetute in più documenti"),
    f"group={GROUP}": ("#group-title", "Dichiarazione ripetuta in 2 documenti"),
    "conflicts": ("#conflict-count", "5 coppie di cifre in disaccordo"),
    f"sheet={GIORGETTI}": ("#sheet-title", "Dichiarazioni di Giancarlo Giorgetti"),
}


def test_every_kind_of_permalink_opens_its_view_without_sideways_scrolling(cross_out, page_at):
    page, errors, width = page_at
    report = cross_out / "report.html"
    for fragment, (selector, text) in PERMALINKS.items():
        _open(page, report, fragment)
        page.wait_for_selector(selector)
        if text is not None:
            without_labels = "e => { const c = e.cloneNode(true); return c.textContent.trim(); }"
            assert page.eval_on_selector(selector, without_labels) == text, fragment
        assert page.evaluate("document.documentElement.scrollWidth") <= width, fragment
    assert errors == []


def test_long_document_in_pages_and_a_sentence_scrolled_to(cross_out, page_at):
    page, errors, _ = page_at
    _open(page, cross_out / "report.html", "doc=consiglio&s=700")
    assert page.locator(".pager").first.inner_text() == "← precedente pagina 3 di 5 successiva →"
    assert page.locator("#doctext .s").count() == 290  # one page (sentences 582 to 871) of the 1,200
    assert page.locator(".s.target").get_attribute("id") == "s-700"
    page.wait_for_function("(() => { const r = document.querySelector('.s.target').getBoundingClientRect();"
                           " return r.top >= 0 && r.bottom <= innerHeight; })()", timeout=5000)
    page.click(".pager >> nth=0 >> text=successiva →")
    page.wait_for_function("location.hash === '#doc=consiglio&p=3'")
    assert page.locator("#doctext .s").first.get_attribute("id") == "s-872"
    assert errors == []


def test_a_mention_opens_its_sentence_highlighted(cross_out, page_at):
    page, errors, _ = page_at
    _open(page, cross_out / "report.html", f"entity={GIORGETTI}")
    refs = page.locator("#mentions li .ref a:first-child")
    assert [refs.nth(i).get_attribute("href") for i in range(refs.count())] == ["#doc=manovra-1&s=0", "#doc=manovra-3&s=0"]
    refs.nth(1).click()
    page.wait_for_selector(".s.target")
    assert page.inner_text(".s.target").startswith("GiorgettiPERSONA ha detto")
    assert errors == []


def test_charts_network_and_the_new_views_show_the_rows(cross_out, page_at):
    page, errors, _ = page_at
    report = cross_out / "report.html"
    _open(page, report, "charts=all&type=outlet")
    bars = [page.locator(f"svg.bars >> nth={k}").locator("g.bar a text").evaluate_all("ts => ts.map(t => t.textContent)")
            for k in (0, 1)]
    assert bars == [["Agence France-Presse", "AGI", "ANSA", "Reuters"],  # outlets by mentions (one each), then name
                    ["Giancarlo Giorgetti", "Adolfo Urso", "Agence France-Presse", "AGI", "ANSA", "Reuters"]]  # sources by statements
    assert page.locator("svg.histogram rect").count() == 12
    _open(page, report, "network=speaks")
    # an arrow from each source to the entity its statement names
    assert sorted(page.locator("#network-graph a.node").evaluate_all("ns => ns.map(n => n.dataset.id)")) == [
        "IT", "TR", "outlet:afp", "outlet:agi", "outlet:ansa", "outlet:reuters", "person:adolfo-urso", GIORGETTI]
    assert page.locator("#network-graph polygon.arrow").count() == 6
    page.locator("#network-graph a.node[data-id='TR'] circle").click()
    page.wait_for_selector("#entity-name")
    assert page.inner_text("#entity-name") == "Turchia paese"
    _open(page, report, f"group={GROUP}")
    assert page.locator("#members .content").all_inner_texts() == [
        "la manovra per l'Italia vale 30 miliardi di euro", "la manovra per l'Italia vale 32 miliardi di euro"]
    _open(page, report, "conflicts")
    rows = page.locator("#conflict-table tbody tr")
    assert rows.count() == 5
    assert rows.first.locator(".qty").all_inner_texts()[:2] == ["1.200 morti", "1.200 morti"]
    assert errors == []


def test_export_gives_the_rows_a_view_shows(cross_out, page_at, tmp_path):
    page, errors, _ = page_at
    _open(page, cross_out / "report.html", "conflicts")
    page.fill("main input[type=search]", "euro")
    page.wait_for_function("document.querySelector('#conflict-count').textContent.startsWith('3 ')")
    with page.expect_download() as download:
        page.click("button.export")
    path = tmp_path / "conflicts.csv"
    download.value.save_as(path)
    assert download.value.suggested_filename == "cifre-in-conflitto.csv"
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0] == "unit,shared,doc_id_a,date_a,source_a,figure_a,value_a,sentence_a,doc_id_b,date_b,source_b,figure_b,value_b,sentence_b"
    assert len(lines) == 4
    assert lines[1].startswith("euro,sg-9a5006ecb8,manovra-1,2025-10-01,Giancarlo Giorgetti,30 miliardi di euro,30000000000,")
    _open(page, cross_out / "report.html", f"sheet={GIORGETTI}")
    assert page.locator("main table tbody tr").count() == 4  # two statements, two figures
    with page.expect_download() as download:
        page.click("button.export")
    download.value.save_as(path)
    assert [line.split(",")[:5] for line in path.read_text(encoding="utf-8-sig").splitlines()[1:]] == [
        ["manovra-1", "La manovra", "2025-10-01", "0", "Giancarlo Giorgetti"],
        ["manovra-3", "Giorgetti: la manovra", "2025-10-02", "0", "Giancarlo Giorgetti"]]
    assert errors == []
