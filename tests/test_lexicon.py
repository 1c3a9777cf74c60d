"""The shared data-folder lexicon: one object per folder, each file read once, and one
closed-class file behind the entity, quantity and attribution rules."""
from __future__ import annotations

import shutil

import pytest
import spacy
from conftest import ROOT
from spacy.tokens import Doc

from pipeline import gazetteers
from pipeline.extractors import lexicon as shared
from pipeline.extractors.attributions.lexicon import load_lexicon
from pipeline.extractors.entities.mention import Mention
from pipeline.extractors.entities.person_rules import retype_non_persons
from pipeline.extractors.quantities.lexicon import lexicon as quantity_lexicon
from pipeline.extractors.registry import doc_rows
from pipeline.extractors.tokens import doc_tokens, glued_hyphen


@pytest.fixture
def data_copy(tmp_path, monkeypatch):
    """A copy of the bundled data folder in force for the test, with a fresh lexicon."""
    data = tmp_path / "data"
    shutil.copytree(ROOT / "pipeline" / "data", data)
    monkeypatch.setenv("PIPELINE_DATA_DIR", str(data))
    return data


def test_one_lexicon_per_folder(data_copy):
    assert shared.lexicon() is shared.lexicon()
    assert shared.lexicon().folder == data_copy
    assert shared.lexicon(gazetteers.DATA_DIR) is not shared.lexicon()


def test_every_data_file_is_read_once_per_folder(data_copy, monkeypatch):
    reads: list[str] = []
    real = shared.read_tsv
    monkeypatch.setattr(shared, "read_tsv", lambda name, folder: reads.append(name) or real(name, folder))
    nlp = spacy.blank("it")
    nlp.add_pipe("sentencizer")
    for text in ("Il ministro Mario Rossi ha detto che sono 20 i feriti.", "Anna Verdi è arrivata a Roma."):
        doc_rows("d1", nlp(text))
    assert reads, "the rules read their lists through the shared lexicon"
    assert len(reads) == len(set(reads)), sorted(n for n in set(reads) if reads.count(n) > 1)


def test_one_closed_class_file_serves_all_three_extractors(data_copy):
    closed = data_copy / "closed_class.tsv"
    closed.write_text(closed.read_text(encoding="utf-8") + "fondazionex\torganization_word\t\n"
                      "restarono\tcopula\tpast plural\n", encoding="utf-8")
    assert "fondazionex" in load_lexicon().words["org_word"]          # attribution sources
    assert "restarono" in load_lexicon().words["cleft_copula"]        # cleft reports
    assert "restarono" not in load_lexicon().words["copula"]          # noun phrases end at present/imperfect only
    assert "restarono" in quantity_lexicon().cues["copula"]           # "Restarono 20 i feriti"
    # entities: a "person" holding an organisation word is an organisation
    doc = Doc(spacy.blank("it").vocab, words=["Ieri", "la", "Fondazionex", "Rossi", "ha", "votato"])
    mentions = [Mention(2, 4, "PER", "person", "person:fondazionex-rossi", "Fondazionex Rossi", "name", "model")]
    retype_non_persons(doc, mentions)
    assert (mentions[0].type, mentions[0].canonical_id) == ("organization", "organization:fondazionex-rossi")


def test_glued_hyphen_is_one_rule_for_lists_and_docs():
    doc = Doc(spacy.blank("it").vocab, words=["Ban", "Ki", "-", "moon", "e", "Rossi", "-", "Bianchi", "2", "-", "1"],
              spaces=[True, False, False, True, True, True, True, True, False, False, False])
    words, spaces = doc_tokens(doc)
    assert [i for i in range(len(doc)) if glued_hyphen(words, spaces, i)] == [2, 9]
    assert [i for i in range(len(doc)) if glued_hyphen([t.text for t in doc], [t.whitespace_ for t in doc], i)] == [2, 9]


def test_a_surname_that_names_an_institution_keeps_its_person():
    """"corte", "centro" make an attribution source an institution, never a person an organisation."""
    doc = Doc(spacy.blank("it").vocab, words=["Ieri", "Bruno", "Della", "Corte", "ha", "votato"])
    mentions = [Mention(1, 4, "PER", "person", "person:bruno-della-corte", "Bruno Della Corte", "name", "model")]
    retype_non_persons(doc, mentions)
    assert mentions[0].type == "person"
    assert "corte" in load_lexicon().words["org_word"]


def test_copula_forms_by_tense_and_number():
    lex = shared.lexicon()
    assert lex.copula("present", "imperfect") == {"è", "sono", "era", "erano"}
    assert lex.copula(number="plural") == {"sono", "erano", "furono", "saranno", "sarebbero", "siano", "fossero"}
    assert "sia" not in load_lexicon().words["copula"]  # "sia il sindaco sia il prefetto": no phrase end
