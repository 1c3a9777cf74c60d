"""The `date` field as a calendar date: ISO 8601 and the common Italian forms
("26 aprile 2025", "sabato 26 aprile 2025, ore 10:30", "26/04/2025", "26.04.2025").

dateparser reads them, day before month; relative dates ("ieri") and partial
ones ("aprile 2025") are not dates of a document, so they stay unparsed.
"""
from __future__ import annotations

import datetime as dt
from functools import lru_cache

_SETTINGS = {"DATE_ORDER": "DMY", "REQUIRE_PARTS": ["day", "month", "year"],
             "PARSERS": ["custom-formats", "absolute-time"], "RETURN_AS_TIMEZONE_AWARE": False}
MAX_DATE_CHARS = 100  # longer text is not a date (and would slow the parser down)


def unparsed_text(value, parsed: dt.date | None) -> str | None:
    """The date as the input wrote it when it could not be read, else None (`date` holds it)."""
    return None if value is None or parsed is not None else str(value)


@lru_cache(maxsize=4096)
def _parse(text: str) -> dt.date | None:
    import dateparser  # imported here: loading its language data takes a moment

    try:
        parsed = dateparser.parse(text, languages=["it", "en"], settings=_SETTINGS)
    except (ValueError, OverflowError, TypeError, RecursionError):
        return None  # dateparser raises on some out-of-range inputs instead of returning None
    return parsed.date() if parsed else None


def parse_date(value) -> dt.date | None:
    """The calendar day of a document's date (in the time zone it is written in), or None."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if value is None or len(str(value).strip()) > MAX_DATE_CHARS:
        return None
    try:
        return dt.datetime.fromisoformat(str(value).strip()).date()  # ISO 8601, the common case, fast
    except ValueError:
        return _parse(str(value).strip())
