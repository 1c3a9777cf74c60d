"""The benchmark corpus: real news text in article-sized documents, up to a number of words.

KIND's WN_train and WN_dev, detokenized, grouped into articles of
SENTS_PER_DOC sentences (paragraphs of SENTS_PER_PARAGRAPH), replicated with
distinct ids (and a different sentence order per replica, so no two texts are
equal and the parse cache cannot shortcut the work) up to the requested number
of words. Words are whitespace-separated tokens of the texts. `edit_corpus`
makes the edited-and-added variant of the incremental rerun.
"""
from __future__ import annotations

import hashlib
import json
import random
from pathlib import Path

from ..storage.tables import atomic_path

SENTS_PER_DOC = 12
SENTS_PER_PARAGRAPH = 4
CORPUS_NAME = "corpus.jsonl"


def kind_sentences(data_dir: str | Path) -> list[str]:
    """Detokenized sentences of KIND WN_train then WN_dev."""
    from ..training.convert import detokenize, read_kind

    kind = Path(data_dir) / "kind"
    sentences = []
    for name in ("WN_train.tsv", "WN_dev.tsv"):
        path = kind / name
        if not path.exists():
            raise FileNotFoundError(f"{path} not found (pass --data, the folder holding kind/)")
        sentences.extend(detokenize(words) for words, _labels in read_kind(path))
    return sentences


def _article(sentences: list[str]) -> str:
    paragraphs = [" ".join(sentences[i:i + SENTS_PER_PARAGRAPH])
                  for i in range(0, len(sentences), SENTS_PER_PARAGRAPH)]
    return "\n\n".join(paragraphs)


def corpus_documents(sentences: list[str], words: int) -> list[dict]:
    """Articles of SENTS_PER_DOC sentences with distinct ids and texts, up to `words` words."""
    if words > 0 and not any(s.split() for s in sentences):
        raise ValueError("no sentences to build a corpus from")  # the loop below would never end
    docs, seen, total, replica = [], set(), 0, 0
    while total < words:
        order = list(range(len(sentences)))
        if replica:
            random.Random(replica).shuffle(order)
        for i in range(0, len(order), SENTS_PER_DOC):
            text = _article([sentences[j] for j in order[i:i + SENTS_PER_DOC]])
            digest = hashlib.sha256(text.encode("utf-8")).digest()
            if digest in seen:
                continue
            seen.add(digest)
            docs.append({"id": f"wn-{replica:02d}-{i // SENTS_PER_DOC:05d}", "text": text})
            total += len(text.split())
            if total >= words:
                break
        replica += 1
    return docs


def count_words(docs: list[dict]) -> int:
    return sum(len(d["text"].split()) for d in docs)


def write_jsonl(docs: list[dict], path: Path) -> None:
    with atomic_path(path) as tmp, open(tmp, "w", encoding="utf-8") as handle:
        for doc in docs:
            handle.write(json.dumps(doc, ensure_ascii=False) + "\n")


def edit_corpus(docs: list[dict]) -> tuple[list[dict], str, str]:
    """The corpus with its middle document edited and one new document appended."""
    docs = [dict(d) for d in docs]
    middle = docs[len(docs) // 2]
    middle["text"] += "\n\nAggiornamento: il testo è stato modificato dalla redazione."
    first = docs[0]["text"].split("\n\n")
    new = {"id": "wn-new-00000", "text": "\n\n".join(reversed(first)) + "\n\nNotizia aggiunta."}
    docs.append(new)
    return docs, middle["id"], new["id"]
