"""report.html: `template.html` with its script, its style and the data inlined.

The data and the texts are embedded as gzip-compressed JSON in base64 (the page
unpacks them with the browser's DecompressionStream). Base64 has no `<`, so no
document text can close the script element it travels in, and the page builds
every node with textContent: a `<script>` inside an article stays text.
Compression keeps a 10,000-document corpus under 15 MB; gzip with a fixed
mtime keeps the file byte-identical from one run to the next. The page is
written in pieces, its data streamed from disk (`data.Payload`), so its size
does not set the report stage's memory.
"""
from __future__ import annotations

import base64
import gzip
import hashlib
import html
import json
import re
import zlib
from importlib import resources
from pathlib import Path
from typing import Iterable, Iterator

ASSETS = ("template.html", "explorer.js", "views.js", "explorer.css", "ui.tsv")
LANGUAGES = ("it", "en")  # the interface's; English is the key of ui.tsv


def _asset(name: str) -> str:
    return resources.files(__package__).joinpath(name).read_text(encoding="utf-8")


def assets_fingerprint() -> str:
    """Hash of the template files (part of the report stage's stamp)."""
    return hashlib.sha256("\0".join(_asset(n) for n in ASSETS).encode("utf-8")).hexdigest()


def explorer_script() -> str:
    """explorer.js with views.js inlined where it marks (one scope: the views use its helpers)."""
    script = _asset("explorer.js")
    assert script.count("/*MORE_VIEWS*/") == 1
    return script.replace("/*MORE_VIEWS*/", _asset("views.js"))


def pack(value) -> str:
    """JSON -> gzip -> base64 (deterministic)."""
    raw = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode("utf-8")
    return base64.b64encode(gzip.compress(raw, compresslevel=6, mtime=0)).decode("ascii")


def pack_chunks(chunks: Iterable[str]) -> Iterator[str]:
    """`pack` of the concatenated pieces of a JSON text, in pieces: the same text, never all in memory."""
    compressor = zlib.compressobj(6, zlib.DEFLATED, 31)  # what gzip.compress(level 6, mtime=0) does
    pending = b""
    for chunk in chunks:
        pending += compressor.compress(chunk.encode("utf-8"))
        whole = len(pending) - len(pending) % 3  # base64 of whole 3-byte groups joins seamlessly
        if whole >= 1 << 16:
            yield base64.b64encode(pending[:whole]).decode("ascii")
            pending = pending[whole:]
    yield base64.b64encode(pending + compressor.flush()).decode("ascii")


def unpack(blob: str):
    """The inverse of `pack` (tests and the benchmark read the page's data with it)."""
    return json.loads(gzip.decompress(base64.b64decode(blob)).decode("utf-8"))


def ui_strings(lang: str) -> dict[str, str]:
    """English -> `lang` for every string of the interface ({} for English)."""
    if lang not in LANGUAGES:
        raise ValueError(f"interface language {lang!r}: expected one of {', '.join(LANGUAGES)}")
    header, *rows = [line.split("\t") for line in _asset("ui.tsv").splitlines() if line]
    column = header.index(lang)
    return {row[0]: row[column] for row in rows if row[column] != row[0]}


def _static_text(page: str, strings: dict[str, str]) -> str:
    """The template's {{English}} markers in the page's language, escaped."""
    return re.sub(r"\{\{([^}]+)\}\}", lambda m: html.escape(strings.get(m[1], m[1])), page)


def page_chunks(payload, notice: str | None = None, lang: str = "it", title: str | None = None) -> Iterator[str]:
    """The page in `lang` (it, en), titled after the corpus (`title`), in pieces; `payload` is the
    explorer's data (`data.Payload`, streamed from disk); `notice` (plain text) is shown above
    everything (an unfinished run)."""
    script, style = explorer_script(), _asset("explorer.css")
    # our own files: they must not close their elements early
    assert "</script" not in script.lower() and "</style" not in style.lower()
    strings = ui_strings(lang)
    name = strings.get("News explorer", "News explorer")
    # JSON inside <script>: no "<" may close it, hence \u003c
    ui = json.dumps({"lang": lang, "strings": strings}, ensure_ascii=True).replace("<", "\\u003c")
    page = _static_text(_asset("template.html"), strings)
    if notice:
        banner = f'<p class="notice" role="alert"><strong>{html.escape(strings.get(notice, notice))}</strong></p>'
        page = page.replace("</h1>", "</h1>\n  " + banner, 1)
    values = {"/*STYLE*/": lambda: [style], "/*SCRIPT*/": lambda: [script], "UI_JSON": lambda: [ui],
              "DATA_BLOB": lambda: pack_chunks(payload.data_chunks()),
              "TEXTS_BLOB": lambda: pack_chunks(payload.texts_chunks()), "LANG": lambda: [lang],
              "PAGE_TITLE": lambda: [html.escape(f"{title} · {name}" if title else name)],
              "HEADING": lambda: [html.escape(title or name)]}
    for marker in values:
        assert page.count(marker) == 1, marker
    # one pass over the template: no inserted text (a title, the script) is searched for markers
    for k, part in enumerate(re.split("(" + "|".join(map(re.escape, values)) + ")", page)):
        if k % 2:
            yield from values[part]()
        else:
            yield part


def page_blobs(html: str) -> tuple[dict, list[str]]:
    """(data, texts) embedded in a rendered page."""
    def blob(element_id: str) -> str:
        start = html.index(f'id="{element_id}">') + len(f'id="{element_id}">')
        return html[start:html.index("</script>", start)]
    return unpack(blob("data")), unpack(blob("texts"))


def write_page(path: Path, payload, notice: str | None = None, lang: str = "it", title: str | None = None) -> None:
    """report.html, written piece by piece under a temporary name (`page_chunks`)."""
    from ..storage.tables import atomic_path

    with atomic_path(path) as tmp, open(tmp, "w", encoding="utf-8") as file:
        for chunk in page_chunks(payload, notice, lang, title):
            file.write(chunk)
