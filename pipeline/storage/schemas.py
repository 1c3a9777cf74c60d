"""Every output table's columns and types, defined once.

Stages build rows as dicts with exactly these keys; `tables.write_table` casts
them to the Arrow schema, so Parquet carries real types and the CSV the same
columns in the same order.
"""
from __future__ import annotations

import pyarrow as pa

S, I, F, B, D = pa.string(), pa.int64(), pa.float64(), pa.bool_(), pa.date32()  # noqa: E741

SCHEMAS: dict[str, pa.Schema] = {
    # documents: `date` is the calendar day of the document's date (Arrow date32,
    # parsed at ingest from ISO 8601 or Italian forms such as "26 aprile 2025");
    # `date_text` holds, as the input wrote it, a date that could not be read
    # (then `date` is empty): never dropped; empty when `date` has it. `encoding` is the
    # text encoding the file was decoded from (utf-8, cp1252, utf-16 ...), `encoding_confidence`
    # 1.0 unless it was detected (then how clean the text reads) or bytes were replaced.
    # `status` is ok, rejected (`error` says why) or duplicate: the same text, up to
    # whitespace, as the earlier document `duplicate_of`, so it is not processed again;
    # `warning` says what an accepted document was read with (bytes not valid UTF-8 replaced).
    "documents": pa.schema([
        ("doc_id", S), ("source_path", S), ("title", S), ("date", D), ("date_text", S), ("url", S),
        ("encoding", S), ("encoding_confidence", F), ("n_chars", I), ("sha256", S), ("status", S),
        ("error", S), ("duplicate_of", S), ("warning", S),
    ]),
    "sentences": pa.schema([
        ("doc_id", S), ("sent_id", I), ("start_char", I), ("end_char", I), ("text", S),
    ]),
    "entities": pa.schema([
        ("doc_id", S), ("sent_id", I), ("start_char", I), ("end_char", I), ("text", S),
        ("label", S), ("type", S), ("canonical_id", S), ("canonical_name", S),
        ("form", S), ("method", S),
    ]),
    "attributions": pa.schema([
        ("doc_id", S), ("sent_id", I), ("cue", S), ("cue_start", I), ("cue_end", I),
        ("cue_type", S), ("verb_lemma", S), ("source_text", S), ("source_start", I),
        ("source_end", I), ("source_type", S), ("source_canonical_id", S),
        ("source_canonical_name", S), ("resolution", S), ("source_rule", S), ("content_text", S),
        ("content_start", I), ("content_end", I), ("is_direct_quote", B), ("method", S),
    ]),
    "quantities": pa.schema([
        ("doc_id", S), ("sent_id", I), ("start_char", I), ("end_char", I), ("text", S),
        ("value", F), ("value_max", F), ("approx", S), ("unit", S), ("unit_lemma", S),
        ("kind", S),
    ]),
    "claims": pa.schema([
        ("doc_id", S), ("sent_id", I), ("source_text", S), ("source_type", S),
        ("source_canonical_id", S), ("source_canonical_name", S), ("cue", S), ("cue_type", S),
        ("quantity_start", I), ("quantity_end", I), ("quantity_text", S), ("value", F), ("value_max", F),
        ("approx", S), ("unit", S), ("unit_lemma", S), ("kind", S), ("sentence", S),
    ]),
    "entity_report": pa.schema([
        ("canonical_id", S), ("canonical_name", S), ("type", S), ("mentions", I),
        ("documents", I), ("sentences", I), ("as_source", I), ("figures_reported", I), ("forms", S),
        ("first_doc_id", S), ("first_sent_id", I), ("linked_by", S),
    ]),
}

# Cross-document tables of the report stage (docs/tables.md defines them). statement_groups:
# one row per attribution of a group of near-duplicate statements from the same source
# across documents; figure_conflicts: one row per pair of claims whose figures disagree.
SCHEMAS["statement_groups"] = pa.schema([
    ("group_id", S), ("doc_id", S), ("sent_id", I), ("cue_start", I), ("date", D), ("outlet", S),
    ("source_canonical_id", S), ("source_name", S), ("cue", S), ("content_text", S), ("similarity", F),
    ("is_first", B), ("first_doc_id", S), ("first_date", D), ("n_members", I), ("n_documents", I),
    ("n_outlets", I), ("outlets", S),
])
_SIDE = [("doc_id", S), ("sent_id", I), ("date", D), ("source", S), ("source_id", S), ("figure", S),
         ("value", F), ("value_max", F), ("approx", S), ("quantity_start", I), ("sentence", S)]
SCHEMAS["figure_conflicts"] = pa.schema(
    [("unit_lemma", S), ("kind", S), ("shared", S), ("days_apart", I)]
    + [(f"{name}_{side}", kind) for side in ("a", "b") for name, kind in _SIDE])

# Internal tables under outputs/work/ (Parquet only): they carry what the
# user-facing tables leave out, such as the documents' texts.
SCHEMAS["texts"] = pa.schema([("doc_id", S), ("sha256", S), ("text", S)])

ENTITY_TYPES = ("country", "person", "outlet", "organization", "location", "other")
ENTITY_FORMS = ("name", "alias", "demonym", "metonym", "partial", "generic")
ENTITY_METHODS = ("model", "gazetteer", "rule")
CUE_TYPES = ("according_to", "verb", "reported_by", "quote", "other")
SOURCE_TYPES = ("person", "organization", "outlet", "country", "anonymous", "document", "unknown")
RESOLUTIONS = ("direct", "anaphora", "context", "none")
# Which rule family or decision produced an attribution (see extractors/attributions/cues.py).
ATTRIBUTION_METHODS = ("phrase", "passive", "agentless", "nominal", "cleft", "verb_rule", "verb_model",
                       "colon_quote", "headline_colon")
QUANTITY_KINDS = ("count", "money", "percent", "duration", "age", "measure", "other")


def columns(table: str) -> list[str]:
    """Column names of a table, in order."""
    return SCHEMAS[table].names
