"""Stage 3, entities: typed, canonical entity mentions of every parsed document."""
from __future__ import annotations

from pathlib import Path
from typing import Callable

from ..extractors.entities import entity_rows
from .common import run_doc_stage


def run_entities(out: str | Path, progress: Callable[[int], None] = lambda n: None) -> int:
    """Write the entities table; return its number of rows."""
    return run_doc_stage(out, "entities", entity_rows, progress=progress)
