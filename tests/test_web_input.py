"""URLs as input (issue 24): pages, an RSS feed and a sitemap served by a local HTTP server
that the test starts on 127.0.0.1; every connection elsewhere is refused by the test."""
from __future__ import annotations

import datetime as dt
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from typer.testing import CliRunner

import pipeline.api as api
from pipeline.cli.commands import app
from pipeline.inputs.fetch import FetchOptions
from pipeline.storage.tables import read_table

SITE_PAGES = 500
FEED_ITEMS = 100
FAST = FetchOptions(delay=0.0, timeout=10.0)


def _page(path: str, n: int, base: str) -> bytes:
    day = dt.date(2025, 1, 1) + dt.timedelta(days=n % 365)
    return f"""<!DOCTYPE html><html lang="it"><head><meta charset="utf-8">
<title>Notizia {n} | Il Locale</title><meta property="og:title" content="Notizia numero {n}">
<meta property="article:published_time" content="{day.isoformat()}T08:00:00+01:00">
<link rel="canonical" href="{base}{path}"></head>
<body><nav>Home | Cronaca</nav><article><h1>Notizia numero {n}</h1>
<p>Il consiglio comunale ha approvato la delibera {path} con 20 voti favorevoli e 3 contrari.</p>
<p>Secondo il sindaco, i lavori partiranno entro {n % 12 + 1} mesi nel quartiere {n}.</p>
</article><footer>© 2025 Il Locale</footer></body></html>""".encode("utf-8")


def _sitemap(urls: list[str], index: bool = False) -> bytes:
    tag, item = ("sitemapindex", "sitemap") if index else ("urlset", "url")
    body = "".join(f"<{item}><loc>{u}</loc></{item}>" for u in urls)
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<{tag} xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            f"{body}</{tag}>").encode("utf-8")


def _feed(base: str) -> bytes:
    items = "".join(f"<item><title>Breve {n}</title><link>{base}/brevi/{n}.html</link>"
                    f"<pubDate>Mon, 06 Jan 2025 08:00:00 +0100</pubDate></item>" for n in range(FEED_ITEMS))
    return (f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Il Locale</title>'
            f"<link>{base}/</link>{items}</channel></rss>").encode("utf-8")


class Site(BaseHTTPRequestHandler):
    requests: list[tuple[str, str, str]] = []  # (client address, path, user agent)

    def log_message(self, *args):  # quiet
        pass

    def do_GET(self):
        base = f"http://127.0.0.1:{self.server.server_port}"
        Site.requests.append((self.client_address[0], self.path, self.headers.get("User-Agent", "")))
        path = self.path
        if path == "/robots.txt":
            body, kind = b"User-agent: *\nDisallow: /private/\n", "text/plain"
        elif path == "/sitemap.xml":
            body, kind = _sitemap([f"{base}/sitemap-1.xml", f"{base}/sitemap-2.xml"], index=True), "application/xml"
        elif path in ("/sitemap-1.xml", "/sitemap-2.xml"):
            first = 0 if path.endswith("1.xml") else SITE_PAGES // 2
            pages = range(first, first + SITE_PAGES // 2)
            body, kind = _sitemap([f"{base}/articoli/{n}.html" for n in pages]), "application/xml"
        elif path == "/feed.xml":
            body, kind = _feed(base), "application/rss+xml"
        elif path.startswith(("/articoli/", "/brevi/", "/private/")) and path.endswith(".html"):
            n = int(path.rsplit("/", 1)[1].split(".")[0])
            body, kind = _page(path, n, base), "text/html; charset=utf-8"
        elif path == "/documento.pdf":
            body, kind = b"%PDF-1.4 binary", "application/pdf"
        elif path == "/vuota.html":
            body, kind = b"<html><head><title>Vuota</title></head><body></body></html>", "text/html"
        else:
            self.send_error(404, "Not Found")
            return
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module")
def site():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Site)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


@pytest.fixture(autouse=True)
def loopback_only(monkeypatch):
    """No request leaves 127.0.0.1: any other connection fails the test."""
    real = socket.create_connection

    def guarded(address, *args, **kwargs):
        assert address[0] in ("127.0.0.1", "localhost"), f"connection attempted to {address}"
        return real(address, *args, **kwargs)

    monkeypatch.setattr(socket, "create_connection", guarded)
    Site.requests.clear()


