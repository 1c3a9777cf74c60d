from spacy.vocab import Vocab

from pipeline.training.convert import detokenize, io_labels_to_spans, kind_docs, kind_sentence_doc, read_kind


def test_io_labels_runs_are_entities():
    assert io_labels_to_spans(["O", "PER", "PER", "O", "LOC"]) == [(1, 3, "PER"), (4, 5, "LOC")]


def test_io_adjacent_entities_of_different_types_are_split():
    assert io_labels_to_spans(["ORG", "LOC", "LOC", "PER"]) == [(0, 1, "ORG"), (1, 3, "LOC"), (3, 4, "PER")]


def test_bio_labels_and_adjacent_same_type():
    labels = ["B-PER", "I-PER", "B-PER", "O", "I-LOC", "I-LOC"]
    assert io_labels_to_spans(labels) == [(0, 2, "PER"), (2, 3, "PER"), (4, 6, "LOC")]


def test_entity_at_end_and_empty():
    assert io_labels_to_spans(["O", "B-ORG"]) == [(1, 2, "ORG")]
    assert io_labels_to_spans([]) == []


def test_read_kind_and_docs(tmp_path):
    path = tmp_path / "mini.tsv"
    path.write_text("Il\tO\nsindaco\tO\ndi\tO\nTorino\tB-LOC\n.\tO\n\n"
                    "Mario\tB-PER\nRossi\tI-PER\nparla\tO\n\n", encoding="utf-8")
    sentences = list(read_kind(path))
    assert sentences[1] == (["Mario", "Rossi", "parla"], ["B-PER", "I-PER", "O"])
    doc = kind_sentence_doc(Vocab(), *sentences[0])
    assert doc.text == "Il sindaco di Torino."
    assert [(e.text, e.label_) for e in doc.ents] == [("Torino", "LOC")]
    docs = list(kind_docs(Vocab(), path, n_sents=10))
    assert len(docs) == 1
    assert [s.text for s in docs[0].sents] == ["Il sindaco di Torino.", "Mario Rossi parla"]
    assert [(e.text, e.label_) for e in docs[0].ents] == [("Torino", "LOC"), ("Mario Rossi", "PER")]


def test_detokenize_elision_and_punctuation():
    assert detokenize(["L'", "accordo", "(", "firmato", ")", "vale", "il", "10", "%", "."]) == \
        "L'accordo (firmato) vale il 10%."
