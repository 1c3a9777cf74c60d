"""Files written whole or not at all: a temporary file beside the target, renamed onto it.

Every writer of the output folder (tables, manifest, sealed caches, the explorer)
goes through `atomic_path`, so a killed run leaves either the old file or the new
one, never half of one; `is_temporary_name` lets `clean` and the caches recognise
the leftovers of a kill.
"""
from __future__ import annotations

import itertools
import os
import re
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator


def _file_mode() -> int:
    """Permissions a newly created file gets under the process umask (read once)."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


_NEW_FILE_MODE = _file_mode()
_TMP_IDS = itertools.count()


_TEMPORARY_NAME = re.compile(r"\.[^/]+\.\d+\.\d+\.tmp")  # what atomic_path names: .NAME.PID.N.tmp


def is_temporary_name(name: str) -> bool:
    """A file name `atomic_path` gives its temporary files (left behind only by a killed run)."""
    return bool(_TEMPORARY_NAME.fullmatch(name))


@contextmanager
def atomic_path(final: Path) -> Iterator[Path]:
    """A temporary path beside `final`, renamed onto it when the block succeeds.

    The name is unique per process and call (pid and a counter), so concurrent
    writers (worker processes) never share one; the file ends up readable by
    everyone (0644) like the other outputs.
    """
    final = Path(final)
    final.parent.mkdir(parents=True, exist_ok=True)
    tmp = final.with_name(f".{final.name}.{os.getpid()}.{next(_TMP_IDS)}.tmp")
    done = False
    try:
        yield tmp
        if _NEW_FILE_MODE != 0o644:
            os.chmod(tmp, 0o644)
        os.replace(tmp, final)
        done = True
    finally:
        if not done:
            tmp.unlink(missing_ok=True)


def atomic_write_text(final: Path, text: str) -> None:
    with atomic_path(final) as tmp:
        tmp.write_text(text, encoding="utf-8")
