"""Finding attribution cues and their source phrases in a document.

The families, each yielding `Candidate`s (token ranges, source unresolved),
found in this order (a later family skips the tokens an earlier one took):
- phrase cues from `attribution_cues.tsv` (+ generated "come riportato da"):
  the source is the phrase after the cue: a recognised source
  (`Text.read_source`) or, after "secondo" + article, "stando a", "a detta
  di", any noun phrase that can hold a view (`_opinion_holder`; not a rule or
  law: "secondo il regolamento"). The ordinal "secondo" ("il secondo mandato",
  "Secondo giorno di …") is skipped, and "per" counts only clause-initially
  and followed by a comma ("Per il Cremlino, ...");
- passives (`passive`), nominal cues (`nominal`) and clefts (`clefts`);
- reporting verbs: an auxiliary + adverbs + participle ("ha più volte
  sottolineato") or a finite form / gerund ("dice", "aggiungendo"). With a
  parse the subject is the parse's (`_parsed_subject`, see `syntax`); else, or
  when the parse has none, the phrase before the verb group (also across a
  relative "che" or a comma-enclosed apposition), then a postposed one by
  word order (`_postposed_subject`); none means an omitted subject, resolved
  from context later. `needs` (see `lexicon`) is checked, and a future or
  conditional form in an "if" clause ("se il governo annuncerà") is skipped;
- direct quotes «…», “…”, "…" (see `quotes`): attached to the adjacent verb
  cue ("«…», ha detto X", "X ha detto: «…»"), to a cue interrupting the quote
  between dashes or commas ("«Tornerò - prosegue - …»"), or after "X:" on
  their own (cue type quote, cue span = the colon), and headline "X: claim".
"""
from __future__ import annotations

from . import syntax
from .base import Candidate
from .base import has_complement as _has_complement
from .base import norm as _norm
from .base import skip as _skip
from .clefts import cleft_cues
from .decision import verb_features
from .lexicon import VerbForm
from .nominal import arrival_cues, nominal_cues
from .passive import passive_cues
from .quotes import colon_quotes, find_quotes, headline_colons, interruption
from .quotes import quote_after as _quote_after
from .quotes import quote_before as _quote_before
from .spans import Source, Text, phrase_source

__all__ = ["Candidate", "find_candidates", "find_quotes"]


def _match_cue(text: Text, i: int) -> tuple[int, str] | None:
    """The longest cue phrase (of at most 7 words, prepositions normalised) at token i."""
    cues = text.lex.cues
    longest = text.lex.first_words(cues).get(text.norm[i])
    if longest is None:
        return None
    for n in range(min(7, longest, len(text) - i), 0, -1):
        key = tuple(text.norm[i:i + n])
        if key in cues:
            return n, cues[key]
    return None


def _clause_initial(text: Text, i: int) -> bool:
    return i == 0 or text.sid[i - 1] != text.sid[i] or text.low[i - 1] in (",", ";", ":", "ma", "e", "(")


