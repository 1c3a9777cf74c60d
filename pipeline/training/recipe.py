"""`make model`: convert the corpora, train, measure and package models/it_news_sm.

    python -m pipeline.training.recipe --data ../shared/data --out models/it_news_sm

Training data: KIND (NER) and the UD treebanks ParTUT and VIT (POS, morphology,
lemmas, sentences). Development data: KIND WN_dev (NER) and UD ISDT dev.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import spacy
from spacy.tokens import DocBin
from spacy.training import Example

from .convert import convert_file
from .package import package_model

CONFIG = Path(__file__).with_name("it_news_sm.cfg")
NER_TRAIN = ["kind/WN_train.tsv", "kind/FIC_train.tsv", "kind/ADG_train.tsv"]
UD_TRAIN = ["ud/it_partut-ud-train.conllu", "ud/it_partut-ud-dev.conllu", "ud/it_partut-ud-test.conllu",
            "ud/it_vit-ud-dev.conllu", "ud/it_vit-ud-test.conllu"]
DEV = ["kind/WN_dev.tsv", "ud/it_isdt-ud-dev.conllu"]
SENT_DEV = "ud/it_isdt-ud-dev.conllu"
NER_DEV = "kind/WN_dev.tsv"


def build_corpus(data: Path, build: Path, ner_train: list[str]) -> None:
    for split, files in (("train", ner_train + UD_TRAIN), ("dev", DEV)):
        for name in files:
            source = data / name
            if not source.exists():
                raise SystemExit(f"missing corpus file {source}: set DATA= to the folder of kind/ and ud/")
            n = convert_file(source, build / "corpus" / split / f"{Path(name).stem}.spacy")
            print(f"converted {name}: {n} docs", flush=True)


def train(build: Path, threads: int) -> Path:
    out = build / "training"
    env = dict(os.environ, OMP_NUM_THREADS=str(threads), OPENBLAS_NUM_THREADS=str(threads))
    cmd = [sys.executable, "-m", "spacy", "train", str(CONFIG), "--output", str(out),
           "--paths.train", str(build / "corpus" / "train"), "--paths.dev", str(build / "corpus" / "dev")]
    subprocess.run(cmd, check=True, env=env)
    return out / "model-best"


def sentence_scores(model: str | Path, gold: Path, scratch: Path) -> dict:
    """Sentence-boundary F on gold CoNLL-U: the trained senter vs spaCy's rule-based sentencizer."""
    converted = scratch / "sentences_gold.spacy"
    convert_file(gold, converted)
    gold_docs = list(DocBin().from_disk(converted).get_docs(spacy.blank("it").vocab))
    results = {}
    senter = spacy.load(model, exclude=["ner", "trainable_lemmatizer", "morphologizer"])
    rule = spacy.blank("it")
    rule.add_pipe("sentencizer")
    for name, nlp in (("senter", senter), ("sentencizer", rule)):
        examples = [Example(nlp.make_doc(doc.text), doc) for doc in gold_docs]
        scores = nlp.evaluate(examples)
        results[name] = {k: round(scores[k], 4) for k in ("sents_p", "sents_r", "sents_f")}
    return results


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=Path("../shared/data"), help="Folder with kind/ and ud/.")
    parser.add_argument("--out", type=Path, default=Path("models/it_news_sm"))
    parser.add_argument("--build", type=Path, default=Path("build/model"), help="Scratch folder.")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--wn-only", action="store_true", help="NER on WN_train only (no FIC/ADG).")
    args = parser.parse_args(argv)

    started = time.time()
    build_corpus(args.data, args.build, NER_TRAIN[:1] if args.wn_only else NER_TRAIN)
    best = train(args.build, args.threads)
    minutes = round((time.time() - started) / 60, 1)

    from ..evaluate.ner import evaluate_ner

    sents = sentence_scores(best, args.data / SENT_DEV, args.build)
    package_model(best, args.out, training={"minutes": minutes, "threads": args.threads,
                                            "ner_train": NER_TRAIN[:1] if args.wn_only else NER_TRAIN,
                                            "ud_train": UD_TRAIN})
    ner = evaluate_ner(args.data / NER_DEV, None, str(args.out))
    metrics = {"kind_WN_dev": {"token": ner["token"], "per_label": ner["per_label"], "span": ner["span"]},
               "ud_isdt_dev_sentences": sents}
    meta_path = args.out / "meta.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    meta["project_metrics"] = metrics
    meta_path.write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(json.dumps(metrics, indent=2))
    print(f"trained in {minutes} min -> {args.out}")


if __name__ == "__main__":
    main()
