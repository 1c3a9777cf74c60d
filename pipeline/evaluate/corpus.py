"""The annotated news corpus (tests/gold/news_corpus): loader, validator, agreement.

One article per `texts/NAME.txt` and its annotation in `annotations/NAME.json`:
``{"doc_id", "layers": [...], "attributions": [...], "entities": [...], "quantities": [...]}``,
records in the shape of the other gold sets (spans are ``{"start", "end", "text"}``
character offsets into the text file's contents). `splits.json` maps each name to
calibration / train / dev / heldout. Raw annotations of each annotator stay in
`raw/ANNOTATOR/NAME.json` so the agreement figures can be recomputed.

    python -m pipeline.evaluate.corpus check FILE.json...          # validate, repair offsets
    python -m pipeline.evaluate.corpus agree RAW_A RAW_B           # agreement of two annotators
    python -m pipeline.evaluate.corpus export SPLIT OUTDIR         # texts + gold JSONL of a split
    python -m pipeline.evaluate.corpus build                       # raw/ -> annotations/
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

from .common import match_largest_overlap, prf

CORPUS = Path(__file__).resolve().parents[2] / "tests" / "gold" / "news_corpus"
LAYERS = ("attributions", "entities", "quantities")
CUE_TYPES = {"verb", "according_to", "reported_by", "quote", "other"}
SOURCE_TYPES = {"person", "organization", "outlet", "anonymous", "document", "country", "unknown"}
ENTITY_TYPES = {"country": {"name", "alias", "demonym", "metonym"},
                "person": {"name", "partial", "alias"},
                "outlet": {"name", "alias"},
                "organization": {"name", "alias", "generic"}}
QUANTITY_KINDS = {"money", "percent", "duration", "age", "measure", "count", "other"}


# ---------------------------------------------------------------- loading

def read_splits(root: Path = CORPUS) -> dict[str, str]:
    return json.loads((root / "splits.json").read_text(encoding="utf-8"))


def read_text(name: str, root: Path = CORPUS) -> str:
    return (root / "texts" / f"{name}.txt").read_text(encoding="utf-8")


def load_split(split: str, layer: str, root: Path = CORPUS) -> tuple[dict[str, str], list[dict]]:
    """({doc_id: text}, gold records with doc_id) of the adjudicated articles of `split`
    ("train" includes the calibration articles) that carry `layer`."""
    wanted = {"train": {"train", "calibration"}}.get(split, {split})
    texts, records = {}, []
    for name, where in read_splits(root).items():
        path = root / "annotations" / f"{name}.json"
        if where not in wanted or not path.exists():
            continue
        doc = json.loads(path.read_text(encoding="utf-8"))
        if layer not in doc.get("layers", []):
            continue
        texts[name] = read_text(name, root)
        records += [{"doc_id": name, **r} for r in doc.get(layer, [])]
    return texts, records


def export_split(split: str, out: Path, root: Path = CORPUS) -> dict[str, int]:
    """Write OUT/docs/NAME.txt and OUT/LAYER.jsonl for a split (the input of `evaluate`)."""
    counts = {}
    (out / "docs").mkdir(parents=True, exist_ok=True)
    for layer in LAYERS:
        texts, records = load_split(split, layer, root)
        for name, text in texts.items():
            (out / "docs" / f"{name}.txt").write_text(text, encoding="utf-8")
        with open(out / f"{layer}.jsonl", "w", encoding="utf-8") as handle:
            for r in records:
                handle.write(json.dumps(r, ensure_ascii=False) + "\n")
        counts[layer] = len(records)
        counts[f"{layer}_docs"] = len(texts)
    return counts


# ---------------------------------------------------------------- validation

def _repair(span: dict, text: str, where: str, problems: list[str]) -> dict | None:
    """The span with offsets that match its text: kept if right, else the occurrence nearest
    the given start (annotators give the text and an approximate start)."""
    if span is None:
        return None
    s = span.get("text", "")
    if not s or s != s.strip():
        problems.append(f"{where}: empty span or span with outer white space {s!r}")
    start = span.get("start")
    if isinstance(start, int) and text[start:start + len(s)] == s:
        return {"start": start, "end": start + len(s), "text": s}
    hits, at = [], text.find(s)
    while at >= 0 and s:
        hits.append(at)
        at = text.find(s, at + 1)
    if not hits:
        problems.append(f"{where}: text {s!r} not found in the article")
        return span
    if len(hits) > 1 and not isinstance(start, int):
        problems.append(f"{where}: {s!r} occurs {len(hits)} times, give its start")
        return span
    best = min(hits, key=lambda h: abs(h - start)) if isinstance(start, int) else hits[0]
    return {"start": best, "end": best + len(s), "text": s}


def validate(doc: dict, text: str) -> tuple[dict, list[str]]:
    """(the document with repaired offsets, problems). Problems are errors to fix;
    lines starting with 'note:' are listed for the annotator to confirm."""
    problems: list[str] = []
    name = doc.get("doc_id", "?")
    for layer in doc.get("layers", []):
        if layer not in LAYERS:
            problems.append(f"{name}: unknown layer {layer!r}")
    fixed = dict(doc)
    atts = []
    for i, a in enumerate(doc.get("attributions", [])):
        where = f"{name} attribution {i} ({a.get('cue', {}).get('text')!r})"
        a = dict(a)
        for key in ("cue", "source", "content"):
            a[key] = _repair(a.get(key), text, f"{where} {key}", problems)
        if a.get("cue") is None:
            problems.append(f"{where}: no cue")
        if a.get("cue_type") not in CUE_TYPES:
            problems.append(f"{where}: cue_type {a.get('cue_type')!r} not in {sorted(CUE_TYPES)}")
        if a.get("source_type") not in SOURCE_TYPES:
            problems.append(f"{where}: source_type {a.get('source_type')!r} not in {sorted(SOURCE_TYPES)}")
        resolved = a.get("source_resolved")
        if resolved and resolved not in text:
            problems.append(f"{where}: source_resolved {resolved!r} is not written in the article")
        if a.get("source") is None and a.get("source_type") not in ("unknown",) and not resolved:
            problems.append(f"{where}: no source span and nothing resolved, but source_type "
                            f"{a.get('source_type')!r} (use unknown, or resolve)")
        if a.get("status", "core") not in ("core", "borderline"):
            problems.append(f"{where}: status must be core or borderline")
        if a.get("content") is None:
            problems.append(f"note: {where}: content empty")
        atts.append(a)
    fixed["attributions"] = atts
    ents = []
    for i, e in enumerate(doc.get("entities", [])):
        where = f"{name} entity {i} ({e.get('text')!r})"
        span = _repair(e, text, where, problems)
        e = {**e, **(span or {})}
        forms = ENTITY_TYPES.get(e.get("type"))
        if forms is None:
            problems.append(f"{where}: type {e.get('type')!r} not in {sorted(ENTITY_TYPES)}")
        elif e.get("form") not in forms:
            problems.append(f"{where}: form {e.get('form')!r} not in {sorted(forms)}")
        canonical = e.get("canonical")
        if e.get("type") == "country" and not (isinstance(canonical, str) and len(canonical) == 2
                                                and canonical.isupper()):
            problems.append(f"{where}: a country's canonical is its ISO alpha-2 code")
        if e.get("type") == "person" and canonical and canonical not in text:
            problems.append(f"{where}: person canonical {canonical!r} is not written in the article")
        ents.append(e)
    fixed["entities"] = ents
    persons = {e.get("canonical") for e in ents if e.get("type") == "person"}
    if "entities" in doc.get("layers", []):
        for a in atts:
            if a.get("source_type") == "person" and a.get("source_resolved") and \
                    a["source_resolved"] not in persons and " e " not in a["source_resolved"] \
                    and any(w[:1].isupper() for w in a["source_resolved"].split()):
                problems.append(f"note: {name}: resolved source {a['source_resolved']!r} is no person's "
                                f"canonical name in the entity layer")
    qs = []
    for i, q in enumerate(doc.get("quantities", [])):
        where = f"{name} quantity {i} ({q.get('text')!r})"
        span = _repair(q, text, where, problems)
        q = {**q, **(span or {})}
        if q.get("kind") not in QUANTITY_KINDS:
            problems.append(f"{where}: kind {q.get('kind')!r} not in {sorted(QUANTITY_KINDS)}")
        if not isinstance(q.get("value"), (int, float)):
            problems.append(f"{where}: value must be a number")
        qs.append(q)
    fixed["quantities"] = qs
    return fixed, problems


def check_files(paths: list[str], root: Path = CORPUS) -> int:
    """Validate annotation files in place (offsets repaired); print problems; return their count."""
    errors = 0
    for p in paths:
        path = Path(p)
        doc = json.loads(path.read_text(encoding="utf-8"))
        doc.setdefault("doc_id", path.stem)
        fixed, problems = validate(doc, read_text(doc["doc_id"], root))
        path.write_text(json.dumps(fixed, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        for line in problems:
            print(line)
        errors += sum(not line.startswith("note:") for line in problems)
        counts = ", ".join(f"{len(fixed.get(layer, []))} {layer}" for layer in fixed.get("layers", []))
        print(f"{path}: {counts}")
    print(f"{errors} problem(s)")
    return errors


# ---------------------------------------------------------------- agreement

def _cue(item: dict) -> tuple[str, int, int]:
    return item["doc_id"], item["cue"]["start"], item["cue"]["end"]


def _plain(item: dict) -> tuple[str, int, int]:
    return item["doc_id"], item["start"], item["end"]


def _norm(name) -> str:
    return " ".join(str(name or "").lower().split())


def _source_key(a: dict) -> str:
    if a.get("source_resolved"):
        return _norm(a["source_resolved"])
    if a.get("source"):
        return _norm(a["source"]["text"])
    return "-" + a.get("source_type", "unknown")


def agreement(raw_a: Path, raw_b: Path, root: Path = CORPUS) -> dict:
    """Attribution F1 (cue overlap) and source agreement; entity and quantity strict F1, between two
    annotators over the articles both annotated."""
    names = sorted({p.stem for p in raw_a.glob("*.json")} & {p.stem for p in raw_b.glob("*.json")})
    sides: dict[str, dict[str, list]] = {"a": {k: [] for k in LAYERS}, "b": {k: [] for k in LAYERS}}
    for side, folder in (("a", raw_a), ("b", raw_b)):
        for name in names:
            doc, _ = validate(json.loads((folder / f"{name}.json").read_text(encoding="utf-8")),
                              read_text(name, root))
            for layer in LAYERS:
                sides[side][layer] += [{"doc_id": name, **r} for r in doc.get(layer, [])]
    a, b = sides["a"], sides["b"]
    out: dict = {"articles": len(names)}
    pairs = match_largest_overlap(a["attributions"], b["attributions"], _cue, _cue)
    tp = len(pairs)
    out["attributions"] = {"a": len(a["attributions"]), "b": len(b["attributions"]), "matched": tp,
                           "f1": round(prf(tp, len(b["attributions"]) - tp, len(a["attributions"]) - tp)[2], 3),
                           "source_agreement": round(sum(_source_key(x) == _source_key(y) for x, y in pairs)
                                                     / tp, 3) if tp else None,
                           "cue_type_agreement": round(sum(x["cue_type"] == y["cue_type"] for x, y in pairs)
                                                       / tp, 3) if tp else None}
    core = [x for x in a["attributions"] if x.get("status", "core") == "core"]
    core_b = [y for y in b["attributions"] if y.get("status", "core") == "core"]
    tpc = len(match_largest_overlap(core, core_b, _cue, _cue))
    out["attributions"]["f1_core"] = round(prf(tpc, len(core_b) - tpc, len(core) - tpc)[2], 3)
    for layer, key in (("entities", "type"), ("quantities", "kind")):
        ga = {(r["doc_id"], r["start"], r["end"], r[key]) for r in a[layer]}
        gb = {(r["doc_id"], r["start"], r["end"], r[key]) for r in b[layer]}
        if ga or gb:
            tp = len(ga & gb)
            out[layer] = {"a": len(ga), "b": len(gb), "strict_f1": round(prf(tp, len(gb) - tp, len(ga) - tp)[2], 3)}
    return out


def disagreements(raw_a: Path, raw_b: Path, root: Path = CORPUS) -> list[str]:
    """One line per attribution found by one annotator only, or matched with another source."""
    lines = []
    names = sorted({p.stem for p in raw_a.glob("*.json")} & {p.stem for p in raw_b.glob("*.json")})
    for name in names:
        text = read_text(name, root)
        docs = [validate(json.loads((f / f"{name}.json").read_text(encoding="utf-8")), text)[0]
                for f in (raw_a, raw_b)]
        xa = [{"doc_id": name, **r} for r in docs[0]["attributions"]]
        xb = [{"doc_id": name, **r} for r in docs[1]["attributions"]]
        pairs = match_largest_overlap(xa, xb, _cue, _cue)
        seen_a, seen_b = {id(x) for x, _ in pairs}, {id(y) for _, y in pairs}
        for x in xa:
            if id(x) not in seen_a:
                lines.append(f"{name} only A: {x['cue']['text']!r} @{x['cue']['start']} src={_source_key(x)}")
        for y in xb:
            if id(y) not in seen_b:
                lines.append(f"{name} only B: {y['cue']['text']!r} @{y['cue']['start']} src={_source_key(y)}")
        for x, y in pairs:
            if _source_key(x) != _source_key(y):
                lines.append(f"{name} source: {x['cue']['text']!r} @{x['cue']['start']} "
                             f"A={_source_key(x)} B={_source_key(y)}")
    return lines


def build(root: Path = CORPUS) -> dict[str, list[str]]:
    """Write annotations/NAME.json for every article one annotator did (validated, offsets repaired);
    an article two annotators did keeps its adjudicated file (`"adjudicated": true`) or is listed
    as pending. Returns {"written": [...], "adjudicated": [...], "pending": [...], "problems": [...]}."""
    out: dict[str, list[str]] = {"written": [], "adjudicated": [], "pending": [], "problems": []}
    (root / "annotations").mkdir(exist_ok=True)
    for name in read_splits(root):
        raws = sorted(d for d in (root / "raw").iterdir() if (d / f"{name}.json").exists())
        target = root / "annotations" / f"{name}.json"
        if len(raws) >= 2:
            done = target.exists() and json.loads(target.read_text(encoding="utf-8")).get("adjudicated")
            out["adjudicated" if done else "pending"].append(name)
            continue
        if not raws:
            continue
        doc = json.loads((raws[0] / f"{name}.json").read_text(encoding="utf-8"))
        doc["doc_id"] = name
        fixed, problems = validate(doc, read_text(name, root))
        fixed["annotators"] = [raws[0].name]
        out["problems"] += [p for p in problems if not p.startswith("note:")]
        target.write_text(json.dumps(fixed, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        out["written"].append(name)
    return out


def main(argv: list[str]) -> int:
    if argv and argv[0] == "build":
        result = build()
        print({k: len(v) for k, v in result.items()}, *result["problems"], sep="\n")
        print("pending adjudication:", " ".join(result["pending"]))
        return 0
    if not argv or argv[0] not in ("check", "agree", "export"):
        print(__doc__)
        return 2
    if argv[0] == "check":
        return 1 if check_files(argv[1:]) else 0
    if argv[0] == "agree":
        print(json.dumps(agreement(Path(argv[1]), Path(argv[2])), indent=1))
        for line in disagreements(Path(argv[1]), Path(argv[2])):
            print(line)
        return 0
    print(json.dumps(export_split(argv[1], Path(argv[2]))))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
