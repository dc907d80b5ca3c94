"""The one spaCy pipeline of a process: ``spacy.blank("en")`` with a sentencizer and the lookup lemmatizer."""
from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.matcher import PhraseMatcher  # noqa: F401  (the stages import spaCy's classes from here)
from spacy.strings import hash_string
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc  # noqa: F401


# The lexeme attributes the stages read: ``Token.lower_`` (and the matchers' ``LOWER``), ``is_punct`` (the
# sentencizer's rule) and ``like_num``. A word the process has not met gets a lexeme with these only,
# not spaCy's other twenty (shape, prefix, suffix, norm, stop word...): they were a third of the cost of
# tokenizing new text and grew the string store. Tested: the same values as a full ``spacy.blank("en")``.
LEX_ATTRS = ("LOWER", "IS_PUNCT", "LIKE_NUM")


LETTERS_TOKENIZER = "health_curation.letters_tokenizer.v1"


@spacy.registry.tokenizers(LETTERS_TOKENIZER)
def letters_tokenizer() -> Callable[[Language], Tokenizer]:
    """spaCy's English tokenizer (``spacy.Tokenizer.v1``: the same prefix, suffix and infix rules, special
    cases and URL rule) with ``token_match=str.isalpha``: a chunk of letters only is one token.

    It is one token under spaCy's rules anyway: none of the English prefix, suffix or infix rules takes
    a letter (tested for every letter in Unicode), and a special case ("Cannot", "Im") is looked up
    before ``token_match``. Saying so up front spares each new word the four regular-expression searches
    (prefix, suffix, infix, URL) that find nothing: about 40 % of the tokenizer's time on new text, where
    each process meets most of its words for the first time. Tokens are the same (tested against
    ``spacy.blank("en")``)."""

    def factory(nlp: Language) -> Tokenizer:
        from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex

        defaults = nlp.Defaults
        if defaults.token_match is not None:  # pragma: no cover - English has none; keep another's
            raise ValueError(f"{nlp.lang} has a token_match of its own")
        return Tokenizer(nlp.vocab, rules=defaults.tokenizer_exceptions,
                         prefix_search=compile_prefix_regex(defaults.prefixes).search,
                         suffix_search=compile_suffix_regex(defaults.suffixes).search,
                         infix_finditer=compile_infix_regex(defaults.infixes).finditer,
                         token_match=str.isalpha, url_match=defaults.url_match)

    return factory


@lru_cache(maxsize=1)
def get_nlp() -> Language:
    """The segmentation pipeline, built once per process: ``spacy.blank("en")`` with ``letters_tokenizer``
    + sentencizer, whose new lexemes carry ``LEX_ATTRS`` only."""
    from spacy.attrs import IDS

    nlp = spacy.blank("en", config={"nlp": {"tokenizer": {"@tokenizers": LETTERS_TOKENIZER}}})
    nlp.add_pipe("sentencizer")
    keep = {IDS[name] for name in LEX_ATTRS}
    nlp.vocab.lex_attr_getters = {k: f for k, f in nlp.vocab.lex_attr_getters.items() if k in keep}
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
