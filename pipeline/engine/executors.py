"""Where partitions run: in this process, in N local worker processes, or on a Dask cluster.

Every executor takes the same `PartitionTask`s and yields `PartitionResult`s
as they finish (any order: the runner writes tables in partition order from
the committed results). At most `in_flight` tasks are out at once, so the
client never holds more than a few partitions' texts and results.

An executor is made (`make_executor`) and started (`start`) before it is given
tasks: `run` starts it while ingest is still reading the input, so the worker
processes (or the Dask cluster and its workers) are spawned and load the model
and the extractors' data meanwhile; `run` then waits for them only if they are
not ready yet.
"""
from __future__ import annotations

import os
import signal
import threading
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Iterable, Iterator

from .worker import PartitionResult, PartitionTask, process_partition


class UserError(ValueError):
    """A bad option value (scheduler address, process count): one line for the user."""


class WorkerLost(UserError):
    """A worker process died under a partition (killed, out of memory): one line, not a traceback."""


def _worker_lost(kind: str) -> WorkerLost:
    return WorkerLost(f"a {kind} died (killed, or out of memory) while computing a partition; "
                      "the partitions committed so far are kept: run again to resume")


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


def warm(model: str) -> None:
    """Load the model and the extractors' data (read lazily on first use) in this process, once."""
    from ..extractors.registry import doc_rows
    from ..nlp.model import load_model

    global _WARM
    if _WARM != model:
        doc_rows("warm-up", load_model(model)("Secondo la BBC, Mario Rossi ha detto a Roma che 30 paesi aderiscono."))
        _WARM = model


_WARM: str | None = None


def _init_worker(parent: int, model: str) -> None:
    _die_with_parent(parent)
    # Ctrl-C reaches the whole process group: the parent alone answers it (one line), the
    # workers end with it instead of printing a traceback each.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    warm(model)  # once per worker, before the first task


def _ready() -> bool:
    return True


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


class Executor:
    """Runs partition tasks somewhere. `start()` returns at once and gets the workers going
    (spawned, model loaded); `run(tasks)` yields the results; `close()` ends the workers.
    `slots`: how many tasks run at once (the runner cuts work into enough pieces for them)."""

    slots = 1

    def __init__(self, model: str):
        self.model = model

    def start(self) -> "Executor":
        return self

    def ready(self) -> None:
        """Wait until `slots` is known (started, raising what starting raised)."""
        self.start()

    def run(self, tasks: Iterable[PartitionTask]) -> Iterator[PartitionResult]:
        raise NotImplementedError

    def close(self) -> None:
        pass

    def __enter__(self) -> "Executor":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.close()


class SerialExecutor(Executor):
    """In this process (the model is loaded on the first task)."""

    def run(self, tasks: Iterable[PartitionTask]) -> Iterator[PartitionResult]:
        from ..nlp.model import load_model

        nlp = load_model(self.model)
        for task in tasks:
            yield process_partition(task, nlp)


class ProcessExecutor(Executor):
    """N spawned worker processes, each loading the model once (spawn: no state forked from the
    client). `start` submits one no-op a worker, so all N are spawned (and load the model in
    their initializer) at once, not when the first tasks come."""

    def __init__(self, model: str, n_process: int):
        super().__init__(model)
        self.slots = n_process
        self.pool = None

    def start(self) -> "ProcessExecutor":
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        if self.pool is None:
            self.pool = ProcessPoolExecutor(self.slots, mp_context=multiprocessing.get_context("spawn"),
                                            initializer=_init_worker, initargs=(os.getpid(), self.model))
            for _ in range(self.slots):
                self.pool.submit(_ready)
        return self

    def run(self, tasks: Iterable[PartitionTask]) -> Iterator[PartitionResult]:
        from concurrent.futures import FIRST_COMPLETED, wait
        from concurrent.futures.process import BrokenProcessPool

        def wait_some(pending):
            return wait(pending, return_when=FIRST_COMPLETED)
        self.start()
        try:
            yield from _bounded(lambda t: self.pool.submit(process_partition, t), wait_some, tasks, 2 * self.slots)
        except BrokenProcessPool:
            raise _worker_lost("worker process") from None

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None


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


_SECURITY_KEYS = ("require_encryption", "tls_ca_file", "tls_client_cert", "tls_client_key", "tls_ciphers",
                  "tls_min_version", "tls_max_version")


def load_security(path: str | Path | None):
    """A `distributed.Security` from a YAML (or JSON) file of its settings: `tls_ca_file`,
    `tls_client_cert`, `tls_client_key` (file paths, or the PEM text itself), `require_encryption`.
    None: distributed's own configuration (`distributed.comm.tls.*`, DASK_DISTRIBUTED__COMM__TLS__...)."""
    from distributed.security import Security

    if path is None:
        return Security()
    import yaml

    try:
        settings = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as err:
        raise UserError(f"--dask-security {path}: cannot read it ({str(err).splitlines()[0]})") from None
    unknown = sorted(set(settings) - set(_SECURITY_KEYS)) if isinstance(settings, dict) else ["(not a mapping)"]
    if unknown:
        raise UserError(f"--dask-security {path}: unknown setting(s) {', '.join(map(str, unknown))} "
                        f"(expected {', '.join(_SECURITY_KEYS)})")
    try:
        return Security(**settings)
    except (TypeError, ValueError, OSError) as err:
        raise UserError(f"--dask-security {path}: {err}") from None


