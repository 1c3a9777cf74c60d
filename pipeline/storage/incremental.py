"""Incremental runs: content hashes, stage stamps and code fingerprints.

- **Stage stamp** (`work/stamps/<name>.json`): the hashes of a stage's inputs
  and the size/mtime of the files it wrote (`fresh_stamp`, `record_stamp`).
  When both match the last run, the stage is skipped outright.
- **Code fingerprint** (`code_fingerprint`): the source of the module defining
  a stage function and of every `pipeline` module it imports (transitively),
  the data files it reads (an extractor's own, from the registry; by default
  every file of the data folder and KIND's organisation list), the Python and
  spaCy versions and an optional extra string.

The partition engine (`pipeline.engine.runner`) keys its caches with them.
"""
from __future__ import annotations

import ast
import hashlib
import importlib.util
import os
import sys
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable

import spacy

from .catalog import Catalog
from .integrity import read_sealed_json, write_sealed_json

CACHE_VERSION = "rows-2"  # bump when the cache layout or key changes


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
    return Catalog(Path(out)).work


def stamp_path(out: str | Path, name: str) -> Path:
    return work_dir(out) / "stamps" / f"{name}.json"


def read_stamp(out: str | Path, name: str, echo: Callable[[str], None] = lambda s: None) -> dict | None:
    """The stage's stamp; None when missing or damaged (reported: the stage then recomputes)."""
    try:
        stamp = read_sealed_json(stamp_path(out, name))
    except (OSError, ValueError) as err:  # Damaged is a ValueError
        echo(f"warning: damaged stamp of {name} ({err}); computing it again")
        return None
    return stamp if isinstance(stamp, dict) else None


def write_stamp(out: str | Path, name: str, stamp: dict) -> None:
    write_sealed_json(stamp_path(out, name), stamp)


def remove_stamp(out: str | Path, name: str) -> None:
    stamp_path(out, name).unlink(missing_ok=True)


def fresh_stamp(out: str | Path, name: str, inputs: dict, outputs: Iterable[Path],
                echo: Callable[[str], None] = lambda s: None) -> dict | None:
    """The stage's stamp if its inputs and its outputs are exactly as the last run left them."""
    stamp = read_stamp(out, name, echo)
    if not stamp or stamp.get("inputs") != inputs:
        return None
    if stamp.get("outputs") != {p.name: stat_signature(p) for p in outputs}:
        return None
    return stamp


def record_stamp(out: str | Path, name: str, inputs: dict, outputs: Iterable[Path], **info) -> None:
    """Record a finished run (call after the outputs are in place)."""
    write_stamp(out, name, {"inputs": inputs,
                            "outputs": {p.name: stat_signature(p) for p in outputs}, **info})


def last_run(out: str | Path, table: str) -> dict:
    """What the last computing run of a table did: rows, documents, partitions, computed ones."""
    stamp = read_stamp(out, table) or {}
    return {k: stamp.get(k) for k in ("rows", "documents", "partitions", "computed_partitions",
                                      "computed_documents")}


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
    """`pipeline.*` modules imported anywhere in a module's source (relative imports resolved).
    Parsed once per process and version of the file (a run fingerprints every table and the
    report, whose closures share most modules)."""
    stat = path.stat()
    return set(_imports_of(name, str(path), stat.st_mtime_ns, stat.st_size))


@lru_cache(maxsize=1024)
def _imports_of(name: str, source: str, _mtime_ns: int, _size: int) -> frozenset[str]:
    path = Path(source)
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
    return frozenset(m for m in found if m == root or m.startswith(root + "."))


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


def data_files(root: Path | None = None) -> list[Path]:
    """Every file of the data folder (default: the one in force) and KIND's organisation list."""
    from ..gazetteers import data_dir, kind_organizations_file

    root = root or data_dir()
    files = sorted(p for p in root.rglob("*") if p.is_file()) if root.is_dir() else []
    kind = kind_organizations_file()  # read from the shared data folder: a changed list recomputes too
    return files + ([kind] if kind else [])


def code_fingerprint(fn: Callable, extra: str | None = None, data: list[Path] | None = None) -> str:
    """Hash of what a stage function's output depends on besides the document; `data`: the
    data files it reads (default: every one, `data_files`)."""
    digest = hashlib.sha256()
    for part in (CACHE_VERSION, sys.version.split()[0], spacy.__version__,
                 f"{fn.__module__}.{getattr(fn, '__qualname__', repr(fn))}", extra or ""):
        digest.update(part.encode() + b"\0")
    for path in module_closure(fn.__module__) + (data_files() if data is None else data):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()
