"""Where each stage's inputs and outputs live, decided in one place.

`STAGE_TABLES` lists the stages in run order with the table each writes.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

DEFAULT_OUT = Path("outputs")
DEFAULT_INPUT = Path("seeds")
STAGE_TABLES = {
    "ingest": "documents",
    "sentences": "sentences",
    "entities": "entities",
    "quantities": "quantities",
    "attributions": "attributions",
    "report": "entity_report",
}


def _table_files(*tables: str) -> tuple[str, ...]:
    return tuple(f"{t}.{ext}" for t in tables for ext in ("parquet", "csv"))


# The top-level names each stage writes: recorded in the manifest, the only ones `clean` removes.
STAGE_WRITES = {
    **{stage: _table_files(table) + ("work",) for stage, table in STAGE_TABLES.items() if stage != "report"},
    "report": _table_files("claims", "entity_report", "statement_groups", "figure_conflicts")
    + ("report.html", "news.sqlite"),
}


def stage_writes(stage: str) -> tuple[str, ...]:
    """What a stage writes; a stage not listed is a registered extractor's: its table and work/."""
    return STAGE_WRITES.get(stage) or _table_files(stage) + ("work",)


def _path(relative: str, doc: str) -> property:
    """A path under the output folder, as a documented read-only attribute."""
    return property(lambda self: self.out / relative, doc=doc)


@dataclass(frozen=True)
class Catalog:
    """Paths under one output directory."""

    out: Path

    def table(self, name: str) -> Path:
        return self.out / f"{name}.parquet"

    work = _path("work", "Internal tables and caches (texts, parse record, partition caches, stamps).")
    texts = _path("work/texts.parquet", "Accepted documents' texts (internal: the documents table has no text column).")
    partitions = _path("work/partitions", "The partition caches: parses (`DocBin`) and rows (Parquet), see `engine.store`.")
    parse_record = _path("work/parse.json",
                         "Which model and partition layout made the cached parses (`engine.runner.choose_model`).")
    manifest = _path("manifest.json", "The folder's marker and record of what was written (`manifest`).")
    report_html = _path("report.html", "The explorer: one self-contained page.")
    database = _path("news.sqlite", "Every table in one SQLite file (`python -m pipeline browse` serves it).")
