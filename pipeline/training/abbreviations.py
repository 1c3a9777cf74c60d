"""Abbreviations that keep their full stop (`pipeline/training/abbreviations.txt`).

spaCy's Italian tokenizer splits "dott." or "S.p.A." into a word and a full
stop, and a sentence splitter then ends the sentence there ("il dott." |
"Bianchi ha detto"). `add_abbreviations` makes each listed form one token.
`make model` calls it before training (the `it_news.add_abbreviations.v1`
callback of the training configs), so the model learns on the tokens it will
see and its tokenizer, saved with it, keeps them. (The committed 0.2.1 is the
0.2.0 weights with these special cases added to the tokenizer afterwards.)
A listed form that ends a sentence ("... la Rossi S.r.l. Il sindaco ...") no
longer ends it: the list keeps forms that rarely end one.
"""
from __future__ import annotations

from pathlib import Path

import spacy
from spacy.attrs import ORTH
from spacy.language import Language

ABBREVIATIONS_FILE = Path(__file__).resolve().parent / "abbreviations.txt"


def load_abbreviations(path: str | Path = ABBREVIATIONS_FILE) -> list[str]:
    """The listed forms, each lower-case one also capitalised, in file order without repeats."""
    forms: dict[str, None] = {}
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        form = line.strip()
        if not form or form.startswith("#"):
            continue
        forms[form] = None
        if form[0].islower():
            forms[form[0].upper() + form[1:]] = None
    return list(forms)


def add_abbreviations(nlp: Language, path: str | Path = ABBREVIATIONS_FILE) -> Language:
    """Each listed form becomes one token of `nlp`'s tokenizer."""
    for form in load_abbreviations(path):
        nlp.tokenizer.add_special_case(form, [{ORTH: form}])
    return nlp


@spacy.registry.callbacks("it_news.add_abbreviations.v1")
def make_add_abbreviations(path: str | None = None):
    return lambda nlp: add_abbreviations(nlp, path or ABBREVIATIONS_FILE)
