"""News pages (.html/.htm): main text, title, date and canonical URL, extracted by trafilatura.

The stored text is trafilatura's extracted text (paragraphs one per line), so
every offset of the later tables refers to it, not to the HTML source.
"""
from __future__ import annotations

from pathlib import Path

from .decoding import Decoded, decode_document
from .documents import InputDocument


def read_webpage(path: Path, rel: str, doc_id: str) -> InputDocument:
    return extract_page(decode_document(path.read_bytes()), rel, doc_id)


def extract_page(decoded: Decoded, rel: str, doc_id: str) -> InputDocument:
    """The document of a page's decoded markup (a saved file or a fetched URL); it takes
    the encoding, confidence and warning of `decoded`."""
    import trafilatura  # imported here: a corpus without HTML never pays for it

    doc = InputDocument(doc_id, rel)
    markup = doc.decoded_from(decoded)
    # No extensive date search: it guesses from any year on the page ("© 2025"
    # became 2025-01-01); only the page's own markup (meta, <time>) gives a date.
    page = trafilatura.bare_extraction(markup, with_metadata=True, include_comments=False,
                                       include_tables=False,
                                       date_extraction_params={"extensive_search": False, "original_date": True})
    if page is None or not (page.text or "").strip():
        doc.error = "no article text found in the HTML page"
        return doc
    doc.text = page.text
    doc.meta = {"title": page.title, "date": page.date, "url": page.url}
    return doc
