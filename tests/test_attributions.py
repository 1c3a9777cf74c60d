"""Attribution detection on hand-written Italian sentences, and the seed acceptance.

Entity rows are written by hand (`_entities`) so that these tests check the
attribution rules alone; the seed test also runs the real entities stage.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from pipeline.extractors.attributions import attribution_rows
from pipeline.extractors.attributions.lexicon import conjugate, load_lexicon
from pipeline.nlp.docstore import token_sentence_ids
from pipeline.storage.schemas import CUE_TYPES, RESOLUTIONS, SOURCE_TYPES, columns

SEED = Path("seeds/000_2c921019a84581c9.txt")


@pytest.fixture(scope="session")
def nlp():
    from pipeline.nlp.model import load_model
    return load_model("models/it_news_sm")


def P(name, cid=None):
    return (name, "person", cid or "person:" + name.lower().replace(" ", "-"), name, "name")


def O(name):  # noqa: E743 (P, O, G, C: person, outlet, organisation, country)
    return (name, "outlet", "outlet:" + name.lower().replace(" ", "-"), name, "name")


def G(name):
    return (name, "organization", "organization:" + name.lower().replace(" ", "-"), name, "name")


def C(surface, iso, form="name"):
    return (surface, "country", iso, iso, form)


def _entities(doc, specs):
    """Entity rows for every whole-word occurrence of each (surface, type, id, name, form)."""
    sids = token_sentence_ids(doc)
    rows = []
    for surface, typ, cid, cname, form in specs:
        for m in re.finditer(r"(?<!\w)" + re.escape(surface) + r"(?!\w)", doc.text):
            span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
            rows.append(dict(doc_id="t", sent_id=sids[span.start], start_char=m.start(), end_char=m.end(),
                             text=surface, label="X", type=typ, canonical_id=cid, canonical_name=cname,
                             form=form, method="rule"))
    return sorted(rows, key=lambda r: r["start_char"])


def run(nlp, text, specs=()):
    doc = nlp(text)
    rows = attribution_rows("t", doc, _entities(doc, specs))
    for r in rows:
        assert list(r) == columns("attributions")
        assert r["cue_type"] in CUE_TYPES and r["source_type"] in SOURCE_TYPES and r["resolution"] in RESOLUTIONS
        assert text[r["cue_start"]:r["cue_end"]] == r["cue"]
        if r["source_text"] is not None:
            assert text[r["source_start"]:r["source_end"]] == r["source_text"]
        if r["content_text"] is not None:
            assert text[r["content_start"]:r["content_end"]] == r["content_text"]
        assert (r["resolution"] == "none") == (r["source_canonical_id"] is None)
    return rows


def brief(rows):
    return [(r["cue"], r["cue_type"], r["source_text"], r["source_type"], r["source_canonical_name"],
             r["resolution"]) for r in rows]


CASES = [
    # according to
    ("Secondo Emmanuel Macron, l'accordo è vicino.", [P("Emmanuel Macron")],
     [("Secondo", "according_to", "Emmanuel Macron", "person", "Emmanuel Macron", "direct")]),
    ("Secondo quanto riportato dal Corriere della Sera, il governo prepara una nuova legge.",
     [O("Corriere della Sera")],
     [("Secondo quanto riportato dal", "according_to", "Corriere della Sera", "outlet", "Corriere della Sera", "direct")]),
    ("Stando a Le Monde, i negoziati sono falliti.", [O("Le Monde")],
     [("Stando a", "according_to", "Le Monde", "outlet", "Le Monde", "direct")]),
    ("A detta di Olaf Scholz, la Germania non invierà truppe.", [P("Olaf Scholz"), C("Germania", "DE")],
     [("A detta di", "according_to", "Olaf Scholz", "person", "Olaf Scholz", "direct")]),
    ("Per il Cremlino, le sanzioni sono illegali.", [G("Cremlino")],
     [("Per", "according_to", "Cremlino", "organization", "Cremlino", "direct")]),
    ("Secondo fonti diplomatiche, l'incontro è previsto per lunedì.", [],
     [("Secondo", "according_to", "fonti diplomatiche", "anonymous", None, "none")]),
    # negatives
    ("Nel secondo tempo la squadra ha segnato due gol.", [], []),
    ("La Francia è al secondo posto nella classifica.", [C("Francia", "FR")], []),
    ("Joe Biden ha iniziato il secondo mandato nel 2021.", [P("Joe Biden")], []),
    ("Giulia ha lavorato per la BBC per dieci anni.", [O("BBC")], []),
    ("Secondo le regole, la gara è annullata.", [], []),
    ("Il piano \"Rearm Europe\" è stato approvato ieri.", [], []),
    # The spec counts a noun phrase that stands for the content ("nega qualsiasi coinvolgimento").
    ("Il Cremlino ha negato le accuse.", [G("Cremlino")],
     [("ha negato", "verb", "Cremlino", "organization", "Cremlino", "direct")]),
    ("La conferma è arrivata in serata.", [], []),
    # reported by
    ("L'attacco è avvenuto all'alba, come riportato da Al Jazeera.", [O("Al Jazeera")],
     [("come riportato da", "reported_by", "Al Jazeera", "outlet", "Al Jazeera", "direct")]),
    ("La CNN, citando fonti militari, parla di cento vittime.", [O("CNN")],
     [("citando", "reported_by", "fonti militari", "anonymous", None, "none")]),
    ("Il governo è in crisi, riporta il Financial Times.", [O("Financial Times")],
     [("riporta", "reported_by", "Financial Times", "outlet", "Financial Times", "direct")]),
    ("La trattativa è ferma, scrive il Corriere della Sera.", [O("Corriere della Sera")],
     [("scrive", "reported_by", "Corriere della Sera", "outlet", "Corriere della Sera", "direct")]),
    ("Si legge su Politico che il piano è pronto.", [O("Politico")],
     [("Si legge su", "reported_by", "Politico", "outlet", "Politico", "direct")]),
    ("Fonti della Casa Bianca riferiscono che il vertice è rinviato.", [G("Casa Bianca")],
     [("riferiscono", "reported_by", "Fonti della Casa Bianca", "anonymous", None, "none")]),
    # reporting verbs: tenses, adverbs, clitics, postposed subjects, gerunds, omitted subjects
    ("Giorgia Meloni aveva già dichiarato la sua contrarietà al piano.", [P("Giorgia Meloni")],
     [("aveva già dichiarato", "verb", "Giorgia Meloni", "person", "Giorgia Meloni", "direct")]),
    ("Ursula von der Leyen ha più volte sottolineato che l'unità è essenziale.", [P("Ursula von der Leyen")],
     [("ha più volte sottolineato", "verb", "Ursula von der Leyen", "person", "Ursula von der Leyen", "direct")]),
    ("Olaf Scholz dice che la Germania è pronta.", [P("Olaf Scholz"), C("Germania", "DE")],
     [("dice", "verb", "Olaf Scholz", "person", "Olaf Scholz", "direct")]),
    # a gerund's source is its clause subject (spec: "the clause subject, not the nearest name")
    ("Mario Draghi ha parlato a lungo, sostenendo che l'Europa deve cambiare.", [P("Mario Draghi")],
     [("sostenendo", "verb", "Mario Draghi", "person", "Mario Draghi", "direct")]),
    ("Lo ha confermato il portavoce del Cremlino Dmitry Peskov.", [G("Cremlino"), P("Dmitry Peskov")],
     [("ha confermato", "verb", "Dmitry Peskov", "person", "Dmitry Peskov", "direct")]),
    ("Il ministro Guido Crosetto ha detto che l'Italia è pronta. Ha poi aggiunto che servono più fondi.",
     [P("Guido Crosetto"), C("Italia", "IT")],
     [("ha detto", "verb", "Guido Crosetto", "person", "Guido Crosetto", "direct"),
      ("Ha poi aggiunto", "verb", None, "person", "Guido Crosetto", "context")]),
    ("Una fonte vicina al governo ha riferito che l'accordo è pronto.", [],
     [("ha riferito", "reported_by", "Una fonte vicina al governo", "anonymous", None, "none")]),
    # anaphora
    ("Il New York Times ha pubblicato un'inchiesta. Secondo il quotidiano, i documenti erano falsi.",
     [O("New York Times")],
     [("Secondo", "according_to", "il quotidiano", "outlet", "New York Times", "anaphora")]),
    ("Il presidente francese Emmanuel Macron è arrivato a Roma. Il presidente ha detto che l'Europa deve restare unita.",
     [P("Emmanuel Macron"), C("francese", "FR", "demonym")],
     [("ha detto", "verb", "Il presidente", "person", "Emmanuel Macron", "anaphora")]),
    ("Il cancelliere tedesco Olaf Scholz ha incontrato Joe Biden a Washington. "
     "Il presidente degli Stati Uniti ha spiegato che gli aiuti continueranno.",
     [P("Olaf Scholz"), C("tedesco", "DE", "demonym"), P("Joe Biden"), C("Washington", "US", "metonym"),
      C("Stati Uniti", "US")],
     [("ha spiegato", "verb", "Il presidente degli Stati Uniti", "person", "Joe Biden", "anaphora")]),
    ("Il premier ha detto che il voto è vicino.", [],
     [("ha detto", "verb", "Il premier", "person", None, "none")]),
]


@pytest.mark.parametrize("text,specs,expected", CASES, ids=[c[0][:40] for c in CASES])
def test_patterns(nlp, text, specs, expected):
    assert brief(run(nlp, text, specs)) == expected


def test_direct_quote_with_postposed_speaker(nlp):
    rows = run(nlp, "«Non ci arrenderemo mai», ha detto Volodymyr Zelensky.", [P("Volodymyr Zelensky")])
    assert brief(rows) == [("ha detto", "verb", "Volodymyr Zelensky", "person", "Volodymyr Zelensky", "direct")]
    assert rows[0]["is_direct_quote"] is True and rows[0]["content_text"] == "Non ci arrenderemo mai"


def test_quote_after_colon(nlp):
    rows = run(nlp, "Zelensky: “La pace deve essere giusta”.", [P("Zelensky")])
    assert brief(rows) == [(":", "quote", "Zelensky", "person", "Zelensky", "direct")]
    assert rows[0]["is_direct_quote"] is True and rows[0]["content_text"] == "La pace deve essere giusta"


def test_verb_then_straight_quote(nlp):
    rows = run(nlp, "Pedro Sánchez ha dichiarato: \"Siamo pronti a trattare\".", [P("Pedro Sánchez")])
    assert [(r["cue"], r["verb_lemma"], r["source_canonical_name"], r["content_text"], r["is_direct_quote"])
            for r in rows] == [("ha dichiarato", "dichiarare", "Pedro Sánchez", "Siamo pronti a trattare", True)]


def test_content_spans(nlp):
    rows = run(nlp, "Secondo la BBC, il vertice è stato rinviato.", [O("BBC")])
    assert rows[0]["content_text"] == "il vertice è stato rinviato" and rows[0]["is_direct_quote"] is False
    rows = run(nlp, "Il vertice è stato rinviato, come riportato da Reuters.", [O("Reuters")])
    assert rows[0]["content_text"] == "Il vertice è stato rinviato"


def test_lexicon_conjugation():
    assert conjugate("dichiarare", "are")[:2] == ["dichiara", "dichiarano"]
    assert "spiegherà" in conjugate("spiegare", "are") and "denuncerà" in conjugate("denunciare", "are")
    assert "riferisce" in conjugate("riferire", "isc")
    lex = load_lexicon()
    assert ("ha", ) not in lex.participles and ("detto",) in lex.participles
    assert lex.finite[("aggiungendo",)].kind == "gerund"
    assert lex.cues[("come", "riportato", "da")] == "reported_by"


SEED_EXPECTED = [  # (sentence, cue, cue_type, source canonical name, resolution)
    (0, "ha riferito", "reported_by", "The Telegraph", "direct"),
    (1, "Secondo", "according_to", "The Telegraph", "anaphora"),
    (2, "basate su", "according_to", None, "none"),
    (4, "ha più volte sottolineato", "verb", "Keir Starmer", "direct"),
    (5, "Secondo", "according_to", "BBC", "direct"),
    (6, "ha affermato", "verb", "Keir Starmer", "direct"),
    (7, "Secondo", "according_to", "The Telegraph", "direct"),
    (8, "aveva già dichiarato", "verb", "Donald Trump", "anaphora"),
    (9, "come riportato da", "reported_by", "The Guardian", "direct"),
    (11, "Secondo", "according_to", "Reuters", "direct"),
]


def test_seed_acceptance(nlp):
    from pipeline.extractors.entities import entity_rows

    text = SEED.read_text(encoding="utf-8")
    doc = nlp(text)
    rows = attribution_rows("seed", doc, entity_rows("seed", doc))
    sentences = [s.text for s in doc.sents if s.text.strip()]
    got = [(sentences[r["sent_id"]][:30], r["cue"], r["cue_type"], r["source_canonical_name"], r["resolution"])
           for r in rows]
    expected = [(sentences[s][:30], cue, ct, name, res) for s, cue, ct, name, res in SEED_EXPECTED]
    assert got == expected
    anon = rows[2]
    assert anon["source_text"] == "fonti anonime" and anon["source_type"] == "anonymous"
    assert rows[7]["source_text"] == "Il presidente degli Stati Uniti"
    assert rows[5]["source_text"] == "Starmer"


def test_stage_and_html(nlp, tmp_path):
    from conftest import BUNDLED

    from pipeline import api
    from pipeline.storage.tables import read_table

    inp = tmp_path / "in"
    inp.mkdir()
    (inp / "a.txt").write_text("Secondo la BBC, il vertice <è> rinviato. «Basta», ha detto Keir Starmer.",
                               encoding="utf-8")
    out = tmp_path / "out"
    api.ingest(inp, out)
    api.sentences(out, BUNDLED)
    assert api.attributions(out).rows == 2  # computes the entities it needs
    frame = read_table(out, "attributions")
    assert list(frame.columns) == columns("attributions")
    assert list(frame["cue"]) == ["Secondo", "ha detto"]