def phrase_cues(text: Text) -> list[Candidate]:
    found, i = [], 0
    while i < len(text):
        hit = _match_cue(text, i)
        if not hit:
            i += 1
            continue
        n, cue_type = hit
        word = text.low[i]
        prev = text.low[i - 1] if i > 0 and text.sid[i - 1] == text.sid[i] else ""
        if word in ("secondo", "per") and n == 1 and text.lex.is_("determiner", prev):
            i += 1  # ordinal: "il secondo mandato", "al secondo posto"
            continue
        if word == "per" and n == 1 and not _clause_initial(text, i):
            i += 1
            continue
        after = i + n
        rel = 1 if text.low[after:after + 1] == ["cui"] else 2 if text.lex.is_("relative", " ".join(text.low[after:after + 2])) else 0
        if word == "secondo" and n == 1 and rel:  # "X, secondo cui ..."
            q = i - 1 if prev == "," else i
            holder = text.np_left(q)
            source = text.read_source(*holder, closest_last=True) or _opinion_holder(text, *holder, last=True)
            end = after + rel
            if source:
                found.append(Candidate((i, end), "according_to", source=source, block=(i, end)))
            i = end
            continue
        np = text.np_right(after)
        source = text.read_source(*np)
        next_word = text.low[after] if after < len(text) else ""  # the cue may end the document
        if source is None and cue_type == "according_to" and word != "per" \
                and not text.lex.is_("source_only_cue", word) and (
                n > 1 or text.lex.is_("article", next_word) or text.lex.is_("indefinite", next_word)
                or _bare_plural(text, after)):
            # "secondo i tecnici del comune", "stando alle prime perizie", "secondo molti";
            # not the ordinal "Secondo giorno di sciopero", "è arrivato secondo alle elezioni"
            source = _opinion_holder(text, *np)
        if source is None or (word == "per" and n == 1 and (
                source.kind in ("document", "unknown") or source.end >= len(text) or text.low[source.end] != ","
                or source.start > after + 2)):  # "Per otto anni a fianco di X," is no "according to
            i += 1
            continue
        source = _apposition(text, source, np[1]) or source
        found.append(Candidate((i, after), cue_type, source=source, block=(i, source.end)))
        i = source.end
    return found


def _bare_plural(text: Text, i: int) -> bool:
    """A plural noun with no article ("secondo indiscrezioni", "secondo fonti locali"): never the
    ordinal "secondo", which agrees with a singular noun ("secondo tempo") when it has no article."""
    return i < len(text) and text.doc[i].pos_ == "NOUN" and "Plur" in text.doc[i].morph.get("Number")


def _opinion_holder(text: Text, start: int, end: int, last: bool = False) -> Source | None:
    """Any noun phrase that can hold a view after "secondo"/"stando a" (or, with `last`,
    before "secondo cui": its last noun): a noun that is no rule, law or plan
    ("secondo il regolamento" is conformity, `conformity_noun`)."""
    if last:
        nouns = [j for j in range(start, end) if text.doc[j].pos_ in ("NOUN", "PROPN")]
        start = nouns[-1] if nouns else start
    k = start
    while k < end - 1 and (text.lex.is_("determiner", text.low[k]) or text.lex.is_("np_modifier", text.low[k])
                           or text.lex.is_("quantifier", text.low[k])):
        k += 1
    if text.lex.is_("indefinite", text.low[start]) and (start + 1 == end or not text.doc[start + 1].pos_ == "NOUN"):
        return Source(start, start + 1, "anonymous", "anonymous")  # "secondo molti, …"
    if k >= end or text.lex.is_("conformity_noun", text.low[k]) or text.is_punct(k):
        return None
    pos = text.doc[k].pos_
    nominal_adjective = pos == "ADJ" and k == end - 1 and k > start  # "secondo i favorevoli"
    if pos not in ("NOUN", "PROPN") and not (pos == "" and text.low[k].isalpha()) and not nominal_adjective:
        return None
    kind = "anonymous" if text.match(k, text.lex.anonymous, 4) else "generic"
    first = start
    while first < k and text.lex.is_("determiner", text.low[first]):
        first += 1  # the source span has no article
    return Source(first, end, kind, "anonymous" if kind == "anonymous" else "unknown")


def _apposition(text: Text, source: Source, j: int) -> Source | None:
    """A personal name in apposition closing the phrase: "secondo il Chief Technology
    Officer di Wikimedia, Brion Vibber." -> Brion Vibber."""
    head = source.kind == "role" or (source.kind in ("entity", "name") and source.end - source.start >= 2
                                     and source.source_type in ("organization", "unknown")
                                     and (source.entity or {}).get("type") != "person")
    if not head or j + 1 >= len(text) or text.low[j] != ",":
        return None
    start, end = text.np_right(j + 1)
    if end < len(text) and not text.is_punct(end):
        return None
    name = text.read_source(start, end)
    row = name.entity if name else None
    if name and name.end == end and name.kind in ("entity", "name") and row and row["type"] == "person":
        return name
    return None


