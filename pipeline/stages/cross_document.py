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


REQUIRED = {
    "statement_groups": ("shingle_words", "min_words", "num_perm", "threshold", "seed"),
    "figure_conflicts": ("window_days", "kinds", "approx_tolerance", "max_bucket", "approx", "lower_bounds",
                         "upper_bounds", "min_shared_words", "word_min_length", "common_words"),
}


def load_options(directory: Path | None = None) -> dict:
    """{"statement_groups": {...}, "figure_conflicts": {...}} from the data file; a file that is
    not JSON or lacks a threshold is one line for the user (UserError), not a traceback."""
    from ..engine import UserError

    path = (directory or data_dir()) / OPTIONS_FILE
    try:
        options = json.loads(path.read_text(encoding="utf-8"))
        missing = [f"{part}.{key}" for part, keys in REQUIRED.items() for key in keys
                   if key not in options.get(part, {})]
    except (ValueError, AttributeError) as err:
        raise UserError(f"{path}: not a valid thresholds file ({err})") from None
    if missing:
        raise UserError(f"{path}: missing {', '.join(missing)}")
    options["figure_conflicts"]["common_words"] = frozenset(options["figure_conflicts"]["common_words"])
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
