"""Entity extraction: gazetteers, model spans, outlet cues and person linking."""
from .extract import entity_rows

__all__ = ["entity_rows"]
