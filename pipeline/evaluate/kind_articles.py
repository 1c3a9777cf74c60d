"""KIND Wikinews sentences grouped back into articles.

KIND keeps each Wikinews article's sentences in order, headline first, but
marks no article boundary. A headline is a short line with no closing
punctuation followed by a sentence that has some; each headline opens an
article. Used to build document-level gold sets and to measure the
document-level rules of the entities stage on whole articles.
"""
from __future__ import annotations

import re
from pathlib import Path

from ..training.convert import detokenize, read_kind

_CLOSED = re.compile(r"[.!?»\"”:;)]\s*$")


def _headline(text: str) -> bool:
    return len(text) < 140 and not _CLOSED.search(text)


def article_bounds(sentences: list[str]) -> list[tuple[int, int]]:
    """(first, end) sentence indices of each article."""
    starts = [i for i, text in enumerate(sentences)
              if _headline(text) and i + 1 < len(sentences) and not _headline(sentences[i + 1])]
    if not starts or starts[0] != 0:
        starts.insert(0, 0)
    return list(zip(starts, starts[1:] + [len(sentences)]))


def kind_articles(path: str | Path) -> list[tuple[list[int], str]]:
    """(sentence indices, text) per article: the headline on its own line, then the body."""
    sentences = [detokenize(words) for words, _ in read_kind(path)]
    articles = []
    for first, end in article_bounds(sentences):
        body = " ".join(sentences[first + 1:end])
        text = sentences[first] + ("\n" + body if body else "")
        articles.append((list(range(first, end)), text))
    return articles


def write_articles(path: str | Path, out: str | Path, limit: int, exclude: str | Path | None = None) -> int:
    """Write up to `limit` articles as OUT/wnNNNN.txt, skipping those whose file name is
    already under `exclude` (a gold folder); returns how many were written."""
    taken = {p.name for p in Path(exclude).rglob("*.txt")} if exclude else set()
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    written = 0
    for idx, text in kind_articles(path):
        name = f"wn{idx[0]:04d}.txt"
        if name in taken or len(idx) < 3:
            continue
        (out / name).write_text(text + "\n", encoding="utf-8")
        written += 1
        if written == limit:
            break
    return written


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description="Write KIND Wikinews articles as text files (a test corpus).")
    parser.add_argument("kind_tsv", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--limit", type=int, default=50)
    parser.add_argument("--exclude", type=Path, default=None, help="Skip articles already in this folder tree.")
    args = parser.parse_args()
    print(write_articles(args.kind_tsv, args.out, args.limit, args.exclude), "articles written to", args.out)
