"""Convert the public corpora into spaCy training data (`DocBin`).

KIND files are `token<TAB>label` with a blank line between sentences. The
labels are IO (a run of equal labels is one entity) or BIO (`B-PER`, `I-PER`);
both are read. CoNLL-U treebanks go through spaCy's own converter with
multi-word tokens merged, so that "della" is one token as the tokenizer sees it.
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterable, Iterator

from spacy.tokens import Doc, DocBin, Span
from spacy.vocab import Vocab

KindSentence = tuple[list[str], list[str]]

# Tokens that attach to the previous token without a space when KIND text is
# detokenized (KIND keeps no spacing information).
_NO_SPACE_BEFORE = {".", ",", ";", ":", "!", "?", ")", "]", "}", "»", "%", "…"}
_NO_SPACE_AFTER = {"(", "[", "{", "«"}


def read_kind(path: str | Path) -> Iterator[KindSentence]:
    """Yield (words, labels) for each sentence of a KIND TSV file."""
    words: list[str] = []
    labels: list[str] = []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            line = line.rstrip("\n")
            if not line.strip():
                if words:
                    yield words, labels
                words, labels = [], []
                continue
            token, _, label = line.partition("\t")
            words.append(token)
            labels.append(label.strip() or "O")
    if words:
        yield words, labels


def io_labels_to_spans(labels: list[str]) -> list[tuple[int, int, str]]:
    """Token spans (start, end, label) from IO or BIO labels.

    IO: a run of equal labels is one entity. BIO: `B-` always opens a new
    entity, `I-X` continues an open X entity (or opens one if none is open).
    """
    spans: list[tuple[int, int, str]] = []
    start, current = None, None
    for i, raw in enumerate(labels):
        prefix, _, kind = raw.partition("-") if "-" in raw else ("", "", raw)
        if kind == "O" or raw == "O":
            kind = None
        begins = prefix == "B" or kind != current
        if current is not None and (kind is None or begins):
            spans.append((start, i, current))
            start, current = None, None
        if kind is not None and current is None:
            start, current = i, kind
    if current is not None:
        spans.append((start, len(labels), current))
    return spans


def spaces_for(words: list[str]) -> list[bool]:
    """Plausible `spaces` for detokenized KIND words ("dell'" joins the next word)."""
    spaces = []
    for i, word in enumerate(words):
        nxt = words[i + 1] if i + 1 < len(words) else None
        space = nxt is not None
        if nxt is not None and (nxt in _NO_SPACE_BEFORE or word in _NO_SPACE_AFTER):
            space = False
        if word.endswith("'") and len(word) > 1:
            space = False
        spaces.append(space)
    return spaces


def detokenize(words: list[str]) -> str:
    """Text of a KIND sentence, with the spacing `spaces_for` decides."""
    return "".join(w + (" " if s else "") for w, s in zip(words, spaces_for(words)))


def kind_sentence_doc(vocab: Vocab, words: list[str], labels: list[str] | None = None) -> Doc:
    """A `Doc` of the given words (no re-tokenization), with entities if labels are given."""
    doc = Doc(vocab, words=words, spaces=spaces_for(words))
    if labels is not None:
        ents = [Span(doc, s, e, label=lab) for s, e, lab in io_labels_to_spans(labels)]
        doc.set_ents(ents, default="outside")
    return doc


def kind_docs(vocab: Vocab, path: str | Path, n_sents: int = 10) -> Iterator[Doc]:
    """Training docs of `n_sents` KIND sentences, with entities and sentence starts."""
    batch: list[Doc] = []
    for words, labels in read_kind(path):
        sent = kind_sentence_doc(vocab, words, labels)
        sent[0].is_sent_start = True
        for token in sent[1:]:
            token.is_sent_start = False
        batch.append(sent)
        if len(batch) == n_sents:
            yield Doc.from_docs(batch)
            batch = []
    if batch:
        yield Doc.from_docs(batch)


def conllu_docs(vocab: Vocab, path: str | Path, n_sents: int = 10) -> Iterator[Doc]:
    """Training docs from a CoNLL-U treebank: POS, morphology, lemmas, sentences and
    dependency arcs. A merged multi-word token ("della") keeps the arc of the
    word that is the head of the pair."""
    from spacy.training.converters import conllu_to_docs

    text = Path(path).read_text(encoding="utf-8")
    for doc in conllu_to_docs(text, n_sents=n_sents, merge_subtokens=True, no_print=True):
        yield Doc(
            vocab,
            words=[t.text for t in doc],
            spaces=[bool(t.whitespace_) for t in doc],
            pos=[t.pos_ or None for t in doc],
            morphs=[str(t.morph) for t in doc],
            lemmas=[t.lemma_ for t in doc],
            heads=[t.head.i for t in doc],
            deps=[t.dep_ for t in doc],
            sent_starts=[bool(t.is_sent_start) for t in doc],
        )


def write_docbin(docs: Iterable[Doc], out: str | Path) -> int:
    """Write docs to a `.spacy` file; return how many were written."""
    db = DocBin(store_user_data=False)
    n = 0
    for doc in docs:
        db.add(doc)
        n += 1
    Path(out).parent.mkdir(parents=True, exist_ok=True)
    db.to_disk(out)
    return n


def silver_docs(vocab: Vocab, sentences: Iterable[KindSentence], n_sents: int = 10) -> Iterator[Doc]:
    """Training docs from silver NER sentences: MISC (which KIND does not annotate) becomes O."""
    batch = []
    for words, labels in sentences:
        labels = ["O" if lab.endswith("MISC") else lab for lab in labels]
        batch.append(kind_sentence_doc(vocab, words, labels))
        if len(batch) == n_sents:
            yield Doc.from_docs(batch)
            batch = []
    if batch:
        yield Doc.from_docs(batch)


def read_silver(path: Path):
    """(words, labels) per sentence of a KIND TSV or a WikiNEuRal `index<TAB>token<TAB>label` file."""
    if path.suffix == ".tsv":
        yield from read_kind(path)
        return
    words, labels = [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) < 3:
            if words:
                yield words, labels
            words, labels = [], []
            continue
        words.append(parts[1])
        labels.append(parts[2])
    if words:
        yield words, labels


def convert_file(path: str | Path, out: str | Path, n_sents: int = 10) -> int:
    """Convert one corpus file (`.tsv` KIND, `.conllu` treebank, or a silver NER file
    under `silver/`) to a `.spacy` file."""
    return write_docbin(corpus_docs(Vocab(), Path(path), n_sents), out)


def corpus_docs(vocab: Vocab, path: Path, n_sents: int = 10) -> Iterator[Doc]:
    """Training docs of `n_sents` sentences of one corpus file, by its kind (see `convert_file`)."""
    if path.parent.name == "silver":
        return silver_docs(vocab, read_silver(path), n_sents)
    if path.suffix == ".conllu":
        return conllu_docs(vocab, path, n_sents)
    if path.suffix == ".tsv":
        return kind_docs(vocab, path, n_sents)
    raise ValueError(f"{path}: expected a KIND .tsv or a CoNLL-U .conllu file")
