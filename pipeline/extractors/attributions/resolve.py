"""Linking a source phrase to a canonical entity of the entities table.

- A phrase that is (or contains, as its head) an entity mention links to that
  mention's canonical entity: resolution `direct`.
- An outlet anaphor ("la pubblicazione", "il quotidiano") links to the last
  outlet mentioned before it: resolution `anaphora`.
- A role ("il presidente degli Stati Uniti", "il premier britannico", "il
  ministro") links to the person the document gives that role, looked for in
  this order, most recent mention before the cue first:
  1. a person introduced with the same role (and the same country, when the
     phrase names one): "il primo ministro britannico Keir Starmer", "Keir
     Starmer, premier britannico" (roles are normalised, so "premier" =
     "primo ministro");
  2. when the phrase names a country: a person introduced with any role of
     that country;
  3. when the phrase names a country: a person mentioned in a sentence that
     also mentions that country, unless the document ties that person
     explicitly to another country (so "Starmer ... sostegno degli Stati
     Uniti" does not make Starmer the US president; "gli Stati Uniti ... la
     posizione di Trump" makes Trump a candidate).
  4. a bare role ("l'artista", not "il suo avvocato" nor "il presidente della
     Fifa") that the document gives nobody: the source of the previous
     reporting clause, when it is a named person in the same or the two
     preceding sentences (`context_person`).
  Resolution `anaphora`; if nothing fits, the source stays a person with no
  canonical entity and resolution `none`.
- An omitted subject ("ha aggiunto", "«…» ha dichiarato", a cue inside a
  quote) and a pronoun ("secondo lui", "la stessa fonte") take the last
  person or outlet source of an earlier attribution when it is in the same or
  the two preceding sentences, else the last person or outlet mentioned
  (outside quotes) in the same or the three preceding sentences (else the
  older source); a gerund
  ("..., assicurando che") takes the source of the attribution before it in
  its sentence, or else the first person or outlet of its sentence.
  Resolution `context`.
- Agreement: a pronoun or description ("lei", "l'interessata", "i due") only
  takes a person whose gender and number agree (`source_agreement`,
  `person_gender`: the morphology around the person's mentions, "la cantante
  Giulia Ferri", "Ferri è stata indagata", else the first name's ending), and in
  the sentence it looks back to, the subject of the clause before the other
  persons ("Neri ha parlato con Conti. Secondo lui" -> Neri). A pronoun or
  description that no recent person fits takes the most mentioned agreeing
  person before it (the one the article is about: "L'interessata nega").
- A definite description no rule names ("il magistrato", "l'accademia svedese",
  "la compagnia di Mountain View", "la donna") links to the entity the earlier
  text gave that noun (`description`): an organisation or outlet whose name
  holds the noun ("Accademia Reale Svedese delle Scienze"), else a person
  mentioned with the noun beside the name ("il magistrato Valerio Savio",
  "Aldo Aceto, ex procuratore"), else, for a plain noun of person ("la donna",
  "il giocatore"), the last agreeing person mentioned. Resolution `anaphora`.
- A name the entities stage missed is first looked up among the persons of
  the document and the names of earlier sources ("Vibber" -> "Brion
  Vibber"), else it gets its own made-up row (`names.name_row`): `direct`.
- Anonymous sources, generic ones ("gli esperti") and unrecognised names have
  no canonical entity: resolution `none` (resolution is `none` exactly when
  the canonical columns are empty).
"""
from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, replace
from typing import Callable

from . import syntax
from .quotes import find_quotes
from .spans import Source, Text


