"""Attribution rules added after the blind evaluation, one group per error category.

Hand-written Italian sentences; entity rows are written by hand as in
`test_attributions` (including rows the small model really produces, such as
an organisation "Foreste Parimal Suklabaidya" or a person cut to "Ban Ki").
"""
from __future__ import annotations

import pytest
from test_attributions import G, O, P, brief, run

from pipeline.extractors.attributions.lexicon import load_lexicon


def R(surface, cid, name, typ="person"):
    """An entity row whose canonical name differs from its surface ("Medvedev")."""
    return (surface, typ, cid, name, "name")


CASES = [
    # 1. reporting verbs missing before, in several tenses
    ("Il sindaco ha informato i cittadini che l'acqua è contaminata.", [],
     [("ha informato", "verb", "Il sindaco", "person", None, "none")]),
    ("Il ministro ha confermato la notizia.", [],
     [("ha confermato", "verb", "Il ministro", "person", None, "none")]),
    ("Mario Rossi si è detto soddisfatto del risultato.", [P("Mario Rossi")],
     [("si è detto", "verb", "Mario Rossi", "person", "Mario Rossi", "direct")]),
    # unspecified people are anonymous (spec: "fonti", "testimoni", "esperti")
    ("Gli esperti sostengono che il clima sta cambiando.", [],
     [("sostengono", "verb", "Gli esperti", "anonymous", None, "none")]),
    ("I medici hanno dichiarato che il paziente è stabile.", [],
     [("hanno dichiarato", "verb", "I medici", "person", None, "none")]),
    ("Il presidente l'aveva definita una vergogna.", [],
     [("aveva definita", "verb", "Il presidente", "person", None, "none")]),
    ("Il ministro ha parlato di una situazione grave.", [],
     [("ha parlato", "verb", "Il ministro", "person", None, "none")]),
    ("Il generale ammise che l'attacco era fallito.", [],
     [("ammise", "verb", "Il generale", "person", None, "none")]),
    ("Il sindaco spiegava che i lavori erano finiti.", [],
     [("spiegava", "verb", "Il sindaco", "person", None, "none")]),
    ("Il portavoce ha smentito la notizia.", [],
     [("ha smentito", "verb", "Il portavoce", "person", None, "none")]),
    # 1. negatives: "parlare" without "di", a future in an "if" clause, a future announcement
    ("Il ministro ha parlato a lungo con i giornalisti.", [], []),
    ("Se il governo annuncerà nuove tasse, i cittadini protesteranno.", [], []),
    ("Domani il premier annuncerà le nuove misure.", [], []),
    ("Mario Rossi ha riportato gravi ferite nell'incidente.", [P("Mario Rossi")], []),
    ("L'accusa che pende su di loro è grave.", [], []),
    ("Arrestato nel 1977 con l'accusa di insurrezione, è fuggito in Francia.", [], []),
    ("Si conclude così un Festival difficile.", [], []),
    ("Per otto anni a fianco del sindaco Giuseppe Scopelliti, ha lavorato in Comune.", [P("Giuseppe Scopelliti")], []),
    # 2. passive with the agent after da/dal/dalla/dallo
    ("Il video è stato diffuso da Al Jazeera.", [O("Al Jazeera")],
     [("è stato diffuso da", "reported_by", "Al Jazeera", "outlet", "Al Jazeera", "direct")]),
    ("La notizia è stata confermata dal governo.", [],
     [("è stata confermata dal", "reported_by", "governo", "organization", None, "none")]),
    # the spec lists the passive of "sostenere" as its non-speech sense (supported)
    ("L'ipotesi è sostenuta da un recente studio.", [], []),
    ("Il piano è stato annunciato dalla NATO.", [G("NATO")],
     [("è stato annunciato dalla", "reported_by", "NATO", "organization", "NATO", "direct")]),
    ("Mario Rossi ha lasciato il partito. La notizia è stata confermata dallo stesso interessato.",
     [P("Mario Rossi")],
     [("è stata confermata dallo", "reported_by", "stesso interessato", "person", "Mario Rossi", "context")]),
    ("Il contratto è stato confermato da tempo.", [], []),
    # 3. according to with generic and anonymous sources
    ("Secondo le testimonianze, l'uomo era armato.", [],
     [("Secondo", "according_to", "le testimonianze", "document", None, "none")]),
    ("Secondo il pm, l'uomo era armato.", [],
     [("Secondo", "according_to", "il pm", "person", None, "none")]),
    ("Stando alle accuse, l'uomo era armato.", [],
     [("Stando alle", "according_to", "accuse", "document", None, "none")]),
    ("Stando alle prime fonti di polizia, l'uomo era armato.", [],
     [("Stando alle", "according_to", "prime fonti di polizia", "anonymous", None, "none")]),
    ("Da quanto si è appreso da alcune agenzie di stampa, l'uomo era armato.", [],
     [("Da quanto si è appreso da", "according_to", "alcune agenzie di stampa", "outlet", None, "none")]),
    ("Secondo i dati forniti dall'Istat, la disoccupazione è scesa.", [G("Istat")],
     [("Secondo", "according_to", "Istat", "organization", "Istat", "direct")]),
    ("Fonti della polizia parlano di tre morti.", [],
     [("parlano", "verb", "Fonti della polizia", "anonymous", None, "none")]),
    ("Una fonte del governo ha spiegato che il piano è pronto.", [],
     [("ha spiegato", "verb", "Una fonte del governo", "anonymous", None, "none")]),
    ("Un responsabile dell'ospedale ha detto che i feriti sono dieci.", [],
     [("ha detto", "verb", "Un responsabile dell'ospedale", "anonymous", None, "none")]),
    # 5. names the entities stage missed or mistyped
    ("Il ministro delle Foreste Parimal Suklabaidya ha dichiarato che gli incendi sono spenti.",
     [G("Foreste Parimal Suklabaidya")],
     [("ha dichiarato", "verb", "Parimal Suklabaidya", "person", "Parimal Suklabaidya", "direct")]),
    ("Lo avrebbe affermato Mussa Ibrahim ai giornalisti.", [],
     [("avrebbe affermato", "verb", "Mussa Ibrahim", "person", "Mussa Ibrahim", "direct")]),
    ("Adobe Systems ha annunciato un nuovo prodotto.", [],
     [("ha annunciato", "verb", "Adobe Systems", "organization", "Adobe Systems", "direct")]),
    ("«Il mondo non è sicuro», ha detto Medvedev.", [R("Medvedev", "person:dmitry-medvedev", "Dmitry Medvedev")],
     [("ha detto", "verb", "Medvedev", "person", "Dmitry Medvedev", "direct")]),
    # 6. omitted subjects after a quote and gerunds
    ("Mario Rossi è arrivato a Roma. «Sono felice» ha dichiarato.", [P("Mario Rossi")],
     [("ha dichiarato", "verb", None, "person", "Mario Rossi", "context")]),
    ("Il governo ha risposto assicurando che i fondi arriveranno.", [],
     [("ha risposto", "verb", "Il governo", "organization", None, "none"),
      ("assicurando", "verb", "Il governo", "organization", None, "none")]),
    # 7. the subject right before the verb wins; hyphenated names whole
    ("Barack Obama ha incontrato i medici. Sanjay Gupta, consulente del presidente Barack Obama, "
     "ha affermato che il vaccino funziona.", [P("Barack Obama"), P("Sanjay Gupta")],
     [("ha affermato", "verb", "Sanjay Gupta", "person", "Sanjay Gupta", "direct")]),
    ("Ban Ki-moon ha dichiarato che la pace è vicina.", [P("Ban Ki")],
     [("ha dichiarato", "verb", "Ban Ki-moon", "person", "Ban Ki-moon", "direct")]),
    # 8. long organisation names
    ("Secondo l'Ufficio delle Nazioni Unite per gli Affari Umanitari, i profughi sono mille.",
     [G("Ufficio delle Nazioni Unite")],
     [("Secondo", "according_to", "Ufficio delle Nazioni Unite per gli Affari Umanitari", "organization",
       "Ufficio delle Nazioni Unite per gli Affari Umanitari", "direct")]),
    ("Secondo il direttore del museo, Serge Lemoine, il quadro è danneggiato.", [],
     [("Secondo", "according_to", "Serge Lemoine", "person", "Serge Lemoine", "direct")]),
]


