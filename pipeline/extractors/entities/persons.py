"""One canonical name per person within a document.

A mention whose words are all part of a longer person name in the same
document ("Trump", "Donald") links to that longer name ("Donald Trump"); when
several longer names fit, the nearest one mentioned before wins, else the
nearest after. Titles ("presidente", "dott.") never reach here: the NER span
is the name itself.
"""
from __future__ import annotations

from functools import lru_cache

from ...gazetteers import read_tsv, slug


@lru_cache(maxsize=1)
def _particles() -> frozenset:
    """"von", "de", "bin": parts of a name that alone do not identify a person."""
    return frozenset(r["word"] for r in read_tsv("entity_words.tsv") if r["role"] == "name_particle")


def _words(name: str) -> list[str]:
    return [w.lower().strip(".,") for w in name.split() if w.strip(".,")]


def _fits(short: list[str], long: list[str]) -> bool:
    """All significant words of `short` occur, in order, in `long`, and long is longer."""
    if len(short) >= len(long):
        return False
    significant = [w for w in short if w not in _particles()] or short
    it = iter(long)
    return all(any(w == x for x in it) for w in significant)


def name_words(name: str) -> list[str]:
    """The lower-case words of a name that `name_fits` compares (particles left out)."""
    words = _words(name)
    return [w for w in words if w not in _particles()] or words


def name_fits(short: str, long: str) -> bool:
    """The words of name `short` all stand, in order, in the longer name `long`."""
    return _fits(_words(short), _words(long))


def canonical_person_names(mentions: list[tuple[int, str]]) -> list[tuple[str, str]]:
    """For (position, text) person mentions in document order: (canonical name, form).

    form is "name" for a mention that is its own canonical name, "partial"
    for a shorter mention linked to a fuller one.
    """
    results = []
    for pos, text in mentions:
        words = _words(text)
        candidates = [(p, t) for p, t in mentions if _fits(words, _words(t))]
        if not candidates:
            results.append((" ".join(text.split()), "name"))
            continue
        # Prefer the fullest name, then the nearest before, then the nearest after.
        best_len = max(len(_words(t)) for _, t in candidates)
        fullest = [(p, t) for p, t in candidates if len(_words(t)) == best_len]
        before = [c for c in fullest if c[0] < pos]
        chosen = max(before) if before else min(fullest)
        results.append((" ".join(chosen[1].split()), "partial"))
    return results


def person_id(name: str) -> str:
    return f"person:{slug(name)}"
