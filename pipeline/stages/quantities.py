"""Stage 4, quantities: the row core moved to `pipeline.extractors.quantities.rows` (re-exported here)."""
from __future__ import annotations

from ..extractors.quantities.rows import quantity_rows

__all__ = ["quantity_rows"]
