"""Italian news information extraction: sentences, entities, attributions, quantities.

The stage functions are importable as `pipeline.run`, `pipeline.ingest`,
`pipeline.sentences`, `pipeline.entities`, `pipeline.quantities`,
`pipeline.attributions`, `pipeline.report`; `pipeline.extract_entities(text)`
works on a single string. See `pipeline.api`.
"""
from . import components  # noqa: F401  (registers the pipeline's spaCy components)
from .api import (attributions, entities, extract_entities, ingest, quantities, report, run,
                  sentences)

__all__ = ["run", "ingest", "sentences", "entities", "quantities", "attributions", "report",
           "extract_entities"]
