"""Extraction's shared machinery: the lexicon and rules compiled into matchers (``Extractor``), the
tokens of a sentence and their matches (``Tokens``), and the lexicon's word classes and tagger."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ...nlp import Doc, PhraseMatcher, lemma_table, tokenizer_only
from ...resources.loader import (DRUG_CLASSES, ExtractRules, LexEntry, ResourceError, extract_rules, gazetteer,
                                 lexicon, load_tagger)
from ..dedupe import normalize_key
from ..tagger import STOP, TAGS, Lexical, Tagger


ITEM_TYPES = {"cause": "cause", "symptom": "symptom", "treatment": "treatment", "exercise": "exercise",
              "prevention": "treatment"}
NUMBERING = re.compile(r"^\s*(?:step\s*)?\d+[.):]?\s+|^\s*[-•*]\s+", re.I)


def fold(word: str) -> str:
    """A word's comparison form: lower case, plurals folded to the singular ("discs" -> "disc").

    Only plural-looking forms take their lookup lemma: verb lemmas would make "lift" match "lifting"
    and "rolling" match "roll"."""
    low = word.lower()
    if len(low) > 3 and low.endswith("s") and not low.endswith(("ss", "us", "is")):
        lemma = lemma_table()(low)
        if lemma != low and low.startswith(lemma[:-1]):
            return lemma
    return low


def normalize_tokens(words: list[str]) -> str:
    """The comparison form of a phrase: its words folded."""
    return " ".join(fold(w) for w in words)




_LETTERS = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True)
class Anchors:
    """What a sentence must hold for a match that can make a mention (a typed lexicon entry, a cue, a
    trigger about the sentence before): each such pattern has an anchor, its rarest word (wordfreq), and
    a match holds a token whose lower-case form is its anchor.

    A token that is a word of ASCII letters is a whole run of letters of its text (spaCy splits a run
    of letters only at its special cases: "cannot" is "can" + "not"; its affixes and infixes are
    punctuation, or units and currencies after a digit), so ``words`` holds the anchors that are such
    words and the runs a special case splits into one; a pattern without such a word is looked for by
    its first token as a substring ("covid-19", "b12"). Tested: a sentence ``may_match`` rejects has no
    such match (seeds, real pages, generated text)."""

    words: frozenset[str]
    others: tuple[str, ...]

    @classmethod
    def build(cls, patterns: list[list[str]], special_cases: dict) -> "Anchors":
        from spacy.attrs import ORTH

        from ..despin import zipf

        anchors, others = set(), set()
        for words in patterns:
            plain = [w for w in words if w.isascii() and w.isalpha()]
            if plain:
                anchors.add(min(plain, key=lambda w: (zipf(w), -len(w), w)))
            elif words:
                others.add(words[0])
        split_runs = set()
        for key, pieces in special_cases.items():
            orths, pos = [], 0
            for piece in pieces:
                orth = piece.get(ORTH, piece.get("ORTH", ""))
                orths.append((pos, pos + len(orth), orth))
                pos += len(orth)
            for run in _LETTERS.finditer(key):
                if any(run.start() <= a and b <= run.end() and (a, b) != run.span() and o.lower() in anchors
                       for a, b, o in orths):
                    split_runs.add(run.group().lower())
        return cls(frozenset(anchors | split_runs), tuple(sorted(others)))

    def may_match(self, text: str) -> bool:
        low = text.lower()
        if not self.words.isdisjoint(_LETTERS.findall(low)):
            return True
        return any(o in low for o in self.others)


@dataclass(frozen=True)
class Extractor:
    """Matchers built once per process from the lexicon and the extraction rules."""

    exact: PhraseMatcher
    lemma: PhraseMatcher
    cues: PhraseMatcher
    triggers: PhraseMatcher
    entries: tuple[LexEntry, ...]
    rules: ExtractRules
    anchors: Anchors
    cue_of: dict  # cue id -> Cue
    pseudo: dict  # trigger id -> its pseudo-trigger phrases as lower-case token tuples


def tokens(text: str) -> Doc:
    """spaCy's tokenizer; no per-token work (plural variants are in the patterns instead)."""
    return tokenizer_only().tokenizer(text)


