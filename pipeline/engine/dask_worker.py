"""Preloaded into the worker processes of our own LocalCluster (`executors.local_cluster`).

Ctrl-C on a terminal reaches the whole process group: the client alone answers it
(one line, exit 130) and closes the cluster; a worker that took the signal too
would print a traceback of its event loop. So the workers ignore it.
"""
from __future__ import annotations

import signal
import threading


def dask_setup(worker) -> None:  # noqa: ARG001 - the hook Dask calls in each worker process
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGINT, signal.SIG_IGN)
