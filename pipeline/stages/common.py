"""The loop every extraction stage shares: stored docs in, one table out.

A stage is a pure function `(doc_id, doc, context) -> rows`; this module feeds
it the parsed documents in order (with, where asked, the rows an earlier stage
wrote for the same document) and streams the rows into the stage's table.

Reruns are incremental, at two levels:

- **Stage stamp** (`work/stamps/<table>.json`): the hashes of the stage's inputs
  (the `work/parsed` table, the table it `needs`, a fingerprint of its code and
  data files) and the size/mtime of the tables it wrote. When all match, the
  stage is skipped outright: a rerun with nothing changed costs a few hashes.
- **Row cache** (`work/rows/<table>/xx/<key>.pkl`): each document's rows, keyed
  by (doc_id, text SHA-256, model key, stage fingerprint, and the hash of the
  document's rows of the `needs` table). An unchanged document's rows are read
  back without loading its `Doc`; only new or changed documents are computed.
  Entries not used by the latest run are deleted, so the cache tracks the corpus.

`force=True` ignores both and recomputes every document. The fingerprint covers
the source of the module defining `doc_rows` and every `pipeline` module it
imports (transitively), plus every file of the data folder
(`gazetteers.data_dir()`), the Python and spaCy versions and a stage-supplied
`fingerprint` string: editing a gazetteer or the stage's code invalidates the
stage's cache.
"""
from __future__ import annotations

import ast
import hashlib
import importlib.util
import json
import os
import pickle
import shutil
import sys
from contextlib import contextmanager
from itertools import groupby
from pathlib import Path
from typing import Callable, Iterable, Iterator

import spacy
from spacy.tokens import Doc

from ..docstore import iter_parsed_docs, load_doc
from ..tables import TableWriter, iter_table_rows, table_path

DocRows = Callable[..., list[dict]]


def _msgpack_without_entry_point_scan() -> None:
    """Stop srsly rescanning installed packages' entry points on every msgpack call.

    Each `DocBin.to_bytes`/`from_bytes` otherwise asks `importlib.metadata` for
    msgpack codec entry points (about 1.5 ms, more than the rest of loading a
    stored document). Codecs found now are registered explicitly, so behaviour
    is unchanged; only the repeated scan goes.
    """
    try:
        from srsly.msgpack import msgpack_decoders, msgpack_encoders
    except ImportError:  # pragma: no cover - srsly always ships with spaCy
        return
    for registry in (msgpack_encoders, msgpack_decoders):
        if getattr(registry, "entry_points", False):
            for name, func in registry.get_entry_points().items():
                registry.register(name, func=func)
            registry.entry_points = False


_msgpack_without_entry_point_scan()

# Defaults for `run_doc_stage` when a stage does not pass them itself: `api.run`
# sets them for a whole run with `stage_options(n_process=..., force=...)`.
_OPTIONS = {"n_process": 1, "force": False}


@contextmanager
def stage_options(n_process: int | None = None, force: bool | None = None) -> Iterator[None]:
    """Within the block, extraction stages use these `n_process`/`force` unless given explicitly."""
    saved = dict(_OPTIONS)
    if n_process is not None:
        _OPTIONS["n_process"] = n_process
    if force is not None:
        _OPTIONS["force"] = force
    try:
        yield
    finally:
        _OPTIONS.update(saved)


CACHE_VERSION = "rows-1"  # bump when the cache layout or key changes
WINDOW_DOCS = 256  # documents handed to the worker pool at once (bounds memory)
MIN_POOL_DOCS = 8  # fewer documents to compute than this: not worth starting processes


# --------------------------------------------------------------------------
# Hashes, stamps and fingerprints (also used by the sentences stage)
# --------------------------------------------------------------------------

