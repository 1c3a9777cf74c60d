"""Issue 27, parts 6 and 7: an authenticated Dask cluster, and failures that end in one line:
a killed worker, Ctrl-C, a full disk; a killed ingest's leftovers; browse's Host check."""
from __future__ import annotations

import asyncio
import gc
import os
import re
import shutil
import signal
import sqlite3
import time

import pytest
from conftest import BUNDLED
from test_engine import CORPUS, write_corpus
from test_engine import cli as _start
from test_engine import wait_for as _wait_for
from typer.testing import CliRunner

from pipeline import api
from pipeline.cli.commands import INTERRUPTED, app

runner = CliRunner()


def _children(pid: int) -> list[int]:
    found = []
    for task in os.listdir(f"/proc/{pid}/task"):
        with open(f"/proc/{pid}/task/{task}/children") as handle:
            found += [int(c) for c in handle.read().split()]
    return found


def _cmdline(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as handle:
            return handle.read().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def test_a_killed_ingest_leaves_no_temporary_texts_after_the_next_run(tmp_path):
    (tmp_path / "a.txt").write_text("Il sindaco di Torino ha parlato.", encoding="utf-8")
    out = tmp_path / "out"
    api.ingest(tmp_path / "a.txt", out)
    leftover = out / "work" / ".texts.parquet.4242.0.tmp"  # as a kill during ingest leaves it
    leftover.write_bytes(b"half a table")
    api.ingest(tmp_path / "a.txt", out)
    assert not leftover.exists()


_PROGRESS_LINE = re.compile(r"\w+: [\d,]+ of [\d,]+ documents")


def _without_progress(stderr: str) -> str:
    """`run`'s stderr less its progress lines: what is left is what went wrong."""
    return "".join(line for line in stderr.splitlines(keepends=True) if not _PROGRESS_LINE.match(line))


# Long documents (about 4,500 words each): a run lasts far longer than a signal takes to arrive, so
# the signal finds it mid-partition (16 tiny ones can be done on a fast machine before it lands).
LONG_CORPUS = {name: " ".join([text] * 150) for name, text in CORPUS.items()}


@pytest.mark.parametrize("where", [[], ["--n-process", "2"], ["--scheduler", "local:2"]])
def test_ctrl_c_prints_one_line_and_exits_130(tmp_path, where):
    corpus = write_corpus(tmp_path / "in", LONG_CORPUS)
    out = tmp_path / "out"
    proc = _start("run", "--input", str(corpus), "--out", str(out), "--model", BUNDLED, "--partition-docs", "1",
                  *where, start_new_session=True)
    assert _wait_for(lambda: (out / "work" / "partitions" / "sentences").is_dir(), 180)
    os.killpg(proc.pid, signal.SIGINT)  # as a terminal sends it: to every process of the group, workers too
    _stdout, stderr = proc.communicate(timeout=120)
    assert proc.returncode == 130
    assert _without_progress(stderr) == INTERRUPTED + "\n", stderr


def test_disk_full_while_writing_news_sqlite_is_one_line(tmp_path, seed_out, monkeypatch):
    from pipeline.explorer import database

    out = tmp_path / "out"
    shutil.copytree(seed_out, out)
    (out / "work" / "stamps" / "report.json").unlink()  # the report must be written again

    def full(*_args, **_kwargs):
        raise sqlite3.OperationalError("database or disk is full")
    monkeypatch.setattr(database, "_copy_table", full)
    result = runner.invoke(app, ["report", "--out", str(out)])
    assert result.exit_code == 2
    assert result.stderr.startswith("error: No space left on device (database or disk is full): ")
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.output
    assert not list(out.glob(".news.sqlite.*.tmp"))


def test_browse_answers_only_requests_for_localhost():
    from datasette.app import Datasette
    from datasette.plugins import pm

    from pipeline.explorer import host_guard

    host_guard.PORT[0] = 8123
    name = pm.register(host_guard, name="test-host-guard")
    try:
        ds = Datasette(memory=True)

        async def statuses():
            hosts = ["127.0.0.1:8123", "localhost:8123", "localhost", "evil.example", "evil.example:8123",
                     "127.0.0.1:9999", "127.0.0.1.evil.example:8123"]
            return {h: (await ds.client.get("/", headers={"host": h})).status_code for h in hosts}
        found = asyncio.run(statuses())
    finally:
        pm.unregister(name=name)
    assert found == {"127.0.0.1:8123": 200, "localhost:8123": 200, "localhost": 200, "evil.example": 400,
                     "evil.example:8123": 400, "127.0.0.1:9999": 400, "127.0.0.1.evil.example:8123": 400}


# --- Dask ------------------------------------------------------------------------------------

def test_the_local_cluster_refuses_a_client_without_its_credentials(tmp_path):
    from distributed import Client
    from distributed.security import Security

    from pipeline.engine.executors import _connect, load_security, local_cluster

    with local_cluster(1) as (cluster, security):
        address = cluster.scheduler_address
        assert address.startswith("tls://127.0.0.1:")
        refused = [dict(address=address),  # no credentials at all
                   dict(address=address.replace("tls://", "tcp://")),  # a plain TCP client
                   dict(address=address, security=Security.temporary())]  # credentials, but not this cluster's
        for arguments in refused:
            with pytest.raises(Exception):  # noqa: B017 (distributed raises several kinds)
                Client(**arguments, timeout=5)
            # The refused client is finalised here: left to a later garbage collection, its __del__
            # can run inside the next Client's start and deadlock on the loop runner's lock.
            gc.collect()
        # a remote scheduler's credentials from a --dask-security file (PEM text or paths)
        settings = tmp_path / "security.yaml"
        (tmp_path / "ca.pem").write_text(security.tls_ca_file)
        settings.write_text("require_encryption: true\n"
                            f"tls_ca_file: {tmp_path / 'ca.pem'}\n"
                            "tls_client_cert: |\n" + "".join(f"  {line}\n" for line in security.tls_client_cert.splitlines())
                            + "tls_client_key: |\n" + "".join(f"  {line}\n" for line in security.tls_client_key.splitlines()))
        client = _connect(address, load_security(settings))
        try:
            assert client.submit(sum, [1, 2]).result(timeout=30) == 3
            # glibc's own malloc settings in our workers: Dask's fixed trim threshold costs the
            # model pass 20 times the page faults (see executors.local_cluster)
            environments = client.run(lambda: dict(os.environ)).values()
            assert [e.get("MALLOC_TRIM_THRESHOLD_") for e in environments] == [None]
            assert [e.get("OMP_NUM_THREADS") for e in environments] == ["1"]
        finally:
            client.close()


def test_a_bad_dask_security_file_is_one_line(tmp_path):
    (tmp_path / "bad.yaml").write_text("tls_ca: x\n")
    result = runner.invoke(app, ["entities", "--out", str(tmp_path / "out"), "--scheduler", "tls://127.0.0.1:1",
                                 "--dask-security", str(tmp_path / "bad.yaml")])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert result.stderr == (f"error: --dask-security {tmp_path / 'bad.yaml'}: unknown setting(s) tls_ca (expected "
                             "require_encryption, tls_ca_file, tls_client_cert, tls_client_key, tls_ciphers, "
                             "tls_min_version, tls_max_version)\n")


def _state(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/stat") as handle:
            return handle.read().rsplit(")", 1)[1].split()[0]
    except OSError:
        return "?"


def test_killing_one_local_dask_worker_ends_the_run_in_one_line(tmp_path):
    # Long documents, and a worker on the CPU: the killed worker is in the middle of a partition
    # (with tiny ones it could be idle between tasks, and Dask would recompute nothing that was lost).
    corpus = write_corpus(tmp_path / "in", LONG_CORPUS)
    out = tmp_path / "out"
    proc = _start("run", "--input", str(corpus), "--out", str(out), "--model", BUNDLED, "--partition-docs", "1",
                  "--scheduler", "local:2")

    def busy_worker() -> int | None:
        try:
            workers = [c for c in _children(proc.pid) if "multiprocessing.spawn" in _cmdline(c)]
        except FileNotFoundError:
            return None
        running = [w for w in workers if _state(w) == "R"]
        return running[0] if len(workers) >= 2 and running else None

    def started() -> int | None:  # the extraction has started (a partition folder) and a worker is on the CPU
        return busy_worker() if (out / "work" / "partitions" / "sentences").is_dir() else None
    victim, deadline = None, time.time() + 180
    while victim is None and time.time() < deadline:  # the pid seen busy is the one killed
        victim = started() or time.sleep(0.05)
    assert victim is not None
    os.kill(victim, signal.SIGKILL)
    _stdout, stderr = proc.communicate(timeout=300)
    # every worker holds tasks (2 per slot in flight): the killed one's partition is lost, not retried
    assert proc.returncode == 2, stderr
    errors = _without_progress(stderr)
    assert errors.startswith("error: a Dask worker died (killed, or out of memory)") and errors.count("\n") == 1, stderr
