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


def write_model_card(dest: str | Path) -> Path:
    """models/it_news_sm/README.md from meta.json: what it is, sources, licence, scores."""
    dest = Path(dest)
    meta = json.loads((dest / "meta.json").read_text(encoding="utf-8"))
    metrics = meta.get("project_metrics", {})
    training = meta.get("project_training", {})
    lines = [
        f"# {meta['name']} {meta['version']}", "",
        meta["description"], "",
        f"Components: {', '.join(meta.get('pipeline', []))}. spaCy {meta.get('spacy_version', '')}.",
        f"Size on disk: {sum(f.stat().st_size for f in dest.rglob('*') if f.is_file()) / 1e6:.1f} MB.", "",
        "## Training data", "",
    ]
    lines += [f"- {s['name']} ({s['url']}), licence {s['license']}" for s in meta["sources"]]
    if training:
        lines += ["", f"NER training files: {', '.join(training.get('ner_train', []))}; "
                      f"UD training files: {', '.join(training.get('ud_train', []))}. "
                      f"Trained in {training.get('minutes', '?')} min on {training.get('threads', '?')} threads "
                      "with `make model` (recipe: `pipeline/training/`)."]
        if training.get("pretrain_epochs"):
            lines += ["", f"The shared tok2vec was first pretrained for {training['pretrain_epochs']} epochs "
                          "(`spacy pretrain`, character objective) on the raw text of the KIND WN, FIC and ADG "
                          "training files and the UD training treebanks."]
    lines += ["", "## Licence", "",
              f"{meta['license']}: the KIND annotations are CC BY-NC 4.0 (De Gasperi CC BY-NC-SA 4.0) and "
              "the UD treebanks CC BY-NC-SA; a model trained on them inherits the non-commercial terms. "
              "Cite Paccosi and Palmero Aprosio, \"KIND: an Italian Multi-Domain Dataset for Named Entity "
              "Recognition\", LREC 2022, and the UD treebanks.", ""]
    if metrics:
        ner = metrics.get("kind_WN_dev", {})
        lines += ["## Scores (measured by `make model`)", "",
                  "KIND WN_dev, through the pipeline's entities logic (`python -m pipeline evaluate ner`):", "",
                  "| metric | P | R | F1 |", "|---|---|---|---|"]
        for name, vals in [("token-level micro", ner.get("token", {})), ("span exact match", ner.get("span", {}))] + \
                [(f"token {k}", v) for k, v in ner.get("per_label", {}).items()]:
            if vals:
                lines.append(f"| {name} | {vals['precision']:.4f} | {vals['recall']:.4f} | {vals['f1']:.4f} |")
        sents = metrics.get("ud_isdt_dev_sentences", {})
        if sents:
            lines += ["", "Sentence boundaries on UD ISDT dev (the trained senter is used):", "",
                      "| splitter | P | R | F |", "|---|---|---|---|"]
            lines += [f"| {k} | {v['sents_p']:.4f} | {v['sents_r']:.4f} | {v['sents_f']:.4f} |" for k, v in sents.items()]
        for key, label in (("ud_isdt_dev_pos_acc", "POS accuracy"), ("ud_isdt_dev_lemma_acc", "lemma accuracy")):
            if key in metrics:
                lines.append(f"\n{label} on UD ISDT dev: {metrics[key]:.4f}")
    path = dest / "README.md"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
