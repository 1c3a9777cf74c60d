"""Statement groups: attributions across the corpus that say the same thing.

Two attributions are in one group when their contents are near-duplicates
after normalisation (lower case, accents kept, punctuation dropped, every
number one token "0": a misquoted figure is still the same statement; Jaccard
similarity of word shingles at least `threshold`) and their sources are the
same or linked (the same canonical id once the entity report's cross-document
merging is applied: "Giorgetti" and "Giancarlo Giorgetti"; an unresolved
source by its text; anonymous sources as one). A group spans at least two
documents. Candidates come from MinHash/LSH (datasketch), so the work grows
with the number of attributions, not with its square; each candidate pair is
then checked on its exact shingles.

`statement_group_rows` is pure: rows in, rows out.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import Callable, Iterable, Iterator

from ..storage.schemas import columns
from .cross_document import DocFacts, seen_order

_WORD = re.compile(r"\w+", re.UNICODE)
_NUMBER = re.compile(r"^\d[\d_]*$")


def normalised_words(text: str) -> list[str]:
    """"Ha detto: 1.200 morti!" -> ["ha", "detto", "0", "morti"] (a number's parts are one token)."""
    words = []
    for word in _WORD.findall(text.lower()):
        word = "0" if _NUMBER.match(word) else word
        if not (word == "0" and words and words[-1] == "0"):  # "1.200" and "1 200": one number
            words.append(word)
    return words


def shingles(words: list[str], size: int) -> frozenset[str]:
    if len(words) <= size:
        return frozenset([" ".join(words)])
    return frozenset(" ".join(words[i:i + size]) for i in range(len(words) - size + 1))


def source_key(row: dict, merged: dict[str, str]) -> str | None:
    """Who said it, as one key: the merged canonical id, else the source's text; None without a source."""
    cid = row.get("source_canonical_id")
    if cid:
        return merged.get(cid, cid)
    if row.get("source_type") == "anonymous":
        return "anonymous"
    text = " ".join(normalised_words(row.get("source_text") or ""))
    return f"text:{text}" if text else None


@dataclass(slots=True)  # one per attribution of the corpus: no __dict__ each
class _Member:
    index: int  # the row's position among the attributions
    doc_id: str
    key: str
    shingles: frozenset
    order: tuple


def _jaccard(a: frozenset, b: frozenset) -> float:
    return len(a & b) / len(a | b) if a or b else 1.0


def _band_digest(band: bytes) -> bytes:
    return hashlib.blake2b(band, digest_size=8).digest()


def _find(parent: list[int], i: int) -> int:
    while parent[i] != i:
        parent[i] = parent[parent[i]]
        i = parent[i]
    return i


def _linked(members: list[_Member], options: dict) -> list[list[int]]:
    """Indices of members, one list per connected set of near-duplicates with the same source."""
    from datasketch import MinHash, MinHashLSH

    num_perm, threshold = options["num_perm"], options["threshold"]
    # one MinHash per distinct (source, shingles): wire copy repeats contents word for word
    distinct: dict[tuple, int] = {}
    of_member = [distinct.setdefault((m.key, m.shingles), len(distinct)) for m in members]
    sets = list(distinct)
    parent = list(range(len(sets)))
    # one MinHash at a time (the index keeps only its bands), bands stored as 8-byte digests
    hashes = MinHash.generator(([s.encode("utf-8") for s in shingle_set] for _key, shingle_set in sets),
                               num_perm=num_perm, seed=options["seed"])
    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm, hashfunc=_band_digest)
    for i, minhash in enumerate(hashes):
        for j in lsh.query(minhash):
            if sets[j][0] != sets[i][0] or _find(parent, i) == _find(parent, j):
                continue
            if _jaccard(sets[i][1], sets[j][1]) >= threshold:
                parent[_find(parent, i)] = _find(parent, j)
        lsh.insert(i, minhash)
    components: dict[int, list[int]] = {}
    for m, s in enumerate(of_member):
        components.setdefault(_find(parent, s), []).append(m)
    return list(components.values())


_ROWS_AT_ONCE = 5_000  # member rows asked of `rows_at` at a time

