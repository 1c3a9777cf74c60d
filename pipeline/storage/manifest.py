"""`OUT/manifest.json`: what marks a folder as the pipeline's, and what each run recorded there.

A folder is the pipeline's only when its manifest carries the pipeline's own
marker: `"format": FORMAT` and a random `folder_id` given when the folder was
claimed. Any other `manifest.json` (someone else's, or a file that happens to
have the name) makes the folder foreign: nothing is written into it without
`--force-out`, and `clean` removes nothing. The marker is also kept in
`work/owner.json`, so a manifest that is ours but damaged (truncated, garbled,
wrong shape) is reported in one line and rebuilt, never a crash.

`written` lists the top-level names the pipeline wrote: `clean` removes those
and nothing else.
"""
from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from .atomic import atomic_write_text

MANIFEST = "manifest.json"
OWNER_COPY = ("work", "owner.json")
FORMAT = "italian-news-pipeline/1"
# The shape of every field the pipeline reads back: anything else is dropped (and reported).
_FIELDS = {"format": str, "folder_id": str, "status": str, "started_at": str, "finished_at": str,
           "input": str, "csv": dict, "model": dict, "stages": dict, "written": list, "explorer": dict}

Echo = Callable[[str], None]


def _quiet(_message: str) -> None:
    pass


def manifest_path(out: str | Path) -> Path:
    return Path(out) / MANIFEST


def _owner_path(out: str | Path) -> Path:
    return Path(out).joinpath(*OWNER_COPY)


def _read_json(path: Path):
    """The parsed JSON of `path`; None when missing; ValueError when unreadable."""
    try:
        return json.loads(path.read_bytes().decode("utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError, RecursionError) as err:  # a folder, a device, nesting
        raise ValueError(str(err)) from None


def has_marker(data) -> bool:
    return (isinstance(data, dict) and data.get("format") == FORMAT
            and isinstance(data.get("folder_id"), str) and bool(data["folder_id"]))


def ownership(out: str | Path) -> str:
    """"ours", "none" (no manifest) or "foreign" (a manifest without our marker).

    A damaged manifest is ours when `work/owner.json` carries the marker (it was ours
    before the damage); a readable one only when it carries the marker itself.
    """
    path = manifest_path(out)
    if not path.exists() and not path.is_symlink():
        return "none"
    try:
        data = _read_json(path) if not path.is_symlink() else "a link"
    except ValueError:
        data = None
    if has_marker(data):
        return "ours"
    if not isinstance(data, dict) or not {"format", "folder_id"} & set(data):
        try:  # damaged (or of the wrong shape): ours only if the copy of the marker says so
            return "ours" if has_marker(_read_json(_owner_path(out))) else "foreign"
        except ValueError:
            return "foreign"
    return "foreign"


def _normalised(data, path: Path, echo: Echo) -> dict:
    if not isinstance(data, dict):
        echo(f"warning: {path} was damaged (not a JSON object); writing a new one")
        return {}
    bad = sorted(k for k, kind in _FIELDS.items() if k in data and not isinstance(data[k], kind))
    stages = data.get("stages")
    if isinstance(stages, dict) and not all(isinstance(v, dict) for v in stages.values()):
        bad.append("stages")
    written = data.get("written")
    if isinstance(written, list) and not all(isinstance(v, str) for v in written):
        bad.append("written")
    if bad:
        echo(f"warning: {path} had malformed entries ({', '.join(sorted(set(bad)))}); rebuilt without them")
    return {k: v for k, v in data.items() if k not in bad}


def load_manifest(out: str | Path, echo: Echo = _quiet) -> dict:
    """The manifest as a dict of the expected shape: a damaged file or field is reported
    (through `echo`) and left out, so a caller never meets a list where a dict should be."""
    path = manifest_path(out)
    try:
        data = _read_json(path)
    except ValueError:
        echo(f"warning: {path} was damaged; writing a new one")
        return {}
    return {} if data is None else _normalised(data, path, echo)


def save_manifest(out: str | Path, manifest: dict) -> None:

    atomic_write_text(manifest_path(out), json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")


@dataclass
class Manifest:
    """One output folder's manifest as the pipeline reads and changes it: read shape-checked
    (`load_manifest`: a damaged field is reported and dropped), changed in memory, written
    back whole and atomically by `save`. Every reader and writer of the manifest goes
    through this class; the dict is `data`."""

    out: Path
    data: dict

    @classmethod
    def read(cls, out: str | Path, echo: Echo = _quiet) -> Manifest:
        return cls(Path(out), load_manifest(out, echo))

    def save(self) -> Manifest:
        save_manifest(self.out, self.data)
        return self

    def update(self, changes: dict) -> Manifest:
        self.data.update(changes)
        return self

    def stage(self, name: str) -> dict:
        """What the last run of a stage recorded (rows, seconds, its details), {} if none."""
        return self.data.get("stages", {}).get(name, {})

    def record_stage(self, name: str, record: dict, writes) -> Manifest:
        """A stage's record, and the top-level names it writes (which `clean` may remove)."""
        self.data.setdefault("stages", {})[name] = record
        return self.add_written(writes)

    def add_written(self, names) -> Manifest:
        self.data["written"] = sorted(set(self.written) | set(names))
        return self

    @property
    def written(self) -> list[str]:
        return self.data.get("written", [])

    @property
    def status(self) -> str | None:
        return self.data.get("status")

    @property
    def csv(self) -> dict:
        """The CSV style recorded by the last run ({} when none)."""
        return self.data.get("csv", {})

    @property
    def explorer(self) -> dict:
        """report.html's title and language kept for reruns ({} when none)."""
        return self.data.get("explorer", {})


def update_manifest(out: str | Path, changes: dict, echo: Echo = _quiet) -> dict:
    return Manifest.read(out, echo).update(changes).save().data


def claim(out: str | Path, echo: Echo = _quiet) -> Manifest:
    """Mark `out` as the pipeline's (call under the output lock, after the folder check):
    keep its folder id (from the manifest, else the copy in work/), or draw a new one."""
    manifest = Manifest.read(out, echo)
    if not has_marker(manifest.data):
        try:
            copy = _read_json(_owner_path(out))
        except ValueError:
            copy = None
        folder_id = copy["folder_id"] if has_marker(copy) else secrets.token_hex(16)
        manifest.update({"format": FORMAT, "folder_id": folder_id}).add_written([MANIFEST, "work"]).save()
    owner = {"format": FORMAT, "folder_id": manifest.data["folder_id"]}
    try:
        current = _read_json(_owner_path(out))
    except ValueError:
        current = None
    if current != owner:
        atomic_write_text(_owner_path(out), json.dumps(owner) + "\n")
    return manifest


def record_written(out: str | Path, names, echo: Echo = _quiet) -> None:
    """Add top-level `names` to what `clean` may remove."""
    manifest = Manifest.read(out, echo)
    before = list(manifest.written)
    if manifest.add_written(names).written != before:
        manifest.save()


def record_if_ours(path: str | Path) -> None:
    """`path` (a predictions file, the bench folder) was written by the pipeline: when its
    folder is a pipeline output folder, `clean` may remove it."""
    path = Path(path)
    if ownership(path.parent) == "ours":
        record_written(path.parent, [path.name])
