"""Web input: pages, RSS/Atom feeds and sitemaps named by http(s) URLs, fetched politely.

Politely: every request names the tool in its User-Agent, has a timeout, asks
robots.txt first (per host, cached; its Crawl-delay is kept), waits `delay`
seconds between requests to a host, and no more than `max_pages` URLs (pages,
feeds and sitemaps) are fetched in a run. A feed or a sitemap gives the pages it lists (a sitemap index
its sitemaps, recursively); each page is one document, extracted like a saved
.html file. Every failure (refused by robots.txt, HTTP error, timeout, not a
page, over the limit) is one rejected document named by its URL.
"""
from __future__ import annotations

import http.client
import time
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from collections import deque
from dataclasses import dataclass
from typing import Iterator
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

from ..version import __version__
from .documents import InputDocument

MAX_BYTES = 50 * 1024 * 1024  # a bigger response is not a news page, feed or sitemap
URL_SCHEMES = ("http://", "https://")


def is_url(text: str) -> bool:
    return str(text).lower().startswith(URL_SCHEMES)


@dataclass(frozen=True)
class FetchOptions:
    user_agent: str = ""  # "" : italian-news-pipeline/VERSION
    timeout: float = 20.0  # seconds, per request
    max_pages: int = 1000  # URLs (pages, feeds, sitemaps) fetched in one run
    delay: float = 1.0  # seconds between two requests to the same host (robots.txt may ask more)

    @property
    def agent(self) -> str:
        return self.user_agent or f"italian-news-pipeline/{__version__} (news research; obeys robots.txt)"


class FetchError(Exception):
    pass


@dataclass
class Response:
    url: str  # after redirects
    body: bytes
    content_type: str


class Fetcher:
    """GET with the options' user agent, timeout and per-host delay; robots.txt asked first."""

    def __init__(self, options: FetchOptions):
        self.options = options
        self.robots: dict[str, RobotFileParser | None] = {}
        self.last_request: dict[str, float] = {}

    def _wait(self, host: str) -> None:
        delay = self.options.delay
        rules = self.robots.get(host)
        if rules is not None and rules.crawl_delay(self.options.agent):
            delay = max(delay, float(rules.crawl_delay(self.options.agent)))
        since = time.monotonic() - self.last_request.get(host, float("-inf"))
        if since < delay:
            time.sleep(delay - since)
        self.last_request[host] = time.monotonic()

    def _get(self, url: str) -> Response:
        host = urlsplit(url).netloc
        self._wait(host)
        request = urllib.request.Request(url, headers={"User-Agent": self.options.agent,
                                                       "Accept-Language": "it,en;q=0.5"})
        try:
            with urllib.request.urlopen(request, timeout=self.options.timeout) as response:
                body = response.read(MAX_BYTES + 1)
                if len(body) > MAX_BYTES:
                    raise FetchError(f"response larger than {MAX_BYTES // (1024 * 1024)} MB")
                return Response(response.geturl(), body, response.headers.get("Content-Type", ""))
        except urllib.error.HTTPError as err:
            raise FetchError(f"HTTP {err.code} {err.reason}") from None
        except urllib.error.URLError as err:
            raise FetchError(f"cannot fetch: {err.reason}") from None
        except (OSError, http.client.HTTPException, ValueError) as err:  # timeouts, resets, bad URLs
            raise FetchError(f"cannot fetch: {err or type(err).__name__}") from None

    def _rules(self, url: str) -> RobotFileParser | None:
        """The host's robots.txt (None: there is none, or it cannot be read: everything allowed)."""
        parts = urlsplit(url)
        if parts.netloc not in self.robots:
            rules = RobotFileParser(f"{parts.scheme}://{parts.netloc}/robots.txt")
            try:
                text = self._get(rules.url).body.decode("utf-8", "replace")
                rules.parse(text.splitlines())
            except FetchError as err:
                # robotparser's convention: 401/403 forbid everything, other failures allow it
                rules.disallow_all = str(err).startswith(("HTTP 401", "HTTP 403"))
                rules = rules if rules.disallow_all else None
            self.robots[parts.netloc] = rules
        return self.robots[parts.netloc]

    def get(self, url: str) -> Response:
        rules = self._rules(url)
        if rules is not None and not rules.can_fetch(self.options.agent, url):
            raise FetchError("not fetched: robots.txt disallows it")
        return self._get(url)


