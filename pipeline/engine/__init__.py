"""The partition engine: how documents become tables, on one core, many, or a Dask cluster.

    partitions.py  stable groups of consecutive documents (and segments of huge ones)
    extract.py     the pure core: a partition's parsed Docs -> rows of every table
    worker.py      one partition: parse or read the cached parse, extract, return Arrow columns
    executors.py   where partitions run: this process, N local processes, Dask
    store.py       the per-partition caches under outputs/work/partitions/
    runner.py      update_tables(): keys, skip what is fresh, run, commit, write tables
    lock.py        one run per output folder

Every stage (`sentences`, `entities`, `quantities`, `attributions`) and `run`
call `update_tables(out, tables, EngineOptions(...))`.
"""
from .executors import UserError
from .lock import OutputLocked, output_lock
from .runner import EngineOptions, TableUpdate, iter_parsed_docs, update_tables

__all__ = ["EngineOptions", "TableUpdate", "update_tables", "iter_parsed_docs", "output_lock",
           "OutputLocked", "UserError"]