class Resolver:
    def __init__(self, text: Text):
        self.text = text
        self.persons = [e for e in text.entities if e[2]["type"] == "person"]
        self.outlets = [e for e in text.entities if e[2]["type"] == "outlet"]
        self.named: list[tuple[int, int, dict]] = []  # made-up person rows of earlier sources
        self.quoted = {t for a, b in find_quotes(text) for t in range(a, b + 1)}  # mentions inside quotes
        self._genders: dict[str, str | None] = {}
        self.explicit = self._explicit_roles()
        self.tied = {}  # canonical_id -> countries it is explicitly tied to
        for _, row, _role, country in self.explicit:
            if country:
                self.tied.setdefault(row["canonical_id"], set()).add(country)
        self.countries_by_sent: dict[int, set[str]] = {}
        for s, _e, row in text.entities:
            if row["type"] == "country":
                self.countries_by_sent.setdefault(text.sid[s], set()).add(row["canonical_id"])

    def person_gender(self, row: dict) -> str | None:
        """"Fem"/"Masc" of a person from the document (see `person_gender`), cached per entity."""
        key = row.get("canonical_id")
        if key not in self._genders:
            self._genders[key] = person_gender(self.text, [e for e in self.persons
                                                           if e[2].get("canonical_id") == key], row)
        return self._genders[key]

    def agrees(self, row: dict | None, want: tuple[str | None, str | None]) -> bool:
        gender, number = want
        if row is None or row.get("type") != "person" or (gender is None and number is None):
            return True
        if number == "Plur":
            return " e " in (row.get("canonical_name") or "")  # "Gerry e Kate McCann"
        have = self.person_gender(row)
        return gender is None or have is None or have == gender

    def salient(self, pos: int, want: tuple[str | None, str | None]) -> dict | None:
        """The most mentioned person before pos that agrees (first mentioned on ties)."""
        counts: dict[str, list] = {}
        for s, _e, row in self.persons:
            if s < pos and s not in self.quoted and self.agrees(row, want):
                counts.setdefault(row["canonical_id"], [0, s, row])[0] += 1
        if not counts:
            return None
        return max(counts.values(), key=lambda c: (c[0], -c[1]))[2]

    def description(self, source: Source, pos: int) -> dict | None:
        """The earlier entity a definite description stands for (see the module docstring)."""
        text, doc = self.text, self.text.doc
        if not syntax.has_parse(doc) or not text.lex.is_("article", text.low[source.start]):
            return None
        nouns = [j for j in range(source.start, source.end) if doc[j].pos_ == "NOUN"]
        if not nouns:
            return None
        head = nouns[0]
        words = {text.low[head], doc[head].lemma_.lower()}
        before = [e for e in self._before(source.start) if e[1] <= source.start]
        for _s, _e, row in reversed(before):  # "l'accademia svedese" -> "Accademia Reale Svedese ..."
            if row["type"] in ("organization", "outlet") and words & set(
                    (row.get("canonical_name") or "").lower().split()):
                return row
        for s, e, row in reversed(before):  # "il magistrato Valerio Savio", "Aldo Aceto, il magistrato"
            if row["type"] != "person":
                continue
            if words & self._beside(s, e):
                return row
        if text.low[head] in text.lex.words.get("person_noun", ()):
            want = source_agreement(text, Source(head, head + 1, "pronoun", "unknown"))
            mention = self.last_mention(pos, window=3, want=want)
            if mention and mention[1]["type"] == "person":
                return mention[1]
        return None

    def _beside(self, s: int, e: int) -> set[str]:
        """Words (and lemmas) of the title beside a person mention: right before it ("il magistrato
        Valerio Savio", "il ds Cataldo Salerno") or after a comma ("Aldo Aceto, ex procuratore"),
        over articles and adjectives only, never across a verb."""
        doc, out = self.text.doc, set()
        j = s - 1
        while j >= 0 and doc[j].pos_ in ("NOUN", "ADJ", "PROPN") and j not in self.text.ent_at and s - j <= 3:
            out |= {doc[j].lower_, doc[j].lemma_.lower()}
            j -= 1
        j = e + 1 if e < len(doc) and doc[e].text == "," else len(doc)
        while j < len(doc) and doc[j].pos_ in ("DET", "ADJ", "NOUN") and j - e <= 4:
            out |= {doc[j].lower_, doc[j].lemma_.lower()}
            if doc[j].pos_ == "NOUN":
                break
            j += 1
        return out

    def _explicit_roles(self) -> list[tuple[int, dict, str, str | None]]:
        """(token, person row, role, country) for "ROLE [country] NAME" and "NAME, ROLE [country]"."""
        text, out = self.text, []
        for s, e, row in self.persons:
            for i in range(max(0, s - 6), s):  # role before the name, no punctuation between
                hit = text.match(i, text.lex.roles, 4)
                if hit and not any(text.is_punct(j) or text.lex.is_("boundary", text.low[j])
                                   or text.verb_at(j) or (j in text.ent_at and
                                                          text.entities[text.ent_at[j]][2]["type"] == "person")
                                   for j in range(i, s)):
                    out.append((s, row, hit[1][0], self._country_in(i + hit[0], s)))
                    break
            else:
                if e + 1 < len(text) and text.low[e] == ",":
                    for i in range(e + 1, min(e + 4, len(text))):
                        hit = text.match(i, text.lex.roles, 4)
                        if hit:
                            stop = text.np_right(i)[1]
                            out.append((s, row, hit[1][0], self._country_in(i + hit[0], stop)))
                            break
        return out

    def _country_in(self, start: int, end: int) -> str | None:
        for _s, _e, row in self.text._entities_in(start, end):
            if row["type"] == "country":
                return row["canonical_id"]
        return None

    def _before(self, pos: int) -> list[tuple[int, int, dict]]:
        """The entities starting before token pos, in order (a prefix when they are sorted)."""
        text = self.text
        if text._ent_starts is None:
            return [e for e in text.entities if e[0] < pos]
        return text.entities[:bisect_left(text._ent_starts, pos)]

    def last_outlet(self, pos: int) -> dict | None:
        before = [e for e in self.outlets if e[0] < pos]
        return before[-1][2] if before else None

    def role_person(self, role: str | None, country: str | None, pos: int) -> dict | None:
        explicit = [x for x in self.explicit if x[0] < pos]
        same = [x for x in explicit if x[2] == role and (country is None or x[3] == country)]
        if same:
            return same[-1][1]
        if country is None:
            return None
        of_country = [x for x in explicit if x[3] == country]
        if of_country:
            return of_country[-1][1]
        sent = self.text.sid[pos]
        best = None
        for s, _e, row in self.persons:
            ps = self.text.sid[s]
            if s < pos and ps <= sent and country in self.countries_by_sent.get(ps, ()) \
                    and self.tied.get(row["canonical_id"], {country}) == {country}:
                best = row
        return best

    def person_by_name(self, start: int, end: int) -> dict | None:
        """A person of the document whose canonical name contains all these capitalized words."""
        words = {self.text.words[i] for i in range(start, end) if self.text.upper(i)}
        if not words:
            return None
        fits = [e for e in self.persons + self.named if words <= set(e[2]["canonical_name"].split())]
        fits.sort(key=lambda e: e[0])
        before = [e for e in fits if e[0] < start]
        return (before or fits)[-1 if before else 0][2] if fits else None

    def sentence_subject(self, pos: int) -> dict | None:
        """The first person or outlet mentioned in pos's sentence before pos (a gerund's subject)."""
        sent = self.text.sid[pos]
        for s, _e, row in self._before(pos):
            if self.text.sid[s] == sent and row["type"] in ("person", "outlet"):
                return row
        return None


    def last_mention(self, pos: int, window: int = 3,
                     want: tuple[str | None, str | None] = (None, None)) -> tuple[int, dict] | None:
        """The last person or outlet mention before pos that agrees with `want`, in pos's sentence or
        the `window` before; in that sentence a clause subject comes before the other mentions."""
        sent, sid = self.text.sid[pos], self.text.sid
        found = [(s, row) for s, _e, row in self._before(pos)
                 if row["type"] in ("person", "outlet") and sent - sid[s] <= window and s not in self.quoted
                 and self.agrees(row, want)]
        if not found:
            return None
        nearest = [(s, row) for s, row in found if sid[s] == sid[found[-1][0]]]
        if want != (None, None):
            subjects = [(s, row) for s, row in nearest if self._is_subject(s)]
            if subjects:
                return subjects[0]
        return nearest[-1]

    def _is_subject(self, start: int) -> bool:
        """A mention that is a clause subject in the parse, itself or as the name of a subject
        noun ("Il ministro Carlo Neri ha parlato": the name hangs on "ministro")."""
        text, doc = self.text, self.text.doc
        if not syntax.has_parse(doc) or start not in text.ent_at:
            return False
        end = text.entities[text.ent_at[start]][1]
        token = next((doc[i] for i in range(start, end) if not start <= doc[i].head.i < end), doc[start])
        for _ in range(3):
            if token.dep_.startswith("nsubj"):
                return True
            loose = token.dep_ == "nmod" and not any(c.dep_ == "case" for c in token.children)
            if token.dep_ not in ("appos", "flat", "flat:name") and not loose or token.head is token:
                return False
            token = token.head
        return False

    def context(self, pos: int, last: tuple[dict, int] | None,
                want: tuple[str | None, str | None] = (None, None), continues: bool = False) -> dict | None:
        """An omitted subject's source: the subject of a newer clause in this sentence or the one
        before (pro-drop continues it; not for a verb that `continues` the previous speaker),
        else the last attribution's source when it is recent (or no person/outlet was mentioned
        after it) and agrees, else the last agreeing person/outlet mentioned, else (for a pronoun
        or description) the most mentioned agreeing person."""
        mention = self.last_mention(pos, want=want)
        subject = None if continues else self.previous_subject(pos, want)
        if last is not None and self.agrees(last[0], want):
            row, at = last
            if subject is not None and subject[0] > at:  # a newer clause subject continues (pro-drop)
                return subject[1]
            if mention is None or mention[0] <= at or self.text.sid[pos] - self.text.sid[at] <= 2:
                return row
        if subject is not None:
            return subject[1]
        if mention:
            return mention[1]
        return self.salient(pos, want) if want != (None, None) else None

    def previous_subject(self, pos: int, want: tuple[str | None, str | None] = (None, None)
                         ) -> tuple[int, dict] | None:
        """The nearest person, organisation or outlet before pos, in its sentence or the one before,
        that is a clause subject in the parse: an omitted subject continues it ("Fazio ha mostrato
        preoccupazione e poi ha detto ...")."""
        sent, sid = self.text.sid[pos], self.text.sid
        for s, _e, row in reversed(self._before(pos)):
            if sent - sid[s] > 1:
                break
            if row["type"] in ("person", "organization", "outlet") and s not in self.quoted \
                    and self._is_subject(s) and self.agrees(row, want):
                return s, row
        return None

    def context_person(self, pos: int, last: tuple[dict, int] | None) -> dict | None:
        """A bare description of a person with no explicit antecedent ("l'artista"): the
        source of the previous reporting clause, when it is a named person in the same
        or the two preceding sentences. Never just the last name mentioned: that is
        often someone else ("Il giudice ha condannato Mario Rossi. Il giudice ha detto")."""
        if last is not None and last[0] is not None and last[0]["type"] == "person" \
                and self.text.sid[pos] - self.text.sid[last[1]] <= 2:
            return last[0]
        return None

    def bare_role(self, source: Source) -> bool:
        """"il tecnico", not "il suo avvocato" nor "il presidente della Fifa"."""
        text = self.text
        after = text.low[source.end] if source.end < len(text) else ""
        return not text.lex.is_("preposition", after) and not any(
            text.lex.is_("possessive", text.low[k]) for k in range(source.start, source.end))


