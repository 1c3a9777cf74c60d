"""Entities logic on hand-built Docs: the model's spans are set by hand, so
these tests check the gazetteer, the reconciliation rules and person linking,
not the statistical model."""
from conftest import doc_with_ents

from pipeline.extractors.entities import entity_rows
from pipeline.extractors.entities.persons import canonical_person_names
from pipeline.gazetteers import load_gazetteer


def _summary(doc):
    return [(r["text"], r["type"], r["canonical_id"], r["form"], r["method"]) for r in entity_rows("t", doc)]


def test_country_names_aliases_and_all_demonym_inflections(blank_nlp):
    doc = doc_with_ents(blank_nlp, "Gli USA e la Gran Bretagna: truppe britanniche, navi britanniche, "
                        "un diplomatico francese e una delegazione ucraina.", [])
    assert _summary(doc) == [
        ("USA", "country", "US", "alias", "gazetteer"),
        ("Gran Bretagna", "country", "GB", "alias", "gazetteer"),
        ("britanniche", "country", "GB", "demonym", "gazetteer"),
        ("britanniche", "country", "GB", "demonym", "gazetteer"),
        ("francese", "country", "FR", "demonym", "gazetteer"),
        ("ucraina", "country", "UA", "demonym", "gazetteer"),
    ]


def test_demonym_coverage_and_exclusions():
    gaz = load_gazetteer()
    assert len(gaz.demonyms) >= 100
    assert all(len(set(forms)) >= 1 for forms in gaz.demonyms.values())
    assert {"britannico", "britannica", "britannici", "britanniche"} <= set(gaz.demonyms["GB"])
    assert {"americano", "americana", "americani", "americane", "statunitense", "statunitensi"} <= set(gaz.demonyms["US"])
    all_forms = {f for forms in gaz.demonyms.values() for f in forms}
    assert not {"europeo", "europei", "europea", "africano", "asiatico"} & all_forms
    assert len(gaz.outlets) >= 150


def test_capital_as_government_is_its_country_as_place_a_location(blank_nlp):
    doc = doc_with_ents(blank_nlp, "Mosca ha respinto la proposta discussa a Bruxelles, "
                        "mentre Washington non abbia ancora risposto.",
                        [("Mosca", "LOC"), ("Bruxelles", "LOC"), ("Washington", "LOC")])
    assert _summary(doc) == [
        ("Mosca", "country", "RU", "metonym", "model"),
        ("Bruxelles", "location", "location:bruxelles", "name", "model"),
        ("Washington", "country", "US", "metonym", "model"),
    ]


def test_continents_regions_and_unions_are_not_countries(blank_nlp):
    doc = doc_with_ents(blank_nlp, "L'Europa, la Lombardia, l'Unione europea e la NATO; un esercito europeo.",
                        [("Europa", "LOC"), ("Lombardia", "LOC"), ("Unione europea", "ORG"), ("NATO", "ORG")])
    assert [(t, ty) for t, ty, *_ in _summary(doc)] == [
        ("Europa", "location"), ("Lombardia", "location"), ("Unione europea", "organization"),
        ("NATO", "organization")]


def test_outlets_from_gazetteer_and_from_cues(blank_nlp):
    doc = doc_with_ents(blank_nlp, "Lo riporta il Telegraph; il quotidiano spagnolo El Correo Gallego e "
                        "la BBC lo confermano.", [("Telegraph", "LOC"), ("Correo Gallego", "PER")])
    assert _summary(doc) == [
        ("Telegraph", "outlet", "outlet:the-telegraph", "alias", "model"),
        ("spagnolo", "country", "ES", "demonym", "gazetteer"),
        ("El Correo Gallego", "outlet", "outlet:el-correo-gallego", "name", "rule"),
        ("BBC", "outlet", "outlet:bbc", "name", "gazetteer"),
    ]


def test_reconciliation_longer_model_names_win_and_lists_are_split(blank_nlp):
    doc = doc_with_ents(blank_nlp, "La Banca d'Italia cita Francia e Germania.",
                        [("Banca d'Italia", "ORG"), ("Francia e Germania", "LOC")])
    assert _summary(doc) == [
        ("Banca d'Italia", "organization", "organization:banca-d-italia", "name", "model"),
        # a descriptive institution name: the country inside is a mention too
        ("Italia", "country", "IT", "name", "gazetteer"),
        ("Francia", "country", "FR", "name", "gazetteer"),
        ("Germania", "country", "DE", "name", "gazetteer"),
    ]


def test_gazetteer_span_wins_a_partial_overlap(blank_nlp):
    doc = doc_with_ents(blank_nlp, "Secondo The New York Times ieri.", [("New York Times ieri", "ORG")])
    assert _summary(doc) == [("The New York Times", "outlet", "outlet:new-york-times", "name", "gazetteer")]


def test_people_link_to_the_fullest_name_in_the_document(blank_nlp):
    doc = doc_with_ents(blank_nlp, "Ieri Giorgia Meloni ha incontrato Ursula von der Leyen. "
                        "Meloni ha detto che von der Leyen e Macron sono d'accordo.",
                        [("Giorgia Meloni", "PER"), ("Ursula von der Leyen", "PER"), ("Meloni", "PER"),
                         ("von der Leyen", "PER"), ("Macron", "PER")])
    rows = entity_rows("t", doc)
    assert [(r["text"], r["canonical_name"], r["form"], r["sent_id"]) for r in rows] == [
        ("Giorgia Meloni", "Giorgia Meloni", "name", 0),
        ("Ursula von der Leyen", "Ursula von der Leyen", "name", 0),
        ("Meloni", "Giorgia Meloni", "partial", 1),
        ("von der Leyen", "Ursula von der Leyen", "partial", 1),
        ("Macron", "Macron", "name", 1),
    ]
    assert rows[2]["canonical_id"] == "person:giorgia-meloni"


def test_person_linking_picks_the_nearest_fuller_name():
    names = canonical_person_names([(0, "Mario Rossi"), (5, "Rossi"), (9, "Anna Rossi"), (14, "Rossi")])
    assert names == [("Mario Rossi", "name"), ("Mario Rossi", "partial"), ("Anna Rossi", "name"),
                     ("Anna Rossi", "partial")]


def test_offsets_are_character_offsets_into_the_text(blank_nlp):
    text = "Oggi la Cina e l'India firmano."
    doc = doc_with_ents(blank_nlp, text, [])
    assert all(text[r["start_char"]:r["end_char"]] == r["text"] for r in entity_rows("t", doc))


def test_surname_the_model_missed_links_to_the_full_name(blank_nlp):
    doc = doc_with_ents(blank_nlp, "Il premier Keir Starmer parla. Tuttavia, ha affermato Starmer, serve tempo.",
                        [("Keir Starmer", "PER")])
    assert _summary(doc) == [
        ("Keir Starmer", "person", "person:keir-starmer", "name", "model"),
        ("Starmer", "person", "person:keir-starmer", "partial", "rule"),
    ]
