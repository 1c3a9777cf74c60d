"""Which folders `--out` may write into, and what `clean` may remove.

An output folder of the pipeline is marked by its `manifest.json`, written
before anything else (`prepare_out_dir`). `--out` refuses the filesystem root,
the home folder, the project's source tree (and any folder holding them), and a
non-empty folder without a manifest unless `force_out` (someone else's files
would be overwritten). `clean_out_dir` removes only the names the pipeline
writes, temporary files of killed runs included.
"""
from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from .model import PACKAGE_DIR, PROJECT_ROOT
from .schemas import SCHEMAS
from .tables import is_temporary_name

MANIFEST = "manifest.json"
_INTERNAL_TABLES = {"texts"}  # under work/, Parquet only
OUR_NAMES = ({f"{t}.{ext}" for t in SCHEMAS if t not in _INTERNAL_TABLES for ext in ("parquet", "csv")}
             | {MANIFEST, "report.html", "news.sqlite", ".pipeline.lock", "work", "bench",
                "ner_predictions.tsv", "ner_predictions_documents.tsv"})
_IGNORED = {".gitkeep"}  # a folder holding only these counts as empty


class OutDirError(Exception):
    """An output folder the pipeline must not write into or clean (a user error)."""


def _source_root() -> Path:
    """The checkout (folder of pyproject.toml) or, installed, the package folder."""
    return PROJECT_ROOT if (PROJECT_ROOT / "pyproject.toml").exists() else PACKAGE_DIR


def _protected(real: Path) -> str | None:
    """Why `real` (a resolved path) must never be an output folder, or None."""
    if real == Path(real.anchor):
        return "the filesystem root"
    try:
        home = Path.home().resolve()
    except RuntimeError:  # no HOME and no password entry: nothing to protect there
        home = Path(real.anchor)
    if real == home or real in home.parents:
        return "the home folder" if real == home else "a folder holding the home folder"
    src = _source_root().resolve()
    if real == src or real in src.parents:
        return "the project's source tree" if real == src else "a folder holding the project's source tree"
    for inner in {PACKAGE_DIR.resolve(), src / "models", src / "seeds", src / "tests", src / ".git"}:
        if real == inner or inner in real.parents:
            return "inside the project's source tree"
    return None


def _resolve(out: str | Path) -> tuple[Path, Path]:
    text = str(out).strip()
    if not text:
        raise OutDirError("the output folder is empty: name one (--out DIR, OUT=DIR)")
    path = Path(os.path.expanduser(text))
    return path, path.resolve()


def refuse_protected(out: str | Path, doing: str = "write into") -> Path:
    """`out` as a Path unless it is the root, the home folder or the source tree (OutDirError)."""
    path, real = _resolve(out)
    reason = _protected(real)
    if reason:
        raise OutDirError(f"refusing to {doing} {out}: it is {reason}")
    return path


def is_ours(name: str) -> bool:
    """A file or folder name the pipeline writes at the top of an output folder."""
    return name in OUR_NAMES or is_temporary_name(name)


def check_out_dir(out: str | Path, force_out: bool = False) -> Path:
    """`out` as a Path if the pipeline may write there, else OutDirError with the reason."""
    path = refuse_protected(out)
    if path.exists() and not path.is_dir():
        raise OutDirError(f"output path is not a folder: {out}")
    if path.is_dir() and not (path / MANIFEST).exists() and not force_out:
        foreign = sorted(p.name for p in path.iterdir() if p.name not in _IGNORED)
        if foreign:
            raise OutDirError(
                f"refusing to write into {out}: it is not empty ({', '.join(foreign[:3])}"
                f"{', ...' if len(foreign) > 3 else ''}) and not a pipeline output folder (no {MANIFEST}); "
                "choose a new or empty folder, or pass --force-out")
    return path


def prepare_out_dir(out: str | Path, force_out: bool = False) -> Path:
    """Check `out`, create it and mark it as a pipeline output folder (an empty manifest)."""
    path = check_out_dir(out, force_out)
    manifest = path / MANIFEST
    try:
        path.mkdir(parents=True, exist_ok=True)
        if not manifest.exists():
            manifest.write_text(json.dumps({}) + "\n", encoding="utf-8")
    except OSError as err:
        raise OutDirError(f"output folder not writable: {out} ({err.strerror or err})") from None
    return path


def clean_out_dir(out: str | Path) -> list[Path]:
    """Remove what the pipeline wrote in `out` (nothing else); return what was removed.

    A folder without a manifest is cleaned only when everything in it is ours.
    """
    path = refuse_protected(out, "clean")
    if not path.is_dir():
        return []
    entries = [p for p in path.iterdir() if p.name not in _IGNORED]
    ours = [p for p in entries if is_ours(p.name)]
    if not (path / MANIFEST).exists() and len(ours) < len(entries):
        raise OutDirError(f"refusing to clean {out}: not a pipeline output folder (no {MANIFEST}) "
                          "and it holds other files; nothing removed")
    for p in ours:
        if p.is_dir() and not p.is_symlink():
            shutil.rmtree(p)
        else:
            p.unlink()
    return ours
