"""Reading and writing the output tables: Parquet (typed) and CSV (for people).

Writes are atomic: each file is written under a temporary name in the same
directory and renamed into place, so an interrupted run never leaves a
half-written table. Rows are streamed in row groups, never held all at once.

Parquet always holds the raw text. The CSV copies follow a `CsvStyle`
(dialect and spreadsheet-formula neutralisation), passed to `TableWriter` or,
when not passed, the one recorded in the output folder's manifest, so a
single-stage rerun writes the same style as the run before it.
"""
from __future__ import annotations

import csv
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path
from typing import Iterable, Iterator

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from .atomic import atomic_path, atomic_write_text, is_temporary_name  # noqa: F401  (the writers' API)
from .integrity import Damaged, open_sealed_buffer, seal_file_in_place
from .schemas import SCHEMAS

ROW_GROUP = 5_000  # rows buffered per Parquet row group / CSV write (bounds memory)
# Nullable pandas types, so an integer column with gaps stays integer.
_PANDAS_TYPES = {pa.int64(): pd.Int64Dtype(), pa.bool_(): pd.BooleanDtype(), pa.string(): pd.StringDtype()}


DIALECTS = ("standard", "excel")
# OWASP CSV injection: a cell starting with one of these is read as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class CsvStyle:
    """How the CSV copies are written.

    `dialect`: "standard" (UTF-8, comma, decimal point) or "excel" (what Italian
    Excel opens by double-click: UTF-8 with a BOM, semicolon, decimal comma).
    `neutralise_formulas`: a text cell that would start a formula gets a leading
    `'` (OWASP); numbers are never touched (a negative value stays a number).
    """

    dialect: str = "standard"
    neutralise_formulas: bool = True

    def __post_init__(self):
        if self.dialect not in DIALECTS:
            raise ValueError(f"unknown CSV dialect {self.dialect!r} (choose {' or '.join(DIALECTS)})")

    @property
    def delimiter(self) -> str:
        return ";" if self.dialect == "excel" else ","

    @property
    def decimal(self) -> str:
        return "," if self.dialect == "excel" else "."

    @property
    def encoding(self) -> str:
        return "utf-8-sig" if self.dialect == "excel" else "utf-8"

    def cell(self, value) -> str:
        if value is None:
            return ""
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, float):
            return repr(value).replace(".", self.decimal)
        if isinstance(value, str):
            return neutralise_formula(value) if self.neutralise_formulas else value
        return str(value)


def neutralise_formula(text: str) -> str:
    """`'` before a cell that would start a formula; a cell already escaped so gets another.

    The second rule keeps the escape reversible (`restore_formula`): "'=x" is
    written "''=x" and reads back as "'=x", "=x" is written "'=x".
    """
    return "'" + text if text.lstrip("'").startswith(FORMULA_STARTS) else text


def restore_formula(cell: str) -> str:
    """The raw text of a cell written by `neutralise_formula`."""
    if cell.startswith("'") and cell.lstrip("'").startswith(FORMULA_STARTS):
        return cell[1:]
    return cell


def _manifest(out_dir: str | Path) -> dict:
    from .manifest import load_manifest  # here: the manifest module writes with atomic_path

    return load_manifest(out_dir)


def csv_style_of(out_dir: str | Path) -> CsvStyle:
    """The CSV style recorded in an output folder's manifest (the default when none is)."""
    try:
        return CsvStyle(**_manifest(out_dir).get("csv", {}))
    except (TypeError, ValueError):  # a hand-edited or damaged entry: the default
        return CsvStyle()


def record_csv_style(out_dir: str | Path, style: CsvStyle) -> bool:
    """Remember `style` in the manifest and rewrite the folder's CSVs if it changed.

    Returns whether anything changed. The CSVs are rewritten from the Parquet
    tables (which hold the raw text), so the folder never mixes two styles.
    """
    out_dir = Path(out_dir)
    manifest = _manifest(out_dir)
    if manifest.get("csv") == asdict(style):
        return False
    from .manifest import update_manifest

    update_manifest(out_dir, {"csv": asdict(style)})
    for table in _csv_tables(out_dir):
        try:
            with _CsvSink(out_dir, table, style) as sink:
                for batch in pq.ParquetFile(table_path(out_dir, table)).iter_batches():
                    sink.write_rows(batch.to_pylist())
        except pa.ArrowException:  # a damaged table keeps its CSV; its stage rewrites both
            continue
    return True


