"""`make bench-model`: words per second of the model alone (`nlp.pipe`), one process.

    python -m pipeline.training.bench_model --data ../shared/data [--model NAME_OR_PATH]
        [--baseline OTHER_MODEL] [--rounds 3]

With `--baseline`, both models run on the same texts in the same process, in
turns (round by round, so a busy machine slows both alike), and the ratio of
their median speeds is printed.
"""
from __future__ import annotations

import argparse
import statistics
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


def _describe(nlp) -> str:
    size = sum(f.stat().st_size for f in Path(nlp.path).rglob("*") if f.is_file()) / 1e6 if nlp.path else 0
    return f"{nlp.meta['name']}-{nlp.meta['version']} ({', '.join(nlp.pipe_names)}; {size:.1f} MB on disk)"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--model", default=None)
    parser.add_argument("--baseline", default=None, help="A second model to compare with, same texts, same run.")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--batch-size", type=int, default=64)
    args = parser.parse_args(argv)
    texts = article_texts(args.data / "kind" / "WN_dev.tsv")
    models = {"model": load_model(args.model)}
    if args.baseline:
        models["baseline"] = load_model(args.baseline)
    speeds: dict[str, list[float]] = {name: [] for name in models}
    words = 0
    order = list(models.items())
    for _ in range(max(1, args.rounds)):
        for name, nlp in order:  # the order alternates: neither model always runs on a warmer machine
            words, seconds = words_per_second(nlp, texts, args.batch_size)
            speeds[name].append(words / seconds)
        order.reverse()
    for name, nlp in models.items():
        runs = ", ".join(f"{s:,.0f}" for s in speeds[name])
        print(f"{name} {_describe(nlp)}: {statistics.median(speeds[name]):,.0f} words/s median of "
              f"{len(speeds[name])} ({runs}); {words} words of KIND WN_dev, 1 process, batch {args.batch_size}")
    if args.baseline:
        ratio = statistics.median(speeds["model"]) / statistics.median(speeds["baseline"])
        print(f"model / baseline: x{ratio:.2f}")


if __name__ == "__main__":
    main()
