"""Italian news information extraction: sentences, entities, attributions, quantities.

The stage functions are importable as `pipeline.run`, `pipeline.ingest`,
`pipeline.sentences`, `pipeline.entities`, `pipeline.quantities`,
`pipeline.attributions`, `pipeline.report`; `pipeline.extract(text)` gives
every extraction of a single string; `pipeline.read_table(out, name)` and
`pipeline.read_csv_table(out, name)` read the outputs back, typed. The rules
live in `pipeline.extractors`, so no submodule import ever shadows these
functions. See `pipeline.api`; the spaCy components are in
`pipeline.extractors.spacy_components`.
"""
from .api import attributions, entities, extract, extract_entities, ingest, quantities, report, run, sentences  # noqa: E402
from .extractors import spacy_components  # noqa: F401,E402  (register the spaCy components)
from .nlp import components  # noqa: F401,E402
from .storage.tables import CsvStyle, read_csv_table, read_table  # noqa: E402
from .version import __version__  # noqa: E402

__all__ = ["run", "ingest", "sentences", "entities", "quantities", "attributions", "report",
           "extract", "extract_entities", "read_table", "read_csv_table", "CsvStyle", "__version__"]
