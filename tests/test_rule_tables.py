"""Rules whose order is the logic, as named tables: each rule answers for itself, and the
name of the one that decided is visible (quantity refusals, the attribution source rules,
the entity steps). Sentences written for these tests."""
from __future__ import annotations

import pytest

from pipeline.extractors.attributions.resolve import SOURCE_RULES
from pipeline.extractors.entities.extract import MENTION_STEPS, mentions_of
from pipeline.extractors.quantities.extract import REFUSALS, extract, refusals
from tests.test_attributions import P, nlp, run  # noqa: F401  (nlp is a fixture)

REFUSED = [
    ("La riunione comincia alle 8 in municipio.", [("8", "clock")]),
    ("La partita è finita 3-1 per gli ospiti.", [("3-1", "score_or_years")]),
    ("Il Milan ha vinto 2 a 0 contro la Roma.", [("2", "score_a")]),
    ("Lo stadio fu costruito nel 1962 dal comune.", [("1962", "year")]),
    ("Il treno è arrivato alle 23 ora locale.", [("23", "local_hour")]),
    ("Il 20 si terrà l'assemblea dei soci.", [("20", "day_of_month")]),
    ("La malattia colpisce 1 ogni 10 mila nascite.", [("1", "rate_base")]),
]


@pytest.mark.parametrize("text,expected", REFUSED, ids=[e[0][1] for _, e in REFUSED])
def test_each_refusal_rule_names_itself(text, expected):
    assert refusals(text) == expected


def test_refusal_rules_are_all_exercised_and_ordered():
    assert [name for name, _ in REFUSALS] == ["score_or_years", "score_a", "score_a_right", "year", "clock",
                                             "local_hour", "day_of_month", "rate_base"]
    assert {name for _, found in REFUSED for _, name in found} == {n for n, _ in REFUSALS} - {"score_a_right"}


def test_a_figure_is_not_refused():
    text = "Sono 20 i feriti e 3 i morti."
    assert refusals(text) == []
    assert [(q.value, q.unit) for q in extract(text)] == [(20.0, "feriti"), (3.0, "morti")]


SOURCES = [
    ("Mario Rossi ha detto che il piano è pronto.", [P("Mario Rossi")], [("ha detto", "named_entity")]),
    ("Mario Rossi è arrivato a Roma. Ha poi aggiunto che il piano è pronto.", [P("Mario Rossi")],
     [("Ha poi aggiunto", "previous_speaker")]),
    ("È stato annunciato che il ponte riaprirà.", [], [("È stato annunciato", "agentless")]),
    ("Secondo fonti anonime, il ministro si dimetterà.", [], [("Secondo", "unresolved")]),
]


@pytest.mark.parametrize("text,specs,expected", SOURCES, ids=[e[0][1] for _, _, e in SOURCES])
def test_the_source_rule_is_in_the_row(nlp, text, specs, expected):  # noqa: F811
    assert [(r["cue"], r["source_rule"]) for r in run(nlp, text, specs)] == expected


def test_source_rule_names_are_unique():
    names = [name for name, _ in SOURCE_RULES]
    assert len(names) == len(set(names)) and names[-1] == "unresolved"


def test_entity_steps_can_be_stopped_after_any_step(nlp):  # noqa: F811
    doc = nlp("Il quotidiano Corriere Adriatico ha intervistato Anna di Pietro.")
    names = [n for n, _ in MENTION_STEPS]
    assert names.index("name_parts") < names.index("non_persons") < names.index("link_persons")
    with pytest.raises(ValueError, match="no mention step 'nessuno'"):
        mentions_of("d", doc, until="nessuno")
    before = [(doc[m.start:m.end].text, m.type) for m in mentions_of("d", doc, until="outlet_cues")]
    assert ("Corriere Adriatico", "outlet") in before
