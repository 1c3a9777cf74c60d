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


@dataclass(frozen=True)
class Catalog:
    """Paths under one output directory."""

    out: Path

    def table(self, name: str) -> Path:
        return self.out / f"{name}.parquet"

    @property
    def work(self) -> Path:
        """Internal tables and caches (texts, parsed list, parses, stamps, row caches)."""
        return self.out / "work"

    @property
    def texts(self) -> Path:
        """Accepted documents' texts (internal: the documents table has no text column)."""
        return self.work / "texts.parquet"

    @property
    def docs_dir(self) -> Path:
        """Parsed documents, one `DocBin` file per document, keyed by content and model."""
        return self.work / "docs"

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
