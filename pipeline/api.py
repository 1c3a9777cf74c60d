"""The Python API: the same functions the CLI and the Makefile call.

    >>> import pipeline
    >>> pipeline.run("seeds", "outputs")            # every stage
    >>> pipeline.entities("outputs").df()           # rerun one stage, get a DataFrame
    >>> pipeline.extract("Secondo la BBC, Starmer ha parlato.")["entities"]

Every function that writes into `out` first checks the folder (`outdir`:
never /, the home folder, the source tree, or someone else's non-empty
folder unless `force_out`) and, when `csv_style` is given, records it in the
folder's manifest. The output options (`tables.OutputOptions`: the CSV style
given, else the folder's) are decided there once and passed down to every writer.
"""
from __future__ import annotations

import inspect
import threading
import time
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterator

from .engine import EngineOptions, TableUpdate, UserError, output_lock, update_tables
from .engine.executors import make_executor
from .engine.extract import tables as extraction_tables
from .engine.lock import held_here
from .engine.partitions import TARGET_DOCS
from .engine.store import remove_temporary_files, secure_tree
from .nlp.model import describe_model, load_model, resolve_model
from .storage.catalog import DEFAULT_INPUT, DEFAULT_OUT, STAGE_TABLES, Catalog, stage_writes
from .storage.manifest import Manifest, claim
from .storage.outdir import prepare_out_dir
from .storage.tables import CsvStyle, OutputOptions, read_table, record_csv_style

if TYPE_CHECKING:  # pandas: imported where frames are made, not by every worker process
    import pandas as pd

    from .inputs.fetch import FetchOptions

Progress = Callable[[int], None]


@dataclass
class StageResult:
    stage: str
    out: Path
    rows: int
    seconds: float
    details: dict = field(default_factory=dict)

    def df(self) -> pd.DataFrame:
        """The table this stage wrote."""
        return read_table(self.out, STAGE_TABLES.get(self.stage, self.stage))


def read_manifest(out: str | Path) -> dict:
    """The output folder's manifest.json ({} when there is none or it is damaged)."""
    return Manifest.read(out).data


def _update_manifest(out: Path, stage: str | None, result: "StageResult | None", extra: dict | None = None,
                     echo: Callable[[str], None] = lambda s: None) -> None:
    manifest = Manifest.read(out, echo).update(extra or {})
    if stage is not None and result is not None:
        manifest.record_stage(stage, {"rows": result.rows, "seconds": round(result.seconds, 3),
                                      "finished_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"), **result.details},
                              stage_writes(stage))
    manifest.save()


@contextmanager
def _owned(out: str | Path, csv_style: CsvStyle | None, force_out: bool,
           echo: Callable[[str], None] = lambda s: None,
           output: OutputOptions | None = None) -> Iterator[tuple[Path, OutputOptions]]:
    """The checked output folder, locked, claimed and with the CSV style recorded, for the block;
    with the output options every writer of the block gets: `output` when an enclosing call
    (`run`) decided them, else the style given, else the folder's.

    The check writes nothing and the lock comes before any write, so a run refused
    (someone else's folder, or another run holding it) changes nothing there.
    """
    out = prepare_out_dir(out, force_out)
    with output_lock(out):
        secure_tree(out, echo)  # links planted in the folder are removed before anything is written
        claim(out, echo)
        if csv_style is not None and output is None:
            record_csv_style(out, csv_style)
        remove_temporary_files(out)  # left by a killed run (we hold the lock: nobody writes them now)
        if output is None:
            output = OutputOptions(csv_style) if csv_style is not None else OutputOptions.of_folder(out)
        yield out, output


def _timed(stage: str, out, fn, extra: dict | None = None, csv_style: CsvStyle | None = None,
           force_out: bool = False, echo: Callable[[str], None] = lambda s: None,
           output: OutputOptions | None = None) -> StageResult:
    """Run a stage's `fn(output_options)` in a checked output folder, under its lock; record it
    in the manifest."""
    with _owned(out, csv_style, force_out, echo, output) as (out, output):
        started = time.perf_counter()
        rows, details = fn(output)
        result = StageResult(stage, out, rows, time.perf_counter() - started, details)
        _update_manifest(out, stage, result, extra, echo)
    return result


def _noop(_n: int) -> None:
    pass


def user_lists(aliases: str | Path | None = None, ignore: str | Path | None = None):
    """The user's alias and ignore lists (TSV files; `extractors.entities.user_lists`), or None."""
    from .extractors.entities.user_lists import load_user_lists

    return load_user_lists(aliases, ignore) if aliases or ignore else None


def prepare(out: str | Path, csv_style: CsvStyle | None = None, force_out: bool = False) -> Path:
    """Check and claim the output folder; record the CSV style (rewriting the CSVs if it changed)."""
    with _owned(out, csv_style, force_out) as (path, _output):
        return path


