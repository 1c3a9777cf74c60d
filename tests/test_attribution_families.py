"""The cue families of the attribution spec added for issue 10, on Italian sentences
written for these tests: exact cue, cue type, source, resolved source and content."""
from __future__ import annotations

import pytest
from test_attributions import G, O, P, run


def full(rows):
    return [(r["cue"], r["cue_type"], r["source_text"], r["source_canonical_name"], r["resolution"],
             r["content_text"]) for r in rows]


CASES = [
    # directive
    ("Il sindacato ha chiesto al governo di ritirare il decreto.", [],
     [("ha chiesto", "verb", "Il sindacato", None, "none", "al governo di ritirare il decreto")]),
    # evaluative with a noun-phrase content
    ("L'opposizione ha criticato la riforma della scuola.", [],
     [("ha criticato", "verb", "L'opposizione", None, "none", "la riforma della scuola")]),
    # claim of responsibility
    ("Il gruppo Alfa ha rivendicato l'attacco.", [G("Alfa")],
     [("ha rivendicato", "verb", "Alfa", "Alfa", "direct", "l'attacco")]),
    # denial with a noun-phrase content
    ("Marco Neri nega qualsiasi coinvolgimento.", [P("Marco Neri")],
     [("nega", "verb", "Marco Neri", "Marco Neri", "direct", "qualsiasi coinvolgimento")]),
    # "di" + infinitive
    ("Il testimone Paolo Gialli ha raccontato di non aver visto nulla.", [P("Paolo Gialli")],
     [("ha raccontato", "verb", "Paolo Gialli", "Paolo Gialli", "direct", "non aver visto nulla")]),
    # agentless passive: counted, with no source
    ("È stato annunciato che la scuola riaprirà lunedì.", [],
     [("È stato annunciato", "verb", None, None, "none", "la scuola riaprirà lunedì")]),
    # "secondo" + any noun phrase that can hold a view
    ("Secondo i tecnici del comune, la frana è stata causata dalla pioggia.", [],
     [("Secondo", "according_to", "tecnici del comune", None, "none", "la frana è stata causata dalla pioggia")]),
    ("Stando alle prime perizie, il ponte era già lesionato.", [],
     [("Stando alle", "according_to", "prime perizie", None, "none", "il ponte era già lesionato")]),
    # evidential predicate with a document subject
    ("Uno studio dell'Università di Pisa mostra che i giovani leggono poco.", [],
     [("mostra", "verb", "Uno studio", None, "none", "i giovani leggono poco")]),
    # a name in apposition beats the title
    ("Il presidente della regione, Anna Verdi, ha detto che la scuola riaprirà.", [P("Anna Verdi")],
     [("ha detto", "verb", "Anna Verdi", "Anna Verdi", "direct", "la scuola riaprirà")]),
    # sourcing statement
    ("La notizia proviene dall'agenzia Reuters.", [O("Reuters")],
     [("La notizia proviene dall'", "other", "Reuters", "Reuters", "direct", None)]),
    # unspecified people opened by an indefinite are anonymous
    ("Alcuni contadini della zona hanno confermato di averlo visto.", [],
     [("hanno confermato", "verb", "Alcuni contadini della zona", None, "none", "averlo visto")]),
    # agentless passive with adverbs between auxiliary and participle
    ("La notizia è stata però successivamente smentita.", [],
     [("è stata però successivamente smentita", "verb", None, None, "none", "La notizia")]),  # passive subject = content
    # any noun phrase is the speaker of a verb of saying
    ("Alla frontiera i doganieri dicono che l'ambulanza non può entrare.", [],
     [("dicono", "verb", "i doganieri", None, "none", "l'ambulanza non può entrare")]),
    # reflexive verb of complaint
    ("Il sindaco Anna Neri si lamenta che i fondi non arrivano.", [P("Anna Neri")],
     [("si lamenta", "verb", "Anna Neri", "Anna Neri", "direct", "i fondi non arrivano")]),
    # a modal + reporting infinitive
    ("Il ministro Paolo Neri ha voluto precisare che i fondi ci sono.", [P("Paolo Neri")],
     [("ha voluto precisare", "verb", "Paolo Neri", "Paolo Neri", "direct", "i fondi ci sono")]),
    # nominal cue
    ("Sono arrivate le dichiarazioni del sindaco Luisa Blu sulla frana.", [P("Luisa Blu")],
     [("dichiarazioni del", "other", "Luisa Blu", "Luisa Blu", "direct", "sulla frana")]),
    # nominal cue with "da parte di"
    ("Non sono mancate critiche da parte della Lega Calcio.", [G("Lega Calcio")],
     [("critiche da parte della", "other", "Lega Calcio", "Lega Calcio", "direct", None)]),
]

NEGATIVES = [
    "Il candidato è stato sostenuto dal partito.",  # supported, not said
    "Il sindaco è stato accusato di corruzione.",  # a charge
    "Secondo il regolamento, la gara è annullata.",  # conformity
    "Ha chiesto la richiesta di asilo ieri.",  # "richiesta di asilo": no source
    "Il presidente ritiene la proposta interessante.",  # cognition
]


