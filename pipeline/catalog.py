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


@dataclass(frozen=True)
class Catalog:
    """Paths under one output directory."""

    out: Path

    def table(self, name: str) -> Path:
        return self.out / f"{name}.parquet"

    @property
    def work(self) -> Path:
        """Internal tables and caches (texts, parse record, partition caches, stamps)."""
        return self.out / "work"

    @property
    def texts(self) -> Path:
        """Accepted documents' texts (internal: the documents table has no text column)."""
        return self.work / "texts.parquet"

    @property
    def partitions(self) -> Path:
        """The partition caches: parses (`DocBin`) and rows (Parquet), see `engine.store`."""
        return self.work / "partitions"

    @property
    def parse_record(self) -> Path:
        """Which model and partition layout made the cached parses (`engine.runner.choose_model`)."""
        return self.work / "parse.json"

    @property
    def manifest(self) -> Path:
        return self.out / "manifest.json"

    @property
    def report_html(self) -> Path:
        return self.out / "report.html"

    @property
    def database(self) -> Path:
        """Every table in one SQLite file (`python -m pipeline browse` serves it)."""
        return self.out / "news.sqlite"
