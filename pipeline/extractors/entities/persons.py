"""One canonical name per person within a document.

A mention whose words are all part of a longer person name in the same
document ("Trump", "Donald") links to that longer name ("Donald Trump"); when
several longer names fit, the nearest one mentioned before wins, else the
nearest after. Titles ("presidente", "dott.") never reach here: the NER span
is the name itself.
"""
from __future__ import annotations

from bisect import bisect_left

from ...gazetteers import slug
from ..lexicon import lexicon


def _particles() -> frozenset:
    """"von", "de", "bin", "della": parts of a name that alone do not identify a person."""
    return lexicon().closed("name_particle", "italian_name_particle")


def _words(name: str) -> list[str]:
    return [w.lower().strip(".,") for w in name.split() if w.strip(".,")]


def _fits(short: list[str], long: list[str]) -> bool:
    """All significant words of `short` occur, in order, in `long`, and long is longer."""
    if len(short) >= len(long):
        return False
    particles = _particles()
    significant = [w for w in short if w not in particles] or short
    it = iter(long)
    return all(any(w == x for x in it) for w in significant)


def name_words(name: str) -> list[str]:
    """The lower-case words of a name that `name_fits` compares (particles left out)."""
    words, particles = _words(name), _particles()
    return [w for w in words if w not in particles] or words


def name_fits(short: str, long: str) -> bool:
    """The words of name `short` all stand, in order, in the longer name `long`."""
    return _fits(_words(short), _words(long))


def canonical_person_names(mentions: list[tuple[int, str]]) -> list[tuple[str, str]]:
    """For (position, text) person mentions in document order: (canonical name, form).

    form is "name" for a mention that is its own canonical name, "partial"
    for a shorter mention linked to a fuller one. Distinct names are compared
    once, and only with names sharing a word (an index by word), so the cost
    grows with the number of distinct names, not with mentions squared.
    """
    words_of: dict[str, list[str]] = {}
    positions: dict[str, list[int]] = {}  # in document order, so sorted
    for pos, text in mentions:
        words_of.setdefault(text, _words(text))
        positions.setdefault(text, []).append(pos)
    by_word: dict[str, list[str]] = {}
    for text, words in words_of.items():
        for word in set(words):
            by_word.setdefault(word, []).append(text)
    # For each distinct short name: the mentions of its fullest candidates, (position, name), sorted.
    fuller: dict[str, list[tuple[int, str]]] = {}
    results, particles = [], _particles()
    for pos, text in mentions:
        if text not in fuller:
            words = words_of[text]
            significant = [w for w in words if w not in particles] or words
            pool = min((by_word.get(w, []) for w in significant), key=len) if significant else list(words_of)
            candidates = [t for t in pool if _fits(words, words_of[t])]
            best = max((len(words_of[t]) for t in candidates), default=0)  # only the fullest compete
            fuller[text] = sorted((p, t) for t in candidates if len(words_of[t]) == best for p in positions[t])
        found = fuller[text]
        if not found:
            results.append((" ".join(text.split()), "name"))
            continue
        # The nearest mentioned before, else the first mentioned after.
        i = bisect_left(found, (pos,))
        chosen = found[i - 1][1] if i > 0 else found[0][1]
        results.append((" ".join(chosen.split()), "partial"))
    return results


def person_id(name: str) -> str:
    return f"person:{slug(name)}"
