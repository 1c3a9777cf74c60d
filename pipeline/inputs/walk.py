"""The entries under the input path, in sorted order, each a file to read or a reason it cannot be.

Links to files and folders are followed; a folder reached twice (a link loop,
or a second link to it) is reported instead of walked again. Dangling links,
FIFOs, sockets, devices, folders that cannot be listed and names that are not
valid UTF-8 each become an entry with an `error`, so the documents table
accounts for them. A FIFO is never opened: reading one blocks.
"""
from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Iterator

from .textfile import is_sidecar


class InputNotFound(FileNotFoundError):
    pass


@dataclass
class InputEntry:
    path: Path
    rel: str  # path relative to the input, printable (bytes of a non-UTF-8 name as \xNN)
    doc_id: str  # rel without its extension: the doc_id of a one-document file
    error: str | None = None

    @property
    def suffix(self) -> str:
        return PurePosixPath(self.rel).suffix.lower()


def printable(name: str) -> str:
    """A file name as valid Unicode: Python keeps undecodable bytes of names as lone
    surrogates, which neither Arrow nor a CSV can hold."""
    return os.fsencode(name).decode("utf-8", "backslashreplace")


def _entry(path: Path, rel: str, error: str | None = None) -> InputEntry:
    shown = printable(rel)
    if error is None and shown != rel:
        error = "file name is not valid UTF-8"
    stem = PurePosixPath(shown)
    doc_id = stem.with_suffix("").as_posix() if stem.suffix else shown
    return InputEntry(path, shown, doc_id, error)


_KINDS = {stat.S_ISFIFO: "a FIFO", stat.S_ISSOCK: "a socket", stat.S_ISCHR: "a character device",
          stat.S_ISBLK: "a block device"}


def _kind(mode: int) -> str:
    return next((name for test, name in _KINDS.items() if test(mode)), "not a regular file")


def _stat_error(path: Path, err: OSError) -> str:
    if err.errno == errno.ELOOP:
        return "symbolic link loop"
    if err.errno == errno.ENOENT and path.is_symlink():
        return f"dangling symbolic link (target '{printable(os.readlink(path))}' does not exist)"
    return f"cannot read: {err.strerror}"


def _classify(path: Path, rel: str, visited: dict) -> Iterator[InputEntry]:
    try:
        st = os.stat(path)  # follows links
    except OSError as err:
        yield _entry(path, rel, _stat_error(path, err))
        return
    if stat.S_ISDIR(st.st_mode):
        key = (st.st_dev, st.st_ino)
        if key in visited:
            yield _entry(path, rel, f"folder already read as '{visited[key]}' (link loop or second link)")
            return
        visited[key] = printable(rel) or "."
        yield from _walk_folder(path, f"{rel}/" if rel else "", visited)
    elif stat.S_ISREG(st.st_mode):
        yield _entry(path, rel)
    else:
        yield _entry(path, rel, f"{_kind(st.st_mode)}, not a file")


def _walk_folder(folder: Path, prefix: str, visited: dict) -> Iterator[InputEntry]:
    try:
        with os.scandir(folder) as listing:
            names = sorted(entry.name for entry in listing)
    except OSError as err:
        yield _entry(folder, prefix.rstrip("/") or folder.name, f"unreadable folder: {err.strerror}")
        return
    present = set(names)
    for name in names:
        if name.startswith("."):
            continue  # hidden files and folders (.git, .DS_Store) are not articles
        if is_sidecar(name, present):
            continue  # NAME.json beside NAME.txt: read with it (textfile.sidecar)
        yield from _classify(folder / name, prefix + name, visited)


def walk_input(input_path: str | Path) -> Iterator[InputEntry]:
    """Every entry of a file or folder, folders walked recursively in sorted order."""
    input_path = Path(input_path)
    if not os.path.lexists(input_path):
        raise InputNotFound(f"input path not found: {input_path}")
    if input_path.is_dir():
        yield from _classify(input_path, "", {})
    else:
        yield from _classify(input_path, input_path.name, {})