@pytest.mark.parametrize("text,specs,expected", CASES, ids=[c[0][:40] for c in CASES])
def test_families(nlp, text, specs, expected):
    assert full(run(nlp, text, specs)) == expected


@pytest.mark.parametrize("text", NEGATIVES, ids=[t[:40] for t in NEGATIVES])
def test_negatives(nlp, text):
    assert [r["cue"] for r in run(nlp, text) if r["cue_type"] != "verb" or r["verb_lemma"] != "chiedere"] == []


def test_clefts(nlp):
    assert full(run(nlp, "A confermarlo è stato il portavoce Gianni Rosa.", [P("Gianni Rosa")])) == [
        ("A confermarlo", "verb", "Gianni Rosa", "Gianni Rosa", "direct", None)]
    assert full(run(nlp, "È stato il sindaco Ada Viola a rivelare che il ponte chiuderà.", [P("Ada Viola")])) == [
        ("a rivelare", "verb", "Ada Viola", "Ada Viola", "direct", "il ponte chiuderà")]


def test_headline_speaker_colon(nlp):
    rows = run(nlp, "Bianchi sulla scuola: nessun taglio\nIl ministro ha parlato ieri a Roma.",
               [P("Bianchi")])
    assert full(rows) == [(":", "quote", "Bianchi", "Bianchi", "direct", "nessun taglio")]


def test_description_resolves_to_the_previous_speaker(nlp):
    rows = run(nlp, "Vito Bongiorno ha spiegato che l'opera è pronta. Secondo l'artista, l'arte può cambiare le città.",
               [P("Vito Bongiorno")])
    assert full(rows)[1] == ("Secondo", "according_to", "l'artista", "Vito Bongiorno", "anaphora",
                             "l'arte può cambiare le città")


def test_description_is_not_the_last_name_mentioned(nlp):
    rows = run(nlp, "Il giudice ha incontrato Mario Rossi. Il giudice ha detto che la pena è giusta.", [P("Mario Rossi")])
    assert [(r["cue"], r["source_text"], r["source_canonical_name"]) for r in rows] == [
        ("ha detto", "Il giudice", None)]


def test_ordinal_secondo_and_bare_passives_are_no_attributions(nlp):
    for text in ("Secondo giorno di sciopero a Roma.", "È arrivato secondo alle elezioni.",
                 "Il ponte è stato dichiarato inagibile.", "Mario Rossi è stato confermato allenatore."):
        assert run(nlp, text) == [], text


def test_secondo_cui_after_any_opinion_holder(nlp):
    rows = run(nlp, "Si era diffusa una voce secondo cui il sindaco si sarebbe dimesso.")
    assert [(r["cue"], r["source_text"], r["content_text"]) for r in rows] == [
        ("secondo cui", "voce", "il sindaco si sarebbe dimesso")]


def test_indefinite_subject_is_anonymous(nlp):
    rows = run(nlp, "Alcuni contadini della zona hanno confermato di averlo visto.")
    assert [r["source_type"] for r in rows] == ["anonymous"]


def test_description_after_an_unresolved_speaker(nlp):
    # regression: the previous source is a person with no name ("Il sindaco")
    rows = run(nlp, "Il sindaco ha detto che il ponte riapre. Il tecnico ha aggiunto che i lavori sono finiti.")
    assert [(r["cue"], r["source_text"], r["source_canonical_name"]) for r in rows] == [
        ("ha detto", "Il sindaco", None), ("ha aggiunto", "Il tecnico", None)]


def test_postposed_subject_that_is_no_source_on_a_hand_parsed_doc():
    # regression (found by the bench): a parsed subject after an evidential verb that
    # names no recognised source must drop the cue, not crash
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

    from pipeline.extractors.attributions import attribution_rows

    doc = Doc(Vocab(), words=["Ieri", "mostrano", "nuvole", "nere", "che", "piove", "."],
              heads=[1, 1, 1, 2, 5, 1, 1], deps=["advmod", "ROOT", "nsubj", "amod", "mark", "ccomp", "punct"],
              pos=["ADV", "VERB", "NOUN", "ADJ", "SCONJ", "VERB", "PUNCT"])
    assert attribution_rows("t", doc, []) == []


def test_headline_colon_before_a_line_break_keeps_no_blank_content(nlp):
    rows = run(nlp, "Mario Rossi:\n«Nessun taglio»", [P("Mario Rossi")])
    assert all((r["content_text"] or "").strip() == (r["content_text"] or "") for r in rows)
    assert all(r["content_text"] != "" for r in rows)


def test_cleft_content_leaves_out_the_copula(nlp):
    rows = run(nlp, "È stato il sindaco Ada Viola a rivelarlo.", [P("Ada Viola")])
    assert [(r["cue"], r["source_canonical_name"], r["content_text"]) for r in rows] == [
        ("a rivelarlo", "Ada Viola", None)]
