"""Command line: `python -m pipeline COMMAND --help` is the manual.

Every command calls the function of the same name in `pipeline.api`, so the
CLI, the Makefile and a notebook run exactly the same code.
"""
from __future__ import annotations

import json
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Optional

import typer

from . import api
from .catalog import DEFAULT_INPUT, DEFAULT_OUT
from .engine import OutputLocked, UserError
from .model import ModelNotFound
from .stages.ingest import IngestStopped, InputNotFound

app = typer.Typer(
    help="Italian news information extraction: sentences, entities, attributions, quantities.\n\n"
         "Stages run in order ingest -> sentences -> entities -> quantities -> attributions -> "
         "report; each reads the previous stages' tables from --out and writes NAME.parquet and "
         "NAME.csv there. `run` does them all.",
    no_args_is_help=True, add_completion=False,
)
evaluate_app = typer.Typer(help="Score the pipeline against gold annotations.", no_args_is_help=True)
app.add_typer(evaluate_app, name="evaluate")

_state = {"quiet": False, "verbose": False}

OutOpt = typer.Option(DEFAULT_OUT, "--out", "-o", help="Folder of the output tables.")
NProcessOpt = typer.Option(1, "--n-process", min=1,
                           help="Local worker processes; each loads the model once and takes whole partitions.")
SchedulerOpt = typer.Option(None, "--scheduler", envvar="PIPELINE_SCHEDULER",
                            help="Run partitions on Dask: a scheduler address (tcp://host:8786), "
                                 "or local:N for a LocalCluster of N single-threaded workers.")
PartitionOpt = typer.Option(200, "--partition-docs", min=1,
                            help="Mean documents per partition (the unit of caching and of parallel work).")
ModelOpt = typer.Option(None, "--model", "-m", envvar="PIPELINE_MODEL",
                        help="spaCy model name or path (default: it_core_news_sm if installed, "
                             "else models/it_news_sm).")


@app.callback()
def main(quiet: bool = typer.Option(False, "--quiet", "-q", help="Print nothing but errors."),
         verbose: bool = typer.Option(False, "--verbose", "-v", help="Print rejected documents and timings.")):
    _state.update(quiet=quiet, verbose=verbose)


def say(message: str) -> None:
    if not _state["quiet"]:
        typer.echo(message)


def warn(message: str) -> None:
    """Warnings (a damaged cache file recomputed, ...) go to stderr even with --quiet."""
    typer.echo(message, err=True)


def fail(message: str, code: int = 2) -> None:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)


@contextmanager
def errors_to_exit():
    """Known user errors become one-line messages and exit status 2."""
    try:
        yield
    except (InputNotFound, ModelNotFound, FileNotFoundError, OutputLocked, UserError) as err:
        fail(str(err))


def progress_bar(stage: str, total: int):
    """A tqdm callback on an interactive terminal; nothing otherwise (CI, pipes)."""
    if _state["quiet"] or not sys.stderr.isatty():
        return lambda n: None
    from tqdm import tqdm

    bar = tqdm(total=total, desc=stage, unit="doc", leave=False)
    return bar.update


def _summary(result: api.StageResult) -> None:
    d = result.details
    unfinished = api.unfinished_run(result.out)
    if unfinished:
        warn(f"warning: {unfinished}")
    extra = ""
    if result.stage == "ingest":
        extra = f": {d['accepted']} accepted, {d['rejected']} rejected"
        for line in d["rejections"][: None if _state["verbose"] else 10]:
            typer.echo(f"  rejected {line}", err=True)
        if not _state["verbose"] and len(d["rejections"]) > 10:
            typer.echo(f"  ... {len(d['rejections']) - 10} more (see documents.csv)", err=True)
        dates = d.get("unparsed_dates", [])
        if dates:
            extra += f"; {len(dates)} date(s) not understood, kept in date_text"
            for line in dates[: None if _state["verbose"] else 10]:
                typer.echo(f"  warning: date not understood: {line}", err=True)
    elif result.stage == "sentences":
        extra = f" from {d['documents']} documents ({d['parsed']} parsed, {d['reused']} from cache)"
    elif "partitions" in d and not d.get("fused_pass"):
        extra = f" ({d['computed_partitions']} of {d['partitions']} partitions computed)"
    timing = f" in {result.seconds:.1f}s" if _state["verbose"] else ""
    what = f"{result.rows} documents" if result.stage == "ingest" else f"{result.rows} rows"
    say(f"{result.stage}: {what}{extra}{timing} -> {result.out}")


