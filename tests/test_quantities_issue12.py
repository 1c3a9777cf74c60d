"""Issue 12: no dates or identifiers, the right kind, one quantity per expression, a report without sums.

Hand-written sentences; each is checked through the bundled model (lemma
hints, entities, and a parse when the model has one) and, for everything but
the lemma, on the plain text alone: the rules must not need a parse.
"""
from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc

from pipeline.extractors.quantities import extract
from pipeline.stages.quantities import quantity_rows

N = None


def found(nlp, text: str) -> list[tuple]:
    return [(r["text"], r["value"], r["value_max"], r["approx"], r["unit"], r["unit_lemma"], r["kind"])
            for r in quantity_rows("d", nlp(text))]


def found_without_model(text: str) -> list[tuple]:
    return [(text[q.start:q.end], q.value, q.value_max, q.approx, q.unit, q.kind) for q in extract(text)]


def check(nlp, text: str, expected: list[tuple]) -> None:
    assert found(nlp, text) == expected
    assert found_without_model(text) == [e[:5] + e[6:] for e in expected]


# 1. Not quantities: days, date ranges, identifiers, addresses, scores, ordinals, times.
EXCLUSIONS = {
    "Il 20 si terrà l'assemblea dei 300 soci.": [("300 soci", 300.0, N, N, "soci", "socio", "count")],
    "La fiera resterà aperta dal 12 al 25 giugno.": [],
    "Le votazioni si terranno tra il 18 e il 19 novembre.": [],
    "Due giornate di sciopero (19 e 26 luglio) sono state proclamate.": [
        ("Due giornate", 2.0, N, N, "giornate", "giornata", "duration")],
    "Il 5 e il 6 maggio i negozi resteranno chiusi.": [],
    "Gli ospiti arrivano sabato 18 e ripartono domenica 19.": [],
    "Apple ha presentato iOS 10 e venduto 5 milioni di telefoni.": [
        ("5 milioni di telefoni", 5e6, N, N, "telefoni", "telefono", "count")],
    "L'incendio è scoppiato nell'edificio 32 del campus.": [],
    "Il negozio di via Roma 12 e quello di piazza dei Mille 5 sono chiusi.": [],
    "La Juventus ha battuto il Napoli 3-1 e il Milan 2 a 0.": [],
    "Il pilota è arrivato 3° e al giro 53 si è ritirato.": [],
    "Nel 1962 arrivò il primo film e alle 18.30 si chiuse il seggio.": [],
    "Il sindaco ottenne il sostegno di tutti.": [],  # "ottenne" is a verb, not an age of eight
    "Il rimpatrio è stato rinviato al 29 dello stesso mese.": [],
    "L'eruzione del 79 d.C. distrusse Pompei.": [],
}