@dataclass(frozen=True)
class Clause:
    """What the source rules know of one reporting clause."""
    source: Source | None
    cue_start: int
    gerund: bool
    last: tuple[dict, int] | None  # the last person/outlet source of an earlier attribution, its position
    continues: bool = False  # a verb that goes on with the previous speaker ("aggiunge", "prosegue")

    @property
    def unnamed(self) -> bool:
        """No source phrase, or only a pronoun ("secondo lui")."""
        return self.source is None or self.source.kind == "pronoun"


@dataclass(frozen=True)
class Resolution:
    source_type: str
    entity: dict | None  # the linked entity row
    resolution: str  # the row's `resolution`: direct | context | anaphora | none
    rule: str = ""  # the `SOURCE_RULES` entry that decided


def _gerund_subject(r: Resolver, c: Clause) -> Resolution | None:
    """"..., assicurando che": the first person or outlet of the gerund's sentence."""
    row = r.sentence_subject(c.cue_start) if c.unnamed and c.gerund else None
    return Resolution(_entity_type(row), row, "context") if row else None


def _previous_speaker(r: Resolver, c: Clause) -> Resolution | None:
    """"ha aggiunto", "secondo lui": the previous speaker or the last agreeing person mentioned."""
    if not c.unnamed:
        return None
    row = r.context(c.cue_start, c.last, source_agreement(r.text, c.source), c.continues)
    return Resolution(_entity_type(row), row, "context") if row else None


