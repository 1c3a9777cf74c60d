"""The CLI's options, defined once, and the bundles commands share (as sqlite-utils
shares option groups): a command declares `parallel: ParallelFlags` and gets one
filled value, while `--help` lists each option as usual (`bundled`).
"""
from __future__ import annotations

import copy
import dataclasses
import enum
import functools
import inspect
import typing
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Optional

import typer

from ..engine.partitions import TARGET_DOCS
from ..storage.catalog import DEFAULT_OUT
from ..storage.tables import CsvStyle, csv_style_of

OutOpt = typer.Option(DEFAULT_OUT, "--out", "-o", help="Folder of the output tables.")
NProcessOpt = typer.Option(1, "--n-process", min=1,
                           help="Local worker processes; each loads the model once and takes whole partitions.")
SchedulerOpt = typer.Option(None, "--scheduler", envvar="PIPELINE_SCHEDULER",
                            help="Run partitions on Dask: a scheduler address (tcp://host:8786), "
                                 "or local:N for a LocalCluster of N single-threaded workers.")
DaskSecurityOpt = typer.Option(None, "--dask-security", envvar="PIPELINE_DASK_SECURITY",
                               help="YAML file of the TLS credentials for a remote --scheduler (tls_ca_file, "
                                    "tls_client_cert, tls_client_key: paths or PEM text; require_encryption). "
                                    "Default: distributed's own configuration. local:N makes its own.")
StageForceOpt = typer.Option(False, "--force", help="Recompute the table for every partition, ignoring its cache "
                                                     "(the cached parses are still used).")
PartitionOpt = typer.Option(TARGET_DOCS, "--partition-docs", min=1,
                            help="Mean documents per partition (the unit of caching and of parallel work).")
ModelOpt = typer.Option(None, "--model", "-m", envvar="PIPELINE_MODEL",
                        help="spaCy model name or path (default: it_core_news_sm if installed, "
                             "else models/it_news_sm).")


class Language(str, enum.Enum):
    it = "it"
    en = "en"


TitleOpt = typer.Option(None, "--title", show_default=False,
                        help="Title of report.html. Default: the input folder's name (kept for later reruns).")
LangOpt = typer.Option(None, "--lang", case_sensitive=False, show_default=False,
                       help="Language of report.html's interface: it (the default) or en (kept for later reruns).")


class CsvDialect(str, enum.Enum):
    standard = "standard"
    excel = "excel"


DialectOpt = typer.Option(None, "--csv-dialect", case_sensitive=False,
                          help="CSV copies: standard (UTF-8, comma, decimal point) or excel (what "
                               "Italian Excel opens: UTF-8 with BOM, semicolon, decimal comma). "
                               "Default: as the last run in --out, else standard.")
RawOpt = typer.Option(None, "--csv-raw/--csv-safe",
                      help="--csv-safe (the default) writes a ' before text cells starting with "
                           "= + - @ tab or CR, so spreadsheets never run them as formulas; --csv-raw "
                           "writes them as they are. Parquet always holds the raw text. "
                           "Default: as the last run in --out.")
ForceOutOpt = typer.Option(False, "--force-out",
                           help="Write into a non-empty folder that is not a pipeline output folder "
                                "(never /, the home folder or the source tree).")


AliasesOpt = typer.Option(None, "--aliases", exists=True, dir_okay=False,
                          help="TSV of your own aliases: name, canonical_name, type (person, organization, "
                               "outlet, country, location, other); see the README.")
IgnoreOpt = typer.Option(None, "--ignore", exists=True, dir_okay=False,
                         help="TSV with a `name` column: names never reported as entities.")


BatchOpt = typer.Option(64, min=1, help="Documents per nlp.pipe batch.")


def _column_option(field: str, default: str):
    return typer.Option(default, f"--{field}-column",
                        help=f"Field of JSONL/CSV/Parquet records holding the {field}.")


InputOpt = typer.Option(None, "--input", "-i", show_default=False,
                        help="A file or folder (.txt .md .html .htm .jsonl .csv .parquet, walked recursively), "
                             "an http(s):// URL of a page, RSS/Atom feed or sitemap, a .txt file listing URLs, "
                             "or - for standard input (JSON Lines or plain text). Default: seeds, in a checkout.")
IdColumnOpt = _column_option("id", "id")
TextColumnOpt = _column_option("text", "text")
TitleColumnOpt = _column_option("title", "title")
DateColumnOpt = _column_option("date", "date")
UrlColumnOpt = _column_option("url", "url")
FailOnRejectOpt = typer.Option(False, "--fail-on-reject",
                               help="Exit with status 4 after writing `documents` when any document was "
                                    "rejected (no later stage runs).")


FollowLinksOpt = typer.Option(False, "--follow-links",
                              help="Follow links in the input that lead out of it (by default only links to "
                                   "files inside the input are read; /proc, /sys and /dev never are).")
DELIMITERS = {",": ",", ";": ";", "tab": "\t", "\\t": "\t", "\t": "\t"}
CsvDelimiterOpt = typer.Option(None, "--csv-delimiter", show_default=False,
                               help="Delimiter of input CSV files: ',' ';' or tab. Default: sniffed from "
                                    "each file's header (Italian Excel saves ';').")
TextTitleOpt = typer.Option(True, "--text-title/--no-text-title",
                            help="A .txt file's first line is its title when it looks like one (short, "
                                 "followed by more text, not ending like a sentence).")
