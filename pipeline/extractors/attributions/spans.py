"""Token-level view of a document for the cue rules, and reading source phrases.

Rules look at lower-case token text, the data-file word lists, punctuation and
the entities table's rows; the model's POS tags are not used (the bundled
model's tagger is too unreliable for that).

A *source phrase* is a short noun phrase next to a cue (before a verb, after
"secondo"). `read_source` decides what it names, in this order:
1. an anonymous-source phrase ("fonti vicine a ...", "un alto funzionario");
2. a person, outlet or organization mention that is not inside a
   prepositional complement ("il quotidiano britannico *The Telegraph*", but
   not "il presidente degli *Stati Uniti*");
3. a role ("il presidente degli Stati Uniti", "il premier britannico"): a
   spokesperson role ("il portavoce del Cremlino") stands for the entity in its
   complement; other roles are resolved later (see `resolve`);
4. an outlet anaphor ("la pubblicazione"), a government noun ("il governo
   britannico": the country named in the phrase), a document ("il rapporto
   dell'ONU": publisher in the complement, if any) or a generic source noun
   ("gli esperti", "la polizia");
5. a pronoun ("lui", "lei") or "lo stesso/la stessa ..." (the context source);
6. a country or other entity not in a complement ("Washington", "la Francia");
7. a capitalized name nobody recognized (`names.name_run`): kind `name`, with
   a made-up row (`names.name_row`), unless it is the surname of a person of
   the document (see `resolve`).
A role followed by such a name ("il ministro delle Foreste Parimal
Suklabaidya") is that name; a document followed by "forniti/diffusi da X"
is X. Entity spans are stretched over hyphen pieces and long organisation
names (`names.extend`). Determiners and modifiers ("le prime fonti") are
skipped before the head word.
Anything else is not a source.
"""
from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass

from spacy.tokens import Doc

from ...nlp.docstore import token_sentence_ids
from ..tokens import glued_hyphen
from .lexicon import Lexicon, split
from .names import extend, name_row, name_run

PUNCT = set(",.;:!?()[]{}«»\"“”‘’–—-…/")
ENTITY_SOURCE_TYPES = {"person": "person", "outlet": "outlet", "organization": "organization",
                       "country": "country"}


def phrase_source(text: "Text", start: int, end: int) -> "Source":
    """A phrase no rule recognised: anonymous when an indefinite opens it ("alcuni
    contadini della zona", "un uomo": the spec's unspecified people), else unknown."""
    if text.lex.is_("indefinite", text.low[start]):
        return Source(start, end, "anonymous", "anonymous")
    return Source(start, end, "unknown", "unknown")


@dataclass
class Source:
    start: int  # token range of the source text
    end: int
    kind: str  # entity | name | anonymous | role | outlet_anaphora | government | document | generic | pronoun | unknown
    source_type: str
    entity: dict | None = None  # the entities row it links to, when known
    role: str | None = None
    country: str | None = None  # ISO code named inside a role/government phrase


