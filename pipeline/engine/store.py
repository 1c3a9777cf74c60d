"""The partition caches under `outputs/work/partitions/`: one parse and one file of rows per table.

    work/partitions/parses/<parse key>.spacy      DocBin of the partition's documents
    work/partitions/<table>/<rows key>.parquet    the partition's rows of one table

Keys are content hashes (texts, model, code and data of the extractor: see
`runner.partition_keys`), so a file is either right or absent; each is
written atomically (temporary name, then rename), so a killed run leaves
whole files only. Nothing here is a pickle: DocBin is msgpack, rows are Parquet.
The number of files grows with partitions, not with documents.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Iterable

import pyarrow as pa
import pyarrow.parquet as pq

from ..catalog import Catalog
from ..schemas import SCHEMAS
from ..tables import atomic_path, is_temporary_name

PARSES = "parses"


class PartitionStore:
    def __init__(self, out: str | Path):
        self.root = Catalog(Path(out)).partitions

    def parse_path(self, key: str) -> Path:
        return self.root / PARSES / f"{key}.spacy"

    def rows_path(self, table: str, key: str) -> Path:
        return self.root / table / f"{key}.parquet"

    # parses ------------------------------------------------------------------
    def read_parse(self, key: str) -> bytes | None:
        try:
            return self.parse_path(key).read_bytes()
        except (FileNotFoundError, IsADirectoryError):
            return None

    def write_parse(self, key: str, data: bytes) -> None:
        with atomic_path(self.parse_path(key)) as tmp:
            tmp.write_bytes(data)

    # rows --------------------------------------------------------------------
    def rows_readable(self, table: str, key: str, echo=lambda s: None) -> bool:
        """The rows file exists and its Parquet footer reads; a damaged one is reported and deleted."""
        path = self.rows_path(table, key)
        if not path.is_file():
            return False
        try:
            pq.read_metadata(path)
            return True
        except Exception as err:  # truncated or garbled: recomputed, never trusted
            echo(f"warning: damaged cache file of table {table} ({key[:12]}...): {type(err).__name__}; "
                 "computing it again")
            path.unlink(missing_ok=True)
            return False

    def write_rows(self, table: str, key: str, rows: pa.Table) -> None:
        with atomic_path(self.rows_path(table, key)) as tmp:
            pq.write_table(rows, tmp)

    def read_rows(self, table: str, key: str) -> pa.Table:
        """The cached rows (raises on a missing or damaged file: the runner recomputes it)."""
        return pq.read_table(self.rows_path(table, key), schema=SCHEMAS[table])

    def discard_rows(self, table: str, key: str) -> None:
        self.rows_path(table, key).unlink(missing_ok=True)

    # housekeeping --------------------------------------------------------------
    def prune(self, folder: str, keep: Iterable[str]) -> int:
        """Delete the files of `folder` (a table or `parses`) whose key is not in `keep`."""
        keep = set(keep)
        directory = self.root / folder
        removed = 0
        if not directory.is_dir():
            return 0
        for entry in os.scandir(directory):
            key = entry.name.split(".", 1)[0]
            if is_temporary_name(entry.name) or key not in keep:
                os.unlink(entry.path)  # temporary files of killed runs go too
                removed += 1
        return removed

    def file_count(self) -> int:
        return sum(len(files) for _root, _dirs, files in os.walk(self.root)) if self.root.is_dir() else 0


def remove_temporary_files(out: str | Path) -> int:
    """Delete the temporary files (`.NAME.PID.N.tmp`) a killed run left in `out` and `out/work`.

    Call only while holding the output lock: then no other run is writing them.
    """
    out = Path(out)
    removed = 0
    for folder in [out, *[p for p in (out / "work").rglob("*") if p.is_dir()]] if out.is_dir() else []:
        for entry in os.scandir(folder):
            if is_temporary_name(entry.name) and entry.is_file(follow_symlinks=False):
                os.unlink(entry.path)
                removed += 1
    return removed