def _documents_count(out: Path) -> int:
    from .tables import table_path
    import pyarrow.parquet as pq

    path = table_path(out, "documents")
    return pq.ParquetFile(path).metadata.num_rows if path.exists() else 0


def _column_option(field: str, default: str):
    return typer.Option(default, f"--{field}-column",
                        help=f"Field of JSONL/CSV/Parquet records holding the {field}.")


InputOpt = typer.Option(DEFAULT_INPUT, "--input", "-i",
                        help="File or folder (.txt .md .html .htm .jsonl .csv .parquet), walked recursively.")
IdColumnOpt = _column_option("id", "id")
TextColumnOpt = _column_option("text", "text")
TitleColumnOpt = _column_option("title", "title")
DateColumnOpt = _column_option("date", "date")
UrlColumnOpt = _column_option("url", "url")
FailOnRejectOpt = typer.Option(False, "--fail-on-reject",
                               help="Exit with status 4 after writing `documents` when any document was "
                                    "rejected (no later stage runs).")


def _ingest_options(id_column, text_column, title_column, date_column, url_column, fail_on_reject) -> dict:
    return {"id_column": id_column, "text_column": text_column, "title_column": title_column,
            "date_column": date_column, "url_column": url_column, "fail_on_reject": fail_on_reject}


@contextmanager
def ingest_stops():
    """No document accepted (exit 3), or a rejection under --fail-on-reject (exit 4): the
    ingest summary, then one line naming the reason."""
    try:
        yield
    except IngestStopped as stop:
        if stop.result is not None:
            _summary(stop.result)
        fail(str(stop), stop.exit_code)


@app.command()
def run(input: Path = InputOpt,
        out: Path = OutOpt, model: Optional[str] = ModelOpt,
        batch_size: int = typer.Option(64, min=1, help="Documents per nlp.pipe batch."),
        n_process: int = NProcessOpt, scheduler: Optional[str] = SchedulerOpt, partition_docs: int = PartitionOpt,
        force: bool = typer.Option(False, help="Reparse every document and recompute every table, ignoring the caches."),
        id_column: str = IdColumnOpt, text_column: str = TextColumnOpt, title_column: str = TitleColumnOpt,
        date_column: str = DateColumnOpt, url_column: str = UrlColumnOpt, fail_on_reject: bool = FailOnRejectOpt):
    """Run every stage: ingest, then one pass per partition (parse, sentences, entities, quantities,
    attributions), then the report. Reruns only redo partitions whose inputs changed.

    Exit 3: no document accepted; 4: a rejection under --fail-on-reject (both stop after ingest).
    """
    options = _ingest_options(id_column, text_column, title_column, date_column, url_column, fail_on_reject)
    with errors_to_exit(), ingest_stops():
        results = api.run(input, out, model, batch_size, n_process, force, progress=progress_bar,
                          scheduler=scheduler, echo=warn, partition_docs=partition_docs, ingest_options=options)
    for result in results.values():
        _summary(result)


@app.command()
def ingest(input: Path = InputOpt, out: Path = OutOpt,
           id_column: str = IdColumnOpt, text_column: str = TextColumnOpt, title_column: str = TitleColumnOpt,
           date_column: str = DateColumnOpt, url_column: str = UrlColumnOpt, fail_on_reject: bool = FailOnRejectOpt):
    """Read articles into `documents` (one row per input document, ok or rejected with the reason).

    Exit status 3 when no document was accepted; 4 with --fail-on-reject when any was rejected.
    """
    options = _ingest_options(id_column, text_column, title_column, date_column, url_column, fail_on_reject)
    with errors_to_exit(), ingest_stops():
        _summary(api.ingest(input, out, **options))


