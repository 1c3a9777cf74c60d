"""Distillation data: the teacher model's parses of raw text, for a faster student to learn from.

`--distil TEACHER` of the recipe: the teacher (by default the shipped model)
tags, lemmatizes, parses and splits the sentences of every raw corpus file that
is neither a development set nor gold UD data (KIND fiction and De Gasperi,
the KIND Moro and WikiNEuRal silver sets), ten corpus sentences a document.
Entities are NOT the teacher's: a document keeps its corpus's own entities
only if that corpus is NER training data of the run (`keep_entities`), and
is marked "missing" otherwise, so the student's NER learns from gold (and the
silver sets asked for), never from the teacher's errors. The second
distillation run of experiments.md showed why: a 0.80 teacher's entities,
four times the gold, cost the student 4 NER points.
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterable, Iterator

from spacy.tokens import Doc, DocBin, Span

from .convert import corpus_docs

DISTIL_FILES = ["kind/FIC_train.tsv", "kind/ADG_train.tsv", "silver/kind_moro_train.tsv",
                "silver/kind_moro_test.tsv", "silver/wikineural_it_val.conllu", "silver/wikineural_it_test.conllu"]
# What the teacher runs: everything but its entities (and what only they need).
TEACHER_EXCLUDE = ["ner", "lexicon_features"]


def label(teacher, docs: list[Doc], keep_entities: bool, batch_size: int = 32) -> Iterator[Doc]:
    """The teacher's POS, morphology, lemmas, parse and sentences on `docs` (their tokens kept)."""
    entities = [[(e.start, e.end, e.label_) for e in d.ents] if keep_entities else None for d in docs]
    for doc, ents in zip(teacher.pipe((_bare(teacher.vocab, d) for d in docs), batch_size=batch_size), entities):
        if ents is None:
            doc.set_ents([], default="missing")  # the student's NER gets no signal from it
        else:
            doc.set_ents([Span(doc, s, e, label=lab) for s, e, lab in ents], default="outside")
        yield doc


def _bare(vocab, doc: Doc) -> Doc:
    """The same words, nothing else: the teacher decides sentences too."""
    return Doc(vocab, words=[t.text for t in doc], spaces=[bool(t.whitespace_) for t in doc])


def write_distillation(teacher_path: str | Path, data: Path, out_dir: Path, ner_files: Iterable[str],
                       files: Iterable[str] = DISTIL_FILES) -> dict[str, int]:
    """One `.spacy` file per raw corpus file in `out_dir`; returns the words labelled per file."""
    import spacy

    from . import spacy_code  # noqa: F401  (the model's own components, by name)

    teacher = spacy.load(teacher_path, exclude=TEACHER_EXCLUDE)
    ner_files = set(ner_files)
    out_dir.mkdir(parents=True, exist_ok=True)
    counts = {}
    for name in files:
        path = data / name
        if not path.exists():
            continue
        bin_ = DocBin(store_user_data=False)
        words = 0
        for doc in label(teacher, list(corpus_docs(teacher.vocab, path)), name in ner_files):
            bin_.add(doc)
            words += len(doc)
        bin_.to_disk(out_dir / (path.stem + ".spacy"))
        counts[name] = words
        print(f"distillation: {name}: {words} tokens labelled by the teacher", flush=True)
    return counts