def _documents(out):
    return read_table(out, "documents")


def test_a_500_page_site_through_its_sitemap_index(site, tmp_path):
    api.ingest(f"{site}/sitemap.xml", tmp_path / "out", fetch=FAST)
    docs = _documents(tmp_path / "out")
    assert len(docs) == SITE_PAGES and (docs["status"] == "ok").all(), docs[docs["status"] != "ok"].head()
    assert docs["url"].tolist() == [f"{site}/articoli/{n}.html" for n in range(SITE_PAGES)]
    assert docs["doc_id"].tolist() == docs["url"].tolist()
    assert docs["title"].tolist() == [f"Notizia numero {n}" for n in range(SITE_PAGES)]
    assert docs["date"].tolist() == [dt.date(2025, 1, 1) + dt.timedelta(days=n % 365) for n in range(SITE_PAGES)]
    clients = {client for client, _path, _agent in Site.requests}
    agents = {agent for _client, _path, agent in Site.requests}
    assert clients == {"127.0.0.1"}
    assert len(agents) == 1 and agents.pop().startswith("italian-news-pipeline/")
    paths = [path for _client, path, _agent in Site.requests]
    assert paths[0] == "/robots.txt" and paths.count("/robots.txt") == 1  # asked once, first
    assert len(paths) == 1 + 3 + SITE_PAGES  # robots, index and two sitemaps, each page once


def test_a_100_item_feed_through_the_cli(site, tmp_path):
    result = CliRunner().invoke(app, ["ingest", "-i", f"{site}/feed.xml", "-o", str(tmp_path / "out"),
                                      "--fetch-delay", "0"])
    assert result.exit_code == 0, result.output
    docs = _documents(tmp_path / "out")
    assert len(docs) == FEED_ITEMS and (docs["status"] == "ok").all()
    assert docs["url"].tolist() == [f"{site}/brevi/{n}.html" for n in range(FEED_ITEMS)]  # feed order
    assert docs["title"].notna().all() and docs["date"].notna().all()
    assert f"{FEED_ITEMS} accepted, 0 rejected" in result.stdout


def test_every_failure_is_a_rejected_row_and_the_page_limit_holds(site, tmp_path):
    urls = tmp_path / "urls.txt"
    urls.write_text("# da leggere\n"
                    f"{site}/articoli/1.html\n{site}/private/2.html\n{site}/manca.html\n{site}/vuota.html\n"
                    f"http://127.0.0.1:9/chiuso.html\n{site}/documento.pdf\n{site}/feed.xml\n", encoding="utf-8")
    api.ingest(urls, tmp_path / "out", fetch=FetchOptions(delay=0.0, timeout=5.0, max_pages=8),
               fail_on_reject=False)
    docs = _documents(tmp_path / "out").set_index("doc_id")
    assert docs.loc[f"{site}/articoli/1.html", "status"] == "ok"
    why = docs["error"]
    assert why[f"{site}/private/2.html"] == "not fetched: robots.txt disallows it"
    assert why[f"{site}/manca.html"] == "HTTP 404 Not Found"
    assert why[f"{site}/vuota.html"] == "no article text found in the HTML page"
    assert why["http://127.0.0.1:9/chiuso.html"].startswith("cannot fetch")
    assert why[f"{site}/documento.pdf"] == "not a web page (Content-Type: application/pdf)"
    # 6 URLs and the feed used 7 of the 8 fetches: 1 feed item fetched, the other 99 rejected
    items = docs[docs.index.str.contains("/brevi/")]
    assert (items["status"] == "ok").sum() == 1 and len(items) == FEED_ITEMS
    assert set(items.loc[items["status"] == "rejected", "error"]) == {"not fetched: the limit of 8 pages was reached"}
    assert not any(path.startswith("/private/") for _c, path, _a in Site.requests)  # robots.txt obeyed


def test_the_delay_between_requests_to_a_host(site, tmp_path):
    import time

    started = time.monotonic()
    api.ingest(f"{site}/articoli/3.html", tmp_path / "out", fetch=FetchOptions(delay=0.5))
    assert time.monotonic() - started >= 0.5  # robots.txt, then the page half a second later
    assert _documents(tmp_path / "out")["status"].tolist() == ["ok"]
