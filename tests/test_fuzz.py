"""Issue 16 part 7: generated hostile input through ingest and every extraction function;
issue 27: deeply nested and huge-number inputs, and random bit flips in every kind of cache file.

Properties: nothing raises; every input document has exactly one `documents`
row and a unique doc_id; every offset satisfies `text == document[start:end]`;
a damaged cache file is never published (the tables equal an undamaged run's).

In `make test` the examples are few and derandomized (the same every run, about
30 s in all). For a long random run set FUZZ_EXAMPLES, the examples per test:
    FUZZ_EXAMPLES=1500 .venv/bin/python -m pytest tests/test_fuzz.py -p no:cacheprovider
(9 tests, so 1,500 each is 13,500 generated inputs; the bit-flip test, a pipeline
run per example, takes at most BITFLIP_CAP of them).
"""
from __future__ import annotations

import csv
import io
import json
import os
import shutil
import tempfile
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from pipeline.extractors.attributions import attribution_rows
from pipeline.extractors.entities import entity_rows
from pipeline.extractors.quantities import extract
from pipeline.stages.ingest import run_ingest
from pipeline.stages.quantities import quantity_rows
from pipeline.stages.sentences import sentence_rows
from pipeline.storage.tables import open_texts, read_table

_LONG_RUN = "FUZZ_EXAMPLES" in os.environ


def fuzz_settings(examples: int, cap: int | None = None):
    wanted = int(os.environ.get("FUZZ_EXAMPLES", examples))
    return settings(max_examples=min(wanted, cap) if cap else wanted, deadline=None,
                    derandomize=not _LONG_RUN, database=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                           HealthCheck.data_too_large, HealthCheck.filter_too_much])


# Characters that break naive text code: controls, RTL marks and overrides,
# zero-width, combining marks, BOM, line and paragraph separators, a lone surrogate.
HOSTILE = ["\x00", "\x1b", "\x7f", "\r", "\r\n", "\t", "\x0b", "\x1c", "\u0085", "\u2028", "\u2029",
           "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u202e", "\u202d", "\u2066", "\u2069", "\u061c",
           "\u0301", "\u0308", "\u0338", "\u05d0", "\u0627", "\ud83d", "\udfff", "\U0001f600", "\U0001f1ee\U0001f1f9",
           "ﬁ", "Ⅻ", "１２", "٣", "€", "%", "«", "»", "“", "”", "\"", "'", "’", ":", ";", ",", ".", "-", "–", "(", ")"]
# Italian words that wake the rules up: numbers, units, cues, names, places.
WORDS = ["circa", "30", "4,6", "milioni", "di", "euro", "paesi", "tra", "20", "e", "il", "la", "secondo",
         "Secondo", "BBC", "ha", "detto", "dichiarato", "che", "Mario", "Rossi", "Trump", "Roma", "Stati",
         "Uniti", "francese", "governo", "ministro", "per", "cento", "anni", "una", "ventina", "oltre",
         "almeno", "ore", "15:30", "2025", "26", "aprile", "ha", "affermato", "riporta", "Reuters", "«Sì»"]
SEPARATORS = [" ", " ", " ", "", "\n", "\n\n", "  ", ", ", ". "]

piece = st.one_of(st.sampled_from(WORDS), st.sampled_from(HOSTILE), st.text(max_size=4))
hostile_text = st.lists(st.tuples(piece, st.sampled_from(SEPARATORS)), max_size=40).map(
    lambda parts: "".join(p + s for p, s in parts))
storable_text = hostile_text.map(lambda t: t.encode("utf-8", "replace").decode("utf-8"))


def _ingest(files: dict[str, bytes]) -> tuple[pd.DataFrame, dict[str, str]]:
    """Ingest a folder holding `files`; the documents table and the accepted texts."""
    with tempfile.TemporaryDirectory() as tmp:
        src, out = Path(tmp) / "in", Path(tmp) / "out"
        src.mkdir()
        for name, raw in files.items():
            (src / name).write_bytes(raw)
        result = run_ingest(src, out)
        docs = read_table(out, "documents")
        texts = dict(open_texts(out).read().to_pandas()[["doc_id", "text"]].values.tolist())
    assert docs["doc_id"].is_unique
    assert result.accepted == int((docs["status"] == "ok").sum()) == len(texts)
    ok = docs[docs["status"] == "ok"]
    assert [len(texts[i]) for i in ok["doc_id"]] == ok["n_chars"].tolist()
    assert docs.loc[docs["status"] == "rejected", "error"].notna().all()
    assert docs.loc[docs["status"] == "duplicate", "duplicate_of"].isin(list(texts)).all()
    return docs, texts


def _rows_of(docs: pd.DataFrame, name: str) -> int:
    return int((docs["source_path"] == name).sum())


@fuzz_settings(100)
@given(st.lists(st.tuples(st.sampled_from([".txt", ".md", ".html", ".htm", ".csv", ".jsonl", ".parquet", ".bin"]),
                          st.binary(max_size=300)), min_size=1, max_size=4))
