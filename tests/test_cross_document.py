"""Issue 25: statement_groups and figure_conflicts, on rows written by hand and on short Italian
articles run through the whole pipeline (`cross_out`, articles in tests/cross_articles.py: two
agencies with different death tolls, two ministers with different budgets, one statement repeated
by two papers with a misquoted figure)."""
from __future__ import annotations

import datetime as dt
import sqlite3

import pytest

from pipeline.stages.cross_document import document_facts, load_options, outlet_of
from pipeline.stages.figure_conflicts import disagree, figure_conflict_rows
from pipeline.stages.statement_groups import normalised_words, statement_group_rows

OPTIONS = load_options()
SG, FC = OPTIONS["statement_groups"], OPTIONS["figure_conflicts"]

# --- the rules, on rows written by hand ----------------------------------------------------------

def test_normalisation_folds_case_punctuation_and_numbers():
    assert normalised_words("«Ha detto: 1.200 morti, forse 1 300!»") == ["ha", "detto", "0", "morti", "forse", "0"]
    assert outlet_of("https://www.ansa.it/x") == "ansa.it" and outlet_of("wt0001") is None


def _attribution(doc_id, source_id, content, sent_id=0, cue_start=0, name=None):
    return {"doc_id": doc_id, "sent_id": sent_id, "cue_start": cue_start, "cue": "ha detto", "source_canonical_id": source_id,
            "source_canonical_name": name or source_id, "source_type": "person", "source_text": name or source_id,
            "content_text": content}


def _documents(*specs):
    return document_facts({"doc_id": d, "status": "ok", "date": date, "url": url} for d, date, url in specs)


def test_groups_need_the_same_or_a_linked_source_near_identical_words_and_two_documents():
    facts = _documents(("b", dt.date(2025, 3, 2), "https://b.it/1"), ("a", dt.date(2025, 3, 1), "https://a.it/1"),
                       ("c", None, None))
    said = "il governo approverà la riforma delle pensioni entro l'estate"
    rows = statement_group_rows([
        _attribution("b", "person:rossi", said + "."),
        _attribution("a", "person:mario-rossi", said.upper()),           # linked: the report merged "Rossi" into him
        _attribution("c", "person:bianchi", said),                       # someone else saying it: not the same statement
        _attribution("a", "person:mario-rossi", said, sent_id=3),        # again in the same document: a member, not a document
        _attribution("c", "person:mario-rossi", "il governo non approverà mai la riforma del catasto"),  # other words
        _attribution("c", "person:mario-rossi", "sì"),                   # too short to compare
    ], facts, {"person:rossi": "person:mario-rossi"}, SG)
    assert [(r["doc_id"], r["sent_id"], r["is_first"], r["source_canonical_id"], r["similarity"]) for r in rows] == [
        ("a", 0, True, "person:mario-rossi", 1.0), ("a", 3, False, "person:mario-rossi", 1.0),
        ("b", 0, False, "person:mario-rossi", 1.0)]
    assert {(r["first_doc_id"], r["first_date"], r["n_members"], r["n_documents"], r["outlets"]) for r in rows} == {
        ("a", dt.date(2025, 3, 1), 3, 2, "a.it|b.it")}
    alone = statement_group_rows([_attribution("a", "person:x", said), _attribution("a", "person:x", said, 1)], facts, {}, SG)
    assert alone == []  # repeated inside one document only


def _claim(doc_id, source, value, approx=None, unit="morto", kind="count", sent_id=0, start=0, sentence=None):
    return {"doc_id": doc_id, "sent_id": sent_id, "source_text": source, "source_type": "outlet",
            "source_canonical_id": f"outlet:{source.lower()}", "source_canonical_name": source, "cue": "Secondo",
            "cue_type": "according_to", "quantity_start": start, "quantity_end": start + 5, "quantity_text": f"{value} morti",
            "value": value, "value_max": None, "approx": approx, "unit": {"morto": "morti"}.get(unit, unit), "unit_lemma": unit, "kind": kind,
            "sentence": sentence or f"Secondo {source}, il terremoto in Turchia ha causato {value} morti."}


@pytest.mark.parametrize("a, b, expected", [
    ((100, None), (120, None), True), ((100, None), (100, None), False),
    ((100, "circa"), (105, None), False), ((100, "circa"), (120, None), True),
    ((100, "oltre"), (150, None), False), ((100, "oltre"), (90, None), True),
    ((100, "meno di"), (80, None), False), ((100, "meno di"), (120, None), True),
    ((100, "quasi"), (95, None), False), ((100, "quasi"), (101, None), True),
])
def test_figures_disagree_when_their_intervals_do_not_meet(a, b, expected):
    assert disagree(_claim("x", "A", a[0], a[1]), _claim("y", "B", b[0], b[1]), FC) is expected


