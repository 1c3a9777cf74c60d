"""`make model`: convert the corpora, train, measure and package models/it_news_sm.

    python -m pipeline.training.recipe --data ../shared/data --out models/it_news_sm

Steps, each in `--build`:
1. name lists for `lexicon_features` (lexicons.py) and floret static vectors
   trained on the raw text of every corpus file but the dev sets (vectors.py);
2. two spaCy trainings side by side, one thread each: the UD components
   (tok2vec, morphologizer, lemmatizer, senter, parser; it_news_ud.cfg) on every
   UD treebank but ISDT dev, and the NER with its own tok2vec (it_news_ner.cfg)
   on KIND WN_train;
3. one pipeline sourcing both, measured (KIND WN_dev through the entities
   logic; LAS/UAS, POS, lemmas and sentence F on UD ISDT dev) and packaged
   with its model card.

Both configs add the abbreviations of `pipeline/training/abbreviations.txt` to the
tokenizer before training ("dott.", "S.p.A." stay one token).

`--shared` is the experiment of issue 22 (not the default, see
experiments.md): ONE tok2vec feeding every component (it_news_shared.cfg),
trained once on the UD treebanks and KIND together, and the last model
packaged as it is. `--shared --distil` adds the shipped model's parses of raw
corpus text to its training data (distil.py).
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

from .abbreviations import load_abbreviations
from .convert import convert_file
from .distil import DISTIL_FILES, write_distillation
from .lexicons import build_lists
from .package import package_model, write_model_card
from .vectors import train_floret, write_raw_text

HERE = Path(__file__).parent
NER_CONFIG = HERE / "it_news_ner.cfg"
UD_CONFIG = HERE / "it_news_ud.cfg"
SHARED_CONFIG = HERE / "it_news_shared.cfg"
BUNDLED_OUT = Path("models/it_news_sm")
NER_TRAIN = ["kind/WN_train.tsv"]
# Fiction and De Gasperi NER data lowered WN_dev span F in the first model
# (72.3 without vs 71.0 with, same config and steps): off by default.
EXTRA_NER = ["kind/FIC_train.tsv", "kind/ADG_train.tsv"]
# WikiNEuRal Italian (silver, Wikipedia; MISC mapped to O): the `--silver` experiment.
SILVER_NER = ["silver/wikineural_it_val.conllu", "silver/wikineural_it_test.conllu"]
NER_DEV = "kind/WN_dev.tsv"
WITH_DEV_STEPS = 4500
UD_DEV = "ud/it_isdt-ud-dev.conllu"
# Without the lexicon tag in the NER embedding (the `--no-lexicon` ablation).
NO_LEXICON = {"components.ner.model.tok2vec.embed.attrs": '["NORM","PREFIX","SUFFIX","SHAPE"]',
              "components.ner.model.tok2vec.embed.rows": "[30000,5000,10000,2000]"}
NO_LEXICON_SHARED = {"components.tok2vec.model.embed.attrs": '["NORM","PREFIX","SUFFIX","SHAPE"]',
                     "components.tok2vec.model.embed.rows": "[20000,5000,5000,2000]"}


def ud_train_files(data: Path) -> list[str]:
    return sorted(p.relative_to(data).as_posix() for p in (data / "ud").glob("*.conllu")
                  if p.relative_to(data).as_posix() != UD_DEV)


def convert_all(data: Path, files: list[str], out: Path) -> None:
    for name in files:
        source = data / name
        if not source.exists():
            raise SystemExit(f"missing corpus file {source}: set DATA= to the folder of kind/, ud/ and silver/")
        n = convert_file(source, out / f"{Path(name).stem}.spacy")
        print(f"converted {name}: {n} docs", flush=True)


def spacy_train(config: Path, out: Path, train: Path, dev: Path, threads: int, log: Path,
                overrides: dict[str, str]) -> subprocess.Popen:
    """Start `spacy train` in the background; its output goes to `log`."""
    env = dict(os.environ, OMP_NUM_THREADS=str(threads), OPENBLAS_NUM_THREADS=str(threads))
    args = [sys.executable, "-m", "spacy", "train", str(config), "--output", str(out),
            "--paths.train", str(train), "--paths.dev", str(dev),
            "--code", str(HERE / "spacy_code.py")]
    for key, value in overrides.items():
        args += [f"--{key}", value]
    log.parent.mkdir(parents=True, exist_ok=True)
    return subprocess.Popen(args, env=env, stdout=open(log, "w"), stderr=subprocess.STDOUT)


def assemble(ud_model: Path, ner_model: Path, out: Path) -> Path:
    """The UD pipeline with the separately trained lexicon_features + NER added at the end."""
    from ..nlp import lexicon_features  # noqa: F401  registers the factory

    nlp = spacy.load(ud_model)
    ner_nlp = spacy.load(ner_model)
    # The KIND-trained senter splits news sentences better than the UD parser
    # alone (ISDT dev F 0.94 vs 0.83); the parser keeps the boundaries it set.
    nlp.add_pipe("senter", source=ner_nlp, before="parser")
    nlp.add_pipe("lexicon_features", source=ner_nlp)
    nlp.add_pipe("ner", source=ner_nlp)
    nlp.to_disk(out)
    return out


def ud_scores(model: str | Path, gold: Path, scratch: Path) -> dict:
    """LAS/UAS, POS and lemma accuracy and sentence F on gold CoNLL-U; sentence F
    also for the senter alone and for spaCy's rule-based sentencizer."""
    converted = scratch / "ud_gold.spacy"
    convert_file(gold, converted)
    # lexicon_features only feeds the NER, unless it comes first (the shared encoder hashes its tag)
    first = spacy.util.load_config(Path(model) / "config.cfg")["nlp"]["pipeline"][0]
    unused = ["ner"] if first == "lexicon_features" else ["ner", "lexicon_features"]
    parsed = spacy.load(model, exclude=unused)
    parser_only = spacy.load(model, exclude=[*unused, "senter"])
    rule = spacy.blank("it")
    rule.add_pipe("sentencizer")
    results = {}
    for name, nlp in (("senter+parser", parsed), ("parser", parser_only), ("sentencizer", rule)):
        gold_docs = DocBin().from_disk(converted).get_docs(nlp.vocab)
        scores = nlp.evaluate([Example(nlp.make_doc(doc.text), doc) for doc in gold_docs])
        results[name] = {k: round(scores[k], 4) for k in ("sents_p", "sents_r", "sents_f")}
        if name == "senter+parser":
            for key in ("dep_las", "dep_uas", "pos_acc", "lemma_acc"):
                results[key] = round(scores[key], 4)
    return results


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=Path("../shared/data"),
                        help="Folder with kind/, ud/ and silver/.")
    parser.add_argument("--out", type=Path, default=None,
                        help="Where the packaged model goes (default models/it_news_sm; with --shared "
                             "build/shared_model, never the bundled model's folder).")
    parser.add_argument("--build", type=Path, default=Path("build/model"), help="Scratch folder.")
    parser.add_argument("--extra-ner", action="store_true", help="Also train NER on KIND FIC and ADG.")
    parser.add_argument("--silver", action="store_true", help="Also train NER on the WikiNEuRal silver data.")
    parser.add_argument("--with-dev", action="store_true",
                        help="Final model: also train NER on KIND WN_dev (its WN_dev scores are then not a measure).")
    parser.add_argument("--no-lexicon", action="store_true", help="Leave the name-list tag out of the NER embedding.")
    parser.add_argument("--max-steps", type=int, default=None, help="Override both trainings' max_steps.")
    parser.add_argument("--vectors", type=Path, default=None,
                        help="Use these spaCy vectors (a folder from an earlier run) instead of training floret.")
    parser.add_argument("--ner-only", action="store_true",
                        help="An NER experiment: train the NER alone in --build and print its best WN_dev scores.")
    parser.add_argument("--shared", action="store_true",
                        help="The shared-encoder experiment: one tok2vec for every component (it_news_shared.cfg).")
    parser.add_argument("--width", type=int, default=None, help="With --shared: the encoder's width (default 96).")
    parser.add_argument("--distil", nargs="?", type=Path, const=BUNDLED_OUT, default=None, metavar="TEACHER",
                        help="With --shared: also train on the teacher model's parses of raw corpus text "
                             "(default teacher: the shipped model); see distil.py.")
    parser.add_argument("--threads", type=int, default=2, help="With --shared: threads of the one training.")
    parser.add_argument("--package-only", action="store_true",
                        help="Skip conversion and training: assemble, measure and package what --build holds.")
    args = parser.parse_args(argv)
    if args.shared and args.ner_only:
        parser.error("--ner-only trains the two-encoder NER; it does not go with --shared")
    if args.distil and not args.shared:
        parser.error("--distil trains the shared student: it needs --shared")
    if args.width and not args.shared:
        parser.error("--width sets the shared encoder's width: it needs --shared")
    if args.out is None:
        args.out = Path("build/shared_model") if args.shared else BUNDLED_OUT
    elif args.shared and args.out.resolve() == BUNDLED_OUT.resolve():
        parser.error(f"--shared is an experiment: package it elsewhere than {BUNDLED_OUT}")
    return args


