"""Build the attribution gold set from hand annotations of KIND WN_dev sentences.

Each document is a few real news sentences (detokenized, one per line). The
annotations below were written by hand: (sentence number in WN_dev, cue text,
cue type, source text or None, resolved canonical name or None, source type).
This script only looks the texts up and computes and checks the offsets:
every cue/source text must occur in its sentence (first occurrence at or after
the previous annotated cue in that sentence).

Run from the project root:
    .venv/bin/python tests/gold/build_attributions_gold.py /path/to/WN_dev.tsv
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from pipeline.training.convert import detokenize, read_kind  # noqa: E402

HERE = Path(__file__).resolve().parent

DOCS = {
    "wn_a": [6, 17, 21, 40, 41, 53, 62, 152, 212, 391],
    "wn_b": [224, 231, 233, 283, 310, 314, 328, 465, 1069],
    "wn_c": [384, 423, 424, 426, 441, 442, 445, 456, 487, 1225],
    "wn_d": [535, 689, 801, 881, 927, 945, 966, 986, 1004, 1057, 1093, 1153, 1203, 1227, 1271, 1314, 1346, 1351],
}

A = [  # sentence, cue, cue_type, source text, resolved name, source type
    (6, "ha affermato", "verb", "Lee", "Lee", "person"),
    (17, "ha affermato", "verb", "Lee", "Lee", "person"),
    (21, "secondo", "according_to", "il giornale", None, "outlet"),
    (21, "come raccontato negli scorsi giorni dal", "reported_by", "Financial Times", "Financial Times", "outlet"),
    (40, "Secondo", "according_to", "Le Journal du Dimanche", "Le Journal du Dimanche", "outlet"),
    (41, "Secondo", "according_to", "Martial Jorel", "Martial Jorel", "person"),
    (53, "Secondo", "according_to", "la polizia tedesca", None, "organization"),
    (62, "ha annunciato", "verb", "FIFA", "FIFA", "organization"),
    (152, "secondo", "according_to", "il presidente del Consiglio", None, "person"),
    (212, "Secondo", "according_to", "l'accusa", None, "organization"),
    (224, "secondo quanto riportato dalle", "according_to", "agenzie", None, "outlet"),
    (231, "Secondo quanto riferito dal", "according_to", "Telegiornale Regionale della Lombardia",
     "Telegiornale Regionale della Lombardia", "outlet"),
    (233, "secondo quanto riferito dal", "according_to", "Telegiornale Regionale della Lombardia",
     "Telegiornale Regionale della Lombardia", "outlet"),
    (283, "secondo", "according_to", "le indagini", None, "document"),
    (310, "riporta", "reported_by", "All Africa", "All Africa", "outlet"),
    (314, "hanno riferito", "verb", "Fonti della polizia", None, "anonymous"),
    (328, "ha affermato", "verb", "Abdelhamid Jelassi", "Abdelhamid Jelassi", "person"),
    (384, "Secondo", "according_to", "Schiffmann", "Schiffmann", "person"),
    (423, "secondo", "according_to", "Brion Vibber", "Brion Vibber", "person"),
    (424, "Secondo", "according_to", "Vibber", "Brion Vibber", "person"),
    (426, "secondo", "according_to", "la stessa fonte", "Brion Vibber", "person"),
    (441, "ha dichiarato", "verb", "Un responsabile del Robert Koch-Instituts", None, "anonymous"),
    (442, "Secondo", "according_to", "Organizzazione Mondiale della Sanità",
     "Organizzazione Mondiale della Sanità", "organization"),
    (445, "secondo quanto comunicato dal", "according_to", "Nicolás Maduro", "Nicolás Maduro", "person"),
    (456, "ha detto", "verb", "Maduro", "Nicolás Maduro", "person"),
    (487, "secondo", "according_to", "Igor Konashenkov", "Igor Konashenkov", "person"),
    (535, "ha confermato", "verb", "Edward Davis", "Edward Davis", "person"),
    (689, "ha detto", "verb", "Medvedev", "Medvedev", "person"),
    (801, "ha detto", "verb", "il governo georgiano", "Georgia", "country"),
    (881, "secondo", "according_to", "i carabinieri", None, "organization"),
    (927, "Secondo", "according_to", "la stampa del Regno Unito", None, "outlet"),
    (945, "scrive", "reported_by", "la stampa britannica", None, "outlet"),
    (966, "Secondo", "according_to", "i dati di Gartner research", None, "document"),
    (986, "Secondo", "according_to", "Autostrade per l'Italia", "Autostrade per l'Italia", "organization"),
    (1004, "secondo", "according_to", "i ricercatori", None, "person"),
    (1057, "Secondo quanto riportato dall'", "according_to", "Kazakinform", "Kazakinform", "outlet"),
    (1093, "ha detto", "verb", "Domscheit-Berg", "Domscheit-Berg", "person"),
    (1153, "Secondo quanto riferito da", "according_to", "Serge Lemoine", "Serge Lemoine", "person"),
    (1203, "Secondo", "according_to", "i responsabili militari", None, "anonymous"),
    (1227, "ha detto", "verb", "Goran Miletic", "Goran Miletic", "person"),
    (1271, "dicono", "verb", "Alcune fonti", None, "anonymous"),
    (1346, "ha affermato", "verb", "Robert Mugabe", "Robert Mugabe", "person"),
    (1351, "ha annunciato", "verb", "Adobe Systems", "Adobe Systems", "organization"),
]


def main(kind_path: str) -> None:
    wanted = {n for ns in DOCS.values() for n in ns}
    sentences = {n: detokenize(words) for n, (words, _) in enumerate(read_kind(kind_path)) if n in wanted}
    out_dir = HERE / "attribution_docs"
    out_dir.mkdir(exist_ok=True)
    records = []
    for doc_id, numbers in DOCS.items():
        starts, text = {}, ""
        for n in numbers:
            starts[n] = len(text)
            text += sentences[n] + "\n"
        (out_dir / f"{doc_id}.txt").write_text(text, encoding="utf-8")
        cursor: dict[int, int] = {}
        for n, cue, cue_type, source, resolved, source_type in A:
            if n not in numbers:
                continue
            sent = sentences[n]
            at = sent.find(cue, cursor.get(n, 0))
            assert at >= 0, (n, cue)
            cursor[n] = at + len(cue)
            rec = {"doc_id": doc_id, "sentence": n,
                   "cue": {"start": starts[n] + at, "end": starts[n] + at + len(cue), "text": cue},
                   "cue_type": cue_type, "source": None, "source_resolved": resolved,
                   "source_type": source_type, "content": None}
            if source:
                s = sent.find(source)
                assert s >= 0, (n, source)
                rec["source"] = {"start": starts[n] + s, "end": starts[n] + s + len(source), "text": source}
            for key in ("cue", "source"):
                if rec[key]:
                    assert text[rec[key]["start"]:rec[key]["end"]] == rec[key]["text"]
            records.append(rec)
    with open(HERE / "attributions.jsonl", "w", encoding="utf-8") as handle:
        for rec in records:
            handle.write(json.dumps(rec, ensure_ascii=False) + "\n")
    print(f"{len(DOCS)} documents, {len(records)} attributions")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "../shared/data/kind/WN_dev.tsv")