# 2. Kinds: ages, durations, money named earlier, bare counts, elided units.
KINDS = {
    "Il cantante è morto a 40 anni.": [("40 anni", 40.0, N, N, "anni", "anno", "age")],
    "A 18 anni ha lasciato la famiglia.": [("18 anni", 18.0, N, N, "anni", "anno", "age")],
    "Aveva solo 19 anni quando è partito.": [("19 anni", 19.0, N, N, "anni", "anno", "age")],
    "È stato condannato a 10 anni di carcere.": [("10 anni", 10.0, N, N, "anni", "anno", "duration")],
    "A 10 anni dalla strage nulla è cambiato.": [("10 anni", 10.0, N, N, "anni", "anno", "duration")],
    "Il contratto è passato da 2 a 5 anni.": [("da 2 a 5 anni", 2.0, 5.0, N, "anni", "anno", "duration")],
    "Un operaio di 50 anni è rimasto ferito.": [("50 anni", 50.0, N, N, "anni", "anno", "age")],
    "Un periodo di 5 anni è troppo lungo.": [("5 anni", 5.0, N, N, "anni", "anno", "duration")],
    "Il film è vietato ai minori di 14 anni.": [("14 anni", 14.0, N, N, "anni", "anno", "age")],
    "I ragazzi di età compresa tra i 14 e i 18 anni potranno partecipare.": [
        ("tra i 14 e i 18 anni", 14.0, 18.0, N, "anni", "anno", "age")],
    "Ha 40 anni di carriera alle spalle.": [("40 anni", 40.0, N, N, "anni", "anno", "duration")],
    "Dieci anni fa la città contava 20 mila abitanti.": [
        ("Dieci anni", 10.0, N, N, "anni", "anno", "duration"),
        ("20 mila abitanti", 2e4, N, N, "abitanti", "abitante", "count")],
    "Un cinquantenne e una quarantenne sono stati arrestati.": [
        ("cinquantenne", 50.0, N, N, N, N, "age"), ("quarantenne", 40.0, N, N, N, N, "age")],
    "L'azienda ha un debito di 5 milioni di euro. Il bilancio sale a 12 milioni.": [
        ("5 milioni di euro", 5e6, N, N, "euro", "euro", "money"), ("12 milioni", 12e6, N, N, N, N, "money")],
    "La città ha 12 milioni di abitanti e il debito è salito a 3 milioni.": [
        ("12 milioni di abitanti", 12e6, N, N, "abitanti", "abitante", "count"), ("3 milioni", 3e6, N, N, N, N, "other")],
    "Le medaglie: Grecia (215), Portogallo (198).": [
        ("215", 215.0, N, N, N, N, "count"), ("198", 198.0, N, N, N, N, "count")],
    "Sono stati fermati almeno 40.": [("almeno 40", 40.0, N, "almeno", N, N, "count")],
    "Sono 12 le regioni coinvolte.": [("12 le regioni", 12.0, N, N, "regioni", "regione", "count")],
    "Tutti e quattro i candidati sono arrivati.": [("quattro i candidati", 4.0, N, N, "candidati", "candidato", "count")],
    "Il campanile è alto 95 metri e almeno 75 la navata.": [
        ("95 metri", 95.0, N, N, "metri", "metro", "measure"), ("almeno 75", 75.0, N, "almeno", N, N, "measure")],
    "Il 52% ha votato sì contro il 48.": [
        ("52%", 52.0, N, N, "%", "percento", "percent"), ("48", 48.0, N, N, N, N, "percent")],
    "Il film ha incassato 140 milioni di dollari, di cui 83 in patria.": [
        ("140 milioni di dollari", 1.4e8, N, N, "dollari", "dollaro", "money"), ("83", 83.0, N, N, N, N, "money")],
    "Sono stati fermati Mario Rossi, 49 anni; Anna Bianchi, 21 anni.": [
        ("49 anni", 49.0, N, N, "anni", "anno", "age"), ("21 anni", 21.0, N, N, "anni", "anno", "age")],
    "Rimase al Senato per tre legislature.": [("tre legislature", 3.0, N, N, "legislature", "legislatura", "duration")],
    "Crescono Nuoro (+32) e Rimini (-4).": [("+32", 32.0, N, N, N, N, "count"), ("-4", -4.0, N, N, N, N, "count")],
}

# 3. Spans: one quantity per expression; the unit is never a preposition or an article.
SPANS = {
    "È rimasto in carcere due anni e tre mesi.": [("due anni e tre mesi", 27.0, N, N, "mesi", "mese", "duration")],
    "Il ritardo è stato di due mesi e cinque giorni.": [
        ("due mesi e cinque giorni", 65.0, N, N, "giorni", "giorno", "duration")],
    "Il vertice è durato circa quattro ore e trenta minuti.": [
        ("circa quattro ore e trenta minuti", 270.0, N, "circa", "minuti", "minuto", "duration")],
    "Un bambino di 2 anni e 3 mesi è caduto.": [("2 anni e 3 mesi", 27.0, N, N, "mesi", "mese", "age")],
    "L'accordo vale per 30 giorni e 6 mesi.": [  # a larger unit after a smaller one is another quantity
        ("30 giorni", 30.0, N, N, "giorni", "giorno", "duration"), ("6 mesi", 6.0, N, N, "mesi", "mese", "duration")],
    "I tassi sono saliti dal 5% al 9%.": [("dal 5% al 9%", 5.0, 9.0, N, "%", "percento", "percent")],
    "Il prezzo varia tra il 5% e il 9%.": [("tra il 5% e il 9%", 5.0, 9.0, N, "%", "percento", "percent")],
    "L'interesse sale dal 2 a 3 per cento.": [("dal 2 a 3 per cento", 2.0, 3.0, N, "per cento", "percento", "percent")],
    "Il valore è sceso dal 71% al 57%.": [  # a fall is two figures, not a range
        ("71%", 71.0, N, N, "%", "percento", "percent"), ("57%", 57.0, N, N, "%", "percento", "percent")],
    "Sono arrivate 2 300 persone.": [("2 300 persone", 2300.0, N, N, "persone", "persona", "count")],
    "Il fondo vale 4 500 000 euro.": [("4 500 000 euro", 4.5e6, N, N, "euro", "euro", "money")],
    "Nel 2012 300 persone hanno votato.": [("300 persone", 300.0, N, N, "persone", "persona", "count")],
    "La società guadagna 3 milioni all'anno.": [("3 milioni", 3e6, N, N, N, N, "other")],
    "Le transazioni sono arrivate a 200 milioni d'euro.": [("200 milioni d'euro", 2e8, N, N, "euro", "euro", "money")],
    "Il progetto costa intorno al miliardo di euro.": [
        ("intorno al miliardo di euro", 1e9, N, "intorno a", "euro", "euro", "money")],
    "L'auto viaggiava a 180 km/h.": [("180 km/h", 180.0, N, N, "km/h", "chilometro orario", "measure")],
    "L'appartamento misura 80 metri quadri.": [("80 metri quadri", 80.0, N, N, "metri quadri", "metro quadrato", "measure")],
    "Il fiume scorre a 3 metri al secondo.": [
        ("3 metri al secondo", 3.0, N, N, "metri al secondo", "metro al secondo", "measure")],
    "Ha gareggiato nella categoria 60 kg.": [("60 kg", 60.0, N, N, "kg", "chilogrammo", "measure")],
    "Il terremoto di magnitudo 6,2 ha colpito la città.": [
        ("magnitudo 6,2", 6.2, N, N, "magnitudo", "magnitudo", "measure")],
}


