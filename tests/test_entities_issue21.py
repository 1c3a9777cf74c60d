"""Issue 21: people, outlets and countries decided by context (sentences written for these tests)."""
from __future__ import annotations

from conftest import doc_with_ents

from pipeline.extractors.entities import entity_rows


def _rows(doc, kinds=("person", "organization", "outlet", "country")):
    return [(r["text"], r["type"], r["canonical_name"], r["form"]) for r in entity_rows("d", doc) if r["type"] in kinds]


def test_a_spaced_hyphen_joins_the_parts_of_a_first_name(blank_nlp):
    doc = doc_with_ents(blank_nlp, "Il ministro Jean - Pierre Leroy ha parlato. Leroy ha poi lasciato la sala.",
                        [("Jean", "PER"), ("Pierre Leroy", "PER"), ("Leroy", "PER")])
    assert _rows(doc) == [("Jean - Pierre Leroy", "person", "Jean - Pierre Leroy", "name"),
                          ("Leroy", "person", "Jean - Pierre Leroy", "partial")]


def test_a_hyphen_between_two_names_is_not_a_name(blank_nlp):
    doc = doc_with_ents(blank_nlp, "La sfida Rossi - Bianchi finisce pari.", [("Rossi", "PER"), ("Bianchi", "PER")])
    assert [t for t, *_ in _rows(doc)] == ["Rossi", "Bianchi"]


def test_a_name_particle_joins_first_name_and_surname(blank_nlp):
    doc = doc_with_ents(blank_nlp, "Ha parlato ieri Carlo di Stefano. Poi Stosur la Schiavone in finale.",
                        [("Carlo", "PER"), ("Stefano", "PER"), ("Stosur", "PER"), ("Schiavone", "PER")])
    assert _rows(doc) == [("Carlo di Stefano", "person", "Carlo di Stefano", "name"),
                          ("Stosur", "person", "Stosur", "name"), ("Schiavone", "person", "Schiavone", "name")]


def test_a_particle_never_joins_a_title_to_a_full_name(blank_nlp):
    doc = doc_with_ents(blank_nlp, "Ho visto il film Amour di Michael Haneke.", [("Amour", "PER"), ("Michael Haneke", "PER")])
    assert [t for t, *_ in _rows(doc)] == ["Amour", "Michael Haneke"]


def test_organisation_lists_decide_one_word_persons(blank_nlp):
    # "Fiat" and "Chelsea" are in the organisation lists: a lone person tag does not make them people.
    doc = doc_with_ents(blank_nlp, "La Fiat ha chiuso. Il Chelsea ha vinto, e Chelsea festeggia.",
                        [("Fiat", "PER"), ("Chelsea", "ORG"), ("Chelsea", "PER")])
    assert [(t, ty) for t, ty, *_ in _rows(doc)] == [("Fiat", "organization"), ("Chelsea", "organization"),
                                                      ("Chelsea", "organization")]


def test_a_first_name_that_names_an_organisation_does_not_spread(blank_nlp):
    doc = doc_with_ents(blank_nlp, "Parla Chelsea Clinton. Il Chelsea ha vinto ieri.",
                        [("Chelsea Clinton", "PER"), ("Chelsea", "ORG")])
    assert [(t, ty) for t, ty, *_ in _rows(doc)] == [("Chelsea Clinton", "person"), ("Chelsea", "organization")]


def test_one_weak_person_tag_is_not_copied_to_later_mentions(blank_nlp):
    # The model calls "Orione" a person once and an organisation twice: the person tag does not spread.
    doc = doc_with_ents(blank_nlp, "Orione ha firmato. La Orione cresce; Orione assume e Orione investe.",
                        [("Orione", "PER"), ("Orione", "ORG"), ("Orione", "ORG")])
    assert [(t, ty) for t, ty, *_ in _rows(doc)] == [("Orione", "person"), ("Orione", "organization"),
                                                      ("Orione", "organization")]


def test_a_surname_in_a_line_up_links_to_the_full_name(blank_nlp):
    doc = doc_with_ents(blank_nlp, "Convocati Marco Ferretti e Luca Gambino. La formazione: Ferretti, Gambino, Neri.",
                        [("Marco Ferretti", "PER"), ("Luca Gambino", "PER")])
    assert _rows(doc, ("person",))[2:] == [("Ferretti", "person", "Marco Ferretti", "partial"),
                                           ("Gambino", "person", "Luca Gambino", "partial")]


def test_sentence_initial_or_lower_case_generic_is_no_outlet(blank_nlp):
    doc = doc_with_ents(blank_nlp, "La stampa aveva annunciato la notizia. Il giornale americano tace. "
                                   "Secondo La Stampa il voto slitta.", [])
    assert _rows(doc) == [("americano", "country", "Stati Uniti", "demonym"),
                          ("Stampa", "outlet", "La Stampa", "name")]