def ingest(input: str | Path = DEFAULT_INPUT, out: str | Path = DEFAULT_OUT, *, id_column: str = "id",
           text_column: str = "text", title_column: str = "title", date_column: str = "date",
           url_column: str = "url", fail_on_reject: bool = False, csv_style: CsvStyle | None = None,
           force_out: bool = False, echo: Callable[[str], None] = _noop, follow_links: bool = False,
           csv_delimiter: str | None = None, text_title: bool = True,
           fetch: "FetchOptions | None" = None, output: OutputOptions | None = None) -> StageResult:
    """Read articles into the documents table: a file or folder, an http(s) URL (a page, an
    RSS/Atom feed or a sitemap), a file listing URLs, or "-" for standard input.

    The `*_column` arguments name the fields of JSONL, CSV and Parquet records;
    `csv_delimiter` forces the CSV delimiter (default: sniffed from the header);
    `text_title=False` keeps a .txt file's first line from becoming its title;
    `fetch` (`pipeline.inputs.fetch.FetchOptions`) sets how URLs are fetched.
    Links in the input are followed only to files inside it, unless `follow_links`.
    `output`: the output options an enclosing `run` decided (else from `csv_style` or the folder).
    After writing the table it raises `NoDocumentsAccepted` when no document was
    accepted, and `DocumentsRejected` when `fail_on_reject` and any was rejected
    (both carry the StageResult as `.result`).
    """
    from .stages.ingest import ColumnMap, DocumentsRejected, NoDocumentsAccepted, ReadOptions, run_ingest

    columns = ColumnMap(id_column, text_column, title_column, date_column, url_column)
    options = ReadOptions(csv_delimiter, text_title, fetch, follow_links)

    def go(output: OutputOptions):
        res = run_ingest(input, out, columns, options, output)
        rows = res.accepted + len(res.rejected) + len(res.duplicates)
        return rows, {"accepted": res.accepted, "words": res.words, "rejected": len(res.rejected),
                      "duplicates": len(res.duplicates),
                      "rejections": [f"{where}: {why}" for where, why in res.rejected],
                      "duplicate_rows": [f"{where}: same text as {first}" for where, first in res.duplicates],
                      "unparsed_dates": [f"{where}: {raw!r}" for where, raw in res.unparsed_dates]}
    result = _timed("ingest", out, go, {"input": str(input)}, csv_style, force_out, echo, output)
    rejected = result.details["rejected"]
    if result.details["accepted"] == 0:
        why = f"all {rejected} documents were rejected" if rejected else "the input holds no documents"
        raise NoDocumentsAccepted(f"no document accepted from {input}: {why}", result)
    if fail_on_reject and rejected:
        raise DocumentsRejected(f"{rejected} document(s) rejected (--fail-on-reject); the reasons are in "
                                f"{Path(out) / 'documents.csv'}", result)
    return result


def _engine_stage(stage: str, out, options: EngineOptions, progress: Progress, echo: Callable[[str], None],
                  csv_style: CsvStyle | None, force_out: bool, parsing: bool = False) -> StageResult:
    """A stage that brings its table up to date with the partition engine."""
    extra = _model_extra(options.model) if parsing else None  # a missing model fails before the folder is touched

    def go(output: OutputOptions):
        update = update_tables(out, [stage], options, progress, echo, parsing_stage=parsing, output=output)[stage]
        return update.rows, _details(update)
    return _timed(stage, out, go, extra, csv_style, force_out, echo)


def _details(update: TableUpdate) -> dict:
    return {"documents": update.documents, "partitions": update.partitions,
            "computed_partitions": update.computed_partitions, "computed_documents": update.computed_documents,
            "parsed": update.parsed_documents, "reused": update.documents - update.parsed_documents,
            "skipped": update.skipped, "warnings": update.warnings}


def _model_extra(model: str | None) -> dict:
    info = describe_model(resolve_model(model))
    return {"model": {"name": info.name, "version": info.version, "path": info.path, "license": info.license}}


def sentences(out: str | Path = DEFAULT_OUT, model: str | None = None, batch_size: int = 64,
              n_process: int = 1, force: bool = False, progress: Progress = _noop,
              scheduler: str | None = None, echo: Callable[[str], None] = _noop,
              partition_docs: int = TARGET_DOCS, csv_style: CsvStyle | None = None,
              force_out: bool = False, dask_security: str | None = None) -> StageResult:
    """Parse the accepted documents (reusing cached parses) and write the sentences table."""
    options = EngineOptions(model, batch_size, n_process, scheduler, force, partition_docs,
                            dask_security=dask_security)
    return _engine_stage("sentences", out, options, progress, echo, csv_style, force_out, parsing=True)


