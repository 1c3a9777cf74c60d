"""Organisations an analyst can aggregate (spec: "Organisation").

1. `add_specifiers`: a generic institution noun (`institution_nouns.tsv`)
   followed by its specifier is one organisation: a lower-case demonym ("il
   governo spagnolo") or "di"/"del" + a capitalised name ("la procura di
   Bari", "la polizia di Stato"). Countries stay nested; other mentions inside
   the new span are dropped (no organisation nested in an organisation).
2. `link_organizations`: one canonical entity per organisation of the document.
   - a name or alias in `organization_aliases.tsv` takes that entry's id
     (stable across documents and runs: "PD" and "Partito Democratico" are
     `organization:pd`);
   - "Partito Democratico (PD)", or an acronym whose letters are the initials
     of a full name of the document ("FAI" of "Fondo Ambiente Italiano"), is
     that full name;
   - a bare generic noun ("il governo", "la Camera", "la procura") links to the
     nearest specific organisation of the document with the same noun ("la
     procura di Bari ... la procura"); without one it is `generic`: its id is
     scoped to the document, so it never merges across documents.
   The canonical name is the fullest non-acronym form the document writes
   (first letter capitalised: "Procura di Bari"), else the table's name.
"""
from __future__ import annotations

import re

from spacy.tokens import Doc

from ...gazetteers import slug
from ..lexicon import lexicon
from .mention import Mention

GENERIC_PREFIX = "generic:"
_QUOTE_TOKENS = frozenset('"«»“”')
_QUOTES = str.maketrans({q: " " for q in '"«»“”'})
_SPECIFIER_LINKS = frozenset({"di", "del", "della", "dello", "dei", "degli", "delle", "d'", "dell'"})
_INITIAL_SKIP = frozenset({"di", "del", "della", "dello", "dei", "degli", "delle", "d'", "dell'", "e", "ed",
                           "per", "il", "la", "lo", "le", "gli", "i", "l'", "of", "the", "and", "a", "al", "alla"})


def generic_nouns() -> dict[str, str]:
    """Generic institution noun -> what it is with a lower-case adjective after it: still
    `generic` ("commissione parlamentare") or a `name` ("Partito liberal democratico")."""
    lex = lexicon()
    return lex.cached("generic_nouns", lambda: {r["word"]: r["with_adjective"]
                                                for r in lex.rows("institution_nouns.tsv")})


def title_words() -> frozenset:
    """Titles and roles before a name ("presidente", "papa"), not the `non_name` words."""
    lex = lexicon()
    return lex.cached("title_words", lambda: frozenset(
        r["word"].lower() for r in lex.rows("person_titles.tsv") if r["kind"] != "non_name"))


def organization_table() -> dict[str, tuple[str, str]]:
    """Every name and alias of `organization_aliases.tsv` (exact text) -> (org_id, canonical name)."""
    lex = lexicon()

    def build() -> dict[str, tuple[str, str]]:
        table = {}
        for row in lex.rows("organization_aliases.tsv"):
            for name in [row["canonical_name"], *row["aliases"].split("|")]:
                if name.strip():
                    table.setdefault(name.strip(), (row["org_id"], row["canonical_name"]))
        return table

    return lex.cached("organization_table", build)


def is_generic_id(canonical_id: str | None) -> bool:
    return bool(canonical_id) and canonical_id.startswith(GENERIC_PREFIX)


def _text(doc: Doc, m: Mention) -> str:
    return " ".join(doc[m.start:m.end].text.translate(_QUOTES).split())


def _is_bare(doc: Doc, m: Mention, countries: set[int]) -> bool:
    """"governo", "la Camera", "commissione parlamentare": a generic noun alone or with
    lower-case adjectives (no complement with "di", no country word) when the noun stays
    generic with them."""
    tokens = doc[m.start:m.end]
    kind = generic_nouns().get(tokens[0].lower_)
    if kind is None or len(tokens) == 1:
        return kind is not None
    return kind == "generic" and all(t.text[:1].islower() and t.i not in countries
                                     and t.lower_ not in _SPECIFIER_LINKS for t in tokens[1:])


def drop_title_complements(doc: Doc, mentions: list[Mention]) -> None:
    """"il presidente del Consiglio", "il presidente della Camera": a bare institution noun
    completing a title is part of that title, not a mention of the institution."""
    def in_title(m: Mention) -> bool:
        return (m.start >= 2 and doc[m.start - 1].lower_ in _SPECIFIER_LINKS
                and doc[m.start - 2].lower_ in title_words())
    mentions[:] = [m for m in mentions if not (m.type == "organization" and m.end - m.start == 1
                                               and doc[m.start].lower_ in generic_nouns() and in_title(m))]


