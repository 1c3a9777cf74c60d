"""What `spacy train` needs from the project (its `--code` file): the `lexicon_features`
factory and the `it_news.add_abbreviations.v1` callback of the configs."""
from pipeline.nlp import lexicon_features  # noqa: F401  (registered on import)
from pipeline.training import abbreviations  # noqa: F401  (registered on import)
