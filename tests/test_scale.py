"""Corpus scale: incremental reruns (parse cache, stage stamps, row cache) and
single- vs multi-process equality, on a few short Italian articles."""
from __future__ import annotations

import filecmp
import shutil
from pathlib import Path


from conftest import BUNDLED
from pipeline import api
from pipeline.stages import common
from pipeline.stages.common import (code_fingerprint, last_run, remove_stamp, rows_dir,
                                     run_doc_stage)
from pipeline.tables import read_table

ARTICLES = {
    "roma": "Il presidente Sergio Mattarella ha incontrato a Roma il cancelliere tedesco. "
            "Secondo l'ANSA, i due hanno parlato di energia per circa due ore.",
    "sanzioni": "Gli Stati Uniti hanno annunciato nuove sanzioni contro la Russia.\n\n"
                "Lo riporta Reuters, che cita fonti della Casa Bianca.",
    "borsa": "A Milano la Borsa ha chiuso in rialzo del 2 per cento. "
             "Circa 300 lavoratori hanno scioperato davanti alla sede della Fiat.",
}
USER_FILES = [f"{t}.{ext}" for t in ("documents", "sentences", "entities", "quantities",
                                      "attributions", "entity_report") for ext in ("parquet", "csv")]


def write_corpus(folder: Path, articles: dict[str, str]) -> Path:
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for name, text in articles.items():
        (folder / f"{name}.txt").write_text(text + "\n", encoding="utf-8")
    return folder


def parse(input_dir: Path, out: Path, force: bool = False, n_process: int = 1) -> dict:
    """ingest + sentences + entities; the sentences stage's details."""
    api.ingest(input_dir, out)
    details = api.sentences(out, BUNDLED, force=force, n_process=n_process).details
    api.entities(out)
    return details


def same_bytes(a: Path, b: Path, names: list[str]) -> list[str]:
    """Names of the files that differ between two output folders."""
    return [n for n in names if not filecmp.cmp(a / n, b / n, shallow=False)]


def cached_row_files(out: Path, table: str) -> int:
    return sum(1 for _ in rows_dir(out, table).rglob("*.pkl"))


def test_rerun_parses_only_new_and_changed_documents_and_drops_removed_ones(tmp_path, nlp):
    corpus, out = tmp_path / "in", tmp_path / "out"
    articles = dict(ARTICLES)
    write_corpus(corpus, articles)
    assert parse(corpus, out)["parsed"] == 3
    assert last_run(out, "entities")["computed"] == 3

    # unchanged: nothing parsed, the entities stage is skipped outright
    assert parse(corpus, out)["parsed"] == 0
    assert last_run(out, "entities")["skipped"] is True

    # one changed: one parsed, one document's entities recomputed, the rest from the row cache
    articles["borsa"] += " Poi la Francia ha risposto."
    write_corpus(corpus, articles)
    assert parse(corpus, out)["parsed"] == 1
    assert last_run(out, "entities") | {"rows": None} == {
        "documents": 3, "computed": 1, "cached": 2, "skipped": False, "rows": None}
    assert "Francia" in set(read_table(out, "entities")["text"])

    # one added
    articles["londra"] = "Il premier britannico Keir Starmer ha parlato alla BBC."
    write_corpus(corpus, articles)
    assert parse(corpus, out)["parsed"] == 1
    assert last_run(out, "entities")["computed"] == 1
    assert "Starmer" in " ".join(read_table(out, "entities")["text"])

    # one removed: its rows leave every table and the row cache
    del articles["roma"]
    write_corpus(corpus, articles)
    assert parse(corpus, out)["parsed"] == 0
    assert last_run(out, "entities")["computed"] == 0
    for table in ("documents", "sentences", "entities"):
        assert "roma" not in set(read_table(out, table)["doc_id"]), table
    assert cached_row_files(out, "entities") == 3

    # --force: everything again
    assert parse(corpus, out, force=True)["parsed"] == 3
    assert last_run(out, "entities")["computed"] == 3


def test_deleted_output_or_parse_cache_defeats_the_fast_path(tmp_path, nlp):
    corpus, out = write_corpus(tmp_path / "in", ARTICLES), tmp_path / "out"
    parse(corpus, out)
    (out / "entities.csv").unlink()
    parse(corpus, out)
    assert last_run(out, "entities")["skipped"] is False
    assert (out / "entities.csv").exists()
    shutil.rmtree(out / "work" / "docs")
    assert parse(corpus, out)["parsed"] == 3


# --- the row cache of run_doc_stage, with toy stages --------------------------------

MARK = {"doc": None}


def toy_entities(doc_id, doc):
    """One row per token starting with a capital (plus a marker when asked)."""
    rows = [{"doc_id": doc_id, "sent_id": 0, "start_char": t.idx, "end_char": t.idx + len(t),
             "text": t.text, "label": "X", "type": "other", "canonical_id": t.text.lower(),
             "canonical_name": t.text, "form": "name", "method": "rule"}
            for t in doc if t.text[:1].isupper()]
    if doc_id == MARK["doc"]:
        rows.append(dict(rows[0], label="MARK"))
    return rows


def toy_quantities(doc_id, doc, entity_rows):
    """One row per entity row it is given: depends on the `entities` table."""
    return [{"doc_id": doc_id, "sent_id": r["sent_id"], "start_char": r["start_char"],
             "end_char": r["end_char"], "text": r["label"], "value": float(len(entity_rows)),
             "value_max": None, "approx": None, "unit": None, "unit_lemma": None, "kind": "count"}
            for r in entity_rows]


