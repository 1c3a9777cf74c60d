"""No decades, list markers, clock times or time zones among the quantities; bare and coordinated ages.

Hand-written sentences for the errors a 50-article news run showed; each is
checked through the bundled model (lemma hints, entities, a parse when the
model has one) and, for everything but the lemma, on the plain text alone.
"""
from __future__ import annotations

import pytest
from test_quantities_issue12 import N, check, found, found_without_model  # noqa: F401  shared helpers

# 1. Decades: a decade word or a round number right after "anni" (after an article, "fine", "primi"...).
DECADES = {
    "Il jazz degli anni '50 torna di moda.": [],
    "Quel cantante era famoso negli anni ' 70.": [],  # the apostrophe split off the digits
    "Il quartiere è stato costruito negli anni 60 e ristrutturato alla fine degli anni 90.": [],
    "La casa risale agli anni Trenta.": [],
    "Il locale ha aperto a fine anni 80 e chiuso nei primi anni 2000.": [],
    "Gli anni '70 e '80 furono difficili per la città.": [],
    "Il programma andava in onda negli anni 60-70.": [],
    "Nel ' 68 gli studenti occuparono l'ateneo.": [],
    # a decade word right after "anni" is a decade, even before "milioni"
    "La carestia colpì negli anni quaranta milioni di contadini.": [],  # a bare "milioni" names no value
    "Negli anni trenta 200 operai lavoravano nella fabbrica.": [
        ("200 operai", 200.0, N, N, "operai", "operaio", "count")],
    # not a decade: years counted before "anni", or "anni" not after an article
    "Negli ultimi 30 anni la popolazione è cresciuta.": [("30 anni", 30.0, N, N, "anni", "anno", "duration")],
    "Da anni 40 famiglie chiedono una casa.": [("40 famiglie", 40.0, N, N, "famiglie", "famiglia", "count")],
}

# 2. Numbered list markers at the start of a line, after a colon, and the items that follow them.
LISTS = {
    "Le repliche registrate\n1 - ore 8.05 (magnitudo 2.4 e profondità 3.1 km) 2 - ore 8.47 "
    "(magnitudo 2.9 e profondità 7 km) 3 - ore 9.20 (magnitudo 3 e profondità 10.0 km)": [
        ("magnitudo 2.4", 2.4, N, N, "magnitudo", "magnitudo", "measure"),
        ("3.1 km", 3.1, N, N, "km", "chilometro", "measure"),
        ("magnitudo 2.9", 2.9, N, N, "magnitudo", "magnitudo", "measure"),
        ("7 km", 7.0, N, N, "km", "chilometro", "measure"),
        ("magnitudo 3", 3.0, N, N, "magnitudo", "magnitudo", "measure"),
        ("10.0 km", 10.0, N, N, "km", "chilometro", "measure")],
    "Le richieste del sindacato: 1) aumenti per 300 addetti; 2) meno turni di notte.": [
        ("300 addetti", 300.0, N, N, "addetti", "addetto", "count")],
    "Classifica finale: 1. Bruni 2. Conti 3. Ferri.": [],  # after a colon when item 2 follows
    # not a list: a bracketed count, a score, a lone number after a colon
    "Le medaglie: Norvegia (14), Svezia (9).": [("14", 14.0, N, N, N, N, "count"), ("9", 9.0, N, N, N, N, "count")],
    "Il Torino ha vinto\n2 - 1 contro la Lazio.": [],
    "I cantieri aperti in provincia: 7.": [("7", 7.0, N, N, N, N, "count")],
}

