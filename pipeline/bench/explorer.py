"""The explorer at scale: report.html's size and time to interactive in headless Chromium.

    python -m pipeline.bench.explorer --data ../shared/data --out outputs/bench/explorer

1. A real run: the first BASE (default 50) articles of the benchmark corpus
   (`pipeline.bench.corpus`: KIND WN news text in 12-sentence articles), given
   titles, URLs and dates spread over two years, through every stage.
2. The 10,000-document tables: that run's tables replicated with new doc ids
   (parsing 10,000 articles takes too long on a shared 2-core machine). So that
   the entity table grows as a real corpus's would, an entity of a person,
   organisation, place or other type found in a single base document gets a
   new id and name in each replica (countries and outlets stay shared). Texts
   repeat only BASE documents apart, further than gzip's 32 KB window, so the
   compression measured is that of distinct texts. Then the report stage runs.
3. Each report.html is opened from disk in headless Chromium: milliseconds from
   navigation to the load event and to interactive (tables drawn, search
   working), then every view is visited (an entity, who said what, figures, a
   document, mentions over time); console errors are counted.

Prints the numbers and writes `<out>/explorer_bench.json`.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import shutil
import time
from collections import defaultdict
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from ..storage.catalog import Catalog
from ..storage.tables import TableWriter, atomic_write_text, open_texts, table_path, write_table
from .corpus import corpus_documents, kind_sentences, write_jsonl

FIRST_DAY = dt.date(2024, 1, 1)
SPAN_DAYS = 730
SHARED_TYPES = {"country", "outlet"}


def base_corpus(data_dir: Path, n_docs: int) -> list[dict]:
    docs = corpus_documents(kind_sentences(data_dir), n_docs * 400)[:n_docs]
    for i, doc in enumerate(docs):
        doc["title"] = doc["text"].split("\n")[0][:90]
        doc["url"] = f"https://example.org/news/{doc['id']}"
        doc["date"] = (FIRST_DAY + dt.timedelta(days=i * SPAN_DAYS // n_docs)).isoformat()
    return docs


def _rows(path: Path) -> list[dict]:
    return pq.read_table(path).to_pylist()


def replicate(base: Path, out: Path, n_docs: int) -> None:
    """Write the tables of `n_docs` documents under `out` from the run in `base` (see the module doc)."""
    catalog = Catalog(out)
    documents = [r for r in _rows(table_path(base, "documents")) if r["status"] == "ok"]
    entities = _rows(table_path(base, "entities"))
    docs_of = defaultdict(set)
    for r in entities:
        if r["type"] not in SHARED_TYPES:
            docs_of[r["canonical_id"]].add(r["doc_id"])
    # an entity of one base document: a new one in each replica, named with a word of its own
    # (a shared suffix would make the report's person merging compare every replica's names)
    local = {cid: n for n, cid in enumerate(sorted(c for c, docs in docs_of.items() if len(docs) == 1))}
    replicas = -(-n_docs // len(documents))
    keep = lambda r, k: r * len(documents) + k < n_docs  # noqa: E731 - stop at exactly n_docs
    index = {r["doc_id"]: k for k, r in enumerate(documents)}

    def copies(rows: list[dict], rename=None):
        for rep in range(replicas):
            for row in rows:
                if keep(rep, index.get(row["doc_id"], n_docs)):
                    new = dict(row, doc_id=f"{row['doc_id']}~{rep:03d}")
                    yield rename(new, rep) if rename else new

    def renamed(row, rep, id_key, name_key):
        cid = row[id_key]
        if rep and cid in local:
            row[id_key], row[name_key] = f"{cid}~{rep}", f"{row[name_key]} {rep}.{local[cid]}"
        return row

    entity = lambda row, rep: renamed(row, rep, "canonical_id", "canonical_name")  # noqa: E731
    attribution = lambda row, rep: renamed(row, rep, "source_canonical_id", "source_canonical_name")  # noqa: E731

    def document(row, rep):
        k = rep * len(documents) + index[row["doc_id"].rsplit("~", 1)[0]]
        row["date"] = (FIRST_DAY + dt.timedelta(days=k * SPAN_DAYS // n_docs)).isoformat()
        return row

    # the documents table's own schema: whatever type `date` has, it is written as the base run wrote it
    schema = pq.read_schema(table_path(base, "documents"))
    dates = list(copies(documents, document))
    date_type = schema.field("date").type
    if pa.types.is_date(date_type) or pa.types.is_timestamp(date_type):
        parse = dt.date.fromisoformat if pa.types.is_date(date_type) else dt.datetime.fromisoformat
        for r in dates:
            r["date"] = parse(r["date"])
    out.mkdir(parents=True, exist_ok=True)
    pq.write_table(pa.Table.from_pylist(dates, schema=schema), table_path(out, "documents"))
    with TableWriter(catalog.work, "texts", with_csv=False, sealed=True) as texts:
        texts.write_many(copies(open_texts(base).read().to_pylist()))
    write_table(out, "sentences", copies(_rows(table_path(base, "sentences"))))
    write_table(out, "entities", copies(entities, entity))
    write_table(out, "quantities", copies(_rows(table_path(base, "quantities"))))
    write_table(out, "attributions", copies(_rows(table_path(base, "attributions")), attribution))


def measure_page(path: Path) -> dict:
    """Size, load and interactive times, each view's time, console errors."""
    from ..explorer.browser import chromium_page, open_report

    result = {"bytes": path.stat().st_size}
    with chromium_page() as (page, errors):
        result.update(open_report(page, path))
        steps, sheet, skip = {}, "#overview", set()
        for name, hash_, ready in (
                ("entities", "entities", "#entity-table tbody tr"),
                ("search", None, None),
                ("entity", "entity", "#mentions li"),
                ("who", "who", "#sources details"),
                ("figures", "figures", "table"),
                ("documents", "documents", "table tbody tr"),
                ("document", "document", "#doctext"),
                ("time", "time", "h2"),
                ("charts", "charts", "svg.bars"),
                ("network", "network", "#network-count"),
                ("network_speaks", "network=speaks", "#network-count"),
                ("groups", "groups", "#group-count"),
                ("group", None, "#members li"),
                ("sentence", None, ".s.target"),
                ("sheet", None, "#sheet-title"),
                ("conflicts", "conflicts", "#conflict-count")):
            if name in skip:
                continue
            started = time.perf_counter()
            if name == "search":
                page.fill("#entity-search", "ro")
                page.wait_for_function("/ (of|di) /.test(document.querySelector('#entity-count').textContent)")  # en or it
            elif name == "entity":
                page.click("#entity-table tbody a")
            elif name == "document":
                page.click("table tbody a")
            elif name == "group":  # the permalinks of a group, a sentence and a sheet
                page.click("#groups a.group-link")
            elif name == "sentence":
                page.click("#members .ref a")
            elif name == "sheet":  # the printable sheet of the entity opened above
                page.evaluate(f"location.hash = {sheet!r}")
            else:
                page.evaluate(f"location.hash = {hash_!r}")
            if ready:
                page.wait_for_selector(ready)
            page.wait_for_function("!document.querySelector('.loading')")
            steps[name] = round((time.perf_counter() - started) * 1000)
            if name == "entity":
                sheet = page.get_attribute("#sheet-link", "href")
            if name == "groups" and not page.locator("#groups a.group-link").count():
                skip |= {"group", "sentence"}  # no statement repeated across documents
        result["views_ms"] = steps
        result["console_errors"] = len(errors)
        result["errors"] = errors[:10]
    return result