def table(name: str, out: str | Path = DEFAULT_OUT, progress: Progress = _noop, n_process: int = 1,
          scheduler: str | None = None, echo: Callable[[str], None] = _noop,
          csv_style: CsvStyle | None = None, force_out: bool = False, force: bool = False,
          aliases: str | Path | None = None, ignore: str | Path | None = None,
          dask_security: str | None = None) -> StageResult:
    """Bring one registered table (`pipeline.extractors.registry`) and those it needs up to date
    from the cached parses; `aliases`, `ignore`: the user's entity lists (see the README),
    used by the tables that take them."""
    from .extractors.registry import REGISTRY, with_needs

    if name not in REGISTRY or name == "sentences":
        raise UserError(f"no extraction table {name!r}: {', '.join(t for t in REGISTRY if t != 'sentences')}")
    if (aliases or ignore) and not any("lists" in REGISTRY[t].options for t in with_needs([name])):
        raise UserError(f"the {name} table takes no aliases or ignore list")
    options = EngineOptions(n_process=n_process, scheduler=scheduler, force=force,
                            entity_lists=user_lists(aliases, ignore), dask_security=dask_security)
    return _engine_stage(name, out, options, progress, echo, csv_style, force_out)


def _table_function(name: str, doc: str) -> Callable[..., StageResult]:
    """`table(name, ...)` as a function of its own, with `table`'s parameters (for help() and IDEs)."""
    def stage(*args, **options) -> StageResult:
        return table(name, *args, **options)

    stage.__name__ = stage.__qualname__ = name
    stage.__doc__ = doc
    stage.__signature__ = inspect.signature(table).replace(parameters=list(inspect.signature(table).parameters.values())[1:])
    return stage


entities = _table_function("entities", """Typed, canonical entity mentions (countries, people, outlets, organisations ...);
    `aliases`, `ignore`: the user's TSV lists (see the README).""")
quantities = _table_function("quantities", "Quantities with normalised value, qualifier and counted noun.")
attributions = _table_function("attributions", """Who is reported as the source of what (computes the entities it
    needs, with the user's lists).""")


def unfinished_run(out: str | Path) -> str | None:
    """A warning when the tables in `out` come from a run that did not finish (killed, crashed)."""
    manifest = Manifest.read(out)
    if manifest.status == "running" and not held_here(out):
        return (f"the last run into {out} (started {manifest.data.get('started_at', '?')}) did not finish: "
                "its tables may mix partial and older results; run the pipeline again")
    return None


def corpus_title(input: str | None) -> str | None:
    """The explorer's default title: the input folder's (or file's) name, a URL's host."""
    if not input:
        return None
    if input == "-":
        return "stdin"
    if input.lower().startswith(("http://", "https://")):
        from urllib.parse import urlsplit

        return urlsplit(input).netloc or input
    return Path(input).resolve().name or input


def report(out: str | Path = DEFAULT_OUT, csv_style: CsvStyle | None = None, force_out: bool = False,
           aliases: str | Path | None = None, ignore: str | Path | None = None, lists=None,
           title: str | None = None, lang: str | None = None, output: OutputOptions | None = None) -> StageResult:
    """The claims and entity report tables, report.html (the explorer) and news.sqlite
    (which say so when the last run did not finish); the user's lists (`aliases`,
    `ignore` files, or `lists` already read) apply to the entity report's merging.
    `lang`: the explorer's interface, "it" (the default) or "en"; `title`: its title, by
    default the input's name. Both are kept in the manifest for later reruns. `output`: the
    output options an enclosing `run` decided (else from `csv_style` or the folder)."""
    from .stages.report import run_report

    lists = lists if lists is not None else user_lists(aliases, ignore)
    incomplete = unfinished_run(out) is not None
    manifest = Manifest.read(out)
    view = {**manifest.explorer, **{k: v for k, v in (("lang", lang), ("title", title)) if v}}
    lang, title = view.get("lang", "it"), view.get("title") or corpus_title(manifest.data.get("input"))
    return _timed("report", out,
                  lambda output: (run_report(out, incomplete, lists, lang, title, output),
                                  {"incomplete_run": incomplete}),
                  {"explorer": view} if view else None, csv_style, force_out, output=output)


def browse(out: str | Path = DEFAULT_OUT, port: int = 8001, announce: Callable[[str], None] = print) -> None:
    """Serve OUT/news.sqlite with Datasette on 127.0.0.1:PORT until interrupted."""
    from .explorer.browse import serve

    serve(out, port, announce)


