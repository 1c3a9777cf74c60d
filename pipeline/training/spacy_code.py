"""What `spacy train` needs from the project (its `--code` file): the `lexicon_features`
factory and the `it_news.add_abbreviations.v1` callback of it_news.cfg."""
from pipeline.nlp import abbreviations, lexicon_features  # noqa: F401  (registered on import)
