"""Word lists loaded once per process, yet never older than their files.

The extractors keep what they read from the data folder for the life of the
process (`lexicon`, the gazetteer, its matcher). `forget_if_changed` is asked
before each partition by the worker (not by the extractors, whose cache keys
name only their own files): when a file of the folder changed since the last
check, all of it is dropped and read again on first use.
"""
from __future__ import annotations

from pathlib import Path

from ..gazetteers import _load_gazetteer, _organization_names, data_dir
from ..storage.incremental import data_files
from .entities.matcher import _matcher
from .lexicon import _lexicon, _lexicon_of_setting

_SEEN: dict[str, tuple] = {}  # data folder -> the files' (name, mtime, size) when last checked


def forget_if_changed(folder: str | Path | None = None) -> bool:
    """Drop every word list, gazetteer and matcher loaded from `folder` (default: the data folder
    in force) if one of its files changed since the last check. The partition worker asks this
    before each partition, so a process that lives across runs (the API called twice, a Dask
    worker) never extracts with the words of an older file. A stat per file: cheap."""
    folder = Path(folder or data_dir())
    stamp = tuple((str(p), st.st_mtime_ns, st.st_size) for p in data_files(folder) for st in [p.stat()])
    before = _SEEN.get(str(folder))
    _SEEN[str(folder)] = stamp
    if before is None or before == stamp:
        return False
    for cached in (_lexicon, _lexicon_of_setting, _load_gazetteer, _organization_names, _matcher):
        cached.cache_clear()
    return True
