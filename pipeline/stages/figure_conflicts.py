"""Figure conflicts: two claims about the same thing whose figures disagree.

A pair of claims (the claims table) is a conflict when
- they count the same thing: the same unit lemma (counted noun: "morto", "euro") and kind,
  of a kind listed in `kinds`;
- they are about the same thing: their sentences name the same entity (other than the
  claims' own sources; generic nouns never count) and share at least `min_shared_words`
  other content words (of `word_min_length` letters or more, not in `common_words`, not
  the unit's nor the entity's words: "terremoto" in two tolls of one earthquake), or the
  claims stand in the same statement group (one statement, quoted with two figures);
- two reporters: different sources (by merged canonical id, else the source's text),
  or for the same statement group two different documents;
- close in time: both documents dated at most `window_days` apart (undated documents
  pair only with undated ones);
- the values disagree: their intervals do not overlap. A figure is [value, value_max];
  an approximate one ("circa 30") widens by `approx_tolerance` on both sides, a
  lower bound ("oltre 30", "almeno") is open upwards, an upper bound ("meno di",
  "fino a") downwards: "oltre 30" and "45" agree, "circa 30" and "32" agree.

Blocking keeps it near-linear: pairs are only formed inside a bucket (unit, kind, entity
or group), sorted by date, within the window; a bucket larger than `max_bucket` (an
entity named everywhere, such as the country of the corpus) is left out.
`figure_conflict_rows` is pure: rows in, rows out.
"""
from __future__ import annotations

import math
import re
from typing import Iterable, Iterator

from ..extractors.entities.organizations import is_generic_id
from ..storage.schemas import columns
from .cross_document import DocFacts, seen_order
from .statement_groups import source_key


def interval(claim: dict, options: dict) -> tuple[float, float]:
    """The values a figure allows (see the module doc)."""
    value = claim["value"]
    top = claim["value_max"] if claim["value_max"] is not None else value
    qualifier, tol = (claim["approx"] or "").lower(), options["approx_tolerance"]
    approx = qualifier in options["approx"]
    low, high = (value - abs(value) * tol, top + abs(top) * tol) if approx else (value, top)
    if qualifier in options["lower_bounds"]:
        low, high = value, high if approx else math.inf
    if qualifier in options["upper_bounds"]:
        low, high = low if approx else -math.inf, top
    return low, high


def disagree(a: dict, b: dict, options: dict) -> bool:
    (low_a, high_a), (low_b, high_b) = interval(a, options), interval(b, options)
    return high_a < low_b or high_b < low_a


_WORD = re.compile(r"[^\W\d_]+")


def content_words(text: str, options: dict) -> set[str]:
    common = options["common_words"]
    return {w for w in _WORD.findall((text or "").lower()) if len(w) >= options["word_min_length"] and w not in common}


def same_topic(a: dict, b: dict, entity_name: str, options: dict) -> bool:
    """The two sentences share enough content words besides the entity and the counted noun."""
    aside = content_words(f"{entity_name} {a['unit']} {a['unit_lemma']} {b['unit']} {b['unit_lemma']}", options)
    shared = content_words(a["sentence"], options) & content_words(b["sentence"], options)
    return len(shared - aside) >= options["min_shared_words"]


def sentence_entities(entities: Iterable[dict], wanted: set[tuple[str, int]],
                      merged: dict[str, str]) -> dict[tuple[str, int], dict[str, str]]:
    """(doc_id, sent_id) -> {canonical id: name} of the named entities of the wanted sentences."""
    found: dict[tuple[str, int], dict[str, str]] = {}
    for row in entities:
        where, cid = (row["doc_id"], row["sent_id"]), row["canonical_id"]
        if where in wanted and cid and not is_generic_id(cid):
            found.setdefault(where, {})[merged.get(cid, cid)] = row["canonical_name"]
    return found


def comparable(claim: dict, facts: dict[str, DocFacts], options: dict) -> bool:
    """A claim that can conflict: an accepted document's, with a value, a counted noun and a kind compared."""
    return (claim["doc_id"] in facts and claim["value"] is not None and bool(claim["unit_lemma"])
            and claim["kind"] in options["kinds"])


