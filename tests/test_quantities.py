"""Quantities: hand-written Italian sentences for every family and exclusion, and the seed article."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.evaluate.quantities import format_quantity_scores, score
from pipeline.quantities.lexicon import lexicon
from pipeline.quantities.numbers import parse_digits, plural_lemma
from pipeline.schemas import columns
from pipeline.stages.quantities import quantity_rows

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_2c921019a84581c9.txt"
N = None


@pytest.fixture(scope="session")
def model():
    from pipeline.model import load_model

    return load_model("models/it_news_sm")


def found(nlp, text: str) -> list[tuple]:
    return [(r["text"], r["value"], r["value_max"], r["approx"], r["unit"], r["unit_lemma"], r["kind"])
            for r in quantity_rows("d", nlp(text))]


CASES = {
    # digits in Italian notation
    "Al corteo hanno partecipato 1.500 persone.": [("1.500 persone", 1500.0, N, N, "persone", "persona", "count")],
    "Il dato è salito a 4,6 nel trimestre.": [("4,6", 4.6, N, N, N, N, "other")],
    "Il fondo vale 10.000.000 di euro.": [("10.000.000 di euro", 1e7, N, N, "euro", "euro", "money")],
    "La disoccupazione è scesa al 3,5% a febbraio.": [("3,5%", 3.5, N, N, "%", "percento", "percent")],
    # multipliers
    "L'azienda ha perso 4,6 milioni di euro.": [("4,6 milioni di euro", 4.6e6, N, N, "euro", "euro", "money")],
    "Sono stati stanziati 2 miliardi di dollari e 300 mila euro.": [
        ("2 miliardi di dollari", 2e9, N, N, "dollari", "dollaro", "money"),
        ("300 mila euro", 3e5, N, N, "euro", "euro", "money")],
    "Nel villaggio vivono 10mila abitanti.": [("10mila abitanti", 1e4, N, N, "abitanti", "abitante", "count")],
    # number words
    "Trenta studenti hanno firmato.": [("Trenta studenti", 30.0, N, N, "studenti", "studente", "count")],
    "Venticinque deputati hanno votato contro.": [("Venticinque deputati", 25.0, N, N, "deputati", "deputato", "count")],
    "Il biglietto costa duemila euro.": [("duemila euro", 2000.0, N, N, "euro", "euro", "money")],
    "L'attentato ha fatto tre vittime.": [("tre vittime", 3.0, N, N, "vittime", "vittima", "count")],
    "I due paesi hanno firmato un accordo.": [("due paesi", 2.0, N, N, "paesi", "paese", "count")],
    # approximate numerals: approx "circa" unless a qualifier is written
    "Una ventina di soldati è rimasta ferita.": [("Una ventina di soldati", 20.0, N, "circa", "soldati", "soldato", "count")],
    "Ne sono arrivati una trentina al porto.": [("una trentina", 30.0, N, "circa", N, N, "other")],
    "Un centinaio di famiglie è stato evacuato.": [("Un centinaio di famiglie", 100.0, N, "circa", "famiglie", "famiglia", "count")],
    "Un migliaio di tifosi ha invaso il campo.": [("Un migliaio di tifosi", 1000.0, N, "circa", "tifosi", "tifoso", "count")],
    "Decine di case sono crollate.": [("Decine di case", 10.0, N, "circa", "case", "casa", "count")],
    "Centinaia di migranti sono sbarcati.": [("Centinaia di migranti", 100.0, N, "circa", "migranti", "migrante", "count")],
    "Migliaia di manifestanti hanno sfilato.": [("Migliaia di manifestanti", 1000.0, N, "circa", "manifestanti", "manifestante", "count")],
    "Decine di migliaia di persone sono fuggite.": [("Decine di migliaia di persone", 1e4, N, "circa", "persone", "persona", "count")],
    "Sono arrivati oltre un centinaio di agenti.": [("oltre un centinaio di agenti", 100.0, N, "oltre", "agenti", "agente", "count")],
    # qualifiers
    "Hanno aderito circa 40 aziende.": [("circa 40 aziende", 40.0, N, "circa", "aziende", "azienda", "count")],
    "Sono morte oltre 200 persone.": [("oltre 200 persone", 200.0, N, "oltre", "persone", "persona", "count")],
    "Il piano costa più di 3 miliardi di euro.": [("più di 3 miliardi di euro", 3e9, N, "più di", "euro", "euro", "money")],
    "Hanno risposto meno di 100 cittadini.": [("meno di 100 cittadini", 100.0, N, "meno di", "cittadini", "cittadino", "count")],
    "Sono stati fermati almeno 12 sospetti.": [("almeno 12 sospetti", 12.0, N, "almeno", "sospetti", "sospetto", "count")],
    "Il bilancio è di quasi 50 feriti.": [("quasi 50 feriti", 50.0, N, "quasi", "feriti", "ferito", "count")],
    "La multa arriva fino a 5.000 euro.": [("fino a 5.000 euro", 5000.0, N, "fino a", "euro", "euro", "money")],
    "Ha incassato poco più di 1.000 euro.": [("poco più di 1.000 euro", 1000.0, N, "poco più di", "euro", "euro", "money")],
    "Il pacco pesa poco meno di 20 chili.": [("poco meno di 20 chili", 20.0, N, "poco meno di", "chili", "chilogrammo", "measure")],
    "Il prezzo si aggira intorno a 300 euro.": [("intorno a 300 euro", 300.0, N, "intorno a", "euro", "euro", "money")],
    "Il consumo è attorno a 40 litri al giorno.": [("attorno a 40 litri", 40.0, N, "attorno a", "litri", "litro", "measure")],
    "Il petrolio è salito più del 10% in una settimana.": [("più del 10%", 10.0, N, "più di", "%", "percento", "percent")],
    # ranges
    "Il contratto prevede tra 20 e 30 assunzioni.": [("tra 20 e 30 assunzioni", 20.0, 30.0, N, "assunzioni", "assunzione", "count")],
    "I lavori dureranno da 20 a 30 giorni.": [("da 20 a 30 giorni", 20.0, 30.0, N, "giorni", "giorno", "duration")],
    "Servono 20-30 volontari per l'evento.": [("20-30 volontari", 20.0, 30.0, N, "volontari", "volontario", "count")],
    # percentages, money, durations, ages, measures
    "L'inflazione è al 2 per cento, il tasso al 4 percento.": [
        ("2 per cento", 2.0, N, N, "per cento", "percento", "percent"),
        ("4 percento", 4.0, N, N, "percento", "percento", "percent")],
    "Lo spread è salito di 15 punti percentuali.": [("15 punti percentuali", 15.0, N, N, "punti percentuali", "punto percentuale", "percent")],
    "Costa 40 euro, 500 € o 300 dollari, €50 e $100.": [
        ("40 euro", 40.0, N, N, "euro", "euro", "money"), ("500 €", 500.0, N, N, "€", "euro", "money"),
        ("300 dollari", 300.0, N, N, "dollari", "dollaro", "money"), ("€50", 50.0, N, N, "€", "euro", "money"),
        ("$100", 100.0, N, N, "$", "dollaro", "money")],
    "Il premio è di 2 milioni di sterline.": [("2 milioni di sterline", 2e6, N, N, "sterline", "sterlina", "money")],
    "Il progetto durerà cinque anni.": [("cinque anni", 5.0, N, N, "anni", "anno", "duration")],
    "L'accordo vale per 30 giorni e 6 mesi.": [
        ("30 giorni", 30.0, N, N, "giorni", "giorno", "duration"), ("6 mesi", 6.0, N, N, "mesi", "mese", "duration")],
    "Una ragazza di 20 anni è stata arrestata.": [("20 anni", 20.0, N, N, "anni", "anno", "age")],
    "Il bambino, 8 anni, è stato salvato.": [("8 anni", 8.0, N, N, "anni", "anno", "age")],
    "La sonda ha percorso 720 milioni di chilometri.": [("720 milioni di chilometri", 7.2e8, N, N, "chilometri", "chilometro", "measure")],
    "Sono state raccolte 12 tonnellate di rifiuti.": [("12 tonnellate", 12.0, N, N, "tonnellate", "tonnellata", "measure")],
    "Il muro è alto 3 metri.": [("3 metri", 3.0, N, N, "metri", "metro", "measure")],
    # counted nouns: capitalised plural, adjectives before the noun
    "Ha incontrato i leader dei 27 Stati membri.": [("27 Stati", 27.0, N, N, "Stati", "stato", "count")],
    "Sono stati registrati 30 nuovi casi.": [("30 nuovi casi", 30.0, N, N, "casi", "caso", "count")],
}

EXCLUDED = [
    "Il 26 aprile 2025 il governo ha approvato il decreto.",
    "La riforma è stata annunciata nel marzo 2025 dal ministro.",
    "Nel 2012 la società era ancora in attivo.",
    "Dal 2020 al 2023 i prezzi sono saliti.",
    "La riunione è iniziata alle 15:30 ed è finita alle 18.",
    "Il treno parte alle 8 dalla stazione centrale.",
    "La squadra è arrivata terza, al secondo turno è stata eliminata.",
    "Si è classificato 3° nella gara.",
    "Il vertice del G8 si è tenuto a Genova.",
    "La Formula 1 tornerà a Imola.",
    "La legge 104 tutela i lavoratori con disabilità.",
    "L'articolo 3 della Costituzione e il comma 2 sono chiari.",
    "Il Covid-19 ha colpito duramente il paese.",
    "Negli anni '90 la lira valeva poco.",
    "La Juventus ha battuto il Milan 3-1 a Torino.",
    "La partita è finita 2-2 ieri sera.",
    "Un uomo è stato arrestato e una donna è stata fermata.",
    "Tu sei stato chiaro con loro.",
]


@pytest.mark.parametrize("text", list(CASES))
def test_families(model, text):
    assert found(model, text) == CASES[text]


@pytest.mark.parametrize("text", EXCLUDED)
def test_exclusions(model, text):
    assert found(model, text) == []


def test_rows_have_schema_columns_offsets_and_sentences(model):
    text = "Il 5 maggio è piovuto.\nSono arrivati circa 30 paesi e 12 delegati."
    rows = quantity_rows("doc", model(text))
    assert [r["text"] for r in rows] == ["circa 30 paesi", "12 delegati"]
    for r in rows:
        assert list(r) == columns("quantities")
        assert text[r["start_char"]:r["end_char"]] == r["text"]
        assert r["sent_id"] == 1 and r["doc_id"] == "doc"


def test_seed_acceptance(model):
    """End to end on the seed: ingest -> sentences -> quantities, then the table."""
    import tempfile

    import pandas as pd

    from pipeline.model import model_info
    from pipeline.stages.ingest import run_ingest
    from pipeline.stages.quantities import quantities_section_html, run_quantities
    from pipeline.stages.sentences import run_sentences
    from pipeline.tables import read_table

    with tempfile.TemporaryDirectory() as out:
        run_ingest(SEED, out)
        run_sentences(out, model, model_info(model, "models/it_news_sm").key)
        assert run_quantities(out) == 3
        df = read_table(out, "quantities")
        got = [(r.text, r.value, None if pd.isna(r.approx) else r.approx, r.unit, r.unit_lemma, r.kind)
               for r in df.itertuples()]
        assert got == [
            ("circa 30 paesi", 30.0, "circa", "paesi", "paese", "count"),
            ("circa 20 paesi", 20.0, "circa", "paesi", "paese", "count"),
            ("30 giorni", 30.0, None, "giorni", "giorno", "duration"),
        ]
        assert df["value_max"].isna().all()
        text = SEED.read_text(encoding="utf-8")
        assert all(text[r.start_char:r.end_char] == r.text for r in df.itertuples())
        html = quantities_section_html(out)
        assert "circa 30 paesi" in html and "paese" in html and "giorno" in html and "<script" not in html


def test_italian_digits():
    assert parse_digits("1.500") == 1500.0
    assert parse_digits("4,6") == 4.6
    assert parse_digits("10.000.000") == 1e7
    assert parse_digits("1.234,5") == 1234.5
    assert parse_digits("15:30") is None and parse_digits("26.04.2025") is None


def test_plural_lemma_rules_without_model():
    lex = lexicon()
    cases = {"paesi": "paese", "giorni": "giorno", "persone": "persona", "manifestanti": "manifestante",
             "lavoratori": "lavoratore", "nazioni": "nazione", "documenti": "documento", "uomini": "uomo",
             "banche": "banca", "seggi": "seggio", "convogli": "convoglio", "ragazzi": "ragazzo", "crisi": "crisi", "città": "città"}
    assert {form: plural_lemma(form, 3.0, lex) for form in cases} == cases
    assert plural_lemma("paesi", 3.0, lex, model_lemma="paese") == "paese"
    assert plural_lemma("paesi", 3.0, lex, model_lemma="paesare") == "paese"  # implausible hint ignored


def test_score_matches_overlaps_one_to_one():
    gold = [{"doc_id": "a", "start": 0, "end": 14, "text": "circa 30 paesi", "value": 30.0, "value_max": None,
             "approx": "circa", "unit": "paesi", "unit_lemma": "paese", "kind": "count"},
            {"doc_id": "a", "start": 20, "end": 29, "text": "30 giorni", "value": 30.0, "value_max": None,
             "approx": None, "unit": "giorni", "unit_lemma": "giorno", "kind": "duration"}]
    pred = [{"doc_id": "a", "start_char": 6, "end_char": 14, "text": "30 paesi", "value": 30.0, "value_max": None,
             "approx": None, "unit": "paesi", "unit_lemma": "paese", "kind": "count"},
            {"doc_id": "b", "start_char": 20, "end_char": 29, "text": "30 giorni", "value": 30.0, "value_max": None,
             "approx": "", "unit": "giorni", "unit_lemma": "giorno", "kind": "duration"}]
    s = score(gold, pred)
    assert (s["tp"], s["fp"], s["fn"]) == (1, 1, 1)
    assert s["precision"] == s["recall"] == 0.5
    assert s["accuracy"] == {"value": 1.0, "unit_lemma": 1.0, "approx": 0.0, "kind": 1.0}
    assert "precision 0.500" in format_quantity_scores(s)
    json.dumps(s)
