"""Progress as log lines, for output that is not a terminal (nohup, CI, a scheduler's log).

The engine reports each partition as it is committed (its documents); a line
is written then, or, when partitions finish faster, at most every
`every` seconds, and always at the end. Words per second come from the
corpus's mean words per document (the engine counts documents, not words).
"""
from __future__ import annotations

import time
from typing import Callable


def duration(seconds: float) -> str:
    """3s, 4m05s, 2h03m."""
    seconds = max(0, int(round(seconds)))
    if seconds < 60:
        return f"{seconds}s"
    if seconds < 3600:
        return f"{seconds // 60}m{seconds % 60:02d}s"
    return f"{seconds // 3600}h{seconds % 3600 // 60:02d}m"


def progress_line(stage: str, done: int, total: int, words_per_second: float | None,
                  remaining: float | None) -> str:
    share = f" ({100 * done // total}%)" if total else ""
    parts = [f"{stage}: {done:,} of {total:,} documents{share}"]
    if words_per_second is not None:
        parts.append(f"{words_per_second:,.0f} words/s")
    if remaining is not None:
        parts.append(f"ETA {duration(remaining)}")
    return ", ".join(parts)


class LogProgress:
    """A progress callback (documents done) that writes lines through `write`."""

    def __init__(self, stage: str, total: int, words: int | None, write: Callable[[str], None],
                 every: float = 10.0, clock: Callable[[], float] = time.monotonic):
        self.stage, self.total, self.write, self.every, self.clock = stage, total, write, every, clock
        self.words_per_doc = words / total if words and total else None
        self.done = 0
        self.baseline: int | None = None  # documents already done (cached) when work started
        self.started = self.last_line = clock()

    def __call__(self, n: int) -> None:
        self.done += n
        now = self.clock()
        if self.baseline is None:  # the engine's first report: what the caches already hold
            self.baseline, self.started = self.done, now
            if self.done < self.total:
                return
        finished = self.done >= self.total
        if not finished and now - self.last_line < self.every and self.last_line > self.started:
            return
        self.last_line = now
        self.write(progress_line(self.stage, self.done, self.total, *self._rates(now)))

    def _rates(self, now: float) -> tuple[float | None, float | None]:
        elapsed, computed = now - self.started, self.done - (self.baseline or 0)
        if elapsed <= 0 or computed <= 0:
            return None, None
        docs_per_second = computed / elapsed
        words = docs_per_second * self.words_per_doc if self.words_per_doc else None
        return words, (self.total - self.done) / docs_per_second
