"""Quantity extraction for Italian news: numbers, qualifiers, units and counted nouns."""
from .extract import Quantity, extract

__all__ = ["Quantity", "extract"]
