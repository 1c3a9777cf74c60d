"""The pure core of a partition: parsed documents in, the rows of every per-document table out.

`TABLE_ROWS` names the row function of each table; each is a pure
`(doc_id, doc) -> rows` function (attributions also takes the document's
entity rows). A document parsed in segments gets each segment's rows with
offsets shifted into the whole text and sentence ids counted on from the
segments before, so its rows equal in form those of a document parsed whole.
"""
from __future__ import annotations

from typing import Callable, Iterable

from spacy.tokens import Doc

from ..extractors.attributions import attribution_rows
from ..extractors.entities import entity_rows
from ..inputs.documents import describe_exception
from ..schemas import OFFSET_COLUMNS
from ..stages.quantities import quantity_rows
from ..stages.sentences import sentence_rows

TABLE_ROWS: dict[str, Callable[..., list[dict]]] = {
    "sentences": sentence_rows,
    "entities": entity_rows,
    "quantities": quantity_rows,
    "attributions": attribution_rows,
}
TABLES = tuple(TABLE_ROWS)                      # in the order they are computed
NEEDS: dict[str, tuple[str, ...]] = {"attributions": ("entities",)}


def with_needs(tables: Iterable[str]) -> list[str]:
    """`tables` plus the tables they need, in computing order."""
    wanted = set(tables)
    for table in list(wanted):
        wanted.update(NEEDS.get(table, ()))
    return [t for t in TABLES if t in wanted]


def segment_rows(doc_id: str, doc: Doc, tables: list[str], entity_lists=None,
                 warnings: list[str] | None = None) -> dict[str, list[dict]]:
    """Rows of `tables` (computing order, needs included) for one parsed text;
    `entity_lists`: the user's alias and ignore lists, for the entities table.

    A rule that raises on this text (a recursion, an overflow, a bug that only this
    text wakes) costs this document that table's rows, with a line in `warnings`;
    it never stops the partition, and so the corpus.
    """
    rows: dict[str, list[dict]] = {}
    for table in tables:
        fn = TABLE_ROWS[table]
        needs = [rows[n] for n in NEEDS.get(table, ())]
        options = {"lists": entity_lists} if table == "entities" else {}
        try:
            rows[table] = fn(doc_id, doc, *needs, **options)
        except Exception as err:  # noqa: BLE001 - one document's failure stays that document's
            if warnings is None:
                raise
            rows[table] = []
            warnings.append(f"document {doc_id}: no {table} extracted ({describe_exception(err)})")
    return rows


def shift_rows(table: str, rows: list[dict], offset: int, sentences_before: int) -> list[dict]:
    """Rows of a segment moved into its document: offsets + `offset`, sent_id + `sentences_before`."""
    if not offset and not sentences_before:
        return rows
    columns = OFFSET_COLUMNS[table]
    for row in rows:
        for column in columns:
            if row[column] is not None:
                row[column] += offset
        if row.get("sent_id") is not None and row["sent_id"] >= 0:
            row["sent_id"] += sentences_before
    return rows