CASES = ([('EXCLUSIONS', t) for t in EXCLUSIONS]
         + [('KINDS', t) for t in KINDS]
         + [('SPANS', t) for t in SPANS])


@pytest.mark.parametrize("group,text", CASES, ids=[f"{g}:{t[:40]}" for g, t in CASES])
def test_rule(nlp, group, text):
    check(nlp, text, globals()[group][text])


# -- with and without a dependency parse

def _parsed(words, heads, deps, pos, lemmas=None, parse=True, ents=None):
    vocab = spacy.blank("it").vocab
    spaces = [i + 1 < len(words) and words[i + 1] not in ",." for i in range(len(words))]
    ents = ents or ["O"] * len(words)
    if parse:
        return Doc(vocab, words=words, spaces=spaces, heads=heads, deps=deps, pos=pos, lemmas=lemmas, ents=ents)
    return Doc(vocab, words=words, spaces=spaces, pos=pos, lemmas=lemmas, ents=ents,
               sent_starts=[True] + [False] * (len(words) - 1))


def _kinds(doc):
    return [(r["text"], r["kind"]) for r in quantity_rows("d", doc)]


def test_parse_attaches_an_age_to_its_person():
    # the words alone cannot see "donna" past "residente a Milano"; the parse can
    words = "Una donna romana residente a Milano di 45 anni è stata arrestata .".split()
    heads = [1, 11, 1, 1, 5, 3, 8, 8, 1, 11, 11, 11, 11]
    deps = ["det", "nsubj:pass", "amod", "amod", "case", "obl", "case", "nummod", "nmod", "aux", "aux:pass", "ROOT", "punct"]
    pos = ["DET", "NOUN", "ADJ", "ADJ", "ADP", "PROPN", "ADP", "NUM", "NOUN", "AUX", "AUX", "VERB", "PUNCT"]
    ents = ["O"] * len(words)
    ents[5] = "B-LOC"  # Milano is a place, not the person the years belong to
    assert _kinds(_parsed(words, heads, deps, pos, ents=ents)) == [("45 anni", "age")]
    assert _kinds(_parsed(words, heads, deps, pos, parse=False, ents=ents)) == [("45 anni", "duration")]


def test_parse_vetoes_an_age_governed_by_a_sentence():
    # "condannato" is too far back for the words; the parse hangs "anni" on it
    words = "Il giudice lo ha condannato ieri , con una sentenza attesa da tutti e letta in aula , a 10 anni .".split()
    heads = [4] * len(words)  # everything on the verb, enough for this test
    heads[18] = heads[19] = 20
    deps = ["dep"] * len(words)
    deps[4], deps[18], deps[19], deps[20] = "ROOT", "case", "nummod", "obl"
    pos = ["X"] * len(words)
    pos[4], pos[18], pos[19], pos[20] = "VERB", "ADP", "NUM", "NOUN"
    lemmas = [w.lower() for w in words]
    lemmas[4] = "condannare"
    assert _kinds(_parsed(words, heads, deps, pos, lemmas)) == [("10 anni", "duration")]
    assert _kinds(_parsed(words, heads, deps, pos, lemmas, parse=False)) == [("10 anni", "age")]