# --------------------------------------------------------------------------
# What a response is: a feed, a sitemap or a page
# --------------------------------------------------------------------------

def _xml_root(body: bytes) -> ET.Element | None:
    head = body[:2000].lstrip().lower()
    if not head.startswith(b"<?xml") and not head.startswith((b"<rss", b"<feed", b"<urlset", b"<sitemapindex")):
        return None
    try:
        return ET.fromstring(body)  # expat fetches no external entity and refuses expansion bombs
    except ET.ParseError:
        return None


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1].lower()


def sitemap_links(root: ET.Element) -> list[str]:
    """The URLs a sitemap lists (pages; a sitemap index's are sitemaps), in their order."""
    return [el.text.strip() for el in root.iter() if _local(el.tag) == "loc" and el.text and el.text.strip()]


def feed_links(root: ET.Element, base: str) -> list[str]:
    """The links of an RSS feed's items or an Atom feed's entries, in feed order (not the
    channel's own link to the site)."""
    links = []
    for entry in root.iter():
        if _local(entry.tag) not in ("item", "entry"):
            continue
        for child in entry:
            if _local(child.tag) != "link":
                continue
            href = child.get("href") if child.get("href") is not None else (child.text or "")
            if child.get("rel", "alternate") == "alternate" and href.strip():
                links.append(urljoin(base, href.strip()))
                break
    return list(dict.fromkeys(links))


def _textual(content_type: str) -> bool:
    """HTML, XML or text (or unsaid): what may hold an article."""
    kind = content_type.split(";")[0].strip().lower()
    return not kind or kind.startswith("text/") or kind.endswith(("html", "xml"))


def _kind(response: Response) -> tuple[str, ET.Element | None]:
    root = _xml_root(response.body)
    if root is not None:
        tag = _local(root.tag)
        if tag in ("urlset", "sitemapindex"):
            return "sitemap", root
        if tag in ("rss", "feed", "rdf"):
            return "feed", root
    return "page", None


# --------------------------------------------------------------------------
# URLs to documents
# --------------------------------------------------------------------------

def _page_document(response: Response, url: str) -> InputDocument:
    from .decoding import Undecodable, decode_document
    from .webpage import extract_page

    try:
        decoded = decode_document(response.body)
    except Undecodable as err:
        return InputDocument(url, url, error=str(err))
    doc = extract_page(decoded, url, url)
    if doc.error is None and not doc.meta.get("url"):
        doc.meta["url"] = response.url
    return doc


def url_documents(urls: list[str], options: FetchOptions = FetchOptions()) -> Iterator[InputDocument]:
    """One document per page reached from `urls` (pages, feeds, sitemaps), each page once."""
    fetcher = Fetcher(options)
    queue = deque(dict.fromkeys(urls))
    seen: set[str] = set(queue)
    fetched = 0
    while queue:
        url = queue.popleft()
        if fetched >= options.max_pages:
            yield InputDocument(url, url, error=f"not fetched: the limit of {options.max_pages} pages was reached")
            continue
        fetched += 1
        try:
            response = fetcher.get(url)
        except FetchError as err:
            yield InputDocument(url, url, error=str(err))
            continue
        kind, root = _kind(response)
        if kind == "page" and not _textual(response.content_type):
            yield InputDocument(url, url, error=f"not a web page (Content-Type: {response.content_type})")
            continue
        if kind == "page":
            yield _page_document(response, url)
            continue
        listed = feed_links(root, response.url) if kind == "feed" else sitemap_links(root)
        found = [link for link in listed if is_url(link) and link not in seen]
        if not found:
            yield InputDocument(url, url, error=f"{kind} lists no page")
        seen.update(found)
        queue.extendleft(reversed(found))  # a feed's or sitemap's pages before the next URL given: input order


def read_url_list(text: str) -> list[str] | None:
    """The URLs of a file listing them, one a line (blank lines and # comments skipped); None
    when any other line is there (then it is an article)."""
    lines = [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    if lines and all(is_url(line) and " " not in line for line in lines):
        return lines
    return None
