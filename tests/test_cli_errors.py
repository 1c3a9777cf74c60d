"""Every user error is one line on stderr and exit status 2, never a traceback (issue 15, CLI)."""
from pathlib import Path

import pytest
from conftest import BUNDLED
from typer.testing import CliRunner

import pipeline
from pipeline.cli.commands import app

runner = CliRunner()


def _fails_in_one_line(args: list[str], message: str, exact: bool = True) -> None:
    """Exit 2, nothing on stdout, one line on stderr: `message` (or a line starting with it)."""
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    line = f"error: {message}"
    assert result.stderr == f"{line}\n" if exact else (
        result.stderr.startswith(line) and result.stderr.count("\n") == 1), result.stderr
    assert "Traceback" not in result.output


@pytest.fixture
def article(tmp_path) -> Path:
    path = tmp_path / "in" / "roma.txt"
    path.parent.mkdir()
    path.write_text("Il sindaco di Roma ha detto che i cantieri chiuderanno entro 30 giorni.", encoding="utf-8")
    return path


# The wording after the option name is typer's (it changes across versions).
@pytest.mark.parametrize("command, option, value", [
    ("run", "--n-process", "0"), ("run", "--batch-size", "-5"), ("sentences", "--n-process", "-1"),
    ("ingest", "--csv-dialect", "lotus"),
])
def test_bad_option_values(tmp_path, command, option, value):
    _fails_in_one_line([command, "-o", str(tmp_path / "o"), option, value],
                       f"Invalid value for '{option}': ", exact=False)
    assert not (tmp_path / "o").exists()


def test_missing_model_directory_fails_before_writing(tmp_path, article):
    out = tmp_path / "o"
    _fails_in_one_line(["run", "-i", str(article), "-o", str(out), "--model", "./nope"],
                       "model directory not found: ./nope")
    assert not out.exists()


def test_missing_input(tmp_path):
    _fails_in_one_line(["ingest", "-i", str(tmp_path / "manca"), "-o", str(tmp_path / "o")],
                       f"input path not found: {tmp_path / 'manca'}")


def test_output_folder_under_a_file_is_not_writable(tmp_path, article):
    out = article / "sub"
    _fails_in_one_line(["ingest", "-i", str(article), "-o", str(out)],
                       f"output folder not writable: {out} (Not a directory)")


def test_permission_denied_while_writing_is_one_line(tmp_path, article, monkeypatch):
    # root ignores file modes, so the writer's PermissionError is simulated
    def denied(*args, **kwargs):
        raise PermissionError(13, "Permission denied", str(tmp_path / "o" / "documents.csv"))

    monkeypatch.setattr("pipeline.stages.ingest.run_ingest", denied)
    _fails_in_one_line(["ingest", "-i", str(article), "-o", str(tmp_path / "o")],
                       f"Permission denied: {tmp_path / 'o' / 'documents.csv'}")


def test_verbose_adds_the_traceback(tmp_path):
    result = runner.invoke(app, ["ingest", "-v", "-i", str(tmp_path / "manca"), "-o", str(tmp_path / "o")])
    assert result.exit_code == 2
    assert result.stderr.startswith("Traceback (most recent call last):")
    assert result.stderr.endswith(f"error: input path not found: {tmp_path / 'manca'}\n")


def test_unknown_command(tmp_path):
    _fails_in_one_line(["analizza"], "No such command 'analizza'. (see --help)")


def test_version_prints_package_and_model():
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout == (f"italian-news {pipeline.__version__}\n"
                             f"model: it_news_sm 0.2.1, licence CC BY-NC-SA 4.0 ({BUNDLED})\n")


@pytest.mark.parametrize("args", [["run", "-q"], ["-q", "run"], ["run", "--quiet"]])
def test_global_flags_before_or_after_the_command(tmp_path, article, args):
    result = runner.invoke(app, [*args, "-i", str(article), "-o", str(tmp_path / "o"),
                                 "-m", BUNDLED])
    assert result.exit_code == 0, result.output
    assert result.output == ""
    assert (tmp_path / "o" / "entity_report.csv").exists()


def test_run_prints_where_the_outputs_are_and_the_model_licence(tmp_path, article):
    out = tmp_path / "o"
    result = runner.invoke(app, ["run", "-i", str(article), "-o", str(out), "-m", BUNDLED])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-3:] == [
        f"tables: {out}/*.parquet (typed) and {out}/*.csv (standard dialect, formulas neutralised)",
        f"report: {out / 'report.html'}",
        f"model: it_news_sm 0.2.1, licence CC BY-NC-SA 4.0 ({BUNDLED})",
    ]



def test_ctrl_c_is_one_line_and_exit_130(tmp_path, article, monkeypatch):
    """Whatever typer does with KeyboardInterrupt (silent 130, "Aborted!"), the user sees one line."""
    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(pipeline.api, "ingest", interrupted)
    result = runner.invoke(app, ["ingest", "-i", str(article), "-o", str(tmp_path / "o")])
    assert result.exit_code == 130, result.output
    assert result.stdout == ""
    assert result.stderr.startswith("error: interrupted") and result.stderr.count("\n") == 1, result.stderr

