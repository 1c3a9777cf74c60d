"""One run per output folder: an exclusive `flock` on `OUT/.pipeline.lock`.

The kernel holds the lock for as long as the process lives, so a killed run
leaves no live lock: its file (pid, host, start time) is stale and the next
run takes it over. A second run while one is running fails at once, naming the
running process from the file. The same process may take the lock again (a
run calls its stages). On systems without `fcntl` the lock is advisory only
through the pid in the file.
"""
from __future__ import annotations

import errno
import json
import os
import socket
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

try:
    import fcntl
except ImportError:  # pragma: no cover - not on Linux/macOS
    fcntl = None

LOCK_NAME = ".pipeline.lock"
_HELD: dict[Path, int] = {}  # locks this process holds, with their depth (re-entrant)


class OutputLocked(RuntimeError):
    """Another live process is writing this output folder."""


def held_here(out: str | Path) -> bool:
    """This process holds the folder's lock (a stage running inside `run`)."""
    return bool(_HELD.get(Path(out).resolve()))


def _owner(path: Path) -> str:
    try:
        owner = json.loads(path.read_text(encoding="utf-8"))
        return f"pid {owner['pid']} on {owner['host']}, started {owner['started']}"
    except (OSError, ValueError, KeyError, TypeError):
        return "a process that has not written its name yet"


def _acquire(path: Path) -> int:
    """An open descriptor of `path` holding an exclusive lock on the file now at `path`."""
    while True:
        try:  # never through a link: a lock file linked elsewhere would truncate what it points to
            fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0), 0o644)
        except OSError as err:
            if err.errno != errno.ELOOP:
                raise
            path.unlink()  # a planted link: removed (the link only), then the real lock file is made
            continue
        try:
            if fcntl is not None:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise OutputLocked(f"{path.parent} is in use by another run ({_owner(path)}); "
                               "wait for it or stop it") from None
        try:
            same = os.fstat(fd).st_ino == os.stat(path).st_ino
        except FileNotFoundError:
            same = False
        if same:  # not a file the previous holder unlinked while we waited for it
            return fd
        os.close(fd)


@contextmanager
def output_lock(out: str | Path) -> Iterator[None]:
    """Hold the output folder's lock for the block (raises OutputLocked when another run holds it)."""
    out = Path(out).resolve()
    if _HELD.get(out):
        _HELD[out] += 1
        try:
            yield
        finally:
            _HELD[out] -= 1
        return
    out.mkdir(parents=True, exist_ok=True)
    path = out / LOCK_NAME
    fd = _acquire(path)
    me = {"pid": os.getpid(), "host": socket.gethostname(), "started": time.strftime("%Y-%m-%dT%H:%M:%S%z")}
    os.ftruncate(fd, 0)
    os.write(fd, json.dumps(me).encode("utf-8"))
    _HELD[out] = 1
    try:
        yield
    finally:
        _HELD.pop(out, None)
        path.unlink(missing_ok=True)  # while still locked: a waiter re-checks the inode
        os.close(fd)
