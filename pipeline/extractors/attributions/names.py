"""Names next to a cue that the entities stage missed or cut short.

- `name_run(text, start, end, last)`: the run of capitalised words (with name
  particles "von der", and hyphen-joined pieces "Ki-moon") in a source phrase:
  the one ending the phrase for a preposed subject (`last`), the first one
  for a postposed subject or a phrase after "secondo". A run right after a
  preposition is a complement ("il ministro delle Foreste"); when it has three
  or more words it is taken as complement + name and its last two words are
  the name ("delle Foreste Parimal Suklabaidya" -> "Parimal Suklabaidya").
- `name_row(text, start, end, source_type)`: an entities-like row for such a
  name: `person:<slug>` for a personal name (2-3 words, or 1 after a role
  noun, with no organisation word), `outlet:<slug>` when the phrase says it
  is an outlet, `organization:<slug>` otherwise; canonical name = the text.
- `extend(text, s, e, row)`: an entity span stretched over hyphen-joined
  pieces ("Ban Ki" + "-moon") and over a long organisation name's tail
  ("Ufficio delle Nazioni Unite" + "per gli Affari Umanitari"): returns the new
  end and the row (a new name row when the span grew and the entity's
  canonical name was its surface text).
"""
from __future__ import annotations

from ...gazetteers import slug
from ..tokens import glued_hyphen

_STOP_KINDS = ("determiner", "preposition", "boundary", "adverb", "pronoun")


def is_name_word(text, i: int) -> bool:
    tok = text.words[i]
    return tok[:1].isupper() and tok[:1].isalpha() and not any(text.lex.is_(k, text.low[i]) for k in _STOP_KINDS)


def _hyphen(text, i: int) -> bool:
    """Token i is a hyphen glued to both neighbours ("Ki-moon")."""
    return glued_hyphen(text.words, text.ws, i)


def _run_end(text, i: int, end: int) -> int:
    """End of the capitalised run starting at name word i (before `end`)."""
    j = i + 1
    while j < end:
        if is_name_word(text, j):
            j += 1
        elif _hyphen(text, j) and j + 1 < end:
            j += 2
        elif text.lex.is_("name_particle", text.low[j]) and j + 1 < end and is_name_word(text, j + 1):
            j += 2
        else:
            break
    return j


def _runs(text, start: int, end: int) -> list[tuple[int, int]]:
    runs, i = [], start
    while i < end:
        if is_name_word(text, i):
            j = _run_end(text, i, end)
            runs.append((i, j))
            i = j
        else:
            i += 1
    return runs


def _words(text, s: int, e: int) -> int:
    return sum(1 for i in range(s, e) if text.upper(i))


def name_run(text, start: int, end: int, last: bool) -> tuple[int, int] | None:
    runs = _runs(text, start, end)
    if not runs:
        return None
    s, e = runs[-1] if last else runs[0]
    if last and e != end:
        return None
    if s > start and text.lex.is_("preposition", text.low[s - 1]):
        if _words(text, s, e) < 3:
            return None
        s = e - 1
        while s > 0 and _words(text, s, e) < 2:
            s -= 1
    return s, e


def _after_role(text, s: int) -> bool:
    for i in range(max(0, s - 6), s):
        hit = text.match(i, text.lex.roles, 4)
        if hit and not any(text.is_punct(j) for j in range(i, s)):
            return True
    return False


def name_row(text, s: int, e: int, source_type: str = "unknown") -> dict:
    name = text.doc[s:e].text
    words = _words(text, s, e)
    org = any(text.lex.is_("org_word", text.low[i]) for i in range(s, e))
    if source_type == "outlet":
        kind = "outlet"
    elif not org and (2 <= words <= 3 or (words == 1 and _after_role(text, s))):
        kind = "person"
    else:
        kind = "organization"
    return {"type": kind, "canonical_id": f"{kind}:{slug(name)}", "canonical_name": name,
            "text": name, "form": "name", "synthetic": True}


def extend(text, s: int, e: int, row: dict) -> tuple[int, dict]:
    """Stretch an entity span over hyphen pieces and a long organisation name's tail."""
    new = e
    while new < len(text) - 1 and _hyphen(text, new):
        new += 2
    if row["type"] == "organization":
        j = new
        while j < len(text) and text.lex.is_("org_link", text.low[j]):
            k = j + 1
            if k < len(text) and text.lex.is_("org_article", text.low[k]):
                k += 1
            if k < len(text) and is_name_word(text, k) and not _is_place(text, k):
                j = new = _run_end(text, k, len(text))
            else:
                break
    if new == e:
        return e, row
    surface = text.doc[s:e].text
    if " ".join(str(row.get("canonical_name", "")).split()) != " ".join(surface.split()):
        return new, row  # a normalised name ("ONU"): keep it
    out = name_row(text, s, new)
    if row["type"] in ("person", "organization", "outlet"):
        out["type"] = row["type"]
        out["canonical_id"] = f"{row['type']}:{slug(out['canonical_name'])}"
    return new, out


def _is_place(text, k: int) -> bool:
    idx = text.ent_at.get(k)
    return idx is not None and text.entities[idx][2]["type"] in ("country", "location")
