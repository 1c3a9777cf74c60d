"""report.html: `template.html` with its script, its style and the data inlined.

The data and the texts are embedded as gzip-compressed JSON in base64 (the page
unpacks them with the browser's DecompressionStream). Base64 has no `<`, so no
document text can close the script element it travels in, and the page builds
every node with textContent: a `<script>` inside an article stays text.
Compression keeps a 10,000-document corpus under 15 MB; gzip with a fixed
mtime keeps the file byte-identical from one run to the next.
"""
from __future__ import annotations

import base64
import gzip
import hashlib
import html
import json
from importlib import resources
from pathlib import Path

ASSETS = ("template.html", "explorer.js", "explorer.css")


def _asset(name: str) -> str:
    return resources.files(__package__).joinpath(name).read_text(encoding="utf-8")


def assets_fingerprint() -> str:
    """Hash of the template files (part of the report stage's stamp)."""
    return hashlib.sha256("\0".join(_asset(n) for n in ASSETS).encode("utf-8")).hexdigest()


def pack(value) -> str:
    """JSON -> gzip -> base64 (deterministic)."""
    raw = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode("utf-8")
    return base64.b64encode(gzip.compress(raw, compresslevel=6, mtime=0)).decode("ascii")


def unpack(blob: str):
    """The inverse of `pack` (tests and the benchmark read the page's data with it)."""
    return json.loads(gzip.decompress(base64.b64decode(blob)).decode("utf-8"))


def render_page(data: dict, texts: list[str], notice: str | None = None) -> str:
    """The page; `notice` (plain text) is shown above everything (an unfinished run)."""
    script, style = _asset("explorer.js"), _asset("explorer.css")
    # our own files: they must not close their elements early
    assert "</script" not in script.lower() and "</style" not in style.lower()
    page = _asset("template.html")
    for marker, value in (("/*STYLE*/", style), ("/*SCRIPT*/", script),
                          ("DATA_BLOB", pack(data)), ("TEXTS_BLOB", pack(texts))):
        assert page.count(marker) == 1, marker
        page = page.replace(marker, value)
    if notice:
        banner = f'<p class="notice" role="alert"><strong>{html.escape(notice)}</strong></p>'
        page = page.replace("<h1>News explorer</h1>", "<h1>News explorer</h1>\n  " + banner, 1)
    return page


def page_blobs(html: str) -> tuple[dict, list[str]]:
    """(data, texts) embedded in a rendered page."""
    def blob(element_id: str) -> str:
        start = html.index(f'id="{element_id}">') + len(f'id="{element_id}">')
        return html[start:html.index("</script>", start)]
    return unpack(blob("data")), unpack(blob("texts"))


def write_page(path: Path, data: dict, texts: list[str], notice: str | None = None) -> None:
    from ..tables import atomic_write_text

    atomic_write_text(path, render_page(data, texts, notice))