def _unnamed_unresolved(r: Resolver, c: Clause) -> Resolution | None:
    return Resolution("person" if c.source else "unknown", None, "none") if c.unnamed else None


def _named_entity(r: Resolver, c: Clause) -> Resolution | None:
    """A phrase that is (or holds as its head) an entity mention; a government or document with one."""
    source = c.source
    if source.kind == "entity" or (source.kind in ("government", "document") and source.entity):
        return Resolution(source.source_type, source.entity, "direct")
    return None


def _outlet_anaphora(r: Resolver, c: Clause) -> Resolution | None:
    """"il quotidiano": the last outlet mentioned before it."""
    if c.source.kind != "outlet_anaphora":
        return None
    row = r.last_outlet(c.source.start)
    return Resolution("outlet", row, "anaphora" if row else "none")


def _missed_name(r: Resolver, c: Clause) -> Resolution | None:
    """A name the entities stage missed: "Starmer" of "Keir Starmer", else its own made-up row."""
    source = c.source
    if source.kind not in ("unknown", "name"):
        return None
    if row := r.person_by_name(source.start, source.end):
        return Resolution("person", row, "direct")
    if source.entity is not None:  # a made-up row for the name itself (`names.name_row`)
        return Resolution(_entity_type(source.entity), source.entity, "direct")
    return None