PERFECT_INFINITIVE_AUX = ("aver", "avere", "averlo", "averla", "averli", "averle", "averne")


def _modal_infinitive(text: Text, i: int):
    """(end, VerbForm) of a modal + reporting infinitive ("vuole ribadire", "ha voluto
    precisare", "ci tiene a sottolineare"), or None; the infinitive counts as finite."""
    lex, j = text.lex, i
    if lex.is_("aux", text.low[j]):
        j = _skip(text, j + 1, 1)
        if j >= len(text) or not lex.is_("modal_participle", text.low[j]):
            return None
    elif not lex.is_("modal", text.low[j]):
        return None
    j = _skip(text, j + 1, 1)
    if j < len(text) and text.low[j] in ("a", "di") and text.low[i] != "ha":
        j += 1  # "tiene a precisare"
    form = lex.infinitives.get(text.low[j]) if j < len(text) else None
    if form is None:
        return None
    return j + 1, VerbForm(form.lemma, form.cue_type, form.needs, "finite")


def _verb_group(text: Text, i: int, wide: bool = False):
    """(end, VerbForm) of a reporting-verb group starting at token i, or None. `wide` (with the
    learned decision) also offers bare infinitives ("l'occasione di attaccare") and perfect
    infinitives ("dopo aver accusato"), which the hand rules leave out."""
    lex = text.lex
    modal = _modal_infinitive(text, i)
    if modal:
        return modal
    if wide and text.low[i] in PERFECT_INFINITIVE_AUX:
        j = _skip(text, i + 1, 1)
        hit = text.match(j, lex.participles, 3) if j < len(text) else None
        if hit:
            form = hit[1]
            return j + hit[0], VerbForm(form.lemma, form.cue_type, form.needs, "infinitive")
    if wide and text.low[i] in lex.infinitives and (i == 0 or not lex.is_("determiner", text.low[i - 1])):
        return i + 1, lex.infinitives[text.low[i]]
    if lex.is_("aux", text.low[i]):
        j = _skip(text, i + 1, 1)
        hit = text.match(j, lex.participles, 3) if j < len(text) else None
        if hit:
            return j + hit[0], hit[1]
        return None
    hit = text.match(i, lex.finite, 3)
    if hit:
        prev = text.low[i - 1] if i > 0 else ""
        if lex.is_("determiner", prev) and not lex.is_("preverbal_clitic", prev):
            return None  # a noun: "la conferma", "una denuncia"
        before = text.low[i - 2] if i >= 2 and text.joined(i - 1) else ""
        if lex.is_("determiner", prev) and (not before or text.is_punct(i - 2) or lex.is_("preposition", before)):
            return None  # "L'accusa che pende", "con l'accusa di"
        return i + hit[0], hit[1]
    return None


def _has_object(text: Text, after: int) -> bool:
    """Without a parse: a determiner or quantifier right after the verb opens its object."""
    j = _skip(text, after, 1)
    return j < len(text) and (text.lex.is_("quantifier", text.low[j]) or (
        text.lex.is_("determiner", text.low[j]) and not text.lex.is_("preposition", text.low[j])))


