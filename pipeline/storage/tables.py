"""Reading and writing the output tables: Parquet (typed) and CSV (for people).

Writes are atomic: each file is written under a temporary name in the same
directory and renamed into place, so an interrupted run never leaves a
half-written table. Rows are streamed in row groups, never held all at once.

Parquet always holds the raw text. The CSV copies follow a `CsvStyle`
(dialect and spreadsheet-formula neutralisation), carried by an `OutputOptions`
value that the API decides once per call (the style asked for, else the one
recorded in the folder's manifest: `OutputOptions.of_folder`) and passes down
to every writer; no writer reads the manifest.

Rows travel as Arrow tables: the CSV cells are formatted column by column with
`pyarrow.compute` (the formula escape, quoting, number formats), byte for byte
what Python's `csv` module writes with the same style, never a Python call per
cell (`csv_bytes`).
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Iterator

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from .atomic import atomic_path, atomic_write_text, is_temporary_name  # noqa: F401  (the writers' API)
from .integrity import Damaged, open_sealed_file, seal_file_in_place
from .manifest import Manifest
from .schemas import SCHEMAS

if TYPE_CHECKING:  # pandas is imported by the readers that return frames, not by every worker
    import pandas as pd

ROW_GROUP = 5_000  # rows buffered per Parquet row group / CSV write (bounds memory)


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


@dataclass(frozen=True)
class OutputOptions:
    """How the output tables are written, decided once per API call and passed to every writer.

    `csv`: the style of the CSV copies. `OutputOptions.of_folder(out)` is the style
    recorded in the folder's manifest (the default when none is), so a single-stage
    rerun writes the style of the run before it.
    """

    csv: CsvStyle = CsvStyle()

    @classmethod
    def of_folder(cls, out_dir: str | Path) -> "OutputOptions":
        return cls(csv_style_of(out_dir))


def csv_style_of(out_dir: str | Path) -> CsvStyle:
    """The CSV style recorded in an output folder's manifest (the default when none is)."""
    try:
        return CsvStyle(**Manifest.read(out_dir).csv)
    except (TypeError, ValueError):  # a hand-edited or damaged entry: the default
        return CsvStyle()


def record_csv_style(out_dir: str | Path, style: CsvStyle) -> bool:
    """Remember `style` in the manifest and rewrite the folder's CSVs if it changed.

    Returns whether anything changed. The CSVs are rewritten from the Parquet
    tables (which hold the raw text), so the folder never mixes two styles.
    """
    out_dir = Path(out_dir)
    manifest = Manifest.read(out_dir)
    if manifest.csv == asdict(style):
        return False
    manifest.update({"csv": asdict(style)}).save()
    for table in _csv_tables(out_dir):
        try:
            with _CsvSink(out_dir, table, style) as sink:
                for batch in iter_batches(pq.ParquetFile(table_path(out_dir, table))):
                    sink.write_arrow(batch)
        except pa.ArrowException:  # a damaged table keeps its CSV; its stage rewrites both
            continue
    return True


def _csv_tables(out_dir: Path) -> list[str]:
    return [t for t in SCHEMAS if (out_dir / f"{t}.csv").exists() and table_path(out_dir, t).exists()]


# --------------------------------------------------------------------------
# CSV cells, column by column (what csv.writer(QUOTE_MINIMAL, "\\r\\n") writes)
# --------------------------------------------------------------------------

_FORMULA_CELL = "^'*[" + re.escape("".join(FORMULA_STARTS)) + "]"
_PLAIN_DECIMAL = r"^-?[0-9]+(\.[0-9]+)?$"
LINE_END = "\r\n"  # csv.writer's default line terminator


def _float_cells(column: pa.Array, decimal: str) -> pa.Array:
    """repr(value) of each float (decimal point as `decimal`), nulls empty.

    Arrow's shortest round-trip digits are repr's; only the layout differs (Arrow
    writes 2.0 as "2" and switches to exponents at other magnitudes), so a value in
    repr's positional range [1e-4, 1e16) that Arrow wrote positionally gets ".0" when
    it has no point; any other value (exponents, nan, inf) is formatted by repr (rare)."""
    text = pc.cast(column, pa.string())
    magnitude = pc.abs(column)
    positional = pc.and_(pc.match_substring_regex(text, _PLAIN_DECIMAL),
                         pc.or_(pc.equal(column, 0.0),
                                pc.and_(pc.greater_equal(magnitude, 1e-4), pc.less(magnitude, 1e16))))
    positional = pc.fill_null(positional, True)  # nulls: empty cells below
    text = pc.if_else(pc.match_substring(text, "."), text, pc.binary_join_element_wise(text, ".0", ""))
    if not pc.all(positional).as_py():
        values = column.to_pylist()
        odd = [i for i, ok in enumerate(positional.to_pylist()) if not ok]
        text = text.to_pylist()
        for i in odd:
            text[i] = repr(values[i])
        text = pa.array(text, pa.string())
    if decimal != ".":
        text = pc.replace_substring(text, ".", decimal)
    return text


