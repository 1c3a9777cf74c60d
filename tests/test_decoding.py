"""Issue 27, part 3: decoding without guesswork. A UTF-8 file with a few bad bytes stays UTF-8
(bytes replaced, counted in a warning); only a file whose non-ASCII is mostly not UTF-8 is
detected, cp1252 first; the encoding and its confidence are recorded in `documents`."""
from __future__ import annotations

import random

import pytest

from pipeline.inputs.decoding import decode_document
from pipeline.stages.ingest import run_ingest
from pipeline.storage.tables import read_table

ITALIAN = ["Il sindaco di Cantù ha detto che la città è pronta.", "Perché sì: è così, dice l'assessore.",
           "Più di trenta famiglie hanno ricevuto l'aiuto promesso già a marzo.",
           "«Non è finita», ha dichiarato il ministro dell'Economia a Forlì."]


def test_one_stray_byte_in_a_utf8_text_file_is_replaced_and_reported(tmp_path):
    raw = "La città è pronta.".encode("utf-8") + b"\xff" + " Così dice il sindaco.".encode("utf-8")
    (tmp_path / "a.txt").write_bytes(raw)
    run_ingest(tmp_path / "a.txt", tmp_path / "out")
    doc = read_table(tmp_path / "out", "documents").iloc[0]
    assert (doc["status"], doc["encoding"]) == ("ok", "utf-8")
    assert doc["warning"] == "1 byte(s) not valid UTF-8 replaced by U+FFFD"
    assert 0 < doc["encoding_confidence"] < 1
    from pipeline.storage.tables import open_texts

    text = open_texts(tmp_path / "out").read().to_pylist()[0]["text"]
    assert text == "La città è pronta.\ufffd Così dice il sindaco."


def test_200_utf8_files_with_a_stray_byte_are_all_read_as_utf8():
    rng = random.Random(27)
    for _ in range(200):
        text = " ".join(rng.sample(ITALIAN, 2))
        raw = text.encode("utf-8")
        cut = rng.choice([i for i in range(len(raw) + 1) if i == len(raw) or raw[i] < 0x80 or raw[i] >= 0xC0])
        stray = bytes([rng.choice([0x80, 0x9d, 0xa0, 0xc3, 0xe0, 0xfe, 0xff])])
        decoded = decode_document(raw[:cut] + stray + raw[cut:])
        assert decoded.encoding == "utf-8" and decoded.replaced >= 1
        assert decoded.text.replace("\ufffd", "") == text


@pytest.mark.parametrize("text", ITALIAN)
@pytest.mark.parametrize("codec", ["latin-1", "cp1252"])
def test_italian_in_a_single_byte_encoding_is_read_as_cp1252(tmp_path, text, codec):
    decoded = decode_document(text.encode(codec))
    assert (decoded.encoding, decoded.text, decoded.replaced) == ("cp1252", text, 0)
    assert 0 < decoded.confidence <= 1
    (tmp_path / "export.csv").write_bytes(f'id,text\ne1,"{text}"\n'.encode(codec))
    run_ingest(tmp_path / "export.csv", tmp_path / "out")
    doc = read_table(tmp_path / "out", "documents").iloc[0]
    assert (doc["status"], doc["encoding"]) == ("ok", "cp1252") and doc["encoding_confidence"] > 0


def test_valid_utf8_and_byte_order_marks_are_certain():
    assert decode_document("città".encode("utf-8"))[1:] == ("utf-8", 1.0, 0)
    assert decode_document("città".encode("utf-16"))[1:] == ("utf-16", 1.0, 0)
