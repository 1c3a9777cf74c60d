"""Issue 27, part 5: links. Caches and outputs never follow a link out of --out; input links are
followed only inside the input unless --follow-links; /proc, /sys and /dev are never read."""
from __future__ import annotations

import hashlib
import os
from pathlib import Path

from conftest import BUNDLED
from test_engine import CORPUS, differing, write_corpus

from pipeline import api
from pipeline.stages.ingest import ReadOptions, run_ingest
from pipeline.storage.outdir import clean_out_dir
from pipeline.storage.tables import read_table

TEXT = "Il sindaco di Torino ha inaugurato la nuova biblioteca."


def _state(folder: Path) -> dict[str, str]:
    """Every file and link under `folder` with a hash of its bytes (what a planted link could change)."""
    found = {}
    for path in sorted(folder.rglob("*")):
        key = str(path.relative_to(folder))
        found[key] = os.readlink(path) if path.is_symlink() else (
            hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "dir")
    return found


def _plant(link: Path, target: Path) -> None:
    if link.is_dir() and not link.is_symlink():
        for p in sorted(link.rglob("*"), reverse=True):
            p.rmdir() if p.is_dir() else p.unlink()
        link.rmdir()
    else:
        link.unlink(missing_ok=True)
    link.symlink_to(target)


def test_links_planted_in_the_output_folder_change_nothing_outside_it(tmp_path):
    corpus = write_corpus(tmp_path / "in", dict(list(CORPUS.items())[:6]))
    out, fresh, victim = tmp_path / "out", tmp_path / "fresh", tmp_path / "victim"
    api.run(corpus, out, model=BUNDLED, partition_docs=3)
    api.run(corpus, fresh, model=BUNDLED, partition_docs=3)
    (victim / "rows").mkdir(parents=True)
    for name in ("notes.parquet", ".old.1.2.tmp", "thesis.spacy"):
        (victim / "rows" / name).write_text("precious " + name)
    for name in ("stamp.json", "lock", "documents.csv", "parse.spacy", "texts.parquet", "owner.json"):
        (victim / name).write_text("precious " + name)
    parse = sorted((out / "work" / "partitions" / "parses").glob("*.spacy"))[0]
    _plant(out / "work" / "partitions" / "entities", victim / "rows")
    _plant(out / "work" / "stamps" / "entities.json", victim / "stamp.json")
    _plant(out / ".pipeline.lock", victim / "lock")
    _plant(out / "documents.csv", victim / "documents.csv")
    _plant(parse, victim / "parse.spacy")
    _plant(out / "work" / "owner.json", victim / "owner.json")
    before = _state(victim)
    messages: list[str] = []
    api.run(corpus, out, model=BUNDLED, partition_docs=3, echo=messages.append)
    api.entities(out, force=True, echo=messages.append)
    assert _state(victim) == before
    # five reported; the lock's link is replaced by the lock itself, before anything else runs
    assert sum("removed a symbolic link planted in the output folder" in m for m in messages) == 5, messages
    assert differing(out, fresh) == []
    # links planted again, then `clean`: the links go, never what they point to
    _plant(out / "work" / "partitions" / "entities", victim / "rows")
    _plant(out / "work" / "texts.parquet", victim / "texts.parquet")
    _plant(out / "report.html", victim / "documents.csv")
    clean_out_dir(out)
    assert _state(victim) == before and not (out / "work").exists() and not (out / "report.html").exists()


def test_input_links_are_followed_only_inside_the_input_and_proc_never(tmp_path):
    src, elsewhere = tmp_path / "in", tmp_path / "elsewhere"
    (src / "sub").mkdir(parents=True)
    elsewhere.mkdir()
    (src / "a.txt").write_text(TEXT, encoding="utf-8")
    (elsewhere / "segreto.txt").write_text("Il segreto di qualcun altro.", encoding="utf-8")
    (src / "sub" / "dentro.txt").symlink_to(src / "a.txt")
    (src / "fuori.txt").symlink_to(elsewhere / "segreto.txt")
    (src / "cartella").symlink_to(elsewhere)
    (src / "env.txt").symlink_to("/proc/self/environ")
    (src / "zero.txt").symlink_to("/dev/zero")
    run_ingest(src, tmp_path / "out")
    errors = dict(zip(*read_table(tmp_path / "out", "documents")[["doc_id", "error"]].fillna("").T.values))
    outside = "symbolic link to outside the input folder ('{}'); pass --follow-links to read it"
    assert errors == {
        "a": "", "sub/dentro": "",
        "cartella": outside.format(elsewhere), "fuori": outside.format(elsewhere / "segreto.txt"),
        "env": f"symbolic link to {os.path.realpath('/proc/self/environ')}: nothing under /proc is read",
        "zero": "symbolic link to /dev/zero: nothing under /dev is read",
    }
    run_ingest(src, tmp_path / "out2", options=ReadOptions(follow_links=True))
    docs = read_table(tmp_path / "out2", "documents")
    read = set(docs.loc[docs["status"] != "rejected", "doc_id"])
    assert read == {"a", "sub/dentro", "fuori", "cartella/segreto"}
    # two links to one file read one text twice: the second is a duplicate of the first
    duplicates = docs.loc[docs["status"] == "duplicate"]
    assert dict(zip(duplicates["doc_id"], duplicates["duplicate_of"])) == {"fuori": "cartella/segreto",
                                                                           "sub/dentro": "a"}
    # the input itself under /proc is one rejected row, never read
    run_ingest("/proc/self/environ", tmp_path / "out3")
    assert read_table(tmp_path / "out3", "documents")["error"].tolist() == ["under /proc: not read"]
