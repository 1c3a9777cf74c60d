"""Issue 16, part 1: every input accounted for, nothing crashes.

Each test is a defect of the first ingest: a crash, rows swallowed, or an
input skipped without a row in `documents`.
"""
import json
import os

from pipeline.stages.ingest import run_ingest
from pipeline.storage.tables import read_table

TEXT = "Il sindaco di Torino ha inaugurato la nuova biblioteca."


def _errors(out):
    docs = read_table(out, "documents")
    assert docs["doc_id"].is_unique
    return dict(zip(docs["doc_id"], docs["error"].fillna("")))


def test_lone_surrogate_escape_in_a_jsonl_field_rejects_that_line_only(tmp_path):
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps({"id": "a1", "text": TEXT}) + "\n"
                    + '{"id": "a2", "text": "Emoji rotta \\ud83d qui."}\n'
                    + '{"id": "a3", "text": "Testo.", "title": "Titolo \\udfff"}\n'
                    + json.dumps({"id": "a4", "text": TEXT + " Fine."}) + "\n", encoding="utf-8")
    result = run_ingest(feed, tmp_path / "out")
    assert _errors(tmp_path / "out") == {
        "a1": "",
        "feed.jsonl:line 2": "line 2: field 'text' is not valid Unicode (lone surrogate U+D83D at character 12)",
        "feed.jsonl:line 3": "line 3: field 'title' is not valid Unicode (lone surrogate U+DFFF at character 7)",
        "a4": "",
    }
    assert result.accepted == 2


def test_file_name_not_valid_utf8_is_a_rejected_row(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "buono.txt").write_text(TEXT, encoding="utf-8")
    with open(os.fsencode(src) + b"/caff\xe8.txt", "wb") as handle:  # "caffè" in Latin-1
        handle.write(TEXT.encode("utf-8"))
    run_ingest(src, tmp_path / "out")
    docs = read_table(tmp_path / "out", "documents")
    assert docs[["doc_id", "source_path", "status", "error"]].fillna("").values.tolist() == [
        ["buono", "buono.txt", "ok", ""],
        ["caff\\xe8", "caff\\xe8.txt", "rejected", "file name is not valid UTF-8"],
    ]


def test_one_invalid_byte_in_a_csv_rejects_only_its_row(tmp_path):
    rows = [f"r{i},Articolo numero {i} sulla città.\n".encode("utf-8") for i in range(1, 5001)]
    rows[2999] = b"r3000,Articolo rotto \xff qui.\n"
    (tmp_path / "big.csv").write_bytes(b"id,text\n" + b"".join(rows))
    result = run_ingest(tmp_path / "big.csv", tmp_path / "out")
    docs = read_table(tmp_path / "out", "documents")
    assert result.accepted == 4999 and len(docs) == 5000
    rejected = docs[docs["status"] == "rejected"]
    assert rejected[["doc_id", "error", "encoding"]].values.tolist() == [
        ["big.csv:line 3001", "line 3001: not valid UTF-8 (byte 0xff at character 15)", "utf-8"]]


def test_unterminated_quote_is_reported_and_the_lines_it_swallowed_are_read(tmp_path):
    (tmp_path / "q.csv").write_text(
        'id,text\n'
        'q1,"Primo articolo, con virgola."\n'
        'q2,"Secondo articolo senza chiusura.\n'
        'q3,Terzo articolo.\n'
        'q4,Quarto articolo.\n', encoding="utf-8")
    result = run_ingest(tmp_path / "q.csv", tmp_path / "out")
    assert _errors(tmp_path / "out") == {
        "q1": "",
        "q.csv:line 3": "line 3: unterminated quote (the quoted field runs to the end of the file, lines 3-5)",
        "q3": "",
        "q4": "",
    }
    assert result.accepted == 3


def test_quote_closed_lines_later_rejects_its_line_and_the_swallowed_rows_are_read(tmp_path):
    (tmp_path / "q.csv").write_text(
        'id,text\n'
        'q2,"Secondo articolo senza chiusura.\n'
        'q3,Terzo articolo.\n'
        'q4,"Quarto, su due\nrighe."\n', encoding="utf-8")
    run_ingest(tmp_path / "q.csv", tmp_path / "out")
    assert _errors(tmp_path / "out") == {
        "q.csv:line 2": "line 2: unbalanced quote (lines 2-4 do not form a record: ',' expected after '\"')",
        "q3": "",
        "q4": "",
    }
    texts = read_table(tmp_path / "out", "documents").set_index("doc_id")["n_chars"]
    assert texts["q4"] == len("Quarto, su due\nrighe.")