def test_a_title_complement_is_no_outlet(blank_nlp):
    doc = doc_with_ents(blank_nlp, "Il Presidente della Repubblica ha firmato. Secondo Repubblica il voto slitta.",
                        [("Repubblica", "ORG"), ("Repubblica", "ORG")])
    assert _rows(doc) == [("Repubblica", "outlet", "la Repubblica", "alias")]


def test_platforms_are_never_outlets_even_after_a_cue(blank_nlp):
    doc = doc_with_ents(blank_nlp, "Lo ha pubblicato il quotidiano Facebook; lo riprende il quotidiano Gazzetta Nuova.", [])
    assert _rows(doc) == [("Gazzetta Nuova", "outlet", "Gazzetta Nuova", "name")]


def test_an_acronym_two_outlets_share_is_decided_by_the_countries_of_the_document(blank_nlp):
    spanish = doc_with_ents(blank_nlp, "Lo scrive ABC: la Spagna e gli spagnoli votano.", [])
    american = doc_with_ents(blank_nlp, "Lo dice ABC: gli Stati Uniti e gli americani votano.", [])
    german = doc_with_ents(blank_nlp, "Secondo RTL i tedeschi votano.", [])
    italian = doc_with_ents(blank_nlp, "Secondo RTL gli italiani votano.", [])
    ids = [[r["canonical_id"] for r in entity_rows("d", d) if r["type"] == "outlet"]
           for d in (spanish, american, german, italian)]
    assert ids == [["outlet:abc-es"], ["outlet:abc-us"], ["outlet:rtl-de"], ["outlet:rtl-102-5"]]


def test_club_and_company_names_hide_their_country_words(blank_nlp):
    doc = doc_with_ents(blank_nlp, "Il Bayern Monaco ha battuto il Real Madrid; Air France sciopera. Monaco protesta.",
                        [("Air France", "ORG")])
    assert _rows(doc) == [("Bayern Monaco", "organization", "Bayern Monaco", "name"),
                          ("Real Madrid", "organization", "Real Madrid", "name"),
                          ("Air France", "organization", "Air France", "name"),
                          ("Monaco", "country", "Monaco", "name")]


def test_a_sentence_initial_verb_is_cut_from_a_person_span(blank_nlp):
    doc = doc_with_ents(blank_nlp, "Giocano Gianluigi Buffon e Fabio Grosso.",
                        [("Giocano Gianluigi Buffon", "PER"), ("Fabio Grosso", "PER")],
                        pos={"Giocano": "VERB", "Gianluigi": "PROPN", "Alfredo": "VERB"})
    doc[0].lemma_ = "giocare"  # an inflected verb; a name mis-tagged as a verb keeps its own lemma
    assert [t for t, *_ in _rows(doc)] == ["Gianluigi Buffon", "Fabio Grosso"]
    name = doc_with_ents(blank_nlp, "Alfredo Rossi parla.", [("Alfredo Rossi", "PER")], pos={"Alfredo": "VERB"})
    name[0].lemma_ = "alfredo"
    assert [t for t, *_ in _rows(name)] == ["Alfredo Rossi"]


def test_a_quoted_name_after_an_institution_names_the_institution(blank_nlp):
    doc = doc_with_ents(blank_nlp, 'Gli studenti dell\'Istituto Tecnico " Filippo Pacini " e " Mario Rossi " dal palco.',
                        [("Filippo Pacini", "PER"), ("Mario Rossi", "PER")])
    assert _rows(doc) == [("Mario Rossi", "person", "Mario Rossi", "name")]


def test_a_common_noun_before_di_is_no_title_for_an_outlet(blank_nlp):
    doc = doc_with_ents(blank_nlp, "Il commento di Libero e il direttore della Repubblica.", [])
    assert _rows(doc) == [("Libero", "outlet", "Libero", "name")]


def test_news_name_shapes_make_outlets(blank_nlp):
    doc = doc_with_ents(blank_nlp, "Lo scrive il Sun Sentinel, poi Vatican Insider.",
                        [("Sun Sentinel", "ORG"), ("Vatican Insider", "ORG")])
    assert _rows(doc) == [("Sun Sentinel", "outlet", "Sun Sentinel", "name"),
                          ("Vatican Insider", "outlet", "Vatican Insider", "name")]


def test_competition_and_party_names_hide_their_country_words(blank_nlp):
    doc = doc_with_ents(blank_nlp, "La finale di Coppa Italia, il Giro d'Italia e Fratelli d'Italia. L'Italia vince.",
                        [("Italia", "LOC"), ("Italia", "LOC")])
    assert [(t, ty) for t, ty, *_ in _rows(doc, ("country", "organization", "other"))] == [
        ("Coppa Italia", "other"), ("Giro d'Italia", "other"), ("Fratelli d'Italia", "organization"),
        ("Italia", "country")]


def test_a_country_name_that_an_organisation_list_also_holds_stays_a_country(blank_nlp):
    # "Santa Sede" is in KIND's organisation list too: only a longer name hides a country word.
    doc = doc_with_ents(blank_nlp, "La Santa Sede ha risposto.", [])
    assert _rows(doc) == [("Santa Sede", "country", "Città del Vaticano", "alias")]
