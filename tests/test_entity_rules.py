"""The entities stage's person, country and outlet rules (issue 11), on hand-built
Docs whose model spans are set by hand."""
import pytest
from conftest import doc_with_ents

from pipeline.extractors.entities import entity_rows


def _rows(doc):
    return [(r["text"], r["type"], r["canonical_name"] if r["type"] != "country" else r["canonical_id"], r["form"])
            for r in entity_rows("t", doc)]


def test_person_span_never_crosses_a_line_break(blank_nlp):
    # Regression: a PER span running over the headline's line break.
    doc = doc_with_ents(blank_nlp, "Intervista a Mario Rossi\nIl cantante parla del disco.",
                        [("Mario Rossi\nIl", "PER")])
    assert _rows(doc) == [("Mario Rossi", "person", "Mario Rossi", "name")]
    assert "\n" not in entity_rows("t", doc)[0]["text"]


def test_leading_non_names_and_titles_are_trimmed(blank_nlp):
    doc = doc_with_ents(blank_nlp, "Effettivamente Luca Bianchi ha vinto. Il ministro Anna Verdi era presente.",
                        [("Effettivamente Luca Bianchi", "PER"), ("ministro Anna Verdi", "PER")])
    assert _rows(doc) == [("Luca Bianchi", "person", "Luca Bianchi", "name"),
                          ("Anna Verdi", "person", "Anna Verdi", "name")]


def test_a_lone_title_is_no_person(blank_nlp):
    doc = doc_with_ents(blank_nlp, "Il Cavaliere non ha commentato.", [("Cavaliere", "PER")])
    assert _rows(doc) == []


def test_large_place_tagged_as_person_is_a_location(blank_nlp):
    doc = doc_with_ents(blank_nlp, "Il corteo è partito da Seregno verso Sofia.", [("Seregno", "PER"), ("Sofia", "PER")])
    assert [(t, ty) for t, ty, *_ in _rows(doc)] == [("Seregno", "location"), ("Sofia", "location")]


def test_place_name_that_is_part_of_a_person_name_stays_a_person(blank_nlp):
    doc = doc_with_ents(blank_nlp, "Ha parlato Sofia Goggia. Poi Sofia ha sorriso.",
                        [("Sofia Goggia", "PER"), ("Sofia", "PER")])
    assert _rows(doc) == [("Sofia Goggia", "person", "Sofia Goggia", "name"),
                          ("Sofia", "person", "Sofia Goggia", "partial")]


def test_document_level_consistency_retypes_and_adds_recurrences(blank_nlp):
    # The model tags the surname as an organisation once and misses it once.
    doc = doc_with_ents(blank_nlp, "Giuseppe Biesuz guida l'azienda. Biesuz ha detto no. Ieri Biesuz era a Milano.",
                        [("Giuseppe Biesuz", "PER"), ("Biesuz", "ORG")])
    rows = entity_rows("t", doc)
    assert [(r["text"], r["type"], r["canonical_name"], r["form"], r["method"]) for r in rows] == [
        ("Giuseppe Biesuz", "person", "Giuseppe Biesuz", "name", "model"),
        ("Biesuz", "person", "Giuseppe Biesuz", "partial", "rule"),
        ("Biesuz", "person", "Giuseppe Biesuz", "partial", "rule"),
    ]


def test_gazetteer_country_is_not_overridden_by_a_person_name(blank_nlp):
    doc = doc_with_ents(blank_nlp, "Lo ha detto Paolo Francia. La Francia ha risposto.", [("Paolo Francia", "PER")])
    assert _rows(doc) == [("Paolo Francia", "person", "Paolo Francia", "name"), ("Francia", "country", "FR", "name")]


def test_alias_stated_in_the_text_links_to_one_canonical_name(blank_nlp):
    doc = doc_with_ents(blank_nlp, "Totò, al secolo Antonio de Curtis, nacque a Napoli. Totò recitò in molti film.",
                        [("Totò", "PER"), ("Antonio de Curtis", "PER"), ("Totò", "PER")])
    assert [(t, name, form) for t, _ty, name, form in _rows(doc) if _ty == "person"] == [
        ("Totò", "Antonio de Curtis", "alias"), ("Antonio de Curtis", "Antonio de Curtis", "name"),
        ("Totò", "Antonio de Curtis", "alias")]


def test_language_names_are_not_demonyms(blank_nlp):
    doc = doc_with_ents(blank_nlp, "Un'intervista in polacco e la versione ucraina del sito; il governo polacco tace.",
                        [])
    # "il governo polacco" is also an organisation (the noun and its demonym), with the country nested.
    assert _rows(doc) == [("governo polacco", "organization", "Governo polacco", "name"),
                          ("polacco", "country", "PL", "demonym")]