@pytest.mark.parametrize("text,specs,expected", CASES, ids=[c[0][:40] for c in CASES])
def test_more_patterns(nlp, text, specs, expected):
    assert brief(run(nlp, text, specs)) == expected


def test_quote_interrupted_by_cue_with_speaker(nlp):
    rows = run(nlp, "«Certo che torno - ha dichiarato Mario Rossi - ma non subito».", [P("Mario Rossi")])
    assert brief(rows) == [("ha dichiarato", "verb", "Mario Rossi", "person", "Mario Rossi", "direct")]
    assert rows[0]["is_direct_quote"] is True
    assert rows[0]["content_text"] == "Certo che torno - ha dichiarato Mario Rossi - ma non subito"


def test_quote_interrupted_by_cue_without_speaker(nlp):
    rows = run(nlp, "Mario Rossi è tornato a casa. «Tornerò - prosegue - con la mia famiglia».", [P("Mario Rossi")])
    assert brief(rows) == [("prosegue", "verb", None, "person", "Mario Rossi", "context")]
    rows = run(nlp, "Mario Rossi è tornato. «Sono stanco, ha detto, ma resto qui».", [P("Mario Rossi")])
    assert brief(rows) == [("ha detto", "verb", None, "person", "Mario Rossi", "context")]


def test_context_prefers_the_last_speaker(nlp):
    rows = run(nlp, "Mario Rossi ha detto che Luca Bianchi è un traditore. «Non lo accetto» ha aggiunto.",
               [P("Mario Rossi"), P("Luca Bianchi")])
    assert [r["source_canonical_name"] for r in rows] == ["Mario Rossi", "Mario Rossi"]


def test_surname_of_an_earlier_made_up_name(nlp):
    rows = run(nlp, "Secondo il direttore del museo, Serge Lemoine, il quadro è danneggiato. "
                    "Secondo Lemoine, il restauro durerà un anno.")
    assert [(r["source_text"], r["source_canonical_id"]) for r in rows] == [
        ("Serge Lemoine", "person:serge-lemoine"), ("Lemoine", "person:serge-lemoine")]


def test_lexicon_agreement_and_tense():
    lex = load_lexicon()
    assert lex.participles[("confermata",)].lemma == "confermare"
    assert lex.participles[("detto",)].lemma == "dire"
    assert lex.finite[("annuncerà",)].tense == "future"
    assert lex.finite[("direbbe",)].tense == "conditional"
    assert lex.finite[("sostengono",)].lemma == "sostenere"
    assert lex.finite[("assicurando",)].kind == "gerund"
    assert lex.cues[("da", "quanto", "si", "è", "appreso", "da")] == "according_to"
