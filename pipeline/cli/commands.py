"""Command line: `python -m pipeline COMMAND --help` is the manual.

Every command calls the function of the same name in `pipeline.api`, so the
CLI, the Makefile and a notebook run exactly the same code. A user error
(bad option value, missing model or path, refused or unwritable output folder)
is one line on stderr and exit status 2; `--verbose` adds the traceback.
"""
from __future__ import annotations

import json
import signal
import sys
import threading
import traceback
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Optional

import typer
from typer.core import TyperGroup

from .. import __version__, api
from ..engine import OutputLocked, UserError
from ..extractors.entities.user_lists import UserListError
from ..extractors.registry import REGISTRY, Extractor, with_needs
from ..hints import in_checkout
from ..nlp.model import ModelNotFound, model_summary, resolve_model
from ..stages.ingest import IngestStopped, InputNotFound
from ..storage.catalog import DEFAULT_INPUT, DEFAULT_OUT, stage_writes
from ..storage.manifest import Manifest, record_if_ours
from ..storage.outdir import OutDirError, clean_out_dir, refuse_protected
from ..storage.tables import csv_style_of
from .options import (
    IngestFlags,
    InputOpt,
    ListFlags,
    ModelOpt,
    OutOpt,
    OutputFlags,
    ParallelFlags,
    ParseFlags,
    ReportFlags,
    StageForceOpt,
    bundled,
)
from .progress import LogProgress

USER_ERRORS = (InputNotFound, ModelNotFound, OutDirError, OutputLocked, UserError, IngestStopped, OSError,
               UserListError)
GLOBAL_FLAGS = ("-q", "--quiet", "-v", "--verbose")
# click's exceptions, wherever this typer takes click from (recent typer vendors it).
_CLICK_ERRORS = sys.modules[typer.BadParameter.__module__]
_NO_ARGS_HELP = getattr(_CLICK_ERRORS, "NoArgsIsHelpError", ())
_ABORTS = tuple({typer.Abort, getattr(_CLICK_ERRORS, "Abort", typer.Abort)})
# The global flags of the invocation being run (set by the callback, read by `say`).
_FLAGS: ContextVar[dict] = ContextVar("cli_flags", default={"quiet": False, "verbose": False})  # noqa: B039 (read only)


def _globals_first(args: list[str]) -> list[str]:
    """`run -q` means `-q run`: global flags may follow the command (not after `--`)."""
    end = args.index("--") if "--" in args else len(args)
    flags = [a for a in args[:end] if a in GLOBAL_FLAGS]
    return flags + [a for a in args[:end] if a not in GLOBAL_FLAGS] + args[end:]


def describe_error(err: BaseException) -> str:
    """One line for a user error: an OSError names its file, others carry their message."""
    if isinstance(err, OSError) and not isinstance(err, InputNotFound) and err.strerror:
        where = f": {err.filename}" if err.filename else ""
        return f"{err.strerror}{where}"
    return str(err)


class Interrupted(BaseException):
    """Ctrl-C while a command runs, carried past click to `_Cli.main` (click turns a
    KeyboardInterrupt into a blank line and "Aborted!", or a silent exit 130, by version).
    Raised by our SIGINT handler, or in place of a KeyboardInterrupt a command raised; a
    BaseException, so that no `except Exception` on the way (one input's isolation) holds it."""


INTERRUPTED = "error: interrupted (Ctrl-C); run the same command again to resume"


def _interrupt(_signum, _frame) -> None:
    raise Interrupted()


