"""The partition engine: stable partitions, incremental reruns, identical outputs on 1 process,
2 processes and a Dask LocalCluster, resume after a killed run, the output lock, self-healing
caches, no pickle, no orphan workers, and documents parsed in segments."""
from __future__ import annotations

import filecmp
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import BUNDLED, ROOT

from pipeline import api
from pipeline.engine import EngineOptions, OutputLocked, output_lock, update_tables
from pipeline.engine.partitions import DocumentRef, partition_documents, segments
from pipeline.storage.incremental import last_run
from pipeline.storage.tables import read_table

TOWNS = ["Roma", "Milano", "Napoli", "Torino", "Palermo", "Genova", "Bologna", "Firenze", "Bari",
         "Catania", "Venezia", "Verona", "Messina", "Padova", "Trieste", "Brescia"]


def article(i: int, town: str) -> str:
    return (f"{town}, {i + 1} marzo. Il sindaco Mario Rossi ha detto che {10 + i} famiglie "
            f"riceveranno un aiuto. Secondo l'ANSA, la Francia ha offerto circa {i + 2} milioni di euro.")


def write_corpus(folder: Path, articles: dict[str, str]) -> Path:
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for name, text in articles.items():
        (folder / f"{name}.txt").write_text(text + "\n", encoding="utf-8")
    return folder


CORPUS = {f"a{i:02d}": article(i, town) for i, town in enumerate(TOWNS)}
USER_FILES = [f"{t}.{ext}" for t in ("documents", "sentences", "entities", "quantities", "attributions",
                                      "entity_report", "claims") for ext in ("parquet", "csv")]


def differing(a: Path, b: Path, names=USER_FILES + ["report.html"]) -> list[str]:
    return [n for n in names if not filecmp.cmp(a / n, b / n, shallow=False)]


# --- partitions ------------------------------------------------------------------

def refs(n: int, prefix: str = "doc") -> list[DocumentRef]:
    return [DocumentRef(f"{prefix}{i:05d}", f"sha{i}", 1000) for i in range(n)]


def groups(parts) -> list[tuple[str, ...]]:
    return [tuple(d.doc_id for d in p.documents) for p in parts]


def test_partitions_are_consecutive_bounded_and_stable_under_edits_additions_removals():
    docs = refs(3000)
    parts = partition_documents(docs, target_docs=50, max_docs=200)
    assert [d for p in parts for d in p.documents] == docs  # consecutive, nothing lost
    assert 30 <= len(parts) <= 100 and max(len(p.documents) for p in parts) <= 200
    before = groups(parts)

    edited = list(docs)
    edited[1234] = DocumentRef(docs[1234].doc_id, "changed", 1500)  # same id, new text
    after = partition_documents(edited, target_docs=50, max_docs=200)
    assert groups(after) == before
    assert [p.index for p, q in zip(parts, after) if p.key("m") != q.key("m")] == \
        [next(p.index for p in parts if docs[1234] in p.documents)]  # one partition's key changes

    added = docs[:2000] + [DocumentRef("doc01999b", "new", 900)] + docs[2000:]
    changed = set(groups(partition_documents(added, target_docs=50, max_docs=200))) ^ set(before)
    assert len(changed) <= 4  # the partition it joins (or the two around a new boundary), old and new

    removed = docs[:500] + docs[501:]
    changed = set(groups(partition_documents(removed, target_docs=50, max_docs=200))) ^ set(before)
    assert len(changed) <= 4


def test_a_huge_document_is_alone_and_segments_cover_the_text():
    docs = refs(5)
    docs[2] = DocumentRef("huge", "x", 3_000_000)
    assert groups(partition_documents(docs, target_docs=1000, max_chars=4_000_000)) == [
        ("doc00000", "doc00001"), ("huge",), ("doc00003", "doc00004")]
    text = ("Prima frase del paragrafo. Seconda frase!\n\n" * 300) + "x" * 250
    pieces = list(segments(text, 1000))
    assert "".join(p for _o, p in pieces) == text
    assert all(len(p) <= 1000 for _o, p in pieces)
    assert [o for o, _p in pieces] == [sum(len(p) for _o, p in pieces[:i]) for i in range(len(pieces))]
    assert pieces[0][1].endswith("\n\n")


