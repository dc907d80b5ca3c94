"""Words as the knowledge base compares and shows them: which words say nothing about a concept, and
plurals folded (for comparison keys) or made singular (for display names)."""
from __future__ import annotations

import gzip
import json
import re
from functools import lru_cache

LEADING = frozenset("a an the your my their his her our its some any this that these those".split())
# determiners and possessives say nothing about the concept wherever they stand ("consult your doctor" is
# "consult a doctor"); "a" is kept last, where it is a letter ("vitamin a")
INNER = frozenset("the your my their his her our its".split())
# how often or how long says nothing about which concept ("persistent heartburn" is heartburn, the plainest
# form); degrees that name a different concept ("mild"/"severe", "acute"/"chronic") are CONFUSABLE instead
DURATION = frozenset("persistent recurring recurrent frequent constant ongoing occasional prolonged excessive".split())
# words that join the others without changing the concept: "pain in the neck" is "neck pain"
FUNCTION = frozenset("of in on at for to with from by into".split())
WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")


@lru_cache(maxsize=1)
def singulars() -> dict[str, str]:
    """Plural -> singular of the English nouns spaCy's lookup lemmatizer knows ("patches" -> "patch",
    "sinuses" -> "sinus"), from spacy-lookups-data's English table (the data file its wheel ships, read
    as JSON so that the global step need not load spaCy), memoized on disk."""
    from .derived import memo, package_version

    def build() -> dict[str, str]:
        from importlib.resources import files

        with (files("spacy_lookups_data") / "data" / "en_lemma_lookup.json.gz").open("rb") as fh:
            table = json.loads(gzip.decompress(fh.read()))
        return {w: lemma for w, lemma in table.items()
                if plural_looking(w) and lemma != w and w.startswith(lemma[:-1]) and w.islower()}

    return memo("singulars", (package_version("spacy-lookups-data"),), build)


def plural_looking(word: str) -> bool:
    return len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is"))


def fold(word: str) -> str:
    """A word's key form: possessive dropped, a plural singular (a word the lemma table lacks loses its
    final "s" or "ies" -> "y", which only has to be consistent, never shown)."""
    if word.endswith("'s"):
        word = word[:-2]
    known = singulars().get(word)
    if known:
        return known
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if plural_looking(word):
        return word[:-1]
    return word


def singular(word: str) -> str:
    """A word's display form: possessive dropped, a plural the lemma table knows made singular, any other
    word as written ("herpes", "whereas", "diabetes" stay whole)."""
    if word.endswith("'s"):
        word = word[:-2]
    return singulars().get(word, word)
