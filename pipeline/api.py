"""The Python API: the same functions the CLI and the Makefile call.

    >>> import pipeline
    >>> pipeline.run("seeds", "outputs")            # every stage
    >>> pipeline.entities("outputs").df()           # rerun one stage, get a DataFrame
    >>> pipeline.extract_entities("Secondo la BBC, Starmer ha parlato.")
"""
from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pandas as pd

from .catalog import DEFAULT_INPUT, DEFAULT_OUT, STAGE_TABLES, Catalog
from .model import load_model, model_info, resolve_model
from .tables import atomic_write_text, read_table

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
        return read_table(self.out, STAGE_TABLES[self.stage])


def _update_manifest(out: Path, stage: str, result: StageResult, extra: dict | None = None) -> None:
    path = Catalog(out).manifest
    manifest = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    manifest.update(extra or {})
    manifest.setdefault("stages", {})[stage] = {
        "rows": result.rows, "seconds": round(result.seconds, 3),
        "finished_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"), **result.details,
    }
    atomic_write_text(path, json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")


def _timed(stage: str, out, fn, extra: dict | None = None) -> StageResult:
    out = Path(out)
    started = time.perf_counter()
    rows, details = fn()
    result = StageResult(stage, out, rows, time.perf_counter() - started, details)
    _update_manifest(out, stage, result, extra)
    return result


def _noop(_n: int) -> None:
    pass


def ingest(input: str | Path = DEFAULT_INPUT, out: str | Path = DEFAULT_OUT, *, id_column: str = "id",
           text_column: str = "text", title_column: str = "title", date_column: str = "date",
           url_column: str = "url", fail_on_reject: bool = False) -> StageResult:
    """Read a file or folder of articles into the documents table.

    The `*_column` arguments name the fields of JSONL, CSV and Parquet records.
    After writing the table it raises `NoDocumentsAccepted` when no document was
    accepted, and `DocumentsRejected` when `fail_on_reject` and any was rejected
    (both carry the StageResult as `.result`).
    """
    from .stages.ingest import ColumnMap, DocumentsRejected, NoDocumentsAccepted, run_ingest

    columns = ColumnMap(id_column, text_column, title_column, date_column, url_column)

    def go():
        res = run_ingest(input, out, columns)
        rows = res.accepted + len(res.rejected)
        return rows, {"accepted": res.accepted, "rejected": len(res.rejected),
                      "rejections": [f"{where}: {why}" for where, why in res.rejected],
                      "unparsed_dates": [f"{where}: {raw!r}" for where, raw in res.unparsed_dates]}
    result = _timed("ingest", out, go, {"input": str(input)})
    rejected = result.details["rejected"]
    if result.details["accepted"] == 0:
        why = f"all {rejected} documents were rejected" if rejected else "the input holds no documents"
        raise NoDocumentsAccepted(f"no document accepted from {input}: {why}", result)
    if fail_on_reject and rejected:
        raise DocumentsRejected(f"{rejected} document(s) rejected (--fail-on-reject); the reasons are in "
                                f"{Path(out) / 'documents.csv'}", result)
    return result


def sentences(out: str | Path = DEFAULT_OUT, model: str | None = None, batch_size: int = 64,
              n_process: int = 1, force: bool = False, progress: Progress = _noop) -> StageResult:
    """Parse the accepted documents (reusing cached parses) and write the sentences table."""
    from .stages.sentences import run_sentences

    resolved = resolve_model(model)
    nlp = load_model(model)
    info = model_info(nlp, resolved)

    def go():
        res = run_sentences(out, nlp, info.key, batch_size=batch_size, n_process=n_process,
                            force=force, progress=progress)
        return res.sentences, {"documents": res.documents, "parsed": res.parsed, "reused": res.reused}
    extra = {"model": {"name": info.name, "version": info.version, "path": info.path}}
    return _timed("sentences", out, go, extra)


def entities(out: str | Path = DEFAULT_OUT, progress: Progress = _noop) -> StageResult:
    """Typed, canonical entity mentions (countries, people, outlets, ...)."""
    from .stages.entities import run_entities

    return _timed("entities", out, lambda: (run_entities(out, progress=progress), {}))


def quantities(out: str | Path = DEFAULT_OUT, progress: Progress = _noop) -> StageResult:
    """Quantities with normalised value, qualifier and counted noun."""
    from .stages.quantities import run_quantities

    return _timed("quantities", out, lambda: (run_quantities(out, progress=progress), {}))


def attributions(out: str | Path = DEFAULT_OUT, progress: Progress = _noop) -> StageResult:
    """Who is reported as the source of what (needs entities)."""
    from .stages.attributions import run_attributions

    return _timed("attributions", out, lambda: (run_attributions(out, progress=progress), {}))


def report(out: str | Path = DEFAULT_OUT) -> StageResult:
    """The entity report table and report.html."""
    from .stages.report import run_report

    return _timed("report", out, lambda: (run_report(out), {}))


def run(input: str | Path = DEFAULT_INPUT, out: str | Path = DEFAULT_OUT, model: str | None = None,
        batch_size: int = 64, n_process: int = 1, force: bool = False,
        progress: Callable[[str, int], Progress] | None = None,
        ingest_options: dict | None = None) -> dict[str, StageResult]:
    """All stages in order. `progress(stage, total)` may return a per-stage callback;
    `ingest_options` are keyword arguments of `ingest` (`text_column`, `fail_on_reject` ...)."""
    from .stages.common import stage_options

    bar = progress or (lambda stage, total: _noop)
    results = {"ingest": ingest(input, out, **(ingest_options or {}))}
    n_docs = results["ingest"].details["accepted"]
    results["sentences"] = sentences(out, model, batch_size, n_process, force, bar("sentences", n_docs))
    with stage_options(n_process=n_process, force=force):
        for stage, fn in (("entities", entities), ("quantities", quantities), ("attributions", attributions)):
            results[stage] = fn(out, bar(stage, n_docs))
    results["report"] = report(out)
    return results


def extract_entities(text: str, model: str | None = None, doc_id: str = "text") -> pd.DataFrame:
    """Entities of a single string, as the entities stage would write them."""
    from .extractors.entities import entity_rows
    from .schemas import columns

    doc = load_model(model)(text)
    return pd.DataFrame(entity_rows(doc_id, doc), columns=columns("entities"))

