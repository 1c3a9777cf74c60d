"""Issue 24, progress without a terminal: a line per partition (at most every 10 s) with
documents done, words/s and the time left; the summary names each table written."""
from __future__ import annotations

import re

from conftest import BUNDLED
from typer.testing import CliRunner

from pipeline.cli.commands import app
from pipeline.cli.progress import LogProgress, duration, progress_line


def test_lines_per_partition_at_most_every_ten_seconds():
    now = [0.0]
    lines: list[str] = []
    progress = LogProgress("extraction", 100, 20_000, lines.append, clock=lambda: now[0])
    progress(0)  # nothing cached: no line yet
    assert lines == []
    now[0] = 20.0
    progress(10)  # 10 documents (2,000 words) in 20 s
    assert lines == ["extraction: 10 of 100 documents (10%), 100 words/s, ETA 3m00s"]
    now[0] = 25.0
    progress(10)  # 5 s after the last line: no line
    now[0] = 40.0
    progress(10)
    assert lines[-1] == "extraction: 30 of 100 documents (30%), 150 words/s, ETA 1m33s"
    now[0] = 41.0
    progress(70)  # the end is always written
    assert len(lines) == 3 and lines[-1].startswith("extraction: 100 of 100 documents (100%)")
    assert lines[-1].endswith("ETA 0s")


def test_cached_documents_do_not_count_in_the_rate():
    now = [0.0]
    lines: list[str] = []
    progress = LogProgress("sentences", 10, None, lines.append, clock=lambda: now[0])
    progress(8)  # from cache
    now[0] = 4.0
    progress(1)
    assert lines == ["sentences: 9 of 10 documents (90%), ETA 4s"]  # no word count known: no words/s
    assert progress_line("x", 0, 0, None, None) == "x: 0 of 0 documents"
    assert [duration(s) for s in (3, 245, 7380)] == ["3s", "4m05s", "2h03m"]


def test_a_run_without_a_terminal_prints_progress_lines_and_names_each_table(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    for name in "abc":
        (src / f"{name}.txt").write_text(f"Articolo {name}: il sindaco di Roma ha parlato.", encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["run", "-i", str(src), "-o", str(out), "--model", BUNDLED,
                                      "--partition-docs", "1"])
    assert result.exit_code == 0, result.output
    progress = [line for line in result.stderr.splitlines() if line.startswith("extraction: ")]
    assert progress, result.stderr
    assert re.fullmatch(r"extraction: 3 of 3 documents \(100%\), [\d,]+ words/s, ETA 0s", progress[-1])
    for stage, table in (("ingest", "documents"), ("sentences", "sentences"), ("entities", "entities"),
                         ("quantities", "quantities"), ("attributions", "attributions")):
        assert re.search(rf"^{stage}: .* -> {re.escape(str(out / table))}\.parquet$", result.stdout, re.M), stage
    assert (f"-> {out / 'claims.parquet'}, {out / 'entity_report.parquet'}, {out / 'statement_groups.parquet'}, "
            f"{out / 'figure_conflicts.parquet'}, {out / 'report.html'}") in result.stdout