def test_random_bytes_in_any_format(files):
    named = {f"f{i}{suffix}": raw for i, (suffix, raw) in enumerate(files)}
    docs, _ = _ingest(named)
    for name, raw in named.items():
        one_document = name.rsplit(".", 1)[1] in ("txt", "md", "html", "htm", "bin")
        assert _rows_of(docs, name) == 1 if one_document else _rows_of(docs, name) >= (1 if raw.strip() else 0)


@fuzz_settings(100)
@given(st.lists(hostile_text, min_size=1, max_size=3), st.sampled_from(["utf-8", "utf-16", "cp1252"]))
@example(["\ufeff, ", "\ufeff "], "utf-8")
def test_hostile_text_files_one_row_each_and_utf8_text_kept(texts, encoding):
    named = {f"t{i}.txt": t.encode(encoding, "surrogatepass" if encoding.startswith("utf") else "replace")
             for i, t in enumerate(texts)}
    docs, stored = _ingest(named)
    for i, text in enumerate(texts):
        assert _rows_of(docs, f"t{i}.txt") == 1
        row = docs[docs["source_path"] == f"t{i}.txt"].iloc[0]
        text = text.removeprefix("\ufeff")  # a leading BOM is the encoding's mark, not text
        if encoding == "utf-8" and text.strip() and "\ud83d" not in text and "\udfff" not in text:
            if row["status"] == "duplicate":  # the same words as an earlier file: stored once
                assert stored[row["duplicate_of"]].split() == text.split()
            else:
                assert stored[row["doc_id"]] == text


file_name = st.binary(min_size=1, max_size=30).filter(lambda b: b"/" not in b and b"\x00" not in b
                                                     and not b.startswith(b"."))


@fuzz_settings(60)
@given(st.lists(file_name, min_size=1, max_size=4, unique=True))
def test_any_file_name_is_one_row(names):
    with tempfile.TemporaryDirectory() as tmp:
        src = os.fsencode(tmp) + b"/in"
        os.mkdir(src)
        for i, name in enumerate(names):
            with open(src + b"/" + name + b".txt", "wb") as handle:
                handle.write(f"Il sindaco di Torino ha parlato {i} volte.".encode("utf-8"))
        result = run_ingest(os.fsdecode(src), Path(tmp) / "out")
        docs = read_table(Path(tmp) / "out", "documents")
    assert len(docs) == len(names) and docs["doc_id"].is_unique
    valid = sum(1 for name in names if _is_utf8(name))
    assert result.accepted == valid


def _is_utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
        return True
    except UnicodeDecodeError:
        return False


json_value = st.one_of(st.none(), st.integers(), st.floats(allow_nan=True), st.booleans(), hostile_text,
                       st.lists(st.integers(), max_size=2))
json_record = st.fixed_dictionaries({}, optional={"id": st.one_of(json_value, st.sampled_from(["a", "a", "b"])),
                                                  "text": json_value, "title": json_value, "date": json_value,
                                                  "url": json_value})
jsonl_line = st.one_of(json_record.map(lambda r: json.dumps(r).encode("utf-8")),
                       st.binary(min_size=1, max_size=40).map(lambda b: b"x" + b.replace(b"\n", b" ")),
                       st.sampled_from([b"[1, 2]", b"{", b'"testo"', b"null", b'{"id": "x", "text": "\\ud83d"}']))


@fuzz_settings(100)
@given(st.lists(jsonl_line, min_size=1, max_size=12))
@example([b"{}", b"\xa0"])  # NBSP alone in a cp1252 file: a rejected line, not a blank one
@example([b"\x00", b"\x80"])  # was guessed to be UTF-16, which merged the two lines
def test_jsonl_every_line_is_one_row(lines):
    docs, _ = _ingest({"feed.jsonl": b"\n".join(lines) + b"\n"})
    expected = sum(1 for line in lines if line.strip(b" \t\r"))  # JSON's whitespace
    assert _rows_of(docs, "feed.jsonl") == expected


csv_field = st.text(st.characters(exclude_characters='",\r\n', exclude_categories=["Cs"]), max_size=15)


@fuzz_settings(100)
@given(st.lists(st.tuples(st.sampled_from(["a", "b", "c", "d"]), csv_field, csv_field), min_size=1, max_size=12),
       st.sampled_from(["none", "quote", "byte"]), st.integers(min_value=0))
def test_csv_every_line_is_one_row_even_with_a_broken_quote_or_byte(rows, damage, where):
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["id", "text", "title"])
    writer.writerows((ident + "x", text, title) for ident, text, title in rows)
    lines = buffer.getvalue().encode("utf-8").split(b"\n")[:-1]
    k = 1 + where % len(rows)
    if damage == "quote":
        lines[k] = lines[k].replace(b",", b',"', 1)
    elif damage == "byte":
        lines[k] += b"\xff"
    docs, _ = _ingest({"t.csv": b"\n".join(lines) + b"\n"})
    assert _rows_of(docs, "t.csv") == len(rows)


def _assert_offsets(rows, text, *spans):
    for row in rows:
        for start, end, surface in spans:
            if row[start] is None:
                continue
            assert 0 <= row[start] <= row[end] <= len(text)
            assert row[surface] == text[row[start]:row[end]], (row, surface)