def _ner_files(args: argparse.Namespace) -> list[str]:
    return NER_TRAIN + (EXTRA_NER if args.extra_ner else []) + (SILVER_NER if args.silver else []) \
        + ([NER_DEV] if args.with_dev else [])


def _link_all(sources: list[Path], folder: Path) -> Path:
    """`folder` holding a link to each converted file of `sources` (one corpus read from several)."""
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.spacy"):
        old.unlink()
    for source in sources:
        for path in sorted(source.glob("*.spacy")):
            (folder / path.name).symlink_to(os.path.relpath(path.resolve(), folder.resolve()))
    return folder


def prepare(args: argparse.Namespace) -> Path:
    """Corpora, name lists and vectors in --build; returns the spaCy vectors folder."""
    data, build = args.data, args.build
    # a distilled file keeps its own entities when it is NER data: not converted a second time
    convert_all(data, [f for f in _ner_files(args) if not (args.distil and f in DISTIL_FILES)],
                build / "corpus" / "ner_train")
    convert_all(data, [NER_DEV], build / "corpus" / "ner_dev")
    convert_all(data, ud_train_files(data), build / "corpus" / "ud_train")
    convert_all(data, [UD_DEV], build / "corpus" / "ud_dev")
    if args.distil:
        write_distillation(args.distil, data, build / "corpus" / "distil", _ner_files(args))
    if args.shared:  # one training reads both kinds of documents
        _link_all([build / "corpus" / "ud_train", build / "corpus" / "ner_train"]
                  + ([build / "corpus" / "distil"] if args.distil else []), build / "corpus" / "train")
        _link_all([build / "corpus" / "ud_dev", build / "corpus" / "ner_dev"], build / "corpus" / "dev")
    print(f"name lists: {build_lists(data, build / 'lexicons')}", flush=True)
    words = write_raw_text(data, build / "raw_text.txt")
    if args.vectors:
        return args.vectors
    vectors = train_floret(build / "raw_text.txt", build / "vectors")
    print(f"floret vectors from {words} words of raw text", flush=True)
    return vectors