def test_a_document_parsed_in_segments_has_document_offsets_and_running_sentence_ids(tmp_path):
    text = "\n\n".join(f"Il sindaco di {t} ha parlato con la Francia. Poi ha salutato tutti." for t in TOWNS)
    corpus = write_corpus(tmp_path / "in", {"lungo": text})
    out = tmp_path / "out"
    api.ingest(corpus, out)
    update_tables(out, ["sentences", "entities", "quantities", "attributions"],
                  EngineOptions(model=BUNDLED, segment_chars=300), parsing_stage=True)
    sentences = read_table(out, "sentences")
    assert sentences["sent_id"].tolist() == list(range(2 * len(TOWNS)))
    full = text + "\n"
    assert all(full[s:e] == t for s, e, t in zip(sentences["start_char"], sentences["end_char"], sentences["text"]))
    entities = read_table(out, "entities")
    assert sorted(set(entities.loc[entities["type"] == "country", "text"])) == ["Francia"]
    assert (entities["type"] == "country").sum() == len(TOWNS)
    assert all(full[s:e] == t for s, e, t in zip(entities["start_char"], entities["end_char"], entities["text"]))
    by_sentence = dict(zip(sentences["sent_id"], zip(sentences["start_char"], sentences["end_char"])))
    assert all(by_sentence[i][0] <= s < by_sentence[i][1] for i, s in zip(entities["sent_id"], entities["start_char"]))


def test_segments_are_rejoined_so_people_are_linked_across_them(tmp_path):
    text = ("Il presidente della Bce Mario Draghi ha parlato a Francoforte.\n\n"
            + "La riunione è durata tre ore e si è parlato dei tassi.\n\n" * 6
            + "Alla fine Draghi ha detto che l'inflazione scenderà.")
    corpus = write_corpus(tmp_path / "in", {"bce": text})
    out = tmp_path / "out"
    api.ingest(corpus, out)
    for block_chars, expected in ((1_000_000, "Mario Draghi"), (200, "Draghi")):
        update_tables(out, ["entities", "attributions"], EngineOptions(model=BUNDLED, segment_chars=150,
                                                                      block_chars=block_chars), parsing_stage=True)
        people = read_table(out, "entities").query("type == 'person'")
        assert list(people["canonical_name"]) == ["Mario Draghi", expected], block_chars
        assert list(read_table(out, "attributions")["source_canonical_name"]) == [expected], block_chars


# --- incremental reruns ---------------------------------------------------------------

def test_reruns_compute_only_partitions_whose_inputs_changed(tmp_path, nlp):
    corpus, out = tmp_path / "in", tmp_path / "out"
    articles = dict(CORPUS)
    write_corpus(corpus, articles)
    first = api.run(corpus, out, model=BUNDLED, partition_docs=4)
    n_parts = first["sentences"].details["partitions"]
    assert n_parts >= 3 and first["sentences"].details["parsed"] == len(articles)

    again = api.run(corpus, out, model=BUNDLED, partition_docs=4)
    assert again["sentences"].details["parsed"] == 0
    assert all(again[t].details["skipped"] for t in ("sentences", "entities", "quantities", "attributions"))

    articles["a05"] = articles["a05"].replace("Mario Rossi", "Giulia Bianchi")
    write_corpus(corpus, articles)
    edited = api.run(corpus, out, model=BUNDLED, partition_docs=4)
    assert edited["entities"].details["computed_partitions"] == 1
    assert 1 <= edited["sentences"].details["parsed"] < len(articles)  # one partition reparsed
    assert "Giulia Bianchi" in set(read_table(out, "entities")["text"])

    # A single stage rerun (its code or data changed) reads the cached parses: nothing parsed.
    (out / "entities.csv").unlink()
    rerun = api.entities(out)
    assert rerun.details["parsed"] == 0 and (out / "entities.csv").exists()

    del articles["a00"]
    write_corpus(corpus, articles)
    removed = api.run(corpus, out, model=BUNDLED, partition_docs=4)
    assert "a00" not in set(read_table(out, "sentences")["doc_id"])
    assert removed["sentences"].details["computed_partitions"] <= 2
    fresh = tmp_path / "fresh"
    api.run(corpus, fresh, model=BUNDLED, partition_docs=4)
    assert differing(out, fresh) == []
    # cache files follow partitions, not documents
    files = sum(len(f) for _r, _d, f in os.walk(out / "work" / "partitions"))
    assert files == 5 * last_run(out, "sentences")["partitions"]


# --- identical outputs: 1 process, 2 processes, a Dask LocalCluster ------------------------

