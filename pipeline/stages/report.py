"""Stage 6, report: `claims`, `entity_report` (one row per canonical entity), the
cross-document `statement_groups` and `figure_conflicts`, report.html (the explorer) and news.sqlite.

The aggregation streams the entities table; the page and the database are
built from the tables alone (`pipeline.explorer`), never from parsed documents.
"""
from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Iterator

import pyarrow as pa
import pyarrow.parquet as pq

from ..explorer.data import explorer_payload
from ..explorer.database import REPORT_TABLES, write_database
from ..explorer.page import assets_fingerprint, write_page
from ..extractors.entities.organizations import is_generic_id
from ..extractors.entities.user_lists import UserLists, iter_user_rows
from ..extractors.registry import tables as extraction_tables
from ..storage.by_document import DocumentRows
from ..storage.catalog import Catalog
from ..storage.incremental import code_fingerprint, file_sha256, fresh_stamp, record_stamp
from ..storage.tables import OutputOptions, TableWriter, iter_table_rows, table_path, write_table


def source_counts(out: str | Path) -> Counter:
    """Attributions per resolved source entity (empty before the attributions stage ran)."""
    if not table_path(out, "attributions").exists():
        return Counter()
    return Counter(r["source_canonical_id"] for r in
                   iter_table_rows(out, "attributions", ["source_canonical_id"]) if r["source_canonical_id"])


def entity_report_rows(entity_rows, as_source: Counter, figures: Counter | None = None,
                       merged: dict[str, str] | None = None, lists: UserLists | None = None) -> list[dict]:
    """Aggregate entity mentions by canonical id (pure; rows in document order).

    `entity_rows`: a list of rows, or a function that returns a fresh iterator of them (the
    rows are read twice, so the table is streamed and nothing per mention is kept).

    `lists` (the user's alias and ignore lists) are applied to the rows first, so
    a user alias merges entities across documents and an ignored name is never
    reported. Generic institution nouns ("il governo" of a document that never
    says which) keep ids scoped to their document, so they never merge, and
    rank after every named entity. The canonical name of an id seen with
    several names is the most frequent (then the longest): the same whatever the
    order of the rows.

    Persons are then merged across documents when the names agree and nothing
    conflicts: a shorter name ("Köcher") whose words fit exactly one fuller
    person name of the corpus ("Helmuth Köcher") joins it; two different full
    names never merge. `linked_by` is "corpus" for an entity whose mentions
    span several documents (the same canonical id, or such a merge), else
    "document" (linked within its one document by the entities stage).
    `merged`, when given, receives each folded id -> the id of the row it joined.
    """
    if isinstance(entity_rows, Iterator):
        entity_rows = list(entity_rows)  # one pass only: held
    read = entity_rows if callable(entity_rows) else (lambda: entity_rows)
    figures = figures or Counter()
    agg: dict[str, dict] = {}
    names: dict[str, Counter] = {}
    for row in iter_user_rows(read(), lists):
        key = row["canonical_id"]
        names.setdefault(key, Counter())[row["canonical_name"]] += 1
        entry = agg.get(key)
        if entry is None:
            entry = agg[key] = {
                "canonical_id": key, "canonical_name": row["canonical_name"], "type": row["type"],
                "mentions": 0, "_forms": {}, "_ids": {key},
                "first_doc_id": row["doc_id"], "first_sent_id": row["sent_id"], "linked_by": "document",
            }
        entry["mentions"] += 1
        entry["_forms"].setdefault(row["text"], None)
    for key, entry in agg.items():
        entry["canonical_name"] = min(names[key], key=lambda n: (-names[key][n], -len(n), n))
    folded = _merge_persons_across_documents(agg)
    spread = _documents_and_sentences(lambda: iter_user_rows(read(), lists), folded)
    rows = []
    for entry in agg.values():
        if merged is not None:
            merged.update((i, entry["canonical_id"]) for i in entry["_ids"] if i != entry["canonical_id"])
        n_docs, n_sents = spread[entry["canonical_id"]]
        if n_docs > 1:
            entry["linked_by"] = "corpus"
        rows.append({
            "canonical_id": entry["canonical_id"], "canonical_name": entry["canonical_name"],
            "type": entry["type"], "mentions": entry["mentions"], "documents": n_docs,
            "sentences": n_sents, "as_source": sum(as_source.get(i, 0) for i in entry["_ids"]),
            "figures_reported": sum(figures.get(i, 0) for i in entry["_ids"]),
            "forms": "|".join(entry["_forms"]), "first_doc_id": entry["first_doc_id"],
            "first_sent_id": entry["first_sent_id"], "linked_by": entry["linked_by"],
        })
    rows.sort(key=lambda r: (is_generic_id(r["canonical_id"]), -r["mentions"], r["canonical_name"].lower(),
                             r["canonical_id"]))
    return rows


