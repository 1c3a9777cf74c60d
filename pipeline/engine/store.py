"""The partition caches under `outputs/work/partitions/`: one parse and one file of rows per table.

    work/partitions/parses/<parse key>.spacy      DocBin of the partition's documents
    work/partitions/<table>/<rows key>.parquet    the partition's rows of one table

Keys are content hashes (texts, model, code and data of the extractor: see
`runner.partition_keys`), so a file is either right or absent; each is
written atomically (temporary name, then rename), so a killed run leaves
whole files only, and sealed with the SHA-256 of its bytes (`integrity`), so a
flipped bit is found before the file is used: reported in one line and
recomputed. Nothing here is a pickle: DocBin is msgpack, rows are Parquet.
The number of files grows with partitions, not with documents.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Callable, Iterable

import pyarrow as pa
import pyarrow.parquet as pq

from ..storage.atomic import is_temporary_name
from ..storage.catalog import Catalog
from ..storage.integrity import Damaged, read_sealed, write_sealed
from ..storage.schemas import SCHEMAS

PARSES = "parses"


def _quiet(_message: str) -> None:
    pass


class PartitionStore:
    def __init__(self, out: str | Path, echo: Callable[[str], None] = _quiet):
        self.root = Catalog(Path(out)).partitions
        self.echo = echo

    def parse_path(self, key: str) -> Path:
        return self.root / PARSES / f"{key}.spacy"

    def rows_path(self, table: str, key: str) -> Path:
        return self.root / table / f"{key}.parquet"

    def _damaged(self, what: str, path: Path, key: str, err, echo=None) -> None:
        (echo or self.echo)(f"warning: damaged cache file of {what} ({key[:12]}...): {err}; computing it again")
        try:
            path.unlink(missing_ok=True)
        except IsADirectoryError:
            pass  # a folder where a file should be: the atomic write will fail loudly, not silently

    # parses ------------------------------------------------------------------
    def read_parse(self, key: str) -> bytes | None:
        """The cached parse, or None (missing, or damaged: reported and discarded)."""
        path = self.parse_path(key)
        try:
            return read_sealed(path)
        except Damaged as err:
            self._damaged("the parses", path, key, err)
            return None

    def write_parse(self, key: str, data: bytes) -> None:
        write_sealed(self.parse_path(key), data)

    # rows --------------------------------------------------------------------
    def rows_readable(self, table: str, key: str, echo=None) -> bool:
        """The rows file exists and verifies; a damaged one is reported and deleted."""
        return self._rows(table, key, echo) is not None

    def _rows(self, table: str, key: str, echo=None) -> pa.Table | None:
        path = self.rows_path(table, key)
        try:
            payload = read_sealed(path)
            if payload is None:
                return None
            return pq.read_table(pa.BufferReader(payload), schema=SCHEMAS[table])
        except (Damaged, pa.ArrowException, ValueError) as err:  # recomputed, never trusted
            self._damaged(f"table {table}", path, key, err if isinstance(err, Damaged) else type(err).__name__, echo)
            return None

    def write_rows(self, table: str, key: str, rows: pa.Table) -> None:
        sink = pa.BufferOutputStream()
        pq.write_table(rows, sink)
        write_sealed(self.rows_path(table, key), sink.getvalue().to_pybytes())

    def read_rows(self, table: str, key: str) -> pa.Table:
        """The cached rows (raises Damaged on a missing or damaged file: the runner recomputes it)."""
        payload = read_sealed(self.rows_path(table, key))
        if payload is None:
            raise Damaged("missing")
        return pq.read_table(pa.BufferReader(payload), schema=SCHEMAS[table])

    def discard_rows(self, table: str, key: str) -> None:
        self.rows_path(table, key).unlink(missing_ok=True)

    # housekeeping --------------------------------------------------------------
    def prune(self, folder: str, keep: Iterable[str]) -> int:
        """Delete the files of `folder` (a table or `parses`) whose key is not in `keep`."""
        keep = set(keep)
        directory = self.root / folder
        removed = 0
        if not directory.is_dir() or directory.is_symlink():
            return 0
        for entry in os.scandir(directory):
            key = entry.name.split(".", 1)[0]
            if is_temporary_name(entry.name) or key not in keep:
                if entry.is_dir(follow_symlinks=False):
                    continue  # not ours to delete
                os.unlink(entry.path)  # temporary files of killed runs go too (a link: the link only)
                removed += 1
        return removed

    def file_count(self) -> int:
        return sum(len(files) for _root, _dirs, files in os.walk(self.root)) if self.root.is_dir() else 0


def _work_folders(out: Path) -> Iterable[str]:
    """`out` and every real folder under `out/work` (links are never followed)."""
    yield str(out)
    for folder, _dirs, _files in os.walk(out / "work", followlinks=False):
        yield folder


def remove_temporary_files(out: str | Path) -> int:
    """Delete the temporary files (`.NAME.PID.N.tmp`) a killed run left in `out` and under `out/work`.

    Call only while holding the output lock: then no other run is writing them.
    """
    out = Path(out)
    removed = 0
    if not out.is_dir():
        return 0
    for folder in _work_folders(out):
        for entry in os.scandir(folder):
            if is_temporary_name(entry.name) and not entry.is_dir(follow_symlinks=False):
                os.unlink(entry.path)
                removed += 1
    return removed


def secure_tree(out: str | Path, echo: Callable[[str], None] = _quiet, names: Iterable[str] = ()) -> int:
    """Remove every symbolic link under `out/work` and at the top-level `names` the pipeline writes
    (the links themselves, never what they point to), so no later write or delete follows one out
    of the folder. Call under the output lock."""
    from ..storage.outdir import OUR_NAMES

    out = Path(out)
    found = [out / name for name in sorted(set(names) | OUR_NAMES) if (out / name).is_symlink()]
    if (out / "work").is_dir() and not (out / "work").is_symlink():
        for folder, dirs, files in os.walk(out / "work", followlinks=False):
            found += [Path(folder, name) for name in dirs + files if os.path.islink(os.path.join(folder, name))]
    for link in found:
        echo(f"warning: removed a symbolic link planted in the output folder: {link} -> {os.readlink(link)}")
        link.unlink()
    return len(found)
