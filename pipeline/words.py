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
INNER = frozenset("the your my their his her our its any".split())
# how often or how long says nothing about which concept ("persistent heartburn" is heartburn, the plainest
# form); degrees that name a different concept ("mild"/"severe", "acute"/"chronic") are CONFUSABLE instead
DURATION = frozenset("persistent recurring recurrent frequent constant ongoing occasional prolonged excessive".split())
# words that join the others without changing the concept: "pain in the neck" is "neck pain", a
# "lung-related condition" a lung condition
FUNCTION = frozenset("of in on at for to with from by into related".split())
# the taking in of a food or drink is that food or drink as a cause or a treatment ("coffee consumption"
# is coffee, "alcohol intake" alcohol), and the level of a substance is that substance ("uric acid levels"
# are uric acid, the annotation's "high uric acid"): the word names no concept of its own beside another word
INTAKE = frozenset("consumption intake level levels".split())
WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
# an ache, a soreness, a discomfort are a pain: the annotations' canonical names read them so ("discomfort at
# the injection site" is injection site pain), and so do the condition finder and the ontology linker
PAIN_WORDS = {"ache": "pain", "aches": "pain", "soreness": "pain", "discomfort": "pain"}


@lru_cache(maxsize=1)
def singulars() -> dict[str, str]:
    """Plural -> singular of the English nouns spaCy's lookup lemmatizer knows ("patches" -> "patch",
    "sinuses" -> "sinus"), from spacy-lookups-data's English table (the data file its wheel ships, read
    as JSON so that the global step need not load spaCy), memoized on disk."""
    from .derived import memo, package_version

    def build() -> dict[str, str]:
        return {w: lemma for w, lemma in _lemma_lookup().items()
                if plural_looking(w) and lemma != w and w.startswith(lemma[:-1]) and w.islower()}

    return memo("singulars", (package_version("spacy-lookups-data"),), build)


@lru_cache(maxsize=1)
def gerunds() -> dict[str, str]:
    """-ing form -> base verb of the English verbs spaCy's lookup lemmatizer knows ("quitting" -> "quit",
    "limiting" -> "limit"), from the same data file as ``singulars``, memoized on disk."""
    from .derived import memo, package_version

    def build() -> dict[str, str]:
        return {w: lemma for w, lemma in _lemma_lookup().items() if w.endswith("ing") and lemma != w and w.islower()}

    return memo("gerunds", (package_version("spacy-lookups-data"),), build)


@lru_cache(maxsize=1)
def ing_forms() -> dict[str, tuple[str, ...]]:
    """Base verb -> its -ing forms ("quit" -> "quitting"): ``gerunds`` the other way round."""
    out: dict[str, list[str]] = {}
    for ing, base in sorted(gerunds().items()):
        out.setdefault(base, []).append(ing)
    return {base: tuple(forms) for base, forms in out.items()}


def _lemma_lookup() -> dict[str, str]:
    from importlib.resources import files

    with (files("spacy_lookups_data") / "data" / "en_lemma_lookup.json.gz").open("rb") as fh:
        return json.loads(gzip.decompress(fh.read()))


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


@lru_cache(maxsize=1)
def zipf_table() -> dict[str, float]:
    """wordfreq's English frequencies as zipf values, loaded once (its wheel carries the data)."""
    import math

    from .derived import memo, package_version

    def build() -> dict[str, float]:
        from wordfreq import get_frequency_dict

        # wordfreq's frequencies come in a few hundred steps: one float object per value, shared by its
        # words (marshal keeps the sharing), instead of 320,000 (7.7 MB, and pages a forked worker
        # copies when a lookup touches a value's reference count)
        values: dict[float, float] = {}
        return {w: values.setdefault(z, z) for w, f in get_frequency_dict("en", wordlist="best").items()
                for z in (math.log10(f) + 9,)}

    return memo("zipf", (package_version("wordfreq"),), build)


def zipf(word: str) -> float:
    return zipf_table().get(word.lower(), 0.0)


# ---- words glued by a scraper ----------------------------------------------------------------------------
# Some scrapes drop the spaces around links ("such asibuprofen(Advil)", "Fish oilandturmericsupplementsmay
# help"): the words inside are invisible to every later stage. A page that shows the pattern often has its
# unknown words split into known ones; a page with a few unknown words has names and terms, left alone.

# the short words a glued word is most often made of; "a"/"an" only open one ("abalanced diet")
_GLUE_SHORT = frozenset("""a an the of or and as in to is are was were be been may can for with at by on your you
from that this it its their than also has have had not more most such like into which who will should could would
these those some many other our we they he she his her all any each but if so when how what about after before
between during without within including include includes""".split())
_GLUE_CHUNK_SKIP = re.compile(r"[/@_=\\]|[A-Za-z]\.[A-Za-z]")  # a URL, an e-mail address, a file name
_GLUE_TOKEN = re.compile(r"(?<![A-Za-z])[A-Za-z][a-z]{4,}(?![A-Za-z])")
GLUE_MIN, GLUE_RATE = 5, 3.0  # a page shows the pattern: this many distinct glued words, and per 1,000 words
# a word this frequent (zipf) is a word: web text has its own glued forms ("themost"), rare but known
_GLUE_RARE = 2.0
_GLUE_COMMON = 4.0  # how common (zipf) the other piece of a rare known word's split must be
# the same scrape glues a parenthesis to the word before or after it (not "medication(s)")
_GLUED_OPEN = re.compile(r"(?<=[a-z])\((?=[A-Za-z]{2})")
_GLUED_CLOSE = re.compile(r"(?<=[A-Za-z])\)(?=[a-z]{2})")


