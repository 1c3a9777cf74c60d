from pipeline.stages.ingest import run_ingest
from pipeline.stages.sentences import parse_texts, run_sentences, sentence_rows, split_long_text
from pipeline.tables import read_table

ARTICLE = ("Roma, 3 marzo\n"
           "Il consiglio comunale ha approvato il bilancio. La seduta è durata tre ore.\n\n"
           "  L'opposizione ha votato contro.")


def test_sentence_rows_have_offsets_into_the_text(nlp):
    rows = sentence_rows("d", nlp(ARTICLE))
    assert [r["text"] for r in rows] == [
        "Roma, 3 marzo", "Il consiglio comunale ha approvato il bilancio.",
        "La seduta è durata tre ore.", "L'opposizione ha votato contro."]
    assert [r["sent_id"] for r in rows] == [0, 1, 2, 3]
    assert all(ARTICLE[r["start_char"]:r["end_char"]] == r["text"] for r in rows)


def test_split_long_text_joins_back_and_prefers_paragraphs():
    text = "Prima frase. Seconda frase.\nTerza frase lunga. " * 20
    pieces = split_long_text(text, 100)
    assert "".join(pieces) == text
    assert all(len(p) <= 100 for p in pieces)
    assert pieces[0].endswith("\n")


def test_texts_over_max_length_are_parsed_in_pieces_with_correct_offsets(nlp):
    text = "\n".join(f"Il paragrafo numero {i} parla di Milano. Poi finisce." for i in range(40))
    saved = nlp.max_length
    nlp.max_length = 300
    try:
        doc = parse_texts(nlp, [text], batch_size=8, n_process=1)[0]
    finally:
        nlp.max_length = saved
    assert doc.text == text
    rows = sentence_rows("long", doc)
    assert len(rows) == 80
    assert all(text[r["start_char"]:r["end_char"]] == r["text"] for r in rows)


def test_stage_writes_sentences_and_reuses_cached_parses(tmp_path, nlp):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "in" / "b.txt").write_text("Una sola frase.", encoding="utf-8")
    out = tmp_path / "out"
    run_ingest(tmp_path / "in", out)
    first = run_sentences(out, nlp, "test-model")
    assert (first.documents, first.parsed, first.reused, first.sentences) == (2, 2, 0, 5)
    second = run_sentences(out, nlp, "test-model")
    assert (second.parsed, second.reused) == (0, 2)
    table = read_table(out, "sentences")
    assert table["doc_id"].tolist() == ["a"] * 4 + ["b"]