class Tokens:
    """One text's tokens, indexed from 0 as in a Doc of that text alone, and the matches of the
    extractor's phrase matchers in it (``(match_id, start, end)``, in the matcher's order).

    The tokens may sit inside a Doc of several texts (``sentence_tokens``): spaCy tokenizes each
    whitespace-separated chunk on its own, so they are the same, and one Doc and one call of each
    matcher per document cost about half as much as one per sentence."""

    __slots__ = ("doc", "start", "end", "char0", "vocab", "matches", "texts", "lowers", "strings")

    def __init__(self, doc: Doc, start: int, end: int, char0: int, matches: dict[str, list],
                 strings: TokenStrings | None = None):
        self.doc, self.start, self.end, self.char0, self.vocab = doc, start, end, char0, doc.vocab
        self.matches = matches
        # the tokens' texts, lower-case forms, offsets and flags as plain lists: the stage reads them many
        # times over, and a Token object costs more to make than the lookup it serves
        self.strings = strings = strings or token_strings(doc)
        self.texts, self.lowers = strings.texts[start:end], strings.lowers[start:end]

    def __len__(self) -> int:
        return self.end - self.start

    def __getitem__(self, i: int):
        n = self.end - self.start
        if i < 0:
            i += n
        if not 0 <= i < n:
            raise IndexError(i)
        return self.doc[self.start + i]

    def chars(self, start: int, end: int) -> tuple[int, int]:
        """The character offsets (in this text) of tokens ``start:end``, as ``Span.start_char/end_char``."""
        idx = self.strings.idx
        return idx[self.start + start] - self.char0, idx[self.start + end - 1] + len(self.texts[end - 1]) - self.char0

    def glued(self, i: int) -> bool:
        """Whether token ``i`` and the next touch (no whitespace between them: "C-section" is three tokens)."""
        idx = self.strings.idx
        return idx[self.start + i] + len(self.texts[i]) == idx[self.start + i + 1]

    def is_punct(self, i: int) -> bool:
        return bool(self.strings.punct[self.start + i])

    def like_num(self, i: int) -> bool:
        return bool(self.strings.num[self.start + i])

    def char_span(self, a: int, b: int) -> tuple[int, int] | None:
        """The tokens inside characters ``a:b`` of this text (``alignment_mode="contract"``), or None."""
        span = self.doc.char_span(self.char0 + a, self.char0 + b, alignment_mode="contract")
        return None if span is None else (span.start - self.start, span.end - self.start)


_MATCHERS = ("exact", "lemma", "cues", "triggers")


# Between two texts: one space ends the last token, the other two are a whitespace token of their own,
# which no pattern holds (so no match crosses two texts). Not a newline: spaCy's tokenizer stops
# caching chunks for the rest of a text once it has met a special case, and "\n" is one.
_GAP = "   "


def sentence_tokens(texts: list[str], ex: Extractor) -> list[Tokens]:
    """Tokens and matches of each text, from one Doc of the texts joined. The texts must not start or
    end with whitespace (sentences do not)."""
    import numpy as np
    from spacy.attrs import IDX

    joined = tokens(_GAP.join(texts))
    starts_c = np.cumsum([0] + [len(t) + len(_GAP) for t in texts[:-1]])
    idx = joined.to_array(IDX).astype(np.int64) if len(joined) else np.zeros(0, dtype=np.int64)
    starts = np.searchsorted(idx, starts_c, side="left").tolist()
    ends = np.searchsorted(idx, starts_c + np.array([len(t) for t in texts]), side="left").tolist()
    per: list[dict[str, list]] = [{name: [] for name in _MATCHERS} for _ in texts]
    for name in _MATCHERS:
        found = getattr(ex, name)(joined)
        if not found:
            continue
        which = (np.searchsorted(np.asarray(starts), [m[1] for m in found], side="right") - 1).tolist()
        for (match_id, a, b), k in zip(found, which):
            per[k][name].append((match_id, a - starts[k], b - starts[k]))
    strings = token_strings(joined)
    return [Tokens(joined, a, b, c, m, strings) for a, b, c, m in zip(starts, ends, starts_c.tolist(), per)]


@dataclass
class TokenStrings:
    """A Doc's per-token texts, lower-case forms, character offsets, punctuation and number flags."""

    texts: list[str]
    lowers: list[str]
    idx: list[int]
    punct: list[int]    # 1 for punctuation
    num: list[int]      # 1 for a number-like token


