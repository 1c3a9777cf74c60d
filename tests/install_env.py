"""A fresh virtual environment with the project installed as a user installs it (issue 24).

    python tests/install_env.py BASE

copies the checkout to BASE/src, creates BASE/venv with `python -m venv`
(nothing of the running environment) and runs `pip --python BASE/venv/bin/python
install BASE/src`: build isolation, and every dependency resolved from
pyproject.toml's ranges.
A dependency that the code imports but pyproject.toml does not declare is then
missing, as it would be for a user.

The packages come from a wheelhouse filled once from the indexes pip is
configured with (`pip download` of requirements.lock); the install itself is
`--no-index` against it, with the lock as constraints, so it is offline,
repeatable and quick after the first run. conftest.py starts this script in the
background as soon as the install tests are collected, so the install overlaps
the rest of the suite.
"""
from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCK = ROOT / "requirements.lock"
SKIP_DIRS = {".venv", ".git", "outputs", "build", "__pycache__", ".pytest_cache"}
WHEELHOUSE = Path(os.environ.get("PIPELINE_WHEELHOUSE",
                                 Path.home() / ".cache" / "italian-news-pipeline" / "wheelhouse"))


def clean_env() -> dict:
    """The environment of a user's shell: none of the running test's model or path settings."""
    return {k: v for k, v in os.environ.items()
            if k not in ("PIPELINE_MODEL", "PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")}


def _pip(python: Path, *args, log) -> None:
    subprocess.run([str(python), "-m", "pip", *map(str, args)], check=True, stdout=log, stderr=log,
                   env=clean_env(), timeout=900)


def fill_wheelhouse(log) -> Path:
    """Download the lock's wheels once (a stamp names the lock's hash); locked against parallel runs."""
    WHEELHOUSE.mkdir(parents=True, exist_ok=True)
    stamp = WHEELHOUSE / f".complete-{hashlib.sha256(LOCK.read_bytes()).hexdigest()[:16]}"
    with open(WHEELHOUSE / ".lock", "w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        if not stamp.exists():
            _pip(Path(sys.executable), "download", "-q", "--no-deps", "-d", WHEELHOUSE, "-r", LOCK, log=log)
            stamp.touch()
    return WHEELHOUSE


def install(base: Path, log) -> Path:
    """BASE/venv with the project from BASE/src; returns the venv."""
    src = base / "src"
    shutil.copytree(ROOT, src, symlinks=True,
                    ignore=lambda d, names: [n for n in names if n in SKIP_DIRS or n.endswith(".egg-info")])
    wheels = fill_wheelhouse(log)
    env_dir = base / "venv"
    # No pip of its own (ensurepip takes seconds): this environment's pip installs into it.
    venv.create(env_dir, with_pip=False)
    _pip(Path(sys.executable), "--python", env_dir / "bin" / "python", "install", "--no-index", "--find-links",
         wheels, "-c", LOCK, "--no-compile", "--disable-pip-version-check", src, log=log)
    return env_dir


if __name__ == "__main__":
    target = Path(sys.argv[1])
    target.mkdir(parents=True, exist_ok=True)
    with open(target / "install.log", "w") as out:
        install(target, out)
