"""Where partitions run: in this process, in N local worker processes, or on a Dask cluster.

Every executor takes the same `PartitionTask`s and yields `PartitionResult`s
as they finish (any order: the runner writes tables in partition order from
the committed results). At most `in_flight` tasks are out at once, so the
client never holds more than a few partitions' texts and results.
"""
from __future__ import annotations

import os
import signal
import threading
from typing import Iterable, Iterator

from .worker import PartitionResult, PartitionTask, process_partition


class UserError(ValueError):
    """A bad option value (scheduler address, process count): one line for the user."""


def _die_with_parent(parent: int) -> None:
    """Make this worker exit when the process that started it dies (SIGKILL included)."""
    try:  # Linux: the kernel sends SIGKILL when the parent exits
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass

    def watch():  # elsewhere (and as a backstop): poll the parent
        while True:
            if os.getppid() != parent:
                os._exit(1)
            threading.Event().wait(1.0)
    threading.Thread(target=watch, daemon=True).start()
    if os.getppid() != parent:  # the parent died before the signal was armed
        os._exit(1)


def _init_worker(parent: int, model: str) -> None:
    _die_with_parent(parent)
    from ..model import load_model

    load_model(model)  # once per worker, before the first task


def _bounded(submit, wait_some, tasks: Iterable[PartitionTask], in_flight: int) -> Iterator[PartitionResult]:
    """Keep at most `in_flight` tasks submitted; yield results as they come. A failed task
    raises only after the results finished with it are yielded (and so committed)."""
    pending: set = set()

    def finished(done) -> Iterator[PartitionResult]:
        error = None
        for future in done:
            try:
                yield future.result()
            except Exception as err:
                error = error or err
        if error is not None:
            raise error
    for task in tasks:
        pending.add(submit(task))
        while len(pending) >= in_flight:
            done, pending = wait_some(pending)
            yield from finished(done)
    while pending:
        done, pending = wait_some(pending)
        yield from finished(done)


def run_serial(tasks: Iterable[PartitionTask], model: str) -> Iterator[PartitionResult]:
    from ..model import load_model

    nlp = load_model(model)
    for task in tasks:
        yield process_partition(task, nlp)


def run_processes(tasks: Iterable[PartitionTask], model: str, n_process: int) -> Iterator[PartitionResult]:
    """N spawned worker processes, each loading the model once (spawn: no state forked from the client)."""
    import multiprocessing
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

    def wait_some(pending):
        return wait(pending, return_when=FIRST_COMPLETED)

    with ProcessPoolExecutor(n_process, mp_context=multiprocessing.get_context("spawn"),
                             initializer=_init_worker, initargs=(os.getpid(), model)) as pool:
        yield from _bounded(lambda t: pool.submit(process_partition, t), wait_some, tasks, 2 * n_process)


def parse_scheduler(scheduler: str) -> tuple[str, int | None]:
    """("local", N) for `local:N`, else (address, None)."""
    if scheduler.startswith("local:"):
        try:
            n = int(scheduler.split(":", 1)[1])
        except ValueError:
            n = 0
        if n < 1:
            raise UserError(f"--scheduler {scheduler}: expected local:N with N >= 1 workers")
        return "local", n
    if not scheduler.strip():
        raise UserError("--scheduler: empty address")
    return scheduler, None


def run_dask(tasks: Iterable[PartitionTask], scheduler: str) -> Iterator[PartitionResult]:
    """On a Dask cluster: `local:N` starts a LocalCluster of N single-threaded worker processes,
    anything else is a scheduler address (`tcp://host:8786`). Workers load the model themselves."""
    try:
        from distributed import Client, LocalCluster, wait
    except ImportError as err:  # pragma: no cover - a dependency of the project
        raise UserError(f"--scheduler needs dask[distributed] ({err})") from None

    import dask

    address, n_workers = parse_scheduler(scheduler)
    cluster = None
    if address == "local":
        # Workers of our own cluster skip the statistical profiler and the GIL monitor: on a
        # CPU-bound task they cost the model pass time (config reaches the spawned workers).
        with dask.config.set({"distributed.worker.profile.enabled": False,
                              "distributed.admin.system-monitor.gil.enabled": False}):
            cluster = LocalCluster(n_workers=n_workers, threads_per_worker=1, processes=True,
                                   dashboard_address=None, silence_logs=40)
        client = Client(cluster)
    else:
        try:
            client = Client(address, timeout=30)
        except (OSError, TimeoutError) as err:
            raise UserError(f"cannot reach the Dask scheduler at {address}: {err}") from None

    def wait_some(pending):
        done, not_done = wait(pending, return_when="FIRST_COMPLETED")
        return done, set(not_done)

    try:
        try:
            client.wait_for_workers(n_workers or 1, timeout=120)  # else the first tasks see no slots
        except TimeoutError:
            raise UserError(f"no Dask worker joined the scheduler at {client.scheduler.address} "
                            "within 120 s") from None
        slots = max(1, sum(client.nthreads().values()))
        yield from _bounded(lambda t: client.submit(process_partition, t, pure=False), wait_some, tasks, 2 * slots)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def execute(tasks: Iterable[PartitionTask], model: str, n_process: int = 1,
            scheduler: str | None = None) -> Iterator[PartitionResult]:
    """Run the tasks where the options say."""
    if scheduler:
        return run_dask(tasks, scheduler)
    if n_process > 1:
        return run_processes(tasks, model, n_process)
    return run_serial(tasks, model)
