"""The extractor registry drives the per-document tables: a table registered at test time gets
its Parquet/CSV, its SQLite table, `api.extract` and a spaCy `Doc` extension with no other
edit; and each table's cache key holds its own data files only, so editing one data file
recomputes that table and the tables needing it, nothing else."""
from __future__ import annotations

import re
import shutil
import sqlite3

import pyarrow as pa
import pytest
import spacy
from conftest import BUNDLED, ROOT

from pipeline import api
from pipeline.extractors.registry import GAZETTEER, REGISTRY, Extractor, register, unregister
from pipeline.gazetteers import DATA_DIR
from pipeline.storage.incremental import module_closure
from pipeline.storage.tables import read_table

ARTICLES = {f"a{i}": (f"Roma, {i + 1} marzo. Il sindaco Mario Rossi ha detto che {10 + i} famiglie "
                      f"riceveranno un aiuto. Secondo l'ANSA, la Francia ha offerto {i + 2} milioni di euro.")
            for i in range(6)}


def _corpus(folder):
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / f"{name}.txt").write_text(text + "\n", encoding="utf-8")
    return folder


def sentence_word_rows(doc_id, doc, sentences):
    """A toy extractor: the number of words of each sentence (from the sentences it needs)."""
    return [{"doc_id": doc_id, "sent_id": s["sent_id"], "start_char": s["start_char"],
             "end_char": s["end_char"], "words": len(s["text"].split())} for s in sentences]


TOY = Extractor("sentence_words", sentence_word_rows,
                pa.schema([("doc_id", pa.string()), ("sent_id", pa.int64()), ("start_char", pa.int64()),
                           ("end_char", pa.int64()), ("words", pa.int64())]),
                needs=("sentences",), offsets=("start_char", "end_char"), extension="sentence_words")


@pytest.fixture
def toy():
    before = list(REGISTRY)
    register(TOY)
    try:
        yield TOY
    finally:
        unregister(TOY.name)
        assert list(REGISTRY) == before


def test_a_registered_extractor_gets_its_tables_sqlite_api_and_spacy_extension(tmp_path, toy):
    out = tmp_path / "out"
    results = api.run(_corpus(tmp_path / "in"), out, model=BUNDLED, partition_docs=2)
    words = read_table(out, "sentence_words")
    sentences = read_table(out, "sentences")
    assert len(words) == len(sentences) > 0 and results["sentence_words"].rows == len(words)
    assert list(words["start_char"]) == list(sentences["start_char"])
    assert (words["words"] > 0).all()
    assert (out / "sentence_words.csv").read_text(encoding="utf-8").startswith("doc_id,sent_id,start_char,")
    with sqlite3.connect(out / "news.sqlite") as db:
        assert db.execute("SELECT COUNT(*), SUM(words) FROM sentence_words").fetchone() == \
            (len(words), int(words["words"].sum()))
    text = ARTICLES["a0"]
    assert list(api.extract(text, model=BUNDLED)["sentence_words"]["words"]) == \
        [len(s.split()) for s in api.extract(text, model=BUNDLED)["sentences"]["text"]]
    nlp = spacy.blank("it")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("it_news_extractor", config={"table": "sentence_words"})
    doc = nlp(text)
    assert [r["words"] for r in doc._.sentence_words] == [len(s.text.split()) for s in doc.sents]


def _data_copy(tmp_path, monkeypatch):
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    monkeypatch.setenv("PIPELINE_DATA_DIR", str(data))
    return data


