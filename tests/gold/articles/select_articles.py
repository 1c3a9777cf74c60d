"""Pick the KIND WN_dev articles of the document-level gold sets (attributions, entities).

Batch 1: 40 articles of 5 to 25 sentences, chosen at random (seed 2026) among
those that share no sentence with the older gold sets; the first 20 are the
dev set, the other 20 the held-out set. Batch 2 (added because batch 1 held
only 91 attributions): 30 more, chosen the same way (seed 2027) among the rest
of them that show a reporting signal (`SIGNALS`), 15 dev and 15 held-out.
Writes dev/NAME.txt and heldout/NAME.txt.

    PYTHONPATH=. .venv/bin/python tests/gold/articles/select_articles.py ../shared/data/kind/WN_dev.tsv
"""
from __future__ import annotations

import random
import sys
from pathlib import Path

from pipeline.evaluate.kind_articles import kind_articles

HERE = Path(__file__).resolve().parent
OLDER = ["attribution_docs", "quantities_docs", "heldout/docs"]
SIGNALS = ("secondo", " ha detto", " ha dichiarato", " ha affermato", "«", " ha annunciato", " ha spiegato",
           " ha confermato", " ha sottolineato", " dichiara", " afferma")


def main(wn_dev: str) -> None:
    older = "\n".join(p.read_text(encoding="utf-8") for d in OLDER for p in (HERE.parent / d).glob("*.txt"))
    articles = kind_articles(wn_dev)
    free = [(idx, text) for idx, text in articles
            if 5 <= len(idx) <= 25 and not any(line in older for line in text.split(". ") if len(line) > 40)]
    first = random.Random(2026).sample(free, 40)
    rest = [a for a in free if a not in first and any(s in a[1] for s in SIGNALS)]
    second = random.Random(2027).sample(rest, 30)
    for n, (idx, text) in enumerate(first + second):
        split = "dev" if n < 20 or 40 <= n < 55 else "heldout"
        path = HERE / split / f"wn{idx[0]:04d}.txt"
        path.parent.mkdir(exist_ok=True)
        path.write_text(text + "\n", encoding="utf-8")
    print(f"{len(free)} free articles, {len(rest)} of the rest with a signal; wrote 35 dev and 35 held-out")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "../shared/data/kind/WN_dev.tsv")
