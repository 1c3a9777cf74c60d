"""The Python API: the same functions the CLI and the Makefile call.

    >>> import pipeline
    >>> pipeline.run("seeds", "outputs")            # every stage
    >>> pipeline.entities("outputs").df()           # rerun one stage, get a DataFrame
    >>> pipeline.extract("Secondo la BBC, Starmer ha parlato.")["entities"]

Every function that writes into `out` first checks the folder (`outdir`:
never /, the home folder, the source tree, or someone else's non-empty
folder unless `force_out`) and, when `csv_style` is given, records it in the
folder's manifest, where every later `TableWriter` in that folder reads it.
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
from .outdir import prepare_out_dir
from .tables import CsvStyle, atomic_write_text, read_table, record_csv_style

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


def prepare(out: str | Path, csv_style: CsvStyle | None = None, force_out: bool = False) -> Path:
    """Check and mark the output folder; record the CSV style (rewriting the CSVs if it changed)."""
    out = prepare_out_dir(out, force_out)
    if csv_style is not None:
        record_csv_style(out, csv_style)
    return out


def ingest(input: str | Path = DEFAULT_INPUT, out: str | Path = DEFAULT_OUT,
           csv_style: CsvStyle | None = None, force_out: bool = False) -> StageResult:
    """Read a file or folder of articles into the documents table."""
    from .stages.ingest import run_ingest

    prepare(out, csv_style, force_out)

    def go():
        res = run_ingest(input, out)
        rows = res.accepted + len(res.rejected)
        return rows, {"accepted": res.accepted, "rejected": len(res.rejected),
                      "rejections": [f"{where}: {why}" for where, why in res.rejected]}
    return _timed("ingest", out, go, {"input": str(input)})


def sentences(out: str | Path = DEFAULT_OUT, model: str | None = None, batch_size: int = 64,
              n_process: int = 1, force: bool = False, progress: Progress = _noop,
              csv_style: CsvStyle | None = None, force_out: bool = False) -> StageResult:
    """Parse the accepted documents (reusing cached parses) and write the sentences table."""
    from .stages.sentences import run_sentences

    resolved = resolve_model(model)  # a missing model fails before the folder is touched
    prepare(out, csv_style, force_out)
    nlp = load_model(model)
    info = model_info(nlp, resolved)

    def go():
        res = run_sentences(out, nlp, info.key, batch_size=batch_size, n_process=n_process,
                            force=force, progress=progress)
        return res.sentences, {"documents": res.documents, "parsed": res.parsed, "reused": res.reused}
    extra = {"model": {"name": info.name, "version": info.version, "path": info.path, "license": info.license}}
    return _timed("sentences", out, go, extra)


def entities(out: str | Path = DEFAULT_OUT, progress: Progress = _noop,
             csv_style: CsvStyle | None = None, force_out: bool = False) -> StageResult:
    """Typed, canonical entity mentions (countries, people, outlets, ...)."""
    from .stages.entities import run_entities

    prepare(out, csv_style, force_out)
    return _timed("entities", out, lambda: (run_entities(out, progress=progress), {}))


def quantities(out: str | Path = DEFAULT_OUT, progress: Progress = _noop,
               csv_style: CsvStyle | None = None, force_out: bool = False) -> StageResult:
    """Quantities with normalised value, qualifier and counted noun."""
    from .stages.quantities import run_quantities

    prepare(out, csv_style, force_out)
    return _timed("quantities", out, lambda: (run_quantities(out, progress=progress), {}))


def attributions(out: str | Path = DEFAULT_OUT, progress: Progress = _noop,
                 csv_style: CsvStyle | None = None, force_out: bool = False) -> StageResult:
    """Who is reported as the source of what (needs entities)."""
    from .stages.attributions import run_attributions

    prepare(out, csv_style, force_out)
    return _timed("attributions", out, lambda: (run_attributions(out, progress=progress), {}))


def report(out: str | Path = DEFAULT_OUT, csv_style: CsvStyle | None = None,
           force_out: bool = False) -> StageResult:
    """The entity report table and report.html."""
    from .stages.report import run_report

    prepare(out, csv_style, force_out)
    return _timed("report", out, lambda: (run_report(out), {}))


def run(input: str | Path = DEFAULT_INPUT, out: str | Path = DEFAULT_OUT, model: str | None = None,
        batch_size: int = 64, n_process: int = 1, force: bool = False,
        progress: Callable[[str, int], Progress] | None = None,
        csv_style: CsvStyle | None = None, force_out: bool = False) -> dict[str, StageResult]:
    """All stages in order. `progress(stage, total)` may return a per-stage callback.

    The output folder is checked and the CSV style recorded once, here; each
    stage's writers then read the style from the folder's manifest.
    """
    from .stages.common import stage_options

    prepare(out, csv_style, force_out)
    bar = progress or (lambda stage, total: _noop)
    results = {"ingest": ingest(input, out)}
    n_docs = results["ingest"].details["accepted"]
    results["sentences"] = sentences(out, model, batch_size, n_process, force, bar("sentences", n_docs))
    with stage_options(n_process=n_process, force=force):
        for stage, fn in (("entities", entities), ("quantities", quantities), ("attributions", attributions)):
            results[stage] = fn(out, bar(stage, n_docs))
    results["report"] = report(out)
    return results


def extract(text: str, model: str | None = None, doc_id: str = "text") -> dict[str, pd.DataFrame]:
    """Every extraction of one string, as the stages would write them: a DataFrame each for
    "sentences", "entities", "quantities" and "attributions" (same columns and types as `read_table`)."""
    from .spacy_components import doc_rows

    rows = doc_rows(doc_id, load_model(model)(text))
    return {table: _frame(table, rows[table]) for table in ("sentences", "entities", "quantities", "attributions")}


def extract_entities(text: str, model: str | None = None, doc_id: str = "text") -> pd.DataFrame:
    """Entities of a single string, as the entities stage would write them."""
    from .extractors.entities import entity_rows

    return _frame("entities", entity_rows(doc_id, load_model(model)(text)))


def _frame(table: str, rows: list[dict]) -> pd.DataFrame:
    """Rows as a DataFrame typed like `read_table` (via the table's Arrow schema)."""
    import pyarrow as pa

    from .schemas import SCHEMAS
    from .tables import pandas_types

    return pa.Table.from_pylist(rows, schema=SCHEMAS[table]).to_pandas(types_mapper=pandas_types)

