"""The CLI is the manual and calls the same functions as the API."""
from conftest import BUNDLED
from typer.testing import CliRunner

from pipeline.cli.commands import app
from pipeline.storage.tables import read_table

runner = CliRunner()


def test_help_lists_every_stage():
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for command in ("run", "ingest", "sentences", "entities", "quantities", "attributions", "report", "evaluate"):
        assert command in result.output


def test_missing_input_exits_2_with_one_line(tmp_path):
    result = runner.invoke(app, ["ingest", "--input", str(tmp_path / "nope"), "--out", str(tmp_path)])
    assert result.exit_code == 2
    assert result.output.strip() == f"error: input path not found: {tmp_path / 'nope'}"


def test_missing_model_exits_2_naming_the_install_command(tmp_path):
    (tmp_path / "a.txt").write_text("Una frase.", encoding="utf-8")
    runner.invoke(app, ["ingest", "--input", str(tmp_path / "a.txt"), "--out", str(tmp_path / "o")])
    result = runner.invoke(app, ["sentences", "--out", str(tmp_path / "o"), "--model", "it_core_news_md"])
    assert result.exit_code == 2
    assert "python -m spacy download it_core_news_md" in result.output


def test_stage_before_its_input_exists_is_a_clear_error(tmp_path):
    result = runner.invoke(app, ["entities", "--out", str(tmp_path)])
    assert result.exit_code == 2
    assert "does not exist" in result.output and "first" in result.output


def test_stages_rerun_alone(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "art.txt").write_text("Secondo la BBC, il governo francese ha deciso. Macron tace.", encoding="utf-8")
    out = tmp_path / "out"
    assert runner.invoke(app, ["ingest", "-i", str(src), "-o", str(out)]).exit_code == 0
    result = runner.invoke(app, ["sentences", "-o", str(out), "-m", BUNDLED])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("sentences: 2 rows from 1 documents (1 parsed, 0 from cache)")  # progress: stderr
    assert runner.invoke(app, ["entities", "-o", str(out)]).exit_code == 0
    ents = read_table(out, "entities")
    assert ("BBC", "outlet") in set(zip(ents["text"], ents["type"]))
    assert ("francese", "country") in set(zip(ents["text"], ents["type"]))
    again = runner.invoke(app, ["-q", "entities", "-o", str(out)])
    assert again.exit_code == 0 and again.output == ""