def _csv_tables(out_dir: Path) -> list[str]:
    return [t for t in SCHEMAS if (out_dir / f"{t}.csv").exists() and table_path(out_dir, t).exists()]


class _CsvSink:
    """NAME.csv in a given style, written atomically (temporary file, then rename)."""

    def __init__(self, out_dir: Path, table: str, style: CsvStyle):
        self.path, self.style, self.names = out_dir / f"{table}.csv", style, SCHEMAS[table].names

    def __enter__(self) -> "_CsvSink":
        self._ctx = atomic_path(self.path)
        self._file = open(self._ctx.__enter__(), "w", encoding=self.style.encoding, newline="")
        self._csv = csv.writer(self._file, delimiter=self.style.delimiter)
        self._csv.writerow(self.names)
        return self

    def write_rows(self, rows: Iterable[dict]) -> None:
        cell = self.style.cell
        self._csv.writerows([cell(row.get(n)) for n in self.names] for row in rows)

    def __exit__(self, exc_type, exc, tb) -> None:
        self._file.close()
        self._ctx.__exit__(exc_type, exc, tb)


class TableWriter:
    """Stream rows (dicts keyed by the schema's columns) into NAME.parquet and NAME.csv.

    `csv_style` None means the style recorded in `out_dir`'s manifest (see
    `record_csv_style`), else the default (standard, formulas neutralised).
    """

    def __init__(self, out_dir: str | Path, table: str, with_csv: bool = True,
                 csv_style: CsvStyle | None = None, sealed: bool = False):
        self.table = table
        self.sealed = sealed  # an internal table: checksummed (`integrity`), read with `open_sealed_parquet`
        self.with_csv = with_csv
        self.schema = SCHEMAS[table]
        self.out_dir = Path(out_dir)
        self.csv_style = csv_style
        self.n_rows = 0
        self._buffer: list[dict] = []

    def __enter__(self) -> "TableWriter":
        self._pq_ctx = atomic_path(self.out_dir / f"{self.table}.parquet")
        self._pq_tmp = self._pq_ctx.__enter__()
        self._pq = pq.ParquetWriter(self._pq_tmp, self.schema)
        self._csv_sink = None
        if self.with_csv:
            style = self.csv_style or csv_style_of(self.out_dir)
            self._csv_sink = _CsvSink(self.out_dir, self.table, style).__enter__()
        return self

    def write(self, row: dict) -> None:
        self._buffer.append(row)
        if len(self._buffer) >= ROW_GROUP:
            self._flush()

    def write_many(self, rows: Iterable[dict]) -> None:
        for row in rows:
            self.write(row)

    def _flush(self) -> None:
        if not self._buffer:
            return
        self._pq.write_table(pa.Table.from_pylist(self._buffer, schema=self.schema))
        if self._csv_sink:
            self._csv_sink.write_rows(self._buffer)
        self.n_rows += len(self._buffer)
        self._buffer = []

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None:
            try:
                self._flush()
            except BaseException as err:  # a bad last batch must not replace a good table
                exc_type, exc, tb = type(err), err, err.__traceback__
        self._pq.close()
        if self.sealed and exc is None:
            try:
                seal_file_in_place(self._pq_tmp)
            except BaseException as err:
                exc_type, exc, tb = type(err), err, err.__traceback__
        # On error the temporary files are removed and the old tables stay.
        if self._csv_sink:
            self._csv_sink.__exit__(exc_type, exc, tb)
        self._pq_ctx.__exit__(exc_type, exc, tb)
        if exc is not None:
            raise exc


def write_table(out_dir: str | Path, table: str, rows: Iterable[dict], with_csv: bool = True,
                csv_style: CsvStyle | None = None) -> int:
    """Write all rows of a table; return the number of rows."""
    with TableWriter(out_dir, table, with_csv=with_csv, csv_style=csv_style) as writer:
        writer.write_many(rows)
    return writer.n_rows


