"""Source resolution on its own: pronouns, descriptions, roles and omitted subjects resolved to the
right person of the document by agreement, role, salience and the speaker chain (sentences written
for these tests; entity rows given by hand, as in test_attributions)."""
from __future__ import annotations

import pytest

from tests.test_attributions import P, G, brief, nlp, run  # noqa: F401  (nlp is a fixture)

CASES = [
    # a pronoun takes the antecedent that agrees in gender
    ("Maria Rossi ha incontrato Paolo Bianchi ieri a Milano. Lei ha detto che l'accordo è vicino.",
     [P("Maria Rossi"), P("Paolo Bianchi")],
     [("ha detto", "verb", "Lei", "person", "Maria Rossi", "context")]),
    ("Maria Rossi ha incontrato Paolo Bianchi ieri a Milano. Lui ha detto che l'accordo è vicino.",
     [P("Maria Rossi"), P("Paolo Bianchi")],
     [("ha detto", "verb", "Lui", "person", "Paolo Bianchi", "context")]),
    # "secondo lui": the subject of the previous clause, not the last name mentioned
    ("Il ministro Carlo Neri ha parlato a lungo con Paolo Conti. Secondo lui, la riforma passerà.",
     [P("Carlo Neri"), P("Paolo Conti")],
     [("Secondo", "according_to", "lui", "person", "Carlo Neri", "context")]),
    # a description of the person the article is about, with agreement
    ("La cantante Giulia Ferri è indagata per evasione. Il suo manager Paolo Conti ha incontrato i giudici. "
     "L'interessata nega ogni addebito.",
     [P("Giulia Ferri"), P("Paolo Conti")],
     [("nega", "verb", "L'interessata", "person", "Giulia Ferri", "context")]),
    # a role resolves to the person the document gave that role, not the last name
    ("Mario Rossi, segretario del partito, è arrivato a Roma. Ieri Luca Verdi ha incontrato i sindacati. "
     "Il segretario del partito ha detto che il governo cadrà.",
     [P("Mario Rossi"), P("Luca Verdi")],
     [("ha detto", "verb", "Il segretario", "person", "Mario Rossi", "anaphora")]),
    # a subject-less report continues the previous speaker
    ("Il sindaco Luca Bianchi ha detto che la strada riaprirà. Ha poi aggiunto che i lavori costeranno poco.",
     [P("Luca Bianchi")],
     [("ha detto", "verb", "Luca Bianchi", "person", "Luca Bianchi", "direct"),
      ("Ha poi aggiunto", "verb", None, "person", "Luca Bianchi", "context")]),
    # the relative clause after an apposition belongs to the person, not the association
    ("Anna Verdi, presidente dell'associazione Terra Libera, che ha sottolineato che il fiume è inquinato.",
     [P("Anna Verdi"), G("Terra Libera")],
     [("ha sottolineato", "verb", "Anna Verdi", "person", "Anna Verdi", "direct")]),
    # a quote before the verb: the speaker after the verb, the quote as content
    ("«Non lasceremo la città», ha dichiarato Luca Bianchi.", [P("Luca Bianchi")],
     [("ha dichiarato", "verb", "Luca Bianchi", "person", "Luca Bianchi", "direct")]),
    # an omitted subject continues the newest clause subject (pro-drop) ...
    ("Luca Bianchi ha detto che il ponte riaprirà. Carlo Neri è arrivato in aula. Poi ha detto "
     "che i fondi mancano.", [P("Luca Bianchi"), P("Carlo Neri")],
     [("ha detto", "verb", "Luca Bianchi", "person", "Luca Bianchi", "direct"),
      ("ha detto", "verb", None, "person", "Carlo Neri", "context")]),
    # ... but a verb that continues a statement goes on with the previous speaker
    ("Luca Bianchi ha detto che il ponte riaprirà. Carlo Neri è arrivato in aula. Ha aggiunto che i fondi "
     "ci sono.", [P("Luca Bianchi"), P("Carlo Neri")],
     [("ha detto", "verb", "Luca Bianchi", "person", "Luca Bianchi", "direct"),
      ("Ha aggiunto", "verb", None, "person", "Luca Bianchi", "context")]),
    # a pronoun with no agreeing person stays unresolved rather than guessed
    ("Paolo Bianchi ha incontrato i sindacati. Lei ha detto che l'accordo è vicino.",
     [P("Paolo Bianchi")],
     [("ha detto", "verb", "Lei", "person", None, "none")]),
]


