"""The explorer: an interactive, self-contained report.html, the SQLite database
`news.sqlite`, and `python -m pipeline browse` (Datasette over that database).

- `data.py`: the output tables as compact column-oriented JSON for the page
- `page.py`: fills `template.html` (+ `explorer.js`, `explorer.css`) with that data
- `database.py`: writes `news.sqlite` (typed tables, indexes, FTS5, views)
- `browse.py`: Datasette metadata and the `browse` command
- `browser.py`: headless Chromium through Playwright (tests and the benchmark)
- `bench.py`: the report at 10,000 documents (size, time to interactive)
"""