def file_sha256(path: str | Path) -> str | None:
    """SHA-256 of a file's bytes, or None when it does not exist."""
    try:
        handle = open(path, "rb")
    except FileNotFoundError:
        return None
    digest = hashlib.sha256()
    with handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def stat_signature(path: str | Path) -> list[int] | None:
    """[size, mtime_ns] of a file we wrote (None when missing): detects edits and deletions."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    return [st.st_size, st.st_mtime_ns]


def work_dir(out: str | Path) -> Path:
    return Path(out) / "work"


def stamp_path(out: str | Path, name: str) -> Path:
    return work_dir(out) / "stamps" / f"{name}.json"


def rows_dir(out: str | Path, table: str) -> Path:
    return work_dir(out) / "rows" / table


def read_stamp(out: str | Path, name: str) -> dict | None:
    try:
        return json.loads(stamp_path(out, name).read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return None


def write_stamp(out: str | Path, name: str, stamp: dict) -> None:
    path = stamp_path(out, name)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_text(json.dumps(stamp, indent=1, sort_keys=True), encoding="utf-8")
    os.replace(tmp, path)


def remove_stamp(out: str | Path, name: str) -> None:
    stamp_path(out, name).unlink(missing_ok=True)


def fresh_stamp(out: str | Path, name: str, inputs: dict, outputs: Iterable[Path]) -> dict | None:
    """The stage's stamp if its inputs and its outputs are exactly as the last run left them."""
    stamp = read_stamp(out, name)
    if not stamp or stamp.get("inputs") != inputs:
        return None
    if stamp.get("outputs") != {p.name: stat_signature(p) for p in outputs}:
        return None
    return stamp


def record_stamp(out: str | Path, name: str, inputs: dict, outputs: Iterable[Path], **info) -> None:
    """Record a finished run (call after the outputs are in place)."""
    write_stamp(out, name, {"inputs": inputs,
                            "outputs": {p.name: stat_signature(p) for p in outputs}, **info})


def clear_caches(out: str | Path) -> None:
    """Forget every stage stamp and cached row (what `--force` means for later stages)."""
    for sub in ("stamps", "rows"):
        shutil.rmtree(work_dir(out) / sub, ignore_errors=True)


def last_run(out: str | Path, table: str) -> dict:
    """What the last run of a stage did: documents, computed, cached, skipped, rows."""
    stamp = read_stamp(out, table) or {}
    return {k: stamp.get(k) for k in ("documents", "computed", "cached", "skipped", "rows")}


def _module_file(name: str) -> Path | None:
    module = sys.modules.get(name)
    origin = getattr(module, "__file__", None)
    if origin is None:
        try:
            spec = importlib.util.find_spec(name)
        except (ImportError, ValueError):
            return None
        origin = spec.origin if spec else None
    return Path(origin) if origin and origin.endswith(".py") else None


def _imported_modules(name: str, path: Path) -> set[str]:
    """`pipeline.*` modules imported anywhere in a module's source (relative imports resolved)."""
    root = name.split(".")[0]
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_bytes())):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                base = ".".join(base + ([node.module] if node.module else []))
            else:
                base = node.module or ""
            found.add(base)
            # `from . import x` / `from .pkg import sub`: x may be a submodule.
            found.update(f"{base}.{a.name}" for a in node.names)
    return {m for m in found if m == root or m.startswith(root + ".")}


def module_closure(module: str) -> list[Path]:
    """Source files of `module` and of every same-package module it imports, transitively."""
    seen: dict[str, Path] = {}
    todo = [module]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        path = _module_file(name)
        if path is None:
            continue
        seen[name] = path
        todo.extend(_imported_modules(name, path) - set(seen))
    return [seen[name] for name in sorted(seen)]


def data_files() -> list[Path]:
    from ..gazetteers import data_dir

    root = data_dir()
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.is_dir() else []


