"""The quantities table: figures with their value, qualifier and unit or counted noun.

The rules live beside it (see `extract.py` for the conventions
of value, value_max, approx, unit, unit_lemma and kind) and lean on the text;
the parsed document gives the sentence ids, a lemma hint for counted nouns,
entity labels and, when the model has a parser, heads (`quantities.parse`).
"""
from __future__ import annotations

from bisect import bisect_right

from spacy.tokens import Doc

from ...nlp.docstore import token_sentence_ids
from .extract import extract
from .parse import DocAnalysis


def quantity_rows(doc_id: str, doc: Doc) -> list[dict]:
    """Rows of the quantities table for one parsed document (pure)."""
    text = doc.text  # spaCy joins every token on each access: once per document
    sent_ids = token_sentence_ids(doc)
    starts = doc.to_array("IDX").tolist() if len(doc) else []
    rows = []
    for q in extract(text, analysis=DocAnalysis(doc)):
        # a quantity's sentence is that of the token holding its first character
        sent_id = sent_ids[max(bisect_right(starts, q.start) - 1, 0)] if starts else -1
        rows.append({
            "doc_id": doc_id, "sent_id": sent_id, "start_char": q.start, "end_char": q.end,
            "text": text[q.start:q.end], "value": q.value, "value_max": q.value_max,
            "approx": q.approx, "unit": q.unit, "unit_lemma": q.unit_lemma, "kind": q.kind,
        })
    return rows
