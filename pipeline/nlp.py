"""The one spaCy pipeline of a process: ``spacy.blank("en")`` with a sentencizer and the lookup lemmatizer."""
from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language


@lru_cache(maxsize=1)
def get_nlp() -> Language:
    """Build once per process; spaCy tables come from spacy-lookups-data, no model download."""
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.initialize()
    return nlp


@lru_cache(maxsize=1)
def tokenizer_only() -> Language:
    """A blank pipeline without components, for tokenizing lexicon entries and patterns."""
    return spacy.blank("en")


class Lemmas:
    """Lower-case word -> lemma from spaCy's English lookup table (spacy-lookups-data)."""

    def __init__(self, table):
        self.table = table

    def get(self, word: str, default: str | None = None) -> str | None:
        value = self.table.get(word) if self.table is not None else None
        return value if value is not None else default

    def __call__(self, word: str) -> str:
        low = word.lower()
        return self.get(low, low)


@lru_cache(maxsize=1)
def lemma_table() -> Lemmas:
    """The lookup lemmatizer's table, wrapped; keys are hashed inside spaCy, so look words up by string."""
    lookups = get_nlp().get_pipe("lemmatizer").lookups
    return Lemmas(lookups.get_table("lemma_lookup") if lookups.has_table("lemma_lookup") else None)
