"""Claims: who reported which figure. One row per quantity that falls inside the
content of an attribution, with that attribution's source and cue, the
quantity's value, unit and kind, and the sentence it stands in.

`claim_rows` is pure (rows in, rows out); the report stage writes the
`claims` table from the attributions, quantities and sentences tables.
"""
from __future__ import annotations

from typing import Iterable

from ..storage.schemas import columns


def claim_rows(attributions: Iterable[dict], quantities: Iterable[dict],
               sentences: dict[tuple[str, int], str]) -> list[dict]:
    by_doc: dict[str, list[dict]] = {}
    for a in attributions:
        if a["content_start"] is not None:
            by_doc.setdefault(a["doc_id"], []).append(a)
    rows = []
    for q in quantities:
        holders = [a for a in by_doc.get(q["doc_id"], ())
                   if a["content_start"] <= q["start_char"] and q["end_char"] <= a["content_end"]]
        if holders:  # the innermost content: a nested attribution inside a quote is its own source
            a = min(holders, key=lambda h: h["content_end"] - h["content_start"])
            rows.append({
                "doc_id": q["doc_id"], "sent_id": q["sent_id"], "source_text": a["source_text"],
                "source_type": a["source_type"], "source_canonical_id": a["source_canonical_id"],
                "source_canonical_name": a["source_canonical_name"], "cue": a["cue"],
                "cue_type": a["cue_type"], "quantity_start": q["start_char"], "quantity_end": q["end_char"],
                "quantity_text": q["text"], "value": q["value"], "value_max": q["value_max"],
                "approx": q["approx"], "unit": q["unit"], "unit_lemma": q["unit_lemma"], "kind": q["kind"],
                "sentence": sentences.get((q["doc_id"], q["sent_id"]), ""),
            })
    assert all(list(r) == columns("claims") for r in rows)
    return rows
