"""Which spaCy model the pipeline uses, and loading it.

Order: an explicit name or path (`--model`, `MODEL=`), then the
`PIPELINE_MODEL` environment variable, then `it_core_news_sm` when it is
installed, else the project's own offline model in `models/it_news_sm`.
"""
from __future__ import annotations

import hashlib
import importlib.util
import json
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import spacy
from spacy.language import Language

from ..hints import in_checkout

PACKAGE_DIR = Path(__file__).resolve().parent.parent  # the `pipeline` package
PROJECT_ROOT = PACKAGE_DIR.parent
# A checkout keeps the model in models/it_news_sm; an installed wheel carries the
# same files inside the package (pipeline/models/it_news_sm, a link in the checkout).
_BUNDLED_PLACES = (PROJECT_ROOT / "models" / "it_news_sm", PACKAGE_DIR / "models" / "it_news_sm")
BUNDLED_MODEL = next((p for p in _BUNDLED_PLACES if (p / "meta.json").exists()), _BUNDLED_PLACES[0])
PREFERRED_PACKAGE = "it_core_news_sm"
BUNDLED_NAME = "it_news_sm"  # spacy.load's name for it (the it_news_sm package of the wheel)
ENV_VAR = "PIPELINE_MODEL"


class ModelNotFound(RuntimeError):
    """A named model is neither an installed package nor a model directory."""


@dataclass(frozen=True)
class ModelInfo:
    name: str
    version: str
    path: str
    license: str = ""

    @property
    def key(self) -> str:
        """Identifies the model's outputs: a cache built with another model is not reused."""
        return f"{self.name}-{self.version}"


def resolve_model(name: str | None = None) -> str:
    """The model name or path to load, following the order above."""
    chosen = name or os.environ.get(ENV_VAR) or None
    if chosen == BUNDLED_NAME and (BUNDLED_MODEL / "meta.json").exists():
        return str(BUNDLED_MODEL)  # the same files as spacy.load("it_news_sm"): the same caches
    if chosen:
        _check_exists(chosen)
        return chosen
    if importlib.util.find_spec(PREFERRED_PACKAGE) is not None:
        return PREFERRED_PACKAGE
    if not (BUNDLED_MODEL / "meta.json").exists():
        remedy = "run `make model` to train it" if in_checkout() else "reinstall italian-news-pipeline (its wheel carries it)"
        raise ModelNotFound(f"no model available: {PREFERRED_PACKAGE} is not installed and {BUNDLED_MODEL} is missing; {remedy}")
    return str(BUNDLED_MODEL)


def _check_exists(name: str) -> None:
    path = Path(name)
    if path.exists():
        if not (path / "meta.json").exists() and not (path / "config.cfg").exists():
            raise ModelNotFound(f"{name} is a path but not a spaCy model directory (no meta.json or config.cfg)")
        return
    if _looks_like_path(name):
        raise ModelNotFound(f"model directory not found: {name}")
    if not _is_installed(name.replace("-", "_")):
        raise ModelNotFound(
            f"model '{name}' is not installed and is not a directory. Install it with "
            f"`python -m spacy download {name}` (needs network access), pass a model "
            f"directory, or leave --model unset to use the bundled it_news_sm"
        )


def _looks_like_path(name: str) -> bool:
    return name.startswith((".", "~")) or "/" in name or os.sep in name


def _is_installed(package: str) -> bool:
    try:
        return importlib.util.find_spec(package) is not None
    except (ImportError, ValueError):  # not a valid module name: not an installed package
        return False


def model_meta(resolved: str) -> dict:
    """The meta.json of a resolved model (directory or installed package), without loading it."""
    path = Path(resolved)
    if not path.is_dir():
        spec = importlib.util.find_spec(resolved.replace("-", "_"))
        locations = list(spec.submodule_search_locations or []) if spec else []
        path = Path(locations[0]) if locations else path
    try:
        return json.loads((path / "meta.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def model_summary(resolved: str) -> str:
    """`it_news_sm 0.2.1, licence CC BY-NC-SA 4.0 (PATH)`: what each run tells the user."""
    meta = model_meta(resolved)
    licence = meta.get("license") or "not stated in its meta.json"
    return f"{meta.get('name', '?')} {meta.get('version', '?')}, licence {licence} ({resolved})"


def load_model(name: str | None = None) -> Language:
    """Load (once per process) the resolved model, with the pipeline's own components."""
    return _load(resolve_model(name))


@lru_cache(maxsize=4)
def _load(resolved: str) -> Language:
    from . import lexicon_features  # noqa: F401  registers the factory the bundled model uses
    from .components import add_paragraph_boundaries

    nlp = spacy.load(resolved)
    # The senter/parser may be disabled in a package's config; sentences are needed.
    for pipe in ("senter",):
        if pipe in nlp.disabled and "parser" not in nlp.pipe_names:
            nlp.enable_pipe(pipe)
    return add_paragraph_boundaries(nlp)


def describe_model(resolved: str) -> ModelInfo:
    """Name, version and cache key of a resolved model from its meta.json, without loading it."""
    meta = model_meta(resolved)
    version = meta.get("version", "?")
    if Path(resolved).is_dir():
        # A model directory can be retrained under the same version: the cache
        # key then follows its files, so old parses are never reused.
        version = f"{version}+{_directory_digest(Path(resolved))}"
    name, lang = meta.get("name") or str(resolved), meta.get("lang")
    if lang and not name.startswith(f"{lang}_"):
        name = f"{lang}_{name}"  # spaCy packages: meta name "core_news_sm", package it_core_news_sm
    return ModelInfo(name=name, version=version, path=resolved, license=meta.get("license", ""))


@lru_cache(maxsize=4)
def _directory_digest(path: Path) -> str:
    digest = hashlib.sha256()
    for file in sorted(p for p in path.rglob("*") if p.is_file() and p.name != "README.md"):
        digest.update(file.relative_to(path).as_posix().encode())
        digest.update(file.read_bytes())
    return digest.hexdigest()[:12]
