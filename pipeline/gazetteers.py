"""Loaders for the curated data files in `pipeline/data/` (TSV, header row).

Country names come from CLDR through Babel (the maintained source of Italian
country names) plus `country_aliases.tsv`; everything else is curated here.
Set `PIPELINE_DATA_DIR` to use another folder of the same files.

Organisation names also come from KIND's list of Wikipedia organisations
(`kind/it-ORG-wikipedia.txt`, lines "ORG name"), read where it is, never
copied: in the shared data folder (`PIPELINE_SHARED_DATA`, default
`../shared/data` beside the repository, as the Makefile's DATA). Without it
only the curated `organizations.tsv` is used.
"""
from __future__ import annotations

import csv
import os
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from babel import Locale

DATA_DIR = Path(__file__).resolve().parent / "data"
DATA_DIR_VARIABLE = "PIPELINE_DATA_DIR"


def data_dir() -> Path:
    return Path(os.environ.get(DATA_DIR_VARIABLE, DATA_DIR))


def shared_data_dir() -> Path:
    return Path(os.environ.get("PIPELINE_SHARED_DATA", DATA_DIR.parent.parent.parent / "shared" / "data"))


def kind_organizations_file() -> Path | None:
    """KIND's Wikipedia organisation list, when the shared data folder has it."""
    path = shared_data_dir() / "kind" / "it-ORG-wikipedia.txt"
    return path if path.is_file() else None


def organization_names() -> frozenset:
    """Lower-case names of organisations: `organizations.tsv` plus KIND's Wikipedia list."""
    return _organization_names(str(data_dir()), str(kind_organizations_file() or ""))


@lru_cache(maxsize=2)
def _organization_names(directory: str, kind_file: str) -> frozenset:
    names = {n.lower() for n in read_column("organizations.tsv", "name", Path(directory))}
    if kind_file:
        with open(kind_file, encoding="utf-8") as handle:
            names.update(line[4:].strip().lower() for line in handle if line.startswith("ORG "))
    return frozenset(names)


def read_tsv(name: str, directory: Path | None = None) -> list[dict]:
    """Rows of a TSV data file as dicts, whitespace-trimmed."""
    path = (directory or data_dir()) / name
    with open(path, encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        return [{k: (v or "").strip() for k, v in row.items()} for row in reader]


def read_column(name: str, column: str, directory: Path | None = None) -> list[str]:
    return [row[column] for row in read_tsv(name, directory) if row[column]]


def slug(text: str) -> str:
    """A stable lowercase id fragment: "The New York Times" -> "the-new-york-times"."""
    out, dash = [], False
    for ch in text.lower():
        if ch.isalnum():
            out.append(ch)
            dash = False
        elif not dash and out:
            out.append("-")
            dash = True
    return "".join(out).strip("-")


@dataclass
class Outlet:
    outlet_id: str
    name: str
    aliases: list[str]
    country: str
    kind: str


@dataclass
class Gazetteer:
    """Everything the entities and attributions stages look up."""

    country_names: dict[str, str]  # ISO alpha-2 -> canonical Italian name
    country_aliases: dict[str, list[str]]  # ISO -> names and aliases (canonical first)
    demonyms: dict[str, list[str]]  # ISO -> inflected demonyms
    capitals: dict[str, list[tuple[str, str]]]  # ISO -> [(name, capital|seat)]
    outlets: list[Outlet]
    outlet_cues: dict[str, str]  # lowercase cue -> outlet kind
    outlet_anaphora: list[str] = field(default_factory=list)


# CLDR territories that are not countries in the ISO 3166-1 sense (regions,
# unions, pseudo-territories) are left out of the country names, and so are
# the dependent territories listed in `territories.tsv` ("Groenlandia",
# "Portorico"): the entities spec counts sovereign states only.
_NOT_COUNTRIES = {"EU", "EZ", "UN", "QO", "ZZ", "XA", "XB"}


def _cldr_country_names(dependent: set[str]) -> dict[str, str]:
    territories = Locale("it").territories
    return {code: name for code, name in territories.items()
            if len(code) == 2 and code.isalpha() and code not in _NOT_COUNTRIES and code not in dependent}


def load_gazetteer(directory: str | None = None) -> Gazetteer:
    """The gazetteer of `directory` (default: the data folder in force now), loaded once."""
    return _load_gazetteer(str(directory or data_dir()))


@lru_cache(maxsize=4)
def _load_gazetteer(directory: str) -> Gazetteer:
    folder = Path(directory)
    dependent = set(read_column("territories.tsv", "iso2", folder))
    names = _cldr_country_names(dependent)
    aliases: dict[str, list[str]] = {code: [name] for code, name in names.items()}
    for row in read_tsv("country_aliases.tsv", folder):
        if row["iso2"] in dependent:
            continue
        aliases.setdefault(row["iso2"], [names.get(row["iso2"], row["alias"])])
        if row["alias"] not in aliases[row["iso2"]]:
            aliases[row["iso2"]].append(row["alias"])
    demonyms: dict[str, list[str]] = {}
    for row in read_tsv("demonyms.tsv", folder):
        forms = [row[c] for c in ("masc_sg", "fem_sg", "masc_pl", "fem_pl") if row[c]]
        demonyms.setdefault(row["iso2"], []).extend(f for f in forms if f not in demonyms.get(row["iso2"], []))
    capitals: dict[str, list[tuple[str, str]]] = {}
    for row in read_tsv("capitals.tsv", folder):
        capitals.setdefault(row["iso2"], []).append((row["name"], row["kind"]))
    outlets = [
        Outlet(row["outlet_id"], row["canonical_name"],
               [a for a in row["aliases"].split("|") if a.strip()], row["country"], row["kind"])
        for row in read_tsv("outlets.tsv", folder)
    ]
    cues = {row["cue"].lower(): row["kind"] for row in read_tsv("outlet_cues.tsv", folder)}
    anaphora = read_column("anaphora_outlet.tsv", "phrase", folder)
    return Gazetteer(names, aliases, demonyms, capitals, outlets, cues, anaphora)
