"""The benchmark's corpus builder: distinct articles up to a word count, and a clear error
instead of an endless loop when it has no sentences (a `bench` with only --small-words hung)."""
from __future__ import annotations

import pytest

from pipeline.bench.corpus import corpus_documents, count_words

SENTENCES = [f"Il sindaco di Roma ha parlato per {n} minuti ai cittadini." for n in range(40)]


def test_a_corpus_reaches_its_word_count_with_distinct_articles():
    docs = corpus_documents(SENTENCES, 300)
    assert count_words(docs) >= 300
    assert len({d["text"] for d in docs}) == len(docs) and len({d["id"] for d in docs}) == len(docs)


def test_no_sentences_is_an_error_not_an_endless_loop():
    with pytest.raises(ValueError, match="no sentences"):
        corpus_documents([], 100_000)
    assert corpus_documents([], 0) == []