@contextmanager
def _ctrl_c_ends_in_one_line():
    """While a command runs, Ctrl-C raises `Interrupted` (main thread only: signals go there)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, _interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


class _Cli(TyperGroup):
    """Global flags anywhere on the line; every usage and user error as one line on stderr."""

    def parse_args(self, ctx, args):
        return super().parse_args(ctx, _globals_first(list(args)))

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt as err:
            raise Interrupted() from err

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        args = list(sys.argv[1:] if args is None else args)
        verbose = any(a in ("-v", "--verbose") for a in args)
        try:
            with _ctrl_c_ends_in_one_line():
                code = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except _NO_ARGS_HELP as err:
            err.show()
            code = err.exit_code
        except _CLICK_ERRORS.ClickException as err:
            hint = " (see --help)" if isinstance(err, _CLICK_ERRORS.UsageError) else ""
            typer.echo(f"error: {err.format_message()}{hint}", err=True)
            code = err.exit_code
        except (Interrupted, KeyboardInterrupt, *_ABORTS):  # Ctrl-C: one line, exit 130
            typer.echo(INTERRUPTED, err=True)
            code = 130
        except USER_ERRORS as err:  # raised outside a command's errors_to_exit
            if verbose:
                traceback.print_exc()
            typer.echo(f"error: {describe_error(err)}", err=True)
            code = 2
        code = code if isinstance(code, int) else 0
        if not standalone_mode:
            return code
        sys.exit(code)


app = typer.Typer(
    cls=_Cli,
    help="Italian news information extraction: sentences, entities, attributions, quantities.\n\n"
         "Stages run in order ingest -> sentences -> entities -> quantities -> attributions -> "
         "report; each reads the previous stages' tables from --out and writes NAME.parquet and "
         "NAME.csv there. `run` does them all. -q and -v may also follow the command (`run -q`).",
    no_args_is_help=True, add_completion=False,
)
evaluate_app = typer.Typer(help="Score the pipeline against gold annotations.", no_args_is_help=True)
app.add_typer(evaluate_app, name="evaluate")

def _version(value: bool) -> None:
    if not value:
        return
    try:
        model = model_summary(resolve_model(None))
    except ModelNotFound as err:
        model = f"none available ({err})"
    typer.echo(f"italian-news {__version__}\nmodel: {model}")
    raise typer.Exit()


@app.callback()
def main(quiet: bool = typer.Option(False, "--quiet", "-q", help="Print nothing but errors."),
         verbose: bool = typer.Option(False, "--verbose", "-v",
                                      help="Print rejected documents, timings and the traceback of errors."),
         version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                      help="Print the package and default model versions.")):
    _FLAGS.set({"quiet": quiet, "verbose": verbose})


def _flag(name: str) -> bool:
    return _FLAGS.get()[name]


def say(message: str) -> None:
    if not _flag("quiet"):
        typer.echo(message)


def warn(message: str) -> None:
    """Warnings (a damaged cache file recomputed, ...) go to stderr even with --quiet."""
    typer.echo(message, err=True)


def fail(message: str, code: int = 2) -> None:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)


@contextmanager
def errors_to_exit():
    """Known user errors become one-line messages and exit status 2 (traceback with --verbose)."""
    try:
        yield
    except USER_ERRORS as err:
        if _flag("verbose"):
            traceback.print_exc()
        fail(describe_error(err))


def progress_bar(stage: str, total: int, words: int | None = None):
    """A tqdm bar on an interactive terminal; otherwise (nohup, CI, pipes) a line on stderr
    per partition done, at most every 10 s, with words/s and the time left."""
    if _flag("quiet"):
        return lambda n: None
    if not sys.stderr.isatty():
        return LogProgress(stage, total, words, warn)
    from tqdm import tqdm

    bar = tqdm(total=total, desc=stage, unit="doc", leave=False)
    return bar.update


def _listed(label: str, lines: list[str], more: str = "") -> None:
    """Up to 10 lines on stderr (all with --verbose), then how many more."""
    shown = lines if _flag("verbose") else lines[:10]
    for line in shown:
        typer.echo(f"  {label} {line}", err=True)
    if len(lines) > len(shown):
        typer.echo(f"  ... {len(lines) - len(shown)} more{more}", err=True)


def _written(result: api.StageResult) -> str:
    """The files a stage wrote, by name."""
    return ", ".join(str(result.out / name) for name in stage_writes(result.stage)
                     if name != "work" and not name.endswith(".csv"))  # the Parquet tables, report, database


def _summary(result: api.StageResult) -> None:
    d = result.details
    unfinished = api.unfinished_run(result.out)
    if unfinished:
        warn(f"warning: {unfinished}")
    extra = ""
    if result.stage == "ingest":
        extra = f": {d['accepted']} accepted, {d['rejected']} rejected"
        _listed("rejected", d["rejections"], " (see documents.csv)")
        if d.get("duplicates"):
            extra += f", {d['duplicates']} duplicate(s) of earlier documents left out (see documents.duplicate_of)"
            _listed("duplicate", d["duplicate_rows"])
        dates = d.get("unparsed_dates", [])
        if dates:
            extra += f"; {len(dates)} date(s) not understood, kept in date_text"
            _listed("warning: date not understood:", dates)
    elif result.stage == "sentences":
        extra = f" from {d['documents']} documents ({d['parsed']} parsed, {d['reused']} from cache)"
    elif "partitions" in d and not d.get("fused_pass"):
        extra = f" ({d['computed_partitions']} of {d['partitions']} partitions computed)"
    timing = f" in {result.seconds:.1f}s" if _flag("verbose") else ""
    what = f"{result.rows} documents" if result.stage == "ingest" else f"{result.rows} rows"
    say(f"{result.stage}: {what}{extra}{timing} -> {_written(result)}")


def _corpus(out: Path) -> tuple[int, int | None]:
    """(accepted documents, their words) as the last ingest into `out` counted them."""
    import pyarrow.parquet as pq

    from ..storage.tables import table_path

    ingest = Manifest.read(out).stage("ingest")
    if "accepted" in ingest:
        return ingest["accepted"], ingest.get("words")
    path = table_path(out, "documents")
    return (pq.ParquetFile(path).metadata.num_rows if path.exists() else 0), None


def _stage_progress(out: Path):
    """The progress callback factory of `run`: the corpus is known once ingest has run."""
    return lambda stage, total: progress_bar(stage, total, _corpus(out)[1])


def _where(out: Path, model: Optional[str] = None, report: bool = False) -> None:
    """Where the outputs are and which model (with its licence) made them."""
    style = csv_style_of(out)
    say(f"tables: {out}/*.parquet (typed) and {out}/*.csv ({style.dialect} dialect, formulas "
        f"{'neutralised' if style.neutralise_formulas else 'raw'})")
    if report:
        say(f"report: {out / 'report.html'}")
    if model is not None:
        say(f"model: {model_summary(model)}")


def _input(value: Optional[str]) -> str:
    """--input, or seeds/ in a checkout; elsewhere there is no sensible default."""
    if value is not None:
        return value
    if in_checkout():
        return str(DEFAULT_INPUT)
    fail("no input given: pass --input with a file, a folder, an http(s):// URL, a file listing URLs, "
         "or - for standard input")


def _ingest_options(flags: IngestFlags) -> dict:
    try:
        return flags.options()
    except ValueError as err:
        fail(str(err))


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
@bundled(reading=IngestFlags, parse=ParseFlags, parallel=ParallelFlags, output=OutputFlags, lists=ListFlags,
         look=ReportFlags)
def run(input: Optional[str] = InputOpt, out: Path = OutOpt,
        force: bool = typer.Option(False, help="Reparse every document and recompute every table, ignoring the caches."),
        *, reading: IngestFlags, parse: ParseFlags, parallel: ParallelFlags, output: OutputFlags, lists: ListFlags,
        look: ReportFlags):
    """Run every stage: ingest, then one pass per partition (parse, sentences, entities, quantities,
    attributions), then the report. Reruns only redo partitions whose inputs changed.

    Exit 3: no document accepted; 4: a rejection under --fail-on-reject (both stop after ingest).
    """
    options = _ingest_options(reading)
    input = _input(input)
    with errors_to_exit(), ingest_stops():
        resolved = resolve_model(parse.model)  # a missing model fails before anything is written
        results = api.run(input, out, parse.model, parse.batch_size, parallel.n_process, force,
                          progress=_stage_progress(out), scheduler=parallel.scheduler, echo=warn,
                          partition_docs=parse.partition_docs, ingest_options=options,
                          csv_style=output.csv_style(out), force_out=output.force_out,
                          dask_security=parallel.dask_security, aliases=lists.aliases, ignore=lists.ignore,
                          title=look.title, lang=look.language)
    for result in results.values():
        _summary(result)
    _where(out, resolved, report=True)


@app.command()
@bundled(reading=IngestFlags, output=OutputFlags)
def ingest(input: Optional[str] = InputOpt, out: Path = OutOpt, *, reading: IngestFlags, output: OutputFlags):
    """Read articles into `documents` (one row per input document, ok or rejected with the reason).

    Exit status 3 when no document was accepted; 4 with --fail-on-reject when any was rejected.
    """
    options = _ingest_options(reading)
    input = _input(input)
    with errors_to_exit(), ingest_stops():
        _summary(api.ingest(input, out, **options, csv_style=output.csv_style(out), force_out=output.force_out))


@app.command()
@bundled(parse=ParseFlags, parallel=ParallelFlags, output=OutputFlags)
def sentences(out: Path = OutOpt, force: bool = typer.Option(False, help="Reparse every document, ignoring the cache."),
              *, parse: ParseFlags, parallel: ParallelFlags, output: OutputFlags):
    """Parse accepted documents with the spaCy model; write `sentences` and cache the parses."""
    with errors_to_exit():
        resolved = resolve_model(parse.model)
        bar = progress_bar("sentences", *_corpus(out))
        _summary(api.sentences(out, parse.model, parse.batch_size, parallel.n_process, force, progress=bar,
                               scheduler=parallel.scheduler, echo=warn, partition_docs=parse.partition_docs,
                               csv_style=output.csv_style(out), force_out=output.force_out,
                               dask_security=parallel.dask_security))
    _where(out, resolved)


def _extraction_command(extractor: Extractor) -> None:
    """The command of one registered table: its help is the registry's summary; the user's
    lists are options when the table (or one it needs) takes them."""

    def run_table(out: Path, force: bool, parallel: ParallelFlags, output: OutputFlags, lists: ListFlags | None):
        with errors_to_exit():
            _summary(api.table(extractor.name, out, progress=progress_bar(extractor.name, *_corpus(out)),
                               n_process=parallel.n_process, scheduler=parallel.scheduler, echo=warn, force=force,
                               csv_style=output.csv_style(out), force_out=output.force_out,
                               dask_security=parallel.dask_security, aliases=lists.aliases if lists else None,
                               ignore=lists.ignore if lists else None))

    if any("lists" in REGISTRY[t].options for t in with_needs([extractor.name])):
        @bundled(parallel=ParallelFlags, output=OutputFlags, lists=ListFlags)
        def command(out: Path = OutOpt, force: bool = StageForceOpt, *, parallel: ParallelFlags,
                    output: OutputFlags, lists: ListFlags):
            run_table(out, force, parallel, output, lists)
    else:
        @bundled(parallel=ParallelFlags, output=OutputFlags)
        def command(out: Path = OutOpt, force: bool = StageForceOpt, *, parallel: ParallelFlags, output: OutputFlags):
            run_table(out, force, parallel, output, None)

    command.__name__ = command.__qualname__ = extractor.name
    command.__doc__ = extractor.summary
    app.command(name=extractor.name)(command)


for _extractor in REGISTRY.values():
    if _extractor.name != "sentences":  # parsing has its own command (model options)
        _extraction_command(_extractor)


@app.command()
@bundled(look=ReportFlags, output=OutputFlags, lists=ListFlags)
def report(out: Path = OutOpt, *, look: ReportFlags, output: OutputFlags, lists: ListFlags):
    """Write `claims`, `entity_report` (one row per canonical entity), `statement_groups`, `figure_conflicts`,
    `report.html` and `news.sqlite`."""
    with errors_to_exit():
        _summary(api.report(out, csv_style=output.csv_style(out), force_out=output.force_out,
                            aliases=lists.aliases, ignore=lists.ignore, title=look.title, lang=look.language))
    _where(out, report=True)


@app.command()
def clean(out: str = typer.Option(..., "--out", "-o", help="The output folder to clean.")):
    """Remove what the pipeline wrote in --out (tables, report, manifest, work/, temporary files), nothing else.

    Refuses /, the home folder, the source tree, and a folder without a manifest that holds other files.
    """
    with errors_to_exit():
        removed = clean_out_dir(out)
    say(f"clean: removed {len(removed)} entries from {out}" if removed else f"clean: nothing to remove in {out}")


@app.command()
def browse(out: Path = OutOpt, port: int = typer.Option(8001, "--port", "-p", min=1, max=65535,
                                                       help="Port on 127.0.0.1.")):
    """Browse news.sqlite (written by `report`) with Datasette: facets, full-text search, SQL."""
    from ..explorer.browse import PortInUse

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
    from ..evaluate.ner import evaluate_ner as run_eval
    from ..evaluate.ner import format_ner_scores

    _evaluate(lambda: run_eval(gold, predictions, model, documents=documents), format_ner_scores, as_json)


@evaluate_app.command("quantities")
def evaluate_quantities(gold: Path = typer.Option(..., help="Gold JSONL, one quantity per line."),
                        input: Path = GoldDocsOpt, model: Optional[str] = ModelOpt, as_json: bool = JsonOpt):
    """Detection P/R/F1 of quantities, and value/unit/approx/kind accuracy among matches."""
    from ..evaluate.quantities import evaluate_quantities as run_eval
    from ..evaluate.quantities import format_quantity_scores

    _evaluate(lambda: run_eval(gold, input, model), format_quantity_scores, as_json)


@evaluate_app.command("entities")
def evaluate_entities(gold: Path = typer.Option(..., help="Gold JSONL, one country/person/outlet mention per line."),
                      input: Path = GoldDocsOpt, model: Optional[str] = ModelOpt, as_json: bool = JsonOpt):
    """Per-type span and strict (span + canonical id/name) P/R/F1 of countries, people and outlets."""
    from ..evaluate.entities import evaluate_entities as run_eval
    from ..evaluate.entities import format_entity_scores

    _evaluate(lambda: run_eval(gold, input, model), format_entity_scores, as_json)


@evaluate_app.command("attributions")
def evaluate_attributions(gold: Path = typer.Option(..., help="Gold JSONL, one attribution per line."),
                          input: Path = GoldDocsOpt, model: Optional[str] = ModelOpt, as_json: bool = JsonOpt):
    """Detection P/R/F1 of attributions (cue overlap) and resolved-source accuracy."""
    from ..evaluate.attributions import evaluate_attributions as run_eval
    from ..evaluate.attributions import format_attribution_scores

    _evaluate(lambda: run_eval(gold, input, model), format_attribution_scores, as_json)


@app.command()
def bench(data: Path = typer.Option(Path("../shared/data"), "--data",
                                    help="Folder holding kind/WN_train.tsv and kind/WN_dev.tsv."),
          out: Path = typer.Option(DEFAULT_OUT / "bench", "--out", "-o",
                                   help="Work folder: corpora, runs, and bench.json."),
          words: int = typer.Option(1_000_000, help="Main corpus in words (bare vs full, processes, Dask, memory); 0 skips."),
          small_words: int = typer.Option(100_000, help="Smaller corpus: the same side-by-side measures, and the memory comparison; 0 skips."),
          model: Optional[str] = ModelOpt,
          batch_size: int = typer.Option(64, min=1, help="Documents per nlp.pipe batch (bare and full)."),
          n_process: int = typer.Option(2, min=1, help="Processes of the parallel runs."),
          scheduler: str = typer.Option("local:2", help="Dask scheduler of the Dask run; empty skips it."),
          docs: int = typer.Option(10_000, help="Corpus of this many documents: files under work/ and the "
                                                "rerun after one edit; 0 skips."),
          big_words: int = typer.Option(10_000_000, help="A run of this many words must complete; 0 skips."),
          single_mb: str = typer.Option("1,5,50", help="Sizes (MB) of single-document runs, comma-separated; "
                                                       "empty skips."),
          keep_big: bool = typer.Option(False, "--keep-big", help="Keep the big run's output folder (OUT/run_big), "
                                                                   "to look into it or rerun a stage on it.")):
    """Benchmark the pipeline on real news text and print every performance target (writes bench.json).

    Everything takes about two hours on 2 cores; a smoke run:
    --words 20000 --small-words 5000 --docs 0 --big-words 0 --single-mb ""
    """
    from ..bench import run_bench

    try:
        sizes = tuple(float(x) for x in single_mb.split(",") if x.strip())
    except ValueError:
        fail(f"--single-mb {single_mb!r}: expected numbers separated by commas")
    with errors_to_exit():
        refuse_protected(out)  # its own work folder (no manifest), but never /, ~ or the source tree
        record_if_ours(out)  # OUT/bench in an output folder: `clean` removes it with the rest
        run_bench(data, out, words, model, batch_size, small_words, n_process, scheduler or None, docs,
                  big_words, sizes, echo=say, keep_big=keep_big)
