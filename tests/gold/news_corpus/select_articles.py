"""Pick the KIND WN_train articles of the annotated news corpus (issue 20).

Articles of 5 to 30 sentences and 600 to 6,000 characters from WN_train (never WN_dev: the older held-out
sets come from there). A third of random news articles hold no attribution, so
articles are drawn with a weight that grows with a crude reporting signal
(quotation marks, "secondo", common reporting verbs): the signal only ranks
candidates, it is not the pipeline and says nothing about the gold. Seeded, so
rerunning gives the same corpus. Split by position in the drawn order:
calibration (10, train after adjudication), held-out (70), dev (50), train (rest).

    PYTHONPATH=. .venv/bin/python tests/gold/news_corpus/select_articles.py ../shared/data/kind/WN_train.tsv
"""
from __future__ import annotations

import json
import random
import re
import sys
from pathlib import Path

from pipeline.evaluate.kind_articles import kind_articles

HERE = Path(__file__).resolve().parent
TOTAL = 330
SPLITS = [("calibration", 10), ("heldout", 70), ("dev", 50), ("train", TOTAL - 130)]
SIGNAL = re.compile(r"«|\"|secondo|ha detto|hanno detto|dichiar|afferm|annunci|spiegat|confermat|sottoline|"
                    r"ha aggiunto|ha chiesto|riferit|precisat|sostenut|ha commentato|ha scritto|ha criticato|"
                    r"ha reso noto|fa sapere|ha fatto sapere|smenti|ha ammesso|ha negato", re.I)


def main(wn_train: str) -> None:
    articles = [(idx, text) for idx, text in kind_articles(wn_train) if 5 <= len(idx) <= 30 and 600 <= len(text) <= 6000]
    rng = random.Random(2028)
    # Weighted draw without replacement (Efraimidis-Spirakis): weight 1 + signals per sentence x 4.
    keyed = []
    for idx, text in articles:
        weight = 1 + 4 * len(SIGNAL.findall(text)) / len(idx)
        keyed.append((rng.random() ** (1 / weight), idx, text))
    drawn = [(idx, text) for _, idx, text in sorted(keyed, reverse=True)[:TOTAL]]
    rng.shuffle(drawn)
    splits, at = {}, 0
    for split, size in SPLITS:
        for idx, text in drawn[at:at + size]:
            name = f"wt{idx[0]:05d}"
            (HERE / "texts").mkdir(exist_ok=True)
            (HERE / "texts" / f"{name}.txt").write_text(text + "\n", encoding="utf-8")
            splits[name] = split
        at += size
    (HERE / "splits.json").write_text(json.dumps(dict(sorted(splits.items())), indent=0) + "\n", encoding="utf-8")
    print(f"{len(articles)} candidate articles; wrote {len(drawn)}: "
          + ", ".join(f"{s} {n}" for s, n in SPLITS))


if __name__ == "__main__":
    main(sys.argv[1])
