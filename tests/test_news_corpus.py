"""The annotated news corpus: its files validate, its splits hold, and the tools say exact things."""
from __future__ import annotations

import json
from pathlib import Path

from pipeline.evaluate.corpus import CORPUS, agreement, load_split, read_splits, validate

TEXT = "Roma\nIl ministro Carlo Neri ha detto che circa 30 paesi aderiranno. Neri ha aggiunto che la Francia è d'accordo."


def test_splits_and_sizes():
    splits = read_splits()
    counts = {s: sum(v == s for v in splits.values()) for s in ("calibration", "train", "dev", "heldout")}
    assert counts == {"calibration": 10, "train": 200, "dev": 50, "heldout": 70}
    assert all(name.startswith("wt") for name in splits)  # KIND WN_train articles, never WN_dev
    assert all((CORPUS / "texts" / f"{name}.txt").exists() for name in splits)


def test_every_annotation_validates():
    for path in sorted((CORPUS / "annotations").glob("*.json")):
        doc = json.loads(path.read_text(encoding="utf-8"))
        text = (CORPUS / "texts" / f"{path.stem}.txt").read_text(encoding="utf-8")
        fixed, problems = validate(doc, text)
        assert [p for p in problems if not p.startswith("note:")] == [], path.name
        assert fixed == doc, f"{path.name}: offsets not repaired in the stored file"


def test_loader_adds_doc_ids_and_calibration_to_train():
    texts, gold = load_split("train", "attributions")
    assert {"wt00405", "wt10393"} <= set(texts)  # calibration articles train the model
    assert all(g["doc_id"] in texts for g in gold)
    assert all(texts[g["doc_id"]][g["cue"]["start"]:g["cue"]["end"]] == g["cue"]["text"] for g in gold)


def test_validate_repairs_offsets_and_flags_problems():
    doc = {"doc_id": "x", "layers": ["attributions", "quantities"],
           "attributions": [{"cue": {"text": "ha detto", "start": 20}, "cue_type": "verb",
                             "source": {"text": "Carlo Neri"}, "source_resolved": "Carlo Neri",
                             "source_type": "person", "content": None},
                            {"cue": {"text": "ha aggiunto", "start": 80}, "cue_type": "said",
                             "source": {"text": "Neri", "start": 70}, "source_resolved": "Mario Neri",
                             "source_type": "person", "content": {"text": "la Francia è d'accordo", "start": 94}}],
           "quantities": [{"text": "circa 30 paesi", "start": 0, "value": "30", "kind": "count"}]}
    fixed, problems = validate(doc, TEXT)
    cue = fixed["attributions"][0]["cue"]
    assert cue == {"start": 28, "end": 36, "text": "ha detto"}
    assert fixed["attributions"][0]["source"] == {"start": 17, "end": 27, "text": "Carlo Neri"}
    assert fixed["attributions"][1]["source"]["start"] == 68  # the nearest "Neri" to 70
    assert problems == [
        "note: x attribution 0 ('ha detto'): content empty",
        "x attribution 1 ('ha aggiunto'): cue_type 'said' not in ['according_to', 'other', 'quote', "
        "'reported_by', 'verb']",
        "x attribution 1 ('ha aggiunto'): source_resolved 'Mario Neri' is not written in the article",
        "x quantity 0 ('circa 30 paesi'): value must be a number",
    ]


def _write(folder: Path, name: str, atts: list[dict]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.json").write_text(json.dumps({"doc_id": name, "layers": ["attributions"],
                                                     "attributions": atts}))


def test_agreement_between_two_annotators(tmp_path):
    root = tmp_path / "corpus"
    (root / "texts").mkdir(parents=True)
    (root / "texts" / "d1.txt").write_text(TEXT, encoding="utf-8")
    said = {"cue": {"text": "ha detto", "start": 28}, "cue_type": "verb", "source": {"text": "Carlo Neri", "start": 17},
            "source_resolved": "Carlo Neri", "source_type": "person", "content": None}
    added = {"cue": {"text": "ha aggiunto", "start": 73}, "cue_type": "verb", "source": {"text": "Neri", "start": 68},
             "source_resolved": "Carlo Neri", "source_type": "person", "content": None}
    _write(tmp_path / "a", "d1", [said, added])
    _write(tmp_path / "b", "d1", [said, {**added, "source_resolved": "Neri"}])
    result = agreement(tmp_path / "a", tmp_path / "b", root)
    assert result["articles"] == 1
    assert result["attributions"] == {"a": 2, "b": 2, "matched": 2, "f1": 1.0, "source_agreement": 0.5,
                                      "cue_type_agreement": 1.0, "f1_core": 1.0}
    _write(tmp_path / "b", "d1", [said])
    assert agreement(tmp_path / "a", tmp_path / "b", root)["attributions"]["f1"] == 0.667
