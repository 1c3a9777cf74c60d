"""Static floret vectors trained on the raw Italian text of the corpora.

floret stores subword vectors in a fixed hash table, so every word, seen or
not, gets a vector and the table stays small (`bucket` rows). The text is
every corpus file except the two development sets, tokenized as the corpora
tokenize it (one sentence a line).
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from .convert import read_kind, read_silver

DEV_FILES = {"kind/WN_dev.tsv", "ud/it_isdt-ud-dev.conllu"}


def raw_text_files(data: Path) -> list[Path]:
    files = sorted(data.glob("kind/*.tsv")) + sorted(data.glob("ud/*.conllu")) + sorted(data.glob("silver/*"))
    return [f for f in files if f.relative_to(data).as_posix() not in DEV_FILES]


def _sentences(path: Path):
    if path.parent.name == "ud":
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith("# text = "):
                yield line[len("# text = "):]
    elif path.suffix == ".tsv":
        for words, _ in read_kind(path):
            yield " ".join(words)
    else:
        for words, _ in read_silver(path):
            yield " ".join(words)


def write_raw_text(data: Path, out: Path) -> int:
    """One sentence a line; returns the number of words written."""
    out.parent.mkdir(parents=True, exist_ok=True)
    words = 0
    with open(out, "w", encoding="utf-8") as handle:
        for path in raw_text_files(data):
            for sentence in _sentences(path):
                words += sentence.count(" ") + 1
                handle.write(sentence + "\n")
    return words


def train_floret(raw_text: Path, out_dir: Path, *, dim: int = 100, bucket: int = 50000,
                 epochs: int = 10, threads: int = 2) -> Path:
    """Train floret vectors and turn them into a spaCy vectors model; return its folder."""
    import floret

    model = floret.train_unsupervised(
        str(raw_text), model="cbow", mode="floret", hashCount=2, bucket=bucket,
        minn=4, maxn=5, minCount=3, dim=dim, epoch=epochs, thread=threads, verbose=0)
    vectors_file = out_dir / "vectors.floret"
    out_dir.mkdir(parents=True, exist_ok=True)
    model.save_floret_vectors(str(vectors_file))
    spacy_dir = out_dir / "spacy_vectors"
    subprocess.run([sys.executable, "-m", "spacy", "init", "vectors", "it", str(vectors_file), str(spacy_dir),
                    "--mode", "floret"], check=True)
    return spacy_dir
