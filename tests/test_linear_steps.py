"""Steps that used to grow with the square of a document's length: person linking compares
distinct names once (through a word index), and gives what comparing every pair gave."""
from __future__ import annotations

import random

from pipeline.extractors.entities import persons
from pipeline.extractors.entities.persons import _fits, _words, canonical_person_names


def every_pair(mentions):
    """The former quadratic definition, kept as the reference."""
    results = []
    for pos, text in mentions:
        candidates = [(p, t) for p, t in mentions if _fits(_words(text), _words(t))]
        if not candidates:
            results.append((" ".join(text.split()), "name"))
            continue
        best_len = max(len(_words(t)) for _, t in candidates)
        fullest = [(p, t) for p, t in candidates if len(_words(t)) == best_len]
        before = [c for c in fullest if c[0] < pos]
        chosen = max(before) if before else min(fullest)
        results.append((" ".join(chosen[1].split()), "partial"))
    return results


NAMES = ["Mario Rossi", "Rossi", "Mario", "Giulia Rossi", "Giulia", "Ursula von der Leyen", "von der Leyen",
         "Leyen", "Donald Trump", "Trump", "Donald John Trump", "Luigi  Di Maio", "Di Maio", "Maio"]


def test_word_index_gives_what_every_pair_gave():
    rng = random.Random(7)
    for _ in range(200):
        mentions = [(i * 3, rng.choice(NAMES)) for i in range(rng.randint(1, 25))]
        assert canonical_person_names(mentions) == every_pair(mentions)
    assert canonical_person_names([(0, "Mario Rossi"), (5, "Rossi"), (9, "Giulia Rossi"), (12, "Rossi")]) == [
        ("Mario Rossi", "name"), ("Mario Rossi", "partial"), ("Giulia Rossi", "name"), ("Giulia Rossi", "partial")]


def test_four_thousand_mentions_compare_distinct_names_only(monkeypatch):
    calls = [0]

    def counting(short, long):
        calls[0] += 1
        return _fits(short, long)
    monkeypatch.setattr(persons, "_fits", counting)
    mentions = [(i, NAMES[i % len(NAMES)]) for i in range(4000)]
    canonical_person_names(mentions)
    assert calls[0] <= len(NAMES) ** 2  # was 4000 ** 2 = 16,000,000


def test_many_full_names_sharing_a_surname_give_what_every_pair_gave():
    """The shape where each bare surname has many fuller candidates ("Anna Rossi", "Bruno Rossi", ...)."""
    firsts = ["Anna", "Bruno", "Carla", "Dario", "Elena", "Fabio", "Gina", "Ivo"]
    rng = random.Random(3)
    for _ in range(50):
        mentions = [(i, rng.choice([f"{f} Rossi" for f in firsts] + ["Rossi", "Rossi", "Anna"])) for i in range(60)]
        assert canonical_person_names(mentions) == every_pair(mentions)
