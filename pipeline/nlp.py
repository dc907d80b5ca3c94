"""The one spaCy pipeline of a process: ``spacy.blank("en")`` with a sentencizer and the lookup lemmatizer."""
from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.strings import hash_string


@lru_cache(maxsize=1)
def get_nlp() -> Language:
    """The segmentation pipeline, built once per process: ``spacy.blank("en")`` + sentencizer."""
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


@lru_cache(maxsize=1)
def _lemma_nlp() -> Language:
    """A blank pipeline with the lookup lemmatizer; its tables come from spacy-lookups-data (no download)."""
    nlp = spacy.blank("en")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.initialize()
    return nlp


def tokenizer_only() -> Language:
    """The pipeline whose tokenizer (alone) tokenizes sentences, lexicon entries and patterns: the same
    one as segmentation's, so the vocabulary and the tokenizer's cache are built once per process."""
    return get_nlp()


class Lemmas:
    """Lower-case word -> lemma from spaCy's English lookup table (spacy-lookups-data), memoized.

    ``table`` maps spaCy's string hash of a word to its lemma, as spaCy's lookup ``Table`` does."""

    def __init__(self, table: dict[int, str] | None):
        self.table = table
        self._memo: dict[str, str | None] = {}

    def get(self, word: str, default: str | None = None) -> str | None:
        value = self._memo.get(word, False)
        if value is False:
            value = self.table.get(hash_string(word)) if self.table is not None else None
            if len(self._memo) < 500_000:
                self._memo[word] = value
        return value if value is not None else default

    def __call__(self, word: str) -> str:
        low = word.lower()
        return self.get(low, low)


@lru_cache(maxsize=1)
def lemma_table() -> Lemmas:
    """The lookup lemmatizer's table, wrapped; keys are hashed inside spaCy, so look words up by string."""
    from .derived import memo, package_version

    def build() -> dict[int, str] | None:
        lookups = _lemma_nlp().get_pipe("lemmatizer").lookups
        return dict(lookups.get_table("lemma_lookup").items()) if lookups.has_table("lemma_lookup") else None

    return Lemmas(memo("lemmas", (package_version("spacy"), package_version("spacy-lookups-data")), build))