@contextmanager
def local_cluster(n_workers: int):
    """A LocalCluster of N single-threaded worker processes that only holders of its temporary
    credentials can reach: TLS with a certificate authority made for this cluster alone
    (`Security.temporary()`), so no other local user can connect and run code in the workers.
    Yields (cluster, security)."""
    import dask
    from distributed import LocalCluster
    from distributed.security import Security

    security = Security.temporary()
    # Workers of our own cluster skip the statistical profiler and the GIL monitor: on a
    # CPU-bound task they cost the model pass time (config reaches the spawned workers).
    # A worker that dies is not retried: the run ends in one line and resumes from its commits.
    # Their event loops wake less often (tick, system and memory monitors, work stealing): each
    # wake-up takes the GIL from the task thread.
    with dask.config.set({"distributed.worker.profile.enabled": False,
                          "distributed.admin.system-monitor.gil.enabled": False,
                          "distributed.admin.tick.interval": "500ms",
                          "distributed.admin.system-monitor.interval": "2s",
                          "distributed.worker.memory.monitor-interval": "1s",
                          "distributed.scheduler.work-stealing": False,
                          "distributed.scheduler.allowed-failures": 0,
                          # Dask's nannies set MALLOC_TRIM_THRESHOLD_ in their workers: with it fixed,
                          # glibc no longer raises its mmap threshold, so every large array of the
                          # model pass is a fresh mmap and page faults. The local pool's workers run
                          # with glibc's defaults; so do ours (None unsets it).
                          "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None,
                          "distributed.worker.preload": ["pipeline.engine.dask_worker"]}):
        # No dashboard; the scheduler's own HTTP routes on a free port of 127.0.0.1 (by default it
        # tries 8787 and prints a warning when another cluster holds it).
        cluster = LocalCluster(n_workers=n_workers, threads_per_worker=1, processes=True, protocol="tls://",
                               host="127.0.0.1", security=security,
                               # None does not turn it off (dask/distributed#8136): a free loopback port,
                               # so a second run (or any Dask on :8787) prints no "port in use" warning
                               dashboard_address="127.0.0.1:0", silence_logs=50)
    try:
        yield cluster, security
    finally:
        cluster.close()


def _connect(address: str, security):
    from distributed import Client

    try:
        return Client(address, timeout=30, security=security)
    except (OSError, TimeoutError, ValueError, TypeError) as err:
        raise UserError(f"cannot reach the Dask scheduler at {address}: {str(err).splitlines()[0]}") from None


class DaskExecutor(Executor):
    """On a Dask cluster: `local:N` starts a LocalCluster of N single-threaded worker processes
    (TLS, temporary credentials), anything else is a scheduler address (`tls://host:8786`) reached
    with the credentials of `security_file` (else distributed's configuration). Workers load the
    model themselves (named in the task, never shipped). `start` does all of it, and has each
    worker load the model, in a thread: the client reads the input meanwhile."""

    def __init__(self, model: str, scheduler: str, security_file: str | Path | None = None):
        super().__init__(model)
        self.address, self.n_workers = parse_scheduler(scheduler)
        self.security_file = security_file
        self.stack = ExitStack()
        self.client = None
        self._starting: threading.Thread | None = None
        self._error: BaseException | None = None

    def start(self) -> "DaskExecutor":
        if self._starting is None:
            self._starting = threading.Thread(target=self._start, name="dask-start", daemon=True)
            self._starting.start()
        return self

    def _start(self) -> None:
        try:
            if self.address == "local":
                cluster, security = self.stack.enter_context(local_cluster(self.n_workers))
                self.client = _connect(cluster.scheduler_address, security)
            else:
                self.client = _connect(self.address, load_security(self.security_file))
            self.stack.callback(self.client.close)
            try:
                self.client.wait_for_workers(self.n_workers or 1, timeout=120)  # else the first tasks see no slots
            except TimeoutError:
                raise UserError(f"no Dask worker joined the scheduler at {self.client.scheduler.address} "
                                "within 120 s") from None
            workers = self.client.nthreads()
            self.slots = max(1, sum(workers.values()))
            self._warming = [self.client.submit(warm, self.model, workers=[w], allow_other_workers=False, pure=False)
                             for w in workers]  # not waited for: the first tasks queue behind them
        except BaseException as err:  # raised by `run`, in the caller's thread
            self._error = err

    def ready(self) -> None:
        """Wait until the cluster has started (raising what starting it raised)."""
        self.start()
        self._starting.join()
        if self._error is not None:
            raise self._error

    def run(self, tasks: Iterable[PartitionTask]) -> Iterator[PartitionResult]:
        try:
            from distributed import KilledWorker, wait
        except ImportError as err:  # pragma: no cover - a dependency of the project
            raise UserError(f"--scheduler needs dask[distributed] ({err})") from None
        self.ready()

        def wait_some(pending):
            done, not_done = wait(pending, return_when="FIRST_COMPLETED")
            return done, set(not_done)
        try:
            yield from _bounded(lambda t: self.client.submit(process_partition, t, pure=False), wait_some, tasks,
                                2 * self.slots)
        except KilledWorker:
            raise _worker_lost("Dask worker") from None

    def close(self) -> None:
        if self._starting is not None:
            self._starting.join()
        self.stack.close()


def make_executor(model: str, n_process: int = 1, scheduler: str | None = None,
                  security_file: str | Path | None = None) -> Executor:
    """The executor the options ask for (not started)."""
    if scheduler:
        return DaskExecutor(model, scheduler, security_file)
    if n_process > 1:
        return ProcessExecutor(model, n_process)
    return SerialExecutor(model)
