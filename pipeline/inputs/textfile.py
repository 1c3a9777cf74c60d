"""Plain-text articles (.txt, .md): the text, and a title, date and URL when the file gives them.

In order of precedence:
- front matter: a first line `---`, then `key: value` lines, then `---`
  (keys title/titolo, date/data, url/link); it is metadata, so it is left out
  of the stored text;
- a sidecar: `NAME.json` beside `NAME.txt` holding an object with any of
  title, date, url (the walk does not read it as a document);
- else the first line is the title when it looks like one: short, followed by
  more text, and not ending like a sentence (`--no-text-title` turns this off).
  The line stays in the text, as a page's headline does.
"""
from __future__ import annotations

import json
from pathlib import Path

FIELDS = {"title": "title", "titolo": "title", "date": "date", "data": "date", "url": "url", "link": "url"}
MAX_TITLE_CHARS = 200
MAX_TITLE_WORDS = 30
SIDECAR_SUFFIX = ".json"
DOCUMENT_SUFFIXES = (".txt", ".md")


def front_matter(text: str) -> tuple[dict, str]:
    """(fields, text without the front matter); ({}, text) when there is none."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return {}, text
    for end, line in enumerate(lines[1:], start=1):  # noqa: B007 (`end` is read after the loop)
        if line.strip() == "---":
            break
    else:
        return {}, text  # never closed: an ordinary first line
    fields = {}
    for line in lines[1:end]:
        key, sep, value = line.partition(":")
        if sep and key.strip().lower() in FIELDS and value.strip():
            fields[FIELDS[key.strip().lower()]] = value.strip().strip("\"'")
    return fields, "\n".join(lines[end + 1:]).lstrip("\n")


def sidecar(path: Path) -> tuple[dict, str | None]:
    """(fields of NAME.json beside the file, the reason it cannot be read or None)."""
    side = path.with_suffix(SIDECAR_SUFFIX)
    if not side.is_file():
        return {}, None
    try:
        data = json.loads(side.read_text(encoding="utf-8-sig"))
    except (OSError, ValueError) as err:
        return {}, f"sidecar {side.name} cannot be read: {err}"
    if not isinstance(data, dict):
        return {}, f"sidecar {side.name} is not a JSON object"
    return {FIELDS[k.lower()]: str(v) for k, v in data.items()
            if isinstance(k, str) and k.lower() in FIELDS and v not in (None, "")}, None


def is_sidecar(name: str, siblings: set[str]) -> bool:
    """NAME.json is a sidecar when a NAME.txt or NAME.md is beside it."""
    stem, dot, suffix = name.rpartition(".")
    return bool(dot) and f".{suffix.lower()}" == SIDECAR_SUFFIX and any(
        f"{stem}{s}" in siblings for s in DOCUMENT_SUFFIXES)


def title_line(text: str) -> str | None:
    """The first line when it looks like a headline, else None."""
    first, sep, rest = text.strip().partition("\n")
    first = first.strip().lstrip("#").strip()  # a Markdown heading
    if not sep or not rest.strip() or not first:
        return None
    if len(first) > MAX_TITLE_CHARS or len(first.split()) > MAX_TITLE_WORDS:
        return None
    if first.endswith((".", ",", ";", ":")) and not first.endswith("..."):
        return None  # a sentence, not a headline
    return first


def text_fields(text: str, path: Path | None, guess_title: bool = True) -> tuple[str, dict, str | None]:
    """(text to store, title/date/url, error) of a plain-text article."""
    fields, text = front_matter(text)
    error = None
    if path is not None:
        side, error = sidecar(path)
        fields = {**side, **fields}
    if guess_title and "title" not in fields:
        title = title_line(text)
        if title:
            fields["title"] = title
    return text, fields, error
