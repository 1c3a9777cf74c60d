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
import os as _os
import sys as _sys

# Arrow's allocator, chosen before pyarrow is first imported (the variable is read once): its
# default, mimalloc, kept what the report stage's readers freed (200 MB more at 10 M words);
# jemalloc gives it back. Linux wheels have it (elsewhere Arrow would warn); a user's own setting wins.
if _sys.platform.startswith("linux") and "pyarrow" not in _sys.modules:
    _os.environ.setdefault("ARROW_DEFAULT_MEMORY_POOL", "jemalloc")

from .api import attributions, entities, extract, extract_entities, ingest, quantities, report, run, sentences  # noqa: E402
from .extractors import spacy_components  # noqa: F401,E402  (register the spaCy components)
from .nlp import components  # noqa: F401,E402
from .storage.tables import CsvStyle, read_csv_table, read_table  # noqa: E402
from .version import __version__  # noqa: E402

__all__ = ["run", "ingest", "sentences", "entities", "quantities", "attributions", "report",
           "extract", "extract_entities", "read_table", "read_csv_table", "CsvStyle", "__version__"]