def train_shared(args: argparse.Namespace, vectors: Path) -> None:
    """`--shared`: the one training of every component on a single encoder, on both cores."""
    build = args.build
    overrides = {"paths.vectors": str(vectors), "paths.lexicons": str(build / "lexicons")}
    if args.max_steps:
        overrides["training.max_steps"] = str(args.max_steps)
    if args.width:
        overrides["components.tok2vec.model.encode.width"] = str(args.width)
    if args.no_lexicon:
        overrides.update(NO_LEXICON_SHARED)
    job = spacy_train(SHARED_CONFIG, build / "shared", build / "corpus" / "train", build / "corpus" / "dev", args.threads,
                      build / "shared.log", overrides)
    if job.wait() != 0:
        raise SystemExit(f"training failed: see {build / 'shared.log'}")


def train(args: argparse.Namespace, vectors: Path) -> None:
    """The NER and UD trainings side by side (or the NER alone with --ner-only)."""
    if args.shared:
        return train_shared(args, vectors)
    build = args.build
    common = {"paths.vectors": str(vectors)}
    if args.max_steps:
        common["training.max_steps"] = str(args.max_steps)
    ner_overrides = dict(common, **{"paths.lexicons": str(build / "lexicons")})
    if args.no_lexicon:
        ner_overrides.update(NO_LEXICON)
    if args.with_dev and not args.max_steps:  # about the best step of the selection run, for 24% more data
        ner_overrides["training.max_steps"] = str(WITH_DEV_STEPS)
    jobs = [spacy_train(NER_CONFIG, build / "ner", build / "corpus" / "ner_train", build / "corpus" / "ner_dev",
                        1, build / "ner.log", ner_overrides)]
    if not args.ner_only:
        jobs.append(spacy_train(UD_CONFIG, build / "ud", build / "corpus" / "ud_train",
                                build / "corpus" / "ud_dev", 1, build / "ud.log", common))
    for job in jobs:
        if job.wait() != 0:
            raise SystemExit(f"training failed: see {build / 'ud.log'} and {build / 'ner.log'}")


