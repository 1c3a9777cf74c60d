"""The entries under the input path, in sorted order, each a file to read or a reason it cannot be.

Links to files and folders are followed while they stay inside the input
folder (anywhere with `follow_links`); a folder reached twice (a link loop, or
a second link to it) is reported instead of walked again. Nothing under
/proc, /sys or /dev is ever read, link or not. Dangling links, links out of the
input, FIFOs, sockets, devices, folders that cannot be listed and names that
are not valid UTF-8 each become an entry with an `error`, so the documents
table accounts for them. A FIFO is never opened: reading one blocks. The walk
keeps its own stack, so no depth of folders reaches Python's recursion limit.
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


_SPECIAL = ("/proc", "/sys", "/dev")  # kernel and device files: never articles, may block or leak secrets


def _special(real: str) -> str | None:
    return next((root for root in _SPECIAL if real == root or real.startswith(root + "/")), None)


@dataclass
class _Walk:
    root: str  # the input's real path: links are followed only to below it
    follow_links: bool
    visited: dict  # (device, inode) of every folder walked -> where

    def inside(self, real: str) -> bool:
        return real == self.root or real.startswith(self.root.rstrip("/") + "/")


def _link_error(path: Path, walk: _Walk) -> str | None:
    """Why a link at `path` is not followed, or None."""
    real = os.path.realpath(path)
    special = _special(real)
    if special:
        return f"symbolic link to {printable(real)}: nothing under {special} is read"
    if not walk.follow_links and not walk.inside(real):
        return (f"symbolic link to outside the input folder ('{printable(real)}'); "
                "pass --follow-links to read it")
    return None


def _classify(path: Path, rel: str, walk: _Walk) -> InputEntry | list[tuple[Path, str]]:
    """An entry for a file (or a reason), or the children (path, rel) of a folder to walk."""
    try:
        st = os.stat(path)  # follows links
    except OSError as err:
        return _entry(path, rel, _stat_error(path, err))
    if os.path.islink(path):
        why = _link_error(path, walk)
        if why:
            return _entry(path, rel, why)
    if stat.S_ISDIR(st.st_mode):
        key = (st.st_dev, st.st_ino)
        if key in walk.visited:
            return _entry(path, rel, f"folder already read as '{walk.visited[key]}' (link loop or second link)")
        walk.visited[key] = printable(rel) or "."
        return _children(path, f"{rel}/" if rel else "")
    if stat.S_ISREG(st.st_mode):
        return _entry(path, rel)
    return _entry(path, rel, f"{_kind(st.st_mode)}, not a file")


def _children(folder: Path, prefix: str) -> InputEntry | list[tuple[Path, str]]:
    try:
        with os.scandir(folder) as listing:
            names = sorted(entry.name for entry in listing)
    except OSError as err:
        return _entry(folder, prefix.rstrip("/") or folder.name, f"unreadable folder: {err.strerror}")
    present = set(names)
    # hidden files and folders (.git, .DS_Store) are not articles; NAME.json beside
    # NAME.txt is read with it (textfile.sidecar)
    return [(folder / name, prefix + name) for name in names
            if not name.startswith(".") and not is_sidecar(name, present)]


def walk_input(input_path: str | Path, follow_links: bool = False) -> Iterator[InputEntry]:
    """Every entry of a file or folder, folders walked in sorted order (depth first, without recursion)."""
    input_path = Path(input_path)
    if not os.path.lexists(input_path):
        raise InputNotFound(f"input path not found: {input_path}")
    real = os.path.realpath(input_path)
    special = _special(real)
    rel = "" if input_path.is_dir() else input_path.name
    if special:  # the input itself: one rejected row, never opened
        yield _entry(input_path, rel or input_path.name, f"under {special}: not read")
        return
    walk = _Walk(real, follow_links, {})
    stack = [iter([(input_path, rel)])]
    while stack:
        item = next(stack[-1], None)
        if item is None:
            stack.pop()
            continue
        found = _classify(*item, walk)
        if isinstance(found, list):
            stack.append(iter(found))
        else:
            yield found
