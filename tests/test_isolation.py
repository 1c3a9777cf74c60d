"""Issue 27, part 2: no input stops the corpus. Whatever one file, record or document raises
is that input's rejected row or a per-document warning; numbers out of range are not quantities;
folders of any depth are walked."""
from __future__ import annotations

import json
import math
import os
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import BUNDLED

from pipeline import api
from pipeline.extractors.quantities import extract
from pipeline.extractors.quantities.numbers import parse_digits, parse_number_word
from pipeline.extractors.registry import REGISTRY
from pipeline.stages import ingest as ingest_stage
from pipeline.stages.ingest import run_ingest
from pipeline.storage.tables import read_table

MAX_VALUE = 1e15  # numbers.MAX_VALUE

TEXT = "Il sindaco di Torino ha inaugurato la nuova biblioteca."


def _rows(out: Path) -> dict[str, str]:
    docs = read_table(out, "documents")
    assert docs["doc_id"].is_unique
    return dict(zip(docs["doc_id"], docs["error"].fillna("")))


def test_a_jsonl_line_of_deeply_nested_brackets_rejects_that_line_only(tmp_path):
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps({"id": "a", "text": TEXT}) + "\n" + "[" * 1000 + "]" * 1000 + "\n"
                    + '{"id": "b", "text": ' + "[" * 100_000 + "\n"
                    + json.dumps({"id": "c", "text": f"{TEXT} c"}) + "\n", encoding="utf-8")
    result = run_ingest(feed, tmp_path / "out")
    rows = _rows(tmp_path / "out")
    assert result.accepted == 2 and rows["a"] == rows["c"] == ""
    assert rows["feed.jsonl:line 2"] == "line 2: malformed JSON (nested too deeply)"
    assert rows["feed.jsonl:line 3"].startswith("line 3: malformed JSON")


def test_folders_500_levels_deep_are_walked(tmp_path):
    src = tmp_path / "in"
    deep = src
    for _ in range(500):
        deep = deep / "d"
    os.makedirs(deep)
    (deep / "fondo.txt").write_text(TEXT, encoding="utf-8")
    (src / "cima.txt").write_text(f"{TEXT} cima", encoding="utf-8")  # not a duplicate of fondo
    result = run_ingest(src, tmp_path / "out")
    assert result.accepted == 2
    assert "/".join(["d"] * 500) + "/fondo" in _rows(tmp_path / "out")


def test_any_exception_of_one_file_or_record_is_its_rejected_row(tmp_path, monkeypatch):
    src = tmp_path / "in"
    src.mkdir()
    for name in ("a", "boom", "c"):
        (src / f"{name}.txt").write_text(f"{TEXT} {name}", encoding="utf-8")
    (src / "feed.jsonl").write_text("\n".join(json.dumps({"id": f"r{i}", "text": f"{TEXT} r{i}", "date": d})
                                              for i, d in enumerate(["2025-01-02", "overflow", "2025-01-03"])),
                                    encoding="utf-8")
    real_read, real_date = ingest_stage._read_text_file, ingest_stage.parse_date

    def read(entry, *args):
        if entry.doc_id == "boom":
            raise OverflowError("int too large to convert to float")
        return real_read(entry, *args)

    def parse_date(value):
        if value == "overflow":
            raise RecursionError("maximum recursion depth exceeded")
        return real_date(value)
    monkeypatch.setattr(ingest_stage, "_read_text_file", read)
    monkeypatch.setattr(ingest_stage, "parse_date", parse_date)
    result = run_ingest(src, tmp_path / "out")
    rows = _rows(tmp_path / "out")
    assert result.accepted == 4 and len(rows) == 6  # every input document accounted for
    assert rows["boom.txt"] == "unreadable file: OverflowError: int too large to convert to float"
    assert rows["feed.jsonl:line 2"] == "line 2: unreadable document: RecursionError: maximum recursion depth exceeded"


@pytest.mark.parametrize("text", ["9" * 310, "1" + "0" * 20, "1.000.000.000.000.000.000"])
def test_numbers_beyond_a_sane_range_are_not_values(text):
    assert parse_digits(text) is None
    assert parse_digits("4,6") == 4.6 and parse_digits("10.000.000") == 1e7


def test_number_words_and_scales_never_make_an_infinite_or_huge_quantity():
    assert parse_number_word("mille" * 8) is None or parse_number_word("mille" * 8) <= MAX_VALUE
    texts = ["Il debito è di " + "9" * 310 + " euro.", "Costa " + "mille " * 60 + "miliardi di euro.",
             "Sono " + "1" * 40 + " milioni di miliardi di persone."]
    for text in texts:
        for q in extract(text):
            assert math.isfinite(q.value) and abs(q.value) <= MAX_VALUE, q
    assert [q.value for q in extract("Spesi 4,6 milioni di euro.")] == [4.6e6]


def test_huge_numbers_and_a_failing_rule_do_not_stop_the_run(tmp_path, monkeypatch, nlp):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text("Il debito è di " + "9" * 310 + " euro, dice il ministro.\n", encoding="utf-8")
    (src / "b.txt").write_text("Costa " + "mille " * 60 + "miliardi di euro.\n", encoding="utf-8")
    (src / "c.txt").write_text("Secondo l'ANSA, a Roma sono arrivati circa 30 migranti.\n", encoding="utf-8")
    real = REGISTRY["attributions"].rows

    def attributions(doc_id, doc, entities):
        if doc_id == "b":
            raise RecursionError("maximum recursion depth exceeded")
        return real(doc_id, doc, entities)
    monkeypatch.setitem(REGISTRY, "attributions", replace(REGISTRY["attributions"], rows=attributions))
    messages: list[str] = []
    results = api.run(src, tmp_path / "out", model=BUNDLED, echo=messages.append)
    assert (tmp_path / "out" / "report.html").exists() and (tmp_path / "out" / "news.sqlite").exists()
    assert "document b: no attributions extracted (RecursionError: maximum recursion depth exceeded)" in \
        results["attributions"].details["warnings"]
    assert any("document b: no attributions extracted" in m for m in messages)
    quantities = read_table(tmp_path / "out", "quantities")
    assert quantities["value"].map(math.isfinite).all() and (quantities["value"] <= MAX_VALUE).all()
    assert 30.0 in set(quantities["value"])
    assert "c" in set(read_table(tmp_path / "out", "attributions")["doc_id"])
