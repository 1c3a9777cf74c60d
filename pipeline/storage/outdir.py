"""Which folders `--out` may write into, and what `clean` may remove.

An output folder is the pipeline's when its `manifest.json` carries the
pipeline's marker (`manifest.ownership`). `--out` refuses the filesystem root,
the home folder, the project's source tree (and any folder holding them), and a
non-empty folder that is not the pipeline's unless `force_out` (someone else's
files would be overwritten; a `manifest.json` of theirs proves nothing). The
check writes nothing: the folder is claimed under the output lock
(`manifest.claim`), so a refused run leaves no trace. `clean_out_dir` takes the
lock and removes only the names the manifest records as written, temporary
files of killed runs included, never following a link.
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

from ..nlp.model import PACKAGE_DIR, PROJECT_ROOT
from .atomic import is_temporary_name
from .manifest import MANIFEST, Manifest, ownership
from .schemas import SCHEMAS

_INTERNAL_TABLES = {"texts"}  # under work/, Parquet only
OUR_NAMES = ({f"{t}.{ext}" for t in SCHEMAS if t not in _INTERNAL_TABLES for ext in ("parquet", "csv")}
             | {MANIFEST, "report.html", "news.sqlite", ".pipeline.lock", "work", "bench",
                "ner_predictions.tsv", "ner_predictions_documents.tsv"})
_IGNORED = {".gitkeep"}  # a folder holding only these counts as empty
_LOCK = ".pipeline.lock"  # a run that has just taken the lock of a new folder has not claimed it yet


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
    """`out` as a Path if the pipeline may write there, else OutDirError with the reason. Writes nothing."""
    path = refuse_protected(out)
    if path.exists() and not path.is_dir():
        raise OutDirError(f"output path is not a folder: {out}")
    if not path.is_dir() or force_out:
        return path
    owner = ownership(path)
    if owner == "ours":
        return path
    foreign = sorted(p.name for p in path.iterdir() if p.name not in _IGNORED and p.name != _LOCK)
    if not foreign:
        return path
    why = (f"its {MANIFEST} is not the pipeline's" if owner == "foreign"
           else f"not a pipeline output folder (no {MANIFEST})")
    raise OutDirError(
        f"refusing to write into {out}: it is not empty ({', '.join(foreign[:3])}"
        f"{', ...' if len(foreign) > 3 else ''}) and {why}; choose a new or empty folder, or pass --force-out")


def prepare_out_dir(out: str | Path, force_out: bool = False) -> Path:
    """Check `out` and create it (the manifest is written under the lock, by `manifest.claim`)."""
    path = check_out_dir(out, force_out)
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise OutDirError(f"output folder not writable: {out} ({err.strerror or err})") from None
    return path


def _remove(path: Path) -> None:
    """Remove a file, a link (the link itself, never its target) or a folder (rmtree never
    follows a link inside it)."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        path.unlink(missing_ok=True)


def clean_out_dir(out: str | Path) -> list[Path]:
    """Remove what the pipeline wrote in `out` (nothing else); return what was removed.

    Only a folder that is the pipeline's is cleaned, under its lock (refused while a
    run holds it), and only the names its manifest records as written.
    """
    from ..engine.lock import output_lock

    path = refuse_protected(out, "clean")
    if not path.is_dir():
        return []
    owner = ownership(path)
    if owner != "ours":
        why = f"its {MANIFEST} is not the pipeline's" if owner == "foreign" else f"no {MANIFEST}"
        raise OutDirError(f"refusing to clean {out}: not a pipeline output folder ({why}); nothing removed")
    with output_lock(path):
        written = set(Manifest.read(path).written) & OUR_NAMES
        ours = sorted((p for p in path.iterdir()
                       if (p.name in written and p.name not in (MANIFEST, _LOCK)) or is_temporary_name(p.name)),
                      key=lambda p: p.name)
        for p in ours:
            _remove(p)
        _remove(path / MANIFEST)  # last: until it goes, a rerun of `clean` finishes the job
    return ours + [path / MANIFEST]
