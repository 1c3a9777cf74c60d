"""The cross-document tables at scale, on the benchmark's replicated tables made harder.

    python -m pipeline.bench.cross_document outputs/bench/explorer/replicated10000

`make bench-report` replicates 50 real documents into 10,000 with exact copies of
their attributions and claims: wire copy repeated word for word, which the statement
grouping collapses before MinHash, and figures that never disagree. Here every copy
of a statement gets a word of its own (so each is a near-duplicate, not a duplicate:
MinHash/LSH sees every one of them) and every copy of a figure a value of its own
(1, 1.25 or 1.5 times the original: replicas days apart disagree). Then both pure
functions are timed on those rows, in memory (reading and writing the tables aside).
"""
from __future__ import annotations

import argparse
import time
from collections import Counter
from pathlib import Path

from ..stages.cross_document import document_facts, load_options
from ..stages.figure_conflicts import figure_conflict_rows, sentence_entities
from ..stages.report import entity_report_rows
from ..stages.statement_groups import statement_group_rows
from ..storage.tables import iter_table_rows


def _replica(doc_id: str) -> int:
    return int(doc_id.rsplit("~", 1)[1]) if "~" in doc_id else 0


def time_perturbed(out: Path) -> dict:
    options = load_options()
    merged: dict[str, str] = {}
    entity_report_rows(lambda: iter_table_rows(out, "entities"), Counter(), None, merged)
    facts = document_facts(iter_table_rows(out, "documents", ["doc_id", "status", "date", "url"]))
    attributions = []
    for row in iter_table_rows(out, "attributions"):
        if row["content_text"]:
            row["content_text"] += f" copia{_replica(row['doc_id'])}"
        attributions.append(row)
    claims = []
    for row in iter_table_rows(out, "claims"):
        factor = 1 + (_replica(row["doc_id"]) % 3) * 0.25
        row["value"] = row["value"] * factor if row["value"] is not None else None
        claims.append(row)
    started = time.perf_counter()
    groups = statement_group_rows(attributions, facts, merged, options["statement_groups"])
    grouped = time.perf_counter()
    named = sentence_entities(iter_table_rows(out, "entities", ["doc_id", "sent_id", "canonical_id", "canonical_name"]),
                              {(c["doc_id"], c["sent_id"]) for c in claims}, merged)
    group_of = {(g["doc_id"], g["sent_id"], g["cue"]): g["group_id"] for g in groups}
    conflicts = figure_conflict_rows(claims, named, group_of, facts, merged, options["figure_conflicts"])
    done = time.perf_counter()
    return {"documents": len(facts), "attributions": len(attributions), "claims": len(claims),
            "statement_group_rows": len(groups), "groups": len({g["group_id"] for g in groups}),
            "statement_groups_s": round(grouped - started, 2), "figure_conflict_rows": len(conflicts),
            "figure_conflicts_s": round(done - grouped, 2)}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m pipeline.bench.cross_document", description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="a folder of tables, e.g. make bench-report's replicated10000")
    args = parser.parse_args(argv)
    try:
        print(time_perturbed(args.out))
    except FileNotFoundError as err:
        raise SystemExit(f"error: {err}") from None


if __name__ == "__main__":
    main()
