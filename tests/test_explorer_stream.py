"""The explorer's page written in pieces (issue 26): the same bytes as the whole, memory that
does not grow with the corpus, and the same data whatever the order of hand-made tables."""
from __future__ import annotations

import hashlib
import json
import shutil

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
from conftest import run_on_articles
from test_explorer import ARTICLES

from pipeline.explorer.columns import ColumnStore
from pipeline.explorer.data import explorer_payload
from pipeline.explorer.page import pack, pack_chunks


def _dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def _words(n: int) -> str:
    """Text that compresses poorly (hex words), so the gzip output spans several pieces."""
    return " ".join(hashlib.sha1(str(i).encode()).hexdigest()[:7] for i in range(n))


def test_packing_in_pieces_gives_the_bytes_of_packing_the_whole():
    value = {"testo": "Il sindaco di Cefalù ha detto: «perché no?» 🙂 " + _words(40_000), "n": [1, 2.5, None]}
    text = _dumps(value)
    pieces = [text[i:i + 7_777] for i in range(0, len(text), 7_777)]  # cuts inside words and characters' runs
    packed = list(pack_chunks(pieces))
    assert len(packed) > 1
    assert "".join(packed) == pack(value)


def test_columns_on_disk_read_back_as_json_dumps_writes_them():
    values = [i * 0.1 for i in range(5_000)] + [1e21, -0.0, None, True, "città 🙂 \"citata\"\n", 7]
    with ColumnStore() as store:
        table = store.table("qtys", ("value", "label"))
        store.table("vuota", ("a",))
        for v in values:
            table["value"].append(v)
            table["label"].append(str(v))
        assert table["value"].count == len(values)
        text = "".join(store.json_chunks(["qtys", "vuota"], head={"meta": {"documenti": 2}}))
        listed = "".join(store.list_chunks("qtys", "label"))
    expected = {"meta": {"documenti": 2}, "qtys": {"value": values, "label": [str(v) for v in values]}, "vuota": {"a": []}}
    assert text == _dumps(expected)
    assert listed == _dumps([str(v) for v in values])


def test_the_payload_is_the_same_when_hand_made_tables_are_not_in_document_order(tmp_path):
    out = run_on_articles(tmp_path, "articles.jsonl", ARTICLES)
    with explorer_payload(out, pq.read_table(out / "entity_report.parquet").to_pylist(), {}) as payload:
        data, texts = payload.values()
    assert data["meta"]["documents"] == len(ARTICLES) and texts == [a["text"] for a in ARTICLES]
    assert data["ments"]["sent"] and data["atts"]["sent"] and data["qtys"]["sent"]

    moved = tmp_path / "moved"
    shutil.copytree(out, moved)
    for table in ("sentences", "entities", "attributions", "quantities", "claims"):
        rows = pq.read_table(moved / f"{table}.parquet")
        last = pc.equal(rows["doc_id"], ARTICLES[-1]["id"])
        # the last document's rows first, each document's own rows in their order
        pq.write_table(pa.concat_tables([rows.filter(last), rows.filter(pc.invert(last))]), moved / f"{table}.parquet")
    with explorer_payload(moved, pq.read_table(out / "entity_report.parquet").to_pylist(), {}) as payload:
        assert payload.values() == (data, texts)


def test_column_files_live_in_the_work_folder_and_a_killed_runs_are_removed(tmp_path):
    stale = tmp_path / ".explorer-columns-killed"
    (stale / "nested").mkdir(parents=True)
    with ColumnStore(tmp_path) as store:
        store.table("docs", ("id",))["id"].append("roma")
        assert not stale.exists()
        assert [p.name.startswith(".explorer-columns-") for p in tmp_path.iterdir()] == [True]
    assert list(tmp_path.iterdir()) == []
