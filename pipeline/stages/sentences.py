"""Stage 2, sentences: the one spaCy pass over the accepted documents.

Documents stream through `nlp.pipe` in blocks; each parsed `Doc` is stored in
the document cache (see `docstore`), which also makes reruns incremental: a
text already parsed by the same model is read back, not parsed again.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

import numpy
from spacy.language import Language
from spacy.tokens import Doc

from ..catalog import Catalog
from ..docstore import doc_path, load_doc, save_doc, sentence_bounds
from ..tables import TableWriter, iter_table_rows
from .common import clear_caches, fresh_stamp, file_sha256, record_stamp, remove_stamp, windows

BLOCK_DOCS = 256  # texts read ahead for the model (parsed docs are not held: see run_sentences)
_NO_TENSOR = numpy.empty((0,), dtype="float32")


def sentence_rows(doc_id: str, doc: Doc) -> list[dict]:
    """Rows of the sentences table for one parsed document (pure)."""
    bounds = sentence_bounds(doc)
    if not bounds:
        return []
    chars = doc.text  # joined once, not once per sentence
    offsets = doc.to_array(["IDX", "LENGTH"]).tolist()
    rows = []
    for sent_id, (first, end) in enumerate(bounds):
        last_idx, last_len = offsets[end - 1]
        text = chars[offsets[first][0]:last_idx + last_len]  # = Span.text
        lead = len(text) - len(text.lstrip())
        start = offsets[first][0] + lead
        stripped = text.strip()
        rows.append({
            "doc_id": doc_id, "sent_id": sent_id, "start_char": start,
            "end_char": start + len(stripped), "text": stripped,
        })
    return rows


def split_long_text(text: str, max_length: int) -> list[str]:
    """Pieces of at most `max_length` characters that join back to `text`.

    Cuts fall after a paragraph break if there is one in the window, else after
    a sentence-final mark followed by a space, else after any space.
    """
    pieces = []
    while len(text) > max_length:
        window = text[:max_length]
        cut = 0
        for pattern in (r"\n\s*", r"[.!?]\s+", r"\s+"):
            matches = list(re.finditer(pattern, window))
            if matches and matches[-1].end() > max_length // 2:
                cut = matches[-1].end()
                break
        cut = cut or max_length
        pieces.append(text[:cut])
        text = text[cut:]
    pieces.append(text)
    return pieces


def iter_parse(nlp: Language, texts: list[str], batch_size: int, n_process: int) -> Iterator[Doc]:
    """Parse texts in order, one `Doc` at a time; texts over `nlp.max_length` are parsed in
    pieces and rejoined. The tensors (the tok2vec output, not stored) are dropped."""
    short = [t for t in texts if len(t) <= nlp.max_length]
    parsed = iter(nlp.pipe(short, batch_size=batch_size, n_process=n_process)) if short else iter(())
    for text in texts:
        if len(text) <= nlp.max_length:
            doc = next(parsed)
        else:
            pieces = list(nlp.pipe(split_long_text(text, nlp.max_length), batch_size=batch_size))
            doc = Doc.from_docs(pieces, ensure_whitespace=False)
        doc.tensor = _NO_TENSOR
        yield doc


def parse_texts(nlp: Language, texts: list[str], batch_size: int, n_process: int) -> list[Doc]:
    """`iter_parse` as a list."""
    return list(iter_parse(nlp, texts, batch_size, n_process))


@dataclass
class SentencesResult:
    documents: int = 0
    parsed: int = 0
    reused: int = 0
    sentences: int = 0


def run_sentences(
    out: str | Path,
    nlp: Language,
    model_key: str,
    batch_size: int = 64,
    n_process: int = 1,
    force: bool = False,
    progress: Callable[[int], None] = lambda n: None,
) -> SentencesResult:
    """Parse (or reuse) every accepted document; write `sentences` and `work/parsed`.

    Fast path: when the texts table, the model and this stage's outputs are
    exactly as the last run left them, nothing is read or written. `force`
    reparses everything and also drops the later stages' row caches.
    """
    catalog = Catalog(Path(out))
    result = SentencesResult()
    # model_key already follows a model directory's files (see model.model_info).
    inputs = {"texts": file_sha256(catalog.texts), "model": model_key}
    outputs = [catalog.table("sentences"), catalog.out / "sentences.csv", catalog.work / "parsed.parquet"]
    if force:
        clear_caches(catalog.out)
    else:
        stamp = fresh_stamp(catalog.out, "sentences", inputs, outputs)
        if stamp is not None and _cached_docs_exist(catalog):
            progress(stamp["documents"])
            return SentencesResult(documents=stamp["documents"], parsed=0, reused=stamp["documents"],
                                   sentences=stamp["sentences"])
    remove_stamp(catalog.out, "sentences")
    with TableWriter(catalog.out, "sentences") as sentences, \
            TableWriter(catalog.work, "parsed", with_csv=False) as parsed:
        for block in windows(iter_table_rows(catalog.work, "texts"), BLOCK_DOCS):
            paths = [doc_path(catalog, model_key, row["sha256"]) for row in block]
            todo = [force or not path.exists() for path in paths]
            # Parsed docs stream out of the model one at a time: stored, turned into rows, dropped.
            fresh = iter_parse(nlp, [row["text"] for row, parse in zip(block, todo) if parse],
                               batch_size, n_process)
            for row, path, parse in zip(block, paths, todo):
                if parse:
                    doc = next(fresh)
                    save_doc(path, doc)
                else:
                    doc = load_doc(path, nlp.vocab)
                sentences.write_many(sentence_rows(row["doc_id"], doc))
                parsed.write({"doc_id": row["doc_id"], "sha256": row["sha256"],
                              "path": str(path), "model": model_key})
            result.documents += len(block)
            result.parsed += sum(todo)
            result.reused += len(block) - sum(todo)
            progress(len(block))
    result.sentences = sentences.n_rows
    record_stamp(catalog.out, "sentences", inputs, outputs, documents=result.documents,
                 sentences=result.sentences)
    return result


def _cached_docs_exist(catalog: Catalog) -> bool:
    """The parses the later stages will read are still on disk."""
    return all(os.path.exists(row["path"])
               for row in iter_table_rows(catalog.work, "parsed", ["path"]))
