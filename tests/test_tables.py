import pyarrow.parquet as pq
import pytest

from pipeline.storage.schemas import SCHEMAS
from pipeline.storage.tables import TableWriter, read_table, write_table


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


# Arrow writing (issue 26): CSV cells formatted column by column with pyarrow.compute, byte for
# byte what csv.writer writes cell by cell; files independent of how the rows were handed over.

def _reference_csv(table, style) -> bytes:
    """What the writer wrote before issue 26: csv.writer over CsvStyle.cell, one cell at a time."""
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=style.delimiter)
    writer.writerow(table.schema.names)
    writer.writerows([style.cell(row[n]) for n in table.schema.names] for row in table.to_pylist())
    return buffer.getvalue().encode("utf-8")


_FLOATS = [None, 0.0, -0.0, 2.0, -3.5, 4600000.5, 1e16, 9.99e15, 1e-4, 9.999e-5, 1e-05, 1e15, 123456789012.5,
           float("nan"), float("inf"), -float("inf"), 5e-324, 1.7976931348623157e308, 0.1, 1 / 3]
_TEXTS = [None, "", "Roma", "=1+1", "+39", "-2 gradi", "@x", "\tt", "\rr", "'=già", "''+x", 'a "b" c', "a,b", "a;b",
          "riga\nnuova", "fine\r\n", "\x00", " spazio ", "è €", "'"]


@pytest.mark.parametrize("dialect", ["standard", "excel"])
@pytest.mark.parametrize("neutralise", [True, False])
def test_arrow_csv_cells_equal_the_csv_module_cell_by_cell(dialect, neutralise):
    import datetime
    import random

    import pyarrow as pa

    from pipeline.storage.tables import CsvStyle, csv_bytes

    style = CsvStyle(dialect, neutralise)
    rng = random.Random(26)
    schema = SCHEMAS["documents"]
    rows = []
    for i in range(400):
        row = {}
        for field in schema:
            if field.type == pa.string():
                row[field.name] = _TEXTS[i % len(_TEXTS)] if i < 40 else rng.choice(_TEXTS)
            elif field.type == pa.float64():
                row[field.name] = _FLOATS[i % len(_FLOATS)] if i < 40 else rng.uniform(-1e7, 1e7) * 10 ** rng.randint(-9, 18)
            elif field.type == pa.int64():
                row[field.name] = None if i % 9 == 0 else rng.randint(-10**15, 10**15)
            elif field.type == pa.date32():
                row[field.name] = None if i % 4 == 0 else datetime.date(rng.randint(1, 9999), 1, 1)
        rows.append(row)
    table = pa.Table.from_pylist(rows, schema=schema)
    assert csv_bytes(table, style, header=True) == _reference_csv(table, style)
    booleans = pa.Table.from_pylist([{"doc_id": "d", "is_direct_quote": v} for v in (True, False, None)],
                                    schema=pa.schema([("doc_id", pa.string()), ("is_direct_quote", pa.bool_())]))
    assert csv_bytes(booleans, style, header=True) == _reference_csv(booleans, style)


def test_files_do_not_depend_on_how_the_rows_were_handed_over(tmp_path, monkeypatch):
    import pyarrow as pa

    import pipeline.storage.tables as tables

    monkeypatch.setattr(tables, "ROW_GROUP", 7)  # several row groups from a few rows
    rows = [_row(i) for i in range(30)]
    write_table(tmp_path / "dicts", "sentences", rows)
    arrow = pa.Table.from_pylist(rows, schema=SCHEMAS["sentences"])
    with TableWriter(tmp_path / "pieces", "sentences") as writer:
        writer.write_arrow(arrow.slice(0, 3))
        writer.write(rows[3])
        writer.write_arrow(arrow.slice(4, 0))
        writer.write_arrow(arrow.slice(4, 17))
        writer.write_arrow(arrow.slice(21))
    assert writer.n_rows == 30
    for name in ("sentences.parquet", "sentences.csv"):
        assert (tmp_path / "pieces" / name).read_bytes() == (tmp_path / "dicts" / name).read_bytes()
    assert [pq.ParquetFile(tmp_path / "pieces" / "sentences.parquet").metadata.row_group(g).num_rows
            for g in range(5)] == [7, 7, 7, 7, 2]


def test_writers_follow_the_output_options_passed_not_the_manifest(tmp_path):
    from pipeline.storage.manifest import update_manifest
    from pipeline.storage.tables import CsvStyle, OutputOptions

    update_manifest(tmp_path, {"csv": {"dialect": "excel", "neutralise_formulas": True}})
    assert OutputOptions.of_folder(tmp_path) == OutputOptions(CsvStyle("excel"))
    write_table(tmp_path, "sentences", [_row(0)], csv_style=OutputOptions().csv)
    assert (tmp_path / "sentences.csv").read_bytes().startswith(b"doc_id,sent_id,")
    write_table(tmp_path, "sentences", [_row(0)], csv_style=OutputOptions.of_folder(tmp_path).csv)
    assert (tmp_path / "sentences.csv").read_bytes().startswith("\ufeffdoc_id;sent_id;".encode())
