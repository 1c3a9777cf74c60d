"""The user's own alias and ignore lists (`--aliases FILE`, `--ignore FILE`).

aliases: TSV with header `name<TAB>canonical_name<TAB>type`: a mention written
`name`, or linked to the canonical name `name`, becomes `canonical_name` of
`type` (person, organization, outlet, country, location, other; for a country
the canonical name may be its Italian name or its ISO code).
ignore: TSV with header `name`: mentions written so, or linked to that
canonical name, are never reported. Names compare case-insensitively, spaces
folded. Both are applied to the rows of the entities stage and again in the
entity report; their content is part of the cache keys (`fingerprint`).
"""
from __future__ import annotations

import csv
import hashlib
from dataclasses import dataclass
from pathlib import Path

from ...gazetteers import load_gazetteer, slug

USER_TYPES = ("person", "organization", "outlet", "country", "location", "other")
_LABELS = {"person": "PER", "organization": "ORG", "outlet": "ORG", "country": "LOC", "location": "LOC",
           "other": "MISC"}


class UserListError(ValueError):
    """A malformed user list (the CLI reports it as a user error)."""


@dataclass(frozen=True)
class UserLists:
    aliases: tuple[tuple[str, str, str], ...] = ()  # (key, canonical name, type)
    ignore: frozenset = frozenset()

    def fingerprint(self) -> str:
        if not self.aliases and not self.ignore:
            return ""
        text = repr((sorted(self.aliases), sorted(self.ignore)))
        return hashlib.sha256(text.encode()).hexdigest()

    def alias_map(self) -> dict[str, tuple[str, str]]:
        return {key: (name, kind) for key, name, kind in self.aliases}


def _key(text: str | None) -> str:
    return " ".join((text or "").lower().split())


def _rows(path: Path, columns: tuple[str, ...]) -> list[dict]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        missing = [c for c in columns if c not in (reader.fieldnames or [])]
        if missing:
            raise UserListError(f"{path}: missing column(s) {', '.join(missing)} (a header row is required)")
        return [{c: (row.get(c) or "").strip() for c in columns} for row in reader]


def load_user_lists(aliases: str | Path | None = None, ignore: str | Path | None = None) -> UserLists:
    """Read the two files (either may be None)."""
    entries = []
    for n, row in enumerate(_rows(Path(aliases), ("name", "canonical_name", "type")) if aliases else [], 2):
        if not row["name"] or not row["canonical_name"]:
            continue
        if row["type"] not in USER_TYPES:
            raise UserListError(f"{aliases}, line {n}: type {row['type']!r} is not one of {', '.join(USER_TYPES)}")
        entries.append((_key(row["name"]), row["canonical_name"], row["type"]))
    names = frozenset(_key(r["name"]) for r in (_rows(Path(ignore), ("name",)) if ignore else []) if r["name"])
    return UserLists(tuple(entries), names)


def _country_code(name: str) -> str:
    by_name = {_key(v): k for k, v in load_gazetteer().country_names.items()}
    return by_name.get(_key(name), name.upper() if len(name) == 2 else f"country:{slug(name)}")


def _canonical_id(name: str, kind: str) -> str:
    return _country_code(name) if kind == "country" else f"{kind}:{slug(name)}"


def _user_row(row: dict, aliases: dict[str, tuple[str, str]], ignore: frozenset) -> dict | None:
    """One entity row under the lists: None when ignored, a new dict when aliased."""
    text, canonical = _key(row.get("text")), _key(row.get("canonical_name"))
    if text in ignore or canonical in ignore:
        return None
    hit = aliases.get(text) or aliases.get(canonical)
    if not hit:
        return row
    name, kind = hit
    return {**row, "canonical_name": name, "type": kind, "canonical_id": _canonical_id(name, kind),
            "label": _LABELS[kind], "form": "name" if text == _key(name) else "alias"}


def iter_user_rows(rows, lists: UserLists | None):
    """Entity rows (any iterable) with the user's aliases applied and ignored names left out."""
    if lists is None or (not lists.aliases and not lists.ignore):
        yield from rows
        return
    aliases = lists.alias_map()
    for row in rows:
        row = _user_row(row, aliases, lists.ignore)
        if row is not None:
            yield row


def apply_user_lists(rows: list[dict], lists: UserLists | None) -> list[dict]:
    return list(iter_user_rows(rows, lists))