def _documents_and_sentences(read_rows, folded: dict[str, str]) -> dict[str, tuple[int, int]]:
    """Canonical id (after `folded`: id -> the id it joined) -> (distinct documents, distinct
    sentences). `read_rows()` gives the rows afresh. Rows in document order (what the engine
    writes) are counted a document at a time, keeping one document's sentences per entity;
    rows in another order (written by hand) are counted again with sets of every document and
    sentence."""
    try:
        return _count_in_document_order(read_rows(), folded)
    except _NotInDocumentOrder:
        return _count_with_sets(read_rows(), folded)


def _count_in_document_order(rows, folded: dict[str, str]) -> dict[str, tuple[int, int]]:
    state: dict[str, list] = {}  # id -> [its current document, that document's sentences, documents, sentences]
    seen_docs: set[str] = set()
    last_doc = None
    for row in rows:
        doc = row["doc_id"]
        if doc != last_doc:
            if doc in seen_docs:
                raise _NotInDocumentOrder(doc)
            seen_docs.add(doc)
            last_doc = doc
        key = folded.get(row["canonical_id"], row["canonical_id"])
        entry = state.get(key)
        if entry is None:
            entry = state[key] = [doc, set(), 1, 0]
        elif entry[0] != doc:
            entry[3] += len(entry[1])
            entry[0], entry[1] = doc, set()
            entry[2] += 1
        entry[1].add(row["sent_id"])
    return {key: (docs, sents + len(current)) for key, (_doc, current, docs, sents) in state.items()}


def _count_with_sets(rows, folded: dict[str, str]) -> dict[str, tuple[int, int]]:
    docs: dict[str, set] = {}
    sents: dict[str, set] = {}
    for row in rows:
        key = folded.get(row["canonical_id"], row["canonical_id"])
        docs.setdefault(key, set()).add(row["doc_id"])
        sents.setdefault(key, set()).add((row["doc_id"], row["sent_id"]))
    return {key: (len(docs[key]), len(sents[key])) for key in docs}


def _merge_persons_across_documents(agg: dict[str, dict]) -> dict[str, str]:
    """Fold shorter person names into the one fuller name they fit (in place); returns each
    folded id -> the id it joined."""
    from ..extractors.entities.persons import name_fits, name_words

    people = [e for e in agg.values() if e["type"] == "person"]
    # Only names sharing a word can fit one another: index them by word (linear, not quadratic).
    by_word: dict[str, list[dict]] = {}
    for entry in people:
        for word in set(name_words(entry["canonical_name"])):
            by_word.setdefault(word, []).append(entry)

    def longer(entry: dict) -> list[dict]:
        words = name_words(entry["canonical_name"])
        pool = min((by_word.get(w, []) for w in words), key=len) if words else []
        return [e for e in pool if e is not entry and name_fits(entry["canonical_name"], e["canonical_name"])]

    for short in people:
        fuller = longer(short)
        if len(fuller) != 1 or short["canonical_id"] not in agg:
            continue
        target = fuller[0]
        if longer(target):
            continue  # the fuller name is itself part of a longer one: ambiguous
        target["mentions"] += short["mentions"]
        target["_ids"] |= short["_ids"]
        for form in short["_forms"]:
            target["_forms"].setdefault(form, None)
        if (short["first_doc_id"], short["first_sent_id"]) < (target["first_doc_id"], target["first_sent_id"]):
            target["first_doc_id"], target["first_sent_id"] = short["first_doc_id"], short["first_sent_id"]
        target["linked_by"] = "corpus"
        del agg[short["canonical_id"]]
    return {i: e["canonical_id"] for e in agg.values() for i in e["_ids"] if i != e["canonical_id"]}


def figure_counts(out: str | Path) -> Counter:
    """Claims (figures reported) per resolved source entity."""
    if not table_path(out, "claims").exists():
        return Counter()
    return Counter(r["source_canonical_id"] for r in
                   iter_table_rows(out, "claims", ["source_canonical_id"]) if r["source_canonical_id"])


def write_cross_document(out: Path, merged: dict[str, str], output: OutputOptions = OutputOptions()) -> tuple[int, int]:
    """statement_groups and figure_conflicts from the attributions, claims, entities and documents tables."""
    from .cross_document import document_facts, load_options
    from .figure_conflicts import comparable, iter_figure_conflicts, sentence_entities
    from .statement_groups import COLUMNS, iter_statement_groups

    options = load_options()
    have = lambda table: table_path(out, table).exists()  # noqa: E731
    facts = document_facts(iter_table_rows(out, "documents", ["doc_id", "status", "date", "url"])) \
        if have("documents") else {}
    # rows go to the writers as they come: only the indices that tie rows together stay in memory
    group_of = {}
    held: list[pa.Table] = []  # the printed columns, read once a group is printed (Arrow: compact)

    def rows_at(positions: list[int]) -> list[dict]:
        if not held:
            held.append(pq.read_table(table_path(out, "attributions"), columns=COLUMNS))
        return held[0].take(positions).to_pylist()

    with TableWriter(out, "statement_groups", csv_style=output.csv) as groups:
        for row in iter_statement_groups(iter_table_rows(out, "attributions", COLUMNS), facts, merged,
                                         options["statement_groups"], rows_at) if have("attributions") else ():
            group_of[(row["doc_id"], row["sent_id"], row["cue"])] = row["group_id"]
            groups.write(row)
    held.clear()
    # only the claims that can conflict are held (a figure without a counted noun never does)
    claims = [c for c in iter_table_rows(out, "claims") if comparable(c, facts, options["figure_conflicts"])] \
        if have("claims") else []
    wanted = {(c["doc_id"], c["sent_id"]) for c in claims}
    named = sentence_entities(iter_table_rows(out, "entities", ["doc_id", "sent_id", "canonical_id", "canonical_name"]),
                              wanted, merged) if claims and have("entities") else {}
    with TableWriter(out, "figure_conflicts", csv_style=output.csv) as conflicts:
        conflicts.write_many(iter_figure_conflicts(claims, named, group_of, facts, merged, options["figure_conflicts"]))
    return groups.n_rows, conflicts.n_rows


