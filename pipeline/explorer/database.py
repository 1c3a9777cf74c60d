"""news.sqlite: every table in one SQLite file, for SQL and Datasette.

Columns keep their types (from each table's Arrow schema: TEXT, INTEGER,
REAL; booleans as 0/1, dates as ISO text), ids are indexed, sentences have an
FTS5 full-text index (`sentences_fts`, accents folded), and three views join
what an analyst asks first, plus one per cross-document
question (statement_repeats, conflicting_figures). The file is built under a temporary name and
renamed, so a reader never sees half a database.
"""
from __future__ import annotations

import datetime as dt
import errno
import sqlite3
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import sqlite_utils

from ..storage.catalog import Catalog
from ..storage.schemas import SCHEMAS
from ..storage.tables import atomic_path, iter_batches, open_texts, table_path

REPORT_TABLES = ("claims", "entity_report", "statement_groups", "figure_conflicts")


def tables() -> tuple[str, ...]:
    """Every table in the database: documents, texts, the registered extractors' tables, the report's."""
    from ..extractors.registry import tables as extraction_tables

    return ("documents", "texts", *extraction_tables(), *REPORT_TABLES)


UNIQUE = {"texts": ["doc_id"], "sentences": ["doc_id", "sent_id"], "entity_report": ["canonical_id"]}
INDEXES = {
    "documents": [["doc_id"], ["date"]],
    "entities": [["doc_id", "sent_id"], ["canonical_id"], ["type"]],
    "quantities": [["doc_id", "sent_id"], ["unit_lemma"], ["kind"]],
    "attributions": [["doc_id", "sent_id"], ["source_canonical_id"], ["source_type"], ["cue_type"]],
    "claims": [["doc_id", "sent_id"], ["source_canonical_id"], ["unit_lemma"]],
    "entity_report": [["type"]],
    "statement_groups": [["group_id"], ["doc_id", "sent_id"], ["source_canonical_id"]],
    "figure_conflicts": [["doc_id_a"], ["doc_id_b"], ["unit_lemma"]],
}
# Joins on documents keep its accepted row only: a rejected duplicate may share the id.
_DOC = "LEFT JOIN documents d ON d.doc_id = {t}.doc_id AND d.status = 'ok'"
_SENT = "LEFT JOIN sentences s ON s.doc_id = {t}.doc_id AND s.sent_id = {t}.sent_id"
VIEWS = {
    "who_said_what": f"""SELECT a.doc_id, d.title, d.date, a.sent_id,
  COALESCE(a.source_canonical_name, a.source_text) AS source, a.source_type, a.source_canonical_id,
  a.cue, a.cue_type, a.content_text AS content, a.is_direct_quote, a.resolution, s.text AS sentence
FROM attributions a {_SENT.format(t="a")} {_DOC.format(t="a")}""",
    "entity_mentions": f"""SELECT e.doc_id, d.title, d.date, e.sent_id, e.canonical_id, e.canonical_name, e.type,
  e.text AS mention, e.form, e.start_char, e.end_char, s.text AS sentence
FROM entities e {_SENT.format(t="e")} {_DOC.format(t="e")}""",
    "figures_by_source": f"""SELECT COALESCE(c.source_canonical_name, c.source_text, '(no source)') AS source,
  c.source_type, c.source_canonical_id, c.quantity_text AS figure, c.value, c.value_max, c.approx, c.unit_lemma,
  c.kind, c.cue, c.cue_type, c.doc_id, d.title, d.date, c.sentence
FROM claims c {_DOC.format(t="c")}""",
    # the cross-document questions: which outlets repeated a statement, and who said it first?
    "statement_repeats": """SELECT g.group_id, g.n_documents, g.n_outlets, g.outlets, g.source_name AS source,
  g.source_canonical_id, g.cue, g.content_text AS first_content, g.first_doc_id, d.title AS first_title, g.first_date,
  (SELECT group_concat(m.doc_id, '|') FROM statement_groups m WHERE m.group_id = g.group_id) AS documents
FROM statement_groups g LEFT JOIN documents d ON d.doc_id = g.first_doc_id AND d.status = 'ok'
WHERE g.is_first = 1""",
    # do two sources give different numbers for the same thing?
    "conflicting_figures": """SELECT f.unit_lemma, f.kind, f.shared, f.days_apart,
  f.source_a, f.figure_a, f.value_a, f.doc_id_a, da.title AS title_a, f.date_a,
  f.source_b, f.figure_b, f.value_b, f.doc_id_b, db.title AS title_b, f.date_b, f.sentence_a, f.sentence_b
FROM figure_conflicts f LEFT JOIN documents da ON da.doc_id = f.doc_id_a AND da.status = 'ok'
LEFT JOIN documents db ON db.doc_id = f.doc_id_b AND db.status = 'ok'""",
}