def token_strings(doc: Doc) -> TokenStrings:
    """Read from the Doc's arrays in one go (no Token objects made); a token's lower-case form is its
    text's (spaCy's ``LOWER`` is ``str.lower`` of the text)."""
    from spacy.attrs import IDX, IS_PUNCT, LIKE_NUM, ORTH

    if not len(doc):
        return TokenStrings([], [], [], [], [])
    arr = doc.to_array([ORTH, IDX, IS_PUNCT, LIKE_NUM])
    strings = doc.vocab.strings
    texts = [strings[h] for h in arr[:, 0].tolist()]
    return TokenStrings(texts, [t.lower() for t in texts], arr[:, 1].tolist(), arr[:, 2].tolist(), arr[:, 3].tolist())


def text_tokens(text: str, ex: Extractor) -> Tokens:
    """Tokens and matches of one text on its own (any text: a title, a sentence)."""
    doc = tokens(text)
    return Tokens(doc, 0, len(doc), 0, {name: list(getattr(ex, name)(doc)) for name in _MATCHERS})


def number_variants(word: str) -> set[str]:
    """The other grammatical number of a word: "disc" <-> "discs", "injury" <-> "injuries"."""
    w = word.lower()
    out = set()
    if not w.isalpha() or len(w) < 3:
        return out
    if w.endswith("ies") and len(w) > 4:
        out.add(w[:-3] + "y")
    elif w.endswith(("ches", "shes", "sses", "xes")):
        out.add(w[:-2])
    elif w.endswith("s") and not w.endswith(("ss", "us", "is")):
        out.add(w[:-1])
    if not w.endswith("s"):
        if w.endswith("y") and w[-2] not in "aeiou":
            out.add(w[:-1] + "ies")
        elif w.endswith(("ch", "sh", "x")):
            out.add(w + "es")
        else:
            out.add(w + "s")
    return out


def variants(text: str) -> list[list[str]]:
    """Token sequences of a phrase with its first or last word in the other number."""
    words = [t.text.lower() for t in tokenizer_only().tokenizer(text)]
    out = []
    for pos in {0, len(words) - 1} if words else ():
        for v in number_variants(words[pos]):
            out.append(words[:pos] + [v] + words[pos + 1:])
    return out


_MATCHER_NAMES = ("exact", "lemma", "cues", "triggers")


def _pattern_words(entries: tuple[LexEntry, ...], rules: ExtractRules) -> dict:
    """The patterns of each phrase matcher as token words, ``{matcher: [(key, [words, ...]), ...]}``
    in the order they are added, and the anchors' ``(words, others)``: what building the matchers costs
    besides the Docs (tokenizing ~5,500 phrases and their variants, choosing the anchors)."""
    table: dict = {name: [] for name in _MATCHER_NAMES}
    # the words of the patterns that can make a mention by themselves, for the anchors: typed lexicon
    # entries, cues and the triggers that flag the sentence before; a generic ("none") entry or another
    # trigger only matters in a sentence that has one of those
    patterns_words: list[list[str]] = []

    def add(name: str, key: str, seqs: list[list[str]], anchored: bool = True) -> None:
        seqs = [seq for seq in seqs if seq]
        if anchored:
            patterns_words.extend([w.lower() for w in seq] for seq in seqs)  # the tokens' ``lower_``
        if seqs:
            table[name].append((key, seqs))

    def words(text: str) -> list[str]:
        return [t.text for t in tokens(text)]

    for i, e in enumerate(entries):
        add("exact", str(i), [words(e.surface.lower())], e.type != "none")
        add("lemma", str(i), variants(e.surface), e.type != "none")
    for c in rules.cues:
        add("cues", c.id, [words(p.lower()) for p in c.phrases] + [v for p in c.phrases for v in variants(p)])
    for t in rules.triggers:
        add("triggers", t.id, [words(p.lower()) for p in t.phrases], t.direction == "previous_sentence")
    anchors = Anchors.build(patterns_words, tokenizer_only().tokenizer.rules)
    table["anchors"] = (sorted(anchors.words), list(anchors.others))
    return table


@lru_cache(maxsize=1)
def extractor() -> Extractor:
    """The phrase matchers, from the pattern words memoized on the lexicon, the rules, spaCy (its
    tokenizer) and wordfreq (the anchors): only the pattern Docs are built each run."""
    from ...derived import memo, package_version
    from ...resources import resource_versions

    nlp = tokenizer_only()
    entries = lexicon()
    rules = extract_rules()
    versions = resource_versions()
    sources = (versions["lexicon.csv"], versions["extract_rules.toml"])
    table = memo("matcher-patterns-v2", (sources, package_version("spacy"), package_version("wordfreq")),
                 lambda: _pattern_words(entries, rules))
    matchers = {}
    for name in _MATCHER_NAMES:
        matcher = matchers[name] = PhraseMatcher(nlp.vocab, attr="LOWER")
        for key, seqs in table[name]:
            matcher.add(key, [Doc(nlp.vocab, words=seq) for seq in seqs])
    words, others = table["anchors"]
    return Extractor(matchers["exact"], matchers["lemma"], matchers["cues"], matchers["triggers"], entries, rules,
                     Anchors(frozenset(words), tuple(others)), {c.id: c for c in rules.cues},
                     {t.id: tuple(tuple(w.lower_ for w in nlp.tokenizer(p)) for p in t.pseudo) for t in rules.triggers})


