"""One long document in the explorer: a text of SIZE characters (default 10 MB), its
sentences and two mentions per sentence written as tables directly (no parse), the
report stage, then headless Chromium: time to show its first page, a sentence far
into it, and the next page.

    python -m pipeline.bench.long_document --out /tmp/long-document [--chars 10000000]
"""
from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import time
from pathlib import Path

from ..storage.catalog import Catalog
from ..storage.tables import TableWriter, write_table

SENTENCE = "Il consiglio comunale di Roma ha approvato la delibera numero {} con il voto di Mario Rossi."


def _mention(sent_id: int, start: int, sentence: str, text: str, label: str, kind: str, cid: str) -> dict:
    k = start + sentence.index(text)
    return {"doc_id": "lungo", "sent_id": sent_id, "start_char": k, "end_char": k + len(text), "text": text,
            "label": label, "type": kind, "canonical_id": cid, "canonical_name": text, "form": "name", "method": "model"}


def write_long_document(out: Path, chars: int) -> str:
    parts, sents, ents, pos = [], [], [], 0
    while pos < chars:
        i, s = len(parts), SENTENCE.format(len(parts))
        parts.append(s)
        sents.append({"doc_id": "lungo", "sent_id": i, "start_char": pos, "end_char": pos + len(s), "text": s})
        ents += [_mention(i, pos, s, "Roma", "LOC", "location", "location:roma"),
                 _mention(i, pos, s, "Mario Rossi", "PER", "person", "person:mario-rossi")]
        pos += len(s) + 1
    text = "\n".join(parts)
    sha = hashlib.sha256(text.encode()).hexdigest()
    write_table(out, "documents", [{
        "doc_id": "lungo", "source_path": "lungo.txt", "title": "Un documento lungo", "date": dt.date(2025, 1, 1),
        "date_text": None, "url": None, "encoding": "utf-8", "encoding_confidence": 1.0, "n_chars": len(text),
        "sha256": sha, "status": "ok", "error": None, "duplicate_of": None, "warning": None}])
    with TableWriter(Catalog(out).work, "texts", with_csv=False, sealed=True) as writer:
        writer.write_many([{"doc_id": "lungo", "sha256": sha, "text": text}])
    write_table(out, "sentences", sents)
    write_table(out, "entities", ents)
    return f"{len(text)} characters, {len(sents)} sentences, {len(ents)} mentions"


def main(argv: list[str] | None = None) -> None:
    from ..explorer.browser import chromium_missing, chromium_page, open_report
    from ..stages.report import run_report

    parser = argparse.ArgumentParser(prog="python -m pipeline.bench.long_document", description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, required=True, help="a new or earlier folder of this benchmark")
    parser.add_argument("--chars", type=int, default=10_000_000)
    args = parser.parse_args(argv)
    if chromium_missing():
        raise SystemExit(f"error: {chromium_missing()}")
    args.out.mkdir(parents=True, exist_ok=True)
    print(write_long_document(args.out, args.chars))
    started = time.perf_counter()
    run_report(args.out)
    size = (args.out / "report.html").stat().st_size / 1e6
    print(f"report stage {time.perf_counter() - started:.1f} s, report.html {size:.1f} MB")
    middle = args.chars // 120  # a sentence about two thirds of the way in
    with chromium_page() as (page, errors):
        print(open_report(page, args.out / "report.html", timeout_ms=60_000))
        for fragment, ready in (("doc=lungo", "#doctext .s"), (f"doc=lungo&s={middle}", ".s.target")):
            started = time.perf_counter()
            page.evaluate(f"location.hash = {fragment!r}")
            page.wait_for_selector(ready, timeout=60_000)
            page.wait_for_function("!document.querySelector('.loading')", timeout=60_000)
            print(f"#{fragment}: {(time.perf_counter() - started) * 1000:.0f} ms, "
                  f"{page.locator('#doctext .s').count()} sentences shown, {page.inner_text('.pager')}")
        started = time.perf_counter()
        page.click(".pager >> nth=0 >> a:last-child")
        page.wait_for_selector("#doctext .s")
        print(f"next page: {(time.perf_counter() - started) * 1000:.0f} ms; console errors: {len(errors)}")


if __name__ == "__main__":
    main()