def test_conflicts_need_a_shared_entity_and_topic_two_sources_and_dates_within_the_window():
    facts = _documents(("d1", dt.date(2025, 1, 1), None), ("d2", dt.date(2025, 1, 5), None),
                       ("d3", dt.date(2025, 1, 20), None), ("u1", None, None), ("u2", None, None))
    claims = [_claim("d1", "ANSA", 10), _claim("d2", "AGI", 12), _claim("d3", "AFP", 15),  # d3: 19 days after d1
              _claim("d2", "ANSA", 14, start=40),          # ANSA against ANSA: one source, no conflict
              _claim("d2", "AGI", 12, unit="ferito", start=80),  # another counted noun
              _claim("u1", "ANSA", 10), _claim("u2", "AGI", 11), _claim("d1", "AFP", 99, unit="euro", kind="money", start=9),
              # the same entity and unit, another topic: no word shared but the entity, the noun and "secondo"
              _claim("d2", "Reuters", 30, start=120, sentence="Secondo la Reuters, in Turchia gli scontri di piazza hanno fatto 30 morti.")]
    named = {(d, 0): {"TR": "Turchia"} for d in ("d1", "d2", "d3", "u1", "u2")}
    rows = figure_conflict_rows(claims, named, {}, facts, {}, FC)
    assert [(r["doc_id_a"], r["source_a"], r["value_a"], r["doc_id_b"], r["source_b"], r["value_b"], r["shared"], r["days_apart"])
            for r in rows] == [("d1", "ANSA", 10, "d2", "AGI", 12, "Turchia", 4),
                               ("d2", "AGI", 12, "d2", "ANSA", 14, "Turchia", 0),
                               ("u1", "ANSA", 10, "u2", "AGI", 11, "Turchia", None)]  # undated pair only with undated
    assert figure_conflict_rows(claims, {}, {}, facts, {}, FC) == []  # nothing shared: not about the same thing


# --- the whole pipeline on the articles ------------------------------------------------------------

def test_statement_groups_of_the_articles(cross_out):
    from pipeline.storage.tables import read_table

    groups = read_table(cross_out, "statement_groups")
    assert [tuple(r) for r in groups[["doc_id", "source_canonical_id", "source_name", "is_first", "outlet", "content_text"]]
            .itertuples(index=False)] == [
        ("manovra-1", "person:giancarlo-giorgetti", "Giancarlo Giorgetti", True, "corriere.it",
         "la manovra per l'Italia vale 30 miliardi di euro"),
        ("manovra-3", "person:giancarlo-giorgetti", "Giorgetti", False, "lastampa.it",
         "la manovra per l'Italia vale 32 miliardi di euro")]
    assert set(groups["outlets"]) == {"corriere.it|lastampa.it"} and set(groups["first_doc_id"]) == {"manovra-1"}


def test_figure_conflicts_of_the_articles(cross_out):
    from pipeline.storage.tables import read_table

    conflicts = read_table(cross_out, "figure_conflicts")
    assert [tuple(r) for r in conflicts[["doc_id_a", "source_a", "value_a", "doc_id_b", "source_b", "value_b", "shared"]]
            .itertuples(index=False)] == [
        ("ansa-sisma", "ANSA", 1200.0, "reuters-sisma", "Reuters", 1500.0, "Turchia"),
        ("reuters-sisma", "Reuters", 1500.0, "agi-sisma", "AGI", 1250.0, "Turchia"),
        ("manovra-1", "Giancarlo Giorgetti", 3e10, "manovra-3", "Giorgetti", 3.2e10, "sg-9a5006ecb8"),
        ("manovra-1", "Giancarlo Giorgetti", 3e10, "manovra-2", "Adolfo Urso", 2.5e10, "Italia"),
        ("manovra-3", "Giorgetti", 3.2e10, "manovra-2", "Adolfo Urso", 2.5e10, "Italia")]
    assert list(conflicts["sentence_b"])[0] == "Secondo la Reuters, il terremoto in Turchia ha causato 1.500 morti e 300 feriti."


def test_the_database_answers_both_questions(cross_out):
    db = sqlite3.connect(cross_out / "news.sqlite")
    assert db.execute("SELECT source, first_doc_id, first_date, n_documents, outlets, documents FROM statement_repeats").fetchall() == [
        ("Giancarlo Giorgetti", "manovra-1", "2025-10-01", 2, "corriere.it|lastampa.it", "manovra-1|manovra-3")]
    assert db.execute("SELECT source_a, figure_a, title_a, source_b, figure_b, title_b FROM conflicting_figures "
                      "WHERE unit_lemma = 'morto'").fetchall() == [
        ("ANSA", "1.200 morti", "Sisma in Turchia", "Reuters", "1.500 morti", "Terremoto, il bilancio"),
        ("Reuters", "1.500 morti", "Terremoto, il bilancio", "AGI", "circa 1.250 morti", "Turchia, le vittime")]


def test_browse_offers_facets_and_descriptions_for_the_new_tables_and_views():
    from pipeline.explorer.browse import metadata

    tables = metadata()["databases"]["news"]["tables"]
    assert (tables["statement_repeats"]["facets"], tables["conflicting_figures"]["facets"]) == (
        ["source", "n_outlets", "n_documents"], ["unit_lemma", "kind", "shared"])
    assert tables["statement_groups"]["columns"]["is_first"] == "1 for the first-seen member (earliest date, then input order)."
    assert tables["figure_conflicts"]["description"].startswith("One row per pair of claims from two sources")


def test_a_broken_thresholds_file_is_one_line(tmp_path):
    from pipeline.engine import UserError

    (tmp_path / "cross_document.json").write_text('{"statement_groups": {"threshold": 0.6}', encoding="utf-8")
    with pytest.raises(UserError, match=r"cross_document.json: not a valid thresholds file \(Expecting"):
        load_options(tmp_path)
    (tmp_path / "cross_document.json").write_text('{"statement_groups": {"threshold": 0.6}}', encoding="utf-8")
    with pytest.raises(UserError, match=r"cross_document.json: missing statement_groups.shingle_words, "):
        load_options(tmp_path)

