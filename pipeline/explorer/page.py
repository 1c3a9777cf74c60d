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
import re
from importlib import resources
from pathlib import Path

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


def render_page(data: dict, texts: list[str], notice: str | None = None, lang: str = "it",
                title: str | None = None) -> str:
    """The page in `lang` (it, en), titled after the corpus (`title`); `notice` (plain text)
    is shown above everything (an unfinished run)."""
    script, style = explorer_script(), _asset("explorer.css")
    # our own files: they must not close their elements early
    assert "</script" not in script.lower() and "</style" not in style.lower()
    strings = ui_strings(lang)
    name = strings.get("News explorer", "News explorer")
    # JSON inside <script>: no "<" may close it, hence \u003c
    ui = json.dumps({"lang": lang, "strings": strings}, ensure_ascii=True).replace("<", "\\u003c")
    page = _static_text(_asset("template.html"), strings)
    values = {"/*STYLE*/": style, "/*SCRIPT*/": script, "UI_JSON": ui, "DATA_BLOB": pack(data),
              "TEXTS_BLOB": pack(texts), "LANG": lang,
              "PAGE_TITLE": html.escape(f"{title} · {name}" if title else name),
              "HEADING": html.escape(title or name)}
    for marker in values:
        assert page.count(marker) == 1, marker
    # one pass: no inserted text (a title, the script) is searched for markers again
    page = re.sub("|".join(map(re.escape, values)), lambda m: values[m[0]], page)
    if notice:
        banner = f'<p class="notice" role="alert"><strong>{html.escape(strings.get(notice, notice))}</strong></p>'
        page = page.replace("</h1>", "</h1>\n  " + banner, 1)
    return page


def page_blobs(html: str) -> tuple[dict, list[str]]:
    """(data, texts) embedded in a rendered page."""
    def blob(element_id: str) -> str:
        start = html.index(f'id="{element_id}">') + len(f'id="{element_id}">')
        return html[start:html.index("</script>", start)]
    return unpack(blob("data")), unpack(blob("texts"))


def write_page(path: Path, data: dict, texts: list[str], notice: str | None = None, lang: str = "it",
               title: str | None = None) -> None:
    from ..storage.tables import atomic_write_text

    atomic_write_text(path, render_page(data, texts, notice, lang, title))