def run(input: str | Path = DEFAULT_INPUT, out: str | Path = DEFAULT_OUT, model: str | None = None,
        batch_size: int = 64, n_process: int = 1, force: bool = False,
        progress: Callable[[str, int], Progress] | None = None, scheduler: str | None = None,
        echo: Callable[[str], None] = _noop, partition_docs: int = TARGET_DOCS,
        csv_style: CsvStyle | None = None, force_out: bool = False,
        ingest_options: dict | None = None, dask_security: str | None = None,
        aliases: str | Path | None = None, ignore: str | Path | None = None,
        title: str | None = None, lang: str | None = None) -> dict[str, StageResult]:
    """Every stage: ingest, then one fused pass per partition (parse, sentences, entities,
    quantities, attributions from the same Docs), then the report. `progress(stage, total)`
    may return a per-stage callback; `n_process`/`scheduler` say where partitions run;
    `ingest_options` are keyword arguments of `ingest` (`text_column`, `fail_on_reject` ...);
    `aliases`, `ignore`: the user's entity lists (TSV files, see the README);
    `title` and `lang` those of `report`.
    The output folder is checked and the CSV style recorded once, here; the stages then
    get the output options decided here."""
    from .stages.ingest import IngestStopped

    out = Path(out)
    bar = progress or (lambda stage, total: _noop)
    lists = user_lists(aliases, ignore)  # a bad list fails before anything is written
    options = EngineOptions(model, batch_size, n_process, scheduler, force, partition_docs,
                            dask_security=dask_security, entity_lists=lists)
    model_extra = _model_extra(model)  # a missing model fails before the folder is touched
    with _owned(out, csv_style, force_out, echo) as (out, output), ExitStack() as workers:
        _update_manifest(out, None, None, {"status": "running", "started_at": time.strftime("%Y-%m-%dT%H:%M:%S%z")},
                         echo)
        # A first run (or --force): worker processes (or the Dask cluster) start and load the model
        # while ingest reads the input. A rerun starts them only if a partition needs computing.
        executor = None
        if force or not Catalog(out).parse_record.exists():
            executor = workers.enter_context(make_executor(resolve_model(model), n_process, scheduler, dask_security))
        try:
            results = {"ingest": ingest(input, out, **(ingest_options or {}), output=output)}
        except IngestStopped:  # stopped on purpose (nothing accepted, --fail-on-reject): not a crash
            _update_manifest(out, None, None, {"status": "stopped after ingest"})
            raise
        n_docs = results["ingest"].details["accepted"]
        if executor is not None and (scheduler or n_process > 1):
            _import_report_modules_meanwhile()
        started = time.perf_counter()
        updates = update_tables(out, extraction_tables(), options, bar("extraction", n_docs), echo, parsing_stage=True,
                                output=output, executor=executor)
        seconds = time.perf_counter() - started
        workers.close()  # the workers' memory is free before the report
        for stage in extraction_tables():  # one pass for all: its time is reported on each
            result = StageResult(stage, out, updates[stage].rows, seconds,
                                 {**_details(updates[stage]), "fused_pass": True})
            _update_manifest(out, stage, result, model_extra if stage == "sentences" else None)
            results[stage] = result
        results["report"] = report(out, lists=lists, title=title, lang=lang, output=output)
        _update_manifest(out, None, None, {"status": "complete",
                                           "finished_at": time.strftime("%Y-%m-%dT%H:%M:%S%z")})
    return results


def _import_report_modules_meanwhile() -> None:
    """While other processes parse, this one mostly waits: import what the report stage needs
    now (datasketch brings scipy, most of a second) rather than after the last partition."""
    def load() -> None:
        import datasketch  # noqa: F401

        from .stages import report  # noqa: F401
    threading.Thread(target=load, name="import-report", daemon=True).start()


def extract(text: str, model: str | None = None, doc_id: str = "text") -> dict[str, pd.DataFrame]:
    """Every extraction of one string, as the stages would write them: a DataFrame for each
    registered table, "sentences", "entities", "quantities", "attributions" ... (same columns
    and types as `read_table`)."""
    from .extractors.registry import doc_rows

    rows = doc_rows(doc_id, load_model(model)(text))
    return {table: _frame(table, table_rows) for table, table_rows in rows.items()}


def extract_entities(text: str, model: str | None = None, doc_id: str = "text") -> pd.DataFrame:
    """Entities of a single string, as the entities stage would write them."""
    from .extractors.entities import entity_rows

    return _frame("entities", entity_rows(doc_id, load_model(model)(text)))


def _frame(table: str, rows: list[dict]) -> pd.DataFrame:
    """Rows as a DataFrame typed like `read_table` (via the table's Arrow schema)."""
    import pyarrow as pa

    from .storage.schemas import SCHEMAS
    from .storage.tables import pandas_types

    return pa.Table.from_pylist(rows, schema=SCHEMAS[table]).to_pandas(types_mapper=pandas_types)

