"""Cost of each extractor beside the model pass, on the news corpus's train texts (210 articles).

    python -m pipeline.bench.stages [--model NAME] [--runs 2]

Prints, per run, the seconds of `nlp.pipe` over the texts and of each row
function over the parsed documents, and each extractor's share of the model
pass (issue target: attributions within 15%).
"""
from __future__ import annotations

import argparse
import time

from ..evaluate.corpus import load_split
from ..extractors.registry import REGISTRY
from ..nlp.model import load_model


def measure(model: str | None, runs: int) -> list[dict[str, float]]:
    texts = list(load_split("train", "attributions")[0].values())  # never the held-out articles
    nlp = load_model(model)
    results = []
    for _ in range(runs):
        start = time.perf_counter()
        docs = list(nlp.pipe(texts, batch_size=32))
        result = {"model": time.perf_counter() - start, "tokens": float(sum(len(d) for d in docs))}
        rows: dict[str, list] = {}
        for table, extractor in REGISTRY.items():
            start = time.perf_counter()
            rows[table] = [extractor.rows(str(i), doc, *[rows[n][i] for n in extractor.needs])
                           for i, doc in enumerate(docs)]
            result[table] = time.perf_counter() - start
        results.append(result)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", default=None)
    parser.add_argument("--runs", type=int, default=2)
    args = parser.parse_args()
    for n, r in enumerate(measure(args.model, args.runs)):
        shares = ", ".join(f"{t} {r[t]:.2f}s ({100 * r[t] / r['model']:.1f}%)" for t in REGISTRY)
        print(f"run {n}: model pass {r['model']:.2f}s over {int(r['tokens'])} tokens; {shares}")


if __name__ == "__main__":
    main()
