"""The benchmark's measurements: bare `nlp.pipe`, a full run in a child process, output identity.

- `bare_pipe`: wall and CPU seconds of `nlp.pipe` over texts in memory (the floor);
- `run_child`: `python -m pipeline.bench child ...` (`child_main`: `api.run`,
  then its timings, stage caches and peak RSS as one JSON line), with the peak
  RSS of the whole process tree sampled from /proc every 20 ms;
- `compare_outputs`: byte-compare the user-facing tables and report.html of two runs.
"""
from __future__ import annotations

import argparse
import filecmp
import json
import os
import resource
import subprocess
import sys
import threading
import time
from pathlib import Path

COMPARED = ["documents", "sentences", "entities", "quantities", "attributions", "entity_report", "claims"]


def cpu_seconds() -> float:
    """User and system CPU seconds of this process and of its children that have ended."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def bare_pipe(texts: list[str], model: str | None, batch_size: int, n_process: int) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of `for doc in nlp.pipe(texts): pass` (model already loaded).
    CPU seconds do not count the time other tenants of a shared machine take: the steadier
    measure of what the work costs; the targets are on wall time."""
    from ..nlp.model import load_model

    nlp = load_model(model)
    started, cpu = time.perf_counter(), cpu_seconds()
    for _doc in nlp.pipe(texts, batch_size=batch_size, n_process=n_process):
        pass
    return time.perf_counter() - started, cpu_seconds() - cpu


def _tree_rss_kb(pid: int, hwm: dict[int, int] | None = None) -> int:
    """Resident memory of a process and all its descendants (kB), from /proc.

    `hwm` collects each process's own high-water mark (VmHWM) as seen so far.
    """
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/status") as handle:
                for line in handle:
                    if line.startswith("VmHWM:") and hwm is not None:
                        hwm[p] = max(hwm.get(p, 0), int(line.split()[1]))
                    elif line.startswith("VmRSS:"):
                        total += int(line.split()[1])
                        break
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as handle:
                    todo.extend(int(c) for c in handle.read().split())
        except (FileNotFoundError, ProcessLookupError, PermissionError, ValueError):
            continue
    return total


def run_child(args: list[str]) -> dict:
    """Run `python -m pipeline.bench child ...`; its JSON result plus wall time and peak RSS."""
    cmd = [sys.executable, "-m", "pipeline.bench", "child", *args]
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True)
    peak = [0]
    hwm: dict[int, int] = {}
    done = threading.Event()

    def sample():
        while not done.is_set():
            peak[0] = max(peak[0], _tree_rss_kb(proc.pid, hwm))
            done.wait(0.02)
    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    stdout, _ = proc.communicate()
    done.set()
    sampler.join()
    wall = time.perf_counter() - started
    if proc.returncode != 0:
        raise RuntimeError(f"benchmark run failed ({proc.returncode}): {' '.join(cmd)}")
    result = json.loads(stdout.strip().splitlines()[-1])
    result["process_wall_seconds"] = round(wall, 3)
    # Peaks from /proc (VmHWM of each process of the tree), not getrusage: ru_maxrss survives fork
    # and exec on Linux, so in the child it starts at the benchmark process's own peak (a model
    # loaded for the bare runs: 805 MB) and says nothing about the run. Sampled sum over the
    # tree, but never below what any single process reached.
    if hwm:
        result["peak_rss_mb"] = round(max(hwm.values()) / 1024, 1)  # the largest single process
    if proc.pid in hwm:
        result["peak_rss_self_mb"] = round(hwm[proc.pid] / 1024, 1)  # the client
    result["peak_tree_rss_mb"] = round(max(peak[0], max(hwm.values(), default=0),
                                           result["peak_rss_mb"] * 1024) / 1024, 1)
    result["peak_tree_rss_sampled_mb"] = round(peak[0] / 1024, 1)
    result["peak_rss_per_process_mb"] = sorted((round(v / 1024, 1) for v in hwm.values()), reverse=True)
    return result


def child_main(argv: list[str]) -> None:
    """In a fresh process: `api.run`, then print timings and this process tree's peak RSS."""
    parser = argparse.ArgumentParser(prog="pipeline.bench child")
    parser.add_argument("--input", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--model")
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--n-process", type=int, default=1)
    parser.add_argument("--scheduler", default=None)
    parser.add_argument("--force", action="store_true")
    a = parser.parse_args(argv)
    from .. import api
    from ..engine.store import PartitionStore
    from ..storage.incremental import last_run

    started, cpu = time.perf_counter(), cpu_seconds()
    results = api.run(a.input, a.out, a.model, a.batch_size, a.n_process, a.force, scheduler=a.scheduler)
    seconds, cpu = time.perf_counter() - started, cpu_seconds() - cpu
    self_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(json.dumps({
        "seconds": round(seconds, 3),
        "cpu_seconds": round(cpu, 3),  # this process and its workers (ended by then), in api.run
        "stages": {name: round(r.seconds, 3) for name, r in results.items()},
        "sentences": results["sentences"].details,
        "stage_cache": {name: last_run(a.out, name) for name in ("entities", "quantities", "attributions")},
        "work_files": sum(len(files) for _r, _d, files in os.walk(Path(a.out) / "work")),
        "partition_files": PartitionStore(a.out).file_count(),
        "peak_rss_mb": round(max(self_kb, children_kb) / 1024, 1),
        "peak_rss_self_mb": round(self_kb / 1024, 1),
        "peak_rss_children_mb": round(children_kb / 1024, 1),
    }))


def compare_outputs(a: Path, b: Path) -> dict:
    """Byte-compare every user-facing table (Parquet and CSV) and report.html of two runs."""
    names = [f"{t}.{ext}" for t in COMPARED for ext in ("parquet", "csv")] + ["report.html"]
    differ, missing = [], []
    for name in names:
        if not (a / name).exists() or not (b / name).exists():
            missing.append(name)
        elif not filecmp.cmp(a / name, b / name, shallow=False):
            differ.append(name)
    return {"identical": not differ and not missing, "compared": len(names) - len(missing),
            "differ": differ, "missing": missing}
