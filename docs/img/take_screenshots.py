"""The README's screenshots of the explorer's views, taken with headless Chromium.

    .venv/bin/python docs/img/take_screenshots.py ARTICLES_RUN/report.html BENCH_RUN/report.html

ARTICLES_RUN: the pipeline run on tests/cross_articles.py (statement groups, conflicts, a
sentence permalink, a printable sheet); BENCH_RUN: `make bench-report`'s 50-article run
(dated documents: charts, network).
"""
from __future__ import annotations

import sys
from pathlib import Path

from pipeline.explorer.browser import chromium_page

HERE = Path(__file__).resolve().parent
SHOTS = {  # file -> (which report, fragment, width)
    "charts.png": (1, "charts", 1280),
    "time-sources.png": (1, "time=sources", 1280),
    "network.png": (1, "network=speaks", 1280),
    "groups.png": (0, "groups", 1280),
    "conflicts.png": (0, "conflicts", 1280),
    "sentence.png": (0, "doc=consiglio&s=700", 1280),
    "sheet.png": (0, "sheet=person:giancarlo-giorgetti", 1280),
    "conflicts-400px.png": (0, "conflicts", 400),
}


def main(reports: list[str]) -> None:
    for width in sorted({w for _, _, w in SHOTS.values()}):
        with chromium_page(width=width, height=800) as (page, errors):
            for name, (which, fragment, w) in SHOTS.items():
                if w != width:
                    continue
                page.goto("about:blank")
                page.goto(Path(reports[which]).resolve().as_uri() + "#" + fragment)
                page.wait_for_function("document.documentElement.dataset.ready")
                page.wait_for_function("!document.querySelector('.loading')")
                page.wait_for_timeout(300)
                page.screenshot(path=str(HERE / name), full_page=False)
            assert not errors, errors


if __name__ == "__main__":
    main(sys.argv[1:])
