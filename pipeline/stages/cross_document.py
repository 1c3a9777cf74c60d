"""What the two cross-document tables share: their thresholds (`pipeline/data/cross_document.json`),
and what each document contributes besides its rows: its place in the input, its date, its outlet.
"""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable
from urllib.parse import urlsplit

from ..gazetteers import data_dir

OPTIONS_FILE = "cross_document.json"


def load_options(directory: Path | None = None) -> dict:
    """{"statement_groups": {...}, "figure_conflicts": {...}} from the data file."""
    path = (directory or data_dir()) / OPTIONS_FILE
    options = json.loads(path.read_text(encoding="utf-8"))
    return {key: value for key, value in options.items() if not key.startswith("_")}


@dataclass(frozen=True)
class DocFacts:
    order: int  # position among the input documents: breaks ties between equal dates
    date: dt.date | None
    outlet: str | None  # the URL's host without "www.": who published it


def outlet_of(url) -> str | None:
    if not isinstance(url, str) or "://" not in url:
        return None
    host = (urlsplit(url.strip()).hostname or "").lower()
    return host.removeprefix("www.") or None


def _as_date(value) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return None  # undated, or a date the ingest stage could not read (kept in date_text)


def document_facts(documents: Iterable[dict]) -> dict[str, DocFacts]:
    """doc_id -> DocFacts of the accepted documents."""
    facts: dict[str, DocFacts] = {}
    for row in documents:
        if row.get("status", "ok") == "ok" and row["doc_id"] not in facts:
            facts[row["doc_id"]] = DocFacts(len(facts), _as_date(row.get("date")), outlet_of(row.get("url")))
    return facts


def seen_order(facts: DocFacts, *rest) -> tuple:
    """Sort key of "first seen": dated documents by date, then undated ones, in input order."""
    return (facts.date is None, facts.date or dt.date.min, facts.order, *rest)