@lru_cache(maxsize=1)
def term_words() -> frozenset[str]:
    """The words of the lexicon's surfaces and the gazetteer's terms ("anovulation" is a term, not "an
    ovulation"), memoized on disk."""
    from .derived import memo
    from .resources import resource_versions
    from .resources.loader import DRUG_CLASSES, gazetteer, lexicon

    def build() -> list[str]:
        letters = re.compile(r"[a-z]+")
        # not the drug names: they give treatments their ids and nothing else (a tagger fitted with them
        # did no better)
        found = {w for term, cls, _ in gazetteer() if cls not in DRUG_CLASSES for w in letters.findall(term)}
        found.update(w for e in lexicon() for w in letters.findall(e.surface.lower()))
        return sorted(found)

    versions = resource_versions()
    return frozenset(memo("term-words", (versions["gazetteer.tsv.gz"], versions["lexicon.csv"]), build))


def _piece_floor(n: int) -> float:
    """How common a piece of ``n`` letters must be (zipf) to be one a glued word is made of, besides a short
    word: the shorter, the more common (a rare short string is more likely a fragment than a word)."""
    return 1.5 if n >= 8 else 2.5 if n >= 6 else 3.0 if n >= 4 else 4.5 if n == 3 else 99.0


@lru_cache(maxsize=1 << 15)
def glue_split(word: str) -> tuple[str, ...]:
    """The words a lower-case word wordfreq does not know (or knows as rare) is made of, fewest pieces
    first and then the most common ones, with at least one short word among them ("percentof" ->
    "percent", "of"; "themost") or, for an unknown word, all of them common and long ("heartdisease");
    () when it is not so made."""
    table = zipf_table()
    rare = table.get(word, 0.0)
    if rare >= _GLUE_RARE or word in term_words():
        return ()
    n = len(word)
    # best[i]: (pieces, minus their summed zipf, the pieces) of the best split of word[:i]
    best: list[tuple | None] = [None] * (n + 1)
    best[0] = (0, 0.0, ())
    for j in range(n):
        if best[j] is None:
            continue
        count, score, pieces = best[j]
        for i in range(j + 1, min(n, j + 30) + 1):
            piece = word[j:i]
            z = table.get(piece, 0.0)
            if piece in _GLUE_SHORT:
                if piece in ("a", "an") and (j or i == n):
                    continue
            elif z < _piece_floor(i - j):
                continue
            cand = (count + 1, score - z, pieces + (piece,))
            if best[i] is None or cand[:2] < best[i][:2]:
                best[i] = cand
    found = best[n]
    if found is None or found[0] < 2:
        return ()
    pieces = found[2]
    if rare:
        # a word wordfreq knows, however rarely, is more often itself than a glue ("relaxin", "expectorants" is
        # not "expect or ants", "anovulatory" not "an ovulatory"): only a short word and a common one ("themost")
        return pieces if len(pieces) == 2 and all(p in _GLUE_SHORT or table.get(p, 0.0) >= _GLUE_COMMON
                                                  for p in pieces) and set(pieces) & _GLUE_SHORT else ()
    if any(p in _GLUE_SHORT for p in pieces) or all(len(p) >= 5 and table.get(p, 0.0) >= 3.5 for p in pieces):
        return pieces
    return ()


def unglue(lines: list[str]) -> list[str] | None:
    """The lines with their glued words spaced, when the page shows the pattern (``GLUE_MIN`` distinct
    glued words, ``GLUE_RATE`` glued words per 1,000), else None. A word inside a URL, an e-mail address
    or a file name stays as it is."""
    table = zipf_table()
    spaced: dict[str, str] = {}
    for word in set(_GLUE_TOKEN.findall("\n".join(lines))):
        if table.get(word.lower(), 0.0) < _GLUE_RARE:  # the common words skip the split's cache
            pieces = glue_split(word.lower())
            if pieces:
                spaced[word] = word[0] + " ".join(pieces)[1:]
    if len(spaced) < GLUE_MIN:
        return None
    used: dict[str, int] = {}

    def space(m: re.Match) -> str:
        word = m.group()
        new = spaced[word]
        line = m.string
        a, b = line.rfind(" ", 0, m.start()) + 1, line.find(" ", m.end())
        if _GLUE_CHUNK_SKIP.search(line[a:b if b >= 0 else len(line)]):
            return word
        used[word] = used.get(word, 0) + 1
        return new

    # one pattern of the page's glued words: the substitution calls back only where one of them stands
    glued = re.compile(r"(?<![A-Za-z])(?:" + "|".join(map(re.escape, sorted(spaced, key=len, reverse=True)))
                       + r")(?![A-Za-z])")
    out = [glued.sub(space, line) for line in lines]
    n_words = sum(len(line.split()) for line in lines)
    if len(used) < GLUE_MIN or 1000 * sum(used.values()) / max(1, n_words) < GLUE_RATE:
        return None
    return [_GLUED_CLOSE.sub(") ", _GLUED_OPEN.sub(" (", line)) for line in out]  # "acetaminophen(Tylenol)are"
