"""Rebuild tests/gold/quantities_docs/*.txt and quantities.jsonl from the hand annotations below.

Sentences are KIND WN_dev.tsv sentences (by index, detokenized); each annotation
is (sentence index, exact surface text, occurrence, value, value_max, approx,
unit, unit_lemma, kind), written by hand. Offsets are computed and checked here.
Run from the project root: PYTHONPATH=. .venv/bin/python tests/gold/build_quantities_gold.py /path/to/WN_dev.tsv
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

from pipeline.training.convert import detokenize, read_kind

HERE = Path(__file__).resolve().parent
DOCS = {
    "q01": [25, 31, 36, 39, 43], "q02": [48, 68, 80, 81, 82], "q03": [83, 100, 101, 107, 113],
    "q04": [129, 135, 138, 160, 184], "q05": [195, 196, 202, 204, 208], "q06": [222, 236, 237, 238, 253],
    "q07": [269, 287, 290, 308, 315], "q08": [319, 330, 347, 373, 383], "q09": [392, 403, 406, 443, 452],
    "q10": [461, 462, 509, 512, 825], "q11": [937, 1012, 1019, 1132, 1429], "q12": [1455, 1472, 1663, 2243, 2245],
    "q13": [792, 854, 887, 1282, 1299], "q14": [1600, 1883, 2036, 2232, 2376, 2591],
}
N = None
GOLD = [
    (25, "Tre ragazzi", 3, N, N, "ragazzi", "ragazzo", "count"),
    (25, "14 anni", 14, N, N, "anni", "anno", "age"),
    (31, "tre ragazzi", 3, N, N, "ragazzi", "ragazzo", "count"),
    (31, "una decina di anni", 10, N, "circa", "anni", "anno", "duration"),
    (36, "95 metri", 95, N, N, "metri", "metro", "measure"),
    (36, "almeno 75", 75, N, "almeno", N, N, "other"),
    (39, "19 impianti", 19, N, N, "impianti", "impianto", "count"),
    (39, "Francia 8", 8, N, N, N, N, "other"),  # span trimmed to "8" below
    (43, "Oltre 200", 200, N, "oltre", N, N, "other"),
    (43, "8 centrali", 8, N, N, "centrali", "centrale", "count"),
    (48, "30000 donne", 30000, N, N, "donne", "donna", "count"),
    (68, "71 anni", 71, N, N, "anni", "anno", "age"),
    (81, "decine di metri", 10, N, "circa", "metri", "metro", "measure"),
    (82, "80 gradi", 80, N, N, "gradi", "grado", "measure"),
    (83, "undici morti", 11, N, N, "morti", "morto", "count"),
    (83, "dieci", 10, N, N, N, N, "other"),
    (101, "138 voli", 138, N, N, "voli", "volo", "count"),
    (107, "19 anni", 19, N, N, "anni", "anno", "age"),
    (113, "30 giorni", 30, N, N, "giorni", "giorno", "duration"),
    (129, "296 voti", 296, N, N, "voti", "voto", "count"),
    (129, "92 contrari", 92, N, N, "contrari", "contrario", "count"),
    (129, "15 astenuti", 15, N, N, "astenuti", "astenuto", "count"),
    (135, "tra 0 e 6 anni", 0, 6, N, "anni", "anno", "age"),
    (138, "da 100 a 500 €", 100, 500, N, "€", "euro", "money"),
    (160, "sei prove", 6, N, N, "prove", "prova", "count"),
    (184, "5 ore", 5, N, N, "ore", "ora", "duration"),
    (195, "14.000 litri", 14000, N, N, "litri", "litro", "measure"),
    (196, "9.000 buste", 9000, N, N, "buste", "busta", "count"),
    (202, "28 morti", 28, N, N, "morti", "morto", "count"),
    (202, "155 feriti", 155, N, N, "feriti", "ferito", "count"),
    (204, "7 vittime", 7, N, N, "vittime", "vittima", "count"),
    (204, "46 feriti", 46, N, N, "feriti", "ferito", "count"),
    (208, "circa 100", 100, N, "circa", "morti", "morto", "count"),  # "Sono circa 100 i morti": predicate
    (208, "centinaia", 100, N, "circa", N, N, "other"),
    (222, "due macchinisti", 2, N, N, "macchinisti", "macchinista", "count"),
    (222, "almeno 15 feriti", 15, N, "almeno", "feriti", "ferito", "count"),
    (236, "200 chilometri", 200, N, N, "chilometri", "chilometro", "measure"),
    (237, "circa 200 milioni di anni", 2e8, N, "circa", "anni", "anno", "duration"),
    (238, "5 metri", 5, N, N, "metri", "metro", "measure"),
    (238, "7 centimetri", 7, N, N, "centimetri", "centimetro", "measure"),
    (253, "2 settimane", 2, N, N, "settimane", "settimana", "duration"),
    (269, "circa 10 minuti", 10, N, "circa", "minuti", "minuto", "duration"),
    (287, "due delle", 2, N, N, N, N, "other"),  # span trimmed to "due" below
    (287, "tre ferrovie", 3, N, N, "ferrovie", "ferrovia", "count"),
    (308, "almeno 13 morti", 13, N, "almeno", "morti", "morto", "count"),
    (315, "oltre 500 chilometri", 500, N, "oltre", "chilometri", "chilometro", "measure"),
    (319, "più di 15 anni", 15, N, "più di", "anni", "anno", "duration"),
    (330, "13 giorni", 13, N, N, "giorni", "giorno", "duration"),
    (347, "34 anni", 34, N, N, "anni", "anno", "duration"),
    (373, "tra 200 e 300 vittime", 200, 300, N, "vittime", "vittima", "count"),
    (373, "337 morti", 337, N, N, "morti", "morto", "count"),
    (373, "531 dispersi", 531, N, N, "dispersi", "disperso", "count"),
    (383, "più di 30 milioni di visitatori", 3e7, N, "più di", "visitatori", "visitatore", "count"),
    (383, "oltre 700 milioni di visitatori", 7e8, N, "oltre", "visitatori", "visitatore", "count"),
    (392, "82.04%", 82.04, N, N, "%", "percento", "percent"),
    (392, "circa il 2%", 2, N, "circa", "%", "percento", "percent"),
    (392, "15%", 15, N, N, "%", "percento", "percent"),
    (403, "80", 80, N, N, "morti", "morto", "count"),  # "i morti sono 80": the subject is the counted noun
    (403, "oltre 140", 140, N, "oltre", "feriti", "ferito", "count"),
    (403, "una ventina", 20, N, "circa", N, N, "other"),
    (406, "circa 180-190 km orari", 180, 190, "circa", "km orari", "chilometro orario", "measure"),
    (406, "due anni", 2, N, N, "anni", "anno", "duration"),
    (406, "80 km all'ora", 80, N, N, "km all'ora", "chilometro orario", "measure"),
    (443, "58 anni", 58, N, N, "anni", "anno", "age"),
    (452, "6 anni", 6, N, N, "anni", "anno", "duration"),
    (461, "due aerei", 2, N, N, "aerei", "aereo", "count"),  # missed in the first pass, found by the evaluation
    (461, "circa trenta chilometri", 30, N, "circa", "chilometri", "chilometro", "measure"),
    (462, "decine di chilometri", 10, N, "circa", "chilometri", "chilometro", "measure"),
    (509, "tre giorni", 3, N, N, "giorni", "giorno", "duration"),
    (509, "150 euro", 150, N, N, "euro", "euro", "money"),
    (512, "circa quattro ore", 4, N, "circa", "ore", "ora", "duration"),
    (512, "trenta minuti", 30, N, N, "minuti", "minuto", "duration"),
    (512, "centinaia di clienti", 100, N, "circa", "clienti", "cliente", "count"),
    (825, "due milioni di dollari", 2e6, N, N, "dollari", "dollaro", "money"),
    (937, "circa 4.2 miliardi di euro", 4.2e9, N, "circa", "euro", "euro", "money"),
    (937, "12%", 12, N, N, "%", "percento", "percent"),
    (937, "intorno al miliardo di euro", 1e9, N, "intorno a", "euro", "euro", "money"),
    (1012, "500.000 euro", 500000, N, N, "euro", "euro", "money"),
    (1019, "almeno 50 miliardi di dollari", 5e10, N, "almeno", "dollari", "dollaro", "money"),
    (1019, "attorno ai 40 miliardi di dollari", 4e10, N, "attorno a", "dollari", "dollaro", "money"),
    (1132, "circa 7 ore", 7, N, "circa", "ore", "ora", "duration"),
    (1132, "7.3 milioni di euro", 7.3e6, N, N, "euro", "euro", "money"),
    (1429, "attorno ai 14 milioni di euro", 1.4e7, N, "attorno a", "euro", "euro", "money"),
    (1429, "2,2 milioni", 2.2e6, N, N, N, N, "other"),
    (1455, "quattro vittime", 4, N, N, "vittime", "vittima", "count"),
    (1455, "circa 15 milioni di euro", 1.5e7, N, "circa", "euro", "euro", "money"),
    (1472, "dai 200 ai 500 euro", 200, 500, N, "euro", "euro", "money"),
    (1663, "Otto esplosioni", 8, N, N, "esplosioni", "esplosione", "count"),
    (1663, "più di 250 morti", 250, N, "più di", "morti", "morto", "count"),
    (1663, "centinaia di feriti", 100, N, "circa", "feriti", "ferito", "count"),
    (2243, "Centinaia di migliaia di americani", 1e5, N, "circa", "americani", "americano", "count"),
    (2245, "100 milioni di persone", 1e8, N, N, "persone", "persona", "count"),
    # second pass (issue 5 follow-up): "un/una" + unit, halves, predicate numbers, participles, "ben"
    (792, "meno di una settimana", 1, N, "meno di", "settimana", "settimana", "duration"),
    (854, "un giorno e mezzo", 1.5, N, N, "giorno", "giorno", "duration"),
    (854, "115 cardinali", 115, N, N, "cardinali", "cardinale", "count"),
    (887, "poco meno di tre anni", 3, N, "poco meno di", "anni", "anno", "duration"),
    (887, "poco meno di un anno", 1, N, "poco meno di", "anno", "anno", "duration"),
    (1282, "mezz'ora", 0.5, N, N, "ora", "ora", "duration"),
    (1282, "due ergastoli", 2, N, N, "ergastoli", "ergastolo", "count"),
    (1299, "circa un mese", 1, N, "circa", "mese", "mese", "duration"),
    (1600, "19", 19, N, N, "pole", "pole", "count"),
    (1883, "250", 250, N, N, "senatori", "senatore", "count"),
    (1883, "500 membri", 500, N, N, "membri", "membro", "count"),
    (2036, "un mese", 1, N, N, "mese", "mese", "duration"),
    (2232, "406 persone", 406, N, N, "persone", "persona", "count"),
    (2232, "7.400 indagate", 7400, N, N, "indagate", "indagato", "count"),
    (2232, "287 delle", 287, N, N, N, N, "other"),
    (2232, "ben 173", 173, N, N, N, N, "other"),
    (2376, "57", 57, N, N, "pass", "pass", "count"),
    (2591, "1300 morti", 1300, N, N, "morti", "morto", "count"),
    (2591, "5000", 5000, N, N, N, N, "other"),
    (2591, "meno di mezza giornata", 0.5, N, "meno di", "giornata", "giornata", "duration"),
]
TRIM = {"Francia 8": "8", "due delle": "due", "287 delle": "287", "ben 173": "173"}


def main(kind_path: str) -> None:
    wanted = {i for ids in DOCS.values() for i in ids}
    sents = {i: detokenize(w) for i, (w, _) in enumerate(read_kind(kind_path)) if i in wanted}
    out_dir = HERE / "quantities_docs"
    rows = []
    for doc_id, ids in DOCS.items():
        text, offsets = "", {}
        for i in ids:
            offsets[i] = len(text)
            text += sents[i] + "\n"
        (out_dir / f"{doc_id}.txt").write_text(text, encoding="utf-8")
        for sid, surface, value, vmax, approx, unit, lemma, kind in GOLD:
            if sid not in ids:
                continue
            assert sents[sid].count(surface) == 1, (sid, surface)
            local = sents[sid].index(surface)
            if surface in TRIM:
                local += surface.index(TRIM[surface])
                surface = TRIM[surface]
            start = offsets[sid] + local
            assert text[start:start + len(surface)] == surface, (doc_id, surface)
            rows.append({"doc_id": doc_id, "start": start, "end": start + len(surface), "text": surface,
                         "value": float(value), "value_max": None if vmax is None else float(vmax),
                         "approx": approx, "unit": unit, "unit_lemma": lemma, "kind": kind})
    with open(HERE / "quantities.jsonl", "w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"{len(DOCS)} documents, {sum(map(len, DOCS.values()))} sentences, {len(rows)} gold quantities")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "../shared/data/kind/WN_dev.tsv")