def finish(args: argparse.Namespace, minutes: float) -> dict:
    """Assemble, measure and package the model; returns the metrics."""
    from ..evaluate.ner import evaluate_ner

    data, build = args.data, args.build
    if args.shared:
        # The last model: the dev set mixes UD and KIND documents, where spaCy's parse score
        # reads 0 (KIND's tokens), so its "best" would ignore the parse.
        combined = build / "shared" / "model-last"
    else:
        # With WN_dev in the NER's training data the "best" checkpoint on it means nothing: keep the last.
        ner_model = build / "ner" / ("model-last" if args.with_dev else "model-best")
        combined = assemble(build / "ud" / "model-best", ner_model, build / "combined")
    ud = ud_scores(combined, data / UD_DEV, build)
    sizes = {p.stem: len(p.read_text(encoding="utf-8").split()) for p in sorted((build / "lexicons").glob("*.txt"))}
    words = sum(len(line.split()) for line in open(build / "raw_text.txt", encoding="utf-8"))
    package_model(combined, args.out, training={
        "minutes": minutes, "threads": args.threads if args.shared else 2, "shared_encoder": args.shared,
        "distil_teacher": str(args.distil) if args.distil else None,
        "tokenizer_abbreviations": len(load_abbreviations()), "ner_train": _ner_files(args), "ud_train": ud_train_files(data),
        "with_dev": args.with_dev, "lexicon_sizes": {} if args.no_lexicon else sizes, "vectors_words": words})
    ner = evaluate_ner(data / NER_DEV, None, str(args.out))
    metrics = {"kind_WN_dev": {"token": ner["token"], "per_label": ner["per_label"], "span": ner["span"]},
               "ud_isdt_dev_sentences": {k: ud[k] for k in ("senter+parser", "parser", "sentencizer")},
               **{f"ud_isdt_dev_{k}": ud[k] for k in ("dep_las", "dep_uas", "pos_acc", "lemma_acc")}}
    meta_path = args.out / "meta.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    meta["project_metrics"] = metrics
    meta_path.write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    write_model_card(args.out, (HERE / "experiments.md").read_text(encoding="utf-8"))
    return metrics


def main(argv: list[str] | None = None) -> None:
    args = _arguments(argv)
    started = time.time()
    if not args.package_only:
        if args.with_dev:
            print("NER trains on WN_dev too: its WN_dev scores are then not a held-out measure", flush=True)
        train(args, prepare(args))
        if args.ner_only:
            scores = json.loads((args.build / "ner" / "model-best" / "meta.json").read_text())["performance"]
            print(json.dumps({k: scores[k] for k in ("ents_f", "ents_p", "ents_r", "sents_f")}))
            return
    if args.package_only:  # the training's own duration: from the first converted file to the last log line
        first = min(p.stat().st_mtime for p in (args.build / "corpus").rglob("*.spacy"))
        logs = ("shared.log",) if args.shared else ("ner.log", "ud.log")
        last = max((args.build / name).stat().st_mtime for name in logs)
        minutes = round((last - first) / 60, 1)
    else:
        minutes = round((time.time() - started) / 60, 1)
    metrics = finish(args, minutes)
    print(json.dumps(metrics, indent=2))
    print(f"trained in {minutes} min -> {args.out}")


if __name__ == "__main__":
    main()
