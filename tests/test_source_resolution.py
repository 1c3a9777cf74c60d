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
    # a pronoun with no agreeing person stays unresolved rather than guessed
    ("Paolo Bianchi ha incontrato i sindacati. Lei ha detto che l'accordo è vicino.",
     [P("Paolo Bianchi")],
     [("ha detto", "verb", "Lei", "person", None, "none")]),
]


@pytest.mark.parametrize("text,specs,expected", CASES, ids=[c[0][:40] for c in CASES])
def test_resolution(nlp, text, specs, expected):  # noqa: F811
    assert brief(run(nlp, text, specs)) == expected