def _subject_left(text: Text, p: int) -> tuple[Source | None, bool]:
    """The subject before a verb group starting at p; (source, a phrase was there)."""
    prev = text.low[p - 1] if p > 0 and text.joined(p) else ""
    if prev in ("che", "cui"):
        q = p - 2 if p >= 2 and text.low[p - 2] == "," else p - 1
        return text.read_source(*text.np_left(q), closest_last=True), True
    start, end = text.np_left(p)
    if start < end:
        source = text.read_source(start, end, closest_last=True)
        if source is None and text.lex.is_("determiner", text.low[start]) \
                and not text.lex.is_("preposition", text.low[start]):
            source = phrase_source(text, start, end)
        return source, True
    if prev == ",":  # "Starmer, leader laburista, ha detto"
        c = p - 2
        while c >= 0 and p - 2 - c < 20 and text.joined(c + 1) and text.low[c] != ",":
            c -= 1
        if c >= 0 and text.low[c] == "," and p - 2 - c < 20:
            start, end = text.np_left(c)
            source = text.read_source(start, end, closest_last=True)
            if source and source.kind in ("entity", "name", "role", "anonymous"):
                return source, True
            if start < end and text.lex.is_("determiner", text.low[start]):
                return phrase_source(text, start, end), True  # "Un uomo, che viaggiava sul bus, ha detto"
        start, end = text.np_left(p - 1)  # "Il commissario ... Edward Davis, ha confermato"
        if start < end and (start == 0 or not text.joined(start)):
            source = text.read_source(start, end, closest_last=True)
            if source and source.kind in ("entity", "name", "role", "anonymous"):
                return source, True
    return None, False


def _postposed_subject(text: Text, cand: Candidate, form, p: int, i: int, end: int, in_quote: bool):
    """A subject after the verb, by word order ("ha affermato Starmer", "«…», ha detto X",
    "Lo ha confermato il portavoce"). The parser labels most inverted subjects as
    objects, so its label is not trusted here; instead an object is recognised by
    its shape: a phrase followed by "di"/"a" ("ha accusato la Regione di …",
    "ha invitato i cittadini a …"), or after a verb whose content may be a noun
    phrase ("ha criticato la riforma") when nothing else marks the phrase as the
    speaker (a quote, an object clitic before the verb, or commas around the
    verb group: "Tuttavia, ha affermato Starmer, …")."""
    r = _skip(text, end, 1, ("adverb", "clitic"))
    if r >= len(text) or text.is_punct(r) or text.lex.is_("preposition", text.low[r]) or text.low[r] in ("che", "di"):
        return None
    source = text.read_source(*text.np_right(r))
    if source is None or (source.kind == "unknown" and not text.upper(source.start)):
        return None
    follows = text.low[source.end] if source.end < len(text) else "."
    if follows in ("di", "a", "ad"):
        return None
    clitic = any(text.lex.is_("object_clitic", text.low[x]) for x in range(p, i))
    parenthetical = p > 0 and text.low[p - 1] in (",", "–", "—") and follows in (",", ".", ";", "–", "—")
    if form.needs == "content" and not (cand.quote or in_quote or clitic or parenthetical):
        return None
    return source


def _parsed_subject(text: Text, verb, i: int, end: int, lemma: str) -> tuple[Source | None, bool, bool]:
    """(source, a subject phrase was there, it follows the verb) from the parse."""
    subj = syntax.subject(verb)
    if subj is None or i <= subj.i < end:
        return None, False, False
    subj = syntax.named_apposition(subj) or subj  # "Il presidente della regione, Anna Verdi, ha detto"
    start, stop = syntax.phrase(subj)
    if subj.i in text.ent_at:  # a name the parser cut ("Ursula von der Leyen"): the whole mention
        e_start, e_end, _row = text.entities[text.ent_at[subj.i]]
        start, stop = min(start, e_start), max(stop, e_end)
    source = text.read_source(start, stop)
    if source is None and (
            (text.lex.is_("determiner", text.low[start]) and not text.lex.is_("preposition", text.low[start]))
            or (subj.pos_ in ("NOUN", "PROPN") and not text.lex.is_("evidential_verb", lemma))):
        # "i doganieri dicono che …": any noun phrase is the speaker of a verb of saying; an
        # evidential verb ("Le informazioni evidenziano") needs a recognised source or document
        source = phrase_source(text, start, stop)
    if source is not None and source.kind in ("role", "outlet_anaphora", "unknown", "generic", "anonymous"):
        source = _named_apposition(text, source, start, stop, i) or source
    return source, True, source is not None and subj.i > verb.i