def _cells(column: pa.Array | pa.ChunkedArray, style: CsvStyle) -> pa.Array:
    """One column's CSV cells, quoted where csv.writer would quote them."""
    if isinstance(column, pa.ChunkedArray):
        column = column.combine_chunks()
    kind = column.type
    if pa.types.is_floating(kind):
        text = _float_cells(column, style.decimal)
    else:
        text = pc.cast(column, pa.string())  # int, bool (true/false), date32 (ISO), string
        if pa.types.is_string(kind) and style.neutralise_formulas:
            text = pc.if_else(pc.match_substring_regex(text, _FORMULA_CELL),
                              pc.binary_join_element_wise("'", text, ""), text)
    text = pc.fill_null(text, "")
    special = "[" + re.escape(style.delimiter + '"\r\n') + "]"
    quoted = pc.binary_join_element_wise('"', pc.replace_substring(text, '"', '""'), '"', "")
    return pc.if_else(pc.match_substring_regex(text, special), quoted, text)


def csv_bytes(table: pa.Table, style: CsvStyle, header: bool = False) -> bytes:
    """The CSV lines of `table` (its header first when `header`), UTF-8 without a BOM."""
    names = table.schema.names
    lines = b""
    if header:
        lines = (style.delimiter.join(_cells(pa.array([n]), CsvStyle(style.dialect, False))[0].as_py()
                                      for n in names) + LINE_END).encode("utf-8")
    if table.num_rows == 0:
        return lines
    cells = [_cells(table.column(n), style) for n in names]
    rows = pc.binary_join_element_wise(*cells, style.delimiter) if len(cells) > 1 else cells[0]
    rows = pc.binary_join_element_wise(rows, LINE_END, "")
    _validity, offsets, data = rows.buffers()
    bounds = memoryview(offsets).cast("i")  # int32 offsets of a string array
    start, end = bounds[rows.offset], bounds[rows.offset + len(rows)]
    return lines + data[start:end].to_pybytes()


class _CsvSink:
    """NAME.csv in a given style, written atomically (temporary file, then rename)."""

    def __init__(self, out_dir: Path, table: str, style: CsvStyle):
        self.path, self.style, self.schema = out_dir / f"{table}.csv", style, SCHEMAS[table]

    def __enter__(self) -> "_CsvSink":
        self._ctx = atomic_path(self.path)
        self._file = open(self._ctx.__enter__(), "wb")
        if self.style.encoding == "utf-8-sig":
            self._file.write("\ufeff".encode("utf-8"))
        self._file.write(csv_bytes(self.schema.empty_table(), self.style, header=True))
        return self

    def write_arrow(self, table: pa.Table) -> None:
        self._file.write(csv_bytes(table, self.style))

    def __exit__(self, exc_type, exc, tb) -> None:
        self._file.close()
        self._ctx.__exit__(exc_type, exc, tb)


