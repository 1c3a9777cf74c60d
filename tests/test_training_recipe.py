"""The model recipe (pipeline/training): the abbreviations every training adds to the tokenizer,
and the shared-encoder experiment (`recipe --shared`): one encoder, and one training that mixes UD
documents (parse, POS, lemmas; no entities) with KIND documents (entities, sentences; no parse)."""
from __future__ import annotations

from pathlib import Path

import pytest
import spacy
from spacy.tokens import DocBin
from spacy.vocab import Vocab

from pipeline.nlp import lexicon_features  # noqa: F401  registers the factory
from pipeline.training import recipe
from pipeline.training.abbreviations import add_abbreviations, load_abbreviations
from pipeline.training.convert import convert_file

CONLLU = """# text = Il ministro parla.
1\tIl\til\tDET\tRD\t_\t2\tdet\t_\t_
2\tministro\tministro\tNOUN\tS\t_\t3\tnsubj\t_\t_
3\tparla\tparlare\tVERB\tV\t_\t0\troot\t_\tSpaceAfter=No
4\t.\t.\tPUNCT\tFS\t_\t3\tpunct\t_\t_

# text = La scuola riapre.
1\tLa\til\tDET\tRD\t_\t2\tdet\t_\t_
2\tscuola\tscuola\tNOUN\tS\t_\t3\tnsubj\t_\t_
3\triapre\triaprire\tVERB\tV\t_\t0\troot\t_\tSpaceAfter=No
4\t.\t.\tPUNCT\tFS\t_\t3\tpunct\t_\t_

"""
KIND = "Mario\tB-PER\nRossi\tI-PER\nparla\tO\na\tO\nTorino\tB-LOC\n.\tO\n\nLa\tO\nFiat\tB-ORG\nchiude\tO\n.\tO\n\n"


def test_every_training_adds_the_abbreviations_before_it_starts():
    for config_file in (recipe.UD_CONFIG, recipe.NER_CONFIG, recipe.SHARED_CONFIG):
        config = spacy.util.load_config(config_file)
        assert config["initialize"]["before_init"]["@callbacks"] == "it_news.add_abbreviations.v1", config_file


def test_one_encoder_feeds_every_trained_component():
    config = spacy.util.load_config(recipe.SHARED_CONFIG)
    nlp = config["nlp"]
    assert nlp["pipeline"] == ["lexicon_features", "tok2vec", "senter", "morphologizer", "trainable_lemmatizer",
                               "parser", "ner"]
    assert config["training"]["annotating_components"] == ["lexicon_features"]  # the NER's tag is hashed
    assert "ENT_KB_ID" in config["components"]["tok2vec"]["model"]["embed"]["attrs"]
    for name in nlp["pipeline"][2:]:  # no component has an encoder of its own
        assert config["components"][name]["model"]["tok2vec"]["@architectures"] == "spacy.Tok2VecListener.v1"


def test_the_no_lexicon_ablation_names_settings_of_the_config():
    config = spacy.util.load_config(recipe.SHARED_CONFIG, overrides={
        key: spacy.util.srsly.json_loads(value) for key, value in recipe.NO_LEXICON_SHARED.items()})
    embed = config["components"]["tok2vec"]["model"]["embed"]
    assert embed["attrs"] == ["NORM", "PREFIX", "SUFFIX", "SHAPE"] and len(embed["rows"]) == 4


def test_a_mixed_training_runs_and_each_component_learns_from_its_documents(tmp_path):
    (tmp_path / "ud.conllu").write_text(CONLLU, encoding="utf-8")
    (tmp_path / "kind.tsv").write_text(KIND, encoding="utf-8")
    convert_file(tmp_path / "ud.conllu", tmp_path / "ud" / "ud.spacy")
    convert_file(tmp_path / "kind.tsv", tmp_path / "kind" / "kind.spacy")
    train = recipe._link_all([tmp_path / "ud", tmp_path / "kind"], tmp_path / "train")
    assert sorted(p.name for p in train.iterdir()) == ["kind.spacy", "ud.spacy"]
    docs = {p.name: list(DocBin().from_disk(p).get_docs(Vocab())) for p in train.iterdir()}
    assert docs["ud.spacy"][0].has_annotation("DEP") and not docs["ud.spacy"][0].has_annotation("ENT_IOB")
    assert docs["kind.spacy"][0].has_annotation("ENT_IOB") and not docs["kind.spacy"][0].has_annotation("DEP")
    lists = tmp_path / "lists"
    lists.mkdir()
    (lists / "first.txt").write_text("mario\n", encoding="utf-8")
    from spacy.cli.train import train as spacy_train

    spacy_train(recipe.SHARED_CONFIG, tmp_path / "out", use_gpu=-1, overrides={
        "paths.train": str(train), "paths.dev": str(train), "paths.lexicons": str(lists),
        "components.tok2vec.model.embed.include_static_vectors": False,
        "components.tok2vec.model.encode.width": 16, "components.parser.min_action_freq": 1,
        "training.max_steps": 4, "training.eval_frequency": 2})
    trained = spacy.load(tmp_path / "out" / "model-last")
    assert set(trained.get_pipe("ner").labels) == {"PER", "LOC", "ORG"}  # from the KIND documents
    assert {"nsubj", "det", "punct"} <= set(trained.get_pipe("parser").labels)  # from the UD ones
    assert trained.get_pipe("lexicon_features").tag("Mario") == "first"
    assert Path(tmp_path / "out" / "model-last" / "tok2vec").is_dir()
    # the abbreviations were added before training and are saved with the tokenizer
    assert [t.text for t in trained("Il dott. Rossi e la Fiat S.p.A. parlano.")] == [
        "Il", "dott.", "Rossi", "e", "la", "Fiat", "S.p.A.", "parlano", "."]


