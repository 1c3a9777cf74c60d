"""Stage 2, sentences: the row core moved to `pipeline.extractors.sentences` (re-exported here)."""
from __future__ import annotations

from ..extractors.sentences import sentence_rows

__all__ = ["sentence_rows"]