# 3. Clock times without "alle", hours with a singular "ora", time zone offsets.
CLOCKS = {
    "Lo sbarco è iniziato alle 21.40 locali (le 3.40 in Italia).": [],
    "Il vertice si è aperto alle 18 ora locale (le 24 in Italia) con 40 delegati.": [
        ("40 delegati", 40.0, N, N, "delegati", "delegato", "count")],
    "La scossa è arrivata alle 2.15 (le 9 del mattino a Tokyo).": [],
    "Il presidente ha parlato alle 20:05 ora locale (UTC-3: 30, le 23:35 ora italiana).": [],
    "In Grecia vale l'ora UTC +2 in inverno.": [],
    "Il via è fissato per le 16: 45 ora locale.": [],
    # the hour is a time only where a time is told; a duration in "ore" stays
    "Le squadre sono 8 e le 4 migliori vanno in finale.": [
        ("8", 8.0, N, N, "squadre", "squadra", "count"), ("4 migliori", 4.0, N, N, "migliori", "migliore", "count")],
    "Il volo è durato 11 ore, lo scalo un'ora.": [("11 ore", 11.0, N, N, "ore", "ora", "duration"),
                                                 ("un'ora", 1.0, N, N, "ora", "ora", "duration")],
    "Le vittime sono 12: 10 uomini e 2 donne.": [
        ("12", 12.0, N, N, "vittime", "vittima", "count"), ("10 uomini", 10.0, N, N, "uomini", "uomo", "count"),
        ("2 donne", 2.0, N, N, "donne", "donna", "count")],
}

# 4. Ages without "anni": after "di" and a person; coordinated with an age that follows; "compiere N anni".
AGES = {
    "I feriti sono Carla Neri, di 33 anni; Piero Bassi di 19 e il quindicenne Ivo Russo.": [
        ("33 anni", 33.0, N, N, "anni", "anno", "age"), ("19", 19.0, N, N, N, N, "age"),
        ("quindicenne", 15.0, N, N, N, N, "age")],
    "Sono stati fermati Marco Galli di 28 e Franco Pini di 41.": [
        ("28", 28.0, N, N, N, N, "age"), ("41", 41.0, N, N, N, N, "age")],
    "Una madre di 39 anni e il figlioletto di 4 sono stati salvati.": [
        ("39 anni", 39.0, N, N, "anni", "anno", "age"), ("4", 4.0, N, N, N, N, "age")],
    "Un pescatore di 66 è disperso in mare.": [("66", 66.0, N, N, N, N, "age")],
    "Tre fratelli di 12, 14 e 17 anni sono stati affidati ai nonni.": [
        ("Tre fratelli", 3.0, N, N, "fratelli", "fratello", "count"), ("12", 12.0, N, N, N, N, "age"),
        ("14", 14.0, N, N, N, N, "age"), ("17 anni", 17.0, N, N, "anni", "anno", "age")],
    "Tra i feriti due gemelle, di appena 6 e 8 anni.": [
        ("due gemelle", 2.0, N, N, "gemelle", "gemella", "count"), ("6", 6.0, N, N, N, N, "age"),
        ("8 anni", 8.0, N, N, "anni", "anno", "age")],
    "Il nonno avrebbe compiuto proprio domani 90 anni.": [("90 anni", 90.0, N, N, "anni", "anno", "age")],
    "Il campione compirà ormai 40 anni a maggio.": [("40 anni", 40.0, N, N, "anni", "anno", "age")],
    # an apposition after a number word stays an age; "dei due" is a bare number that counts
    "Il maggiore dei due, 15 anni, è stato dimesso.": [
        ("due", 2.0, N, N, N, N, "count"), ("15 anni", 15.0, N, N, "anni", "anno", "age")],
    # not ages: no person right before "di", and a term coordinated with a term
    "Le scorte sono calate di 17 in un mese.": [("17", 17.0, N, N, N, N, "count"),
                                                 ("un mese", 1.0, N, N, "mese", "mese", "duration")],
    "La squadra ha chiuso staccata di 12 dalla capolista.": [("12", 12.0, N, N, N, N, "count")],
    "Il cantiere durerà tra 2 e 3 anni.": [("tra 2 e 3 anni", 2.0, 3.0, N, "anni", "anno", "duration")],
}


CASES = ([('DECADES', t) for t in DECADES]
         + [('LISTS', t) for t in LISTS]
         + [('CLOCKS', t) for t in CLOCKS]
         + [('AGES', t) for t in AGES])


@pytest.mark.parametrize("group,text", CASES, ids=[f"{g}:{t[:40]}" for g, t in CASES])
def test_news_noise(nlp, group, text):
    check(nlp, text, globals()[group][text])


