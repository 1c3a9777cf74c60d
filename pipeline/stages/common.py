"""The loop every extraction stage shares: stored docs in, one table out.

A stage is a pure function `(doc_id, doc, context) -> rows`; `run_doc_stage`
feeds it the parsed documents in order (with, where asked, the rows an earlier
stage wrote for the same document) and streams the rows into the stage's table.

Reruns are incremental (see `pipeline.incremental`): a stage whose inputs,
code fingerprint and outputs are as the last run left them is skipped
outright; otherwise each unchanged document's rows are read back from the row
cache without loading its `Doc`, and only new or changed documents are
computed (in a process pool with `n_process > 1`: same rows, same order).
Cache entries the run did not use are deleted. `force=True` recomputes all.
"""
from __future__ import annotations

import pickle
from contextlib import contextmanager
from itertools import groupby
from pathlib import Path
from typing import Callable, Iterable, Iterator


from ..docstore import iter_parsed_docs, load_doc
from ..incremental import (clear_caches, code_fingerprint, file_sha256, fresh_stamp, last_run, prune_rows,
                           read_rows, record_stamp, remove_stamp, row_key, rows_digest, rows_dir, work_dir,
                           write_rows, write_stamp)
from ..tables import TableWriter, iter_table_rows, table_path

DocRows = Callable[..., list[dict]]


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


WINDOW_DOCS = 256  # documents handed to the worker pool at once (bounds memory)
MIN_POOL_DOCS = 8  # fewer documents to compute than this: not worth starting processes


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


# --------------------------------------------------------------------------
# The stage loop
# --------------------------------------------------------------------------

def _compute(task: tuple) -> list[dict]:
    """One document's rows, computed and cached. Runs in the worker processes too."""
    doc_rows, parsed, needs_rows, cache_path = task
    doc = load_doc(Path(parsed["path"]))
    if needs_rows is None:
        rows = doc_rows(parsed["doc_id"], doc)
    else:
        rows = doc_rows(parsed["doc_id"], doc, needs_rows)
    write_rows(cache_path, rows)
    return rows


def windows(items: Iterable, size: int) -> Iterator[list]:
    """Consecutive lists of `size` items (the last one shorter)."""
    window = []
    for item in items:
        window.append(item)
        if len(window) == size:
            yield window
            window = []
    if window:
        yield window


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
            for window in windows(tasks(), WINDOW_DOCS):
                # Cached rows are read here; only the misses are computed (in the pool
                # when there are enough of them to pay for it), then all written in order.
                results = [None if force else read_rows(task[3]) for task in window]
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
    prune_rows(cache_dir, used)
    record_stamp(out, table, inputs, outputs, rows=writer.n_rows, documents=documents,
                 computed=computed, cached=documents - computed, skipped=False)
    return writer.n_rows


__all__ = ["run_doc_stage", "stage_options", "iter_rows_by_doc", "parsed_with_rows",
           "iter_parsed_docs", "windows", "code_fingerprint", "last_run", "clear_caches", "file_sha256",
           "fresh_stamp", "record_stamp", "remove_stamp", "rows_dir"]
