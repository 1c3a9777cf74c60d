"""One run per output folder: a lock file holding the owner's pid, host and start time.

A second run on the same `--out` fails at once naming the running process; a
lock whose process is gone (killed run, rebooted machine) is stale and taken
over. The same process may take the lock again (a run calls its stages).
"""
from __future__ import annotations

import json
import os
import socket
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

LOCK_NAME = ".pipeline.lock"
_HELD: dict[Path, int] = {}  # locks this process holds, with their depth (re-entrant)


class OutputLocked(RuntimeError):
    """Another live process is writing this output folder."""


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, owned by someone else
        return True
    return True


def _read(path: Path) -> dict | None:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _stale(owner: dict | None) -> bool:
    if not owner or not isinstance(owner.get("pid"), int):
        return True  # unreadable: a writer died between create and write
    if owner.get("host") != socket.gethostname():
        return False  # cannot tell from here: assume alive
    return not _alive(owner["pid"])


def held_here(out: str | Path) -> bool:
    """This process holds the folder's lock (a stage running inside `run`)."""
    return bool(_HELD.get(Path(out).resolve()))


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
    me = {"pid": os.getpid(), "host": socket.gethostname(), "started": time.strftime("%Y-%m-%dT%H:%M:%S%z")}
    for _attempt in range(3):
        try:
            fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
        except FileExistsError:
            owner = _read(path)
            if owner is None:
                time.sleep(0.2)  # maybe being written right now: look again
                owner = _read(path)
            if not _stale(owner):
                raise OutputLocked(
                    f"{out} is in use by another run (pid {owner['pid']} on {owner['host']}, "
                    f"started {owner.get('started', '?')}); wait for it or stop it") from None
            path.unlink(missing_ok=True)  # stale: its process is gone
            continue
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(me, handle)
        break
    else:
        raise OutputLocked(f"{out}: could not take the lock {path}")
    _HELD[out] = 1
    try:
        yield
    finally:
        _HELD.pop(out, None)
        if (_read(path) or {}).get("pid") == os.getpid():
            path.unlink(missing_ok=True)
