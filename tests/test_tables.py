import pyarrow.parquet as pq
import pytest

from pipeline.schemas import SCHEMAS
from pipeline.tables import TableWriter, read_table, write_table


def _row(i):
    return {"doc_id": "a", "sent_id": i, "start_char": 0, "end_char": 3, "text": f"ciao «{i}», sì"}


def test_parquet_is_typed_and_csv_has_one_header(tmp_path):
    assert write_table(tmp_path, "sentences", [_row(0), _row(1)]) == 2
    assert pq.read_schema(tmp_path / "sentences.parquet").equals(SCHEMAS["sentences"])
    lines = (tmp_path / "sentences.csv").read_text(encoding="utf-8").splitlines()
    assert lines == ["doc_id,sent_id,start_char,end_char,text", 'a,0,0,3,"ciao «0», sì"',
                     'a,1,0,3,"ciao «1», sì"']
    df = read_table(tmp_path, "sentences")
    assert str(df["sent_id"].dtype) == "Int64" and df["text"].tolist()[1] == "ciao «1», sì"


def test_missing_values_are_empty_in_csv_and_null_in_parquet(tmp_path):
    row = {"doc_id": "d", "sent_id": 0, "start_char": 0, "end_char": 1, "text": "x", "value": 2.5,
           "value_max": None, "approx": None, "unit": "euro", "unit_lemma": "euro", "kind": "money"}
    write_table(tmp_path, "quantities", [row])
    assert (tmp_path / "quantities.csv").read_text(encoding="utf-8").splitlines()[1] == "d,0,0,1,x,2.5,,,euro,euro,money"
    assert read_table(tmp_path, "quantities")["value_max"].isna().all()


def test_interrupted_write_keeps_the_previous_table(tmp_path):
    write_table(tmp_path, "sentences", [_row(0)])
    with pytest.raises(RuntimeError):
        with TableWriter(tmp_path, "sentences") as writer:
            writer.write(_row(5))
            raise RuntimeError("killed")
    assert read_table(tmp_path, "sentences")["sent_id"].tolist() == [0]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sentences.csv", "sentences.parquet"]
