"""What the dependency parse says about a reporting verb: its subject, its passive
agent and its complement (UD relations, as the bundled model's parser
predicts them).

Every function answers None when the document has no parse (a model without
a parser): the word-order rules in `cues` then apply alone.
- `subject`: the verb's own `nsubj`/`nsubj:pass`/`csubj`; for a verb without
  one, the subject of the verb it is coordinated with (`conj`), of the
  clause a gerund or bare participle depends on (`advcl`), and for a
  relative clause whose subject is the relative pronoun ("il ministro, che ha
  detto") the noun the clause modifies.
- `agent`: the `obl:agent` of a passive ("confermata dal governo").
- `complement`: a clausal complement opened by "che" or "di" (`ccomp`,
  `xcomp`), else a direct object (`obj`: "nega qualsiasi coinvolgimento").
- `named_apposition`: "il presidente della regione, Anna Verdi": the name.
- `phrase`: the tokens of a noun phrase headed by a token, without the
  relative clauses, appositions and clauses attached to it.
"""
from __future__ import annotations

from spacy.tokens import Doc, Token

SUBJECTS = ("nsubj", "nsubj:pass", "csubj")
INHERITS_SUBJECT = ("conj", "advcl", "xcomp")
PHRASE_INSIDE = {"det", "amod", "nmod", "case", "flat", "flat:name", "flat:foreign", "compound", "fixed",
                 "nummod", "det:poss", "det:predet", "advmod"}


def has_parse(doc: Doc) -> bool:
    return doc.has_annotation("DEP")


def verb_token(doc: Doc, start: int, end: int) -> Token | None:
    """The head of a verb group (auxiliaries and clitics point to it)."""
    if not has_parse(doc):
        return None
    inside = [t for t in doc[start:end] if not (start <= t.head.i < end) or t.head == t]
    return inside[0] if inside else doc[end - 1]


def _own_subject(verb: Token) -> Token | None:
    return next((c for c in verb.children if c.dep_ in SUBJECTS), None)


def subject(verb: Token | None, depth: int = 0) -> Token | None:
    if verb is None or depth > 3:
        return None
    own = _own_subject(verb)
    if own is not None:
        if own.lower_ in ("che", "cui", "il quale", "la quale") and verb.dep_.startswith("acl"):
            return verb.head  # "il ministro, che ha detto": the noun the relative clause modifies
        return own
    if verb.dep_ in INHERITS_SUBJECT and verb.head != verb and (verb.dep_ != "advcl" or _non_finite(verb)):
        return subject(verb.head, depth + 1)
    return None


def _non_finite(verb: Token) -> bool:
    """A gerund or participle with no auxiliary of its own ("..., sostenendo che"): it
    shares its subject; a finite clause ("ha affermato Starmer") does not."""
    forms = verb.morph.get("VerbForm")
    return bool(forms) and forms[0] in ("Ger", "Part", "Inf") and not any(c.dep_ == "aux" for c in verb.children)


def named_apposition(noun: Token) -> Token | None:
    """A proper name in apposition to a common noun: a name beats a title."""
    if noun.pos_ != "NOUN":
        return None
    return next((c for c in noun.children if c.dep_ == "appos" and c.pos_ == "PROPN"), None)


def agent(verb: Token | None) -> Token | None:
    if verb is None:
        return None
    return next((c for c in verb.children if c.dep_ == "obl:agent"), None)


def _clause_marker(clause: Token) -> bool:
    """A complement clause opened by "che" or "di" ("ha detto che …", "ha raccontato di …")."""
    return any(c.dep_ == "mark" and c.lower_ in ("che", "di") for c in clause.children)


def complement(verb: Token | None, objects: bool = True) -> Token | None:
    """A "che"/"di" complement clause after the verb, else (with `objects`) its direct object.
    A bare infinitive ("disponibilità a sostenere", often attached to the wrong
    head) is no content."""
    if verb is None:
        return None
    hit = next((c for c in verb.children if c.dep_ in ("ccomp", "xcomp", "advcl") and c.i > verb.i
                and _clause_marker(c)), None)
    if hit is None and objects:
        hit = next((c for c in verb.children if c.dep_ == "obj" and c.i > verb.i), None)
    return hit


def phrase(head: Token) -> tuple[int, int]:
    """(start, end) token range of the noun phrase headed by `head`."""
    start = end = head.i
    stack = [head]
    while stack:
        token = stack.pop()
        for child in token.children:
            if child.dep_ in PHRASE_INSIDE:
                start, end = min(start, child.i), max(end, child.i)
                stack.append(child)
    # no punctuation at the edges, and a contiguous range
    doc = head.doc
    while start < head.i and doc[start].is_punct:
        start += 1
    while end > head.i and doc[end].is_punct:
        end -= 1
    return start, end + 1