def test_outputs_identical_on_one_process_two_processes_and_a_dask_local_cluster(tmp_path, nlp):
    corpus = write_corpus(tmp_path / "in", CORPUS)
    one, two, dask = tmp_path / "one", tmp_path / "two", tmp_path / "dask"
    api.run(corpus, one, model=BUNDLED, partition_docs=4)
    api.run(corpus, two, model=BUNDLED, partition_docs=4, n_process=2)
    result = api.run(corpus, dask, model=BUNDLED, partition_docs=4, scheduler="local:2")
    assert result["sentences"].details["partitions"] >= 3
    assert differing(one, two) == []
    assert differing(one, dask) == []


def test_partitions_to_parse_are_cut_into_pieces_of_whole_documents_for_several_workers():
    from pipeline.engine.partitions import Partition
    from pipeline.engine.runner import cut_documents, piece_chars

    parts = [Partition(i, tuple(refs(100))) for i in range(3)]  # 300,000 characters
    assert piece_chars(parts, 1) == 0  # one worker: never cut
    assert piece_chars(parts, 2) == 30_000  # 300,000 / 16 is below the floor
    assert piece_chars([Partition(0, tuple(refs(3000)))], 2) == 150_000  # the ceiling
    assert piece_chars([Partition(0, tuple(refs(1600)))], 2) == 100_000
    docs = [(f"d{i}", "x" * n) for i, n in enumerate([10, 10, 25, 5, 40, 1])]
    assert [[d for d, _t in piece] for piece in cut_documents(docs, 30)] == \
        [["d0", "d1"], ["d2", "d3"], ["d4"], ["d5"]]
    assert cut_documents(docs, 0) == [docs]


def test_partitions_cut_into_pieces_give_the_tables_and_parses_of_whole_ones(tmp_path, nlp, monkeypatch):
    from pipeline.engine import runner

    corpus = write_corpus(tmp_path / "in", CORPUS)
    one, pieces = tmp_path / "one", tmp_path / "pieces"
    api.run(corpus, one, model=BUNDLED, partition_docs=4)
    monkeypatch.setattr(runner, "PIECE_MIN_CHARS", 1)
    monkeypatch.setattr(runner, "PIECE_MAX_CHARS", 300)  # an article or two a piece
    result = api.run(corpus, pieces, model=BUNDLED, partition_docs=4, n_process=2)
    assert result["sentences"].details["parsed"] == len(CORPUS)
    assert differing(one, pieces) == []
    # the joined parse of each partition is a whole cached parse: a stage rerun reads it, parses nothing
    again = api.entities(pieces, force=True)
    assert again.details["parsed"] == 0 and again.details["computed_partitions"] == result["sentences"].details["partitions"]
    assert differing(one, pieces, ["entities.parquet", "entities.csv"]) == []


def test_bad_engine_options_are_one_line_errors(tmp_path):
    from pipeline.engine import UserError

    with pytest.raises(UserError, match="n-process must be a whole number >= 1, not 0"):
        EngineOptions(n_process=0)
    from pipeline.engine.executors import parse_scheduler

    with pytest.raises(UserError, match="expected local:N"):
        parse_scheduler("local:zero")
    with pytest.raises(UserError, match="expected local:N"):
        EngineOptions(scheduler="local:0")
    assert parse_scheduler("local:3") == ("local", 3)
    assert parse_scheduler("tcp://10.0.0.5:8786") == ("tcp://10.0.0.5:8786", None)


# --- crash safety, lock, self-healing, no pickle, no orphans ---------------------------------

def cli(*args: str, **kwargs) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "pipeline", *args], cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, **kwargs)


def wait_for(condition, timeout: float = 120) -> bool:
    deadline = time.time() + timeout
    while time.time() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