@app.command()
def sentences(out: Path = OutOpt, model: Optional[str] = ModelOpt,
              batch_size: int = typer.Option(64, min=1, help="Documents per nlp.pipe batch."),
              n_process: int = NProcessOpt, scheduler: Optional[str] = SchedulerOpt,
              partition_docs: int = PartitionOpt,
              force: bool = typer.Option(False, help="Reparse every document, ignoring the cache.")):
    """Parse accepted documents with the spaCy model; write `sentences` and cache the parses."""
    with errors_to_exit():
        bar = progress_bar("sentences", _documents_count(out))
        _summary(api.sentences(out, model, batch_size, n_process, force, progress=bar,
                               scheduler=scheduler, echo=warn, partition_docs=partition_docs))


@app.command()
def entities(out: Path = OutOpt, n_process: int = NProcessOpt, scheduler: Optional[str] = SchedulerOpt):
    """Find countries, people, outlets, organisations and places; write `entities`."""
    with errors_to_exit():
        _summary(api.entities(out, progress=progress_bar("entities", _documents_count(out)),
                             n_process=n_process, scheduler=scheduler, echo=warn))


@app.command()
def quantities(out: Path = OutOpt, n_process: int = NProcessOpt, scheduler: Optional[str] = SchedulerOpt):
    """Find quantities ("circa 30 paesi", "4,6 milioni di euro"); write `quantities`."""
    with errors_to_exit():
        _summary(api.quantities(out, progress=progress_bar("quantities", _documents_count(out)),
                             n_process=n_process, scheduler=scheduler, echo=warn))


@app.command()
def attributions(out: Path = OutOpt, n_process: int = NProcessOpt, scheduler: Optional[str] = SchedulerOpt):
    """Find who is reported as saying what; write `attributions` (needs `entities`)."""
    with errors_to_exit():
        _summary(api.attributions(out, progress=progress_bar("attributions", _documents_count(out)),
                             n_process=n_process, scheduler=scheduler, echo=warn))


@app.command()
def report(out: Path = OutOpt):
    """Write `claims`, `entity_report` (one row per canonical entity), `report.html` and `news.sqlite`."""
    with errors_to_exit():
        _summary(api.report(out))


@app.command()
def browse(out: Path = OutOpt, port: int = typer.Option(8001, "--port", "-p", min=1, max=65535,
                                                       help="Port on 127.0.0.1.")):
    """Browse news.sqlite (written by `report`) with Datasette: facets, full-text search, SQL."""
    from .explorer.browse import PortInUse

    try:
        with errors_to_exit():
            api.browse(out, port, announce=say)
    except PortInUse as err:
        fail(str(err))
    except KeyboardInterrupt:
        pass


JsonOpt = typer.Option(False, "--json", help="Print scores as JSON.")
GoldDocsOpt = typer.Option(..., "--input", "-i", help="Folder of the gold documents (the pipeline runs on it).")


def _print_scores(scores: dict, text: str, as_json: bool) -> None:
    typer.echo(json.dumps(scores, indent=2, ensure_ascii=False) if as_json else text)


def _evaluate(compute, formatter, as_json: bool) -> None:
    """Run an evaluation (user errors end in one line, no traceback) and print its scores."""
    with errors_to_exit():
        scores = compute()
    _print_scores(scores, formatter(scores), as_json)