@pytest.mark.parametrize("text,specs,expected", CASES, ids=[c[0][:40] for c in CASES])
def test_resolution(nlp, text, specs, expected):  # noqa: F811
    assert brief(run(nlp, text, specs)) == expected


RULE_CASES = [
    # a noun of saying that "arrives" from its source
    ("Il parere più duro è però arrivato dal commissario tecnico Marcello Lippi.", [P("Marcello Lippi")],
     [("parere", "other", "Marcello Lippi", "person", "Marcello Lippi", "direct")]),
    ("Il treno è arrivato da Milano con due ore di ritardo.", [], []),
    # speaker + colon: an indefinite noun phrase, and the subject of the clause the colon closes
    ("Un escursionista: «Ho sentito uno schianto».", [],
     [(":", "quote", "Un escursionista", "anonymous", None, "none")]),
    ("Il responsabile dell'equipe Ian Findlay va comunque sul cauto: «Non abbiamo ancora il colpevole».",
     [P("Ian Findlay")], [(":", "quote", "Ian Findlay", "person", "Ian Findlay", "direct")]),
    # "secondo" + a bare plural noun or a nominalised adjective; never the ordinal
    ("I vestiti secondo indiscrezioni rivelerebbero tracce di sostanze.", [],
     [("secondo", "according_to", "indiscrezioni", "anonymous", None, "none")]),
    ("La riforma avrà il pregio, secondo i favorevoli, di portare stabilità.", [],
     [("secondo", "according_to", "favorevoli", "unknown", None, "none")]),
    ("Il secondo tempo è finito senza reti.", [], []),
]


@pytest.mark.parametrize("text,specs,expected", RULE_CASES, ids=[c[0][:40] for c in RULE_CASES])
def test_cue_rules(nlp, text, specs, expected):  # noqa: F811
    assert brief(run(nlp, text, specs)) == expected


DESCRIPTION_CASES = [
    # a definite description links to the organisation whose name holds its noun
    ("Il premio è stato assegnato dall'Accademia Reale Svedese delle Scienze. In una nota, l'accademia "
     "svedese ha spiegato che la scelta è unanime.", [G("Accademia Reale Svedese delle Scienze")],
     [("ha spiegato", "verb", "l'accademia svedese", "organization", "Accademia Reale Svedese delle Scienze",
       "anaphora")]),
    # ... or to the person the document named beside that noun
    ("Valerio Savio, il magistrato del caso, era in aula. Secondo il magistrato, il pericolo di fuga resta.",
     [P("Valerio Savio")],
     [("Secondo", "according_to", "il magistrato", "person", "Valerio Savio", "anaphora")]),
    # a plain noun of person takes the last agreeing person
    ("A parlare è Ingrid Seward, giornalista e scrittrice. La donna afferma che il principe è stanco.",
     [P("Ingrid Seward")],
     [("A parlare", "verb", "Ingrid Seward", "person", "Ingrid Seward", "direct"),
      ("afferma", "verb", "La donna", "person", "Ingrid Seward", "anaphora")]),
    # a description the document never tied to anyone stays unresolved
    ("Il treno è partito. Il macchinista ha detto che il ritardo è dovuto al guasto.", [],
     [("ha detto", "verb", "Il macchinista", "unknown", None, "none")]),
    # a name in apposition to a title subject, after or before it (a name beats a title)
    ("Il Presidente della Provincia di Enna, il ds Cataldo Salerno, ha attaccato il governo.",
     [P("Cataldo Salerno")],
     [("ha attaccato", "verb", "Cataldo Salerno", "person", "Cataldo Salerno", "direct")]),
    ("Danilo Manconi, il vicecomandante della Capitaneria del Porto ha spiegato che il bagnino era assente.",
     [P("Danilo Manconi")],
     [("ha spiegato", "verb", "Danilo Manconi", "person", "Danilo Manconi", "direct")]),
    ("Il ministro, parlando con Luca Neri, ha detto che il piano resta.", [P("Luca Neri")],
     [("ha detto", "verb", "Il ministro", "person", None, "none")]),
]


@pytest.mark.parametrize("text,specs,expected", DESCRIPTION_CASES, ids=[c[0][:40] for c in DESCRIPTION_CASES])
def test_descriptions_and_appositions(nlp, text, specs, expected):  # noqa: F811
    assert brief(run(nlp, text, specs)) == expected