def test_abbreviations_keep_their_full_stop(tmp_path):
    listed = tmp_path / "abbreviations.txt"
    listed.write_text("# titles\ndott.\nS.p.A.\n\ndott.\n", encoding="utf-8")
    assert load_abbreviations(listed) == ["dott.", "Dott.", "S.p.A."]
    nlp = add_abbreviations(spacy.blank("it"), listed)
    assert [t.text for t in nlp("Dott. Bianchi, dott. Rossi, sen. Verdi.")] == [
        "Dott.", "Bianchi", ",", "dott.", "Rossi", ",", "sen", ".", "Verdi", "."]  # sen. is not listed here
    bundled = load_abbreviations()
    assert {"sen.", "Sen.", "S.r.l.", "art."} <= set(bundled) and len(bundled) == len(set(bundled))
    assert not {"ca.", "c.p.", "c.c."} & set(bundled)  # they often end a sentence


def test_the_shared_experiment_never_overwrites_the_bundled_model(capsys):
    assert recipe._arguments(["--shared"]).out == Path("build/shared_model")
    assert recipe._arguments([]).out == recipe.BUNDLED_OUT
    for argv in (["--shared", "--out", "models/it_news_sm"], ["--width", "96"], ["--shared", "--ner-only"]):
        with pytest.raises(SystemExit):
            recipe._arguments(argv)
    assert "--shared is an experiment" in capsys.readouterr().err


def test_distillation_keeps_the_tokens_takes_the_teachers_parse_and_never_its_entities(tmp_path):
    from pipeline.training.distil import write_distillation

    (tmp_path / "kind").mkdir()
    (tmp_path / "kind" / "FIC_train.tsv").write_text(KIND, encoding="utf-8")
    (tmp_path / "kind" / "ADG_train.tsv").write_text(KIND, encoding="utf-8")
    counts = write_distillation(recipe.BUNDLED_OUT, tmp_path, tmp_path / "out", ner_files=["kind/ADG_train.tsv"],
                                files=["kind/FIC_train.tsv", "kind/ADG_train.tsv", "silver/absent.tsv"])
    assert counts == {"kind/FIC_train.tsv": 10, "kind/ADG_train.tsv": 10}
    vocab = Vocab()
    unlabelled, = DocBin().from_disk(tmp_path / "out" / "FIC_train.spacy").get_docs(vocab)
    labelled, = DocBin().from_disk(tmp_path / "out" / "ADG_train.spacy").get_docs(vocab)
    for doc in (unlabelled, labelled):
        assert [t.text for t in doc] == ["Mario", "Rossi", "parla", "a", "Torino", ".", "La", "Fiat", "chiude", "."]
        assert doc.has_annotation("DEP") and doc.has_annotation("POS") and doc.has_annotation("SENT_START")
        assert doc[1].pos_ == "PROPN" and doc[2].pos_ == "VERB"
    # not NER data of the run: every token's entity is missing, so the student's NER skips it
    assert {t.ent_iob_ for t in unlabelled} == {""}
    # NER data of the run: the corpus's own entities, not the teacher's
    assert [(e.text, e.label_) for e in labelled.ents] == [("Mario Rossi", "PER"), ("Torino", "LOC"), ("Fiat", "ORG")]


def test_distillation_is_only_for_the_shared_student(capsys):
    assert recipe._arguments(["--shared", "--distil"]).distil == recipe.BUNDLED_OUT
    assert recipe._arguments(["--shared", "--distil", "other"]).distil == Path("other")
    with pytest.raises(SystemExit):
        recipe._arguments(["--distil"])
    assert "--distil trains the shared student" in capsys.readouterr().err
