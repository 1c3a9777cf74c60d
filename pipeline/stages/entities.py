"""Stage 3, entities: typed, canonical entity mentions of every parsed document.

The rules live in `pipeline.extractors.entities`; `entity_rows(doc_id, doc)` is
this stage's pure core, run by the partition engine (`pipeline.engine`).
"""
from __future__ import annotations

from ..extractors.entities import entity_rows

__all__ = ["entity_rows"]