def _role(r: Resolver, c: Clause) -> Resolution | None:
    """"il presidente degli Stati Uniti", "l'artista": the person the document gives that role."""
    source = c.source
    if source.kind != "role":
        return None
    row = r.role_person(source.role, source.country, source.start)
    if row is None and source.country is None and r.bare_role(source):
        row = r.context_person(c.cue_start, c.last)  # "l'artista", "il tecnico": the previous speaker
    row = row or r.description(source, c.cue_start)
    return Resolution("person" if row is None else _entity_type(row), row, "anaphora" if row else "none")


def _description(r: Resolver, c: Clause) -> Resolution | None:
    """"il magistrato", "la compagnia di Mountain View": the entity the earlier text gave that noun."""
    if c.source.kind not in ("unknown", "generic"):
        return None
    row = r.description(c.source, c.cue_start)
    return Resolution(_entity_type(row), row, "anaphora") if row is not None else None


def _unresolved(r: Resolver, c: Clause) -> Resolution | None:
    """Anonymous and generic sources, unrecognised names: no canonical entity."""
    return Resolution(c.source.source_type, None, "none")


# The source rules, tried in order; the first that answers decides (and names itself in
# `Resolution.rule`). The rules after the first three see a source phrase.
SOURCE_RULES: tuple[tuple[str, Callable[[Resolver, Clause], Resolution | None]], ...] = (
    ("gerund_subject", _gerund_subject),
    ("previous_speaker", _previous_speaker),
    ("unnamed_unresolved", _unnamed_unresolved),
    ("named_entity", _named_entity),
    ("outlet_anaphora", _outlet_anaphora),
    ("missed_name", _missed_name),
    ("role", _role),
    ("description", _description),
    ("unresolved", _unresolved),
)


