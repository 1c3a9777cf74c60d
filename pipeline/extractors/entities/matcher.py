"""Gazetteer matching: country names, demonyms, capitals and outlets in a `Doc`.

Patterns are tokenized with the Italian tokenizer and matched on lower-case
forms; proper names must start with a capital letter in the text (so "la
repubblica" is not the newspaper), demonyms match in any case. An outlet's
first word after its article must be capitalised too ("La stampa aveva
annunciato" opens a sentence: it is not La Stampa). A name that several outlets
share ("ABC", "RTL") is the one whose country the document mentions most
(ties: the first in `outlets.tsv`).
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

import spacy
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc
from spacy.util import filter_spans

from ...gazetteers import Gazetteer, data_dir, load_gazetteer


@dataclass(frozen=True)
class GazetteerHit:
    start: int  # token offsets
    end: int
    type: str  # country | outlet | capital
    canonical_id: str
    canonical_name: str
    form: str  # name | alias | demonym | metonym


@dataclass(frozen=True)
class _Entry:
    type: str
    canonical_id: str
    canonical_name: str
    form: str
    country: str = ""  # ISO code of a country, capital or outlet


_ARTICLES = frozenset({"il", "lo", "la", "l'", "i", "gli", "le", "the", "el", "les", "der", "die"})


def _name_capitalised(doc: Doc, start: int, end: int) -> bool:
    """The first word after a leading article is capitalised ("La Stampa", not "La stampa")."""
    i = start + 1 if end - start > 1 and doc[start].lower_ in _ARTICLES else start
    return doc[i].text[:1].isupper() or not doc[i].is_alpha


class GazetteerMatcher:
    def __init__(self, gazetteer: Gazetteer):
        self.nlp = spacy.blank("it")
        self.matcher = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        self.entries: dict[str, _Entry] = {}
        self._seen: set[tuple[str, str, bool]] = set()
        for code, names in gazetteer.country_aliases.items():
            name = gazetteer.country_names.get(code, names[0])
            for i, alias in enumerate(names):
                self._add(alias, _Entry("country", code, name, "name" if i == 0 else "alias", code))
            for demonym in gazetteer.demonyms.get(code, []):
                self._add(demonym, _Entry("country", code, name, "demonym", code))
            for capital, _kind in gazetteer.capitals.get(code, []):
                self._add(capital, _Entry("capital", code, name, "metonym", code))
        for outlet in gazetteer.outlets:
            oid = f"outlet:{outlet.outlet_id}"
            self._add(outlet.name, _Entry("outlet", oid, outlet.name, "name", outlet.country))
            for alias in outlet.aliases:
                self._add(alias, _Entry("outlet", oid, outlet.name, "alias", outlet.country))

    def _add(self, phrase: str, entry: _Entry) -> None:
        # The first form registered for a phrase wins: a name over an alias of
        # the same entity. Demonyms are kept apart: "ucraina" is one, "Ucraina" a name.
        seen = (phrase.lower(), entry.canonical_id, entry.form == "demonym")
        if seen in self._seen:
            return
        self._seen.add(seen)
        key = f"{len(self.entries):06d}|{entry.type}|{entry.canonical_id}|{entry.form}"  # sorts in file order
        self.entries[key] = entry
        self.matcher.add(key, [self.nlp.make_doc(phrase)])

    def __call__(self, doc: Doc) -> list[GazetteerHit]:
        by_span: dict[tuple[int, int], list[str]] = {}
        for match_id, start, end in self.matcher(doc):
            by_span.setdefault((start, end), []).append(self.nlp.vocab.strings[match_id])
        countries = Counter(self.entries[k].country for keys in by_span.values() for k in keys[:1]
                            if self.entries[k].type == "country")
        spans = []
        for (start, end), keys in by_span.items():
            # Capitalised text is a name ("Ucraina"), lower case a demonym ("ucraina").
            capitalised = doc[start].text[:1].isupper()
            fitting = [k for k in keys if (self.entries[k].form == "demonym") != capitalised]
            if not fitting and capitalised and doc[start].is_sent_start:
                fitting = keys  # a demonym starting a sentence: "Britannici e francesi ..." (not "Russo")
            fitting = [k for k in fitting if self.entries[k].type != "outlet" or _name_capitalised(doc, start, end)]
            if fitting:
                span = doc[start:end]
                # Several outlets of one name: the one of the country the document mentions most.
                span.label_ = min(sorted(fitting), key=lambda k: -countries[self.entries[k].country])
                spans.append(span)
        hits = []
        for span in filter_spans(spans):  # longest match wins ("Repubblica Ceca" over "Repubblica")
            entry = self.entries[span.label_]
            hits.append(GazetteerHit(span.start, span.end, entry.type, entry.canonical_id,
                                     entry.canonical_name, entry.form))
        return hits


def gazetteer_matcher(directory: str | None = None) -> GazetteerMatcher:
    return _matcher(str(directory or data_dir()))


@lru_cache(maxsize=4)
def _matcher(directory: str) -> GazetteerMatcher:
    return GazetteerMatcher(load_gazetteer(directory))