def _named_apposition(text: Text, source: Source, start: int, stop: int, verb_start: int) -> Source | None:
    """The person named in apposition to a title subject (a name beats a title): after it ("Il
    vescovo di Washington, Mariann E. Budde, ha dichiarato", "Il Presidente della Provincia, il ds
    Cataldo Salerno, ha attaccato", "il Segretario uscente Guglielmo Epifani ha dichiarato") or
    before it ("Danilo Manconi, il vicecomandante della Capitaneria, ha spiegato"). The name
    must be a person or outlet of the same sentence, between commas or next to the verb."""
    sent = text.sid[source.start]
    k = stop + 1 if stop < len(text) and text.low[stop] == "," else stop
    for j in range(k, min(k + 4, verb_start)):  # over "il ds", "l'ex"
        if j in text.ent_at:
            s, e, row = text.entities[text.ent_at[j]]
            closed = e == verb_start or (e < len(text) and text.low[e] in (",", "–", "—"))
            if s == j and row["type"] in ("person", "outlet") and closed and text.sid[s] == sent:
                return text.read_source(s, e)
            break
        if text.is_punct(j) or text.upper(j) or (syntax.has_parse(text.doc) and
                                                   text.doc[j].pos_ not in ("DET", "NOUN", "ADJ")):
            break  # only an article or a title between comma and name, not "parlando con"
    if start >= 2 and text.low[start - 1] == "," and start - 2 in text.ent_at:
        s, e, row = text.entities[text.ent_at[start - 2]]
        opens = s == 0 or text.sid[s - 1] != sent or text.is_punct(s - 1)
        if e == start - 1 and row["type"] == "person" and opens and text.sid[s] == sent:
            return text.read_source(s, e)
    return None


def _after_if(text: Text, i: int, form) -> bool:
    """A future/conditional cue in an "if" clause: "se il governo annuncerà ..." is no report."""
    tense = form.tense if form.kind == "finite" else ("future" if text.lex.is_("future_aux", text.low[i]) else "")
    if not tense:
        return False
    j = i - 1
    while j >= max(0, i - 8) and text.joined(j + 1) and not text.is_punct(j):
        if text.lex.is_("condition", text.low[j]):
            return True
        j -= 1
    return False


def _needs_met(text: Text, cand: Candidate, form, p: int, after: int, postposed: bool, verb) -> bool:
    """The `needs` column: a quote, a "che"/":"/"di" complement (or the parse's clausal
    complement), an object clitic ("lo ha confermato"), an explicit postposed
    subject, "di" after the verb ("parlano di"); `content` also accepts a direct
    object ("nega qualsiasi coinvolgimento")."""
    needs = "che" if form.tense == "future" and form.needs == "any" else form.needs
    if needs == "quote":
        return cand.quote is not None
    if needs == "di":
        j = _skip(text, after, 1)
        return j < len(text) and _norm(text, j) == "di"
    if needs in ("che", "content"):
        clitic = text.lex.is_("aux", text.low[cand.cue[0]]) and any(  # "l'aveva definita", not "l'accusa"
            text.lex.is_("object_clitic", text.low[x]) for x in range(p, cand.cue[0]))
        if cand.quote or postposed or clitic or _reports(cand) or _has_complement(text, after):
            return True
        if verb is not None:
            return syntax.complement(verb, objects=needs == "content") is not None
        return needs == "content" and _has_object(text, after)
    return True


def _reports(cand: Candidate) -> bool:
    """A report verb with a named outlet/organization subject: "All Africa riporta notizie"."""
    src = cand.source
    if cand.cue_type != "reported_by" or src is None or src.kind not in ("entity", "name"):
        return False
    kind = src.source_type if src.kind == "entity" else (src.entity or {}).get("type")
    return kind in ("outlet", "organization")