def _sql_type(arrow_type: pa.DataType) -> type:
    if pa.types.is_integer(arrow_type) or pa.types.is_boolean(arrow_type):
        return int
    if pa.types.is_floating(arrow_type):
        return float
    return str  # strings, dates and timestamps (as ISO text)


def _column(array: pa.Array) -> list:
    """An Arrow column as SQLite values: booleans as 0/1, dates as ISO text."""
    if pa.types.is_boolean(array.type):
        array = array.cast(pa.int64())
    values = array.to_pylist()
    if pa.types.is_temporal(array.type):
        values = [v.isoformat() if isinstance(v, (dt.date, dt.datetime)) else v for v in values]
    return values


def _source(out: Path, table: str) -> pq.ParquetFile | None:
    """The table's Parquet file (texts: verified against its checksum); None before its stage ran."""
    path = Catalog(out).texts if table == "texts" else table_path(out, table)
    if not path.exists():
        return None
    return open_texts(out) if table == "texts" else pq.ParquetFile(path)


def _copy_table(db: sqlite_utils.Database, out: Path, table: str) -> None:
    parquet = _source(out, table)
    schema = parquet.schema_arrow if parquet else SCHEMAS[table]  # a stage that has not run: empty table
    db[table].create({f.name: _sql_type(f.type) for f in schema}, column_order=schema.names)
    insert = f"INSERT INTO [{table}] VALUES ({', '.join('?' * len(schema.names))})"
    # texts: a few hundred at a time (a batch of 20,000 articles was 30 MB of text)
    for batch in iter_batches(parquet, batch_size=500 if table == "texts" else 20_000) if parquet else ():
        # executemany on column tuples: several times faster than dicts through insert_all
        db.conn.executemany(insert, zip(*(_column(c) for c in batch.columns)))
    if table in UNIQUE:
        db[table].create_index(UNIQUE[table], unique=True)
    for columns in INDEXES.get(table, ()):
        if all(c in schema.names for c in columns):
            db[table].create_index(columns)


def write_database(out: str | Path, final: Path) -> None:
    """Write news.sqlite from the tables under `out` (atomically)."""
    out = Path(out)
    with atomic_path(final) as tmp:
        db = sqlite_utils.Database(tmp)
        # a private temporary file: no journal needed, the rename is the commit
        db.execute("PRAGMA journal_mode = OFF")
        db.execute("PRAGMA synchronous = OFF")
        try:
            for table in tables():
                _copy_table(db, out, table)
            db["sentences"].enable_fts(["text"], fts_version="FTS5", tokenize="unicode61 remove_diacritics 2")
            for name, sql in VIEWS.items():
                db.create_view(name, sql)
            db.execute("ANALYZE")
            db.conn.commit()
        except sqlite3.OperationalError as err:  # disk full, I/O error: the user's one line, not a traceback
            full = "full" in str(err)
            raise OSError(errno.ENOSPC if full else errno.EIO,
                          f"{'No space left on device' if full else 'cannot write'} ({err})", str(final)) from None
        finally:
            db.close()
