"""`evaluate ner`: the entities stage's logic scored on KIND-format gold tokens.

Each gold sentence becomes a `Doc` of its own words (no re-tokenization), goes
through the model and `entity_rows`, and its mentions are mapped back to KIND
labels: country and location -> LOC, person -> PER, outlet and organization ->
ORG. Demonyms ("britannico") and MISC/other are `O`: KIND does not annotate them.
Scores: token-level micro P/R/F1 over PER/LOC/ORG (the NERMuD 2023 metric),
per-label F1, and span-level exact-match F1.
"""
from __future__ import annotations

from pathlib import Path

from ..extractors.entities.extract import entity_rows
from ..nlp.model import load_model
from ..storage.manifest import record_if_ours
from ..training.convert import detokenize, io_labels_to_spans, kind_sentence_doc, read_kind

LABELS = ("PER", "LOC", "ORG")
TYPE_TO_KIND = {"country": "LOC", "location": "LOC", "person": "PER", "outlet": "ORG",
                "organization": "ORG"}


def _prf(tp: int, fp: int, fn: int) -> dict:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4), "tp": tp, "fp": fp, "fn": fn}


def plain(label: str) -> str:
    """"B-PER" / "I-PER" / "PER" -> "PER"; anything else -> "O"."""
    kind = label.split("-", 1)[-1]
    return kind if kind in LABELS else "O"


def ner_scores(gold: list[list[str]], pred: list[list[str]]) -> dict:
    """Token-level micro and per-label scores, and span-level exact match, of IO/BIO label sequences."""
    counts = {lab: [0, 0, 0] for lab in LABELS}
    for g_sent, p_sent in zip(gold, pred, strict=True):
        for g, p in zip(map(plain, g_sent), map(plain, p_sent), strict=True):
            if g == p and g != "O":
                counts[g][0] += 1
                continue
            if p != "O":
                counts[p][1] += 1
            if g != "O":
                counts[g][2] += 1
    tp, fp, fn = (sum(c[i] for c in counts.values()) for i in range(3))
    span_tp = span_fp = span_fn = 0
    for g_sent, p_sent in zip(gold, pred):
        g_spans = {s for s in io_labels_to_spans(g_sent) if s[2] in LABELS}
        p_spans = {s for s in io_labels_to_spans(p_sent) if s[2] in LABELS}
        span_tp += len(g_spans & p_spans)
        span_fp += len(p_spans - g_spans)
        span_fn += len(g_spans - p_spans)
    return {
        "token": _prf(tp, fp, fn),
        "per_label": {lab: _prf(*counts[lab]) for lab in LABELS},
        "span": _prf(span_tp, span_fp, span_fn),
        "sentences": len(gold),
        "tokens": sum(len(s) for s in gold),
    }


def predicted_labels(doc) -> list[str]:
    """BIO labels of a sentence Doc from the entities stage's rows."""
    labels = ["O"] * len(doc)
    by_char = {t.idx: t.i for t in doc}
    for row in entity_rows("eval", doc):
        kind = TYPE_TO_KIND.get(row["type"])
        if kind is None or row["form"] == "demonym":
            continue
        span = doc.char_span(row["start_char"], row["end_char"])
        start = span.start if span is not None else by_char[row["start_char"]]
        end = span.end if span is not None else start + 1
        for i in range(start, end):
            labels[i] = ("B-" if i == start else "I-") + kind
    return labels


def _article_docs(vocab, sentences: list[tuple[list[str], list[str]]]):
    """One Doc per article (consecutive KIND sentences, see `kind_articles`), and each
    article's sentence lengths, so that the labels can be split back into sentences."""
    from spacy.tokens import Doc

    from .kind_articles import article_bounds

    texts = [detokenize(words) for words, _ in sentences]
    for first, end in article_bounds(texts):
        docs = [kind_sentence_doc(vocab, words) for words, _ in sentences[first:end]]
        yield Doc.from_docs(docs), [len(d) for d in docs]


def evaluate_ner(gold_path: str | Path, predictions_path: str | Path | None = None,
                 model: str | None = None, batch_size: int = 256, documents: bool = False) -> dict:
    """Token-level scores of the entities logic on KIND gold tokens. With `documents`,
    consecutive sentences are grouped into their articles first, so that the
    document-level rules (a name tagged as a person once is that person
    everywhere in the document) have a document to work on."""
    nlp = load_model(model)
    sentences = list(read_kind(gold_path))
    if documents:
        articles = list(_article_docs(nlp.vocab, sentences))
        pred = []
        for doc, lengths in zip(nlp.pipe((d for d, _ in articles), batch_size=16), (n for _, n in articles)):
            labels = predicted_labels(doc)
            for n in lengths:
                pred.append(labels[:n])
                labels = labels[n:]
    else:
        docs = (kind_sentence_doc(nlp.vocab, words) for words, _ in sentences)
        pred = [predicted_labels(doc) for doc in nlp.pipe(docs, batch_size=batch_size)]
    gold = [labels for _, labels in sentences]
    if predictions_path:
        Path(predictions_path).parent.mkdir(parents=True, exist_ok=True)
        with open(predictions_path, "w", encoding="utf-8") as handle:
            for (words, _), labels in zip(sentences, pred):
                handle.writelines(f"{w}\t{plain(lab)}\n" for w, lab in zip(words, labels))
                handle.write("\n")
        record_if_ours(predictions_path)  # in an output folder: `clean` may remove it
    scores = ner_scores(gold, pred)
    scores["model"] = f"{nlp.meta.get('name')}-{nlp.meta.get('version')}"
    scores["unit"] = "articles" if documents else "sentences"
    return scores


def format_ner_scores(scores: dict) -> str:
    t, s = scores["token"], scores["span"]
    lines = [
        f"model {scores['model']}: {scores['sentences']} sentences, {scores['tokens']} tokens "
        f"(entity logic run on {scores.get('unit', 'sentences')})",
        f"token-level micro  P {t['precision']:.4f}  R {t['recall']:.4f}  F1 {t['f1']:.4f}",
    ]
    lines += [f"  {lab:<4} F1 {v['f1']:.4f}  (P {v['precision']:.4f}  R {v['recall']:.4f})"
              for lab, v in scores["per_label"].items()]
    lines.append(f"span-level exact  P {s['precision']:.4f}  R {s['recall']:.4f}  F1 {s['f1']:.4f}")
    return "\n".join(lines)