def test_killed_run_resumes_from_committed_partitions_and_ends_identical(tmp_path):
    corpus = write_corpus(tmp_path / "in", CORPUS)
    killed, clean = tmp_path / "killed", tmp_path / "clean"
    args = ["--input", str(corpus), "--model", BUNDLED, "--partition-docs", "2"]
    proc = cli("run", *args, "--out", str(killed))
    rows = killed / "work" / "partitions" / "attributions"
    assert wait_for(lambda: rows.is_dir() and len(list(rows.glob("*.parquet"))) >= 2)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    committed = len(list(rows.glob("*.parquet")))
    (killed / ".sentences.csv.999999.0.tmp").write_text("half a table")  # as a kill mid-write leaves
    assert not (killed / "attributions.parquet").exists()  # killed before the tables were written
    assert json.loads((killed / "manifest.json").read_text())["status"] == "running"

    resumed = cli("-v", "run", *args, "--out", str(killed))
    assert resumed.wait() == 0
    manifest = json.loads((killed / "manifest.json").read_text())
    assert manifest["status"] == "complete"
    parts = manifest["stages"]["attributions"]
    assert parts["computed_partitions"] == parts["partitions"] - committed
    assert cli("run", *args, "--out", str(clean)).wait() == 0
    assert differing(killed, clean) == []
    assert not list(killed.rglob(".*.tmp"))  # temporary files of the killed run are gone


def test_a_second_run_on_the_same_output_is_refused_and_a_stale_lock_taken_over(tmp_path, seed_out):
    out = tmp_path / "out"
    shutil.copytree(seed_out, out)
    with output_lock(out):
        proc = cli("report", "--out", str(out))
        _stdout, stderr = proc.communicate(timeout=120)
    assert proc.returncode == 2
    assert stderr.count("\n") == 1 and f"is in use by another run (pid {os.getpid()}" in stderr
    assert "Traceback" not in stderr

    # A lock left by a process that no longer exists is stale: the next run takes it over.
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    (out / ".pipeline.lock").write_text(json.dumps({"pid": dead.pid, "host": os.uname().nodename}))
    proc = cli("report", "--out", str(out))
    assert proc.wait(timeout=120) == 0, proc.stderr.read()
    assert not (out / ".pipeline.lock").exists()
    # A lock file naming this very process (a reused pid) but not locked is stale too.
    (out / ".pipeline.lock").write_text(json.dumps({"pid": os.getpid(), "host": os.uname().nodename}))
    with output_lock(out):
        pass
    with output_lock(out), output_lock(out):  # re-entrant within one process, not across processes
        child = subprocess.run([sys.executable, "-c", "from pipeline.engine import output_lock\n"
                                f"with output_lock({str(out)!r}): pass"], cwd=ROOT, capture_output=True, text=True)
    assert child.returncode == 1 and OutputLocked.__name__ in child.stderr
    assert not (out / ".pipeline.lock").exists()


def test_damaged_cache_files_are_reported_discarded_and_recomputed(tmp_path, nlp):
    corpus = write_corpus(tmp_path / "in", dict(list(CORPUS.items())[:6]))
    out, clean = tmp_path / "out", tmp_path / "clean"
    api.run(corpus, out, model=BUNDLED, partition_docs=3)
    api.run(corpus, clean, model=BUNDLED, partition_docs=3)
    work = out / "work"
    for parse in (work / "partitions" / "parses").glob("*.spacy"):  # read only where rows are missing
        parse.write_bytes(parse.read_bytes()[:100])  # truncated
    for rows in sorted((work / "partitions" / "entities").glob("*.parquet")):  # every one of them
        rows.write_bytes(b"PAR1 garbage PAR1")
    (work / "stamps" / "entities.json").write_text("{not json")
    (out / "manifest.json").write_text("[1, 2")
    messages: list[str] = []
    api.run(corpus, out, model=BUNDLED, partition_docs=3, echo=messages.append)
    assert any("damaged cache file of the parses" in m for m in messages)
    assert sum("damaged cache file of table entities" in m for m in messages) == 2  # one per partition
    assert any("manifest.json was damaged" in m for m in messages)
    assert differing(out, clean) == []
    assert json.loads((out / "manifest.json").read_text())["status"] == "complete"


def test_no_pickle_anywhere_in_the_caches(seed_out):
    for path in (seed_out / "work").rglob("*"):
        if path.is_file():
            head = path.read_bytes()[:2]
            assert not (head[:1] == b"\x80" and head[1:2] in (b"\x02", b"\x03", b"\x04", b"\x05")), path
            assert path.suffix in (".parquet", ".spacy", ".json"), path
    sources = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "pipeline").rglob("*.py"))
    assert "import pickle" not in sources and "pickle.load" not in sources


