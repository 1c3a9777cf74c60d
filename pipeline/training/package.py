"""Copy a trained spaCy pipeline into `models/it_news_sm` with its metadata."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

MODEL_NAME = "it_news_sm"
MODEL_VERSION = "0.1.0"
LICENSE = "CC BY-NC 4.0"
SOURCES = [
    {"name": "KIND (Kessler Italian Named-entities Dataset), EVALITA 2023 NERMuD split",
     "url": "https://github.com/dhfbk/KIND", "license": "CC BY-NC 4.0 (annotations); Wikinews texts CC BY 2.5",
     "author": "Paccosi and Palmero Aprosio, LREC 2022"},
    {"name": "UD_Italian-ParTUT", "url": "https://github.com/UniversalDependencies/UD_Italian-ParTUT",
     "license": "CC BY-NC-SA 4.0"},
    {"name": "UD_Italian-VIT", "url": "https://github.com/UniversalDependencies/UD_Italian-VIT",
     "license": "CC BY-NC-SA 3.0"},
]


def package_model(trained: str | Path, dest: str | Path, metrics: dict | None = None,
                  training: dict | None = None) -> Path:
    """Copy `trained` to `dest` and write name, version, sources, licence and metrics."""
    trained, dest = Path(trained), Path(dest)
    if dest.exists():
        shutil.rmtree(dest)
    shutil.copytree(trained, dest)
    meta_path = dest / "meta.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    meta.update({
        "lang": "it",
        "name": MODEL_NAME,
        "version": MODEL_VERSION,
        "description": "Italian news pipeline: tokenizer, senter, morphologizer (POS), "
                       "trainable lemmatizer, NER (PER/LOC/ORG). CPU-optimised CNN.",
        "license": LICENSE,
        "sources": SOURCES,
    })
    if metrics:
        meta["project_metrics"] = metrics
    if training:
        meta["project_training"] = training
    meta_path.write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return dest
