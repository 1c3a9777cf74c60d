"""Parsed documents on disk: one `DocBin` file per document text and model.

The file name is the SHA-256 of the text under a folder named after the model,
so an unchanged document parsed by the same model is never parsed twice, and
the later stages read exactly what the sentences stage produced.
"""
from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Iterator

import spacy
from spacy.tokens import Doc, DocBin
from spacy.vocab import Vocab

from .catalog import Catalog
from .tables import iter_table_rows


@lru_cache(maxsize=1)
def shared_vocab() -> Vocab:
    """A vocabulary for reading stored documents (DocBin files carry their own strings)."""
    return spacy.blank("it").vocab


def doc_path(catalog: Catalog, model_key: str, sha256: str) -> Path:
    return catalog.docs_dir / model_key / sha256[:2] / f"{sha256}.spacy"


def save_doc(path: Path, doc: Doc) -> None:
    """Write atomically: a half-written cache file would poison later runs."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_bytes(DocBin(docs=[doc], store_user_data=False).to_bytes())
    os.replace(tmp, path)


def load_doc(path: Path, vocab: Vocab | None = None) -> Doc:
    docbin = DocBin().from_bytes(path.read_bytes())
    return next(iter(docbin.get_docs(vocab or shared_vocab())))


def sentence_spans(doc: Doc) -> list:
    """The document's sentences without whitespace-only ones; `sent_id` is the index here."""
    return [sent for sent in doc.sents if sent.text.strip()]


def token_sentence_ids(doc: Doc) -> list[int]:
    """For each token, the `sent_id` of its sentence (-1 for whitespace between sentences)."""
    ids = [-1] * len(doc)
    for sent_id, sent in enumerate(sentence_spans(doc)):
        for i in range(sent.start, sent.end):
            ids[i] = sent_id
    return ids


def iter_parsed_docs(out: str | Path) -> Iterator[tuple[str, Doc]]:
    """(doc_id, Doc) for every parsed document, in documents order."""
    catalog = Catalog(Path(out))
    for row in iter_table_rows(catalog.out / "work", "parsed"):
        yield row["doc_id"], load_doc(Path(row["path"]))
