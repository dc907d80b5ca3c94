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


@lru_cache(maxsize=1)
def lemma_table() -> dict[str, str]:
    """spaCy's English lookup lemma table (spacy-lookups-data) as a plain dict."""
    nlp = get_nlp()
    lookups = nlp.get_pipe("lemmatizer").lookups
    return dict(lookups.get_table("lemma_lookup").items()) if lookups.has_table("lemma_lookup") else {}
