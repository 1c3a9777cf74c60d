"""The extractors as spaCy components, for use inside any spaCy pipeline.

    nlp = spacy.load("it_news_sm")               # the bundled model; or any Italian pipeline
    nlp.add_pipe("it_news_entities")             # doc._.entities
    nlp.add_pipe("it_news_quantities")           # doc._.quantities
    nlp.add_pipe("it_news_attributions")         # doc._.attributions (uses doc._.entities)
    nlp.add_pipe("it_news_extractor", config={"table": "quantities"})  # any registered table

One generic component serves every table of the extractor registry
(`pipeline.extractors.registry`); the named factories are that component with
its table fixed.

Each sets a `Doc` extension to the rows the pipeline's stage writes for that
document (a list of dicts, the table's columns), by calling the same pure
row functions the engine calls, so results are identical; and adds the same results
as spans to `doc.spans["it_news"]` (labels: the entity type, QUANTITY, and
CUE, SOURCE, CONTENT of an attribution), which displaCy's span style and other
spaCy tools read. The factories are registered by entry point
(`spacy_factories` in pyproject.toml): an installed project needs no import.
`doc_id` (config) fills the rows' `doc_id` column.
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from .registry import REGISTRY
from .registry import doc_rows as _registry_rows

SPANS_KEY = "it_news"


def row_spans(doc: Doc, table: str, rows: list[dict]) -> list:
    """The rows as labelled spans of `doc` (a part without offsets, such as an attribution
    with no content, gives none)."""
    spans = []
    for row in rows:
        for start, end, label in REGISTRY[table].spans:
            if row.get(start) is None or row.get(end) is None:
                continue
            name = str(row.get(label) or label).upper() if label in row else label
            span = doc.char_span(row[start], row[end], label=name, alignment_mode="expand")
            if span is not None:
                spans.append(span)
    return spans


class RowsComponent:
    """Sets `doc._.<extension>` to the table's rows and adds them to doc.spans["it_news"].
    A needed table's rows are those of an earlier component when there is one, else computed
    here (attributions resolve sources to the entity mentions)."""

    def __init__(self, table: str, doc_id: str):
        if table not in REGISTRY or REGISTRY[table].extension is None:
            raise ValueError(f"no registered table with a Doc extension: {table!r}")
        self.table, self.doc_id = table, doc_id

    def __call__(self, doc: Doc) -> Doc:
        extractor = REGISTRY[self.table]
        given = {n: doc._.get(REGISTRY[n].extension) for n in extractor.needs if REGISTRY[n].extension}
        rows = _registry_rows(self.doc_id, doc, [self.table],
                              given={n: r for n, r in given.items() if r is not None})[self.table]
        doc._.set(extractor.extension, rows)
        group = list(doc.spans[SPANS_KEY]) if SPANS_KEY in doc.spans else []
        doc.spans[SPANS_KEY] = group + row_spans(doc, self.table, rows)
        return doc


_CONFIG = {"doc_id": "doc"}


@Language.factory("it_news_extractor", default_config={"table": "entities", **_CONFIG})
def make_extractor(nlp: Language, name: str, table: str, doc_id: str) -> RowsComponent:
    return RowsComponent(table, doc_id)


def _named(table: str):
    """The factory `it_news_<table>` (names kept for the `spacy_factories` entry points)."""
    def make(nlp: Language, name: str, doc_id: str) -> RowsComponent:
        return RowsComponent(table, doc_id)
    make.__name__ = f"make_{table}"
    return Language.factory(f"it_news_{table}", default_config=_CONFIG, func=make)


FACTORIES = {table: _named(table) for table, extractor in REGISTRY.items() if extractor.extension}
make_entities, make_quantities, make_attributions = (FACTORIES[t] for t in ("entities", "quantities", "attributions"))


def doc_rows(doc_id: str, doc: Doc) -> dict[str, list[dict]]:
    """Every registered table's rows for one parsed document, as the engine computes them."""
    return _registry_rows(doc_id, doc)
