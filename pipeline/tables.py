"""Reading and writing the output tables: Parquet (typed) and CSV (for people).

Writes are atomic: each file is written under a temporary name in the same
directory and renamed into place, so an interrupted run never leaves a
half-written table. Rows are streamed in row groups, never held all at once.
"""
from __future__ import annotations

import csv
import itertools
import os
from contextlib import contextmanager
from pathlib import Path
from typing import Iterable, Iterator

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from .schemas import SCHEMAS

ROW_GROUP = 5_000  # rows buffered per Parquet row group / CSV write (bounds memory)
# Nullable pandas types, so an integer column with gaps stays integer.
_PANDAS_TYPES = {pa.int64(): pd.Int64Dtype(), pa.bool_(): pd.BooleanDtype(), pa.string(): pd.StringDtype()}


def _csv_value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    return str(value)


def _file_mode() -> int:
    """Permissions a newly created file gets under the process umask (read once)."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


_NEW_FILE_MODE = _file_mode()
_TMP_IDS = itertools.count()


@contextmanager
def atomic_path(final: Path) -> Iterator[Path]:
    """A temporary path beside `final`, renamed onto it when the block succeeds.

    The name is unique per process and call (pid and a counter), so concurrent
    writers (worker processes) never share one; the file ends up readable by
    everyone (0644) like the other outputs.
    """
    final = Path(final)
    final.parent.mkdir(parents=True, exist_ok=True)
    tmp = final.with_name(f".{final.name}.{os.getpid()}.{next(_TMP_IDS)}.tmp")
    done = False
    try:
        yield tmp
        if _NEW_FILE_MODE != 0o644:
            os.chmod(tmp, 0o644)
        os.replace(tmp, final)
        done = True
    finally:
        if not done:
            tmp.unlink(missing_ok=True)


def atomic_write_text(final: Path, text: str) -> None:
    with atomic_path(final) as tmp:
        tmp.write_text(text, encoding="utf-8")


class TableWriter:
    """Stream rows (dicts keyed by the schema's columns) into NAME.parquet and NAME.csv."""

    def __init__(self, out_dir: str | Path, table: str, with_csv: bool = True):
        self.table = table
        self.with_csv = with_csv
        self.schema = SCHEMAS[table]
        self.out_dir = Path(out_dir)
        self.n_rows = 0
        self._buffer: list[dict] = []

    def __enter__(self) -> "TableWriter":
        self._pq_ctx = atomic_path(self.out_dir / f"{self.table}.parquet")
        self._pq = pq.ParquetWriter(self._pq_ctx.__enter__(), self.schema)
        self._csv_ctx = self._csv_file = None
        if self.with_csv:
            self._csv_ctx = atomic_path(self.out_dir / f"{self.table}.csv")
            self._csv_file = open(self._csv_ctx.__enter__(), "w", encoding="utf-8", newline="")
            self._csv = csv.writer(self._csv_file)
            self._csv.writerow(self.schema.names)
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
        names = self.schema.names
        self._pq.write_table(pa.Table.from_pylist(self._buffer, schema=self.schema))
        for row in self._buffer if self._csv_file else ():
            self._csv.writerow([_csv_value(row.get(n)) for n in names])
        self.n_rows += len(self._buffer)
        self._buffer = []

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None:
            try:
                self._flush()
            except BaseException as err:  # a bad last batch must not replace a good table
                exc_type, exc, tb = type(err), err, err.__traceback__
        self._pq.close()
        # On error the temporary files are removed and the old tables stay.
        if self._csv_ctx:
            self._csv_file.close()
            self._csv_ctx.__exit__(exc_type, exc, tb)
        self._pq_ctx.__exit__(exc_type, exc, tb)
        if exc is not None:
            raise exc


def write_table(out_dir: str | Path, table: str, rows: Iterable[dict], with_csv: bool = True) -> int:
    """Write all rows of a table; return the number of rows."""
    with TableWriter(out_dir, table, with_csv=with_csv) as writer:
        writer.write_many(rows)
    return writer.n_rows


def table_path(out_dir: str | Path, table: str) -> Path:
    return Path(out_dir) / f"{table}.parquet"


def read_table(out_dir: str | Path, table: str) -> pd.DataFrame:
    """A table as a DataFrame with its schema's types (missing values as <NA>)."""
    path = table_path(out_dir, table)
    if not path.exists():
        raise FileNotFoundError(f"{path} does not exist: run the stage that writes '{table}' first")
    return pq.read_table(path, schema=SCHEMAS[table]).to_pandas(types_mapper=_PANDAS_TYPES.get)


def iter_table_rows(out_dir: str | Path, table: str, columns: list[str] | None = None) -> Iterator[dict]:
    """Stream a table's rows as dicts, one row group at a time."""
    path = table_path(out_dir, table)
    if not path.exists():
        raise FileNotFoundError(f"{path} does not exist: run the stage that writes '{table}' first")
    parquet = pq.ParquetFile(path)
    for batch in parquet.iter_batches(columns=columns):
        yield from batch.to_pylist()