def test_row_cache_follows_code_fingerprint_and_needed_rows(tmp_path, nlp, monkeypatch):
    corpus, out = write_corpus(tmp_path / "in", ARTICLES), tmp_path / "out"
    api.ingest(corpus, out)
    api.sentences(out, BUNDLED)
    MARK["doc"] = None
    run_doc_stage(out, "entities", toy_entities)
    run_doc_stage(out, "quantities", toy_quantities, needs="entities")
    assert last_run(out, "quantities")["computed"] == 3
    before = read_table(out, "quantities")

    # The entities stage's code "changes" (its fingerprint) and its rows change for one
    # document only: entities recomputes all three, quantities only that document.
    MARK["doc"] = "sanzioni"
    run_doc_stage(out, "entities", toy_entities, fingerprint="v2")
    assert last_run(out, "entities")["computed"] == 3
    run_doc_stage(out, "quantities", toy_quantities, needs="entities")
    assert last_run(out, "quantities") | {"rows": None} == {
        "documents": 3, "computed": 1, "cached": 2, "skipped": False, "rows": None}
    after = read_table(out, "quantities")
    assert len(after) == len(before) + 1
    assert "MARK" in set(after["text"])

    # Unchanged: skipped; a damaged cache entry is recomputed, not trusted.
    run_doc_stage(out, "quantities", toy_quantities, needs="entities")
    assert last_run(out, "quantities")["skipped"] is True
    next(rows_dir(out, "quantities").rglob("*.pkl")).write_bytes(b"not a pickle")
    remove_stamp(out, "quantities")
    run_doc_stage(out, "quantities", toy_quantities, needs="entities")
    assert last_run(out, "quantities")["computed"] == 1
    assert read_table(out, "quantities").equals(after)

    # A new fingerprint (code or data changed): every document recomputed.
    run_doc_stage(out, "quantities", toy_quantities, needs="entities", fingerprint="x")
    assert last_run(out, "quantities")["computed"] == 3
    assert cached_row_files(out, "quantities") == 3  # the old entries were pruned

    # Two processes: the same rows in the same order.
    monkeypatch.setattr(common, "MIN_POOL_DOCS", 1)
    run_doc_stage(out, "quantities", toy_quantities, needs="entities", force=True, n_process=2)
    assert last_run(out, "quantities")["computed"] == 3
    assert read_table(out, "quantities").equals(after)
    MARK["doc"] = None


def test_fingerprint_covers_data_files(tmp_path, monkeypatch):
    from pipeline.gazetteers import DATA_DIR

    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    monkeypatch.setenv("PIPELINE_DATA_DIR", str(data))
    first = code_fingerprint(toy_entities)
    assert code_fingerprint(toy_entities) == first
    with open(data / "outlets.tsv", "a", encoding="utf-8") as handle:
        handle.write("\n")
    assert code_fingerprint(toy_entities) != first


# --- whole runs: byte-identical outputs ----------------------------------------------

def test_outputs_identical_single_vs_multi_process_and_incremental_vs_full(tmp_path, nlp):
    corpus = write_corpus(tmp_path / "a" / "in", ARTICLES)
    one, two = tmp_path / "one", tmp_path / "two"
    api.run(corpus, one, model=BUNDLED, n_process=1)
    api.run(corpus, two, model=BUNDLED, n_process=2)
    assert same_bytes(one, two, USER_FILES + ["report.html"]) == []

    # `one` follows the corpus incrementally; `fresh` is a full run of the final corpus
    articles = dict(ARTICLES)
    articles["borsa"] = articles["borsa"].replace("300", "400")
    articles["londra"] = "Il premier britannico Keir Starmer ha parlato alla BBC."
    del articles["roma"]
    write_corpus(corpus, articles)
    results = api.run(corpus, one, model=BUNDLED)
    assert results["sentences"].details["parsed"] == 2
    fresh = tmp_path / "fresh"
    api.run(corpus, fresh, model=BUNDLED)
    assert same_bytes(one, fresh, USER_FILES + ["report.html"]) == []


def test_array_based_sentence_bounds_and_entity_index_match_the_span_walk(nlp):
    """The fast paths (sentence bounds from the doc's arrays, entities by bisect, sentence
    token ranges) give what walking spaCy's spans and every entity gives."""
    from pipeline.extractors.attributions.lexicon import load_lexicon
    from pipeline.extractors.attributions.spans import Text
    from pipeline.docstore import sentence_bounds, token_sentence_ids
    from pipeline.extractors.entities import entity_rows
    from pipeline.stages.common import windows

    text = "\n\n".join(ARTICLES.values()) + "\n\n \n\nSecondo Reuters, il governo italiano ha detto che 3 milioni di euro bastano."
    doc = nlp(text)
    assert sentence_bounds(doc) == [(s.start, s.end) for s in doc.sents if s.text.strip()]
    sids = token_sentence_ids(doc)
    assert max(sids) == len(sentence_bounds(doc)) - 1 and -1 in sids  # blank lines belong to no sentence
    ents = entity_rows("d", doc)
    t = Text(doc, ents, load_lexicon())
    assert t.text == doc.text and t.idx == [tok.idx for tok in doc]
    for start in range(0, len(doc), 3):
        for end in range(start, min(len(doc), start + 25) + 1, 4):
            assert t._entities_in(start, end) == [e for e in t.entities if e[0] >= start and e[1] <= end]
    for i in range(len(doc)):
        toks = [k for k in range(len(doc)) if sids[k] == sids[i]]
        assert t.sentence_bounds(i, i) == (toks[0], toks[-1] + 1)
    assert list(windows(iter(range(7)), 3)) == [[0, 1, 2], [3, 4, 5], [6]]
