"""Quantities: hand-written Italian sentences for every family and exclusion, and the seed article."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.evaluate.quantities import format_quantity_scores, score
from pipeline.extractors.quantities.lexicon import lexicon
from pipeline.extractors.quantities.numbers import parse_digits, plural_lemma
from pipeline.stages.quantities import quantity_rows
from pipeline.storage.schemas import columns

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_2c921019a84581c9.txt"
N = None


@pytest.fixture(scope="session")
def model():
    from pipeline.nlp.model import load_model

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
    "Ne sono arrivati una trentina al porto.": [("una trentina", 30.0, N, "circa", N, N, "count")],
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
    "Il petrolio è salito più del 10% in una settimana.": [
        ("più del 10%", 10.0, N, "più di", "%", "percento", "percent"),
        ("una settimana", 1.0, N, N, "settimana", "settimana", "duration")],
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
    # "un/una" + a time or measure unit is one; with "almeno"/"più di"... also before a noun
    "Il cantiere resterà chiuso una settimana.": [("una settimana", 1.0, N, N, "settimana", "settimana", "duration")],
    "Il contratto è stato prorogato di un anno.": [("un anno", 1.0, N, N, "anno", "anno", "duration")],
    "Al mercato ha comprato un chilo di mele.": [("un chilo", 1.0, N, N, "chilo", "chilogrammo", "measure")],
    "Nel parco è stato avvistato almeno un uccello raro.": [("almeno un uccello", 1.0, N, "almeno", "uccello", "uccello", "count")],
    "L'udienza è slittata di circa un mese.": [("circa un mese", 1.0, N, "circa", "mese", "mese", "duration")],
    "Ferito anche un bambino di un anno.": [("un anno", 1.0, N, N, "anno", "anno", "age")],
    # halves and fractions; a share of a noun is kind other
    "Per il trasloco basta mezza giornata.": [("mezza giornata", 0.5, N, N, "giornata", "giornata", "duration")],
    "Lo sciopero è durato meno di mezza giornata.": [("meno di mezza giornata", 0.5, N, "meno di", "giornata", "giornata", "duration")],
    "Il vertice è iniziato con mezz'ora di ritardo.": [("mezz'ora", 0.5, N, N, "ora", "ora", "duration")],
    "Il partito ha raccolto un terzo dei voti in un quarto d'ora.": [
        ("un terzo dei voti", 1 / 3, N, N, "voti", "voto", "other"),
        ("un quarto d'ora", 0.25, N, N, "ora", "ora", "duration")],
    # English decimal point; a rate gives only its reference quantity
    "Ogni dipendente riceverà 0.69 azioni.": [("0.69 azioni", 0.69, N, N, "azioni", "azione", "count")],
    "La malattia colpisce 1 ogni 10 milioni di nascite.": [("10 milioni di nascite", 1e7, N, N, "nascite", "nascita", "count")],
    # ranges with a slash or "o"
    "Per la torta servono cinque / dieci chilogrammi di farina.": [
        ("cinque / dieci chilogrammi", 5.0, 10.0, N, "chilogrammi", "chilogrammo", "measure")],
    "Ogni sacco pesa 5/10 kg.": [("5/10 kg", 5.0, 10.0, N, "kg", "chilogrammo", "measure")],
    "La visita durerà due o tre giorni.": [("due o tre giorni", 2.0, 3.0, N, "giorni", "giorno", "duration")],
    # ages after a person noun (with adjectives) or a comma; "per/da 13 mesi" stays a duration
    "Sono stati separati due gemelli siamesi di 13 mesi.": [
        ("due gemelli", 2.0, N, N, "gemelli", "gemello", "count"), ("13 mesi", 13.0, N, N, "mesi", "mese", "age")],
    "La donna, di 45 anni, è stata fermata.": [("45 anni", 45.0, N, N, "anni", "anno", "age")],
    "È rimasto in carcere per 13 mesi e attende da 13 mesi.": [
        ("13 mesi", 13.0, N, N, "mesi", "mese", "duration"), ("13 mesi", 13.0, N, N, "mesi", "mese", "duration")],
    # a predicate number counts the subject noun of its clause
    "Le vittime accertate sono finora 35.": [("35", 35.0, N, N, "vittime", "vittima", "count")],
    "Sono 20 i feriti nello scontro.": [("20 i feriti", 20.0, N, N, "feriti", "ferito", "count")],
    "Secondo la questura erano più di diecimila i manifestanti.": [
        ("più di diecimila i manifestanti", 1e4, N, "più di", "manifestanti", "manifestante", "count")],
    "I candidati ammessi al concorso saranno 250.": [("250", 250.0, N, N, "candidati", "candidato", "count")],
    "Le vittime tra i civili sono 35.": [("35", 35.0, N, N, "vittime", "vittima", "count")],
    # capitalised number words, "-isti" nouns, participles in the feminine plural
    "Tredici paracadutisti si sono lanciati.": [("Tredici paracadutisti", 13.0, N, N, "paracadutisti", "paracadutista", "count")],
    "La procura conta 7.400 indagate.": [("7.400 indagate", 7400.0, N, N, "indagate", "indagato", "count")],
    # "volte" is a multiplier (kind other); "ben" is emphasis, not a qualifier
    "Il prezzo è salito tre volte.": [("tre volte", 3.0, N, N, "volte", "volta", "other")],
    "Sono stati condannati ben 173 imputati.": [("173 imputati", 173.0, N, N, "imputati", "imputato", "count")],
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
    "Le parti hanno firmato un accordo e una ragazza è stata sentita.",
    "Il sindaco punta a un terzo mandato.",
    "C'era una volta un re, e un secondo dopo un franco tiratore.",
    "La scossa è stata avvertita alle 17.45 ora italiana.",
    "La scossa è stata avvertita 17.45 ora italiana.",
    "Dopo l'11/9 la stagione 2010/2011 fu annullata.",
    "Il mezzo è rimasto in mezzo alla strada.",
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
    from conftest import BUNDLED

    from pipeline import api
    from pipeline.storage.tables import read_table

    with tempfile.TemporaryDirectory() as out:
        api.ingest(SEED, out)
        api.sentences(out, BUNDLED)
        assert api.quantities(out).rows == 3
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


def test_italian_digits():
    assert parse_digits("1.500") == 1500.0
    assert parse_digits("4,6") == 4.6
    assert parse_digits("10.000.000") == 1e7
    assert parse_digits("1.234,5") == 1234.5
    assert parse_digits("15:30") is None and parse_digits("26.04.2025") is None
    assert parse_digits("0.69") == 0.69 and parse_digits("4.2") == 4.2 and parse_digits("12.3456") is None


def test_plural_lemma_rules_without_model():
    lex = lexicon()
    cases = {"paesi": "paese", "giorni": "giorno", "persone": "persona", "manifestanti": "manifestante",
             "lavoratori": "lavoratore", "nazioni": "nazione", "documenti": "documento", "uomini": "uomo",
             "banche": "banca", "seggi": "seggio", "convogli": "convoglio", "ragazzi": "ragazzo", "crisi": "crisi", "città": "città"}
    assert {form: plural_lemma(form, 3.0, lex) for form in cases} == cases
    assert plural_lemma("paesi", 3.0, lex, model_lemma="paese") == "paese"
    assert plural_lemma("paesi", 3.0, lex, model_lemma="paesare") == "paese"  # implausible hint ignored
    assert plural_lemma("Paracadutisti", 13.0, lex, model_lemma="paracadutisto") == "paracadutista"
    assert plural_lemma("arrestate", 3.0, lex, model_lemma="arrestare") == "arrestato"  # participle: its verb
    assert plural_lemma("indagate", 3.0, lex, model_lemma="indagato") == "indagato"
    assert plural_lemma("giornate", 3.0, lex) == "giornata" and plural_lemma("ondate", 3.0, lex, model_lemma="ondato") == "ondata"


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