def time_cross_document(out: Path) -> dict:
    """Seconds to compute statement_groups and figure_conflicts again on the tables under `out`
    (the person merging they use is computed first, untimed), and their rows."""
    from collections import Counter

    from ..stages.report import entity_report_rows, write_cross_document
    from ..storage.tables import iter_table_rows

    merged: dict[str, str] = {}
    entity_report_rows(lambda: iter_table_rows(out, "entities"), Counter(), None, merged)
    started = time.perf_counter()
    groups, conflicts = write_cross_document(out, merged)
    return {"cross_document_s": round(time.perf_counter() - started, 2), "statement_group_rows": groups,
            "figure_conflict_rows": conflicts}


def run_explorer_bench(data_dir: str | Path, out: str | Path, base_docs: int = 50, n_docs: int = 10_000,
                       model: str | None = None, echo=print) -> dict:
    import pipeline

    from ..stages.report import run_report

    out = Path(out).resolve()
    corpus = out / "corpus.jsonl"
    write_jsonl(base_corpus(Path(data_dir), base_docs), corpus)
    base = out / f"run{base_docs}"
    started = time.perf_counter()
    pipeline.run(corpus, base, model=model)
    results = {"base_documents": base_docs, "base_run_s": round(time.perf_counter() - started, 1)}
    results[str(base_docs)] = measure_page(Catalog(base).report_html)
    big = out / f"replicated{n_docs}"
    shutil.rmtree(big, ignore_errors=True)  # no stamp from an earlier run: the report stage runs and is timed
    replicate(base, big, n_docs)
    started = time.perf_counter()
    run_report(big)
    results["report_stage_s"] = round(time.perf_counter() - started, 1)
    results.update(time_cross_document(big))
    results["database_bytes"] = Catalog(big).database.stat().st_size
    results[str(n_docs)] = measure_page(Catalog(big).report_html)
    atomic_write_text(out / "explorer_bench.json", json.dumps(results, indent=2) + "\n")
    for size in (str(base_docs), str(n_docs)):
        r = results[size]
        echo(f"{size} documents: report.html {r['bytes'] / 1e6:.2f} MB, load {r['load_ms']} ms, "
             f"interactive {r['interactive_ms']} ms, console errors {r['console_errors']}, views (ms) {r['views_ms']}")
    echo(f"statement_groups + figure_conflicts at {n_docs} documents: {results['cross_document_s']} s "
         f"({results['statement_group_rows']} and {results['figure_conflict_rows']} rows)")
    echo(f"report stage at {n_docs} documents: {results['report_stage_s']} s; "
         f"news.sqlite {results['database_bytes'] / 1e6:.1f} MB -> {out / 'explorer_bench.json'}")
    return results


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m pipeline.bench.explorer", description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", default="../shared/data", help="folder holding kind/WN_train.tsv and WN_dev.tsv")
    parser.add_argument("--out", default="outputs/bench/explorer", help="work folder")
    parser.add_argument("--base", type=int, default=50, help="documents of the real run")
    parser.add_argument("--docs", type=int, default=10_000, help="documents of the replicated tables")
    parser.add_argument("--model", default=None)
    args = parser.parse_args(argv)
    from ..explorer.browser import chromium_missing

    if chromium_missing():
        raise SystemExit(f"error: {chromium_missing()}")
    try:
        run_explorer_bench(args.data, args.out, args.base, args.docs, args.model)
    except FileNotFoundError as err:
        raise SystemExit(f"error: {err}") from None


if __name__ == "__main__":
    main()
