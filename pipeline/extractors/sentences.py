"""The sentences table: one row per sentence of a parsed document.

The model pass itself runs in the partition engine (`pipeline.engine`): each
partition of documents is parsed once, its parse cached (one `DocBin` per
partition, keyed by the texts and the model), so later stages and reruns read
it back instead of parsing again. `sentence_rows` is this stage's pure core.
"""
from __future__ import annotations

from spacy.tokens import Doc

from ..nlp.docstore import sentence_bounds


def sentence_rows(doc_id: str, doc: Doc) -> list[dict]:
    """Rows of the sentences table for one parsed document (pure)."""
    bounds = sentence_bounds(doc)
    if not bounds:
        return []
    chars = doc.text  # joined once, not once per sentence
    offsets = doc.to_array(["IDX", "LENGTH"]).tolist()
    rows = []
    for sent_id, (first, end) in enumerate(bounds):
        last_idx, last_len = offsets[end - 1]
        text = chars[offsets[first][0]:last_idx + last_len]  # = Span.text
        lead = len(text) - len(text.lstrip())
        start = offsets[first][0] + lead
        stripped = text.strip()
        rows.append({
            "doc_id": doc_id, "sent_id": sent_id, "start_char": start,
            "end_char": start + len(stripped), "text": stripped,
        })
    return rows