def write_claims(out: Path, output: OutputOptions = OutputOptions()) -> int:
    """The claims table from the attributions, quantities and sentences tables, read side by side
    one document at a time (`DocumentRows`): memory does not grow with the corpus."""
    from .claims import claim_rows

    if not (table_path(out, "attributions").exists() and table_path(out, "quantities").exists()):
        write_table(out, "claims", [], csv_style=output.csv)  # no stale claims from an earlier run
        return 0
    if not table_path(out, "documents").exists():  # tables made by hand without one: all at once
        sentences = {(r["doc_id"], r["sent_id"]): r["text"] for r in iter_table_rows(out, "sentences")}
        rows = claim_rows(iter_table_rows(out, "attributions"), iter_table_rows(out, "quantities"), sentences)
        return write_table(out, "claims", rows, csv_style=output.csv)
    documents = list(dict.fromkeys(pq.read_table(table_path(out, "documents"), columns=["doc_id"])["doc_id"]
                                   .to_pylist()))
    readers = {}
    for table in ("attributions", "quantities"):
        names = pq.read_schema(table_path(out, table)).names
        readers[table] = (names, DocumentRows(out, table, names, documents))
    sentences = DocumentRows(out, "sentences", ["sent_id", "text"], documents)
    with TableWriter(out, "claims", csv_style=output.csv) as writer:
        for position, doc_id in enumerate(documents):
            names, reader = readers["quantities"]
            quantities = [dict(zip(names, row)) for row in reader.rows(position)]
            if not quantities:
                continue
            names, reader = readers["attributions"]
            attributions = [dict(zip(names, row)) for row in reader.rows(position)]
            texts = {(doc_id, sent_id): text for sent_id, text in sentences.rows(position)}
            writer.write_many(claim_rows(attributions, quantities, texts))
    return writer.n_rows


class _NotInDocumentOrder(ValueError):
    pass


INCOMPLETE_NOTE = ("The last run into this folder did not finish: these tables may mix that run's "
                   "partial results with an earlier run's. Run the pipeline again to complete them.")


def run_report(out: str | Path, incomplete: bool = False, lists: UserLists | None = None, lang: str = "it",
               title: str | None = None, output: OutputOptions = OutputOptions()) -> int:
    """Write claims, entity_report (.parquet, .csv), report.html and news.sqlite; return the number of entities.
    `incomplete`: the tables come from a run that did not finish (the page says so);
    `lists`: the user's alias and ignore lists; `lang` (it, en) and `title` (the corpus's name):
    the explorer's interface language and title; `output`: how the tables are written (CSV style).

    Skipped when its input tables, its code and its outputs are as the last run left them.
    """
    catalog = Catalog(Path(out))
    inputs = {"code": code_fingerprint(run_report, extra=assets_fingerprint()), "incomplete": incomplete,
              "lists": lists.fingerprint() if lists is not None else "", "lang": lang, "title": title,
              **{t: file_sha256(table_path(catalog.out, t))
                 for t in ("documents", *extraction_tables())},  # news.sqlite holds every one
              "texts": file_sha256(catalog.texts)}
    outputs = [catalog.report_html, catalog.database,
               *(catalog.out / f"{t}.{ext}" for t in REPORT_TABLES for ext in ("parquet", "csv"))]
    stamp = fresh_stamp(catalog.out, "report", inputs, outputs)
    if stamp is not None:
        return stamp["rows"]
    write_claims(catalog.out, output)
    merged: dict[str, str] = {}
    rows = entity_report_rows(lambda: iter_table_rows(catalog.out, "entities"), source_counts(catalog.out),
                              figure_counts(catalog.out), merged, lists)
    write_table(catalog.out, "entity_report", rows, csv_style=output.csv)
    write_cross_document(catalog.out, merged, output)
    with explorer_payload(catalog.out, rows, merged) as payload:
        write_page(catalog.report_html, payload, notice=INCOMPLETE_NOTE if incomplete else None, lang=lang,
                   title=title)
    write_database(catalog.out, catalog.database)
    record_stamp(catalog.out, "report", inputs, outputs, rows=len(rows))
    return len(rows)