class TableWriter:
    """Stream rows into NAME.parquet and NAME.csv: Arrow tables (`write_arrow`, the fast path)
    or dicts keyed by the schema's columns (`write`). Row groups hold ROW_GROUP rows
    whatever the sizes of the pieces written, so the files do not depend on them.

    `csv_style`: the style of the CSV copy (the API passes the one its `OutputOptions`
    decided; None is the default style).
    """

    def __init__(self, out_dir: str | Path, table: str, with_csv: bool = True,
                 csv_style: CsvStyle | None = None, sealed: bool = False):
        self.table = table
        self.sealed = sealed  # an internal table: checksummed (`integrity`), read with `open_sealed_parquet`
        self.with_csv = with_csv
        self.schema = SCHEMAS[table]
        self.out_dir = Path(out_dir)
        self.csv_style = csv_style or CsvStyle()
        self.n_rows = 0
        self._rows: list[dict] = []
        self._pieces: list[pa.Table] = []
        self._pending = 0

    def __enter__(self) -> "TableWriter":
        self._pq_ctx = atomic_path(self.out_dir / f"{self.table}.parquet")
        self._pq_tmp = self._pq_ctx.__enter__()
        self._pq = pq.ParquetWriter(self._pq_tmp, self.schema)
        self._csv_sink = None
        if self.with_csv:
            self._csv_sink = _CsvSink(self.out_dir, self.table, self.csv_style).__enter__()
        return self

    def write(self, row: dict) -> None:
        self._rows.append(row)
        if len(self._rows) >= ROW_GROUP:
            self._take_rows()

    def write_many(self, rows: Iterable[dict]) -> None:
        for row in rows:
            self.write(row)

    def _take_rows(self) -> None:
        if self._rows:
            rows, self._rows = self._rows, []
            self.write_arrow(pa.Table.from_pylist(rows, schema=self.schema))

    def write_arrow(self, table: pa.Table) -> None:
        """Append an Arrow table of the schema's columns (cast to it)."""
        if self._rows:
            self._take_rows()
        if table.num_rows == 0:
            return
        if not table.schema.equals(self.schema):
            table = table.select(self.schema.names).cast(self.schema)
        self._pieces.append(table)
        self._pending += table.num_rows
        while self._pending >= ROW_GROUP:
            self._flush(ROW_GROUP)

    def _flush(self, n: int) -> None:
        """Write the first `n` pending rows as one row group (and their CSV lines)."""
        pending = pa.concat_tables(self._pieces) if len(self._pieces) > 1 else self._pieces[0]
        group, rest = pending.slice(0, n).combine_chunks(), pending.slice(n)
        self._pieces, self._pending = ([rest] if rest.num_rows else []), rest.num_rows
        self._pq.write_table(group)
        if self._csv_sink:
            self._csv_sink.write_arrow(group)
        self.n_rows += group.num_rows

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None:
            try:
                self._take_rows()
                if self._pending:
                    self._flush(self._pending)
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


def write_table(out_dir: str | Path, table: str, rows: Iterable[dict] | pa.Table, with_csv: bool = True,
                csv_style: CsvStyle | None = None) -> int:
    """Write all rows of a table (dicts, or an Arrow table); return the number of rows."""
    with TableWriter(out_dir, table, with_csv=with_csv, csv_style=csv_style) as writer:
        if isinstance(rows, pa.Table):
            writer.write_arrow(rows)
        else:
            writer.write_many(rows)
    return writer.n_rows


class DamagedCache(OSError):
    """An internal table that does not match its checksum: one line for the user."""


def open_sealed_parquet(path: str | Path) -> pq.ParquetFile:
    """An internal table written with `sealed=True`, verified first (DamagedCache if it does not)."""
    try:
        return pq.ParquetFile(open_sealed_file(path))
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
    return _pandas_types().get(arrow_type)


@lru_cache(maxsize=1)
def _pandas_types() -> dict:
    """Nullable pandas types, so an integer column with gaps stays integer."""
    import pandas as pd

    return {pa.int64(): pd.Int64Dtype(), pa.bool_(): pd.BooleanDtype(), pa.string(): pd.StringDtype()}


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
    import pandas as pd

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
    """Stream a table's rows as dicts, ROW_GROUP rows at a time (Arrow's default batch, 65,536
    rows, held a 1M-word corpus's whole sentences table as dicts)."""
    path = table_path(out_dir, table)
    if not path.exists():
        raise FileNotFoundError(f"{path} does not exist: run the stage that writes '{table}' first")
    for batch in iter_batches(pq.ParquetFile(path), columns):
        yield from batch.to_pylist()


def iter_batches(parquet: pq.ParquetFile, columns: list[str] | None = None,
                 batch_size: int = ROW_GROUP) -> Iterator[pa.Table]:
    """A Parquet file's rows `batch_size` at a time, read one row group at a time. Arrow's own
    `iter_batches` kept 60 MB more than this per table read at 10 M words (its reader holds
    what it decoded until the end)."""
    for group in range(parquet.num_row_groups):
        table = parquet.read_row_group(group, columns=columns)
        for start in range(0, table.num_rows, batch_size):
            yield table.slice(start, batch_size)