@evaluate_app.command("ner")
def evaluate_ner(gold: Path = typer.Option(..., help="KIND-format gold file (token<TAB>label)."),
                 predictions: Optional[Path] = typer.Option(None, help="Write predictions here (same format)."),
                 documents: bool = typer.Option(False, "--documents/--sentences",
                                                help="Run the entity logic on whole articles (consecutive "
                                                     "sentences grouped at their headlines), not sentence by sentence."),
                 model: Optional[str] = ModelOpt, as_json: bool = JsonOpt):
    """Token-level (NERMuD) and span-level scores of the entities logic on gold tokens."""
    from .evaluate.ner import evaluate_ner as run_eval, format_ner_scores

    _evaluate(lambda: run_eval(gold, predictions, model, documents=documents), format_ner_scores, as_json)


@evaluate_app.command("quantities")
def evaluate_quantities(gold: Path = typer.Option(..., help="Gold JSONL, one quantity per line."),
                        input: Path = GoldDocsOpt, model: Optional[str] = ModelOpt, as_json: bool = JsonOpt):
    """Detection P/R/F1 of quantities, and value/unit/approx/kind accuracy among matches."""
    from .evaluate.quantities import evaluate_quantities as run_eval, format_quantity_scores

    _evaluate(lambda: run_eval(gold, input, model), format_quantity_scores, as_json)


@evaluate_app.command("entities")
def evaluate_entities(gold: Path = typer.Option(..., help="Gold JSONL, one country/person/outlet mention per line."),
                      input: Path = GoldDocsOpt, model: Optional[str] = ModelOpt, as_json: bool = JsonOpt):
    """Per-type span and strict (span + canonical id/name) P/R/F1 of countries, people and outlets."""
    from .evaluate.entities import evaluate_entities as run_eval, format_entity_scores

    _evaluate(lambda: run_eval(gold, input, model), format_entity_scores, as_json)


@evaluate_app.command("attributions")
def evaluate_attributions(gold: Path = typer.Option(..., help="Gold JSONL, one attribution per line."),
                          input: Path = GoldDocsOpt, model: Optional[str] = ModelOpt, as_json: bool = JsonOpt):
    """Detection P/R/F1 of attributions (cue overlap) and resolved-source accuracy."""
    from .evaluate.attributions import evaluate_attributions as run_eval, format_attribution_scores

    _evaluate(lambda: run_eval(gold, input, model), format_attribution_scores, as_json)


@app.command()
def bench(data: Path = typer.Option(Path("../shared/data"), "--data",
                                    help="Folder holding kind/WN_train.tsv and kind/WN_dev.tsv."),
          out: Path = typer.Option(DEFAULT_OUT / "bench", "--out", "-o",
                                   help="Work folder: corpora, runs, and bench.json."),
          words: int = typer.Option(1_000_000, help="Main corpus in words (bare vs full, processes, Dask, memory); 0 skips."),
          small_words: int = typer.Option(100_000, help="Small run for the memory comparison; 0 skips."),
          model: Optional[str] = ModelOpt,
          batch_size: int = typer.Option(64, min=1, help="Documents per nlp.pipe batch (bare and full)."),
          n_process: int = typer.Option(2, min=1, help="Processes of the parallel runs."),
          scheduler: str = typer.Option("local:2", help="Dask scheduler of the Dask run; empty skips it."),
          docs: int = typer.Option(10_000, help="Corpus of this many documents: files under work/ and the "
                                                "rerun after one edit; 0 skips."),
          big_words: int = typer.Option(10_000_000, help="A run of this many words must complete; 0 skips."),
          single_mb: str = typer.Option("1,5,50", help="Sizes (MB) of single-document runs, comma-separated; "
                                                       "empty skips.")):
    """Benchmark the pipeline on real news text and print every performance target (writes bench.json).

    Everything takes about two hours on 2 cores; a smoke run:
    --words 20000 --small-words 5000 --docs 0 --big-words 0 --single-mb ""
    """
    from .bench import run_bench

    try:
        sizes = tuple(float(x) for x in single_mb.split(",") if x.strip())
    except ValueError:
        fail(f"--single-mb {single_mb!r}: expected numbers separated by commas")
    with errors_to_exit():
        run_bench(data, out, words, model, batch_size, small_words, n_process, scheduler or None, docs,
                  big_words, sizes, echo=say)
