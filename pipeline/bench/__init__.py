"""Benchmarks: the corpus-scale run against bare `nlp.pipe` (`scale.py`), its corpus
(`corpus.py`) and measurements (`measure.py`). `python -m pipeline bench --help`."""
from .scale import run_bench

__all__ = ["run_bench"]