def test_editing_one_data_file_recomputes_only_its_table_and_those_needing_it(tmp_path, monkeypatch):
    data = _data_copy(tmp_path, monkeypatch)
    corpus, out = _corpus(tmp_path / "in"), tmp_path / "out"
    first = api.run(corpus, out, model=BUNDLED, partition_docs=2)
    n = first["sentences"].details["partitions"]
    assert n >= 2  # recomputing "only" means something

    def computed(results):
        return {t: results[t].details["computed_partitions"] for t in REGISTRY}

    units = data / "quantity_units.tsv"
    units.write_text(units.read_text(encoding="utf-8") + "parsec\tparsec\tmeasure\tafter\n", encoding="utf-8")
    assert computed(api.run(corpus, out, model=BUNDLED, partition_docs=2)) == \
        {"sentences": 0, "entities": 0, "quantities": n, "attributions": 0}

    verbs = data / "attribution_verbs.tsv"
    verbs.write_text(verbs.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert computed(api.run(corpus, out, model=BUNDLED, partition_docs=2)) == \
        {"sentences": 0, "entities": 0, "quantities": 0, "attributions": n}

    # the entities' gazetteer: entities and the attributions that need them, not quantities
    outlets = data / "outlets.tsv"
    outlets.write_text(outlets.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert computed(api.run(corpus, out, model=BUNDLED, partition_docs=2)) == \
        {"sentences": 0, "entities": n, "quantities": 0, "attributions": n}


def test_each_extractor_declares_the_data_files_its_code_names():
    """A data file named in an extractor's code but not in its record would be missing from its
    cache key (an edit would not recompute it): every name must match the record's patterns."""
    from fnmatch import fnmatch

    for extractor in REGISTRY.values():
        named: set[str] = set()
        for path in module_closure(extractor.rows.__module__):
            source = path.read_text(encoding="utf-8")
            if path.name == "gazetteers.py":  # its files count where the gazetteer is used
                continue
            named |= set(re.findall(r"\b([a-z_]+\.(?:tsv|json))\b", source))
            if re.search(r"\b(load_gazetteer|organization_names)\(", source):
                named |= {g for g in GAZETTEER if "." in g}
        named = {n for n in named if (ROOT / "pipeline" / "data" / n).exists()}
        undeclared = {n for n in named if not any(fnmatch(n, g) for g in extractor.data)}
        assert not undeclared, f"{extractor.name} reads {sorted(undeclared)} but does not declare them"


def test_the_cli_has_a_command_per_registered_table():
    """The extraction commands come from the registry: each table but `sentences` (which parses)
    has one, its help is the registry's summary, and --aliases/--ignore only where a table takes them."""
    from typer.testing import CliRunner

    from pipeline.cli.commands import app

    runner = CliRunner()
    for name, extractor in REGISTRY.items():
        if name == "sentences":
            continue
        shown = runner.invoke(app, [name, "--help"], env={"COLUMNS": "200"}).output
        assert " ".join(extractor.summary.split()[:4]) in " ".join(shown.split()), name
        assert ("--aliases" in shown) == (name in ("entities", "attributions")), name
        assert "--n-process" in shown and "--csv-dialect" in shown and "--lists" not in shown


def test_a_data_file_edited_between_two_runs_in_one_process_is_read_again(tmp_path, monkeypatch):
    """The same process (the API called twice, a Dask worker) extracts with the edited file's
    words, not the ones it loaded first: the table is recomputed *and* right."""
    data = _data_copy(tmp_path, monkeypatch)
    corpus, out = tmp_path / "in", tmp_path / "out"
    corpus.mkdir()
    (corpus / "sonda.txt").write_text("La sonda ha percorso 3 zorbit ieri.\n", encoding="utf-8")
    kinds = lambda: list(api.read_table(out, "quantities")[["unit", "kind"]].itertuples(index=False, name=None))  # noqa: E731
    api.run(corpus, out, model=BUNDLED)
    assert kinds() == [("zorbit", "count")]
    units = data / "quantity_units.tsv"
    units.write_text(units.read_text(encoding="utf-8") + "zorbit\tzorbit\tmeasure\tafter\n", encoding="utf-8")
    api.run(corpus, out, model=BUNDLED)
    assert kinds() == [("zorbit", "measure")]
