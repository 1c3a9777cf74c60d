"""The data folder's word lists, loaded once per folder and shared by every extractor.

`lexicon()` is the `Lexicon` of the data folder in force (`PIPELINE_DATA_DIR` or the
bundled `pipeline/data/`); a second folder gets its own object, so a test or a user
folder never sees another folder's words. A data file is read the first time a rule
asks for it, then kept; derived sets are kept by the question asked.

The closed classes every extractor needs (articles, name particles, organisation
words, forms of "essere" and "avere", modals) live in one file, `closed_class.tsv`
(word, class, form), so the entity, quantity and attribution rules cannot drift apart; where
they need different words the difference is a named class, not a second list:

| class | what |
| --- | --- |
| definite_article, indefinite_article | "il", "l'" / "un", "una" |
| name_particle | particles of foreign names ("von", "bin", "dos") |
| italian_name_particle | particles of Italian names that are also prepositions or articles ("di", "della", "la") |
| organization_word | words that make a name an organisation's in any context ("associazione", "Ltd.") |
| company_word, institution_word | only companies and clubs ("calcio", "airways"; the entity rules) / only institutions, some of them also surnames ("corte", "centro"; the attribution rules) |
| copula | forms of "essere" (copula and auxiliary), with their tense and number (`form`: "present plural") |
| copula_participle | "stato", "stata", "stati", "state" |
| auxiliary_avere, auxiliary_stare | forms of "avere" / "stare" before a participle or gerund |
| modal | "può", "vuole", "deve", "tiene (a)" |
"""
from __future__ import annotations

import os
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Callable, TypeVar

from ..gazetteers import DATA_DIR_VARIABLE, data_dir, read_tsv

CLOSED_CLASS_FILE = "closed_class.tsv"
T = TypeVar("T")


class Lexicon:
    """Every data file of one folder, each read at most once."""

    def __init__(self, folder: Path):
        self.folder = folder
        self._rows: dict[str, list[dict]] = {}
        self._sets: dict[tuple, frozenset] = {}
        self._derived: dict[str, object] = {}

    def rows(self, name: str) -> list[dict]:
        """The rows of a TSV data file (read once)."""
        if name not in self._rows:
            self._rows[name] = read_tsv(name, self.folder)
        return self._rows[name]

    def words(self, name: str, column: str = "word", lower: bool = False, **where: str) -> frozenset:
        """The set of `column` values of `name` whose other columns equal `where`
        (`words(NAME, role="list_joiner")`), blanks left out."""
        key = (name, column, lower, tuple(sorted(where.items())))
        if key not in self._sets:
            values = (r[column] for r in self.rows(name) if r[column] and all(r[k] == v for k, v in where.items()))
            self._sets[key] = frozenset(v.lower() for v in values) if lower else frozenset(values)
        return self._sets[key]

    def closed(self, *classes: str) -> frozenset:
        """The words of one or more closed classes of `closed_class.tsv` (lower case)."""
        key = ("closed",) + classes
        if key not in self._sets:
            self._sets[key] = frozenset().union(*(self.words(CLOSED_CLASS_FILE, lower=True, **{"class": c})
                                                  for c in classes))
        return self._sets[key]

    def cached(self, key: str, build: Callable[[], T]) -> T:
        """A value derived from this folder's files (a matcher, a table), built once."""
        if key not in self._derived:
            self._derived[key] = build()
        return self._derived[key]

    def copula(self, *tenses: str, number: str | None = None) -> frozenset:
        """Forms of "essere" of the given tenses (present, imperfect, past, future, conditional,
        subjunctive; all when none is given) and number (singular, plural; both when None)."""
        key = ("copula", number) + tenses
        if key not in self._sets:
            self._sets[key] = frozenset(
                r["word"].lower() for r in self.rows(CLOSED_CLASS_FILE) if r["class"] == "copula"
                and (not tenses or r["form"].split()[0] in tenses) and (number is None or r["form"].endswith(number)))
        return self._sets[key]

    @cached_property
    def auxiliaries(self) -> frozenset:
        """Finite forms that make the word before them a clause's subject ("Mosca ha", "Roma può")."""
        return self.closed("auxiliary_avere", "auxiliary_stare", "modal") | self.copula()


def lexicon(folder: str | Path | None = None) -> Lexicon:
    """The shared `Lexicon` of `folder` (default: the data folder in force now)."""
    if folder is None:  # the rules ask this per word: keyed by the raw setting, no Path built
        return _lexicon_of_setting(os.environ.get(DATA_DIR_VARIABLE))
    return _lexicon(str(folder))


@lru_cache(maxsize=8)
def _lexicon_of_setting(_setting: str | None) -> Lexicon:
    return _lexicon(str(data_dir()))


@lru_cache(maxsize=8)
def _lexicon(folder: str) -> Lexicon:
    return Lexicon(Path(folder))
