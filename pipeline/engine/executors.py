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


def _init_worker(parent: int, model: str) -> None:
    _die_with_parent(parent)
    # Ctrl-C reaches the whole process group: the parent alone answers it (one line), the
    # workers end with it instead of printing a traceback each.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
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
    from concurrent.futures.process import BrokenProcessPool

    def wait_some(pending):
        return wait(pending, return_when=FIRST_COMPLETED)

    with ProcessPoolExecutor(n_process, mp_context=multiprocessing.get_context("spawn"),
                             initializer=_init_worker, initargs=(os.getpid(), model)) as pool:
        try:
            yield from _bounded(lambda t: pool.submit(process_partition, t), wait_some, tasks, 2 * n_process)
        except BrokenProcessPool:
            raise _worker_lost("worker process") from None


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
    with dask.config.set({"distributed.worker.profile.enabled": False,
                          "distributed.admin.system-monitor.gil.enabled": False,
                          "distributed.scheduler.allowed-failures": 0,
                          "distributed.worker.preload": ["pipeline.engine.dask_worker"]}):
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


def run_dask(tasks: Iterable[PartitionTask], scheduler: str,
             security_file: str | Path | None = None) -> Iterator[PartitionResult]:
    """On a Dask cluster: `local:N` starts a LocalCluster of N single-threaded worker processes
    (TLS, temporary credentials), anything else is a scheduler address (`tls://host:8786`) reached
    with the credentials of `security_file` (else distributed's configuration). Workers load the
    model themselves."""
    try:
        from distributed import KilledWorker, wait
    except ImportError as err:  # pragma: no cover - a dependency of the project
        raise UserError(f"--scheduler needs dask[distributed] ({err})") from None

    address, n_workers = parse_scheduler(scheduler)
    with ExitStack() as stack:
        if address == "local":
            cluster, security = stack.enter_context(local_cluster(n_workers))
            client = _connect(cluster.scheduler_address, security)
        else:
            client = _connect(address, load_security(security_file))
        stack.callback(client.close)

        def wait_some(pending):
            done, not_done = wait(pending, return_when="FIRST_COMPLETED")
            return done, set(not_done)
        try:
            client.wait_for_workers(n_workers or 1, timeout=120)  # else the first tasks see no slots
        except TimeoutError:
            raise UserError(f"no Dask worker joined the scheduler at {client.scheduler.address} "
                            "within 120 s") from None
        slots = max(1, sum(client.nthreads().values()))
        try:
            yield from _bounded(lambda t: client.submit(process_partition, t, pure=False), wait_some, tasks,
                                2 * slots)
        except KilledWorker:
            raise _worker_lost("Dask worker") from None


def execute(tasks: Iterable[PartitionTask], model: str, n_process: int = 1,
            scheduler: str | None = None, security_file: str | Path | None = None) -> Iterator[PartitionResult]:
    """Run the tasks where the options say."""
    if scheduler:
        return run_dask(tasks, scheduler, security_file)
    if n_process > 1:
        return run_processes(tasks, model, n_process)
    return run_serial(tasks, model)
