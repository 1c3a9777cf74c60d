"""Corpus-scale benchmark: the full pipeline against bare `nlp.pipe` with the same model.

    python -m pipeline bench --data ../shared/data --out outputs/bench          # 1,000,000 words
    python -m pipeline.bench --data ../shared/data --out /tmp/b --words 20000   # smoke run

The corpus is real news text (see `bench_corpus`): KIND's WN_train and WN_dev,
detokenized, grouped into articles of about 12 sentences, replicated with
distinct ids up to the requested number of words.

Measured, printed and written to `<out>/bench.json`:
- bare `nlp.pipe` words/s over the same texts, model and batch size (in memory;
  the floor), with 1 and with 2 processes;
- the full `pipeline.api.run` (every stage, tables written, fresh output folder)
  in a subprocess: words/s, each stage's seconds, ratio to bare; with 1 and 2
  processes (the model pass and the extraction stages, via
  `stages.common.stage_options`), and the speed-up;
- peak RSS of the full run at the small size (default 100,000 words) and at the
  full size: the largest single process (getrusage, exact) and the whole process
  tree (sampled from /proc every 20 ms, so it includes spaCy's workers);
- incremental reruns on the full-size output: nothing changed (must parse 0),
  then 1 document edited and 1 added (must parse exactly 2);
- byte-identity of every output table (Parquet and CSV) and report.html between
  1 and 2 processes, and between the incremental run and a fresh full run of
  the same final corpus.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import time
from pathlib import Path

from .bench_corpus import (CORPUS_NAME, corpus_documents, count_words, edit_corpus, kind_sentences,
                           write_jsonl)
from .bench_measure import bare_pipe, child_main, compare_outputs, run_child


# --------------------------------------------------------------------------
# The benchmark
# --------------------------------------------------------------------------

def run_bench(data_dir: str | Path, out: str | Path, words: int = 1_000_000, model: str | None = None,
              batch_size: int = 64, small_words: int = 100_000, n_process: int = 2,
              check_full_identity: bool = True, echo=print) -> dict:
    """Build the corpus, measure, print, and write `<out>/bench.json`; return the results.

    `words`: size of the main corpus; `small_words`: the smaller size for the
    memory comparison (and the 1- vs n-process identity check); `n_process`:
    processes of the parallel runs; `check_full_identity`: also do a fresh full
    run of the edited corpus (with `n_process`) and byte-compare it with the
    incremental run.
    """
    from .model import resolve_model
    from .tables import atomic_write_text

    out = Path(out).resolve()
    out.mkdir(parents=True, exist_ok=True)
    model = resolve_model(model)
    model_arg = ["--model", model, "--batch-size", str(batch_size)]
    started_all = time.perf_counter()
    res: dict = {"model": model, "batch_size": batch_size, "n_process": n_process,
                 "cpu_count": os.cpu_count()}

    def fresh(name: str) -> Path:
        path = out / name
        shutil.rmtree(path, ignore_errors=True)
        return path

    def full(input_dir: Path, name: str, procs: int, clean: bool = True) -> dict:
        path = fresh(name) if clean else out / name
        r = run_child(["--input", str(input_dir / CORPUS_NAME), "--out", str(path),
                       "--n-process", str(procs), *model_arg])
        return r

    # Corpus
    sentences = kind_sentences(data_dir)
    docs = corpus_documents(sentences, words)
    n_words = count_words(docs)
    small_docs = corpus_documents(sentences, min(small_words, words))
    del sentences
    big_in, small_in = out / "input", out / "input_small"
    write_jsonl(docs, big_in / CORPUS_NAME)
    write_jsonl(small_docs, small_in / CORPUS_NAME)
    res["corpus"] = {"documents": len(docs), "words": n_words, "chars": sum(len(d["text"]) for d in docs),
                     "small_documents": len(small_docs), "small_words": count_words(small_docs)}
    echo(f"corpus: {len(docs)} documents, {n_words} words ({res['corpus']['small_words']} "
         f"words / {len(small_docs)} documents for the small run) in {big_in}")

    # Bare nlp.pipe: the floor
    texts = [d["text"] for d in docs]
    bare1 = bare_pipe(texts, model, batch_size, 1)
    barep = bare_pipe(texts, model, batch_size, n_process)
    del texts
    res["bare"] = {"seconds": round(bare1, 3), "wps": round(n_words / bare1),
                   f"seconds_n{n_process}": round(barep, 3), f"wps_n{n_process}": round(n_words / barep),
                   "speedup": round(bare1 / barep, 3)}
    echo(f"bare nlp.pipe: {n_words / bare1:,.0f} words/s; n_process={n_process}: "
         f"{n_words / barep:,.0f} words/s (x{bare1 / barep:.2f})")

    # Small corpus: memory, and 1 vs n processes
    small1 = full(small_in, "run_small_n1", 1)
    smallp = full(small_in, f"run_small_n{n_process}", n_process)
    res["small"] = {"n1": small1, f"n{n_process}": smallp,
                    "identical_n1_vs_np": compare_outputs(out / "run_small_n1", out / f"run_small_n{n_process}")}
    echo(f"full run, {res['corpus']['small_words']} words: {small1['seconds']:.1f}s, "
         f"peak RSS {small1['peak_rss_mb']:.0f} MB (tree {small1['peak_tree_rss_mb']:.0f} MB)")

    # Full size, 1 process and n processes
    full1 = full(big_in, "run_n1", 1)
    fullp = full(big_in, f"run_n{n_process}", n_process)
    res["full"] = {
        "seconds": full1["seconds"], "wps": round(n_words / full1["seconds"]), "stages": full1["stages"],
        "ratio_to_bare": round(bare1 / full1["seconds"], 3),
        "peak_rss_mb": full1["peak_rss_mb"], "peak_tree_rss_mb": full1["peak_tree_rss_mb"],
        f"seconds_n{n_process}": fullp["seconds"], f"wps_n{n_process}": round(n_words / fullp["seconds"]),
        f"stages_n{n_process}": fullp["stages"],
        f"ratio_to_bare_n{n_process}": round(barep / fullp["seconds"], 3),
        "speedup": round(full1["seconds"] / fullp["seconds"], 3),
        f"peak_tree_rss_mb_n{n_process}": fullp["peak_tree_rss_mb"],
        "identical_n1_vs_np": compare_outputs(out / "run_n1", out / f"run_n{n_process}"),
    }
    res["memory"] = {"small_words": res["corpus"]["small_words"], "small_peak_rss_mb": small1["peak_rss_mb"],
                     "words": n_words, "peak_rss_mb": full1["peak_rss_mb"],
                     "ratio": round(full1["peak_rss_mb"] / small1["peak_rss_mb"], 3),
                     "small_peak_tree_rss_mb": small1["peak_tree_rss_mb"],
                     "peak_tree_rss_mb": full1["peak_tree_rss_mb"]}
    f = res["full"]
    echo(f"full run: {f['wps']:,.0f} words/s = {f['ratio_to_bare']:.2f} x bare; stages "
         + ", ".join(f"{k} {v:.1f}s" for k, v in f["stages"].items()))
    echo(f"full run n_process={n_process}: {f[f'wps_n{n_process}']:,.0f} words/s "
         f"(x{f['speedup']:.2f} over 1 process, {f[f'ratio_to_bare_n{n_process}']:.2f} x bare n={n_process})")
    echo(f"peak RSS: {small1['peak_rss_mb']:.0f} MB at {res['corpus']['small_words']} words, "
         f"{full1['peak_rss_mb']:.0f} MB at {n_words} words (x{res['memory']['ratio']:.2f})")

    # Incremental reruns on the 1-process output
    same = full(big_in, "run_n1", 1, clean=False)
    edited, edited_id, added_id = edit_corpus(docs)
    write_jsonl(edited, big_in / CORPUS_NAME)
    changed = full(big_in, "run_n1", 1, clean=False)
    res["incremental"] = {
        "unchanged": {"seconds": same["seconds"], "process_wall_seconds": same["process_wall_seconds"],
                      "stages": same["stages"], "parsed": same["sentences"]["parsed"],
                      "stage_cache": same["stage_cache"]},
        "edited_1_added_1": {"edited": edited_id, "added": added_id, "documents": len(edited),
                             "seconds": changed["seconds"], "stages": changed["stages"],
                             "parsed": changed["sentences"]["parsed"], "stage_cache": changed["stage_cache"]},
    }
    echo(f"rerun, nothing changed: {same['seconds']:.2f}s in api.run ({same['process_wall_seconds']:.2f}s "
         f"with interpreter start), parsed {same['sentences']['parsed']} documents")
    echo(f"rerun, 1 of {len(docs)} documents edited and 1 added: {changed['seconds']:.2f}s, "
         f"parsed {changed['sentences']['parsed']} documents; "
         + ", ".join(f"{k} computed {v['computed']}" for k, v in changed["stage_cache"].items()
                     if v.get("computed") is not None))
    if check_full_identity:
        fresh_run = full(big_in, f"run_n{n_process}", n_process)
        res["incremental"]["identical_to_fresh_full_run"] = compare_outputs(out / "run_n1", out / f"run_n{n_process}")
        res["incremental"]["fresh_full_run_seconds"] = fresh_run["seconds"]

    def ok(check: dict | None) -> str:
        return "n/a" if check is None else ("identical" if check["identical"] else f"DIFFER {check}")
    echo(f"byte-identical, 1 vs {n_process} processes: small {ok(res['small']['identical_n1_vs_np'])}, "
         f"full {ok(res['full']['identical_n1_vs_np'])}; incremental vs fresh full run: "
         f"{ok(res['incremental'].get('identical_to_fresh_full_run'))}")

    res["targets"] = {
        "full_vs_bare >= 0.85": res["full"]["ratio_to_bare"] >= 0.85,
        f"n{n_process}_speedup >= 1.7": res["full"]["speedup"] >= 1.7,
        "rss_ratio <= 1.2": res["memory"]["ratio"] <= 1.2,
        "rerun_unchanged <= 3s": same["seconds"] <= 3.0,
        "rerun_unchanged_process <= 3s": same["process_wall_seconds"] <= 3.0,
        "unchanged_parsed == 0": same["sentences"]["parsed"] == 0,
        "edited_added_parsed == 2": changed["sentences"]["parsed"] == 2,
        "identical_n1_vs_np": res["full"]["identical_n1_vs_np"]["identical"]
        and res["small"]["identical_n1_vs_np"]["identical"],
        "identical_incremental_vs_full": res["incremental"].get("identical_to_fresh_full_run", {}).get("identical"),
    }
    res["total_seconds"] = round(time.perf_counter() - started_all, 1)
    for name, met in res["targets"].items():
        echo(f"  target {name}: {'met' if met else ('not checked' if met is None else 'MISSED')}")
    atomic_write_text(out / "bench.json", json.dumps(res, indent=2))
    echo(f"wrote {out / 'bench.json'} ({res['total_seconds']:.0f}s in all)")
    return res


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["child"]:
        child_main(argv[1:])
        return
    parser = argparse.ArgumentParser(prog="python -m pipeline.bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", default="../shared/data", help="Folder holding kind/WN_*.tsv.")
    parser.add_argument("--out", default="outputs/bench")
    parser.add_argument("--words", type=int, default=1_000_000)
    parser.add_argument("--small-words", type=int, default=100_000)
    parser.add_argument("--model")
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--n-process", type=int, default=2)
    parser.add_argument("--no-full-identity", action="store_true",
                        help="Skip the fresh full run of the edited corpus.")
    a = parser.parse_args(argv)
    run_bench(a.data, a.out, a.words, a.model, a.batch_size, a.small_words, a.n_process,
              not a.no_full_identity)


if __name__ == "__main__":
    main()
