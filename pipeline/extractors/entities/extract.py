"""Entities of a parsed document: model spans, gazetteer hits and cue rules, typed
and linked to canonical entities. `entity_rows` is pure: Doc in, rows out.

How the model and the gazetteer are reconciled (tested in tests/test_entities.py):
1. Same span: the gazetteer types it ("BBC" ORG -> outlet BBC); method "model".
2. A model span that strictly contains a gazetteer hit is a longer name and
   wins ("Banca d'Italia" stays an organization; a demonym inside it is kept as
   a nested country mention: "governo francese" + "francese"), unless it is a LOC/MISC span
   made only of gazetteer hits and function words ("Gran Bretagna e Francia"),
   which is split into its hits.
3. Any other overlap: the curated gazetteer span wins ("The Telegraph" over a
   model "Telegraph").
4. Gazetteer hits the model missed (demonyms, missed names) are added; method
   "gazetteer".
Lower-case model spans ("la polizia", "il governo") are kept as organizations:
KIND annotates them, and they are actors an analyst wants to see.
A capital is its country ("metonym") when it acts as a government: followed,
past negation and clitics, by a verb or auxiliary and not introduced by a
preposition ("Mosca ha respinto"), or tagged ORG by the model; otherwise it is
a location ("un vertice a Bruxelles"). A cue such as "il quotidiano" before a
capitalised name makes that name an outlet (method "rule"). The surname of a
person named in full elsewhere in the document is that person wherever it
stands alone, even where the model missed it (method "rule").
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from typing import Callable

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from ...gazetteers import load_gazetteer, organization_names, slug
from ...nlp.docstore import token_sentence_ids
from ..lexicon import lexicon
from .matcher import GazetteerHit, gazetteer_matcher
from .mention import Mention
from .organizations import (
    add_specifiers,
    complete_names,
    drop_title_complements,
    link_organizations,
    retype_institution_places,
    retype_known_organizations,
    title_words,
)
from .person_rules import (
    clean_span,
    drop_names_in_institution_names,
    join_name_parts,
    link_aliases,
    propagate_names,
    retype_non_persons,
)
from .persons import canonical_person_names, person_id
from .user_lists import UserLists, apply_user_lists

MODEL_TYPES = {"PER": "person", "ORG": "organization", "LOC": "location", "MISC": "other"}
TYPE_LABELS = {"country": "LOC", "outlet": "ORG", "location": "LOC", "person": "PER",
               "organization": "ORG", "other": "MISC"}
_FUNCTION_POS = {"CCONJ", "PUNCT", "DET", "ADP"}


def _entity_words(role: str) -> frozenset:
    """Words of `entity_words.tsv`: list joiners ("e", ",") and name links ("di", "della")."""
    return lexicon().words("entity_words.tsv", role=role)


def acts_as_government(doc: Doc, start: int, end: int) -> bool:
    """"Mosca ha respinto", "Washington non abbia assunto": the place is a subject."""
    lex = lexicon()
    skip, place = (lex.words("government_context.tsv", role=r) for r in ("skip", "place"))
    auxiliaries = lex.auxiliaries
    if start > 0 and doc[start - 1].lower_ in place:
        return False
    for token in doc[end:end + 4]:
        if token.lower_ in skip or token.text.endswith("mente"):
            continue
        return token.lower_ in auxiliaries or token.pos_ in ("VERB", "AUX")
    return False


def _hit_mention(doc: Doc, hit: GazetteerHit, label: str | None, method: str) -> Mention:
    if hit.type == "capital":
        if label == "ORG" or acts_as_government(doc, hit.start, hit.end):
            return Mention(hit.start, hit.end, label or "LOC", "country", hit.canonical_id,
                           hit.canonical_name, "metonym", method)
        text = doc[hit.start:hit.end].text
        return Mention(hit.start, hit.end, label or "LOC", "location", f"location:{slug(text)}",
                       text, "name", method)
    start = hit.start
    if hit.type == "outlet" and hit.end - start > 1 and doc[start].lower_ in lexicon().closed("definite_article"):
        start += 1  # "Il Fatto Quotidiano": the span is the name, the canonical name keeps the article
    return Mention(start, hit.end, label or TYPE_LABELS[hit.type], hit.type,
                   hit.canonical_id, hit.canonical_name, hit.form, method)


def _model_mention(doc: Doc, start: int, end: int, label: str) -> Mention:
    kind = MODEL_TYPES.get(label, "other")
    text = " ".join(doc[start:end].text.split())
    return Mention(start, end, label, kind, f"{kind}:{slug(text)}", text, "name", "model")


def _only_hits_and_function_words(doc: Doc, start: int, end: int, inside: list[GazetteerHit]) -> bool:
    covered = {i for h in inside for i in range(h.start, h.end)}
    joiners = _entity_words("list_joiner")
    return all(i in covered or doc[i].pos_ in _FUNCTION_POS or doc[i].lower_ in joiners
               for i in range(start, end))


def _institution_heads() -> frozenset:
    return lexicon().words("institution_heads.tsv")


def _nested_country(doc: Doc, name_start: int, hit: GazetteerHit, name_end: int = 0) -> bool:
    """A country hit inside a longer model name stays a country mention when the name
    describes an institution of that country: a lower-case demonym ("governo
    [francese]") or a name whose first word is an institution noun ("Parlamento del
    [Canada]", "ambasciata [USA]"). Country words that became part of a company,
    party or club name ("Air France", "Ferrovie Svizzere", "Fratelli d'Italia") do not.
    An outlet closing a longer name is a nested outlet mention ("Commissione di
    Vigilanza [Rai]", "Cda [Rai]")."""
    if hit.type == "outlet":
        return hit.end == name_end and hit.start > name_start
    if hit.type != "country":
        return False
    if hit.form == "demonym":
        return doc[hit.start].text[:1].islower()
    return doc[name_start].lower_ in _institution_heads()


def _title_heads() -> frozenset:
    return lexicon().cached("title_heads", lambda: title_words() | _institution_heads())


def outlet_in_title(doc: Doc, hit: GazetteerHit) -> bool:
    """"il Presidente della Repubblica": a one-word outlet name completing a title or an
    institution noun after "della" is that title's complement, not the newspaper."""
    return (hit.type == "outlet" and hit.end - hit.start == 1 and hit.start >= 2
            and doc[hit.start - 1].lower_ in _entity_words("name_link") | {"dell'"}
            and doc[hit.start - 2].lower_ in _title_heads())


def reconcile(doc: Doc, hits: list[GazetteerHit]) -> list[Mention]:
    """Model entities and gazetteer hits merged by the rules in the module docstring."""
    hits = [h for h in hits if not outlet_in_title(doc, h)]
    mentions: list[Mention] = []
    used: set[int] = set()
    # Hits do not overlap each other, so their starts and ends are both sorted:
    # the hits overlapping an entity are one slice, found by bisection.
    starts, ends = [h.start for h in hits], [h.end for h in hits]
    for ent in doc.ents:
        cleaned = clean_span(doc, ent.start, ent.end, ent.label_ == "PER")
        if cleaned is None:
            continue
        e_start, e_end, label = *cleaned, ent.label_
        overlapping = hits[bisect_right(ends, e_start):bisect_left(starts, e_end)]
        exact = [h for h in overlapping if (h.start, h.end) == (e_start, e_end)]
        inside = [h for h in overlapping if e_start <= h.start and h.end <= e_end]
        if exact:
            mentions.append(_hit_mention(doc, exact[0], label, "model"))
            used.add(id(exact[0]))
        elif inside and len(inside) == len(overlapping):
            if label in ("LOC", "MISC") and _only_hits_and_function_words(doc, e_start, e_end, inside):
                continue  # the hits are added below as gazetteer mentions
            mentions.append(_model_mention(doc, e_start, e_end, label))
            used.update(id(h) for h in inside if not _nested_country(doc, e_start, h, e_end if label == "ORG" else 0))
        elif overlapping:
            continue  # rule 3: the gazetteer span wins
        else:
            mentions.append(_model_mention(doc, e_start, e_end, label))
    for hit in hits:
        if id(hit) not in used:
            mentions.append(_hit_mention(doc, hit, None, "gazetteer"))
    return sorted(mentions, key=lambda m: (m.start, m.end))


def _cue_matcher() -> PhraseMatcher:
    lex = lexicon()

    def build() -> PhraseMatcher:
        make_doc = gazetteer_matcher(str(lex.folder)).nlp.make_doc
        phrase = PhraseMatcher(make_doc("").vocab, attr="LOWER")
        for cue in load_gazetteer(str(lex.folder)).outlet_cues:
            phrase.add(cue, [make_doc(cue)])
        return phrase

    return lex.cached("outlet_cue_matcher", build)


def _capitalised_run(doc: Doc, i: int) -> int:
    """End of a run of capitalised tokens from i ("The Wall Street Journal"), else i."""
    j, links = i, _entity_words("name_link")
    while j < len(doc) and (doc[j].text[:1].isupper() or (j > i and doc[j].lower_ in links)):
        j += 1
    while j > i and not doc[j - 1].text[:1].isupper():
        j -= 1
    return j


def _not_outlets() -> frozenset:
    """Platforms and reference sites (`not_outlets.tsv`): never outlets, whatever the cue."""
    return lexicon().words("not_outlets.tsv", "name", lower=True)


def apply_outlet_cues(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """"il quotidiano X", "l'agenzia X": X (after optional adjectives) is an outlet
    unless X is a platform ("il sito Facebook")."""
    phrase = _cue_matcher()
    demonyms = {m.start for m in mentions if m.form == "demonym"}
    for _match_id, _start, end in phrase(doc):
        # A capitalised cue word is part of the name: "Radio Kiss Kiss", "Tele Norba"
        # (only when a capitalised name follows it: not "Radio e televisioni").
        i = end - 1 if doc[end - 1].text[:1].isupper() and _capitalised_run(doc, end) > end else end
        while i < min(len(doc), end + 3) and doc[i].text[:1].islower() and (i in demonyms or doc[i].pos_ == "ADJ"):
            i += 1  # "il quotidiano britannico X", "il sito satirico X"
        stop = _capitalised_run(doc, i)
        if stop == i or doc[i:stop].text.lower() in _not_outlets():
            continue
        inside = [m for m in mentions if m.start < stop and i < m.end]
        if any(m.type in ("outlet", "country") or m.start < i or m.end > stop for m in inside):
            continue  # already an outlet, a country name, or a span crossing the name
        for m in inside:  # e.g. a paper's name read by the model as a person
            mentions.remove(m)
        text = doc[i:stop].text
        mentions.append(Mention(i, stop, "ORG", "outlet", f"outlet:{slug(text)}", text, "name", "rule"))
    return sorted(mentions, key=lambda m: (m.start, m.end))


def _outlet_shape(doc: Doc, start: int, end: int) -> bool:
    if end - start < 2:
        return False
    lex = lexicon()
    return doc[end - 1].text in lex.words("outlet_shapes.tsv", position="last") \
        or doc[start].text in lex.words("outlet_shapes.tsv", position="first")


def apply_outlet_shapes(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """A capitalised name ending in News, Post, Times, Tribune, Gazette, TV ... or opening
    with Radio ("Jakarta Post", "Radio Kiss Kiss") is an outlet: a model span of another
    type is retyped, an untagged run of capitalised words is added (method "rule")."""
    for m in mentions:
        if m.method == "model" and m.type in ("organization", "other", "person", "location") \
                and _outlet_shape(doc, m.start, m.end) and doc[m.start].lower_ not in _not_outlets():
            text = " ".join(doc[m.start:m.end].text.split())
            m.type, m.label, m.form, m.method = "outlet", "ORG", "name", "rule"
            m.canonical_id, m.canonical_name = f"outlet:{slug(text)}", text
    # An outlet nested in a name that is itself an outlet ("Radio Uno [Rai]") is no mention of its own.
    outlets = [(m.start, m.end) for m in mentions if m.type == "outlet"]
    mentions = [m for m in mentions if not (m.type == "outlet" and any(
        s <= m.start and m.end <= e and (s, e) != (m.start, m.end) for s, e in outlets))]
    taken = {i for m in mentions for i in range(m.start, m.end)}
    articles = lexicon().closed("definite_article")
    added = []
    for token in doc:
        if token.i in taken or not token.text[:1].isupper() or (token.i > 0 and doc[token.i - 1].text[:1].isupper()):
            continue
        start = token.i
        while start < len(doc) and doc[start].lower_ in articles and start - token.i < 1:
            start += 1
        stop = _capitalised_run(doc, start)
        if stop > start and not any(i in taken for i in range(start, stop)) and _outlet_shape(doc, start, stop):
            text = doc[start:stop].text
            added.append(Mention(start, stop, "ORG", "outlet", f"outlet:{slug(text)}", text, "name", "rule"))
    return sorted(mentions + added, key=lambda m: (m.start, m.end))


def _language_context() -> frozenset:
    return lexicon().words("language_context.tsv")


def drop_language_names(doc: Doc, mentions: list[Mention]) -> None:
    """"un'intervista in polacco", "la versione ucraina del sito": a demonym naming a
    language is no country mention (`language_context.tsv`: the words before it)."""
    context = _language_context()
    mentions[:] = [m for m in mentions if not (
        m.form == "demonym" and m.start > 0 and doc[m.start - 1].lower_ in context)]


def _country_word_names() -> dict[str, str]:
    """Names holding a country word that are no country mention (`country_word_names.tsv`:
    competitions, parties, companies, clubs) -> their entity type."""
    lex = lexicon()
    return lex.cached("country_word_names", lambda: {
        r["name"].lower(): r["type"] for r in lex.rows("country_word_names.tsv")})


def _name_type(text: str) -> str | None:
    text = text.lower()
    return _country_word_names().get(text) or ("organization" if text in organization_names() else None)


def _organization_around(doc: Doc, start: int, end: int, taken: set[int]) -> tuple[int, int] | None:
    """The longest run of words around a country word (capitalised but for links: "Giro
    d'Italia") that a list names ("Bayern Monaco", "Coppa Italia"), if any."""
    links = _entity_words("name_link") | {"d'", "dei", "dello", "de"}
    best = None
    for left in range(start, max(start - 3, -1), -1):
        for right in range(end, min(end + 3, len(doc)) + 1):
            if (left, right) == (start, end) or any(i in taken for i in [*range(left, start), *range(end, right)]):
                continue
            if all(doc[i].text[:1].isupper() or doc[i].lower_ in links for i in range(left, right)) and \
                    _name_type(doc[left:right].text) and (best is None or right - left > best[1] - best[0]):
                best = (left, right)
    return best


def hide_country_words(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """Country or capital words inside a club, company, party or competition name the model
    missed ("il Bayern Monaco", "la Coppa Italia"): the name is the mention, the country word
    no country (`country_word_names.tsv`, and `organization_names`: the curated list and
    KIND's Wikipedia list)."""
    taken = {i for m in mentions for i in range(m.start, m.end)}
    for m in list(mentions):
        if m.type not in ("country", "location") or m.form == "demonym":
            continue
        span = _organization_around(doc, m.start, m.end, taken - set(range(m.start, m.end)))
        if span is None:
            continue
        mentions.remove(m)
        text = doc[span[0]:span[1]].text
        kind = _name_type(text)
        mentions.append(Mention(*span, TYPE_LABELS[kind], kind, f"{kind}:{slug(text)}", text, "name", "gazetteer"))
        taken.update(range(*span))
    return sorted(mentions, key=lambda m: (m.start, m.end))


def link_persons(doc: Doc, mentions: list[Mention]) -> None:
    people = [m for m in mentions if m.type == "person"]
    names = canonical_person_names([(m.start, doc[m.start:m.end].text) for m in people])
    for mention, (name, form) in zip(people, names):
        mention.canonical_name, mention.canonical_id, mention.form = name, person_id(name), form


# What follows the reconciliation of model spans and gazetteer hits, in order (the order is
# the logic: names are joined before they are retyped, retyped before they are linked).
# Each step reads the mentions the previous one left and returns a new list or edits it in place.
MentionStep = Callable[[Doc, str, list[Mention]], "list[Mention] | None"]


def _per_doc(step: Callable[[Doc, list[Mention]], "list[Mention] | None"]) -> MentionStep:
    return lambda doc, _doc_id, mentions: step(doc, mentions)


MENTION_STEPS: tuple[tuple[str, MentionStep], ...] = (
    ("outlet_cues", _per_doc(apply_outlet_cues)),
    ("outlet_shapes", _per_doc(apply_outlet_shapes)),
    ("language_names", _per_doc(drop_language_names)),
    ("country_words_in_names", _per_doc(hide_country_words)),
    ("title_complements", _per_doc(drop_title_complements)),
    ("organization_specifiers", _per_doc(add_specifiers)),
    ("institution_places", _per_doc(retype_institution_places)),
    ("known_organizations", _per_doc(retype_known_organizations)),
    ("name_parts", _per_doc(join_name_parts)),
    ("names_in_institution_names", _per_doc(drop_names_in_institution_names)),
    ("complete_organization_names", _per_doc(complete_names)),
    ("non_persons", _per_doc(retype_non_persons)),
    ("propagate_names", _per_doc(propagate_names)),
    ("link_persons", _per_doc(link_persons)),
    ("person_aliases", _per_doc(link_aliases)),
    ("link_organizations", link_organizations),
)


def mentions_of(doc_id: str, doc: Doc, until: str | None = None) -> list[Mention]:
    """The document's mentions after every step (or after the step named `until`)."""
    if until is not None and until not in dict(MENTION_STEPS):
        raise ValueError(f"no mention step {until!r}: {', '.join(dict(MENTION_STEPS))}")
    mentions = reconcile(doc, gazetteer_matcher()(doc))
    for name, step in MENTION_STEPS:
        changed = step(doc, doc_id, mentions)
        mentions = mentions if changed is None else changed
        if name == until:
            break
    return mentions


def entity_rows(doc_id: str, doc: Doc, lists: UserLists | None = None) -> list[dict]:
    """Rows of the entities table for one parsed document; `lists`: the user's alias and ignore lists."""
    mentions = mentions_of(doc_id, doc)
    sent_ids = token_sentence_ids(doc)
    rows = []
    for m in mentions:
        span = doc[m.start:m.end]
        rows.append({
            "doc_id": doc_id, "sent_id": sent_ids[m.start], "start_char": span.start_char,
            "end_char": span.end_char, "text": span.text, "label": m.label, "type": m.type,
            "canonical_id": m.canonical_id, "canonical_name": m.canonical_name,
            "form": m.form, "method": m.method,
        })
    return apply_user_lists(rows, lists)
