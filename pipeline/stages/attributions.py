"""Stage attributions: who is reported as the source of what.

`attribution_rows(doc_id, doc, entity_rows)` is this stage's pure core, run
by the partition engine (`pipeline.engine`) right after the entities of the
same `Doc`. The rules live in `pipeline.extractors.attributions`.
"""
from __future__ import annotations

from ..extractors.attributions import attribution_rows

__all__ = ["attribution_rows"]