MaxPagesOpt = typer.Option(1000, "--max-pages", min=1,
                           help="URL input: at most this many URLs fetched (pages, feeds and sitemaps).")
FetchTimeoutOpt = typer.Option(20.0, "--fetch-timeout", min=0.1, help="URL input: seconds per request.")
FetchDelayOpt = typer.Option(1.0, "--fetch-delay", min=0.0,
                             help="URL input: seconds between two requests to one host (robots.txt's "
                                  "Crawl-delay when longer).")
UserAgentOpt = typer.Option("", "--user-agent", show_default=False,
                            help="URL input: the User-Agent sent (default: italian-news-pipeline/VERSION).")


@dataclass(frozen=True)
class ParallelFlags:
    """Parallel work: where the partitions run."""
    n_process: int = NProcessOpt
    scheduler: Optional[str] = SchedulerOpt
    dask_security: Optional[str] = DaskSecurityOpt


@dataclass(frozen=True)
class ParseFlags:
    """Model: the parse of the documents."""
    model: Optional[str] = ModelOpt
    batch_size: int = BatchOpt
    partition_docs: int = PartitionOpt


@dataclass(frozen=True)
class OutputFlags:
    """Output: the CSV copies and the output folder check."""
    csv_dialect: Optional[CsvDialect] = DialectOpt
    csv_raw: Optional[bool] = RawOpt
    force_out: bool = ForceOutOpt

    def csv_style(self, out: Path) -> Optional[CsvStyle]:
        """The style the options ask for; None (keep the folder's) when neither is given."""
        if self.csv_dialect is None and self.csv_raw is None:
            return None
        base = csv_style_of(out)
        return CsvStyle(dialect=self.csv_dialect.value if self.csv_dialect else base.dialect,
                        neutralise_formulas=base.neutralise_formulas if self.csv_raw is None else not self.csv_raw)


@dataclass(frozen=True)
class ListFlags:
    """Your lists: aliases and names to ignore."""
    aliases: Optional[Path] = AliasesOpt
    ignore: Optional[Path] = IgnoreOpt


@dataclass(frozen=True)
class ReportFlags:
    """Report: how report.html looks."""
    title: Optional[str] = TitleOpt
    lang: Optional[Language] = LangOpt

    @property
    def language(self) -> Optional[str]:
        return self.lang.value if self.lang else None


@dataclass(frozen=True)
class IngestFlags:
    """Input: how the input is read."""
    id_column: str = IdColumnOpt
    text_column: str = TextColumnOpt
    title_column: str = TitleColumnOpt
    date_column: str = DateColumnOpt
    url_column: str = UrlColumnOpt
    fail_on_reject: bool = FailOnRejectOpt
    follow_links: bool = FollowLinksOpt
    csv_delimiter: Optional[str] = CsvDelimiterOpt
    text_title: bool = TextTitleOpt
    max_pages: int = MaxPagesOpt
    fetch_timeout: float = FetchTimeoutOpt
    fetch_delay: float = FetchDelayOpt
    user_agent: str = UserAgentOpt

    def options(self) -> dict:
        """The keyword arguments of `api.ingest` (ValueError: a delimiter it does not know)."""
        from ..inputs.fetch import FetchOptions

        delimiter = self.csv_delimiter
        if delimiter is not None and delimiter.lower() not in DELIMITERS:
            raise ValueError(f"--csv-delimiter {delimiter!r}: expected ',' ';' or tab")
        return {"id_column": self.id_column, "text_column": self.text_column, "title_column": self.title_column,
                "date_column": self.date_column, "url_column": self.url_column,
                "fail_on_reject": self.fail_on_reject, "follow_links": self.follow_links,
                "csv_delimiter": DELIMITERS[delimiter.lower()] if delimiter else None,
                "text_title": self.text_title,
                "fetch": FetchOptions(self.user_agent, self.fetch_timeout, self.max_pages, self.fetch_delay)}


def bundled(**bundles: type) -> Callable[[Callable], Callable]:
    """Give a command every option of each bundle: `@bundled(parallel=ParallelFlags)` on
    `def cmd(out, parallel)` makes typer see `--n-process`, `--scheduler` ... and the
    command receive `parallel=ParallelFlags(...)`. Options keep their order: the command's
    own first, then each bundle's."""
    def wrap(command: Callable) -> Callable:
        hints = typing.get_type_hints(command)
        own = [p.replace(annotation=hints.get(p.name, p.annotation))
               for p in inspect.signature(command).parameters.values() if p.name not in bundles]
        fields: dict[str, list[str]] = {}
        added = []
        for key, bundle in bundles.items():
            types = typing.get_type_hints(bundle)
            for f in dataclasses.fields(bundle):
                option = copy.copy(f.default)
                option.rich_help_panel = bundle.__doc__.split(":")[0].rstrip(".")  # --help groups them
                added.append(inspect.Parameter(f.name, inspect.Parameter.KEYWORD_ONLY, default=option,
                                               annotation=types[f.name]))
                fields.setdefault(key, []).append(f.name)

        @functools.wraps(command)
        def run(**values):
            for key, bundle in bundles.items():
                values[key] = bundle(**{name: values.pop(name) for name in fields[key]})
            return command(**values)

        del run.__wrapped__  # typer reads the signature below, not the command's
        run.__signature__ = inspect.Signature(own + added)
        run.__annotations__ = {p.name: p.annotation for p in own + added}
        return run
    return wrap