class DamagedCache(OSError):
    """An internal table that does not match its checksum: one line for the user."""


def open_sealed_parquet(path: str | Path) -> pq.ParquetFile:
    """An internal table written with `sealed=True`, verified first (DamagedCache if it does not)."""
    try:
        return pq.ParquetFile(pa.BufferReader(open_sealed_buffer(path)))
    except FileNotFoundError:
        raise
    except (Damaged, pa.ArrowException) as err:
        raise DamagedCache(f"{path} is damaged ({err}); it is not used: run the ingest stage "
                           "(or `run`) again") from None


def open_texts(out_dir: str | Path) -> pq.ParquetFile:
    """The accepted documents' texts (`work/texts.parquet`), verified."""
    path = Path(out_dir) / "work" / "texts.parquet"
    if not path.exists():
        raise FileNotFoundError(f"{path} does not exist: run the ingest stage first")
    return open_sealed_parquet(path)


def table_path(out_dir: str | Path, table: str) -> Path:
    return Path(out_dir) / f"{table}.parquet"


def read_table(out_dir: str | Path, table: str) -> pd.DataFrame:
    """A table as a DataFrame with its schema's types (missing values as <NA>)."""
    path = table_path(out_dir, table)
    if not path.exists():
        raise FileNotFoundError(f"{path} does not exist: run the stage that writes '{table}' first")
    return pq.read_table(path, schema=SCHEMAS[table]).to_pandas(types_mapper=pandas_types)


def pandas_types(arrow_type: pa.DataType):
    """The nullable pandas dtype `read_table` gives an Arrow type (None: pandas' default)."""
    return _PANDAS_TYPES.get(arrow_type)


# pandas dtypes of the CSV columns, matching what `read_table` returns.
_CSV_DTYPES = {pa.int64(): "Int64", pa.bool_(): "boolean", pa.string(): "string", pa.float64(): "float64",
               pa.date32(): "string"}  # dates: ISO text, turned into datetime.date below


def read_csv_table(out_dir: str | Path, table: str, style: CsvStyle | None = None) -> pd.DataFrame:
    """A table read back from its CSV copy, typed as `read_table` types the Parquet.

    The pandas recipe for any CSV of the pipeline: no guessing of missing values
    (`keep_default_na=False`, so Namibia's "NA" stays a string; only empty cells
    are missing), dtypes from the schema, and the folder's dialect; the formula
    escape is undone, so the text is the raw text the offsets refer to.
    """
    style = style or csv_style_of(out_dir)
    path = Path(out_dir) / f"{table}.csv"
    if not path.exists():
        raise FileNotFoundError(f"{path} does not exist: run the stage that writes '{table}' first")
    schema = SCHEMAS[table]
    df = pd.read_csv(path, sep=style.delimiter, decimal=style.decimal, encoding="utf-8-sig",
                     dtype={f.name: _CSV_DTYPES[f.type] for f in schema},
                     keep_default_na=False, na_values=[""], true_values=["true"], false_values=["false"])
    if style.neutralise_formulas:
        for f in schema:
            if f.type == pa.string():
                df[f.name] = df[f.name].map(restore_formula, na_action="ignore").astype("string")
    for f in schema:
        if f.type == pa.date32():  # as read_table gives them: datetime.date objects, None when missing
            df[f.name] = pd.Series([date.fromisoformat(v) if isinstance(v, str) else None for v in df[f.name]],
                                   index=df.index, dtype=object)
    return df


def iter_table_rows(out_dir: str | Path, table: str, columns: list[str] | None = None) -> Iterator[dict]:
    """Stream a table's rows as dicts, one row group at a time."""
    path = table_path(out_dir, table)
    if not path.exists():
        raise FileNotFoundError(f"{path} does not exist: run the stage that writes '{table}' first")
    parquet = pq.ParquetFile(path)
    for batch in parquet.iter_batches(columns=columns):
        yield from batch.to_pylist()
