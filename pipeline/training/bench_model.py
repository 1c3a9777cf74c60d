"""`make bench-model`: words per second of the model alone (`nlp.pipe`), one process.

    python -m pipeline.training.bench_model --data ../shared/data [--model NAME_OR_PATH]
"""
from __future__ import annotations

import argparse
import time
from pathlib import Path

from ..nlp.model import load_model
from .convert import detokenize, read_kind


def words_per_second(nlp, texts: list[str], batch_size: int = 64) -> tuple[int, float]:
    """(words, seconds) of one `nlp.pipe` pass over texts, after a short warm-up."""
    list(nlp.pipe(texts[:20]))
    started = time.perf_counter()
    words = sum(len(doc) for doc in nlp.pipe(texts, batch_size=batch_size))
    return words, time.perf_counter() - started


def article_texts(path: Path, sentences_per_doc: int = 12) -> list[str]:
    """KIND sentences detokenized and grouped into article-sized texts."""
    sents = [detokenize(words) for words, _ in read_kind(path)]
    return [" ".join(sents[i:i + sentences_per_doc]) for i in range(0, len(sents), sentences_per_doc)]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--model", default=None)
    parser.add_argument("--batch-size", type=int, default=64)
    args = parser.parse_args(argv)
    nlp = load_model(args.model)
    texts = article_texts(args.data / "kind" / "WN_dev.tsv")
    words, seconds = words_per_second(nlp, texts, args.batch_size)
    print(f"model {nlp.meta['name']}-{nlp.meta['version']} ({', '.join(nlp.pipe_names)})")
    print(f"{words} words in {seconds:.2f}s: {words / seconds:,.0f} words/s (1 process, batch {args.batch_size})")


if __name__ == "__main__":
    main()