@lru_cache(maxsize=1)
def surface_concepts() -> dict[tuple[str, str], str]:
    """(type, normalized surface) -> concept of every typed lexicon entry: a tagger span that is a lexicon
    surface where the rules did not match it ("become stiff" in a sentence the matchers skipped) still
    takes its concept."""
    return {(e.type, normalize_key(e.surface)): e.concept for e in lexicon() if e.type in ITEM_TYPES and e.concept}


@lru_cache(maxsize=1)
def concepts_by_key() -> dict[str, set[str]]:
    """Normalized surface -> the lexicon concepts it stands for in any type ("gerd": acid reflux)."""
    by: dict[str, set[str]] = {}
    for (_, key), concept in surface_concepts().items():
        by.setdefault(key, set()).add(concept)
    return by


@lru_cache(maxsize=4096)
def lexicon_word(word: str) -> bool:
    """Whether a word is a typed lexicon surface of its own ("stretching"), not only part of one."""
    key = normalize_key(word)
    return any((t, key) in surface_concepts() for t in ITEM_TYPES)


@lru_cache(maxsize=2)
def tagger(model_file: str = "", wordnet_path: str = "") -> Tagger:
    """The trained tagger (``model_file``, "" for the packaged one)."""
    model = load_tagger(model_file)
    if model.tags != TAGS:
        raise ResourceError(f"tagger model {model_file or 'packaged'} tags {model.tags}, this code {TAGS}: "
                            "rebuild it with 'make train'")
    return Tagger(model.hashes, model.weights, model.bias, model.threshold, lexical(wordnet_path), model.aliases)


@lru_cache(maxsize=2)
def lexical(wordnet_path: str = "") -> Lexical:
    """The word knowledge the tagger's features read: plural folding, WordNet's classes (none when WordNet
    is not installed), word frequencies, and the types of the lexicon entries that hold each word."""
    from ...wordnet import WordNetMissing, load
    from ..despin import zipf

    try:
        wn = load(wordnet_path)
        classes, senses = wn.classes, wn.sense_classes
    except WordNetMissing:
        def classes(word: str) -> tuple[str, ...]:
            return ()
        senses = classes
    from ...derived import memo, package_version
    from ...resources import resource_versions

    versions = resource_versions()
    types, words, terms = memo("word-classes", (versions["lexicon.csv"], versions["gazetteer.tsv.gz"],
                                                package_version("spacy-lookups-data")), _word_classes)
    shared: dict[tuple[str, ...], tuple[str, ...]] = {}  # one tuple object per distinct set of classes

    def one(table: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
        return {w: shared.setdefault(c, c) for w, c in table.items()}

    return Lexical(fold=lru_cache(maxsize=1 << 15)(fold), classes=classes, senses=senses, zipf=zipf,
                   lexicon_types=one(types), gazetteer_words=one(words), gazetteer_terms=one(terms))


def _word_classes() -> tuple[dict[str, tuple[str, ...]], ...]:
    """The types of the lexicon entries holding each word; the classes of the gazetteer terms holding each
    (folded) word, and of each one-word term. Memoized on disk: reading the gazetteer is most of a
    worker's start-up otherwise."""
    types: dict[str, set[str]] = {}
    for e in lexicon():
        for w in e.surface.lower().split():
            types.setdefault(w, set()).add(e.type)
    words: dict[str, set[str]] = {}
    terms: dict[str, set[str]] = {}
    for term, cls, _ in gazetteer():
        if cls in DRUG_CLASSES:  # drug names give treatments their ids; as tagger features they did not pay
            continue
        parts = term.split()
        if len(parts) == 1:
            terms.setdefault(fold(term), set()).add(cls)
        for w in parts:
            if len(w) >= 3 and w.isalpha() and w not in STOP:
                words.setdefault(fold(w), set()).add(cls)
    return tuple({w: tuple(sorted(c)) for w, c in sorted(table.items())} for table in (types, words, terms))