def figure_conflict_rows(claims: Iterable[dict], named: dict[tuple[str, int], dict[str, str]],
                         group_of: dict[tuple[str, int, str], str], facts: dict[str, DocFacts],
                         merged: dict[str, str], options: dict) -> list[dict]:
    """One row per conflicting pair, the first-seen claim as "a"; pairs ordered as first seen.

    `named`: the entities of each claim's sentence (`sentence_entities`); `group_of`:
    (doc_id, sent_id, cue) -> statement group id; `options`: the "figure_conflicts"
    thresholds of `cross_document.json`.
    """
    return list(iter_figure_conflicts(claims, named, group_of, facts, merged, options))


def iter_figure_conflicts(claims: Iterable[dict], named: dict[tuple[str, int], dict[str, str]],
                          group_of: dict[tuple[str, int, str], str], facts: dict[str, DocFacts],
                          merged: dict[str, str], options: dict) -> Iterator[dict]:
    """`figure_conflict_rows` one row at a time (only the pairs' indices are held)."""
    kept = []
    for c in claims:
        if comparable(c, facts, options):
            kept.append((seen_order(facts[c["doc_id"]], c["sent_id"], c["quantity_start"]), c, source_key(c, merged)))
    kept.sort(key=lambda k: k[0])
    buckets: dict[tuple, list[int]] = {}
    for i, (_order, c, source) in enumerate(kept):
        base = (c["unit_lemma"], c["kind"])
        for cid in named.get((c["doc_id"], c["sent_id"]), {}):
            if cid != source:
                buckets.setdefault((*base, "entity", cid), []).append(i)
        group = group_of.get((c["doc_id"], c["sent_id"], c["cue"]))
        if group:
            buckets.setdefault((*base, "group", group), []).append(i)
    found: dict[tuple, tuple[int, int, list[str]]] = {}  # one row per pair of figures
    window = options["window_days"]
    for (_unit, _kind, how, what), members in buckets.items():
        if len(members) > options["max_bucket"]:
            continue
        for x, i in enumerate(members):
            _, a, source_a = kept[i]
            date_a = facts[a["doc_id"]].date
            for j in members[x + 1:]:
                _, b, source_b = kept[j]
                date_b = facts[b["doc_id"]].date
                if (date_a is None) != (date_b is None):
                    continue
                if date_a is not None and (date_b - date_a).days > window:
                    break  # sorted by date: every later one is further away
                if (a["doc_id"], a["quantity_start"]) == (b["doc_id"], b["quantity_start"]):
                    continue  # one figure in two claims (nested attributions)
                label = what if how == "group" else named[(a["doc_id"], a["sent_id"])][what]
                two_reporters = a["doc_id"] != b["doc_id"] if how == "group" else (
                    source_a is not None and source_b is not None and source_a != source_b
                    and same_topic(a, b, label, options))
                if two_reporters and disagree(a, b, options):
                    found.setdefault((a["doc_id"], a["quantity_start"], b["doc_id"], b["quantity_start"]), (i, j, []))[2].append(label)
    for i, j, shared in sorted(found.values(), key=lambda f: f[:2]):
        row = _row(kept[i][1], kept[j][1], shared, facts, merged)
        assert list(row) == columns("figure_conflicts")
        yield row


def _row(a: dict, b: dict, shared: list[str], facts: dict[str, DocFacts], merged: dict[str, str]) -> dict:
    date_a, date_b = facts[a["doc_id"]].date, facts[b["doc_id"]].date
    row = {"unit_lemma": a["unit_lemma"], "kind": a["kind"], "shared": "|".join(sorted(set(shared))),
           "days_apart": (date_b - date_a).days if date_a and date_b else None}
    for side, c in (("a", a), ("b", b)):
        row.update({f"doc_id_{side}": c["doc_id"], f"sent_id_{side}": c["sent_id"],
                    f"date_{side}": facts[c["doc_id"]].date,
                    f"source_{side}": c["source_canonical_name"] or c["source_text"] or "",
                    f"source_id_{side}": merged.get(c["source_canonical_id"], c["source_canonical_id"]), f"figure_{side}": c["quantity_text"],
                    f"value_{side}": c["value"], f"value_max_{side}": c["value_max"], f"approx_{side}": c["approx"],
                    f"quantity_start_{side}": c["quantity_start"], f"sentence_{side}": c["sentence"]})
    return row