@fuzz_settings(300)
@given(hostile_text)
def test_quantity_extraction_on_text_with_lone_surrogates(text):
    for q in extract(text):
        assert 0 <= q.start <= q.end <= len(text)


@fuzz_settings(150)
@given(storable_text)  # spaCy cannot hold a lone surrogate; ingest rejects them before
@example("secondo ")  # a cue ending the document crashed the attributions (IndexError)
def test_extraction_functions_on_hostile_text(nlp, text):
    doc = nlp(text)
    sentences = sentence_rows("d", doc)
    _assert_offsets(sentences, text, ("start_char", "end_char", "text"))
    entities = entity_rows("d", doc)
    _assert_offsets(entities, text, ("start_char", "end_char", "text"))
    _assert_offsets(quantity_rows("d", doc), text, ("start_char", "end_char", "text"))
    _assert_offsets(attribution_rows("d", doc, entities), text, ("cue_start", "cue_end", "cue"),
                    ("source_start", "source_end", "source_text"), ("content_start", "content_end", "content_text"))


# --- issue 27: inputs that used to stop the corpus ------------------------------------------

nested = st.integers(min_value=1, max_value=5000).map(lambda n: ("[" * n + "]" * n).encode())
huge_number = st.integers(min_value=16, max_value=400).map(lambda n: json.dumps(
    {"id": f"n{n}", "text": f"Il debito è di {'9' * n} euro e di {'mille ' * (n // 8)}miliardi."}).encode())


@fuzz_settings(60)
@given(st.lists(st.one_of(jsonl_line, nested, huge_number), min_size=1, max_size=8))
def test_nested_and_huge_inputs_are_one_row_each_and_never_stop_the_corpus(lines):
    docs, texts = _ingest({"feed.jsonl": b"\n".join(lines) + b"\n"})
    assert _rows_of(docs, "feed.jsonl") == sum(1 for line in lines if line.strip(b" \t\r"))
    for text in texts.values():
        for q in extract(text):
            assert q.value is None or abs(q.value) <= 1e15


# --- issue 27: a flipped bit in any cache file is never published ---------------------------

CACHE_KINDS = {  # the cache files of each kind under OUT/work
    "rows": "partitions/[aeqs]*/*.parquet", "parse": "partitions/parses/*.spacy", "texts": "texts.parquet",
    "stamp": "stamps/*.json", "parse record": "parse.json",
}
PUBLISHED = ["sentences", "entities", "quantities", "attributions", "claims", "entity_report"]
BITFLIP_CAP = 150


@pytest.fixture(scope="module")
def reference_run(tmp_path_factory):
    from conftest import BUNDLED

    from pipeline import api

    root = tmp_path_factory.mktemp("bitflip")
    src = root / "in"
    src.mkdir()
    for i, town in enumerate(["Roma", "Milano", "Napoli", "Torino"]):
        (src / f"a{i}.txt").write_text(f"{town}, 3 marzo. Il sindaco Mario Rossi ha detto che {10 + i} famiglie "
                                       f"riceveranno circa {i + 2} milioni di euro, secondo l'ANSA.\n")
    api.run(src, root / "base", model=BUNDLED, partition_docs=2)
    return root / "base", {t: read_table(root / "base", t) for t in PUBLISHED}


def _flip(path: Path, position: int) -> None:
    data = bytearray(path.read_bytes())
    bit = position % (8 * len(data))
    data[bit // 8] ^= 1 << (bit % 8)
    path.write_bytes(bytes(data))


@fuzz_settings(20, cap=BITFLIP_CAP)
@given(st.sampled_from(sorted(CACHE_KINDS)), st.integers(min_value=0), st.integers(min_value=0))
def test_a_bit_flipped_in_any_cache_file_is_never_published(reference_run, kind, which, position):
    from pipeline import api
    from pipeline.storage.tables import DamagedCache

    base, expected = reference_run
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out"
        shutil.copytree(base, out, symlinks=True)
        files = sorted((out / "work").glob(CACHE_KINDS[kind]))
        _flip(files[which % len(files)], position)
        for table in PUBLISHED:  # every table is stale: its stage must read the caches to write it again
            (out / f"{table}.parquet").unlink()
        if kind == "parse":  # the rows are computed again, from the parses
            for rows in (out / "work").glob(CACHE_KINDS["rows"]):
                rows.unlink()
        messages: list[str] = []
        try:
            for stage in ("entities", "quantities", "attributions"):
                getattr(api, stage)(out, echo=messages.append)
            api.sentences(out, echo=messages.append, partition_docs=2)
            api.report(out)
        except DamagedCache as err:  # the texts: one line, nothing published from them
            assert kind == "texts" and "texts.parquet is damaged" in str(err)
            assert not [t for t in PUBLISHED if (out / f"{t}.parquet").exists()]
            return
        for table in PUBLISHED:
            assert read_table(out, table).equals(expected[table]), (kind, table)
        if kind in ("rows", "parse", "parse record"):  # always read here: the damage was seen and reported
            assert any("damaged" in m for m in messages), (kind, messages)