def code_fingerprint(fn: Callable, extra: str | None = None) -> str:
    """Hash of what a stage function's output depends on besides the document."""
    digest = hashlib.sha256()
    for part in (CACHE_VERSION, sys.version.split()[0], spacy.__version__,
                 f"{fn.__module__}.{getattr(fn, '__qualname__', repr(fn))}", extra or ""):
        digest.update(part.encode() + b"\0")
    for path in module_closure(fn.__module__) + data_files():
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def rows_digest(rows: list[dict]) -> str:
    """A stable hash of a document's rows of another table."""
    text = json.dumps(rows, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def row_key(fingerprint: str, parsed: dict, needs_digest: str = "") -> str:
    parts = (fingerprint, parsed["doc_id"], parsed["sha256"], parsed.get("model") or "", needs_digest)
    return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()


# --------------------------------------------------------------------------
# Documents, with their rows of an earlier table
# --------------------------------------------------------------------------

def iter_rows_by_doc(out: str | Path, table: str) -> Iterator[tuple[str, list[dict]]]:
    """(doc_id, rows) for a table whose rows are grouped by document."""
    for doc_id, rows in groupby(iter_table_rows(out, table), key=lambda r: r["doc_id"]):
        yield doc_id, list(rows)


def _parsed_rows(out: str | Path) -> Iterator[dict]:
    """Rows of `work/parsed` (doc_id, sha256, path, model), in documents order."""
    return iter_table_rows(work_dir(out), "parsed")


def _parsed_ids(out: str | Path) -> set[str]:
    return {r["doc_id"] for r in iter_table_rows(work_dir(out), "parsed", ["doc_id"])}


def parsed_with_rows(out: str | Path, table: str | None) -> Iterator[tuple[dict, list[dict] | None]]:
    """Each `work/parsed` row with the document's rows of `table` (None when no table is needed).

    Both tables follow the documents order; groups of `table` whose document is
    no longer parsed (a stale table) are skipped instead of derailing the merge.
    """
    if table is None:
        for row in _parsed_rows(out):
            yield row, None
        return
    if not table_path(out, table).exists():
        for row in _parsed_rows(out):
            yield row, []
        return
    known = _parsed_ids(out)
    grouped = (g for g in iter_rows_by_doc(out, table) if g[0] in known)
    pending = next(grouped, None)
    for row in _parsed_rows(out):
        rows: list[dict] = []
        if pending is not None and pending[0] == row["doc_id"]:
            rows = pending[1]
            pending = next(grouped, None)
        yield row, rows


def docs_with_rows(out: str | Path, table: str) -> Iterator[tuple[str, Doc, list[dict]]]:
    """Parsed documents, each with its rows of `table` (empty list when it has none)."""
    for parsed, rows in parsed_with_rows(out, table):
        yield parsed["doc_id"], load_doc(Path(parsed["path"])), rows


# --------------------------------------------------------------------------
# The stage loop
# --------------------------------------------------------------------------

def _read_rows(path: Path) -> list[dict] | None:
    try:
        return pickle.loads(path.read_bytes())
    except FileNotFoundError:
        return None
    except Exception:  # a damaged cache entry is recomputed, never trusted
        return None


def _write_rows(path: Path, rows: list[dict]) -> None:
    data = pickle.dumps(rows, protocol=pickle.HIGHEST_PROTOCOL)
    try:
        if path.read_bytes() == data:  # (forced reruns) renaming over a file costs a flush
            return
    except OSError:
        path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def _compute(task: tuple) -> list[dict]:
    """One document's rows, computed and cached. Runs in the worker processes too."""
    doc_rows, parsed, needs_rows, cache_path = task
    doc = load_doc(Path(parsed["path"]))
    if needs_rows is None:
        rows = doc_rows(parsed["doc_id"], doc)
    else:
        rows = doc_rows(parsed["doc_id"], doc, needs_rows)
    _write_rows(cache_path, rows)
    return rows


def _windows(items: Iterator, size: int) -> Iterator[list]:
    window = []
    for item in items:
        window.append(item)
        if len(window) == size:
            yield window
            window = []
    if window:
        yield window


def _prune(directory: Path, keep: set[str]) -> int:
    """Delete cached rows not used by the run that just finished."""
    removed = 0
    if not directory.is_dir():
        return 0
    for sub in os.scandir(directory):
        if not sub.is_dir():
            continue
        for entry in os.scandir(sub.path):
            if entry.name.removesuffix(".pkl") not in keep:
                os.unlink(entry.path)
                removed += 1
        try:
            os.rmdir(sub.path)  # only succeeds when the folder is now empty
        except OSError:
            pass
    return removed


def _picklable(obj) -> bool:
    try:
        pickle.dumps(obj)
        return True
    except Exception:
        return False


def run_doc_stage(
    out: str | Path,
    table: str,
    doc_rows: DocRows,
    needs: str | None = None,
    progress: Callable[[int], None] = lambda n: None,
    *,
    force: bool | None = None,
    fingerprint: str | None = None,
    n_process: int | None = None,
) -> int:
    """Write `table` from `doc_rows(doc_id, doc)` (or `doc_rows(doc_id, doc, rows_of_needs)`).

    Only documents whose inputs changed are computed (see the module docstring);
    `force` recomputes all; `fingerprint` adds anything else the rows depend on;
    `n_process > 1` computes documents in a process pool (same rows, same order).
    `force` and `n_process` default to the enclosing `stage_options` (else False, 1).
    Returns the number of rows.
    """
    force = _OPTIONS["force"] if force is None else force
    n_process = _OPTIONS["n_process"] if n_process is None else n_process
    out = Path(out)
    parsed_table = table_path(work_dir(out), "parsed")
    if not parsed_table.exists():
        raise FileNotFoundError(f"{parsed_table} does not exist: run the sentences stage first")
    fp = code_fingerprint(doc_rows, fingerprint)
    inputs = {"fingerprint": fp, "parsed": file_sha256(parsed_table),
              "needs": file_sha256(table_path(out, needs)) if needs else None}
    outputs = [out / f"{table}.parquet", out / f"{table}.csv"]

    stamp = None if force else fresh_stamp(out, table, inputs, outputs)
    if stamp is not None:
        progress(stamp["documents"])
        stamp.update(skipped=True, computed=0, cached=0)
        write_stamp(out, table, stamp)
        return stamp["rows"]

    cache_dir = rows_dir(out, table)
    used: set[str] = set()
    computed = documents = 0

    def tasks() -> Iterator[tuple]:
        for parsed, needs_rows in parsed_with_rows(out, needs):
            key = row_key(fp, parsed, rows_digest(needs_rows) if needs_rows is not None else "")
            used.add(key)
            yield doc_rows, parsed, needs_rows, cache_dir / key[:2] / f"{key}.pkl"

    parallel = n_process > 1 and _picklable(doc_rows)
    pool = None
    try:
        with TableWriter(out, table) as writer:
            for window in _windows(tasks(), WINDOW_DOCS):
                # Cached rows are read here; only the misses are computed (in the pool
                # when there are enough of them to pay for it), then all written in order.
                results = [None if force else _read_rows(task[3]) for task in window]
                misses = [task for task, rows in zip(window, results) if rows is None]
                if parallel and len(misses) >= max(MIN_POOL_DOCS, n_process):
                    if pool is None:
                        import multiprocessing

                        method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
                        pool = multiprocessing.get_context(method).Pool(n_process)
                    fresh = iter(pool.map(_compute, misses, chunksize=max(1, len(misses) // (4 * n_process))))
                else:
                    fresh = map(_compute, misses)
                for rows in results:
                    if rows is None:
                        rows = next(fresh)
                        computed += 1
                    writer.write_many(rows)
                    documents += 1
                    progress(1)
    finally:
        if pool is not None:
            pool.close()
            pool.join()
    _prune(cache_dir, used)
    record_stamp(out, table, inputs, outputs, rows=writer.n_rows, documents=documents,
                 computed=computed, cached=documents - computed, skipped=False)
    return writer.n_rows


__all__ = ["run_doc_stage", "stage_options", "docs_with_rows", "iter_rows_by_doc", "parsed_with_rows",
           "iter_parsed_docs", "code_fingerprint", "last_run", "clear_caches"]
