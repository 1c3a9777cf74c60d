"""setuptools' build backend, plus the `it_news_sm` distribution in each wheel.

spaCy resolves `spacy.load("it_news_sm")` through `importlib.metadata.distribution
("it_news_sm")`: only an installed distribution of that name makes the name a
model package. A wheel may hold one .dist-info folder, so the model's metadata
goes in as `it_news_sm.egg-info` (which importlib.metadata finds the same way),
listed in the wheel's RECORD so that pip uninstalls it with the project.
"""
from __future__ import annotations

import base64
import hashlib
import json
import os
import zipfile
from pathlib import Path

from setuptools import build_meta as _setuptools
from setuptools.build_meta import *  # noqa: F401,F403  (every hook not redefined here)

MODEL_META = Path(__file__).resolve().parent.parent / "models" / "it_news_sm" / "meta.json"


def _model_files() -> dict[str, bytes]:
    meta = json.loads(MODEL_META.read_text(encoding="utf-8"))
    name = f"{meta['lang']}_{meta['name']}" if not meta["name"].startswith(f"{meta['lang']}_") else meta["name"]
    info = (f"Metadata-Version: 2.1\nName: {name}\nVersion: {meta['version']}\n"
            f"Summary: {meta.get('description', '')}\nLicense: {meta.get('license', '')}\n"
            f"Requires-Dist: italian-news-pipeline\n")
    return {f"{name}.egg-info/PKG-INFO": info.encode("utf-8"),
            f"{name}.egg-info/top_level.txt": f"{name}\n".encode("utf-8")}


def _record_line(path: str, data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode("ascii")
    return f"{path},sha256={digest},{len(data)}"


def add_model_distribution(wheel: Path) -> None:
    """Rewrite `wheel` with the model's egg-info added (and in RECORD)."""
    extra = _model_files()
    patched = wheel.with_suffix(".tmp")
    with zipfile.ZipFile(wheel) as source, zipfile.ZipFile(patched, "w", zipfile.ZIP_DEFLATED) as target:
        record = next(n for n in source.namelist() if n.endswith(".dist-info/RECORD"))
        for item in source.infolist():
            if item.filename != record:
                target.writestr(item, source.read(item.filename))
        for path, data in extra.items():
            target.writestr(path, data)
        lines = source.read(record).decode("utf-8").splitlines()
        target.writestr(record, "\n".join(lines + [_record_line(p, d) for p, d in extra.items()]) + "\n")
    os.replace(patched, wheel)


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    name = _setuptools.build_wheel(wheel_directory, config_settings, metadata_directory)
    add_model_distribution(Path(wheel_directory) / name)
    return name


def build_editable(wheel_directory, config_settings=None, metadata_directory=None):
    name = _setuptools.build_editable(wheel_directory, config_settings, metadata_directory)
    add_model_distribution(Path(wheel_directory) / name)
    return name