def _legal_act(text: Text, lemma: str, source: Source) -> bool:
    """A verb with a legal sense (`legal_verb`: condannare, assolvere ...) whose subject is a court
    or judge (`legal_body`)."""
    return text.lex.is_("legal_verb", lemma) and any(
        text.lex.is_("legal_body", text.low[k]) for k in range(source.start, source.end))


def _complement_kind(text: Text, cand: Candidate, after: int, verb) -> str:
    """What follows the verb group: quote, che/colon/di-infinitive clause, a parsed clause, an object, none."""
    if cand.quote:
        return "quote"
    if _has_complement(text, after):
        j = _skip(text, after, 1)
        return {"che": "che", ":": "colon"}.get(text.low[j] if j < len(text) else "", "clause")
    if verb is not None:
        hit = syntax.complement(verb, objects=True)
        if hit is not None:
            return "parsed_clause" if hit.pos_ in ("VERB", "AUX") else "object"
        return "none"
    return "object" if _has_object(text, after) else "none"


def verb_cues(text: Text, quotes, taken: set[int]) -> list[Candidate]:
    """Reporting-verb candidates. The hand rules (frame met, no "if" clause, no impersonal "si",
    a subject phrase that is a source) become features; the learned `CueModel` of the lexicon,
    when there is one, decides instead of them (see `decision`)."""
    found, i = [], 0
    marks = {t for q in quotes for t in q}
    inner = {t for a, b in quotes for t in range(a + 1, b)}
    model = text.lex.decision
    while i < len(text):
        group = None if i in taken or i in marks else _verb_group(text, i, wide=model is not None)
        if not group:
            i += 1
            continue
        end, form = group
        after_if = _after_if(text, i, form)
        if after_if and model is None:
            i += 1
            continue
        cand = Candidate((i, end), form.cue_type, verb_lemma=form.lemma, gerund=form.kind == "gerund",
                         method="verb_rule" if model is None else "verb_model")
        p = i
        while p > 0 and text.lex.is_("preverbal_clitic", text.low[p - 1]):
            p -= 1
        impersonal = "si" in text.low[p:i]  # "si conclude", "si riferisce" ("si è detto" is a form itself)
        if impersonal and model is None:
            i += 1
            continue
        in_quote = i in inner
        cand.quote = None if in_quote else _quote_before(text, p, quotes)
        verb = syntax.verb_token(text.doc, i, end)
        source, had_phrase, postposed = (None, False, False)
        if not in_quote and not cand.quote:
            if verb is not None:  # the parse's subject, also of relative, coordinated and gerund clauses
                source, had_phrase, postposed = _parsed_subject(text, verb, i, end, form.lemma)
            if source is None and not had_phrase and not form.kind == "gerund":
                source, had_phrase = _subject_left(text, p)
        if source is None and not had_phrase and form.kind != "infinitive":  # "dopo aver accusato il
            source = _postposed_subject(text, cand, form, p, i, end, in_quote)  # governo": an object
            postposed = source is not None
        if source and not postposed and any(t in taken for t in range(source.end, p)):
            i += 1  # "La CNN, citando fonti militari, parla di ...": the chain's cue is "citando"
            continue
        cand.source = source
        after = source.end if postposed else end
        nested = False
        if in_quote:  # "«Certo che torno - ha dichiarato - ma non subito»"
            cand.quote = interruption(text, p, after, quotes)
            nested = cand.quote is None  # a report inside someone's quote ("«… e ha chiesto aiuto»")
            if nested and model is None:
                i += 1
                continue
            if nested:  # its content ends with the quote that holds it
                q = next(q for q in quotes if q[0] < i < q[1])
                j = after
                while j < q[1] and (text.low[j] in ("che", "di") or text.is_punct(j)):
                    j += 1
                cand.content = (j, q[1]) if q[1] > j else None
                cand.nested = True
        if not nested:
            cand.quote = cand.quote or _quote_after(text, after, quotes)
        if source is not None and _legal_act(text, form.lemma, source):
            i += 1  # "il tribunale ha condannato l'imputato": a ruling, not a statement (spec)
            continue
        needs_met = _needs_met(text, cand, form, p, after, postposed, verb)
        rule_ok = needs_met and not (source is None and had_phrase) and not after_if and not impersonal
        if model is not None:
            feats = _features(text, cand, form, verb, p, after, needs_met, rule_ok and not nested, had_phrase,
                              postposed, in_quote, after_if, impersonal)
            if nested:
                feats["nested_in_quote"] = 1.0
            keep = model.keep(feats, text.chars(*cand.cue))
        else:
            keep = rule_ok
        if not keep:
            i += 1
            continue
        cand.omitted = source is None
        lo = min(i, source.start) if source else i
        hi = max(end, source.end) if source else end
        cand.block = (lo, hi)
        found.append(cand)
        i = hi if postposed else end
    return found