# What a member keeps of its attribution row (the rest is not read: a 10M-word corpus's
# attributions as whole rows held hundreds of megabytes).
COLUMNS = ["doc_id", "sent_id", "cue_start", "cue", "content_text", "source_canonical_id", "source_canonical_name",
           "source_type", "source_text"]


def statement_group_rows(attributions: Iterable[dict], facts: dict[str, DocFacts], merged: dict[str, str],
                         options: dict) -> list[dict]:
    """One row per member of each group (groups with the most documents first, members as first seen).

    `facts`: the accepted documents' order, date and outlet (`cross_document.document_facts`);
    `merged`: canonical id -> the id the entity report folded it into; `options`: the
    "statement_groups" thresholds of `cross_document.json`.
    """
    return list(iter_statement_groups(attributions, facts, merged, options))


def iter_statement_groups(attributions: Iterable[dict], facts: dict[str, DocFacts], merged: dict[str, str],
                          options: dict, rows_at: Callable[[list[int]], list[dict]] | None = None) -> Iterator[dict]:
    """`statement_group_rows` a group at a time. A member holds its row's position, document,
    source and shingles (members with the same source and shingles share one shingle set: wire
    copy repeats contents word for word); the rows of a group come from `rows_at(positions)`
    when it is printed (default: the attributions held as a list)."""
    if rows_at is None:
        attributions = list(attributions)
        rows_at = lambda positions: [attributions[i] for i in positions]  # noqa: E731
    members, same = [], {}
    for index, row in enumerate(attributions):
        doc = facts.get(row["doc_id"])
        key = source_key(row, merged)
        words = normalised_words(row.get("content_text") or "")
        if doc is None or key is None or len(words) < options["min_words"]:
            continue
        found = shingles(words, options["shingle_words"])
        key, found = same.setdefault((key, found), (key, found))
        members.append(_Member(index, row["doc_id"], key, found, seen_order(doc, row["sent_id"], row["cue_start"] or 0)))
    del same
    groups = []
    for component in _linked(members, options) if members else ():
        group = sorted((members[i] for i in component), key=lambda m: m.order)
        if len({m.doc_id for m in group}) > 1:
            groups.append(group)
    groups.sort(key=lambda g: (-len({m.doc_id for m in g}), g[0].order))
    batch: list[list[_Member]] = []
    for n, group in enumerate(groups):
        batch.append(group)
        if n + 1 < len(groups) and sum(map(len, batch)) < _ROWS_AT_ONCE:
            continue
        member_rows = iter(rows_at([m.index for g in batch for m in g]))
        for printed in batch:
            rows = _group_rows(printed, [next(member_rows) for _ in printed], facts)
            assert all(list(r) == columns("statement_groups") for r in rows)
            yield from rows
        batch = []


def _group_rows(group: list[_Member], member_rows: list[dict], facts: dict[str, DocFacts]) -> list[dict]:
    first = member_rows[0]
    group_id = "sg-" + hashlib.sha1(f"{first['doc_id']}\0{first['sent_id']}\0{first['cue_start']}".encode()).hexdigest()[:10]
    outlets = list(dict.fromkeys(facts[m.doc_id].outlet for m in group if facts[m.doc_id].outlet))
    n_docs = len({m.doc_id for m in group})
    rows = []
    for k, (m, r) in enumerate(zip(group, member_rows)):
        doc = facts[m.doc_id]
        rows.append({
            "group_id": group_id, "doc_id": r["doc_id"], "sent_id": r["sent_id"], "cue_start": r["cue_start"],
            "date": doc.date, "outlet": doc.outlet, "source_canonical_id": m.key if r.get("source_canonical_id") else None,
            "source_name": r.get("source_canonical_name") or r.get("source_text") or "",
            "cue": r["cue"], "content_text": r["content_text"],
            "similarity": round(_jaccard(m.shingles, group[0].shingles), 3), "is_first": k == 0,
            "first_doc_id": first["doc_id"], "first_date": facts[first["doc_id"]].date,
            "n_members": len(group), "n_documents": n_docs, "n_outlets": len(outlets), "outlets": "|".join(outlets),
        })
    return rows
