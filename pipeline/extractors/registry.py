"""The per-document tables, one record each: everything else about them derives from here.

An `Extractor` names a table, its pure row function
`(doc_id, doc, *needed tables' rows, **options) -> rows`, its Arrow schema (from
`pipeline.storage.schemas`), the tables whose rows it needs, its character-offset
columns, its `Doc` extension, the run options it takes and the data files it
reads. The partition engine (tables, order, needs, each table's cache key), the
spaCy components, `api.extract`, news.sqlite and the benchmark read this
registry; adding a table is a module with its row function and one `register`.
"""
from __future__ import annotations

from dataclasses import dataclass
from fnmatch import fnmatch
from pathlib import Path
from typing import Callable, Iterable

import pyarrow as pa
from spacy.tokens import Doc

from ..storage.schemas import SCHEMAS
from .attributions import attribution_rows
from .entities import entity_rows
from .quantities.rows import quantity_rows
from .sentences import sentence_rows

KIND_ORGANIZATIONS = "@kind-organizations"  # KIND's organisation list in the shared data folder


@dataclass(frozen=True)
class Extractor:
    name: str
    rows: Callable[..., list[dict]]
    schema: pa.Schema
    needs: tuple[str, ...] = ()
    offsets: tuple[str, ...] = ()       # shifted when a document is parsed in segments
    extension: str | None = None        # `doc._.<extension>` set by its spaCy component
    options: tuple[str, ...] = ()       # keyword options of a run it takes (their values key its cache)
    data: tuple[str, ...] = ()          # glob patterns in the data folder (and KIND_ORGANIZATIONS)
    spans: tuple[tuple[str, str, str], ...] = ()  # (start, end, label or its column) in doc.spans
    summary: str = ""                   # one line: the help of its CLI command and API function

    def data_files(self) -> list[Path]:
        """The data files this table's rows depend on (part of its cache key)."""
        from ..gazetteers import data_dir, kind_organizations_file

        root = data_dir()
        files = sorted(p for p in root.rglob("*") if p.is_file()
                       and any(fnmatch(p.relative_to(root).as_posix(), g) for g in self.data)) if root.is_dir() else []
        kind = kind_organizations_file() if KIND_ORGANIZATIONS in self.data else None
        return files + ([kind] if kind else [])


# The gazetteer (`gazetteers.load_gazetteer`, `organization_names`): countries, outlets, organisations.
GAZETTEER = ("territories.tsv", "country_aliases.tsv", "demonyms.tsv", "capitals.tsv", "outlets.tsv",
             "outlet_cues.tsv", "anaphora_outlet.tsv", "organizations.tsv", KIND_ORGANIZATIONS)
_START_END = ("start_char", "end_char")

REGISTRY: dict[str, Extractor] = {e.name: e for e in (  # in computing order: a table after its needs
    Extractor("sentences", sentence_rows, SCHEMAS["sentences"], offsets=_START_END,
              summary="Parse accepted documents with the spaCy model; write `sentences` and cache the parses."),
    Extractor("entities", entity_rows, SCHEMAS["entities"], offsets=_START_END, extension="entities",
              options=("lists",), spans=(("start_char", "end_char", "type"),),
              summary="Find countries, people, outlets, organisations and places; write `entities`.",
              data=GAZETTEER + ("closed_class.tsv", "entity_words.tsv", "government_context.tsv",
                                "institution_heads.tsv", "institution_nouns.tsv", "person_titles.tsv",
                                "person_alias_cues.tsv", "not_outlets.tsv", "outlet_shapes.tsv",
                                "language_context.tsv", "country_word_names.tsv", "organization_aliases.tsv")),
    Extractor("quantities", quantity_rows, SCHEMAS["quantities"], offsets=_START_END, extension="quantities",
              spans=(("start_char", "end_char", "QUANTITY"),),
              summary='Find quantities ("circa 30 paesi", "4,6 milioni di euro"); write `quantities`.',
              data=("quantity_*.tsv", "approx_numerals.tsv", "multipliers.tsv", "plural_lemmas.tsv", "closed_class.tsv")),
    Extractor("attributions", attribution_rows, SCHEMAS["attributions"], needs=("entities",),
              offsets=("cue_start", "cue_end", "source_start", "source_end", "content_start", "content_end"),
              extension="attributions",
              summary="Find who is reported as saying what; write `attributions` (computes the entities it needs).",
              spans=(("cue_start", "cue_end", "CUE"), ("source_start", "source_end", "SOURCE"),
                     ("content_start", "content_end", "CONTENT")),
              data=("attribution_*.tsv", "attribution_cue_model.json", "articulated_prepositions.tsv", "closed_class.tsv",
                    "anaphora_outlet.tsv")),
)}


def tables() -> tuple[str, ...]:
    """The per-document tables in computing order."""
    return tuple(REGISTRY)


def with_needs(names: Iterable[str]) -> list[str]:
    """`names` plus the tables they need (transitively), in computing order."""
    wanted, todo = set(), list(names)
    while todo:
        name = todo.pop()
        if name not in wanted:
            wanted.add(name)
            todo.extend(REGISTRY[name].needs)
    return [t for t in REGISTRY if t in wanted]


def register(extractor: Extractor) -> Extractor:
    """Add (or replace) a table: the engine, news.sqlite, api.extract and the spaCy component
    `it_news_extractor` then know it. Its needs must be registered before it."""
    missing = [n for n in extractor.needs if n not in REGISTRY or n == extractor.name]
    if missing:
        raise ValueError(f"extractor {extractor.name} needs unregistered tables: {', '.join(missing)}")
    REGISTRY[extractor.name] = extractor
    SCHEMAS[extractor.name] = extractor.schema  # table writers and readers look schemas up by name
    if extractor.extension and not Doc.has_extension(extractor.extension):
        Doc.set_extension(extractor.extension, default=None)
    return extractor


def unregister(name: str) -> None:
    """Remove a table added by `register` (tests)."""
    REGISTRY.pop(name)
    SCHEMAS.pop(name, None)


def doc_rows(doc_id: str, doc: Doc, names: Iterable[str] | None = None, options: dict | None = None,
             on_error: Callable[[str, Exception], None] | None = None,
             given: dict[str, list[dict]] | None = None) -> dict[str, list[dict]]:
    """Rows of `names` (default: every table; needs included, computing order) for one parsed
    text; `options`: run options by name, each table gets those it takes; `given`: rows already
    known (not computed again). A table whose rules raise costs its rows (`on_error` told)
    when `on_error` is given, else the error propagates."""
    options = options or {}
    rows: dict[str, list[dict]] = dict(given or {})
    for name in with_needs(REGISTRY if names is None else names):
        if name in rows:
            continue
        extractor = REGISTRY[name]
        try:
            rows[name] = extractor.rows(doc_id, doc, *(rows[n] for n in extractor.needs),
                                        **{k: options[k] for k in extractor.options if k in options})
        except Exception as err:  # noqa: BLE001 - one document's failure stays that document's
            if on_error is None:
                raise
            rows[name] = []
            on_error(name, err)
    return rows


for _extractor in REGISTRY.values():
    register(_extractor)  # the built-in tables' Doc extensions