def test_country_words_in_company_names_are_not_countries(blank_nlp):
    doc = doc_with_ents(blank_nlp, "Air France e le Ferrovie Svizzere; il Parlamento del Canada.",
                        [("Air France", "ORG"), ("Ferrovie Svizzere", "ORG"), ("Parlamento del Canada", "ORG")])
    assert [(t, ty) for t, ty, *_ in _rows(doc)] == [
        ("Air France", "organization"), ("Ferrovie Svizzere", "organization"),
        ("Parlamento del Canada", "organization"), ("Canada", "country")]


def test_outlet_name_shapes(blank_nlp):
    doc = doc_with_ents(blank_nlp, "Lo scrive il Valtellina News, ripreso da Radio Kiss Kiss.", [("Valtellina News", "LOC")])
    assert _rows(doc) == [("Valtellina News", "outlet", "Valtellina News", "name"),
                          ("Radio Kiss Kiss", "outlet", "Radio Kiss Kiss", "name")]


def test_unique_first_name_is_that_person_too(blank_nlp):
    doc = doc_with_ents(blank_nlp, "April Jones è scomparsa. Paul Jones cerca April da ieri.",
                        [("April Jones", "PER"), ("Paul Jones", "PER")])
    assert [(t, name) for t, _ty, name, _f in _rows(doc)] == [
        ("April Jones", "April Jones"), ("Paul Jones", "Paul Jones"), ("April", "April Jones")]


def test_sentence_initial_common_word_is_no_person(blank_nlp):
    doc = doc_with_ents(blank_nlp, "Risulta che Luca Neri sia partito.", [("Risulta", "PER"), ("Luca Neri", "PER")],
                        pos={"Risulta": "VERB", "Luca": "PROPN", "Neri": "PROPN"})
    assert [t for t, *_ in _rows(doc)] == ["Luca Neri"]


def test_company_and_site_names_typed_as_persons(blank_nlp):
    doc = doc_with_ents(blank_nlp, "Cogent Communications ha staccato la rete. Il direttore del sito di Cattenom tace.",
                        [("Cogent Communications", "PER"), ("Cattenom", "PER")])
    assert [(t, ty) for t, ty, *_ in _rows(doc)] == [("Cogent Communications", "organization"),
                                                      ("Cattenom", "location")]


@pytest.mark.parametrize("text,ents,first", [
    ("La Cogent Networks ha risposto. Cogent non commenta.", [("Cogent Networks", "ORG"), ("Cogent", "PER")],
     "Cogent Networks"),
    # the company name itself read as a person first
    ("Cogent Communications ha risposto. Cogent non commenta.",
     [("Cogent Communications", "PER"), ("Cogent", "PER")], "Cogent Communications"),
])
def test_short_form_of_an_organisation_is_no_person(blank_nlp, text, ents, first):
    doc = doc_with_ents(blank_nlp, text, ents)
    assert [(t, ty) for t, ty, *_ in _rows(doc)] == [(first, "organization"), ("Cogent", "organization")]


def test_generic_press_nouns_and_platforms_are_not_outlets(blank_nlp):
    doc = doc_with_ents(blank_nlp, "Lo scrive la stampa; il giornale francese ne parla su Facebook e Wikipedia.",
                        [("Facebook", "ORG"), ("Wikipedia", "ORG")])
    # "francese" is a country mention (a demonym), "il giornale" no outlet
    assert [(t, ty) for t, ty, *_ in _rows(doc)] == [("francese", "country"), ("Facebook", "organization"),
                                                      ("Wikipedia", "organization")]


def test_outlet_acronym_resolves_to_the_full_name(blank_nlp):
    doc = doc_with_ents(blank_nlp, "Lo riferisce l'AFP.", [])
    assert _rows(doc) == [("AFP", "outlet", "Agence France-Presse", "alias")]


def test_uk_constituent_countries_and_territories_are_not_countries(blank_nlp):
    doc = doc_with_ents(blank_nlp, "Un tifoso inglese in Scozia e uno in Groenlandia.", [])
    assert _rows(doc) == []


def test_hyphenated_names_are_whole(blank_nlp):
    doc = doc_with_ents(blank_nlp, "Kim Jong-un ha parlato.", [("Kim Jong", "PER")])
    assert [t for t, *_ in _rows(doc)] == ["Kim Jong-un"]


def test_outlet_span_leaves_out_the_article(blank_nlp):
    doc = doc_with_ents(blank_nlp, "Lo scrive Il Fatto Quotidiano.", [])
    assert _rows(doc) == [("Fatto Quotidiano", "outlet", "Il Fatto Quotidiano", "name")]


def test_capitalised_cue_word_alone_is_no_outlet(blank_nlp):
    doc = doc_with_ents(blank_nlp, "Radio e televisioni hanno seguito l'evento.", [])
    assert _rows(doc) == []