def test_malformed_csv_row_rejects_that_row_and_the_next_are_read(tmp_path):
    (tmp_path / "m.csv").write_text('id,text\nm1,"Chiuso" e poi altro\nm2,Secondo.\n\n , \nm6,"Ultimo',
                                    encoding="utf-8")
    run_ingest(tmp_path / "m.csv", tmp_path / "out")
    assert _errors(tmp_path / "out") == {
        "m.csv:line 2": "line 2: malformed CSV (',' expected after '\"')",
        "m2": "",
        "m.csv:line 5": "line 5: missing 'id'",  # blank fields are a record; only an empty line is not
        "m.csv:line 6": "line 6: unterminated quote (the quoted field runs to the end of the file, line 6)",
    }


def test_links_fifos_and_loops_each_get_a_rejected_row(tmp_path):
    src = tmp_path / "in"
    (src / "sub").mkdir(parents=True)
    (src / "a.txt").write_text(TEXT, encoding="utf-8")
    (src / "dangling.txt").symlink_to(tmp_path / "missing.txt")
    (src / "loop1").symlink_to(src / "loop2")
    (src / "loop2").symlink_to(src / "loop1")
    (src / "sub" / "up").symlink_to(src)  # a folder link back to the input
    (src / "z.txt").symlink_to(src / "a.txt")  # a link to a file is read
    os.mkfifo(src / "pipe.txt")
    run_ingest(src, tmp_path / "out")  # never blocks on the FIFO
    assert _errors(tmp_path / "out") == {
        "a": "",
        "dangling": f"dangling symbolic link (target '{tmp_path / 'missing.txt'}' does not exist)",
        "loop1": "symbolic link loop",
        "loop2": "symbolic link loop",
        "pipe": "a FIFO, not a file",
        "sub/up": "folder already read as '.' (link loop or second link)",
        "z": "",
    }


def test_unreadable_subfolder_gets_a_rejected_row(tmp_path, monkeypatch):
    # The tests run as root, whom permission bits do not stop: the refusal is simulated.
    src = tmp_path / "in"
    (src / "chiusa").mkdir(parents=True)
    (src / "chiusa" / "dentro.txt").write_text(TEXT, encoding="utf-8")
    (src / "aperta.txt").write_text(TEXT, encoding="utf-8")
    real_scandir = os.scandir

    def scandir(path="."):
        if os.fspath(path).endswith("chiusa"):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    run_ingest(src, tmp_path / "out")
    assert _errors(tmp_path / "out") == {"aperta": "", "chiusa": "unreadable folder: Permission denied"}


def test_doc_ids_are_unique_and_duplicates_named_by_path_and_line(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.md").write_text(TEXT, encoding="utf-8")
    (src / "a.txt").write_text(TEXT, encoding="utf-8")
    (src / "b.jsonl").write_text(json.dumps({"id": "a", "text": "Altro."}) + "\n"
                                 + json.dumps({"id": "x", "text": "Primo."}) + "\n"
                                 + json.dumps({"id": "x", "text": "Secondo."}) + "\n", encoding="utf-8")
    run_ingest(src, tmp_path / "out")
    assert _errors(tmp_path / "out") == {
        "a": "",
        "a.txt": "duplicate id 'a' (first in a.md)",
        "b.jsonl:line 1": "line 1: duplicate id 'a' (first in a.md)",
        "x": "",
        "b.jsonl:line 3": "line 3: duplicate id 'x' (first in b.jsonl)",
    }


def test_input_that_is_itself_a_fifo_or_a_link_loop_is_one_rejected_row(tmp_path):
    os.mkfifo(tmp_path / "pipe.jsonl")
    (tmp_path / "loop").symlink_to(tmp_path / "loop")
    run_ingest(tmp_path / "pipe.jsonl", tmp_path / "out1")  # never blocks
    run_ingest(tmp_path / "loop", tmp_path / "out2")
    assert _errors(tmp_path / "out1") == {"pipe": "a FIFO, not a file"}
    assert _errors(tmp_path / "out2") == {"loop": "symbolic link loop"}