def resolve(resolver: Resolver, clause: Clause) -> Resolution:
    """The source's type, linked entity and resolution for one reporting clause."""
    for name, rule in SOURCE_RULES:
        if (found := rule(resolver, clause)) is not None:
            return replace(found, rule=name)
    raise AssertionError("the last source rule always answers")


def source_agreement(text: Text, source: Source | None) -> tuple[str | None, str | None]:
    """(gender, number) a pronoun or description asks of its antecedent: from the closed list of
    personal pronouns, else the morphology of its last word ("l'interessata": Fem, Sing)."""
    if source is None:
        return None, None
    word = text.low[source.end - 1]
    fixed = text.lex.words
    for kind, value in (("pronoun_fem", ("Fem", "Sing")), ("pronoun_masc", ("Masc", "Sing")),
                        ("pronoun_plural", (None, "Plur"))):
        if word in fixed.get(kind, ()):
            return value
    if not syntax.has_parse(text.doc):
        return None, None
    morph = text.doc[source.end - 1].morph
    gender, number = morph.get("Gender"), morph.get("Number")
    return (gender[0] if gender else None), (number[0] if number else None)


def person_gender(text: Text, mentions: list[tuple[int, int, dict]], row: dict) -> str | None:
    """"Fem" or "Masc" from the document: a determiner, noun or adjective right before a mention
    ("la cantante Giulia Ferri"), a participle or adjective after "è/era (stato/a)" after it
    ("Ferri è indagata"); else the first name's ending from the lexicon's lists (female -a
    names, male -o names, with the exceptions listed)."""
    votes = {"Fem": 0, "Masc": 0}
    doc = text.doc
    if syntax.has_parse(doc):
        for s, e, _row in mentions:
            i = s - 1  # the article and title right before the name, same sentence ("la cantante")
            while i >= 0 and s - i <= 2 and doc[i].pos_ in ("DET", "NOUN", "ADJ") and text.sid[i] == text.sid[s]:
                for g in doc[i].morph.get("Gender"):
                    votes[g] += 1
                i -= 1
            j = e  # only after "essere" does a participle agree with the subject
            while j < min(len(doc), e + 3) and doc[j].pos_ == "AUX" and doc[j].lemma_ == "essere":
                j += 1
            if j > e and j < len(doc) and doc[j].pos_ in ("VERB", "ADJ"):
                for g in doc[j].morph.get("Gender"):
                    votes[g] += 1
    if votes["Fem"] != votes["Masc"]:
        return "Fem" if votes["Fem"] > votes["Masc"] else "Masc"
    first = (row.get("canonical_name") or "").split(" ")[0].lower()
    if len((row.get("canonical_name") or "").split()) < 2:
        return None  # a surname alone says nothing
    words = text.lex.words
    if first in words.get("male_first_name", ()):
        return "Masc"
    if first in words.get("female_first_name", ()):
        return "Fem"
    if first.endswith("a"):
        return "Fem"
    if first.endswith("o"):
        return "Masc"
    return None


def _entity_type(row: dict) -> str:
    return row["type"] if row["type"] in ("person", "outlet", "organization", "country") else "unknown"
