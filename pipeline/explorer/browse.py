"""`python -m pipeline browse`: Datasette over news.sqlite on the loopback address.

The metadata gives each table and view its description (`columns.tsv`), the
facets an analyst reaches for first, and full-text search on sentences.
Requests must name the server as 127.0.0.1 or localhost in their `Host`
header: a web page on another site that rebinds its own name to 127.0.0.1
(DNS rebinding) gets a 400 and never the data.
"""
from __future__ import annotations

import csv
import json
import socket
import tempfile
from importlib import resources
from pathlib import Path

from ..hints import command
from ..storage.catalog import Catalog

HOST = "127.0.0.1"  # never another interface: the data stays on this machine
FACETS = {
    "documents": ["status"],
    "entities": ["type", "form", "method"],
    "quantities": ["kind", "unit_lemma"],
    "attributions": ["source_type", "cue_type", "resolution"],
    "claims": ["source_type", "cue_type", "kind"],
    "entity_report": ["type", "linked_by"],
    "who_said_what": ["source_type", "cue_type"],
    "entity_mentions": ["type"],
    "figures_by_source": ["source_type", "kind"],
    "statement_groups": ["source_name", "outlet", "n_documents"],
    "figure_conflicts": ["unit_lemma", "kind", "source_a", "source_b"],
    "statement_repeats": ["source", "n_outlets", "n_documents"],
    "conflicting_figures": ["unit_lemma", "kind", "shared"],
}


class PortInUse(Exception):
    pass


def metadata() -> dict:
    """Datasette metadata: descriptions, column descriptions, facets, FTS on sentences."""
    tables: dict[str, dict] = {name: {"facets": list(facets)} for name, facets in FACETS.items()}
    text = resources.files(__package__).joinpath("columns.tsv").read_text(encoding="utf-8")
    for row in csv.DictReader(text.splitlines(), delimiter="\t"):
        entry = tables.setdefault(row["table"], {})
        if row["column"]:
            entry.setdefault("columns", {})[row["column"]] = row["description"]
        else:
            entry["description"] = row["description"]
    tables["sentences"].update(fts_table="sentences_fts", fts_pk="rowid")
    return {"title": "Italian news", "description": "Tables of the Italian news pipeline: who said what, "
            "entities, figures; search sentences on the sentences table.",
            "databases": {"news": {"tables": tables}}}


def _check_port(port: int) -> None:
    with socket.socket() as sock:
        try:
            sock.bind((HOST, port))
        except OSError:
            raise PortInUse(f"port {port} on {HOST} is in use: pick another with --port") from None


def serve(out: str | Path, port: int = 8001, announce=lambda message: None) -> None:
    """Serve OUT/news.sqlite with Datasette until interrupted."""
    from datasette.cli import cli

    database = Catalog(Path(out)).database
    if not database.exists():
        raise FileNotFoundError(f"{database} does not exist: run {command(f'report --out {out}', 'make report')} first")
    _check_port(port)
    announce(f"serving {database} on http://{HOST}:{port}/news (Ctrl-C stops)")
    with tempfile.TemporaryDirectory() as tmp:
        meta = Path(tmp) / "metadata.json"
        meta.write_text(json.dumps(metadata(), ensure_ascii=False), encoding="utf-8")
        from datasette.plugins import pm

        from . import host_guard

        host_guard.PORT[0] = port
        name = pm.register(host_guard, name="italian-news-host-guard")
        try:  # in this process, so stopping `browse` stops the server with it
            cli.main(args=["serve", "-i", str(database), "--host", HOST, "--port", str(port),
                           "--metadata", str(meta)], prog_name="datasette", standalone_mode=False)
        finally:
            pm.unregister(name=name)