def test_killing_the_parent_leaves_no_worker_processes(tmp_path):
    corpus = write_corpus(tmp_path / "in", CORPUS)
    proc = cli("run", "--input", str(corpus), "--out", str(tmp_path / "out"), "--model", BUNDLED,
               "--partition-docs", "2", "--n-process", "2")

    def children() -> list[int]:
        found = []
        for task in os.listdir(f"/proc/{proc.pid}/task"):
            with open(f"/proc/{proc.pid}/task/{task}/children") as handle:
                found += [int(c) for c in handle.read().split()]
        return found
    assert wait_for(lambda: len(children()) >= 2)
    workers = children()
    proc.send_signal(signal.SIGKILL)
    proc.wait()

    def gone() -> bool:
        for pid in workers:
            try:
                with open(f"/proc/{pid}/stat") as handle:
                    if handle.read().split(") ")[1][0] != "Z":
                        return False
            except FileNotFoundError:
                pass
        return True
    assert wait_for(gone, timeout=15), workers


def test_tables_of_an_unfinished_run_are_flagged_by_the_cli_and_the_report(tmp_path, seed_out):
    out = tmp_path / "out"
    shutil.copytree(seed_out, out)
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["status"] == "complete"
    manifest["status"] = "running"  # as a killed `run` leaves it
    (out / "manifest.json").write_text(json.dumps(manifest))
    proc = cli("report", "--out", str(out))
    _stdout, stderr = proc.communicate(timeout=120)
    assert proc.returncode == 0
    assert f"warning: the last run into {out} (started " in stderr and "did not finish" in stderr
    assert "The last run into this folder did not finish" in (out / "report.html").read_text(encoding="utf-8")


def test_iter_parsed_docs_reads_the_partition_parses_back_in_document_order(tmp_path, nlp):
    from pipeline.engine import iter_parsed_docs

    articles = dict(list(CORPUS.items())[:5])
    articles["lungo"] = "\n\n".join(f"A {t} il sindaco ha parlato con la Francia." for t in TOWNS)
    corpus = write_corpus(tmp_path / "in", articles)
    out = tmp_path / "out"
    api.ingest(corpus, out)
    update_tables(out, ["sentences"], EngineOptions(model=BUNDLED, partition_docs=2, segment_chars=200),
                  parsing_stage=True)
    found = list(iter_parsed_docs(out))
    assert [doc_id for doc_id, _doc in found] == sorted(articles)
    assert [doc.text for _id, doc in found] == [articles[k] + "\n" for k in sorted(articles)]


def test_the_model_never_sees_more_than_one_segment_of_a_long_document(nlp, monkeypatch):
    """A 1 MB document needed 2.9 GB when the model took it whole: now it gets segments."""
    from pipeline.engine.worker import PartitionTask, process_partition

    seen: list[int] = []
    original = type(nlp).pipe

    def recording_pipe(self, texts, **kwargs):
        texts = list(texts)
        seen.extend(len(t) for t in texts)
        return original(self, texts, **kwargs)
    monkeypatch.setattr(type(nlp), "pipe", recording_pipe)
    text = "\n\n".join(f"Il sindaco di {t} ha incontrato il prefetto. La riunione è finita presto." for t in TOWNS * 8)
    task = PartitionTask(0, "key", BUNDLED, ["sentences", "entities"], [("lungo", text)], segment_chars=1000)
    result = process_partition(task, nlp)
    assert len(text) > 10_000 and seen and max(seen) <= 1000 and sum(seen) == len(text)
    starts = result.tables["sentences"]["start_char"].to_pylist()
    assert len(starts) == 2 * len(TOWNS) * 8 and result.tables["sentences"]["sent_id"].to_pylist() == list(range(len(starts)))


def test_workers_start_during_ingest_on_a_first_run_only(tmp_path, nlp, monkeypatch):
    from pipeline.engine import executors, runner

    started = []
    real = executors.make_executor

    def recording(*args, **kwargs):
        started.append(args[1:3])
        return real(*args, **kwargs)
    monkeypatch.setattr(api, "make_executor", recording)
    monkeypatch.setattr(runner, "make_executor", recording)
    corpus = write_corpus(tmp_path / "in", dict(list(CORPUS.items())[:3]))
    api.run(corpus, tmp_path / "out", model=BUNDLED)
    assert started == [(1, None)]  # before ingest, and used by the engine (not made again)
    api.run(corpus, tmp_path / "out", model=BUNDLED)
    assert started == [(1, None)]  # unchanged rerun: no worker started
    (corpus / "a00.txt").write_text(article(0, "Lecce") + "\n", encoding="utf-8")
    api.run(corpus, tmp_path / "out", model=BUNDLED)
    assert started == [(1, None), (1, None)]  # an edit: started by the engine, after ingest
