"""The `lexicon_features` component: name-list tags a NER embedding can hash."""
import spacy

from pipeline.nlp.lexicon_features import LexiconFeatures


def test_tags_on_a_tiny_vocabulary(tmp_path):
    nlp = spacy.blank("it")
    lists_dir = tmp_path / "lists"
    lists_dir.mkdir()
    (lists_dir / "first.txt").write_text("Marco\nAndrea\n", encoding="utf-8")
    (lists_dir / "surname.txt").write_text("Rossi\nAndrea\n", encoding="utf-8")
    (lists_dir / "place.txt").write_text("Torino\n", encoding="utf-8")
    component = nlp.add_pipe("lexicon_features")
    component.initialize(lists_dir=str(lists_dir))
    doc = nlp("Marco Rossi e Andrea vanno a Torino")
    assert [t.ent_kb_id_ for t in doc] == ["first", "surname", "", "first|surname", "", "", "place"]
    # the tag is an attribute MultiHashEmbed can read
    from spacy.attrs import ENT_KB_ID
    assert doc.to_array([ENT_KB_ID])[0] == nlp.vocab.strings["first"]


def test_lists_travel_with_the_pipeline(tmp_path):
    nlp = spacy.blank("it")
    nlp.add_pipe("lexicon_features").set_lists({"org": ["Fiat"], "first": ["Anna"]})
    nlp.to_disk(tmp_path / "m")
    loaded = spacy.load(tmp_path / "m")
    assert [t.ent_kb_id_ for t in loaded("Anna lavora alla FIAT")] == ["first", "", "", "org"]


def test_unknown_list_label_is_refused():
    import pytest
    with pytest.raises(ValueError, match="unknown lexicon labels"):
        LexiconFeatures(lists={"surnames": ["Rossi"]})
