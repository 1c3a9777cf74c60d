"""`lexicon_features`: name lists as a feature the NER's embedding sees.

Each token gets a tag naming the lists its lower-case form is on ("first",
"surname", "org", "place", joined by "|" when on several). The tag is written
to `Token.ent_kb_id_`, an integer attribute that `MultiHashEmbed` can hash
like NORM or SHAPE (`attrs = [..., "ENT_KB_ID"]`), so the model learns how
much to trust each list instead of a rule deciding. The tag stays on the
tokens after the NER (an entity's `kb_id_` then shows it); nothing in the
pipeline reads knowledge-base ids.

The lists travel with the model (`to_disk`/`from_disk`); `initialize` reads
them from a folder of `LABEL.txt` files, one form per line.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Callable, Iterable

from spacy.language import Language
from spacy.tokens import Doc

LABELS = ("first", "surname", "org", "place")


class LexiconFeatures:
    def __init__(self, name: str = "lexicon_features", lists: dict[str, Iterable[str]] | None = None):
        self.name = name
        self.set_lists(lists or {})

    def set_lists(self, lists: dict[str, Iterable[str]]) -> None:
        unknown = set(lists) - set(LABELS)
        if unknown:
            raise ValueError(f"unknown lexicon labels {sorted(unknown)}; expected {LABELS}")
        self.lists = {label: sorted({w.lower() for w in lists.get(label, ()) if w}) for label in LABELS}
        # One lookup per token: form -> tag of every list it is on.
        tags: dict[str, list[str]] = {}
        for label in LABELS:
            for form in self.lists[label]:
                tags.setdefault(form, []).append(label)
        self._tags = {form: "|".join(labels) for form, labels in tags.items()}

    def tag(self, form: str) -> str:
        """The tag of a word form ("" when on no list)."""
        return self._tags.get(form.lower(), "")

    def __call__(self, doc: Doc) -> Doc:
        for token in doc:
            token.ent_kb_id_ = self._tags.get(token.lower_, "")
        return doc

    def initialize(self, get_examples: Callable | None = None, *, nlp: Language | None = None,
                   lists_dir: str | None = None) -> None:
        if lists_dir:
            folder = Path(lists_dir)
            self.set_lists({label: (folder / f"{label}.txt").read_text(encoding="utf-8").split("\n")
                            for label in LABELS if (folder / f"{label}.txt").exists()})

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        (path / "lists.json").write_text(json.dumps(self.lists, ensure_ascii=False), encoding="utf-8")

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> "LexiconFeatures":
        self.set_lists(json.loads((Path(path) / "lists.json").read_text(encoding="utf-8")))
        return self


@Language.factory("lexicon_features")
def make_lexicon_features(nlp: Language, name: str) -> LexiconFeatures:
    return LexiconFeatures(name)
