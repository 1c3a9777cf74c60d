"""spaCy components the pipeline adds to whatever model it loads."""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


@Language.component("paragraph_boundaries")
def paragraph_boundaries(doc: Doc) -> Doc:
    """A line break ends a sentence: titles, datelines and paragraphs never run on.

    It runs before the model's sentence splitter, which keeps boundaries that
    are already set.
    """
    for token in doc[:-1]:
        if "\n" in token.text or "\n" in token.whitespace_:
            doc[token.i + 1].is_sent_start = True
    return doc


def add_paragraph_boundaries(nlp: Language) -> Language:
    """Insert `paragraph_boundaries` before the first component that sets sentences."""
    if "paragraph_boundaries" in nlp.pipe_names:
        return nlp
    for name in ("senter", "parser", "sentencizer"):
        if name in nlp.pipe_names:
            nlp.add_pipe("paragraph_boundaries", before=name)
            return nlp
    nlp.add_pipe("paragraph_boundaries", first=True)
    return nlp
