"""The attribution cue lists, read from the data files in `pipeline/data/`.

- `attribution_verbs.tsv`: reporting verbs (`lemma, class, needs, conj,
  participle, irregular`). The finite forms (3rd person present, imperfect,
  simple past, future, conditional) and the gerund are derived here with the
  regular rules of the `conj` column (`are`, `ere`, `ire`, `isc`, `-` for
  none); `irregular` adds forms the rules miss; `participle` is used after an
  auxiliary ("ha detto") and in "come detto da". `class` is `speech` (cue
  type `verb`) or `report` (cue type `reported_by`); `needs` is `any`, `che`
  (the verb counts only with an explicit source or a "che"/":"/quote
  complement, or an object clitic before it, "lo ha confermato": "sostenere"
  also means "to support"), `di` (only before "di": "parlano di") or `quote`
  (only next to a direct quote: "ha proseguito"). Participles also match in
  their agreeing forms ("confermata", "definiti") and, before "da", make a
  passive cue ("diffuso da Al Jazeera"). Future and conditional forms are
  marked (`tense`) so that "se X annuncerà" can be skipped.
- `attribution_cues.tsv`: fixed according-to / reported-by phrases; the
  phrases "secondo quanto <participle> da", "a quanto <participle> da",
  "da quanto <participle> da", "stando a quanto <participle> da" and
  "come <participle> da" are generated from the verbs.
- `attribution_anonymous.tsv`, `attribution_roles.tsv`, `attribution_nouns.tsv`
  (outlet anaphora, government, document and generic source nouns) and
  `anaphora_outlet.tsv` (shared with the entities stage, when present).
- `closed_class.tsv` (shared with the other extractors): articles, name
  particles, organisation words, auxiliaries, modals and copulas.
- `attribution_words.tsv`: the attribution rules' own word classes (determiners,
  prepositions, adverbs allowed inside a verb group, clitics, the clitics a
  verb group may start with (`preverbal_clitic`: not "la", which before a verb
  form is read as an article), clause boundaries, modifiers
  skipped before a source noun and the links of long organisation names, see `names`); and the word lists of the
  resolution and cue rules: gendered and plural pronouns (`pronoun_fem` ...),
  first names against the -a/-o rule, nouns of person (`person_noun`), verbs
  that continue the previous speaker (`continuation_verb`), nouns of saying
  that "arrive" from a source and the arrival verbs (`arrival_noun`,
  `arrival_verb`), cue phrases that need a real source (`source_only_cue`:
  "basato su"), and courts with the verbs of their rulings (`legal_body`,
  `legal_verb`).
- `articulated_prepositions.tsv`: "dalla" -> "da", so that cue phrases and
  rules match every articulated form (see `Text.norm`).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .. import lexicon as shared
from .decision import CueModel, load_model


@dataclass(frozen=True)
class VerbForm:
    lemma: str
    cue_type: str  # verb | reported_by
    needs: str  # any | che | quote
    kind: str  # finite | participle | gerund
    tense: str = ""  # future | conditional for those finite forms


@dataclass
class Lexicon:
    finite: dict[tuple[str, ...], VerbForm] = field(default_factory=dict)  # incl. gerunds
    participles: dict[tuple[str, ...], VerbForm] = field(default_factory=dict)
    infinitives: dict[str, VerbForm] = field(default_factory=dict)  # "confermare", "confermarlo" (clefts)
    cues: dict[tuple[str, ...], str] = field(default_factory=dict)  # phrase -> cue_type
    anonymous: set[tuple[str, ...]] = field(default_factory=set)
    roles: dict[tuple[str, ...], tuple[str, bool]] = field(default_factory=dict)  # -> (role, speaks_for)
    nouns: dict[tuple[str, ...], tuple[str, str]] = field(default_factory=dict)  # -> (kind, source_type)
    words: dict[str, set[str]] = field(default_factory=dict)  # kind -> words
    art_prep: dict[str, str] = field(default_factory=dict)  # articulated preposition -> base
    decision: CueModel | None = None  # the learned cue decision; None: the hand rules decide
    _first: dict[int, tuple[object, dict[str, int]]] = field(default_factory=dict, repr=False)

    def is_(self, kind: str, word: str) -> bool:
        return word in self.words.get(kind, ())

    def first_words(self, phrases) -> dict[str, int]:
        """First word -> length of the longest phrase starting with it (built once per phrase table)."""
        hit = self._first.get(id(phrases))
        if hit is None or hit[0] is not phrases:
            index: dict[str, int] = {}
            for phrase in phrases:
                if phrase:
                    index[phrase[0]] = max(index.get(phrase[0], 0), len(phrase))
            hit = self._first[id(phrases)] = (phrases, index)
        return hit[1]


GERUND_CLITICS = ("lo", "la", "li", "le", "ne", "gli", "glielo", "gliela")


def split(phrase: str) -> tuple[str, ...]:
    """A phrase as lower-case tokens, splitting elided articles as the tokenizer does."""
    out = []
    for word in phrase.lower().split():
        if "'" in word[:-1]:
            head, _, rest = word.partition("'")
            out += [head + "'", rest]
        else:
            out.append(word)
    return tuple(out)


def _strip_article(phrase: tuple[str, ...], articles: set[str]) -> tuple[str, ...]:
    return phrase[1:] if len(phrase) > 1 and phrase[0] in articles else phrase


def _tense(form: str) -> str:
    last = form.split()[-1]
    if last.endswith(("rebbe", "rebbero")):
        return "conditional"
    return "future" if last.endswith(("rà", "ranno")) else ""


def agreeing(participle: str) -> list[str]:
    """A participle and its agreeing forms: "detto" -> detto, detta, detti, dette; in a
    two-word form both words agree when both end in -o ("reso noto" -> "resa nota")."""
    words = participle.split()
    if len(words) > 2 or not all(w.endswith("o") for w in words):
        return [participle]
    return [participle] + [" ".join(w[:-1] + end for w in words) for end in "aie"]


def conjugate(lemma: str, conj: str) -> list[str]:
    """3rd-person finite forms and the gerund of a regular verb."""
    if conj == "are":
        stem = lemma[:-3]
        fut = stem[:-1] if stem.endswith(("ci", "gi")) else stem + ("h" if stem.endswith(("c", "g")) else "")
        return [stem + "a", stem + "ano", stem + "ava", stem + "avano", stem + "ò", stem + "arono",
                fut + "erà", fut + "eranno", fut + "erebbe", fut + "erebbero", stem + "ando"]
    if conj in ("ere", "ire", "isc"):
        stem = lemma[:-3]
        if conj == "ere":
            past = [stem + "é", stem + "ette", stem + "erono"]
            vowel = "e"
        else:
            past = [stem + "ì", stem + "irono"]
            vowel = "i"
        present = [stem + "isce", stem + "iscono"] if conj == "isc" else [stem + "e", stem + "ono"]
        return present + past + [stem + vowel + "va", stem + vowel + "vano", stem + vowel + "rà",
                                 stem + vowel + "ranno", stem + vowel + "rebbe", stem + "endo"]
    return []


# Kinds of word the rules ask for that are closed classes shared with the other extractors.
_CLOSED_KINDS = {"article": ("definite_article", "indefinite_article"), "name_particle": ("name_particle",),
                 "org_word": ("organization_word", "institution_word"), "aux": ("auxiliary_avere",),
                 "modal": ("modal",), "copula_participle": ("copula_participle",)}


def load_lexicon(directory: str | None = None) -> Lexicon:
    """The attribution lexicon of `directory` (default: the data folder in force), built once."""
    data = shared.lexicon(directory)
    return data.cached("attributions", lambda: build_lexicon(data))


def build_lexicon(data: shared.Lexicon) -> Lexicon:
    """The attribution rules' lexicon from the shared data-folder lexicon."""
    lex = Lexicon()
    for row in data.rows("attribution_words.tsv"):
        lex.words.setdefault(row["kind"], set()).add(row["word"].lower())
    for kind, classes in _CLOSED_KINDS.items():
        lex.words[kind] = set(data.closed(*classes))
    # "è", "erano" end a noun phrase; "sia ... sia", "fosse" (a noun too) do not. Clefts
    # ("A confermarlo è stato", "fu il sindaco a") take the indicative forms.
    lex.words["copula"] = set(data.copula("present", "imperfect"))
    lex.words["cleft_copula"] = set(data.copula("present", "imperfect", "past", "future"))
    articles = lex.words["article"]
    lex.art_prep = {row["form"].lower(): row["base"].lower()
                    for row in data.rows("articulated_prepositions.tsv")}
    generated: dict[tuple[str, ...], str] = {}
    for row in data.rows("attribution_verbs.tsv"):
        cue_type = "reported_by" if row["class"] == "report" else "verb"
        forms = conjugate(row["lemma"], row["conj"]) + [f for f in row["irregular"].split("|") if f]
        for form in forms:
            kind = "gerund" if form.split()[0].endswith("ndo") else "finite"
            lex.finite.setdefault(split(form), VerbForm(row["lemma"], cue_type, row["needs"], kind, _tense(form)))
            if kind == "gerund" and " " not in form and row["needs"] in ("any", "content"):
                # "definendolo", "avvisandoli": the clitic is the object, which meets the frame. Not for
                # a `che` verb, whose clitic form is its other sense ("sostenendola", "riportandolo a casa")
                for clitic in GERUND_CLITICS:
                    lex.finite.setdefault((form + clitic,), VerbForm(row["lemma"], cue_type, "any", kind))
        if " " not in row["lemma"] and row["needs"] != "quote":
            inf = VerbForm(row["lemma"], cue_type, row["needs"], "infinitive")
            stem = row["lemma"][:-1] if row["lemma"].endswith("e") else row["lemma"]
            for form in [row["lemma"]] + [stem + clitic for clitic in ("lo", "la", "li", "le", "ne")]:
                lex.infinitives.setdefault(form, inf)
        for i, pp in enumerate(agreeing(row["participle"])):
            form = VerbForm(row["lemma"], cue_type, row["needs"], "participle")
            if i == 0:
                lex.participles[split(pp)] = form
            else:
                lex.participles.setdefault(split(pp), form)
        if row["needs"] != "quote":
            for template, kind in (("secondo quanto {} da", "according_to"), ("a quanto {} da", "according_to"),
                                   ("da quanto {} da", "according_to"),
                                   ("stando a quanto {} da", "according_to"), ("come {} da", "reported_by")):
                generated[split(template.format(row["participle"]))] = kind
    for row in data.rows("attribution_cues.tsv"):
        lex.cues[split(row["phrase"])] = row["cue_type"]
    for phrase, kind in generated.items():
        lex.cues.setdefault(phrase, kind)
    lex.anonymous = {split(r["phrase"]) for r in data.rows("attribution_anonymous.tsv")}
    for row in data.rows("attribution_roles.tsv"):
        lex.roles[split(row["phrase"])] = (row["role"], row["speaks_for"] == "yes")
    for row in data.rows("attribution_nouns.tsv"):
        lex.nouns[_strip_article(split(row["phrase"]), articles)] = (row["kind"], row["source_type"])
    if (data.folder / "anaphora_outlet.tsv").exists():
        for row in data.rows("anaphora_outlet.tsv"):
            if row.get("phrase"):
                lex.nouns.setdefault(_strip_article(split(row["phrase"]), articles), ("outlet_anaphora", "outlet"))
    lex.decision = load_model(data.folder)
    return lex
