"""The extractors as spaCy components, for use inside any spaCy pipeline.

    nlp = spacy.load("it_news_sm")               # the bundled model; or any Italian pipeline
    nlp.add_pipe("it_news_entities")             # doc._.entities
    nlp.add_pipe("it_news_quantities")           # doc._.quantities
    nlp.add_pipe("it_news_attributions")         # doc._.attributions (uses doc._.entities)

Each sets a `Doc` extension to the rows the pipeline's stage writes for that
document (a list of dicts, the table's columns), by calling the same pure
functions the stages call, so results are identical; and adds the same results
as spans to `doc.spans["it_news"]` (labels: the entity type, QUANTITY, and
CUE, SOURCE, CONTENT of an attribution), which displaCy's span style and other
spaCy tools read. The factories are registered by entry point
(`spacy_factories` in pyproject.toml): an installed project needs no import.
`doc_id` (config) fills the rows' `doc_id` column.
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

EXTENSIONS = ("entities", "quantities", "attributions")
for _name in EXTENSIONS:
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


def _entity_rows(doc_id: str, doc: Doc) -> list[dict]:
    from .extractors.entities import entity_rows

    return entity_rows(doc_id, doc)


def _quantity_rows(doc_id: str, doc: Doc) -> list[dict]:
    from .stages.quantities import quantity_rows

    return quantity_rows(doc_id, doc)


def _attribution_rows(doc_id: str, doc: Doc) -> list[dict]:
    from .extractors.attributions import attribution_rows

    # Attributions resolve sources to entity mentions: those of an earlier
    # it_news_entities component when there is one, else computed here.
    entities = doc._.entities if doc._.entities is not None else _entity_rows(doc_id, doc)
    return attribution_rows(doc_id, doc, entities)


SPANS_KEY = "it_news"
# (start column, end column, label or the column holding it) of each table's spans
SPAN_COLUMNS = {
    "entities": [("start_char", "end_char", "type")],
    "quantities": [("start_char", "end_char", "QUANTITY")],
    "attributions": [("cue_start", "cue_end", "CUE"), ("source_start", "source_end", "SOURCE"),
                     ("content_start", "content_end", "CONTENT")],
}


def row_spans(doc: Doc, extension: str, rows: list[dict]) -> list:
    """The rows as labelled spans of `doc` (a part without offsets, such as an attribution
    with no content, gives none)."""
    spans = []
    for row in rows:
        for start, end, label in SPAN_COLUMNS[extension]:
            if row.get(start) is None or row.get(end) is None:
                continue
            name = str(row.get(label) or label).upper() if label in row else label
            span = doc.char_span(row[start], row[end], label=name, alignment_mode="expand")
            if span is not None:
                spans.append(span)
    return spans


class RowsComponent:
    """Sets `doc._.<extension>` to `rows(doc_id, doc)` and adds them to doc.spans["it_news"]."""

    def __init__(self, extension: str, rows, doc_id: str):
        self.extension, self.rows, self.doc_id = extension, rows, doc_id

    def __call__(self, doc: Doc) -> Doc:
        rows = self.rows(self.doc_id, doc)
        doc._.set(self.extension, rows)
        group = list(doc.spans[SPANS_KEY]) if SPANS_KEY in doc.spans else []
        doc.spans[SPANS_KEY] = group + row_spans(doc, self.extension, rows)
        return doc


_CONFIG = {"doc_id": "doc"}


@Language.factory("it_news_entities", default_config=_CONFIG)
def make_entities(nlp: Language, name: str, doc_id: str) -> RowsComponent:
    return RowsComponent("entities", _entity_rows, doc_id)


@Language.factory("it_news_quantities", default_config=_CONFIG)
def make_quantities(nlp: Language, name: str, doc_id: str) -> RowsComponent:
    return RowsComponent("quantities", _quantity_rows, doc_id)


@Language.factory("it_news_attributions", default_config=_CONFIG)
def make_attributions(nlp: Language, name: str, doc_id: str) -> RowsComponent:
    return RowsComponent("attributions", _attribution_rows, doc_id)


def doc_rows(doc_id: str, doc: Doc) -> dict[str, list[dict]]:
    """Every table's rows for one parsed document, as the stages compute them."""
    from .extractors.attributions import attribution_rows
    from .stages.sentences import sentence_rows

    entities = _entity_rows(doc_id, doc)
    return {"sentences": sentence_rows(doc_id, doc), "entities": entities,
            "quantities": _quantity_rows(doc_id, doc),
            "attributions": attribution_rows(doc_id, doc, entities)}