def _capitalised_end(doc: Doc, i: int) -> int:
    """End of a capitalised name starting at i ("Bari", "Stato", "Reggio Calabria")."""
    j = i
    while j < len(doc) and doc[j].text[:1].isupper() and doc[j].is_alpha:
        j += 1
    return j


def _specifier_end(doc: Doc, end: int, demonyms: set[int]) -> int:
    """Where a specifier after a generic noun ending at `end` stops (`end` when none)."""
    if end < len(doc) and end in demonyms:
        return end + 1  # "governo spagnolo"
    if end + 1 < len(doc) and doc[end].lower_ in _SPECIFIER_LINKS:
        stop = _capitalised_end(doc, end + 1)
        if stop > end + 1:
            return stop  # "procura di Bari"
    return end


def add_specifiers(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """Generic nouns stretched over their specifier (module docstring, 1)."""
    countries = {i for m in mentions if m.type == "country" for i in range(m.start, m.end)}
    demonyms = {m.start for m in mentions if m.form == "demonym" and doc[m.start].text[:1].islower()}
    covered = {i for m in mentions for i in range(m.start, m.end)}
    candidates = [m for m in mentions if m.type == "organization" and _is_bare(doc, m, countries)]
    # A generic noun the model left untagged, when a specifier follows it.
    nouns = generic_nouns()
    for token in doc:
        if token.lower_ in nouns and token.i not in covered and token.text[:1].islower():
            candidates.append(Mention(token.i, token.i + 1, "ORG", "organization", None, None, "name", "rule"))
    for m in candidates:
        stop = _specifier_end(doc, m.end, demonyms)
        if stop == m.end:
            continue
        inside = [o for o in mentions if o is not m and m.start <= o.start and o.end <= stop]
        if any(o.type in ("person", "outlet") for o in inside):
            continue  # "il governo di Mario Monti" is left to the person rules
        for other in inside:
            if other.type != "country":
                mentions.remove(other)
        m.end = stop
        if m not in mentions:
            mentions.append(m)
    return sorted(mentions, key=lambda m: (m.start, m.end))


_LOCATIVES = frozenset({"in", "nel", "nella", "nei", "nelle", "negli", "nello", "nell'"})


def retype_institution_places(doc: Doc, mentions: list[Mention]) -> None:
    """"al comune di Roma": an institution noun with its specifier that the model read as a
    place is the institution; "in provincia di Milano", after a locative, stays a place."""
    for m in mentions:
        if (m.type == "location" and m.method == "model" and m.end - m.start >= 3
                and doc[m.start].lower_ in generic_nouns() and doc[m.start + 1].lower_ in _SPECIFIER_LINKS
                and not (m.start > 0 and doc[m.start - 1].lower_ in _LOCATIVES)):
            m.type, m.label = "organization", "ORG"


def _quote_end(doc: Doc, m: Mention) -> int:
    """The end of a span balanced over its quotes ('Istituto " Pacini' + '"'), or after a quoted
    name right behind it ('Policlinico' + '"Gemelli"'); m.end when neither."""
    quotes = sum(t.text in _QUOTE_TOKENS for t in doc[m.start:m.end])
    i = m.end
    if quotes % 2 == 0:
        if not (i + 2 < len(doc) and doc[i].text in _QUOTE_TOKENS and doc[i + 1].text[:1].isupper()):
            return m.end
        i += 1
    for j in range(i, min(i + 6, len(doc))):
        if doc[j].text in _QUOTE_TOKENS:
            return j + 1
        if not (doc[j].text[:1].isupper() or doc[j].lower_ in _SPECIFIER_LINKS):
            break
    return m.end


def _link_end(doc: Doc, end: int) -> int:
    """After a name ending in "della" ("Ufficio Missionario della"): the end of the chain of
    capitalised names and links that completes it ("Diocesi di Pistoia")."""
    stop = end
    while stop < len(doc) and doc[stop - 1].lower_ in _SPECIFIER_LINKS and doc[stop].text[:1].isupper():
        after = _capitalised_end(doc, stop)
        if after == stop:  # capitalised but not a plain word ("Emilia-Romagna" as one token): no chain
            break
        stop = after
        if stop < len(doc) - 1 and doc[stop].lower_ in _SPECIFIER_LINKS and doc[stop + 1].text[:1].isupper():
            stop += 1
    return stop


def complete_names(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """Organisation spans the model cut short: over a trailing "della" and the names after it,
    and over the quotes of a quoted name; the mentions inside go (countries stay nested)."""
    for m in [m for m in mentions if m.type == "organization" and m.method == "model"]:
        stop = _quote_end(doc, m)
        stop = _link_end(doc, stop) if stop == m.end else stop
        if stop == m.end or m not in mentions:
            continue
        for other in [o for o in mentions if o is not m and m.start <= o.start and o.end <= stop]:
            if other.type != "country":
                mentions.remove(other)
        if any(o is not m and o.start < stop and o.end > stop for o in mentions):
            continue  # would cross another mention
        m.end = stop
    return sorted(mentions, key=lambda m: (m.start, m.end))


def _is_acronym(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return (" " not in text and 2 <= len(text) <= 7 and len(letters) >= 2
            and sum(c.isupper() for c in letters) >= max(2, len(letters) - 1))


def _initials(name: str) -> set[str]:
    """The initials of a name's significant words, and of those before its first link
    ("TAR" of "Tribunale amministrativo regionale del Lazio")."""
    words = re.findall(r"[\w]+'?", name)
    head = []
    for w in words:
        if w.lower() in _SPECIFIER_LINKS:
            break
        head.append(w)
    return {"".join(w[0] for w in part if w.lower() not in _INITIAL_SKIP).upper() for part in (words, head)}


def _acronym_like(text: str) -> bool:
    return _is_acronym(text) or (" " not in text and text in organization_table())


def _display(text: str) -> str:
    return text[:1].upper() + text[1:]


def _acronym_targets(doc: Doc, specific: list[Mention]) -> dict[str, str]:
    """Acronym -> full name of the document: "Partito Democratico (PD)", or initials."""
    full = [_text(doc, m) for m in specific if m.end - m.start > 1]
    targets = {}
    for m in specific:
        if m.end - m.start > 1 and m.end + 2 < len(doc) and doc[m.end].text == "(" and doc[m.end + 2].text == ")":
            targets.setdefault(doc[m.end + 1].text, _text(doc, m))
    for m in specific:
        text = _text(doc, m)
        if _acronym_like(text) and text not in targets:
            fitting = {f for f in full if text.upper() in _initials(f)}
            if len(fitting) == 1:
                targets[text] = fitting.pop()
    # "Commissione di Vigilanza" after "Commissione di Vigilanza Rai": a shorter form of one longer name.
    words = {f: f.lower().split() for f in full}
    for f, w in words.items():
        longer = [g for g, v in words.items() if len(v) > len(w) and v[:len(w)] == w]
        if len(longer) == 1 and f not in targets:
            targets[f] = longer[0]
    return targets


def _group_key(text: str, acronyms: dict[str, str]) -> str:
    text = acronyms.get(text, text)
    entry = organization_table().get(text)
    return f"organization:{entry[0]}" if entry else f"organization:{slug(text)}"


def _canonical(key: str, names: list[str]) -> str:
    """The fullest non-acronym form of the group, else the table's name, else what is written."""
    written = [n for n in names if not _is_acronym(n)]
    if written:
        return _display(max(written, key=lambda n: (len(n.split()), len(n))))
    table = {v[0]: v[1] for v in organization_table().values()}
    return table.get(key.split(":", 1)[1], names[0])


def link_organizations(doc: Doc, doc_id: str, mentions: list[Mention]) -> None:
    """Canonical names, ids and forms of the organisations (module docstring, 2)."""
    countries = {i for m in mentions if m.type == "country" for i in range(m.start, m.end)}
    orgs = [m for m in mentions if m.type == "organization"]
    bare = [m for m in orgs if _is_bare(doc, m, countries)]
    specific = [m for m in orgs if not any(m is b for b in bare)]
    acronyms = _acronym_targets(doc, specific)
    groups: dict[str, list[Mention]] = {}
    for m in specific:
        groups.setdefault(_group_key(_text(doc, m), acronyms), []).append(m)
    for key, members in groups.items():
        name = _canonical(key, [_text(doc, m) for m in members])
        for m in members:
            m.canonical_id, m.canonical_name = key, name
            m.form = "name" if _text(doc, m).lower() == name.lower() else "alias"
    for m in bare:
        head = doc[m.start].lower_
        same = [s for s in specific if doc[s.start].lower_ == head and s.end - s.start > 1]
        before = [s for s in same if s.start < m.start]
        target = before[-1] if before else (same[0] if same else None)
        if target is not None:
            m.canonical_id, m.canonical_name, m.form = target.canonical_id, target.canonical_name, "alias"
        else:
            text = _text(doc, m)
            m.canonical_id, m.canonical_name, m.form = f"{GENERIC_PREFIX}{doc_id}:{slug(text)}", text, "generic"


def retype_known_organizations(doc: Doc, mentions: list[Mention]) -> None:
    """A model span of another type that the organisation table names ("FIAT" read as a
    person) is an organisation."""
    table = organization_table()
    for m in mentions:
        if m.method == "model" and m.type in ("person", "other", "location") and _text(doc, m) in table:
            m.type, m.label = "organization", "ORG"