def _features(text: Text, cand: Candidate, form, verb, p: int, after: int, needs_met: bool, rule_ok: bool,
              had_phrase: bool, postposed: bool, in_quote: bool, after_if: bool, impersonal: bool) -> dict:
    source = cand.source
    head = ""
    if source is not None:
        head = text.low[source.end - 1] if source.kind not in ("entity", "name") else source.kind
    j = _skip(text, cand.cue[1], 1)
    return verb_features(
        lemma=form.lemma, kind=form.kind, tense=form.tense, needs=form.needs, needs_met=needs_met,
        rule_ok=rule_ok, complement=_complement_kind(text, cand, after, verb),
        source_kind=source.kind if source else "none", source_type=source.source_type if source else "none",
        subject_head=head, had_phrase=had_phrase, postposed=postposed, quote=cand.quote is not None,
        in_quote=in_quote, after_if=after_if, impersonal=impersonal,
        dep=verb.dep_ if verb is not None else "-", pos=verb.pos_ if verb is not None else "-",
        next_word=text.norm[j] if j < len(text) else "<end>",
        prev_word=text.norm[p - 1] if p > 0 else "<start>",
        clitic=any(text.lex.is_("object_clitic", text.low[x]) for x in range(p, cand.cue[0])))


def find_candidates(text: Text) -> list[Candidate]:
    quotes = find_quotes(text)
    inside = {t for a, b in quotes for t in range(a + 1, b)}
    phrases = [c for c in phrase_cues(text) if c.cue[0] not in inside]
    taken = {t for c in phrases for t in range(*c.block)}
    passives = passive_cues(text, taken, inside)
    taken |= {t for c in passives for t in range(*c.block)}
    nominals = nominal_cues(text, taken, inside)
    taken |= {t for c in nominals for t in range(*c.block)}
    nominals += arrival_cues(text, taken, inside)
    taken |= {t for c in nominals for t in range(*c.block)}
    clefts = cleft_cues(text, taken)
    taken |= {t for c in clefts for t in range(*c.block)}
    verbs = verb_cues(text, quotes, taken)
    attached = {c.quote for c in verbs if c.quote}
    quoted = colon_quotes(text, quotes, attached, {t for c in verbs for t in range(*c.cue)})
    taken |= {t for c in verbs + quoted for t in range(*c.block)}
    headlines = headline_colons(text, quotes, taken)
    for family, method in ((phrases, "phrase"), (passives, "passive"), (nominals, "nominal"), (clefts, "cleft"),
                           (quoted, "colon_quote"), (headlines, "headline_colon")):
        for c in family:
            c.method = "agentless" if c.agentless else method
    cands = phrases + passives + nominals + clefts + verbs + quoted + headlines
    return sorted(cands, key=lambda c: c.cue[0])