class Text:
    """A parsed document with per-token lists (computed once), sentence ids and an entity index.

    `words`, `idx`, `ws`, `space` are each token's text, character offset,
    trailing whitespace and is_space; `low` the lower-cased text and `norm`
    the lower-cased text with an articulated preposition reduced to its base
    ("dalla" -> "da"). Rules read these lists instead of creating spaCy
    `Token`s over and over.
    """

    def __init__(self, doc: Doc, entities: list[dict], lex: Lexicon):
        self.doc, self.lex = doc, lex
        self.text = doc.text
        tokens = list(doc)
        self.words = [t.text for t in tokens]
        self.idx = [t.idx for t in tokens]
        self.ws = [t.whitespace_ for t in tokens]
        self.space = [t.is_space for t in tokens]
        self.low = [w.lower() for w in self.words]
        self.norm = [lex.art_prep.get(w, w) for w in self.low]
        self.sid = token_sentence_ids(doc)
        self._n = len(self.low)
        # first and last token of each sentence id (-1 included: whitespace between sentences)
        self.sent_first: dict[int, int] = {}
        self.sent_last: dict[int, int] = {}
        for i, s in enumerate(self.sid):
            self.sent_first.setdefault(s, i)
            self.sent_last[s] = i
        self.entities = []
        self.ent_at: dict[int, int] = {}
        for row in entities:
            span = doc.char_span(row["start_char"], row["end_char"], alignment_mode="expand")
            if span is None or len(span) == 0:
                continue
            self.entities.append((span.start, span.end, row))
            for i in range(span.start, span.end):
                self.ent_at[i] = len(self.entities) - 1
        starts = [e[0] for e in self.entities]
        # `_entities_in` bisects when the entities are in token order (they are, from the entities table)
        self._ent_starts = starts if all(a <= b for a, b in zip(starts, starts[1:])) else None

    def __len__(self) -> int:
        return self._n

    def joined(self, j: int) -> bool:
        """Tokens j-1 and j are in one sentence, or only a sentence split without final
        punctuation separates them (the small model splits before many capitals)."""
        if self.sid[j - 1] == self.sid[j]:
            return True
        k = j - 1
        return not self.space[k] and "\n" not in self.ws[k] and self.words[k] not in (".", "!", "?", "…")

    def is_punct(self, i: int) -> bool:
        return all(ch in PUNCT for ch in self.low[i]) or self.space[i]

    def is_stop(self, i: int) -> bool:
        """Punctuation that ends a phrase (not a hyphen inside a name: "Ki-moon")."""
        return self.is_punct(i) and not glued_hyphen(self.words, self.ws, i)

    def match(self, i: int, phrases, max_len: int = 6) -> tuple[int, object] | None:
        """Longest phrase (tuple of tokens, a dict key or set member) starting at token i."""
        if i >= self._n:
            return None
        longest = self.lex.first_words(phrases).get(self.low[i])
        if longest is None:
            return None
        low = self.low
        for n in range(min(max_len, longest, self._n - i), 0, -1):
            key = tuple(low[i:i + n])
            if key in phrases:
                return n, phrases[key] if isinstance(phrases, dict) else key
        return None

    def chars(self, start: int, end: int) -> tuple[int, int]:
        return self.idx[start], self.idx[end - 1] + len(self.words[end - 1])

    def upper(self, i: int) -> bool:
        """Token i starts with a capital letter."""
        return self.words[i][:1].isupper()

    # Source phrases ------------------------------------------------------------

    def np_right(self, i: int, limit: int = 10) -> tuple[int, int]:
        """A noun phrase starting at token i: up to punctuation, a clause word or a verb cue."""
        j = i
        while j < len(self) and j - i < limit and (j == i or self.joined(j)) and not self.is_stop(j):
            if j > i and (self.lex.is_("np_break", self.low[j])
                          or self.lex.is_("aux", self.low[j]) or self.lex.is_("copula", self.low[j])
                          or (self.verb_at(j) and not self.lex.is_("determiner", self.low[j - 1]))):
                break
            j += 1
        return i, j

    def np_left(self, i: int, limit: int = 10) -> tuple[int, int]:
        """A noun phrase ending just before token i."""
        if i <= 0:
            return i, i
        j = i
        if self.low[i - 1] == ")":  # "Un responsabile del Robert Koch-Institut (RKI) ha detto"
            k = i - 1
            while k > 0 and self.low[k] != "(" and i - k < 6:
                k -= 1
            j = k if self.low[k] == "(" else i
        while j > 0 and i - j < limit and self.joined(j) and not self.is_stop(j - 1):
            if self.lex.is_("boundary", self.low[j - 1]) or self.verb_at(j - 1):
                break
            j -= 1
        return j, i

    def verb_at(self, i: int) -> bool:
        return self.match(i, self.lex.finite, 3) is not None and not self.lex.is_("determiner", self.low[i])

    def read_source(self, start: int, end: int, closest_last: bool = False) -> Source | None:
        """What the phrase tokens[start:end] names, following the order in the module docstring."""
        if start >= end:
            return None
        lex, low = self.lex, self.low
        k = start
        while k < end - 1 and (lex.is_("determiner", low[k]) or lex.is_("np_modifier", low[k])):
            k += 1
        if lex.is_("self", low[k]) and k + 1 < end and not self.upper(k + 1):
            return Source(start, k + 2, "pronoun", "unknown")  # "la stessa fonte", "lo stesso interessato"
        heads = [e for e in self._entities_in(start, end)  # proper names only, not "il governo"
                 if e[2]["type"] in ("person", "outlet", "organization") and not self._after_prep(e[0], start)
                 and self.upper(e[0])]
        person_head = any(e[2]["type"] == "person" for e in heads)
        if (self.match(k, lex.anonymous, 4) or self.match(start, lex.anonymous, 4)) and not person_head:
            return Source(start, end, "anonymous", "anonymous")
        if heads:
            return self._entity_source(*(heads[-1] if closest_last else heads[0]), end)
        for i in range(start, end):
            if i > start and lex.is_("preposition", low[i - 1]):
                continue
            hit = self.match(i, lex.roles, 4)
            if hit:
                n, (role, speaks_for) = hit
                comp = [e for e in self._entities_in(i + n, end)]
                named = self._name(i + n, end, closest_last)
                if named and not (speaks_for and comp and comp[0][0] < named.start):
                    return named
                if speaks_for and comp:
                    return self._entity_source(*comp[0], end)
                country = next((e for e in comp if e[2]["type"] == "country"), None)
                stop = country[1] if country else i + n
                return Source(start, stop, "role", "person", role=role,
                              country=country[2]["canonical_id"] if country else None)
            hit = self.match(i, lex.nouns, 4)
            if hit:
                n, (kind, source_type) = hit
                if kind == "outlet_anaphora":  # "il settimanale Le Journal du Dimanche": a name follows
                    k2 = i + n + (1 if i + n < end and i + n in self.ent_at else 0)
                    if k2 < end and self.upper(k2):
                        stop = k2
                        while stop < end and self.upper(stop) or (
                                stop < end and lex.is_("outlet_name_link", low[stop])):
                            stop += 1
                        return Source(k2, stop, "name", "outlet", name_row(self, k2, stop, "outlet"))
                comp = self._entities_in(i + n, end)
                stop = comp[0][1] if comp else i + n
                src = Source(start, stop, kind, source_type)
                if kind == "government":
                    country = next((e for e in comp if e[2]["type"] == "country"), None)
                    if not country:
                        return Source(start, i + n, "generic", "organization")
                    src.entity, src.source_type = country[2], "country"
                elif kind == "document":
                    agent = self._agent(i + n, end)
                    if agent:
                        return agent
                    if comp:
                        src.entity = comp[0][2]
                return src
        if low[start] in lex.words.get("pronoun", ()):
            return Source(start, start + 1, "pronoun", "unknown")
        if k == end - 1 and low[k] in lex.words.get("pronoun", ()):  # "l'interessata"
            return Source(start, end, "pronoun", "unknown")
        others = [e for e in self._entities_in(start, end) if not self._after_prep(e[0], start)
                  and e[2].get("form") != "demonym"]
        if others:
            return self._entity_source(*(others[-1] if closest_last else others[0]), end)
        if not lex.is_("preposition", low[start]):
            named = self._name(start, end, closest_last)
            if named and (closest_last or named.start == k):
                return named
        if self.upper(k) and not lex.is_("preposition", low[start]):
            stop = k
            while stop < end and self.upper(stop):
                stop += 1
            return phrase_source(self, start, stop)
        return None

    def _entity_source(self, s: int, e: int, row: dict, end: int) -> Source:
        e, row = extend(self, s, e, row)
        source_type = ENTITY_SOURCE_TYPES.get(row["type"], "unknown")
        if source_type == "person" and any(self.lex.is_("org_word", self.low[i]) for i in range(s, e)):
            source_type = "organization"  # "Adobe Systems" tagged as a person
        return Source(s, e, "entity", source_type, row)

    def _name(self, start: int, end: int, last: bool) -> Source | None:
        """A capitalised name the entities stage did not give as a person/outlet/organization."""
        run = name_run(self, start, end, last)
        if run is None:
            return None
        s, e = run
        for es, ee, row in self.entities:
            if es < e and ee > s and es >= s and row["type"] not in ("person", "outlet", "organization"):
                return None  # a place or country: read as such elsewhere
        return Source(s, e, "name", "unknown", name_row(self, s, e))

    def _agent(self, i: int, end: int) -> Source | None:
        """"i dati forniti dall'Istat": the source is the agent after the participle."""
        for j in range(i, min(end, i + 4)):
            if self.lex.is_("agent_participle", self.low[j]) and j + 1 < len(self) \
                    and self.lex.is_("agent_prep", self.low[j + 1]):
                return self.read_source(*self.np_right(j + 2))
        return None

    def _entities_in(self, start: int, end: int) -> list[tuple[int, int, dict]]:
        """Entities within tokens [start, end), in the entities order."""
        if self._ent_starts is None:
            return [e for e in self.entities if e[0] >= start and e[1] <= end]
        lo, hi = bisect_left(self._ent_starts, start), bisect_left(self._ent_starts, end)
        return [e for e in self.entities[lo:hi] if e[1] <= end]

    def sentence_bounds(self, a: int, b: int) -> tuple[int, int]:
        """(first token, end) of the tokens in the sentences of tokens a and b."""
        sa, sb = self.sid[a], self.sid[b]
        return (min(self.sent_first[sa], self.sent_first[sb]),
                max(self.sent_last[sa], self.sent_last[sb]) + 1)

    def _after_prep(self, i: int, np_start: int) -> bool:
        """An entity starting at token i is in a complement: a preposition precedes it in the phrase."""
        j = i - 1
        while j >= np_start and self.lex.is_("determiner", self.low[j]) and not self.lex.is_("preposition", self.low[j]):
            j -= 1
        return j >= np_start and self.lex.is_("preposition", self.low[j])


def phrase_tokens(phrase: str) -> tuple[str, ...]:
    return split(phrase)
