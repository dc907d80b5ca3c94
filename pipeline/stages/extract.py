"""Extract: cause, symptom, treatment and exercise mentions from the content sentences of kept documents.

Three sources of mentions, each named in the ``rule`` column:

- ``lexicon``: the project lexicon, matched with spaCy PhraseMatchers on the lower-case form and
  on the other grammatical number of its first or last word ("herniated discs" = "Herniated Disc");
- ``cue:<id>``: cue constructions ("caused by X", "symptoms include X, Y and Z") over phrases bounded
  by stopwords and punctuation, for what the lexicon lacks;
- ``section_item``: a short heading, list item or "Label:" under a heading classified as causes,
  symptoms, treatment or exercises.
- ``list``: an item of a coordinated list ("swollen, red, tender, or warm") whose other items are mentions
  of one type.

The section decides ambiguous lexicon types; ConText-style triggers set the ``negated`` and
``contraindicated`` flags; each document gets its ``condition`` from its title and headings.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..config import ExtractSettings
from ..nlp import Doc, PhraseMatcher, lemma_table, tokenizer_only
from ..ontology import condition_ontology, lookup, subclass_of
from ..records import CONTENT, HEADING, ITEM, TEXT, Document, Mention, Sentence
from ..resources.loader import (DRUG_CLASSES, ExtractRules, LexEntry, ResourceError, classify_heading, extract_rules,
                                gazetteer, lexicon, load_tagger)
from .compare import LABEL, attribute
from .condition import compared, find_condition, head_end, head_word, kind_of, term_spans
from .condition import terms as condition_terms
from .dedupe import LIGHT_VERBS, normalize_key
from .tagger import CUE_SIDES, KINDS, LEX_TAGS, SECTION_CLASSES, STOP, TAGS, Context, Lexical, Tagger

ITEM_TYPES = {"cause": "cause", "symptom": "symptom", "treatment": "treatment", "exercise": "exercise",
              "prevention": "treatment"}
_NUMBERING = re.compile(r"^\s*(?:step\s*)?\d+[.):]?\s+|^\s*[-•*]\s+", re.I)


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

        from .despin import zipf

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
    from ..derived import memo, package_version
    from ..resources import resource_versions

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
def _lexicon_word(word: str) -> bool:
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
    from ..wordnet import WordNetMissing, load
    from .despin import zipf

    try:
        wn = load(wordnet_path)
        classes, senses = wn.classes, wn.sense_classes
    except WordNetMissing:
        def classes(word: str) -> tuple[str, ...]:
            return ()
        senses = classes
    from ..derived import memo, package_version
    from ..resources import resource_versions

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


# ---- the document's condition -----------------------------------------------------------------------

# ---- spans ----------------------------------------------------------------------------------------

def _lexicon_spans(tdoc: Tokens, ex: Extractor) -> list[tuple[int, int, int]]:
    """Non-overlapping (start, end, entry) lexicon matches: longest first, the exact form before a lemma match."""
    found = []
    for match_id, start, end in tdoc.matches["exact"]:
        found.append((end - start, 1, start, end, int(tdoc.vocab.strings[match_id])))
    for match_id, start, end in tdoc.matches["lemma"]:
        found.append((end - start, 0, start, end, int(tdoc.vocab.strings[match_id])))
    found.sort(key=lambda x: (-x[0], -x[1], x[2]))
    taken = [False] * len(tdoc)
    out = []
    for _, exact, start, end, idx in found:
        if any(taken[start:end]):
            continue
        for k in range(start, end):
            taken[k] = True
        out.append((start, end, idx))
    return sorted(out)


def _phrases(tdoc: Tokens, start: int, end: int, step: int, rules: ExtractRules) -> list[tuple[int, int]]:
    """Phrases next to a cue, reading forward (step 1) or backward (step -1), split at commas and and/or."""
    out, cur = [], []
    i = start
    while 0 <= i < len(tdoc) and (end < 0 or i != end):
        low = tdoc.lowers[i]
        if tdoc.is_punct(i) and low not in ("-", "'", "’"):
            if cur:
                out.append(cur)
                cur = []
            if low != ",":
                break
        elif low in ("and", "or", "&"):
            if cur:
                out.append(cur)
                cur = []
        elif low in rules.stop or tdoc.like_num(i) and not cur:
            if cur:
                out.append(cur)
            break
        else:
            cur.append(i)
        i += step
        if len(out) >= 6:
            break
    if cur:
        out.append(cur)
    spans = []
    for idx in out:
        idx = sorted(idx)
        while idx and tdoc.lowers[idx[0]] in rules.leading_drop:
            idx = idx[1:]
        if not idx or len(idx) > rules.max_words:
            if step < 0:
                break
            continue
        spans.append((idx[0], idx[-1] + 1))
        if step < 0:
            break  # before a cue, only the nearest phrase is its subject
    return spans


@lru_cache(maxsize=1)
def _nouns() -> frozenset[str]:
    """Words WordNet knows as nouns, plus the lexicon's words: the heads a mention phrase can have."""
    from ..derived import file_stamp, memo
    from ..resources import resource_versions
    from ..resources.loader import lexicon
    from ..wordnet import WordNetMissing, load, resolve

    try:
        wn = load()
    except WordNetMissing:
        return frozenset()

    def build() -> frozenset[str]:
        words = {w.lower() for e in lexicon() for w in e.surface.split()}
        words.update(l for pos, lemmas in wn.synsets if pos == "n" for l in lemmas if "_" not in l)
        return frozenset(words)

    return memo("nouns", (file_stamp(resolve()), resource_versions().get("lexicon.csv")), build)


def _plausible(tdoc: Tokens, a: int, b: int) -> bool:
    """Without a tagger: a phrase whose last word is a noun (WordNet), not a number, and, alone, not a
    very common word ("changes", "way"): "left untreated" or "10-15 minutes" are not mentions."""
    from .despin import zipf

    nouns = _nouns()
    head = fold(tdoc.texts[b - 1])
    if tdoc.like_num(a) or tdoc.texts[a][:1].isdigit():
        return False
    if nouns and head not in nouns and head.rstrip("s") not in nouns:
        return False
    return b - a > 1 or zipf(head) < 4.8


def _blocked(tdoc: Tokens, a: int, b: int, taken: list[bool], generic: list[bool], rules: ExtractRules,
             before_cue: bool) -> bool:
    """A cue phrase the lexicon already covers, made only of generic words, or (before a cue) the object
    of a lexicon verb ("Strengthening the gluteal muscles can help": strengthening is the subject)."""
    if any(taken[a:b]):
        return True
    if all(generic[k] or tdoc.lowers[k] in ("of", "-") for k in range(a, b)):
        return True
    if not _plausible(tdoc, a, b):
        return True
    if before_cue and a > 0:
        k = a - 1
        if tdoc.lowers[k] in rules.leading_drop and k > 0:
            k -= 1
        return taken[k]
    return False


def _section_class(section: str, title: str = "") -> str:
    """The class of the innermost classified heading above a sentence; the article's title does not count."""
    for heading in reversed(section.split(" > ")) if section else []:
        if heading == title:
            continue
        cls = classify_heading(heading)
        if cls in ITEM_TYPES:
            return cls
        if cls:
            return ""
    return ""


_APOSTROPHE = re.compile("['’]")


def _item_phrase(text: str, kind: str, rules: ExtractRules) -> tuple[int, int] | None:
    """The span of a section item's name inside its sentence text: a short heading/item, or a "Label:" prefix."""
    m = _NUMBERING.match(text)
    a = m.end() if m else 0
    label_end = text.find(":", a)
    if 0 < label_end - a <= 60 and len(text[a:label_end].split()) <= rules.item_max_words:
        b = label_end
    elif kind in (HEADING, ITEM):
        b = len(text.rstrip(" .!?"))
    else:
        return None
    phrase = text[a:b].strip().lower()
    words = phrase.split()
    if not words or len(words) > rules.item_max_words or phrase in rules.stoplabels:
        return None
    first = _APOSTROPHE.split(words[0], 1)[0]  # "here’s" opens like "here"
    if first in rules.question_words or phrase.endswith("?") or first in rules.item_openers:
        return None
    if any(w.strip(",.") in rules.complaints or w == "pain" for w in words):
        return None  # a kind of the complaint itself ("Lower Back Pain Postpartum"), not a cause of it
    if any(w in rules.stop and w not in ("and", "or", "with", "for", "in", "on", "of", "to", "from", "after", "before",
                                         "during", "like")
           for w in words[1:]):
        return None  # a clause ("Here are a few to consider"), not the name of something
    return a, b


# ---- the stage ------------------------------------------------------------------------------------

def _mention(doc: Document, sent, tdoc: Tokens, start: int, end: int, typ: str, rule: str, entry: LexEntry | None,
             section: str, leading_drop: frozenset[str]) -> Mention:
    a, b = (sent.start + c for c in tdoc.chars(start, end))
    words = [tdoc.texts[k] for k in range(start, end) if tdoc.lowers[k] not in leading_drop or k > start]
    return Mention(mention_id=f"{doc.doc_id}-{a:06d}", doc_id=doc.doc_id, sentence_index=sent.index, start=a, end=b,
                   type=typ, surface=doc.text[a:b], norm=normalize_tokens(words), section=section, rule=rule,
                   # a lexicon entry of another type (a treatment the tagger read as a cause: "physical activity
                   # can contribute to hip pain") lends its words, not its concept
                   concept=entry.concept if entry and entry.type == typ else "",
                   ontology_id=entry.ontology_id if entry and entry.type == typ else "")


# words that end the name of an organization or a publication ("American Psychological Association")
_ORGANIZATIONS = frozenset(("association", "society", "foundation", "institute", "institutes", "center", "centre",
                            "clinic", "journal", "agency", "academy", "college", "university", "hospital",
                            "organization", "organisation", "council", "department", "school", "network",
                            "administration", "alliance", "coalition", "federation", "board", "centers"))
_NAME_JOINS = frozenset(("of", "for", "and", "&", "the", "on", "-", "–"))
_NAME_WORDS = 12


def _mostly_lower(texts: list[str]) -> bool:
    """Whether most words of a sentence are in lower case (prose, not a title-cased heading or label)."""
    words = [t for t in texts if t[:1].isalpha()]
    return 2 * sum(t[:1].isupper() for t in words) <= len(words)


def _in_proper_name(texts: list[str], start: int, end: int, after_capital: bool = True) -> bool:
    """Whether capitalized mention tokens ``start:end`` are part of a proper name in prose: the run of
    capitalized words holding them names an organization or a publication ("the American Cancer Society",
    "Journal of Cataract and Refractive Surgery"), or a one-word mention follows a capitalized word ("Johns
    Hopkins Medicine", "Yale Medicine"; not "group A Streptococcus"; only with ``after_capital``). For a
    sentence mostly in lower case (``_mostly_lower``): headings and title-cased labels capitalize every word."""
    if not all(texts[k][:1].isupper() for k in range(start, end)):
        return False
    a, b = start, end
    # a name is a dozen words at most (a bound that keeps a run-on text of capitals linear)
    while a > max(1, start - _NAME_WORDS) and (texts[a - 1][:1].isupper() or texts[a - 1].lower() in _NAME_JOINS
                                               and texts[a - 2][:1].isupper()):
        a -= 1
    while b < min(len(texts), end + _NAME_WORDS) and (texts[b][:1].isupper() or texts[b].lower() in _NAME_JOINS
                                                      and b + 1 < len(texts) and texts[b + 1][:1].isupper()):
        b += 1
    if sum(texts[k][:1].isupper() for k in range(a, b)) > 1 and any(texts[k].lower() in _ORGANIZATIONS
                                                                     for k in range(a, b)):
        return True
    # a capitalized word right before a one-word mention, not the sentence's first word nor a letter
    return after_capital and end - start == 1 and start > 1 and texts[start - 1][:1].isupper() \
        and len(texts[start - 1]) > 1 and texts[start - 1].isalpha()


def _acronyms(texts: list[str], mentions: list) -> None:
    """An acronym in parentheses stands for the words before it that it abbreviates: where one mention
    names them ("peripheral artery disease (PAD)"), the acronym takes its type and concept (not those of
    the "pad" it spells)."""
    for a, b, m in mentions:
        word = texts[a] if b - a == 1 else ""
        n = len(word)
        if n >= 2 and word.isalpha() and word.isupper() and a > n and texts[a - 1] == "(" \
                and b < len(texts) and texts[b] == ")":
            # the n words before the parenthesis (hyphens and other punctuation skipped: "platelet-rich")
            at = [k for k in range(max(0, a - 1 - 2 * n), a - 1) if texts[k][:1].isalpha()][-n:]
            if len(at) == n and "".join(texts[k][0] for k in at).upper() == word:
                # one mention that holds the last of those words and starts by the second ("lower back pain
                # (LBP)": "back pain" stands for it; "rest, ice, compression, elevation (RICE)": none does)
                full = next((x[2] for x in mentions if x[0] <= at[1 if n > 2 else 0] and x[1] > at[-1]), None)
                if full is not None:
                    m.type, m.concept = full.type, full.concept or m.concept


def _lemmas(name: str) -> tuple[str, ...]:
    """A name's words as lemmas ("coughing" -> cough), to tell the condition in other words."""
    lemmas = lemma_table()
    return tuple(lemmas(w) for w in name.split())


def _part_of_condition(norm: str, condition: str) -> bool:
    """Whether a mention names the article's condition by a part of its name that holds its head word
    ("diabetes" in an article on type 2 diabetes, "back pain" in one on lower back pain): the topic, not a
    cause of it."""
    words, names = norm.split(), condition.split()
    cut = head_end(names)
    return bool(words and names) and words[-1] == names[cut - 1] and set(words) <= set(names[:cut])


def _is_topic(norm: str, condition: str, complaints: frozenset[str]) -> bool:
    """The article's own subject ("back pain" in an upper-back-pain article) is not a symptom mention."""
    if not condition:
        return False
    cw = set(condition.split())
    nw = set(norm.split())
    return norm == condition or (nw <= cw | {"pain", "ache"} and bool(nw & (complaints | {"pain"})))


@dataclass
class View:
    """One content sentence as extraction sees it: its tokens, section class, and the rules' candidates."""

    sentence: Sentence
    cls: str                 # the class of its section when it types items (cause, symptom...), else ""
    tokens: Tokens
    found: list              # the rules' mentions: (start token, end token, type, rule, lexicon entry or None)
    generic: list[bool]      # per token: inside a lexicon entry of type "none" (a body part, a generic word)
    lex: list[str]           # per token: its lexicon tag (``tagger.LEX_TAGS``)


def _heading_class(section: str, title: str) -> tuple[str, str]:
    """The class and text of the innermost classified heading above a sentence (not the article's title),
    else ("", the innermost heading)."""
    heads = [h for h in section.split(" > ") if h != title] if section else []
    for heading in reversed(heads):
        cls = classify_heading(heading)
        if cls:
            return cls, heading
    return "", heads[-1] if heads else ""


def analyse(doc: Document, ex: Extractor, settings: ExtractSettings,
            context: bool = True) -> tuple[list[View], Context]:
    """Every content sentence of a kept document (but its title) with its tokens and the rules'
    candidates, and (``context``) the tagger's view of them."""
    rules = ex.rules
    title = _title_index(doc)
    title_text = doc.sentences[title].text if title >= 0 else doc.title
    todo = [s for s in doc.sentences if s.label == CONTENT and s.index != title]
    views, ctx = [], Context()
    if not todo:
        return views, ctx
    cond_words = set(doc.condition.split())
    heads = [_heading_class(s.section, title_text) for s in todo]
    if not context:
        # without the tagger only sentences where a matcher can match, or a section item can be, need
        # tokens (half of a news page's do not): the others have no mentions and no triggers
        keep = [settings.use_patterns and h[0] in ITEM_TYPES or ex.anchors.may_match(s.text)
                for s, h in zip(todo, heads)]
        todo = [s for s, k in zip(todo, keep) if k]
        heads = [h for h, k in zip(heads, keep) if k]
        if not todo:
            return views, ctx
    for s, (heading_cls, heading), tdoc in zip(todo, heads, sentence_tokens([s.text for s in todo], ex)):
        cls = ITEM_TYPES.get(heading_cls, "") if heading_cls in ITEM_TYPES else ""
        view = View(s, cls, tdoc, [], [False] * len(tdoc), ["O"] * len(tdoc))
        _rule_candidates(view, ex, settings)
        views.append(view)
        if context:
            ctx.add_sentence(tdoc.texts, _families(view, heading_cls, rules, cond_words),
                             tuple(w for w in _HEAD_WORD.findall(heading.lower()) if w not in STOP))
    return views, ctx


_HEAD_WORD = re.compile(r"[a-z][a-z'-]+")


def _rule_candidates(view: View, ex: Extractor, settings: ExtractSettings) -> None:
    """The lexicon's, the cue constructions' and the section items' mentions of a sentence."""
    rules, tdoc, s, cls = ex.rules, view.tokens, view.sentence, view.cls
    taken = [False] * len(tdoc)   # tokens of typed lexicon mentions: cue phrases never overlap them
    for start, end, idx in _lexicon_spans(tdoc, ex):
        e = ex.entries[idx]
        view.lex[start] = f"B-{e.type}"
        for k in range(start, end):
            (view.generic if e.type == "none" else taken)[k] = True
            if k > start:
                view.lex[k] = f"I-{e.type}"
        if e.type == "none":
            continue
        typ = cls if e.section_typed and cls in ("cause", "symptom") else e.type
        view.found.append((start, end, typ, "lexicon", e))
    if not settings.use_patterns:
        return
    care = rules.care if rules.care is not None and rules.care.may_match(tdoc.lowers) else None
    for m in care.pattern.finditer(s.text) if care is not None else ():
        # seeking professional care ("talk with your doctor", "seek professional help") is a treatment,
        # unless a disclaimer says something does not replace it
        if _REPLACES.search(s.text, max(0, m.start() - 40), m.start()):
            continue
        _claim(view, taken, m, "treatment", "care", _care_entry(m.group(0), care))
    for match_id, cstart, cend in tdoc.matches["cues"]:
        cue = ex.cue_of[tdoc.vocab.strings[match_id]]
        spans = (_phrases(tdoc, cend, -1, 1, rules) if cue.side == "after"
                 else _phrases(tdoc, cstart - 1, -1, -1, rules))
        for a, b in spans:
            if _blocked(tdoc, a, b, taken, view.generic, rules, cue.side == "before"):
                continue
            for k in range(a, b):
                taken[k] = True
            view.found.append((a, b, cue.type, f"cue:{cue.id}", None))
    if cls and not (s.kind == HEADING and classify_heading(s.text)):
        span = _item_phrase(s.text, s.kind, rules)
        if span is not None:
            chars = tdoc.char_span(span[0], span[1])
            if (chars is not None and chars[1] > chars[0] and not any(taken[chars[0]:chars[1]])
                    and not all(view.generic[chars[0]:chars[1]])):
                view.found.append((chars[0], chars[1], ITEM_TYPES[cls], "section_item", None))
                for k in range(chars[0], chars[1]):
                    taken[k] = True
    for action in rules.actions:
        # an exercise or symptom named by a verb phrase ("harder to breathe")
        if action.anchors.isdisjoint(tdoc.lowers):
            continue
        for m in action.pattern.finditer(s.text):
            span = tdoc.char_span(m.start(), m.end())
            if span is not None:
                # a name inside the phrase, not at its ends, is part of it ("harder for COPD patients to
                # breathe")
                inner = [f for f in view.found if span[0] < f[0] and f[1] < span[1] and f[3] == "lexicon"]
                theirs = {k for f in inner for k in range(f[0], f[1])}
                if inner and all(k in theirs or not taken[k] for k in range(span[0], span[1])):
                    view.found = [f for f in view.found if f not in inner]
                    for k in theirs:
                        taken[k] = False
            _claim(view, taken, m, action.type, f"action:{action.id}", _lexicon_entries().get(action.concept))
    view.found.sort(key=lambda x: x[0])


def _claim(view: View, taken: list[bool], m: re.Match, typ: str, rule: str, entry: LexEntry | None) -> None:
    """A phrase rule's match as a mention candidate, unless its tokens are already another's; where the
    pattern names groups that matched (``name``, ``age``; ``also`` of "runners and cyclists"), each of
    them is a mention instead."""
    for group in [g for g in m.re.groupindex if m.start(g) >= 0] or [0]:
        span = view.tokens.char_span(m.start(group), m.end(group))
        if span is not None and span[1] > span[0] and not any(taken[span[0]:span[1]]):
            for k in range(*span):
                taken[k] = True
            view.found.append((span[0], span[1], typ, rule, entry))


_REPLACES = re.compile(r"\b(replace|replaces|replacing|replacement|substitute|substitutes|substitution)\b[^.;]*$",
                       re.IGNORECASE)
_PHRASE_RULE = re.compile(r"care$|action:")  # rules whose phrase wins over a tagger span inside it


def _care_entry(phrase: str, care) -> LexEntry | None:
    """The lexicon entry a phrase of seeking care links to: emergency care when it is urgent ("seek
    immediate medical attention"), none for a referral ("refer you to a specialist"), else a medical
    consultation."""
    if phrase.lower().startswith(care.referral):
        return None
    return _lexicon_entries().get("emergency care" if care.urgent.search(phrase) else "medical consultation")


@lru_cache(maxsize=1)
def _lexicon_entries() -> dict[str, LexEntry]:
    """The lexicon's entries by surface: what a phrase rule's concept names."""
    return {e.surface: e for e in lexicon()}


def _families(view: View, heading_cls: str, rules: ExtractRules, cond_words: set[str]) -> dict[str, list[int]]:
    """Each tagger context family's value index for every token of a sentence."""
    tdoc, n = view.tokens, len(view.tokens)
    lex = [_LEX_INDEX[t] for t in view.lex]
    sec = _SEC_INDEX.get(heading_cls, 0)
    kind = _KIND_INDEX.get(view.sentence.kind, 0)
    after, before, item, avoid = [0] * n, [0] * n, [0] * n, [0] * n
    for match_id, cstart, cend in tdoc.matches["cues"]:
        cue = _CUE_INDEX[rules_cue(tdoc, match_id, rules).type]
        if cue:
            for k in range(cend, _clause(tdoc, cend - 1, 1, rules.terminators) + 1) if cend < n else ():
                after[k] = cue
            for k in range(_clause(tdoc, cstart, -1, rules.terminators), cstart) if cstart > 0 else ():
                before[k] = cue
    for a, b, typ, rule, _ in view.found:
        if rule == "section_item":
            for k in range(a, b):
                item[k] = _CUE_INDEX[typ]
    for match_id, start, end in tdoc.matches["triggers"]:
        trig = _trigger(tdoc, match_id, rules)
        if trig.flag == "contraindicated" and trig.direction == "forward" and end < n:
            for k in range(end, _clause(tdoc, end - 1, 1, rules.terminators) + 1):
                avoid[k] = 1
    colon = view.sentence.text.find(":")
    label = [0] * n
    if 0 < colon <= 60:
        for k in range(n):
            label[k] = 1 if tdoc.chars(k, k + 1)[0] < colon else 2
    pos = [0] * n
    if n == 1:
        pos[0] = 3
    elif n:
        pos[0], pos[-1] = 1, 2
    return {"lex": lex, "lex-1": [0] + lex[:-1], "lex+1": lex[1:] + [0], "sec": [sec] * n, "kind": [kind] * n,
            "seclex": [sec * len(LEX_TAGS) + t for t in lex], "seckind": [sec * len(KINDS) + kind] * n,
            "cueafter": after, "cuebefore": before, "item": item, "pos": pos, "label": label,
            "cond": [1 if w in cond_words else 0 for w in tdoc.lowers], "avoid": avoid}


_LEX_INDEX = {t: i for i, t in enumerate(LEX_TAGS)}
_SEC_INDEX = {c: i for i, c in enumerate(SECTION_CLASSES)}
_KIND_INDEX = {k: i for i, k in enumerate(KINDS)}
_CUE_INDEX = {t: i for i, t in enumerate(CUE_SIDES)}


def rules_cue(tdoc: Tokens, match_id: int, rules: ExtractRules):
    return next(c for c in rules.cues if c.id == tdoc.vocab.strings[match_id])


def _trigger(tdoc: Tokens, match_id: int, rules: ExtractRules):
    return next(t for t in rules.triggers if t.id == tdoc.vocab.strings[match_id])


def extract_document(doc: Document, ex: Extractor, settings: ExtractSettings, lx: Lexical,
                     model: Tagger | None = None) -> Document:
    """Find the mentions of one kept document, with flags, sections and its condition (``model``: the
    tagger, for the "model" and "hybrid" methods)."""
    doc.mentions = []
    if not doc.ok:
        return doc
    doc.condition, doc.condition_from = find_condition(doc)
    # the tagger learned from articles about a condition; a page that names none (a recipe, a news story)
    # gets the rules' mentions only
    tagged = model is not None and bool(doc.condition)
    views, ctx = analyse(doc, ex, settings, context=tagged)
    by_view = _model_spans(views, ctx, model, settings.threshold) if tagged else None
    rules = ex.rules
    prev: list[Mention] = []  # the mentions of the content sentence before (a trigger can flag them)
    order = {s.index: k for k, s in enumerate(x for x in doc.sentences if x.label == CONTENT)}
    avoid_items = _listed_after(doc, AVOID_LEAD)
    # the short items of a list of symptoms ("Frequent respiratory infections"); a longer item or a labelled
    # one explains, and names causes of its own ("Nerve damage caused by diabetes can result in tingling")
    listed = _listed_after(doc, _SYMPTOM_LEAD)
    symptom_items = {s.index for s in doc.sentences if s.index in listed and ":" not in s.text
                     and len(s.text.split()) <= _SHORT_ITEM}
    known: set[str] = set()  # mentions that are a lexicon treatment or exercise ("hot water" is heat therapy)
    # the condition's head word ("rash" of "amoxicillin rash"), which the cause rules look for near a mention
    head = fold(head_word(doc.condition)) if doc.condition else ""
    topic = _lemmas(doc.condition) if doc.condition else ()
    # the condition's words folded and the lexicon concepts its name stands for: "UTIs" in an article on UTI,
    # "influenza" in one on the flu are the topic (not "persistent pain" in one on pain: a quality of it)
    topic_key = tuple(fold(w) for w in doc.condition.split())
    topic_concepts = concepts_by_key().get(normalize_key(doc.condition), set()) if doc.condition else set()
    condition_words = _folded_words(doc.condition) - STOP
    condition_id = condition_ontology(doc.condition) if doc.condition else ""
    last = -2
    for v, view in enumerate(views):
        s, tdoc = view.sentence, view.tokens
        if order[s.index] != last + 1:  # the content sentence before had no tokens, so no mentions
            prev = []
        last = order[s.index]
        section = s.section.split(" > ")[-1] if s.section else ""
        found = view.found if by_view is None else _combine(view, by_view[v], settings.method, ex, lx)
        if settings.use_patterns and _advises_eating(s):
            found = _with_foods(found, _food_spans(tdoc, lx, rules), "treatment")
        elif settings.use_patterns and s.kind != HEADING and FOOD_HARM.search(s.text):
            found = _with_foods(found, _food_spans(tdoc, lx, rules, harm=True), "cause")
        elif settings.use_patterns and s.index in avoid_items and (end := _item_names(s.text)):
            # an item of a list of what to avoid ("Foods that should be limited or avoided include:" then
            # "fried foods"): the foods it names, or its label names, bring the condition on or worsen it
            found = _with_foods(found, [(a, b) for a, b in _food_spans(tdoc, lx, rules, harm=True)
                                        if tdoc.chars(a, b)[1] <= end], "cause")
        elif settings.use_patterns and s.kind != HEADING and FOOD_AVOID.search(s.text):
            # what to avoid, up to what the sentence recommends instead ("Avoid processed foods and opt for
            # whole foods")
            cut = next((k for k, w in enumerate(tdoc.lowers) if w in _CHOOSE), len(tdoc))
            found = _with_foods(found, [(a, b) for a, b in _food_spans(tdoc, lx, rules, harm=True) if b <= cut],
                                "cause")
        if settings.use_patterns and _TROUBLES.intersection(tdoc.lowers) and (
                view.cls == "cause" or any(f[2] == "cause" for f in found)
                or any(ex.cue_of[tdoc.vocab.strings[mid]].type == "cause" for mid, _, _ in tdoc.matches["cues"])):
            # a complaint named by its organ, among causes (a section of causes, a cause cue, another cause)
            found = _with_spans(found, [(a, b) for a, b in _trouble_spans(tdoc, lx, condition_words)
                                        if not _CLASS_OF.search(s.text, 0, tdoc.chars(a, b)[0])], "cause", "trouble")
        if settings.use_patterns and doc.condition and view.cls not in COMPLAINTS:
            # on a page about no condition "tips" are a shop's or a travel guide's, not a treatment's
            span = _imperative_advice(view, lx, rules.complaints)
            if span is not None and not any(f[2] in ADVICE and f[0] < span[1] and span[0] < f[1] for f in found):
                found = _with_spans(found, [span], "treatment", "advice")
        if settings.use_patterns:
            found = _with_pair(_with_siblings(found, tdoc, lx, view.generic), tdoc, lx, view.generic, rules.body_parts)
        mentions = []
        prose = None  # whether the sentence is mostly in lower case: read once, when a capitalized mention needs it
        reach = 0  # the end of a span extended over the words after it: spans inside it are part of it
        for start, end, typ, rule, entry in found:
            if start < reach:
                continue
            if sum(c.isalnum() for k in range(start, end) for c in tdoc.texts[k]) < 2:
                # a letter or digit alone is a piece of a name: the word it qualifies ("vitamin C", "hepatitis B"), the
                # hyphenated word it opens ("C-section"), or nothing ("38.3°C", "vitamins B and C")
                if start and tdoc.texts[start - 1].isalpha() and tdoc.lowers[start - 1] not in STOP \
                        and not any(b >= start for _, b, _ in mentions):
                    start, entry = start - 1, None
                elif end + 1 < len(tdoc) and _joins(tdoc, end) and tdoc.texts[end + 1].isalpha():
                    end, entry = end + 2, None
                else:
                    continue
            if end - start == 1 and end < len(tdoc) and tdoc.lowers[end] in _PARTICLES:
                continue  # "reaching out to a doctor", "hair falls out": a phrasal verb, not the word's thing
            if typ == "cause" and tdoc.lowers[end - 1] in ("deficiency", "deficiencies") and s.kind != HEADING \
                    and (k := _wanted(tdoc, end, lx)) > end:
                end, entry, reach = k, None, k  # "a deficiency in zinc": the deficiency is of what it names
            if typ == "cause" and end - start == 1 and tdoc.lowers[start] in ("strain", "strains"):
                end = _strained_part(tdoc, end, lx)  # "strain the neck muscles": the strain is of what it names
                if any(w.startswith("ligament") for w in tdoc.lowers[start:end]):
                    entry = _lexicon_entries().get("sprain")  # a strained ligament is a sprain
            if typ == "cause" and end - start > 1 and tdoc.lowers[end - 1] in _LOADS \
                    and (k := _loaded_part(tdoc, end, lx)) > end:
                # "excessive strain on the wrist ligaments", "sudden pressure on the back muscles": the load is
                # the cause, and where it bears says which (not a strained muscle, nor emotional stress)
                end, entry, reach = k, None, k
            elif (typ == "treatment" or end - start == 1) and tdoc.lowers[end - 1] in _LOADS and end < len(tdoc) \
                    and tdoc.lowers[end] in ("on", "off"):
                # "reduce stress on the toe joints", "puts extra stress on the back muscles": a load put on or
                # taken off something, not stress management nor (emotional) stress
                continue
            if typ in ADVICE and (k := _lacking(tdoc.lowers, start)) is not None \
                    and not any(b > k for _, b, _ in mentions):
                start, typ, entry = k, "cause", None  # "Insufficient rest", "a lack of exercise": a cause
            elif typ in (*ADVICE, "cause") and "enough" in tdoc.lowers[start:end] \
                    and (k := _negated_from(tdoc.lowers, start)) is not None \
                    and not any(b > k for _, b, _ in mentions):
                # "Not drinking enough water", "don't drink enough water": the want is the cause, and its name keeps
                # the negation
                start, typ, entry = k, "cause", None
            if typ == "cause" and start >= 2 and tdoc.lowers[start - 1] in ("in", "of") \
                    and tdoc.lowers[start - 2] in _SHIFTS and not any(b > start - 2 for _, b, _ in mentions):
                thing = " ".join(tdoc.lowers[start:end])
                if not (_concept("cause", thing, model) or _concept("symptom", thing, model)):
                    # "the decrease in progesterone", "a surge of cortisol": the shift is the cause, not the
                    # substance; a known harm stays itself ("an increase in inflammation")
                    start, entry = start - 2, None
            if typ in ADVICE and end - start == 1 and tdoc.lowers[start] in _LIGHT:
                continue  # "Taking" of "Taking an over-the-counter pain reliever": the verb before the advice
            if tdoc.lowers[end - 1] in ("plenty", "lots") and end + 1 < len(tdoc) and tdoc.lowers[end] == "of" \
                    and tdoc.texts[end + 1].isalpha() and tdoc.lowers[end + 1] not in STOP:
                # a quantity takes what it counts: "drinking plenty" of "drinking plenty of water" (one word, two
                # when the first is a modifier: "plenty of fresh vegetables")
                end += 2
                if _mostly(tdoc.lowers[end - 1], lx, "adj.") and end < len(tdoc) and tdoc.texts[end].isalpha() \
                        and tdoc.lowers[end] not in STOP:
                    end += 1
                entry, reach = None, end  # a span the tagger began on what is counted is part of this one
            if typ == "cause" and tdoc.lowers[start] in _EFFECTS:
                continue  # "..., causing discomfort", "resulting in pain": the effect a clause goes on to, no cause
            if typ == "symptom" and end - start == 1 and tdoc.lowers[start] in _WORSENING \
                    and (end < len(tdoc) and (tdoc.lowers[end] == "of" or tdoc.texts[end].isalpha()
                                              and tdoc.lowers[end] not in _COURSE)
                         or start and tdoc.lowers[start - 1] in ("prevent", "preventing", "avoid", "avoiding")):
                # "worsening of eczema", "worsening infections", "prevent worsening": what gets worse is named
                # elsewhere or not at all; a pain "severe, worsening, or persistent" keeps its word of course
                continue
            if end - start == 1 and end < len(tdoc) and tdoc.lowers[end] == "of" \
                    and tdoc.lowers[start] in _CONTAINERS:
                continue  # "a mix of exercises", "strains of HPV", "a cycle of headaches": the thing is what follows
            if end - start == 1 and end < len(tdoc) and tdoc.lowers[end] in _OBJECTS \
                    and tdoc.lowers[end] not in ("it", "this") \
                    and (typ == "symptom" or typ in ADVICE and entry is None and not _concept(typ, tdoc.lowers[start], model)) \
                    and (_verb_sense(w := tdoc.lowers[start], lx) or w[-1:] == "s" and _verb_sense(lemma_table()(w), lx)):
                # a verb with its object ("ice can numb the area", "menthol numbs the throat", "swell your
                # ankles", "monitor your blood sugar"), not a symptom, nor advice the tagger cut to its verb; a
                # term the lexicon or the annotations know as advice stays advice used so ("rest your knee")
                continue
            if end - start == 1 and end < len(tdoc) and tdoc.lowers[end] in _VERB_PARTICLES \
                    and _mostly_verb(tdoc.lowers[start], lx):
                continue  # "fall into three categories", "fall asleep": a verb, not a fall
            if typ in ADVICE and end < len(tdoc) and tdoc.lowers[end] in _PLACES:
                continue  # "the injection site", "the treatment area": a place, not the treatment
            if _quality_of(tdoc, start, end, lx):
                continue  # "(ginger's) anti-inflammatory properties", "laxative effects": what a thing does, no thing
            if typ == "cause" and end - start == 1 and tdoc.lowers[start] in _PEOPLE \
                    and not rule.startswith("action:") \
                    and (end < len(tdoc) and tdoc.lowers[end] in ("with", "'s", "’s", "aged", "who")
                         or start and tdoc.lowers[start - 1] == "of"):
                continue  # "women with PCOS", "10% of women": the people who have it, not a risk named
            if typ in ADVICE and end < len(tdoc) and tdoc.lowers[end] in _COMPLAINT_HEADS:
                continue  # "amoxicillin rash", "braces pain", "walking pneumonia": a complaint's name, no advice
            if typ in ADVICE and end - start == 1 and end < len(tdoc) and tdoc.lowers[end] in _OWN_SUBSTANCE \
                    and {"noun.body", "noun.substance"} & set(lx.senses(lx.fold(tdoc.lowers[start]))):
                continue  # "insulin levels", "collagen production": the body's own substance, no remedy
            if rule == "section_item" and tdoc.lowers[end - 1] in _OPEN_ENDS:
                continue  # a label that opens a sentence ("Make sure to:", "Focus on:", "Learn more"), no name
            if tdoc.lowers[start] == "affected":
                continue  # "the affected area", "(a compress to) the affected ear": where, not what
            if typ in ADVICE and end - start == 1 and _compound_head(
                    tdoc.lowers, start, lx, entry or _lexicon_entries().get(tdoc.lowers[start])):
                continue  # "heat" of "heat rash", "cold" of "cold sore", "ice" of "ice cream": another thing's name
            if s.kind in (TEXT, ITEM) and tdoc.texts[start][:1].isupper():
                if prose is None:
                    prose = _mostly_lower(tdoc.texts)
                if prose and _in_proper_name(tdoc.texts, start, end, after_capital=s.kind == TEXT):
                    # "the American Cancer Society", "Johns Hopkins Medicine": a name, not the thing (in a list
                    # item only a name that says what it is: its title-cased label capitalizes every word)
                    continue
            if typ in ADVICE and tdoc.lowers[start] in _HARMS and (
                    tdoc.lowers[start] != "irritating" or end - start > 1 and tdoc.lowers[start + 1] in _OBJECTS):
                continue  # "(to avoid) aggravating the surgical site" names a harm, not advice
            if start and tdoc.lowers[start - 1] == "non" or start > 1 and tdoc.lowers[start - 1] in "-‐" \
                    and tdoc.lowers[start - 2] == "non":
                # "non-surgical treatment" is the opposite of "surgical treatment": the prefix belongs to it
                start, entry = start - (1 if tdoc.lowers[start - 1] == "non" else 2), None
            if typ in COMPLAINTS and fold(tdoc.lowers[start]) not in condition_words \
                    and (k := _part_before(tdoc, start, lx, rules.body_parts)) < start \
                    and not any(b > k for _, b, _ in mentions):
                # "patellar tendonitis", "hamstring strain": the part says which one; not before the condition's own
                # complaint ("pain radiating down" in an article on shoulder pain is a quality of the topic)
                start, entry = k, None
            if typ == "cause" and start and tdoc.lowers[start - 1] in _SEVERITY \
                    and not any(b > start - 1 for _, b, _ in mentions):
                # "a serious injury", "chronic bronchitis": the word of severity is part of the cause's name (its
                # concept drops it again, ``_DEGREE``; "chronic" and "acute" name a form of their own)
                start, entry = start - 1, None
            if (k := _past_body_part(tdoc, start, end, lx, rules.body_parts)) < 0:
                continue  # a body part alone: "pressure on the abdominal muscles"
            if k > end:
                end, entry = k, None  # "gum" of "gum disease": the tagger cut a name short
            if (k := _hyphenated_end(tdoc, end)) < 0:
                continue  # "fragrance" of "fragrance-free.": a modifier's part, qualifying nothing named
            if k > end:
                # "flare" of "flare-ups", "weight" of "weight-bearing", "nutrient" of "nutrient-rich diet":
                # the whole word, and the thing a modifier made of it qualifies; what reduces or relieves
                # something is a remedy ("inflammation-reducing foods", "pain-relieving medication")
                if tdoc.lowers[end + 1] in _REMEDY_ENDS:
                    typ = "treatment"
                end, entry = k, None
            m = _mention(doc, s, tdoc, start, end, typ, rule, entry, section, rules.leading_drop)
            if model is not None and not m.concept:
                m.concept = _concept(typ, m.surface, model, doc.condition)
            if not m.norm or (typ == "symptom" and _is_topic(m.norm, doc.condition, rules.complaints)) or (
                    doc.condition and (m.concept == doc.condition or _lemmas(m.concept or m.norm) == topic)) or (
                    typ == "cause" and _part_of_condition(m.norm, doc.condition)) or (
                    topic_key and tuple(fold(w) for w in m.norm.split()) == topic_key) or (
                    typ == "cause" and m.concept in topic_concepts):
                continue  # the condition itself, in other words ("cough" in an article on coughing)
            if _unnamed_complaint(m.norm, lx):
                continue  # "concerning symptoms", "relieve symptoms": no symptom named, a bare generic word
            if typ == "cause" and (k := _abated(tdoc.lowers, start)) is not None \
                    and not any(b > k or k and x.type in ADVICE for _, b, x in mentions):
                # "Quitting smoking", "Losing any excess weight", "Reduce stress": advice to be rid of a cause
                # is a treatment, the verb its first word (after a label that names a treatment the verb says
                # what that does: "Inhaled corticosteroids: Reduce inflammation")
                start, typ = k, "treatment"
                m = _mention(doc, s, tdoc, start, end, typ, rule, None, section, rules.leading_drop)
                m.concept = _concept(typ, m.surface, model, doc.condition) if model is not None else ""
            if typ in ADVICE and (_brought_on_by(s.text, m.start - s.start, head)
                                  or _induces(s.text[m.end - s.start:], head, tdoc.lowers[start], lx)):
                # "a rash from amoxicillin", "constipation caused by antibiotics", "bloating after surgery":
                # what brings the condition on is its cause, whatever else it is
                typ = m.type = "cause"
                m.concept = _concept("cause", m.surface, model, doc.condition)
            if typ == "treatment" and m.norm in _TEMPERATURES and _exposure(s.text, m.start - s.start,
                                                                          m.end - s.start):
                # "clothes that trap heat and moisture", "excessive heat", "heat exposure": the weather's or
                # the body's heat, no heat therapy; an exposure that brings a complaint on is a cause
                typ = m.type = "cause"
                m.concept = _concept("cause", m.surface, model, doc.condition) if model is not None else ""
            if typ == "cause" and (kind_of(condition_words, set(m.norm.split()))
                                   or _subclass(m.surface, condition_id)):
                # "type 2 diabetes", "asthma attack" in articles on diabetes, asthma; "gout" in an article on
                # arthritis, "hyperthyroidism" on thyroid problems: kinds of the condition, no causes of it
                continue
            if head and _another_name(s.text, m.start - s.start, head):
                continue  # "Hives, also known as urticaria": the condition's other name, not a mention of it
            if typ in COMPLAINTS and _set_beside(s.text, m.start - s.start, condition_words):
                continue  # "unlike strep throat", "can be mistaken for a heart attack": another condition compared
            if typ in COMPLAINTS and _listed_with_condition(s.text, m.start - s.start, m.end - s.start, doc.condition):
                continue  # "endometriosis, adenomyosis, or fibroids": the condition's siblings in a list
            if typ == "exercise" and (_WHEN_DOING.search(s.text, max(0, m.start - s.start - 80), m.start - s.start)
                                      or _DAILY.search(s.text, max(0, m.start - s.start - 120), m.start - s.start)):
                # "pain when walking", "worsen after running": when the complaint comes; "everyday activities like
                # walking", "could impede activity such as running": what it hinders; neither is advice
                continue
            if typ in ADVICE and _outcome(s.text, m.start - s.start) and tdoc.lowers[end - 1] not in _PRACTICES:
                continue  # "promote relaxation", "improve insulin sensitivity": what a treatment brings, not one
            if typ == "cause" and m.start - s.start < _WINDOW and (
                    _IS_A.search(s.text[:m.start - s.start])
                    or (d := _DEFINED.search(s.text[:m.start - s.start]))
                    and condition_words & _folded_words(d["subject"])):
                continue  # what the condition is ("Gout is a form of arthritis"), not what causes it
            if typ == "symptom" and "side effect" not in doc.condition \
                    and _SIDE_EFFECTS.search(s.text[max(0, m.start - s.start - _WINDOW):m.start - s.start]):
                continue  # "the treatment's side effects include nausea": the treatment's, not the condition's
            if typ in COMPLAINTS and _RISKS.search(s.text, max(0, m.start - s.start - 80), m.start - s.start):
                continue  # "taken short-term due to risks like bone loss": the harms of something else
            # outside a section of causes, a cause cue is about the condition only when its other side is
            if rule == "cue:can_cause" and view.cls != "cause" \
                    and not _effect_is_condition(s.text[m.end - s.start:], condition_words):
                continue  # "Athlete's foot can cause itching" in an article on fungal infections: another effect
            if rule == "cue:caused_by" and view.cls != "cause" \
                    and not _subject_is_condition(s.text[:m.start - s.start], condition_words):
                continue  # "Tooth extraction is required due to severe decay" in an article on pain: another's
            if typ == "cause" and (_consequence(s.text, m.start - s.start, head)
                                   or _complication_of(s.text[m.end - s.start:], condition_words)
                                   or _genus_of(s.text[:m.start - s.start], head)):
                continue  # what the condition leads to ("untreated diabetes can cause heart disease")
            trait = _characterized(s.text, m.start - s.start, head) if typ == "cause" else ""
            if trait == "other":
                continue  # "anemia, characterized by fatigue": what marks another condition
            if typ == "cause" and (trait or s.index in symptom_items
                                   and not _QUALIFIED.search(s.text, 0, m.start - s.start)
                                   or _SYMPTOM_LIST.search(s.text, max(0, m.start - s.start - _WINDOW),
                                                           m.start - s.start)
                                   or _FELT.search(s.text, max(0, m.start - s.start - 30), m.start - s.start)):
                # "Rosacea is characterized by thickened skin", "causing symptoms such as nausea, bloating and
                # heartburn", "a feeling of pressure": what marks the condition, an item of a list of symptoms,
                # what is felt, is no cause of it
                typ = m.type = "symptom"
                m.concept = _concept("symptom", m.surface, model, doc.condition)
            if typ == "symptom" and not _symptoms_of_condition(s.text[:m.start - s.start], condition_words):
                continue  # "Hypothyroidism: An underactive thyroid can cause symptoms such as fatigue": another's
            if any(x.mention_id == m.mention_id for _, _, x in mentions):
                continue  # two spans that now start at one character are one mention: the first stands
            mentions.append((start, end, m))
            if entry is not None and entry.type in ADVICE:
                known.add(m.mention_id)
        _acronyms(tdoc.texts, mentions)
        if label := LABEL.match(s.text):
            for _, _, m in mentions:
                if m.type in ADVICE and m.end - s.start < label.end() \
                        and _label_causes(m, label.group(0), s.text[label.end():], lx):
                    # "Medications: Certain medications can exacerbate magnesium loss": the item the label
                    # names is what the text says brings something on, a cause like the text's own mention
                    m.type = "cause"
                    m.concept = _concept("cause", m.surface, model, doc.condition) if model is not None else ""
            # "Liver cancer: Hepatitis C increases the risk of liver cancer": what the text says the
            # condition leads to is no cause of it, as the label names it too
            mentions = [x for x in mentions if not (
                x[2].type == "cause" and x[2].end - s.start < label.end()
                and _labels_consequence(x[2].surface, s.text, label.end(), head))]
        _flags(tdoc, mentions, ex, lx, prev)
        # an entry of a list of things to avoid: a list item or label under its heading, or a numbered
        # heading under it ("Foods to Avoid > 2. Salty Foods"); prose there also says what to do instead
        under_heading = (_listed(s) or s.kind == HEADING and bool(_NUMBERED.match(s.text))) \
            and bool(AVOID_SECTION.search(section))
        if under_heading or s.index in avoid_items:
            # a list of what to avoid: its items are never advice; in a table row only the first cell's
            # (the others give the reason and the alternative: "Fried foods | slow digestion | Baked fish")
            end = s.text.find(" | ")
            if not under_heading and end < 0:
                end = _item_names(s.text)
            for _, _, m in mentions:
                if (m.type in ADVICE and not m.flag and _may_flag(m, CONTRAINDICATED, rules)
                        and (end < 0 or m.start - s.start < end)):
                    m.flag = CONTRAINDICATED
        doc.mentions.extend(m for _, _, m in mentions)
        prev = [m for _, _, m in mentions]
    _one_flag_per_item(doc.mentions)
    _foods_avoided(doc, known, lx, model)
    if other := compared(doc):
        attribute(doc, other)
    return doc


# a heading over foods to eat ("Recommended Foods for COPD", "Foods That Fight Hot Flashes", "What to Eat",
# "Magnesium-Rich Foods"); one over foods that harm ("Worst Foods for Prostate Health") is not
EAT_SECTION = re.compile(
    r"\b(recommended|best|good|healthy|helpful|beneficial|safe|friendly)\s+(foods?|drinks?|beverages?|snacks|meals)\b|"
    r"\b(foods?|drinks?|beverages?|snacks)\s+(to (eat|enjoy|include|try|choose)|that (help|fight|ease|soothe|reduce|"
    r"relieve|prevent|support))\b|\bwhat (to|you should|should you) (eat|drink)\b|-(rich|friendly) foods\b|"
    r"\bfoods (for|rich in)\b", re.IGNORECASE)
_HARMFUL = re.compile(r"\b(worst|bad|avoid|limit|skip|triggers?|causes?|cause|harmful|unhealthy|not)\b", re.IGNORECASE)
# a sentence that advises eating or drinking something, after an optional label ("Include oats, quinoa and
# barley.", "Recommendations: Switch to non-dairy alternatives like almond milk", "Beans and legumes are good
# alternatives.")
_EAT_VERBS = ("include", "incorporate", "add", "opt", "choose", "switch", "eat", "enjoy", "try", "drink", "consume",
              "focus", "stick", "snack", "use", "stay", "go", "swap")
EAT_LEAD = re.compile(
    r"^(?:[^.:;!?]{1,40}:\s*)?(?:try to |aim to |also )?(?:include|incorporate|add|opt for|choose|switch to|eat|enjoy|"
    r"try|drink|focus on|stick to|stay hydrated with|consume|go for|snack on|use|swap)\b|"
    r"\b(good|great|healthy|healthier|better|excellent) (alternatives?|choices?|options?|sources?|substitutes?)\b",
    re.IGNORECASE)
# what a food phrase may end in besides a food: its nutrients ("lean proteins", "healthy fats") and the
# words that stand for foods ("plant-based protein sources", "non-dairy alternatives")
_NUTRIENTS = frozenset(("protein", "proteins", "fat", "fats", "fiber", "fibre", "carbohydrate", "carbohydrates"))
_STANDS_FOR = frozenset(("source", "sources", "option", "options", "alternative", "alternatives", "product",
                         "products", "choices"))
_FOOD_PHRASE_WORDS = 3


def _advises_eating(s: Sentence) -> bool:
    """Whether a content sentence recommends foods or drinks: it is under a heading of foods to eat (or a
    numbered heading under one), or it opens with eating advice."""
    for heading in reversed(s.section.split(" > ") if s.section else []):
        if EAT_SECTION.search(heading) and not _HARMFUL.search(heading):
            return True
        if not _NUMBERED.match(heading):
            break
    return s.kind != HEADING and bool(EAT_LEAD.search(s.text))


# a sentence that says what brings on or worsens the condition ("Trigger foods include...", "Alcohol, coffee and
# spicy foods can worsen reflux"): the foods it names are causes
FOOD_HARM = re.compile(r"\b(triggers?|triggered|triggering|worsens?|worsened|worsening|aggravat\w+|irritat\w+|"
                       r"exacerbat\w+|(can|may|might|could) (cause|lead to|increase|raise|bring on|make)|"
                       r"contribut\w+ to|linked to)\b", re.IGNORECASE)


# advice that opens by telling the reader to avoid or cut down on something ("Limit sweets, ice cream and
# foods with artificial sweeteners", "Tip: Avoid processed foods"): the foods it names bring the condition
# on or worsen it, so they are causes (annotation guide: a cause the text tells you to avoid is a cause)
FOOD_AVOID = re.compile(r"^(?:[^.:;!?]{1,40}:\s*)?(?:try to |also |and )?(?:avoid|avoiding|limit|limiting|cut back on|"
                        r"cut down on|cutting back on|cutting down on|steer clear of|stay away from|skip|minimize|"
                        r"minimise|restrict|eliminate)\b", re.IGNORECASE)
# the words that turn such advice to what to have instead; fewer than ``_EAT_VERBS``, whose "use", "go"
# and "stay" also stand inside what to avoid ("Avoid products that use harsh chemicals")
_CHOOSE = frozenset("""opt opting choose choosing eat eating include including instead replace replacing switch
switching try prefer favor favour swap""".split())


def _food_spans(tdoc: Tokens, lx: Lexical, rules: ExtractRules, harm: bool = False) -> list[tuple[int, int]]:
    """The foods a sentence of eating advice names (``harm``: of what brings the condition on), each a phrase
    of at most three words ending in a food: "Include oats, quinoa, brown rice and barley", "berries
    (blueberries, strawberries)". The phrases lie between punctuation and function words; leading
    determiners and verbs of eating are not part of them."""
    lows, spans, start = tdoc.lowers, [], 0
    for k in range(len(lows) + 1):
        if k < len(lows) and lows[k] not in rules.stop and lows[k] not in _FOOD_BREAKS \
                and (lows[k][:1].isalnum() or lows[k] in "-‐"):
            continue  # inside a phrase
        a, b = start, k
        start = k + 1
        if a and not _food_slot(lows, a):
            continue
        while _words(lows, a, b) > _FOOD_PHRASE_WORDS:
            a += 1
        while a < b and (lows[a] in rules.leading_drop or lows[a] in _EAT_VERBS or lows[a] in _PARTICLES
                         or not lows[a][:1].isalnum()
                         or lows[a] in rules.never_flagged or lows[a] in rules.terminators
                         or b - a > 1 and _gerund(lows[a], lx)):
            a += 1
        if a < b and not _DETERMINERS.intersection(lows[a:b]) and _food_head(lows[a:b], lx, rules.body_parts, harm):
            spans.append((a, b))
    return spans


def _food_slot(lows: list[str], a: int) -> bool:
    """Whether the words after the break before token ``a`` can be a food the sentence recommends: not what a
    food replaces ("instead of salt", "fresh meats over processed ones"), not a purpose ("to enhance taste";
    but "switch to"), and after "of" only the foods of a measure or a source ("a handful of almonds",
    "sources of omega-3"; not "the absorption of sugar")."""
    brk, before = lows[a - 1], lows[a - 2] if a > 1 else ""
    if brk in ("than", "over"):
        return False
    if brk == "to":
        return before in _EAT_VERBS
    if brk == "of":
        return before in _MEASURES or before in _STANDS_FOR or before in ("variety", "plenty", "lots", "kinds", "types")
    return True


def _gerund(word: str, lx: Lexical) -> bool:
    """A verb's -ing form before a food says what to do with it ("consuming fruits", "roasting vegetables"),
    unless it is a food itself ("pudding")."""
    return len(word) > 5 and word.endswith("ing") and "noun.food" not in lx.senses(word)


def _words(lows: list[str], a: int, b: int) -> int:
    """The words of tokens a..b, a hyphenated word counted once ("plant - based" is one)."""
    return sum(w[:1].isalnum() and not (k > a and lows[k - 1] in "-‐") for k, w in enumerate(lows[a:b], a))


_FOOD_BREAKS = frozenset(("into", "of", "instead", "than", "over", "then", "plus", "e.g.", "eg", "i.e."))
# particles that make the word before them a phrasal verb ("reach out", "fall off", "set apart")
_PARTICLES = frozenset(("out", "off", "apart", "away"))
_HYPHENS = frozenset(("-", "‐", "‑"))


def _joins(tdoc, k: int) -> bool:
    """Whether token ``k`` is a hyphen inside a word ("anti-inflammatory"): glued to the tokens on both sides."""
    return tdoc.texts[k] in _HYPHENS and tdoc.glued(k - 1) and tdoc.glued(k)
# what after a hyphen makes a word a modifier of another thing ("nutrient-rich diet", "acne-like bumps",
# "cola-colored urine"): the word before is no mention alone; "-induced", "-related" and the like say that
# it brings the other thing on ("an amoxicillin-induced rash"), so it stays a mention as it is
# (of which what reduces or relieves something makes a remedy: "inflammation-reducing foods")
_REMEDY_ENDS = frozenset(("reducing", "relieving", "lowering", "soothing", "fighting"))
_MODIFIER_ENDS = _REMEDY_ENDS | frozenset((
    "free", "like", "shaped", "colored", "coloured", "based", "rich", "filled", "tasting", "friendly", "sized",
    "looking", "smelling", "resistant", "safe", "proof", "ground", "dense", "soluble", "containing", "fortified"))
_CAUSAL_ENDS = frozenset(("induced", "related", "triggered", "driven", "associated", "caused", "dependent",
                          "provoked", "mediated", "exacerbated"))


def _past_body_part(tdoc, start: int, end: int, lx: Lexical, body_parts: frozenset[str]) -> int:
    """Where a mention ``start:end`` made of body-part words only ends: with the noun after it, a name the
    tagger cut short ("gum" of "gum disease", "throat" of "throat irritation"), else -1 (a body part alone
    names no cause, symptom or treatment); ``end`` when it holds another word."""
    lowers = tdoc.lowers
    if not all(lowers[x] in body_parts or lx.fold(lowers[x]) in body_parts for x in range(start, end)):
        return end
    if end < len(tdoc) and tdoc.texts[end].isalpha() and lowers[end] not in STOP \
            and lx.fold(lowers[end]) not in body_parts and _mostly_noun(lowers[end], lx):
        return end + 1
    return -1


def _hyphenated_end(tdoc, end: int) -> int:
    """Where a mention ending at token ``end`` ends when its last word is the first part of a hyphenated
    word: that word's end ("flare-ups", "weight-bearing", "Prader-Willi"), or the end of the word a modifier
    made of it qualifies ("nutrient-rich diet"; -1 when none follows); ``end`` when no hyphen follows or the
    word says it brings something on ("amoxicillin-induced")."""
    k = end
    while k + 1 < len(tdoc) and _joins(tdoc, k) and tdoc.texts[k + 1][:1].isalpha():
        if tdoc.lowers[k + 1] in _MODIFIER_ENDS:
            k += 2  # the modifier with the thing it qualifies: "nutrient-rich diet", "fluid-filled cyst"
            return k + 1 if k < len(tdoc) and tdoc.texts[k][:1].isalpha() and tdoc.lowers[k] not in STOP else -1
        if tdoc.lowers[k + 1] in _CAUSAL_ENDS:
            return end
        k += 2
    return k
# a determiner inside a phrase makes it a clause ("control the ingredients", "protect your skin")
_DETERMINERS = frozenset(("a", "an", "the", "your", "my", "our", "their", "his", "her", "its", "this", "these",
                          "those"))
_MEASURES = frozenset(("slice", "slices", "cup", "cups", "handful", "handfuls", "piece", "pieces", "serving",
                       "servings", "portion", "portions", "glass", "glasses", "bowl", "bowls", "spoonful",
                       "tablespoon", "tablespoons", "teaspoon", "teaspoons", "pinch", "sprig", "sprigs", "dash"))
# words of eating that name no food ("daily diet", "breakfast"), and what advice limits rather than
# recommends ("less sugar", "added sugar", "blood sugar")
_LIMITED = frozenset(("sugar", "sugars", "salt", "sodium", "alcohol", "caffeine"))
# (and what a food is only in a butcher's or a cook's rare sense: "without stripping the skin", "fill half
# your plate", "hydrate the hair", "contact lenses")
_NOT_FOODS = frozenset(("diet", "diets", "breakfast", "lunch", "dinner", "dish", "dishes", "ingredient",
                        "ingredients", "taste", "flavor", "flavour", "bite", "bites", "skin", "plate", "plates",
                        "hair", "pore", "pores", "heart", "brain", "lens", "lenses")) | _LIMITED | _MEASURES


def _food_head(words: list[str], lx: Lexical, body_parts: frozenset[str], harm: bool = False) -> bool:
    """Whether a phrase names a food: it ends in a food or plant (WordNet), a nutrient, or a word standing
    for foods after one ("protein sources"); not in a generic food word ("foods", "meals"). Among what harms
    (``harm``), also what advice limits ("alcohol", "salt") and a kind of food ("spicy foods")."""
    last = words[-1]
    if last in _STANDS_FOR and len(words) > 1:
        last = words[-2]
    if harm:
        # what harms must be a food by most of its senses ("coffee", "cheese"; not "skin", "stem"), or a kind
        # of food ("spicy foods"; not "foods" alone or "become more brittle")
        if body_parts.intersection(words) or _verb_first(words[0], lx) or len(words) > 1 and words[-2] == "blood":
            return False  # "shoulder rolls", "regulate blood sugar"
        if last in _FOOD_WORDS:
            return len(words) > 1
        if len(words) == 1 and not _mostly_noun(last, lx):
            return False  # "helping", "treat", "mix", "bitter": a food only in a rare sense
        return last in _LIMITED or last not in _NOT_FOODS and _food_word(last, lx)
    if last in _GENERIC_FOODS or last in _NOT_FOODS:
        return False  # "flavor food", "healthy meals": a kind of eating the lexicon knows, or none
    if last in _NUTRIENTS:
        return True
    if last in body_parts or lx.fold(last) in body_parts:
        return False  # "use your legs", "support your head": not a cut of meat or a head of lettuce
    nouns = lx.senses(lx.fold(last))
    return last != "water" and ("noun.food" in nouns or "noun.plant" in nouns)


def _mostly_noun(word: str, lx: Lexical) -> bool:
    """Whether a word is a noun in at least half its WordNet senses, and not an -ing form."""
    senses = lx.senses(lx.fold(word))
    return not word.endswith("ing") and (not senses or _noun_share(senses) >= 0.5)


def _verb_first(word: str, lx: Lexical) -> bool:
    """Whether a phrase opens with a word WordNet knows only as a verb ("become", "craves")."""
    senses = lx.senses(lx.fold(word))
    return bool(senses) and all(c.startswith("verb.") for c in senses)


def _verb_or_form(word: str, lx: Lexical) -> bool:
    """Whether a word, or the lemma of it ("reduces", "managing"), is one WordNet knows only as a verb."""
    return _verb_first(word, lx) or _verb_first(lemma_table()(word), lx)


# a complaint named by the organ or body system it affects ("spinal problems", "heart-related issues",
# "autoimmune disorders", "issues with the right lung"): the head alone is a generic word, the phrase a
# complaint of its own; words of kind or degree before the head ("serious conditions", "underlying issues")
# make none, nor does "other" ("COPD and other lung diseases": the kind the condition is). Taken only
# among causes (the caller): elsewhere such a phrase is as often another condition compared, a
# consequence or a side effect, and the lexicon's "none" rows for the most frequent ones ("spinal
# issues") keep the tagger from taking them on its own (CV is higher with them)
_TROUBLES = frozenset("""issue issues problem problems disorder disorders disease diseases conditions illness
illnesses abnormality abnormalities""".split())  # not a singular "condition": after a system, a state
_SYSTEMS = frozenset("""spinal cardiovascular cardiac vascular circulatory respiratory pulmonary neurological
neuromuscular muscular skeletal musculoskeletal orthopedic digestive gastrointestinal renal urinary hepatic
autoimmune infectious genetic structural hormonal metabolic""".split())
_NOT_PARTS = frozenset(("body", "health", "tissue", "system"))
# what a thing is, not what causes it: "COPD is a group of progressive lung diseases", "IBS, a common
# digestive disorder"
_CLASS_OF = re.compile(r"(?:\b(?:is|are|was|were)|,)\s+(?:a|an)\s+(?:(?:group|type|form|kind|range) of\s+)?"
                       r"(?:[\w’'-]+\s+){0,2}$", re.IGNORECASE)
_OF_PART = frozenset(("with", "affecting", "of", "in", "involving"))


def _trouble_spans(tdoc: Tokens, lx: Lexical, own: set[str]) -> list[tuple[int, int]]:
    """The spans of complaints a sentence names by the organ or body system they affect; not by a part the
    article's condition names (``own``: "shoulder issues" in an article on shoulder pain are its topic)."""
    lowers, n = tdoc.lowers, len(tdoc)

    def part(k: int) -> bool:
        w = lowers[k]
        if len(w) < 3 or not w.isalpha() or w in STOP or w in _NOT_PARTS:
            return False
        folded = lx.fold(w)
        return folded not in own and "noun.body" in lx.classes(folded)

    def system(k: int) -> bool:
        return lowers[k] in _SYSTEMS or part(k)

    out = []
    for j in range(n):
        if lowers[j] not in _TROUBLES:
            continue
        a = j
        if j >= 3 and lowers[j - 1] == "related" and lowers[j - 2] == "-" and part(j - 3):
            a = j - 3  # "heart-related issues"
        while a > 0 and system(a - 1):
            a -= 1  # "spinal problems", "cervical spine disorders", "structural hip abnormalities"
        b = j + 1 if a < j else 0
        k = j + 1
        if lowers[j] != "disease" and k < n and lowers[k] in _OF_PART:
            k += 1
            if k < n and lowers[k] in ("the", "your", "their", "its"):
                k += 1
            if k < n and lowers[k] in ("left", "right", "upper", "lower"):
                k += 1
            if k < n and part(k) and (k + 1 == n or not tdoc.texts[k + 1].isalpha() or lowers[k + 1] in STOP):
                b = k + 1  # the part is the object, not a modifier ("problems of shoulder pain")
                if b + 1 < n and lowers[b] in ("or", "and") and part(b + 1):
                    b += 2  # "conditions affecting the gallbladder or liver"
        if b and not (a and lowers[a - 1] == "other"):
            out.append((a, b))  # "asthma or other respiratory conditions": the kind the condition is
    return out


# verbs that open a sentence without advising a treatment of their own: what to avoid (the trigger rules
# read it), where to read on, whom to ask (the care rule reads it), a choice, an addition or an effort whose
# object is the advice ("Consider physical therapy", "Choose supportive shoes", "Focus on exercises"), what a
# medicine does ("Help normalize skin cell activity", "Prevent airway swelling"), and modals
_NOT_ADVICE = frozenset("""avoid limit stop quit skip cut reduce minimize do never read learn see note remember
talk ask call click visit follow contact discover explore understand know find look sign subscribe share download
watch join register continue speak seek consult tell imagine think be let expect consider choose select opt pick try
incorporate include engage make discuss like pay check work give familiarize allow teach help prevent protect focus
enhance please can may might must will would should could""".split())
# what ends an imperative's advice: a purpose, a means, a time, a condition or the next clause
_ADVICE_END = frozenset("""to using with by while when where if so because and but or as for until before after which
that who whenever""".split())
# a purpose clause after the advice ("... to reduce swelling")
_PURPOSES = frozenset("""prevent reduce ease relieve decrease minimize improve support help protect control avoid
promote alleviate lessen manage maintain strengthen keep lower soothe loosen relax stabilize limit take""".split())
_NOT_AFTER_VERB = frozenset("is are was were can may might will could should helps has have does".split())
# what a step of a recipe or a procedure acts on ("Boil it", "Repeat this process"), or where it goes ("Stay
# away from soda"): a step or a warning, not the name of advice
_STEP_OBJECTS = frozenset("it this that them these those away".split())
_ALONE_AFTER_VERB = frozenset(("up", "down", "in", "on", *_PARTICLES))  # "Drink up": a verb and its particle


def _imperative_advice(view: View, lx: Lexical, complaints: frozenset[str]) -> tuple[int, int] | None:
    """The advice of a sentence that opens with an imperative ("Keep the knee elevated to decrease swelling",
    "Lifting: Bend at the knees, not the waist"), up to its purpose, means or next clause: a treatment where the
    sentence says what it is for or stands under a heading of treatments or prevention (the caller leaves out
    sentences under a heading of causes or symptoms)."""
    tdoc, s = view.tokens, view.sentence
    lowers, n = tdoc.lowers, len(tdoc)
    colon = next((j for j in range(min(n, 8)) if lowers[j] == ":"), -1)
    k = colon + 1  # after a label ("Lifting: ..."), else the first word
    while k < n and (tdoc.is_punct(k) or lowers[k].isdigit()):
        k += 1
    if s.kind == HEADING or k + 1 >= n or not tdoc.texts[k][:1].isupper():
        return None
    word, after = lowers[k], lowers[k + 1]
    if word in _NOT_ADVICE or after in _NOT_AFTER_VERB or after in _STEP_OBJECTS \
            or not tdoc.texts[k + 1][:1].isalpha():
        return None
    if lemma_table()(word) != word or word.endswith(("ing", "ed")) or not (word == "use" or _mostly_verb(word, lx)):
        return None  # a verb in most of its senses ("keep", "wear"; not "general", "back", "milk"), or "use"
    end = k + 1
    while end < n and not tdoc.is_punct(end) and lowers[end] not in _ADVICE_END:
        end += 1
    last = lowers[end - 1]
    if not 2 <= end - k <= 7 or last in complaints or end - k == 2 and last in _ALONE_AFTER_VERB:
        return None  # "Back muscle pain": a complaint, not a verb's advice; "Drink up": a verb alone
    if word != "ensure" and not _NOT_AFTER_VERB.isdisjoint(lowers[k + 1:end]):
        return None  # "Fire ants are small": a subject, not an imperative ("Ensure your desk is ..." is one)
    modifier = _mostly(last, lx, "adj.") or _mostly(last, lx, "adv.")
    if last in STOP or last[:1].isdigit() or word == "use" and _mostly(last, lx, "adv.") \
            or modifier and not last.endswith("ed") and end < n and tdoc.is_punct(end) and lowers[end] != ".":
        return None  # cut inside its object: "Apply a warm, damp cloth", "Use the", "Use only"
    purpose = end + 1 < n and lowers[end] == "to" and lowers[end + 1] in _PURPOSES
    return (k, end) if purpose or view.cls == "treatment" else None


def _with_spans(found: list, spans: list[tuple[int, int]], typ: str, rule: str) -> list:
    """A sentence's mentions with a phrase rule's spans as ``typ`` where no mention reaches across their
    edges; a span takes in the mentions inside it (what the tagger cut from it: "conditions affecting" of
    "conditions affecting the lungs")."""
    for a, b in spans:
        inside = [f for f in found if a <= f[0] and f[1] <= b]
        if any(f[:2] == (a, b) for f in inside) or any(f[0] < b and a < f[1] for f in found if f not in inside):
            continue
        found = sorted([f for f in found if f not in inside] + [(a, b, typ, rule, None)], key=lambda f: f[0])
    return found


def _with_foods(found: list, spans: list[tuple[int, int]], typ: str) -> list:
    """A sentence's mentions with the foods it names as ``typ``: recommended foods are treatments (annotation
    guide: diet changes), each replacing what overlaps it unless a treatment or exercise reaches beyond it
    ("balanced diet"); foods that harm are causes, only where no mention is."""
    out = list(found)
    for a, b in spans:
        over = [f for f in out if f[0] < b and a < f[1]]
        if any(f[2] in ADVICE and (f[0] < a or f[1] > b) for f in over) or typ == "cause" and over:
            continue  # what harms only adds a mention where there is none
        out = [f for f in out if not (f[0] < b and a < f[1])] + [(a, b, typ, "diet", None)]
    return sorted(out, key=lambda f: f[0])


# a subject that says it names a cause defines nothing ("The most common cause is a herniated disc", "Another
# possibility is an allergy")
_NAMES_A_CAUSE = (r"(?!.*\b(?:causes?|possibilit(?:y|ies)|reasons?|culprits?|factors?|triggers?|explanations?|"
                  r"sources?|results?)\b)")
# a definition just before a mention: "Chlamydia is a bacterial infection", "Gout is a type of arthritis"
_IS_A = re.compile(r"^\W*" + _NAMES_A_CAUSE + r"(?:[\w'’-]+\s+|\([^()]{1,15}\)\s+){1,5}(?:is|are)\s+"
                   r"(?:a|an)\s+(?:(?:common|rare|chronic|painful|serious|type|form|kind)\s+)?(?:of\s+)?$",
                   re.IGNORECASE)

# the condition defined, its kind qualified by a few words ("Fibroids are non-cancerous tumors", "Chlamydia
# is a common sexually transmitted infection"): the subject must name the condition (``_IS_A`` alone would
# take "What is pneumonia?" or "Most vaccines are safe during pregnancy")
_DEFINED = re.compile(r"^\W*(?!(?:what|how|why|when|where|who|which|there|this|these|it|they)\b)" + _NAMES_A_CAUSE
                      + r"(?P<subject>(?:[\w'’-]+\s+|\([^()]{1,15}\)\s+){1,5})(?:is|are)\s+(?:(?:a|an)\s+)?"
                      r"(?:(?!(?:the|of|in|on|to|for|by|with|from|at|and|or|not|more|less|most|often|also|usually|"
                      r"when|that|which|caused|due|linked|associated|related|during|until|after|before|among|present|"
                      r"safe|necessary|important)\b)[a-z][\w'’-]*\s+){0,3}$", re.IGNORECASE)

# a verb of bringing about, and what opens a list of complications, in the clause before a cause mention
# (active forms only: "is caused by X", "triggered by X" name causes)
_LEADS_TO = re.compile(r"\b(?:lead(?:s|ing)? to|led to|result(?:s|ed|ing)? in|"
                       r"(?:increase|raise)(?:s|d)? (?:the|your|their|one's) (?:risk|chances?|likelihood|odds) "
                       r"(?:of|for)(?: (?:developing|getting|having))?|"
                       r"(?:more|most) likely to (?:develop|experience|have|get)|"
                       r"at (?:a )?(?:higher |greater |increased )?risk (?:of|for)(?: (?:developing|getting))?|"
                       r"causes?|causing|triggers?)"
                       r"\s+(?!by\b)", re.IGNORECASE)
# in the words between the verb and the mention, what makes the mention a cause after all ("can cause pain
# and are often triggered by dehydration", "due to excess glucose", "especially if you have allergies")
_CAUSE_AGAIN = re.compile(r"[.;:!?]|\b(?:by|due to|because|from|if|when|unless|result of)\b", re.IGNORECASE)
# before "cause(s)" or "trigger(s)", these make it a noun ("a non-infectious cause like allergies")
_NOUN_BEFORE = frozenset("the a an common main other possible underlying root its their of potential primary most "
                         "many several various different known leading major no any some".split())
_SIGN_OF = re.compile(r"\b(?:sign|signs|signal|signals|indicate|indicates|indicating|suggest|suggests|point to)\b",
                      re.IGNORECASE)
_NOUN_AFTER = re.compile(r"(?:like|such as|include|includes|including|are|is|of|for)\b", re.IGNORECASE)
# a verb after the complications that says they bring something on ("... can cause pain"; not "or worsening
# skin", a noun phrase)
_BRINGS_ON = re.compile(r"\b(?:(?:can|may|might|could|will|often|also|usually)\s+(?:\w+\s+)?(?:cause|contribute|lead|"
                        r"trigger|worsen)|causes|causing|contributes|contributing to|leads to|leading to|triggers|"
                        r"worsens)\b", re.IGNORECASE)
_COMPLICATIONS = re.compile(r"\bcomplications?\b[^.;:!?]{0,40}\b(?:such as|including|like|include|includes)\b"
                            r"[^.;:!?]*$", re.IGNORECASE)
_CLAUSE_START = re.compile(r".*(?:[.;:!?,(]|\b(?:that|which|who|when|where|if|because|and|or|but|from|by)\b)",
                           re.IGNORECASE)


# a verb of bringing something good about right before a mention: what follows is an outcome ("promotes
# relaxation", "improves insulin sensitivity", "boost collagen production"); not "maintain" or "support",
# whose objects are advice ("maintain good posture", "support good posture")
_OUTCOME = re.compile(r"\b(?:promot(?:e|es|ed|ing)|improv(?:e|es|ed|ing)|boost(?:s|ed|ing)?|enhanc(?:e|es|ed|ing))"
                      r"\s+(?:(?:your|the|a|an|overall|better|good|general|their|its)\s+)*$", re.IGNORECASE)

# what "X can cause ..." may bring about and still be about the article's condition: the condition's own
# words, or words that stand for it or its symptoms ("can lead to it", "can cause symptoms", "flare-ups")
_STANDS_FOR_CONDITION = frozenset(("it", "this", "these", "them", "symptom", "symptoms", "flare", "flares",
                                   "flare-ups", "flare-up", "attack", "attacks", "episode", "episodes", "condition",
                                   "pain", "discomfort"))
_CLAUSE_END = re.compile(r"[.;:!?]|\b(?:but|while|whereas|although)\b")


def _subclass(surface: str, condition_id: str) -> bool:
    """Whether a name is, in the Disease Ontology, a subclass of the condition's class."""
    if not condition_id.startswith("DOID:"):
        return False
    ident = lookup(surface, "cause", broader=False)
    return ident.startswith("DOID:") and subclass_of(ident, condition_id)


def _folded_words(text: str) -> set[str]:
    """A text's words, folded as the condition's words are (``condition_words``)."""
    return {fold(w) for w in _HEAD_WORD.findall(text.lower())}


def _names_condition(clause: str, condition_words: set[str], also: frozenset = frozenset()) -> bool:
    """Whether a clause holds a word of the article's condition, a word that stands for it, or one of
    ``also`` (true when the article has no condition)."""
    return not condition_words or bool(_folded_words(clause) & (condition_words | _STANDS_FOR_CONDITION | also))


def _effect_is_condition(after: str, condition_words: set[str]) -> bool:
    """Whether what a cause mention is said to bring about ("X can lead to ...": ``after``, the text after
    the mention, to the end of its clause) names the article's condition or stands for it."""
    after = after[:_WINDOW]
    stop = _CLAUSE_END.search(after)
    return _names_condition(after[:stop.start() if stop else len(after)], condition_words)


# a cue's own words that say the condition is meant ("Common causes include ...", "Risk factors such as")
_CAUSE_NOUNS = frozenset(("cause", "causes", "factor", "factors", "reason", "reasons", "trigger", "triggers",
                          "culprit", "culprits"))
_SENTENCE_PART = re.compile(r".*[.;:!?]")


def _subject_is_condition(before: str, condition_words: set[str]) -> bool:
    """Whether what a cause mention is said to bring about ("... is caused by X": ``before``, the text
    before the mention, from the start of its sentence part) names the article's condition, stands for
    it, or is a list of its causes."""
    before = before[-_WINDOW:]
    part = _SENTENCE_PART.match(before)
    return _names_condition(before[part.end() if part else 0:], condition_words, _CAUSE_NOUNS)


# a list of symptoms before a mention, the mention one of its items: only words, commas and "and"/"or"
# between ("symptoms like fever, loss of taste or smell"; not "symptoms like fever, which are more
# indicative of COVID-19", "signs ... could be signs of infection")
_SYMPTOM_LIST = re.compile(r"\b(?:symptoms?|signs?)\s+(?:such as|like|including|include|includes|may include|"
                           r"can include)\s+(?:(?!(?:by|due|because|from|if|when|unless|sign|signs|to|than|which|that|who|"
                           r"may|might|could|can|will|is|are|be|indicat\w*|suggest\w*|signal\w*|point\w*|whereas|while|"
                           r"but|after|during|in|on|for|with|as|related|caused|linked|associated)\b)[\w'’-]+"
                           r"(?:,\s*|\s+))*$", re.IGNORECASE)


# what brings about the symptoms a list names: "X can cause symptoms such as ...", "..., leading to symptoms like"
_CAUSING_SYMPTOMS = re.compile(r"\b(?:causes?|causing|lead(?:s|ing)? to|triggers?|triggering|produces?|"
                               r"producing)\s+(?:similar\s+|other\s+|various\s+)?(?:symptoms?|signs?)\s+"
                               r"(?:such as|like|including)\s", re.IGNORECASE)


def _symptoms_of_condition(before: str, condition_words: set[str]) -> bool:
    """For a symptom mention an item of "X can cause symptoms such as ..." (``before``: the text before it),
    whether X names the article's condition or stands for it ("It can cause symptoms like cramping");
    true for any other mention."""
    before = before[-_WINDOW:]
    if not _SYMPTOM_LIST.search(before):
        return True
    cues = list(_CAUSING_SYMPTOMS.finditer(before))
    if not cues:
        return True
    cue = cues[-1]  # the list's own verb, the nearest
    part = _SENTENCE_PART.match(before, 0, cue.start())
    # "they" too: what the article is about, in the plural ("They occur when the stomach pushes through the
    # diaphragm, leading to symptoms such as heartburn" in an article on hernias)
    return _names_condition(before[part.end() if part else 0:cue.start()], condition_words, _THEY)


_THEY = frozenset(("they",))


# what is felt is a symptom ("a feeling of pressure in the ears", "feelings of anxiety", "a sense of fullness")
_FELT = re.compile(r"\b(?:feelings?|sensations?|sense)\s+of\s+(?:an?\s+)?$", re.IGNORECASE)


# another name right before a mention ("also known as", "medically referred to as", "also called")
_AKA = re.compile(r"(?:\(|,)?\s*\b(?:(?:also|commonly|medically|sometimes|often|clinically)\s+)?(?:(?:known|referred to|"
                  r"termed)\s+as|called)\s+(?:an?\s+|the\s+)?$", re.IGNORECASE)


def _another_name(text: str, offset: int, head: str) -> bool:
    """Whether a mention at ``offset`` of ``text`` is another name of the article's condition (``head``: its
    folded head word), given right after it: "Hives, also known as urticaria", "Canker sores, medically
    referred to as aphthous ulcers"."""
    cue = _AKA.search(text, max(0, offset - 60), offset)
    if cue is None:
        return False
    before = _HEAD_WORD.findall(text[max(0, cue.start() - 60):cue.start()].lower())[-4:]
    return head in {fold(w) for w in before}


# a comparison right before a mention (up to three words between): what follows is another condition set
# beside the article's, not its cause or symptom ("Unlike strep throat, ...", "can be mistaken for a heart
# attack", "Rosacea vs. lupus rash", "symptoms similar to those of a common cold")
# (after a verb of confusing, the words between may be a list's items: "mistake oral chlamydia for a cold,
# allergies, or ..."; after "unlike" or "similar to" a comma ends the comparison: "Unlike BV, yeast infections")
_COMPARED = re.compile(r"\b(?:(?:mistak(?:e|en|es|ing)\b[^.;:!?]{0,40}\bfor|confus(?:e|ed|es|ing) with|"
                       r"mimic(?:s|ked|king)?|resembl(?:e|es|ed|ing)|differ(?:s|ent)? from|"
                       r"distinguish(?:ed|ing)? from)\s+(?:[\w'’-]+,?\s+){0,3}|"
                       r"(?:similar to|unlike|versus|vs\.?)\s+(?:[\w'’-]+\s+){0,3})$", re.IGNORECASE)
_WHEREAS = re.compile(r"\bwhereas\s+(?:[\w'’-]+\s+){0,3}$", re.IGNORECASE)
# a sentence (after a label at most) that opens with "Unlike": all up to its comma is compared ("Unlike
# coughs from colds or allergies, a GERD cough is usually dry"), and a relative clause on it up to the
# next comma ("Unlike UTIs, which involve a burning sensation and frequent urination, kidney stones' pain"),
# unless what is compared is the condition ("Unlike an allergy cough, which is usually triggered by allergens,
# chronic bronchitis ..." in an article on allergy coughs)
_UNLIKE = re.compile(r"^(?:[^.;:!?]{0,40}:)?\W*unlike\b(?P<what>[^,.;:!?]*)"
                     r"(?P<rel>,\s*(?:which|who|that)\b[^,.;:!?]*)?$", re.IGNORECASE)


def _set_beside(text: str, offset: int, condition_words: set[str]) -> bool:
    """Whether a cause or symptom mention at ``offset`` of its sentence is another condition the sentence sets
    beside the article's, or is that condition's: right after a comparison, in what "Unlike" opens the
    sentence with, after "whereas" ("BV causes a watery discharge, whereas yeast infections often result in
    ..."), or in a clause ", while X ..." whose subject names another condition ("..., while the common
    cold can lead to body aches"); not where what "Unlike" compares with a relative clause, or the
    "whereas" or "while" clause, names the condition itself."""
    if _COMPARED.search(text, max(0, offset - 80), offset):
        return True
    if offset < _WINDOW and (u := _UNLIKE.match(text[:offset])) \
            and not (u["rel"] and condition_words & _folded_words(u["what"])):
        return True
    w = _WHEREAS.search(text, max(0, offset - 60), offset)
    if w:
        return not condition_words & _folded_words(w[0])
    w = _WHILE.search(text, max(0, offset - _WINDOW), offset)
    return bool(w) and not condition_words & _folded_words(w["subject"]) and _names_condition_term(w["subject"])


# the items of a list ("endometriosis, adenomyosis, or fibroids"): short phrases between commas and a
# last "and" or "or", without a verb or a word that opens a clause or an example ("often stemming from
# wisdom teeth", "such as the common cold", "can result from stress" are no items)
_NOT_IN_ITEM = (r"(?!(?:and|or|from|for|by|with|that|which|who|when|where|while|like|such|as|including|"
                r"includes?|can|may|might|could|will|would|should|is|are|was|were|be|been|often|usually|due|"
                r"caused|causing|stemming|resulting|leading|known|called|especially|particularly)\b)")
_WORD_IN_ITEM = _NOT_IN_ITEM + r"[\w'’/()-]+"
_ITEM = rf"{_WORD_IN_ITEM}(?:\s+{_WORD_IN_ITEM}){{0,4}}?"
_LIST_SEP = re.compile(r"(?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+)(?:even\s+|also\s+|sometimes\s+)?",
                       re.IGNORECASE)
_LIST_GAP = re.compile(rf"(?:{_LIST_SEP.pattern})(?:{_ITEM}(?:{_LIST_SEP.pattern}))*", re.IGNORECASE)
_ITEMS_AFTER = re.compile(rf"(?:(?:{_LIST_SEP.pattern}){_ITEM}(?=\s*(?:[,.;:)]|and\b|or\b|$)))+", re.IGNORECASE)
_ITEM_BEFORE = re.compile(rf"{_ITEM}\s*,\s*$", re.IGNORECASE)
_LIST_REACH = 300  # characters around a mention that a list with it may span


def _listed_with_condition(text: str, start: int, end: int, condition: str) -> bool:
    """Whether a mention at ``start``..``end`` of its sentence is an item of a list of three or more that
    names the article's condition as another item: "Secondary dysmenorrhea can be caused by endometriosis,
    adenomyosis, or fibroids" (in an article on endometriosis), "obesity, diabetes, and heart disease": the
    other items are its siblings, neither its causes nor its symptoms; so is the other of two examples
    ("Conditions such as endometriosis and pelvic inflammatory disease can lead to chronic pain"). The
    list's last item follows "and" or "or" ("due to shock or stress, low blood pressure can also occur"
    lists nothing with the condition)."""
    if not condition:
        return False
    # a list's items lie near one another: look for the condition only around the mention (a run-on
    # "sentence" of a bad page can be 100,000 characters long)
    near = re.compile(rf"\b{re.escape(condition)}(?:e?s)?\b", re.IGNORECASE)
    before = after = None  # the condition's nearest mentions on either side are the ones a list could join
    for c in near.finditer(text, max(0, start - _LIST_REACH), min(len(text), end + _LIST_REACH)):
        if c.end() <= start:
            before = c
        elif c.start() >= end:
            after = c
            break
    for c in filter(None, (before, after)):
        (a1, b1), (a2, b2) = sorted(((start, end), (c.start(), c.end())))
        gap = _LIST_GAP.fullmatch(text, b1, a2) if b1 <= a2 else None
        if not gap:
            continue
        seps = _LIST_SEP.findall(gap[0])
        items = 1 + len(seps)
        rest = _ITEMS_AFTER.match(text, b2, min(len(text), b2 + _LIST_REACH))
        if rest:
            more = _LIST_SEP.findall(rest[0])
            items, last = items + len(more), more[-1]
        else:
            last = seps[-1]
            items += bool(_ITEM_BEFORE.search(text, max(0, a1 - _LIST_REACH), a1))
        if re.search(r"\b(?:and|or)\b", last, re.IGNORECASE) and (
                items >= 3 or items == 2 and _EXAMPLES_OPEN.search(text, max(0, a1 - 40), a1)):
            return True
    return False


# what opens examples of a kind ("Conditions such as endometriosis and pelvic inflammatory disease"): two
# examples are siblings too
_EXAMPLES_OPEN = re.compile(r"\b(?:such as|like|including|include|includes)\s+(?:an?\s+|the\s+)?$", re.IGNORECASE)


# a clause that sets another condition beside the sentence's ("allergies may cause itchy eyes, while the
# common cold can lead to body aches and even fever"): its subject, up to its verb
_WHILE = re.compile(r",\s*(?:while|whereas)\s+(?P<subject>(?:[\w'’-]+\s+){1,5}?)(?:can|may|might|could|often|"
                    r"usually|typically|tends?|is|are|causes?|leads?|results?|involves?|presents?|has|have|do|"
                    r"does)\b[^.;:!?]*$", re.IGNORECASE)


def _names_condition_term(text: str) -> bool:
    """Whether a few words hold a condition term of the gazetteer or the lexicon ("the common cold",
    "strokes", "hemorrhoids"), as written or with their plurals folded."""
    words = text.lower().split()
    return any(term_spans(ws, condition_terms()) for ws in (words, [fold(w) for w in words]))

# what one practises is advice even as what a thing improves ("a chair that promotes good posture", "efforts
# to improve sleep hygiene")
_PRACTICES = frozenset(("posture", "hygiene", "ergonomics", "technique", "techniques", "mechanics", "habits", "habit"))


def _outcome(text: str, offset: int) -> bool:
    """Whether a mention at ``offset`` of ``text`` is what a treatment brings about ("yoga promotes
    relaxation"); an imperative verb ("Improve your sleep hygiene", "Tips: improve your posture") makes it
    advice."""
    verb = _OUTCOME.search(text, max(0, offset - 60), offset)
    return bool(verb) and not _OPENING.match(text[:verb.start()])


# what marks a condition, before a mention in its clause ("a condition characterized by inflammation")
_CHARACTERIZED = re.compile(r"\b(?:characteri[sz]ed|marked)\s+by\b", re.IGNORECASE)
# where what marks it ends: another clause ("..., it may be a symptom of a stone"), or a word that says
# what follows brings something about ("characterized by pain caused by strain", "... can result in")
_TRAIT_END = re.compile(r"[.;:!?]|,\W*(?:it|this|they|which|who|(?:\w+ly\s+)?(?:is|are|was|were|has|have|affects?|"
                        r"occurs?|develops?|making|makes))\b|\b(?:by|due to|because|from|if|when|while|during|after|"
                        r"unless|result of|results? in|resulting in|leads? to|leading to|causes?|causing|caused|can|"
                        r"may|might|could|will|attributed to|linked to|associated with|related to|triggered)\b",
                        re.IGNORECASE)
# a cue that opens its sentence (after a label at most) marks what its phrase names, up to the comma
_OPENING = re.compile(r"^[^.;:!?]*:\s*$|^\W*$")


def _characterized(text: str, offset: int, head: str) -> str:
    """"own" when a mention at ``offset`` of ``text`` is what marks the article's condition (``head``: its
    folded head word, named before the cue: "Gout is characterized by joint pain"), "other" when it
    marks something else ("anemia, characterized by fatigue"), "" when no such cue stands before it in
    its clause or a word after the cue ends what marks it ("marked by pain caused by strain")."""
    before = text[max(0, offset - _WINDOW):offset]
    cue = None
    for cue in _CHARACTERIZED.finditer(before):
        pass
    if cue is None or _TRAIT_END.search(before, cue.end()) or (
            "," in before[cue.end():] and _OPENING.match(before[:cue.start()])):
        return ""
    return "own" if head and head in _folded_words(before[:cue.start()]) else "other"


# a sentence's subject, up to its first modal verb (not a relative clause's: "foods that can worsen ...")
_FIRST_PREDICATE = re.compile(r"^([^.;:!?,]*?)\b(?:can|may|might|could|will|would|often)\b", re.IGNORECASE)


def _consequence(text: str, offset: int, head: str) -> bool:
    """Whether a cause mention at ``offset`` of its sentence ``text`` is something the article's condition
    (``head``: its folded head word) brings about: its clause's subject names the condition and its verb brings something about
    ("untreated type 2 diabetes can cause heart disease", "diarrhea may lead to dehydration"), or it is
    listed among complications that the sentence does not say cause something ("complications such as a
    cracked tooth can cause pain" name causes). The annotation guide's causes bring the condition on."""
    if not head:
        return False
    # the clause around the mention is all that counts, and a bounded window keeps a sentence of a hundred
    # thousand characters (a scraper's run-on text) linear in its mentions
    before = text[max(0, offset - _WINDOW):offset]
    c = _COMPLICATIONS.search(before)
    if c:
        # not what a symptom may be a sign of ("could signal complications such as a hernia"), nor
        # complications said to cause something ("complications such as a cracked tooth can cause pain")
        return not (_SIGN_OF.search(before, max(0, c.start() - 30), c.start()) or _CAUSE_AGAIN.search(before, c.end())
                    or _BRINGS_ON.search(text[offset:offset + _WINDOW]))
    for m in _LEADS_TO.finditer(before):
        verb = m.group(0).lower()
        if _CAUSE_AGAIN.search(before, m.end()) or len(before) - m.end() > 100:
            continue
        words = _HEAD_WORD.findall(before[:m.start()].lower())
        if verb.startswith(("cause", "trigger")) and (
                words and words[-1] in _NOUN_BEFORE or _NOUN_AFTER.match(before, m.end()) or "," in before[m.end():]):
            continue  # a noun: "a non-infectious cause like allergies", "migraine triggers can be personal, foods"
        if verb.startswith(("causing", "leading", "resulting")):
            if words[-1:] == ["by"]:
                continue  # a means of something else's: "stress contributes to kidney stones by causing ..."
            subject_words = words[-3:]  # a participle's subject stands right before it ("bacteria causing")
            if before[:m.start()].rstrip().endswith(",") and (first := _FIRST_PREDICATE.match(before)) \
                    and not _RELATIVE.intersection(_HEAD_WORD.findall(first.group(1).lower())):
                # or after a comma, the sentence's ("Endometriosis can impact mental health, leading to anxiety")
                subject_words = subject_words + _HEAD_WORD.findall(first.group(1).lower())
        else:
            subject = before[:m.start()]
            cl = _CLAUSE_START.match(subject)
            subject_words = _HEAD_WORD.findall((subject[cl.end():] if cl else subject).lower())
            if cl and not subject_words and re.search(r"(?:,|\band|\bor)\s*$", cl.group(0)) \
                    and (first := _FIRST_PREDICATE.match(subject)) \
                    and not _RELATIVE.intersection(_HEAD_WORD.findall(first.group(1).lower())):
                # the last of a row of verbs ("high blood pressure can strain your heart, damage blood vessels,
                # and increase the risk of heart disease"): the row's subject is the sentence's
                subject_words = _HEAD_WORD.findall(first.group(1).lower())
        return head in {fold(w) for w in subject_words}
    return False


# what follows a mention that names it a complication ("Kidney disease is a common complication of
# diabetes", "pelvic inflammatory disease, a serious complication of untreated chlamydia", "Neuropathy, or
# nerve damage, is another common complication of diabetes"), with the words of what it complicates
_COMPLICATION_OF = re.compile(r"^[^.;:!?]{0,40}?(?:,|\b(?:is|are|was|were|be|becomes?))\s+(?:(?:often|also|usually|"
                              r"sometimes|considered|a|an|the|one|another|of|most)\s+)*(?:[\w'’-]+\s+){0,3}?"
                              r"complications?\s+(?:of|from)\s+(?P<what>(?:[\w'’-]+\s*){1,5})", re.IGNORECASE)


# what follows a mention that is the subject of a sentence naming it a kind of something ("Telogen
# effluvium is a type of sudden hair loss", "Osteoarthritis (OA) is the most common form of arthritis"),
# with the words of what it is a kind of
_A_KIND_OF = (r"(?:(?:also|often|usually|considered|a|an|the|one|another|of|most|more)\s+)*(?:[\w'’-]+\s+){0,2}?"
              r"(?:types?|kinds?|forms?|subtypes?)\s+of\s+")  # "is [the most common] type of", "a mild form of"
_KIND_OF = re.compile(r"^\s*(?:\([^)]{1,20}\)\s*)?(?:is|are)\s+" + _A_KIND_OF + r"(?P<what>(?:[\w'’-]+\s*){1,5})",
                      re.IGNORECASE)


# what stands before a mention that names it the genus the condition is a kind of ("Gingivitis, a mild form
# of gum disease", "Gout is a type of arthritis" in an article on gout): the subject before it
_GENUS_OF = re.compile(r"^(?P<subject>[^.;:!?,]{1,60}?)(?:\([^)]{1,20}\)\s*)?(?:,|\b(?:is|are))\s+" + _A_KIND_OF + "$",
                       re.IGNORECASE)


def _genus_of(before: str, head: str) -> bool:
    """Whether the text before a cause mention (``before``, from the start of its sentence) names the
    article's condition (by its folded head word) a kind of the mention: the mention is what the condition
    is, not a cause of it."""
    m = _GENUS_OF.match(before[-_WINDOW:].lstrip())
    return m is not None and bool(head) and head in {fold(w) for w in _HEAD_WORD.findall(m["subject"].lower())}


def _complication_of(after: str, condition_words: set[str]) -> bool:
    """Whether the text right after a mention names it a complication of the article's condition, a
    consequence of the condition, or, as the sentence's subject, a kind of it ("Telogen effluvium is a
    type of sudden hair loss"): no cause of it either way (the other way round, "Pneumonia can be a
    complication of the flu" in an article on pneumonia, the flu is a cause)."""
    m = _COMPLICATION_OF.match(after[:_WINDOW]) or _KIND_OF.match(after[:_WINDOW])
    return m is not None and bool(condition_words) and bool(condition_words & _folded_words(m["what"]))


# a complaint and the activity it comes with, just before an exercise mention ("sharp pain in the knee while
# walking", "can worsen after running"): the activity is when it hurts, not an exercise advised
_WHEN_DOING = re.compile(r"\b(?:pain|pains|painful|ache|aches|aching|discomfort|soreness|sore|hurts?|worse|worsens?|"
                         r"worsening|cramps?|cramping|stiffness)\b[^.;:!?]{0,40}\b(?:when|while|during|after)\s+"
                         r"(?:\w+\s+)?$", re.IGNORECASE)
# everyday activities, or activities a complaint hinders, before the examples that follow them
_DAILY = re.compile(r"\b(?:daily|everyday|day-to-day|simple|routine|normal|ordinary|basic)\s+(?:activities|tasks|"
                    r"movements|motions)\b[^.;:!?]{0,30}\b(?:like|such as|including|from|e\.g\.,?)\s+[^.;:!?]*$|"
                    r"\b(?:interfer\w*|imped\w*|difficult\w*|hard|harder|trouble|struggl\w*|unable|inability|limits?|"
                    r"limiting|painful)\b[^.;:!?]{0,25}\b(?:activit(?:y|ies)|tasks|movements)\s+(?:like|such as|"
                    r"including)\s+[^.;:!?]*$", re.IGNORECASE)
# a list of side effects before a mention, in its clause ("side effects such as fatigue, nausea and ...")
_SIDE_EFFECTS = re.compile(r"\b(?:side[- ]effects?|adverse (?:reactions?|effects?|events?))\b[^.;]{0,60}?"
                           r"(?:such as|like|include|includes|including|:|are|were|may be)\s[^.;]*$", re.IGNORECASE)
# a list of the harms something brings ("risks like skin damage and bone loss", "health risks such as
# obesity"), not risk factors ("risk factors like obesity")
_RISKS = re.compile(r"\brisks\s+(?:like|such as|including)\s[^.;:]*$", re.IGNORECASE)
# how far before (and after) a mention the sentence-level rules read: a clause, never a whole run-on text
_WINDOW = 300
_AFTER_CONDITION = re.compile(r"\b([a-z'-]+),?\s+(?:(?:especially|particularly|usually|often|mainly|mostly|typically|"
                              r"even|only)\s+)?(?:from|after|following|(?:caused|induced|triggered) by)\s+"
                              r"(?:(?:the|a|an|your|my|taking|using|eating|drinking|certain|some)\s+)?"
                              r"(?:(?![a-z-]*(?:ing|s)\s|(?:to|and|or|is|are|was|can|may|will|that|which|with|for|"
                              r"of|in|on|at|by|as|when|while|if)\s)[a-z-]+\s+){0,2}$", re.IGNORECASE)


_INDUCED = re.compile(r"^[-‐ ](?:related|induced|associated|triggered)\s+([a-z'-]+)", re.IGNORECASE)


# a mention that is the subject of a verb of causing whose object is the condition ("physical activity
# triggers asthma symptoms", "Dairy can trigger a gout flare"): what it brings on is the condition
_TRIGGERS = re.compile(r"^(?:\s+(?:(?:immediately|right|too|late)\s+)?(?:after|before|during|in|on|with|without|"
                       r"at)(?:\s+[\w'-]+){1,5}?)?\s+"
                       r"(?:(?:can|may|might|often|commonly|frequently|sometimes|also)\s+){0,2}"
                       r"(?:triggers?|triggered|causes?|caused|induces?|induced|leads?\s+to|brings?\s+on)\s+"
                       r"(?:(?:an?|the|your|their|some|severe|sudden)\s+)?((?:[a-z'-]+\s+){0,2}[a-z'-]+)", re.IGNORECASE)


def _induces(after: str, head: str, first: str, lx: Lexical) -> bool:
    """Whether the text right after a mention makes it what brings the condition on ("amoxicillin-induced
    rash", "aspirin-induced asthma", "physical activity triggers asthma symptoms", "taking supplements
    immediately after a fasting period can lead to diarrhea"; ``head``: the
    condition's folded head word), unless the mention opens with a verb (``first``, or its lemma:
    "reduces stress-related bloating", "managing stress-related")."""
    if not head:
        return False
    m = _INDUCED.match(after[:40])
    if m is not None:
        found = fold(m.group(1).lower()) == head
    else:
        m = _TRIGGERS.match(after[:80])
        found = m is not None and head in {fold(w) for w in m.group(1).lower().split()}
    return found and not _verb_or_form(first, lx)


# a temperature named as what one is exposed to, not applied: after a word of trapping, excess or exposure,
# or beside moisture and the like ("trap heat and moisture", "excessive heat", "heat exposure", "exposure to
# extreme heat"); "heat and cold therapy" is applied
_TEMPERATURES = frozenset(("heat", "cold", "warmth"))
_EXPOSED_BEFORE = re.compile(r"\b(?:trap(?:s|ping|ped)?|excess(?:ive)?|extreme|exposure to|exposed to|"
                             r"triggered by|caused by)\s+(?:the\s+)?$", re.IGNORECASE)
_EXPOSED_AFTER = re.compile(r"(?:\s*(?:,|and|or)\s*(?:and\s+)?(?:moisture|humidity|sweat|sweating|friction|wind|"
                            r"sunlight)\b)|[\s-]+exposure\b", re.IGNORECASE)


def _exposure(text: str, start: int, end: int) -> bool:
    """Whether a temperature mention at ``start``:``end`` of ``text`` names an exposure."""
    return bool(_EXPOSED_BEFORE.search(text, max(0, start - 40), start) or _EXPOSED_AFTER.match(text, end))


def _brought_on_by(text: str, offset: int, head: str) -> bool:
    """Whether the text before a mention at ``offset`` ends in the condition's head word (``head``, folded)
    and "from", "after" or "caused by" ("a rash from", "bloating after", "constipation caused by")."""
    m = _AFTER_CONDITION.search(text[max(0, offset - _WINDOW):offset]) if head else None
    return m is not None and fold(m.group(1)) == head


_FOOD_WORDS = frozenset(("food", "foods", "drink", "drinks", "beverage", "beverages", "meat", "meats", "snack",
                         "snacks", "meal", "meals"))
_GENERIC_FOODS = _FOOD_WORDS - {"meat", "meats"}  # the words that name no food of their own


def _foods_avoided(doc: Document, known: set[str], lx: Lexical, model: Tagger | None) -> None:
    """A food or drink the article advises against is a cause of its condition (annotation guide: a food
    that brings on or worsens it; causes carry no contraindicated flag), not a treatment advised against:
    "Here's what to avoid: French fries", "avoid sugary drinks", and whatever is advised against under a
    heading of foods or drinks to avoid ("Foods to Avoid > 2. Salty Foods: chips")."""
    against = [m for m in doc.mentions
               if m.type in ADVICE and m.flag == CONTRAINDICATED and m.mention_id not in known]
    if not against:
        return
    section = {s.index: s.section for s in doc.sentences}
    for m in against:
        if _avoid_heading(section.get(m.sentence_index, "")) in _FOOD_WORDS \
                or _food(_HEAD_WORD.findall(m.surface.lower()), lx):
            m.type, m.flag, m.flag_from = "cause", "", ""
            m.concept = _concept("cause", m.surface, model, doc.condition)


def _concept(typ: str, surface: str, model: Tagger | None, condition: str = "") -> str:
    """The concept of a mention no rule linked: a lexicon surface of its type, else the annotations' alias;
    else that of the mention without its words of degree ("severe chest pain" is chest pain, "gentle
    stretches" stretching) when those name one other than the article's condition (a quality of its pain,
    "severe back pain", is a symptom of its own)."""
    norm = normalize_key(surface)
    found = _known_concept(typ, norm, model)
    if found:
        return found
    words = norm.split()
    rest = [w for w in words if w not in _DEGREE]
    found = _known_concept(typ, " ".join(rest), model) if rest and len(rest) < len(words) \
        and " ".join(rest) not in _GENERIC_HEADS else ""
    return found if found != condition else ""


# the keys of the generic heads ("disorder", "illness", "problem"...): what is left of "eating disorder" or
# "severe illness" without its other words names no concept
_GENERIC_HEADS = frozenset(("disease", "difficulty"))


def _known_concept(typ: str, norm: str, model: Tagger | None) -> str:
    key = (typ, norm)
    return surface_concepts().get(key) or (model.aliases.get(key, "") if model is not None else "")


# words that say how much, how often or how suddenly, not what: a concept stays the same without them
# (unlike ``ontology.DEGREE``, not words of manner: "sharp pain" and "dull ache" are concepts of their own);
_DEGREE = frozenset(("severe", "serious", "intense", "sudden", "mild", "moderate", "progressive", "significant",
                     "unexplained", "constant", "frequent", "occasional", "gentle", "regular", "daily", "proper",
                     "persistent", "extreme", "slight", "noticeable", "excessive", "minor", "major", "increased",
                     "gradual",
                     # and the consuming of a thing is that thing ("drinking alcohol", "alcohol consumption")
                     "drinking", "eating", "consuming", "consumption", "intake"))


def _food(words: list[str], lx: Lexical) -> bool:
    """Whether a mention names a food or drink: its head (last word) is one, or it holds a food word
    ("fatty foods like chips"; not "dietary choices")."""
    return bool(words) and (_food_word(words[-1], lx) or any(w in _FOOD_WORDS for w in words))


def _food_word(word: str, lx: Lexical) -> bool:
    """A word most often meaning a food or drink: a food word, or one whose WordNet noun senses are half
    foods, or a third and none an artifact ("cheese", "soda", "bacon"; not "water", "ice", "cream")."""
    if word in _FOOD_WORDS:
        return True
    nouns = [c for c in lx.senses(lx.fold(word)) if c.startswith("noun.")]
    food = nouns.count("noun.food")
    return bool(nouns) and (2 * food >= len(nouns) or 3 * food >= len(nouns) and "noun.artifact" not in nouns)


# what the body makes or holds of a substance ("insulin sensitivity", "magnesium levels")
_OWN_SUBSTANCE = frozenset("""level levels sensitivity production response release secretion resistance receptor
receptors""".split())
ADVICE = ("treatment", "exercise")
COMPLAINTS = ("cause", "symptom")
_LOADS = frozenset(("stress", "strain", "pressure", "load", "tension"))


def _lacking(lowers: list[str], start: int) -> int | None:
    """The index where a word of want before the advice at ``start`` begins ("insufficient rest", "lack of
    sleep", "not enough exercise", "poor diet"), or None: the want of good advice is a cause."""
    if start >= 1 and lowers[start - 1] in ("insufficient", "inadequate", "poor", "deficient"):
        return start - 1
    if start >= 2 and lowers[start - 1] == "of" and lowers[start - 2] in ("lack", "absence"):
        return start - 2
    if start >= 2 and (lowers[start - 2], lowers[start - 1]) in (("not", "enough"), ("too", "little")):
        return start - 2
    if start >= 3 and lowers[start - 1] == "enough":
        # "don't get enough sleep", "are not drinking enough water", "isn't making enough insulin": from the
        # negation (its auxiliary with "n't") over one verb
        if lowers[start - 3] in _NOT:
            return _with_auxiliary(lowers, start - 3)
    return None


_NOT = frozenset(("not", "n't", "n’t", "never"))


def _with_auxiliary(lowers: list[str], k: int) -> int:
    """Where a negation at ``k`` begins: at its auxiliary when it is "n't" ("do" of "don't")."""
    return k - 1 if lowers[k] in ("n't", "n’t") and k >= 1 else k


def _negated_from(lowers: list[str], start: int) -> int | None:
    """Where the negation right before a phrase begins ("not" of "not drinking enough", "don't" of "don't drink
    enough water", with one verb between; "without enough water"), or None."""
    if start and lowers[start - 1] == "without":
        return start - 1
    for k in (start - 1, start - 2):
        if k >= 0 and lowers[k] in _NOT:
            return _with_auxiliary(lowers, k)
    return None


# verbs an article puts before a treatment ("use a humidifier", "taking ibuprofen", "drinking water"): alone
# they name no treatment
_LIGHT = LIGHT_VERBS | frozenset(("drinking", "eating", "consuming", "getting", "making", "having"))
# participles that go on from a cause to its effect
_EFFECTS = frozenset(("causing", "leading", "resulting", "making", "triggering", "impacting", "affecting", "creating",
                      "producing"))
# words after which a word that is mostly a verb is one ("fall into", "fall under", "fall asleep")
_VERB_PARTICLES = frozenset(("into", "under", "asleep", "apart", "behind", "short"))


def _share(word: str, lx: Lexical, pos: str) -> float:
    """The share of a word's WordNet senses that are of a part of speech (``pos``: "verb.", "adj."); 0 for
    a word WordNet lacks."""
    senses = lx.senses(word)
    return sum(c.startswith(pos) for c in senses) / len(senses) if senses else 0.0


def _mostly(word: str, lx: Lexical, pos: str) -> bool:
    """Whether more than half of a word's WordNet senses are of a part of speech."""
    return _share(word, lx, pos) > 0.5


def _mostly_verb(word: str, lx: Lexical) -> bool:
    """Whether most of a word's WordNet senses are verbs ("fall"; not "injection", "rest")."""
    return _mostly(word, lx, "verb.")


def _verb_sense(word: str, lx: Lexical) -> bool:
    """Whether WordNet knows a word as a verb at all."""
    return any(c.startswith("verb.") for c in lx.senses(word))


# what a compound noun names when it is a complaint or an event rather than a thing to use
_STATES = frozenset(("noun.state", "noun.phenomenon", "noun.process", "noun.event", "noun.feeling",
                     "noun.attribute"))


def _compound_head(lowers: list[str], k: int, lx: Lexical, entry: LexEntry | None = None) -> bool:
    """Whether word ``k`` opens a compound noun WordNet knows with the next word that names only a state
    or an event ("heat rash", "heat exhaustion", "cold sore", "heat wave"), or only a food where the word's
    lexicon entry is a therapy, not a food ("ice" of "ice cream"; "lemon" of "lemon juice" stays); or, for
    "heat" and "ice", whether the next word is a noun of no thing one could apply ("heat damage", "heat
    intolerance"; not "ice cubes", "heat lamp")."""
    if k + 1 >= len(lowers) or not lowers[k + 1].isalpha():
        return False
    classes = lx.senses(f"{lowers[k]}_{lowers[k + 1]}")
    if classes and entry is not None and set(classes) == {"noun.food"} \
            and not _food(entry.concept.split(), lx):
        return True
    if entry is not None and entry.concept in _THERAPIES and lowers[k + 1] not in _THERAPY_HEADS \
            and lowers[k + 1] not in STOP:
        after = lx.senses(lx.fold(lowers[k + 1]))
        if after and _noun_share(after) > 0.5 and _THINGS.isdisjoint(after):
            return True  # "heat damage", "heat intolerance", "your body's heat response": no thing to apply
    return bool(classes) and _STATES.issuperset(classes)


# the therapies a bare word names ("apply heat", "ice the knee"), the words that name a form of them, and
# the classes of a word that is a thing one could apply ("ice cubes", "heat lamp")
_THERAPIES = frozenset(("heat therapy", "cold therapy"))
_THERAPY_HEADS = frozenset(("therapy", "therapies", "treatment", "treatments", "application", "applications",
                            "massage", "session", "sessions"))
_THINGS = frozenset(("noun.artifact", "noun.substance", "noun.object", "noun.food", "noun.body"))


# words that make what stands before them part of a complaint's name ("resistance": "to avoid antibiotic
# resistance", "insulin resistance" name a state of the body, not the drug)
_COMPLAINT_HEADS = frozenset(("pain", "pains", "rash", "rashes", "headache", "headaches", "allergy", "allergies",
                              "burn", "burns", "pneumonia", "syndrome", "injury", "injuries", "cramps", "sore",
                              "sores", "disease", "infection", "infections", "fever", "ache", "aches", "asthma",
                              "resistance"))
# the last word of a label that leads into what follows rather than naming something
_OPEN_ENDS = frozenset(("to", "on", "for", "of", "with", "or", "and", "more", "this", "them", "your", "by", "at",
                        "in", "about", "that", "these", "the", "a", "an"))
# nouns that make what stands before them a place ("injection site", "surgical area")
_PLACES = frozenset(("site", "sites", "area", "areas", "spot", "spots", "location", "locations"))
# a mention right before one of these names a quality of something else ("ginger is known for its
# anti-inflammatory properties", "natural laxative effects", "relaxation benefits"), not a thing of its own
_QUALITIES = frozenset(("properties", "property", "qualities", "compounds", "effect", "effects", "benefits"))
# what a modifier cut from its noun does not take in: the rules on qualities, places and complaints read it
_NOT_CUT = _QUALITIES | _PLACES | _COMPLAINT_HEADS


def _quality_of(tdoc, start: int, end: int, lx: Lexical) -> bool:
    """Whether the mention ``start:end`` qualifies a quality noun, directly or coordinated with an adjective
    ("antifungal and antimicrobial properties"; not "airway irritation or treatment effects", "high fat content
    and harmful compounds"), or is one that the tagger took whole ("anti-inflammatory properties"; not "herbal
    teas with anti-inflammatory properties", which names the teas)."""
    lowers, n = tdoc.lowers, len(tdoc)
    if end < n and lowers[end] in _QUALITIES:
        return True
    if lowers[end - 1] in ("properties", "property", "qualities"):
        return not any(w in ("with", "for", "of") for w in lowers[start:end])
    return end + 2 < n and lowers[end] in ("and", "or") and lowers[end + 2] in _QUALITIES \
        and any(c.startswith("adj.") for c in lx.senses(lowers[end + 1])) \
        and not _mostly(lowers[end - 1], lx, "noun.")


# a treatment or exercise mention opening with one of these is the harm to avoid, not something to do
# ("irritating" only as a verb: "irritating your skin", not "irritating foods")
_HARMS = frozenset(("aggravating", "worsening", "exacerbating", "irritating", "damaging", "injuring", "hurting"))
# nouns of a rise or fall in an amount
_SHIFTS = frozenset("""decrease decreases drop drops decline declines reduction reductions fall increase increases
rise rises surge surges spike spikes fluctuation fluctuations imbalance imbalances""".split())
# a word of getting worse, and the words after it that still describe a complaint's course ("worsening at
# night", "worsening with activity", "worsening or persisting")
_WORSENING = frozenset(("worsening", "worsen", "worsens", "worsened"))
_COURSE = frozenset(("at", "in", "on", "with", "after", "during", "when", "over", "or", "and", "despite", "before",
                     "if", "as", "throughout", "until"))
# nouns that stand for a group, kind, course or share of what follows their "of", never for a thing themselves
_CONTAINERS = frozenset("""mix mixture combination combinations cycle cycles variety range series number
type types form forms kind kinds sort sorts strains array host list set group groups class classes category
categories""".split())
_OBJECTS = frozenset(("the", "your", "its", "their", "his", "her", "my", "our", "this", "these", "those", "it"))
CONTRAINDICATED = "contraindicated"
# a heading over a list of things to avoid ("Foods to Avoid", "7 Foods to Avoid with COPD", "Don'ts"),
# not one about avoiding a complaint ("Tips to Avoid Back Pain") or about who should not use something
AVOID_SECTION = re.compile(
    r"\b(foods?|drinks?|beverages?|things|activities|exercises|habits|ingredients|items|products|medications?|"
    r"supplements|positions|movements|stretches|sports|treatments|remedies)\s+(you should\s+|to\s+)(avoid|limit|skip|stay away from)\b"
    r"(?!\s+(?!with|for|if|when|during|in|while|after|before|on)\w)|(?<!and )\bdon['’]?ts\b|\bwhat not to\b|\bnot to (eat|drink|do)\b",
    re.IGNORECASE)
_ITEM_WORDS = 6  # a list item of at most this many words names things; a longer one is prose


def _item_names(text: str) -> int:
    """Where the part of an item of a list of what to avoid that names the things ends: after "Here's what
    to avoid:" an item names the thing ("Onion rings") or labels it ("Certain medications: they may dampen
    your response to the vaccine"); a longer item is prose whose own triggers say what it advises against
    (0)."""
    label = LABEL.match(text)
    return label.end() if label else len(text) if len(text.split()) <= _ITEM_WORDS else 0
# a sentence that introduces a list of things to avoid ("Here's what to avoid:", "You should avoid:", "avoid
# or limit foods and drinks like these:"), not a purpose ("Here are tips to avoid back pain:")
_AVOID_OBJECTS = r"(foods?|drinks?|beverages?|ingredients|items|products|snacks|meals)"
AVOID_LEAD = re.compile(
    r"\b(what|things) (not )?to (avoid|limit|skip|eat less of)\b|"
    r"\b(avoid|limit|exclude|skip)(\s+or\s+(avoid|limit|exclude))?(\s+(the following|these|those|certain|some|such))?"
    rf"(\s+[\w-]+){{0,2}}?\s+{_AVOID_OBJECTS}\b(?![\s-]+(poisoning|allerg|intoleran|borne))|"
    rf"\b{_AVOID_OBJECTS} that\b[^:]*\b(avoid(ed)?|limit(ed)?|exclude)\b[^:]*\binclude\s*:$|"
    r"\b(avoid|limit|exclude)(\s+or\s+(avoid|limit|exclude))?(\s+the following)?\s*(\([^)]*\))?\s*:$|"
    rf"\b{_AVOID_OBJECTS}( and {_AVOID_OBJECTS})? (you should |to )(avoid|limit|skip|steer clear of|stay away from)\b|"
    r"\bto (steer clear of|stay away from)\s*:$",
    re.IGNORECASE)


_QUANTITY = frozenset(("certain", "some", "many", "most", "other", "several", "these", "those", "such", "all",
                       "various", "the", "both"))
# a verb of bringing something on, right after the label's thing in the text it labels ("Some medications
# may cause lymph node swelling", "Certain medications can exacerbate magnesium loss")
_LABEL_CAUSES = re.compile(r"(?:\s+(?:and|or)\s+[\w'’-]+)?\s+(?:(?:can|may|might|could|often|also|commonly|"
                           r"sometimes|frequently)\s+){1,2}(?:cause|trigger|lead to|contribute|increase|raise|"
                           r"worsen|exacerbate|affect|interfere|induce|impair|have side effects)\b", re.IGNORECASE)


def _labels_consequence(surface: str, text: str, start: int, head: str) -> bool:
    """Whether the text after a label (from ``start`` of the sentence ``text``) names the label's item
    (``surface``, by its words in order) as something the condition (``head``) leads to."""
    words = _HEAD_WORD.findall(surface.lower())
    if not words or not head:
        return False
    m = re.compile(r"\b" + r"\W+".join(map(re.escape, words)) + r"\b", re.IGNORECASE).search(text, start)
    return m is not None and _consequence(text, m.start(), head)


def _label_causes(m: Mention, label: str, body: str, lx: Lexical) -> bool:
    """Whether the text a label opens (``body``) says the label's item ``m`` ("Medications") brings
    something on: its head word there, as the label names it (after a word of quantity or of the label:
    "Certain medications", "Certain diabetes medications"; not "Skipping meals" under "Regular Meals"), then
    a verb of causing. Not under a label that opens with a verb ("Manage Stress: Stress can ..." advises)."""
    label_words = _HEAD_WORD.findall(label.lower())
    words = _HEAD_WORD.findall(m.surface.lower())
    if not words or not label_words or _verb_sense(lx.fold(label_words[0]), lx) \
            or _verb_sense(lemma_table()(label_words[0]), lx):
        return False
    head, body = fold(words[-1]), body[:_WINDOW].lower()
    for w in _HEAD_WORD.finditer(body):
        if fold(w.group(0)) != head or not _LABEL_CAUSES.match(body, w.end()):
            continue
        before = _HEAD_WORD.findall(body[:w.start()])[-1:]
        if not before or before[0] in _QUANTITY or before[0] in label_words:
            return True
    return False


def _listed_after(doc: Document, lead: re.Pattern) -> set[int]:
    """The list items (sentence indices) introduced by a sentence that ends in a colon and matches ``lead``."""
    out, on = set(), False
    for s in doc.sentences:
        if s.label != CONTENT:
            continue
        if s.kind == ITEM:
            if on:
                out.add(s.index)
            continue
        text = s.text.rstrip()
        on = s.kind == TEXT and text.endswith(":") and bool(lead.search(text))
    return out


_SHORT_ITEM = 8
# a word after which a symptom list item names what brings the symptom on or when ("coughing after consuming
# cold foods", "fractures from minor falls", "pain with certain positions"), not another symptom
_QUALIFIED = re.compile(r"\b(?:after|from|with|during|around|for|if|when|while|in|by|due|because|since|before|"
                        r"especially)\b", re.IGNORECASE)
# a sentence that introduces a list of the condition's symptoms ("Symptoms of COPD include:", "Common signs
# are:"); not one of what causes them, nor of a treatment's side effects
_SYMPTOM_LEAD = re.compile(
    r"^(?!.*\b(?:caus\w*|side effects?|treat\w*|trigger\w*|risks?|manag\w*|reduc\w*|allevia\w*|reliev\w*|help\w*|"
    r"mistaken|conditions?|differ\w*|worse)\b).*\b(?:symptoms?|signs?)\b(?:\s+(?:of|in|that|to)\b[^:]{0,60}?)?\s*"
    r"(?:(?:may|can|might|often|typically|usually|commonly|also)\s+){0,2}(?:include|includes|including|are|such as|"
    r"like)?\s*:\s*$", re.IGNORECASE)


# a numbered heading ("2. Salty Foods") is an entry of the list its parent heading announces
_NUMBERED = re.compile(r"^\s*\d{1,2}[.)]\s")


def _avoid_heading(section: str) -> str | None:
    """The kind of thing ("foods", "exercises") a sentence's section lists to avoid, "" for things or don'ts,
    None when the section is not such a list: its own heading, or the heading above a numbered one."""
    for heading in reversed(section.split(" > ") if section else []):
        m = AVOID_SECTION.search(heading)
        if m:
            return (m[1] or "").lower()
        if not _NUMBERED.match(heading):
            return None
    return None


def _listed(s: Sentence) -> bool:
    """Whether a sentence is an entry of a list: a list item, a table row or a "Label: ..." paragraph (prose
    under a heading of things to avoid also says what to do instead)."""
    return s.kind == ITEM or (s.kind == TEXT and (" | " in s.text or bool(LABEL.match(s.text))))


def _one_flag_per_item(mentions: list[Mention]) -> None:
    """A treatment or exercise the article advises against anywhere is contraindicated in every mention of
    it there: the knowledge base never lists it as advice for that article."""
    against: dict[tuple[str, str], str] = {}
    for m in mentions:
        if m.flag == CONTRAINDICATED:
            against.setdefault((m.type, normalize_key(m.surface)), m.mention_id)
    if against:
        for m in mentions:
            source = against.get((m.type, normalize_key(m.surface))) if m.type in ADVICE and not m.flag else None
            if source:
                m.flag, m.flag_from = CONTRAINDICATED, source


def _model_spans(views: list[View], ctx: Context, model, threshold: float) -> list[list[tuple[int, int, str, float]]]:
    """The tagger's spans of the document, per view in the view's own token positions."""
    per: list[list] = [[] for _ in views]
    bounds = ctx.starts + [len(ctx.texts)]
    v = 0
    for a, b, typ, conf in model.spans(ctx, threshold):
        while bounds[v + 1] <= a:
            v += 1
        per[v].append((a - bounds[v], b - bounds[v], typ, conf))
    return per


def _part_before(tdoc: Tokens, start: int, lx: Lexical, body_parts: frozenset[str]) -> int:
    """Where a complaint's name starts once the body part or the adjective of one right before it is taken
    in ("Patellar Tendonitis", "respiratory infection", "hamstring strain": the annotation's "shortest
    phrase that still names the thing specifically"): up to two such words, else ``start``. A body part is
    a word of the rules' list or a noun a fifth of whose WordNet senses are body parts ("form" has one of
    16: "forms sharp crystals" is a verb)."""
    k = start
    while k > 0 and start - k < 2:
        word = tdoc.lowers[k - 1]
        if not tdoc.texts[k - 1].isalpha() or word in STOP:
            break
        senses = lx.senses(lx.fold(word))
        body = word in body_parts or bool(senses) and _noun_share(senses) >= 0.5 \
            and 5 * senses.count("noun.body") >= sum(c.startswith("noun.") for c in senses)
        if not (body or set(senses) == {"adj.pert"}):
            break
        k -= 1
    return k


def _describes(word: str, lx: Lexical) -> bool:
    """Whether a lone word can name a cause, symptom, treatment or exercise: a known term, or a word whose
    WordNet senses are at least a quarter nouns (a lone "sudden", "consult" or "keep" is a fragment of a
    longer mention the tagger cut short, not one itself). An inflected form WordNet does not list is
    judged by its lemma: "applying" and "thicker" are forms of a verb and an adjective; a form in -s is a
    plural unless its lemma is a verb and no noun ("colds", "piercings", but "worsens", "radiates")."""
    if lx.fold(word) in lx.gazetteer_terms:
        return True
    classes = lx.senses(word)
    if classes:
        return _noun_share(classes) >= 0.25
    classes = lx.senses(lemma_table()(word))
    if word.endswith("s"):
        return any(c.startswith("noun.") for c in classes) or not any(c.startswith("verb.") for c in classes)
    return not classes or _noun_share(classes) >= 0.25


_BEFORE_VERB = frozenset(("can", "may", "might", "could", "will", "would", "to", "that", "which", "who", "not", "n't",
                          "also", "further", "often"))


def _strained_part(tdoc, end: int, lx: Lexical) -> int:
    """Where "strain" used as a verb ends with its object, when the object names a body part ("strain the
    lower back muscles", "strain neck and shoulder muscles"); ``end`` itself otherwise."""
    lowers, n = tdoc.lowers, len(tdoc)
    if not (end < n and lowers[end] in _DETERMINERS or end > 1 and lowers[end - 2] in _BEFORE_VERB):
        return end  # a noun ("a strain involves muscles"), not the verb
    return _body_part_from(tdoc, end + 1 if lowers[end] in _DETERMINERS else end, end, lx)


def _loaded_part(tdoc, end: int, lx: Lexical) -> int:
    """Where a load ("strain", "pressure"...) ends with the body part it bears "on" ("pressure on the
    nerves", "strain on the wrist ligaments"); ``end`` itself otherwise."""
    lowers, n = tdoc.lowers, len(tdoc)
    if not (end + 1 < n and lowers[end] == "on"):
        return end
    k = end + 1
    while k < n and lowers[k] in _DETERMINERS:
        k += 1
    return _body_part_from(tdoc, k, end, lx)


def _body_part_from(tdoc, k: int, end: int, lx: Lexical) -> int:
    """The end of the last body-part word in the few words from ``k`` (a phrase of nouns and "and"), or
    ``end`` when there is none."""
    lowers, n = tdoc.lowers, len(tdoc)
    last = end
    for j in range(k, min(n, k + 5)):
        if not tdoc.texts[j].isalpha() or lowers[j] in STOP and lowers[j] != "and":
            break
        if "noun.body" in lx.classes(lx.fold(lowers[j])):
            last = j + 1
    return last


def _with_siblings(found: list, tdoc, lx: Lexical, generic: list[bool]) -> list:
    """The items of a list ("swollen, red, tender, or warm to the touch") of which two or more are mentions
    of one type and none of another: the other short items (up to three words, no function word) are of that
    type. The first item is what stands last before the first comma (it types the list, but what stands
    there untyped may be a clause's end, "In rare cases, a stroke, ..."), the last what follows "and"/"or"."""
    lowers, texts, n = tdoc.lowers, tdoc.texts, len(tdoc)
    commas = [k for k in range(n) if lowers[k] == ","]
    if len(commas) < 2:
        return found
    out = list(found)
    k = 0
    while k < len(commas):
        # a run of commas with one short item between each, ended by "and"/"or" and the last item
        run = [commas[k]]
        while k + 1 < len(commas) and commas[k + 1] - run[-1] <= 5:
            k += 1
            run.append(commas[k])
        k += 1
        last = run[-1] + 1
        opener = _list_opener(lowers, run[0])
        close = next((e for e in range(last, min(n, last + 5)) if lowers[e] == ")"), -1) \
            if opener > 0 and lowers[opener - 1] == "(" else -1
        if close >= 0 and not {"and", "or"}.intersection(lowers[last:close]):
            e = close  # "(almonds, chia seeds, flaxseeds)": the bracket ends the list
        elif last < n and lowers[last] in ("and", "or"):
            last += 1
            final = next((f for f in found if f[0] == last), None)
            e = final[1] if final else last
            while final is None and e < n and texts[e][:1].isalnum() and lowers[e] not in STOP and e - last < 3:
                e += 1
        else:
            continue  # no coordination: commas of clauses, not a list
        items = []
        first = next((f for f in found if f[1] == run[0]), None)
        items.append((first[0], first[1]) if first else (opener, run[0]) if opener >= 0 else (run[0] - 1, run[0]))
        for x, y in zip(run, run[1:]):
            items.append((x + 1, y))
        items.append((last, e))
        if len(items) < 3:
            continue
        typed = {(a, b): {f[2] for f in found if a <= f[0] and f[1] <= b} for a, b in items}
        types = set().union(*typed.values())
        if len(types) != 1 or sum(1 for t in typed.values() if t) < 2:
            continue
        typ = next(iter(types))
        # the first item's start is known after an opener ("such as", "including", "("); elsewhere what
        # stands before the first comma may be a clause's end
        for (a, b), t in list(typed.items())[0 if opener >= 0 else 1:]:
            if t or any(f[0] < b and a < f[1] for f in found):
                continue
            if (a := _list_name(tdoc, a, b, lx, generic)) >= 0:
                out.append((a, b, typ, "list", None))
    return sorted(out, key=lambda f: f[0])


def _with_pair(found: list, tdoc, lx: Lexical, generic: list[bool], body_parts: frozenset[str]) -> list:
    """A food coordinated with a food that is a cause or treatment by "and"/"or" ("fish and nuts", "red meat or
    seafood") is one of that type too: a short phrase (up to three words) that ends the clause or opens it."""
    lowers, texts, n = tdoc.lowers, tdoc.texts, len(tdoc)
    out = list(found)
    for a, b, typ, *_ in found:
        harm = typ == "cause"
        if typ not in ("cause", "treatment") or not _food_head(lowers[a:b], lx, body_parts, harm):
            continue
        if b + 1 < n and lowers[b] in ("and", "or"):
            x = e = b + 1
            while e < n and e - x < 3 and texts[e][:1].isalpha() and lowers[e] not in STOP:
                e += 1
            if e < n and texts[e][:1].isalnum():
                continue  # the phrase goes on: not a short item
        elif a >= 2 and lowers[a - 1] in ("and", "or"):
            e = x = a - 1
            while x > 0 and e - x < 3 and texts[x - 1][:1].isalpha() and lowers[x - 1] not in STOP:
                x -= 1
            if x > 0 and texts[x - 1][:1].isalnum() and lowers[x - 1] not in STOP:
                continue
        else:
            continue
        if x >= e or any(f[0] < e and x < f[1] for f in out):
            continue
        start = _list_name(tdoc, x, e, lx, generic)
        if start >= 0 and _food_head(lowers[start:e], lx, body_parts, harm):
            out.append((start, e, typ, "list", None))
    return sorted(out, key=lambda f: f[0])


def _list_opener(lowers: list[str], comma: int) -> int:
    """Where a list's first item starts when a list opener ("such as", "including", "like", "(") stands
    at most three words before its first comma, else -1."""
    for k in range(comma - 1, max(-1, comma - 5), -1):
        w = lowers[k]
        if w in ("(", "including", "like") or (w == "as" and k > 0 and lowers[k - 1] == "such"):
            return k + 1 if k + 1 < comma else -1
        if w in (",", ".", ";", ":", ")"):
            return -1
    return -1


def _list_name(tdoc, a: int, b: int, lx: Lexical, generic: list[bool]) -> int:
    """Where list item ``a:b`` starts as a name (after a determiner or adverb: "even taking a warm bath",
    "sometimes medical procedures"), or -1 when it names nothing: more than three words, a function word
    or a word of kind, a generic word, a last word neither noun nor adjective ("typically"), a verb first
    ("engage") or a participle going on to an effect ("causing pain")."""
    lowers, texts = tdoc.lowers, tdoc.texts
    while a < b and (lowers[a] in _DETERMINERS or lowers[a] in ("even", "also", "just") or _adverb(lowers[a], lx)):
        a += 1
    if not (0 < b - a <= 3) or all(generic[a:b]) or any(
            lowers[x] in STOP or lowers[x] in _KIND_WORDS or not texts[x].isalpha() for x in range(a, b)):
        return -1
    classes = lx.classes(lx.fold(lowers[b - 1]))
    if not classes and (b - a > 1 or lx.classes(lemma_table()(lowers[a])) or lx.zipf(lowers[a]) >= 4.5):
        # a word WordNet lacks is a name when it stands alone and is rare ("quinoa"), not a clause's word
        # ("immunotherapy depending") nor a common one ("whether")
        return -1
    if classes and not any(c.startswith(("noun.", "adj.")) for c in classes) \
            or _verb_or_form(lowers[a], lx) or lowers[a] in _EFFECTS:
        return -1
    return a


def _adverb(word: str, lx: Lexical) -> bool:
    """Whether WordNet knows a word only as an adverb ("even", "typically")."""
    classes = lx.classes(word)
    return bool(classes) and all(c.startswith("adv.") for c in classes)


# words that make a list item a kind of thing rather than a thing ("other serious symptoms")
_KIND_WORDS = frozenset(("other", "various", "specific", "certain", "several", "different", "many", "such", "like",
                         "any", "underlying", "targeted", "tailored", "additional", "related"))


# words of severity the tagger tends to leave out of a cause's span, where the annotators keep them
_SEVERITY = frozenset(("severe", "serious", "significant", "major", "minor", "mild", "chronic", "acute"))


# "symptoms" or "signs" with words that name none ("concerning symptoms", "the main symptom", "relieve
# symptoms"); "flu-like symptoms", "urinary symptoms", "neurological symptoms" name a kind
_SIGNS = frozenset(("symptom", "symptoms", "sign", "signs"))
_EVALUATIVE = _DEGREE | _KIND_WORDS | _SEVERITY | frozenset("""concerning worrying troubling alarming main primary
key classic typical common less more most early late initial first similar unusual worse worsening above accompanying
associated overlapping general vague noticeable unpredictable unmanaged ongoing no these those this its their your
the a an same physical possible potential new""".split())


def _unnamed_complaint(norm: str, lx: Lexical) -> bool:
    """Whether a mention is "symptoms" or "signs" qualified only by words that name no complaint: of
    degree, kind or concern, or a verb ("relieve symptoms", "ignoring ongoing symptoms")."""
    words = norm.split()
    return len(words) > 1 and words[-1] in _SIGNS and all(
        w in _EVALUATIVE or _mostly_verb(w, lx) for w in words[:-1])


def _wanted(tdoc, end: int, lx: Lexical) -> int:
    """Where "deficiency in" or "deficiency of" ends with what is lacking ("a deficiency in vitamin B12",
    "deficiencies in certain vitamins"; the first of a list, up to its last noun or vitamin letter);
    ``end`` itself otherwise, and where the words name people ("deficiencies in breastfeeding mothers")."""
    lowers, n = tdoc.lowers, len(tdoc)
    if not (end + 1 < n and lowers[end] in ("in", "of")):
        return end
    k = end + 1
    while k < n and lowers[k] in _DETERMINERS:
        k += 1
    last = end
    for j in range(k, min(n, k + 3)):
        w = lowers[j]
        if not tdoc.texts[j].isalnum() or w in STOP or w in _NOT_LACKED:
            break
        if w in _PEOPLE:
            return end
        if _noun(w, lx) or any(c.isdigit() for c in w) or len(w) == 1:
            last = j + 1
    return last


_NOT_LACKED = frozenset(("any", "like", "such", "called", "including", "that", "which"))


_NEGATED_HALF = frozenset(("n't", "n’t"))


def _contraction(lowers: list[str], k: int) -> bool:
    """Whether token ``k`` is the first half of a contraction ("wo" of "won't", "ca" of "can't")."""
    return k + 1 < len(lowers) and lowers[k + 1] in _NEGATED_HALF


def _noun_share(senses: tuple[str, ...]) -> float:
    """The share of a word's WordNet senses (their lexicographer classes) that are nouns."""
    return sum(c.startswith("noun.") for c in senses) / len(senses)


def _covering_term(lowers: list[str], k: int) -> tuple[int, int] | None:
    """The longest condition term of two or more words (gazetteer disease or phenotype, lexicon condition)
    that holds token ``k``, as (start, end), if any."""
    known = condition_terms()
    best = None
    for a in range(max(0, k - 5), k + 1):
        for n in known.lengths.get(lowers[a], ()):
            if n >= 2 and a + n > k and a + n <= len(lowers) and tuple(lowers[a:a + n]) in known.terms:
                if best is None or n > best[1] - best[0]:
                    best = (a, a + n)
                break
    return best


def _advice_items(view: View, rules: ExtractRules) -> tuple[list[tuple[int, int, str]], list[int]]:
    """The section items of a sentence under a heading of advice (not of things to avoid), as (start,
    end, type), and where the sentence's contraindication triggers end (what follows one inside an item
    is what the item says to avoid)."""
    items = [(a, b, typ) for a, b, typ, rule, _ in view.found if rule == "section_item" and typ in ADVICE]
    if not items or AVOID_SECTION.search(view.sentence.section):
        return [], []
    tdoc = view.tokens
    return items, [end for match_id, _, end in tdoc.matches["triggers"]
                   if (t := _trigger(tdoc, match_id, rules)).flag == CONTRAINDICATED and t.direction == "forward"]


def _complaint(lowers: list[str], a: int, b: int, lx: Lexical) -> bool:
    """Whether tokens ``a:b`` name a complaint: inside a condition's name, or headed by a word most of
    whose WordNet noun senses are states, processes or events ("problems", "scarring", "flare-ups")."""
    if any(_covering_term(lowers, k) for k in range(a, b)):
        return True
    nouns = [c for c in lx.senses(lx.fold(lowers[b - 1])) if c.startswith("noun.")]
    return bool(nouns) and 2 * sum(c in _STATES for c in nouns) > len(nouns)


def _adjective(word: str, lx: Lexical) -> bool:
    """Whether a word is mostly an adjective in WordNet ("dental", "genetic", "sparkling")."""
    return _mostly(word, lx, "adj.")


def _cut_before_head(tdoc: Tokens, b: int, lx: Lexical) -> bool:
    """Whether a name ending at token ``b`` was cut before its head noun: it ends in a word at least half of
    whose WordNet senses are adjectives ("severe", "abdominal") or in the first word of a compound noun
    WordNet knows ("lymph" of "lymph nodes", "heart" of "heart rate"), and the noun follows."""
    if b >= len(tdoc) or not tdoc.texts[b].isalpha() or tdoc.lowers[b] in STOP or not _noun(tdoc.lowers[b], lx):
        return False
    last = tdoc.lowers[b - 1]
    if not last.isalpha():
        return False
    return _share(last, lx, "adj.") >= 0.5 \
        or any(c.startswith("noun.") for c in lx.senses(f"{last}_{lx.fold(tdoc.lowers[b])}"))


def _noun(word: str, lx: Lexical) -> bool:
    """Whether a word (or its singular) is a noun in at least half its WordNet senses; unlike
    ``_mostly_noun``, an -ing noun counts ("dental filling") and an unknown word does not."""
    senses = lx.senses(word) or lx.senses(lx.fold(word))
    return bool(senses) and _noun_share(senses) >= 0.5


# words a name never ends in: a preposition whose object the tagger cut off ("burning during", "discomfort
# around", "pillow under"), or "both" without its nouns; not "over", which ends phrasal verbs ("hunched over")
_ENDLESS = frozenset("""about across after against along around before behind beneath between beyond both despite
during near per through toward towards under upon via within without""".split())


def _combine(view: View, spans: list, method: str, ex: Extractor, lx: Lexical) -> list:
    """The mentions of a sentence from the tagger's spans (trimmed of leading function words and of
    generic words, and linked to the lexicon entry they equal), and with ``method`` "hybrid" the rules'
    mentions that no span overlaps."""
    rules, tdoc = ex.rules, view.tokens
    out = []
    entry_at = {(a, b): e for a, b, _, rule, e in view.found if rule == "lexicon"}
    items, against = _advice_items(view, rules)
    absorbed: set[int] = set()  # spans a modifier before them took in
    for a, b, typ, _ in spans:
        if a in absorbed:
            continue
        item = next((t for x, y, t in items if x <= a and b <= y and not any(x <= e <= a for e in against)),
                    None) if items and typ in COMPLAINTS else None
        if item and not _complaint(tdoc.lowers, a, b, lx):
            # advice, not the complaint the tagger took it for ("Saline Nasal Spray: ..." under "Home
            # remedies"); a complaint listed there stays one ("Skin flare-ups", "Circulation problems: ...
            # may improve with exercise"), and so does what the label says to avoid ("Avoid Irritants")
            typ = item
        while a < b and (tdoc.lowers[a] in rules.leading_drop or tdoc.lowers[a] in STOP or tdoc.is_punct(a)):
            a += 1
        while b > a and (tdoc.is_punct(b - 1) or tdoc.lowers[b - 1] in STOP or tdoc.lowers[b - 1] in _ENDLESS):
            b -= 1
        if a >= b or all(view.generic[a:b]) or not any(tdoc.texts[k][:1].isalpha() for k in range(a, b)):
            continue
        if tdoc.lowers[a] in _NEGATED_HALF:
            # the second half of a negated auxiliary ("n't directly" of "doesn't directly cause") names
            # nothing; a want it opens ("n't make enough insulin") takes its auxiliary
            if "enough" not in tdoc.lowers[a:b] or not a:
                continue
            a -= 1
        entry = entry_at.get((a, b))
        phrase = next((f for f in view.found if f[0] <= a and b <= f[1] and _PHRASE_RULE.match(f[3])), None)
        if phrase is not None:
            # a part of a phrase rule's phrase ("talk" of "talk with your doctor") is that phrase
            if not any(x < phrase[1] and phrase[0] < y for x, y, *_ in out):
                out.append(phrase)
            continue
        if entry is None and b - a == 1 and not _lexicon_word(tdoc.lowers[a]):
            # a lone word cut from a lexicon entry is that entry ("nerve" of "nerve damage")
            around = next(((fa, fb, e) for (fa, fb), e in entry_at.items() if fa <= a and b <= fb and e.type != "none"),
                          None)
            if around:
                a, b = around[0], around[1]
                entry = around[2] if around[2].type == typ else None
                if any(x < b and a < y for x, y, *_ in out):
                    continue  # another word of the entry already made it a mention
        if entry is None and b - a == 1:
            term = _covering_term(tdoc.lowers, a)
            if term and typ in ADVICE:
                continue  # a word of a condition's name ("insulin" of "insulin resistance") is no treatment
            if term:
                a, b = term  # a word cut from a condition's name is that name ("muscle" of "muscle weakness")
                if any(x < b and a < y for x, y, *_ in out):
                    continue
            elif not _describes(tdoc.lowers[a], lx) or _contraction(tdoc.lowers, a):
                continue
            elif _adjective(tdoc.lowers[a], lx) and b < len(tdoc) and tdoc.texts[b].isalpha() \
                    and tdoc.lowers[b] not in STOP and _noun(tdoc.lowers[b], lx):
                if typ in COMPLAINTS:
                    continue  # "dental" of "dental filling", "genetic" of "genetic material": a modifier cut from its noun
                # "Herbal" of "Herbal supplements": the advice is the modifier with its noun (and with the span
                # of advice the tagger made of that noun)
                after = next(((x, y, t) for x, y, t, _ in spans if x == b), None)
                if after is None:
                    b += 1
                elif after[2] in ADVICE:
                    absorbed.add(b)
                    b, entry = after[1], None
        elif typ in ADVICE and b - a == 3 and _joins(tdoc, a + 1) and _adjective(tdoc.lowers[b - 1], lx) \
                and b < len(tdoc) \
                and tdoc.texts[b].isalpha() and tdoc.lowers[b] not in STOP and tdoc.lowers[b] not in _NOT_CUT \
                and _noun(tdoc.lowers[b], lx) and not any(x == b for x, *_ in spans):
            # "anti-inflammatory" of "anti-inflammatory foods", "nutrient-rich" of "nutrient-rich foods": a
            # hyphenated modifier cut from its noun (not the drugs "anti-inflammatories" stand for), or from a
            # compound's two ("anti-inflammatory asthma medications"); a quality, a place or a complaint it
            # qualifies ("anti-inflammatory effects", "well-ventilated areas", "post-surgical pain") is left to
            # the rules on those
            b, entry = b + 1, None
            if b < len(tdoc) and not tdoc.lowers[b - 1].endswith("s") and tdoc.lowers[b].endswith("s") \
                    and tdoc.lowers[b] not in STOP and _noun(tdoc.lowers[b], lx):
                b += 1
        elif entry is None and b - a >= 2:
            # "severe abdominal" of "severe abdominal pain", "swollen lymph" of "swollen lymph nodes", "saline
            # nasal" of "saline nasal sprays"
            for _ in range(3):
                if not _cut_before_head(tdoc, b, lx) or any(x == b for x, *_ in spans):
                    break
                b += 1
        out.append((a, b, typ, "model", entry))
    if method == "hybrid":
        taken = [False] * len(tdoc)
        for a, b, *_ in out:
            for k in range(a, b):
                taken[k] = True
        for f in view.found:
            if any(taken[f[0]:f[1]]):
                continue
            if f[2] in ADVICE and (term := _covering_term(tdoc.lowers, f[0])) and term[0] <= f[0] and f[1] <= term[1] \
                    and term[1] - term[0] > f[1] - f[0]:
                continue  # a treatment word inside a condition's name ("insulin" of "insulin resistance")
            out.append(f)
    return _joined(sorted(out, key=lambda x: x[0]), tdoc.lowers)


def _joined(spans: list, lowers: list[str]) -> list:
    """Two spans of one type side by side, no token between, are one name the tagger cut in two ("Chamomile" "tea",
    "needlestick" "injuries", "Fish Oil" "Supplements"); not where a phrase rule made either, nor after a
    light verb alone ("drinking" "ginger tea": the verb goes, the tea stays)."""
    out: list = []
    for span in spans:
        prev = out[-1] if out else None
        if prev and prev[1] == span[0] and prev[2] == span[2] and prev[3] in _JOINABLE and span[3] in _JOINABLE \
                and not (prev[1] - prev[0] == 1 and lowers[prev[0]] in _LIGHT):
            a, _, typ, rule, entry = out[-1]
            out[-1] = (a, span[1], typ, "model" if "model" in (rule, span[3]) else rule, None)
        else:
            out.append(span)
    return out


_JOINABLE = frozenset(("model", "lexicon"))  # a phrase rule's span is whole as it stands


# verbs that tell the reader to be rid of something, and the words that may stand between one and its object
# ("lower" is more often the adjective: "Lower back pain")
_ABATE = frozenset("""quit quitting stop stopping lose losing reduce reducing manage managing limit limiting control
controlling cut cutting lowering minimize minimizing minimise minimising eliminate eliminating decrease
decreasing""".split())
_ABATE_GAP = frozenset("any your the some down back on".split())
# what may stand before such a verb that opens advice: nothing, a label's colon, a bullet
_ABATE_OPENS = frozenset((":", "•", "-", "–"))


def _abated(lowers: list[str], start: int) -> int | None:
    """The index of a verb of riddance that opens the clause right before a complaint at ``start``
    ("Quitting smoking", "Tips: Losing any excess weight"), or None; "can help reduce inflammation", "relief
    by reducing inflammation" say what a treatment does, not advice, and stay the complaint they name."""
    k = start - 1
    while k >= 0 and start - k <= 2 and lowers[k] in _ABATE_GAP:
        k -= 1
    if k >= 0 and lowers[k] in _ABATE and (k == 0 or lowers[k - 1] in _ABATE_OPENS):
        return k
    return None


def _title_index(doc: Document) -> int:
    """The sentence that is the article's title: its words name the topic, not mentions (-1 when none)."""
    for s in doc.sentences[:3]:
        if s.label == CONTENT and (s.text == doc.title or (s.index == 0 and s.kind == HEADING)):
            return s.index
    return -1


_REASONS = frozenset(("as", "because", "since"))


def _bounds(lowers: list[str], k: int, terminators: frozenset[str]) -> bool:
    """Whether token ``k`` ends a clause: a terminator, or a reason after a comma ("Quit smoking, as it...")."""
    return lowers[k] in terminators or (lowers[k] in _REASONS and k > 0 and lowers[k - 1] == ",")


def _clause(tdoc: Tokens, i: int, step: int, terminators: frozenset[str]) -> int:
    """The token index where the clause containing token ``i`` ends (step 1) or starts (step -1)."""
    lowers = tdoc.lowers
    j = i
    while 0 <= j + step < len(lowers) and not _bounds(lowers, j + step, terminators):
        j += step
    return j


def _flags(tdoc: Tokens, mentions: list, ex: Extractor, lx: Lexical, prev: list[Mention]) -> None:
    """ConText: each trigger flags the mentions of its types inside its scope; triggers inside a mention or
    inside one of their pseudo-triggers ("do not help", "don't improve") are ignored."""
    rules, lowers = ex.rules, tdoc.lowers
    matches = tdoc.matches["triggers"]
    if lowers and lowers[-1] == "?":
        return  # a question advises nothing ("How to Stop Braces Pain?")
    for match_id, start, end in matches:
        trig = next(t for t in rules.triggers if t.id == tdoc.vocab.strings[match_id])
        # a trigger inside a mention is part of its name ("stop-smoking programs"), unless it opens the
        # mention as advice to avoid ("avoiding certain medications or supplements": the supplements too)
        if (any(a <= start and end <= b and not (a == start and trig.direction == "forward"
                                                  and lowers[a] in rules.never_flagged and lowers[end:end + 1] != ["-"])
                for a, b, _ in mentions)
                or _pseudo(lowers, start, end, ex.pseudo[trig.id])
                or any(a <= start and end <= b and b - a > end - start for _, a, b in matches)):
            continue  # inside a mention, a pseudo-trigger or a longer trigger ("should not" in "should not be used")
        if trig.direction == "forward" and trig.flag == CONTRAINDICATED and (
                _described(lowers, start) or start and _subject(lowers[start - 1], lx)
                or _pronoun_clause(lowers, start, rules.terminators) or _in_condition(lowers, start, rules)):
            # "those who don't eat fish", "bodies may stop making insulin": what is, not advice; "when you
            # don't get enough sleep", "if self-care does not help": a condition, not advice
            continue
        if trig.direction == "backward" and start > 0 and lowers[start - 1] in _NEGATIONS:
            continue  # "enjoy these foods without aggravating symptoms", "walking does not worsen it"
        if trig.direction == "previous_sentence":
            # "But this may not be the best idea" speaks of what came before; "If stimulants do not work, ..."
            # sets a condition
            if (lowers[0] in ("but", "however") or start <= 3) and not _in_condition(lowers, start, rules):
                for m in prev:
                    if m.type in trig.applies_to and not m.flag and _may_flag(m, trig.flag, rules):
                        m.flag = trig.flag
            continue
        if trig.direction == "forward":
            lo, hi = end, _forward_end(lowers, start, end, rules, lx) + 1
            if trig.window:
                hi = min(hi, end + trig.window)
        else:
            lo = _clause(tdoc, start, -1, rules.terminators | rules.flag_stops)
            if lo > 0 and lowers[lo - 1] in _SUBORDINATORS and "," in lowers[lo:start]:
                # "although surgery is simple, the recovery can be uncomfortable": the main clause's subject
                lo = lowers.index(",", lo) + 1
            for k in range(start - 1, lo, -1):
                if lowers[k] == "since" or lowers[k] == "as" and lowers[k - 1] not in _AS_PHRASE \
                        and lowers[k + 1] not in _AS_PHRASE or lowers[k] in _WH_CLAUSE:
                    # "quitting is crucial as smoking worsens it", "statements about how tinnitus aggravates
                    # migraines": the subject of the reason or of the indirect question
                    lo = k + 1
                    break
            lead = lo + 1 if lowers[lo] == "even" else lo
            comma = lowers.index(",", lead) if "," in lowers[lead:start] else -1
            if lowers[lead] in _LEADING_PREPOSITIONS and comma > 0 and lowers[comma + 1] not in _RELATIVE:
                # "even with proper technique, lifting heavy objects can strain the neck": the subject
                # follows the opening phrase (not in "before using heat, which can worsen it")
                lo = comma + 1
            named = {k for a, b, _ in mentions for k in range(a, b)}
            lo, hi = _backward_scope(lowers, lo, start, lx, rules.never_flagged, named)
        for a, b, m in mentions:
            if lo <= a and b <= hi and m.type in trig.applies_to and not m.flag and _may_flag(m, trig.flag, rules) \
                    and not (trig.direction == "forward" and trig.flag == CONTRAINDICATED
                             and (_manner_follows(lowers, b) or _changed(lowers, a))) \
                    and not (trig.direction == "backward" and trig.flag == CONTRAINDICATED
                             and _manner_follows(lowers, end)) \
                    and not (trig.direction == "backward" and _modifier(lowers, b, hi, lx)):
                m.flag = trig.flag


# what follows an item advised against can say that only a manner or a timing of it is: "do not apply ice
# directly to the skin", "avoid applying heat too soon", "don't use it for more than 20 minutes", "avoid
# taking your medication within hours of eating fiber", "do not take it with alcohol" advise the item. Not
# an amount: "avoid eating too much sugar" advises against the sugar
# "do not take ibuprofen with alcohol", "should not be taken with other blood thinners", "on an empty stomach":
# what it is combined with, or when, is advised against, not the item
_COMBINED = frozenset(("alcohol", "other", "another", "additional", "certain", "food", "meals", "grapefruit"))
_TOO = frozenset(("soon", "early", "often", "frequently", "long", "hot", "cold", "hard", "quickly", "close", "tightly"))


# a prepositional phrase that opens a clause before its subject ("in some cases, ...")
_LEADING_PREPOSITIONS = frozenset(("with", "without", "for", "in", "on", "during", "after", "before", "despite",
                                   "unlike", "regardless", "besides"))


def _modifier(lowers: list[str], b: int, hi: int, lx: Lexical) -> bool:
    """Whether the mention ending at token ``b`` modifies a noun after it inside a backward scope ("less
    anti-inflammatory protection, which can worsen it", "lifestyle-related factors can exacerbate it"): the
    noun does the harm. A gerund's object is not such a noun ("running marathons can worsen it")."""
    if b >= hi or lowers[b - 1].endswith("ing"):
        return False
    nxt = lowers[b]
    if nxt in ("-", "‐"):
        return True
    return nxt.isalpha() and nxt not in STOP and bool(lx.senses(lx.fold(nxt))) and _mostly_noun(nxt, lx)


# a change of something is what is avoided, not the thing: "avoid sudden increases in running intensity"
_CHANGES = frozenset(("increase", "increases", "change", "changes", "spike", "spikes", "jump", "jumps"))


def _changed(lowers: list[str], a: int) -> bool:
    """Whether the item starting at token ``a`` is what a change is of ("increases in running")."""
    return a >= 2 and lowers[a - 1] in ("in", "of") and lowers[a - 2] in _CHANGES


def _manner_follows(lowers: list[str], b: int) -> bool:
    """Whether a manner or a timing qualifies the item ending at token ``b``."""
    nxt = lowers[b:b + 3]
    return bool(nxt) and (nxt[0] in ("directly", "within") or nxt[0] == "too" and nxt[1:2] and nxt[1] in _TOO
                          or nxt in (["for", "more", "than"], ["for", "longer", "than"], ["for", "too", "long"],
                                     ["on", "an", "empty"])
                          or nxt[0] == "with" and nxt[1:2] and nxt[1] in _COMBINED)


def _may_flag(m: Mention, flag: str, rules: ExtractRules) -> bool:
    """"avoiding activities that exacerbate the injury" is advice: a mention led by an avoidance word is
    never contraindicated."""
    return flag != CONTRAINDICATED or m.surface.split(" ", 1)[0].lower() not in rules.never_flagged


_RELATIVE = frozenset(("that", "which", "who"))
_MODALS = frozenset(("can", "could", "may", "might", "will", "would"))
_TIMES = frozenset(("after", "before", "during", "following"))
# a wh-word opens a clause of its own: an indirect question's subject is after it ("when" and "where" end
# a scope already, as flag stops; "what" can be the subject itself: "what foods worsen it")
_WH_CLAUSE = frozenset(("how", "why", "whether"))
# "as" in these phrases does not open a reason ("such as", "as well as", "as much as")
_AS_PHRASE = frozenset(("such", "well", "as", "so", "just", "much", "many", "long", "soon", "far", "same"))
# a clause these open ends at its comma, and the main clause follows
_SUBORDINATORS = frozenset(("although", "though", "while", "whereas", "when", "whenever", "if", "unless",
                            "because", "since", "despite", "where"))
# before a backward trigger, these deny the harm ("without aggravating", "does not worsen")
_NEGATIONS = frozenset(("not", "never", "without", "n't", "n’t", "doesn't", "doesn’t", "don't", "don’t", "won't",
                        "won’t", "cannot", "can't", "can’t"))
# what negates a relative clause inside a forward scope: "avoid shoes that do not provide arch support"
# advises the support
_LACKING = frozenset(("not", "n't", "n’t", "never", "lack", "lacks", "lacking", "without", "fail", "fails",
                      "don't", "don’t", "doesn't", "doesn’t"))
# before a forward trigger, these make it a description ("people who don't exercise") or a habit of a
# subject ("people with the phobia avoid bridges" is not caught: a noun subject needs a parser)
_DESCRIBED = frozenset(("who", "who've", "who’ve", "whom", "that", "which", "people", "they", "many", "some",
                        "usually", "often", "generally", "typically", "sometimes", "rarely", "doctors",
                        "may", "might", "will", "would", "could", "can", "help", "helps", "helping",
                        "potentially", "possibly", "thereby", "thus", "hence", "ultimately",
                        "not", "n't", "n’t", "cannot"))
_WH = frozenset(("when", "how", "what", "whether", "where", "why"))
# a subject a few words before a forward trigger: what these people do, not what to do
_PEOPLE = frozenset(("people", "patients", "individuals", "children", "adults", "women", "men", "someone",
                     "anyone", "persons", "sufferers", "smokers", "mothers", "infants", "babies", "kids"))


def _described(lowers: list[str], start: int) -> bool:
    """Whether a forward trigger at ``start`` describes rather than instructs: after a relative pronoun, a
    subject such as "people", a habit adverb or a modal ("may stop making"), an outcome ("food choices can
    help you avoid medications", "potentially avoiding surgery"), a negation ("you can't avoid all
    triggers") or "when to" (an indirect question)."""
    before = lowers[max(0, start - 2):start]
    if before and before[-1] in _DESCRIBED:
        return True
    for w in reversed(lowers[max(0, start - 6):start]):  # "people with this phobia avoid bridges"
        if w in _PEOPLE:
            return True
        if w in (",", ":", ";", ".", "and", "or", "to", "should", "must"):
            break
    if len(before) == 2 and before[1] == "you" and before[0] in ("help", "helps", "helping"):
        return True
    return len(before) == 2 and before[1] == "to" and before[0] in _WH


_SUBJECTS = frozenset(("they", "it", "he", "she", "we", "these", "this", "those", "both"))
# an excess someone has is a state, not a habit to avoid ("when your body has too much insulin")
_HAVING = frozenset(("has", "have", "had", "having", "produces", "produce", "producing", "contains", "contain"))


def _pronoun_clause(lowers: list[str], start: int, terminators: frozenset[str]) -> bool:
    """Whether a forward trigger continues a clause a third-person pronoun leads ("they are painless and do
    not change with activity"), or follows a verb of having ("the body has too much insulin")."""
    if start and lowers[start - 1] in _HAVING:
        return True
    if not start or lowers[start - 1] != "and":
        return False
    k = start - 2
    while k >= 0 and lowers[k] != "," and not _bounds(lowers, k, terminators):
        k -= 1
    return k + 1 < start - 1 and lowers[k + 1] in _SUBJECTS


def _subject(word: str, lx: Lexical) -> bool:
    """Whether a word before a forward trigger is a plural noun, its subject ("ensure the supplements do not
    interfere with medications", "smokers avoid doctors"): an instruction has none."""
    if len(word) < 5 or not word.endswith("s") or word.endswith("ss") or word in STOP:
        return False
    senses = lx.senses(word[:-1])
    return bool(senses) and _noun_share(senses) >= 0.5


# leaving something out: what follows is not what does harm ("delaying vaccinations can do more harm")
_OMISSION = frozenset("delaying delay missing ignoring neglecting postponing forgetting skipping".split())
# before "to avoid", these make it an instruction ("it is important to avoid running, lifting"); any other
# word makes it a purpose, whose scope ends at its comma ("practise safe sex to avoid infections, manage stress")
_NEED = frozenset("important best essential crucial necessary vital try trying need needs want wise advisable "
                  "recommended better sure careful helpful good able how".split())
# a forward trigger whose object is one of these reaches no further ("follow the steps to stop it, then ...")
_PRONOUNS = frozenset(("it", "them", "this", "these", "those"))
_CLAUSE_SUBJECTS = frozenset(("you", "they", "we", "he", "she", "i", "it"))
# what may stand between a relative pronoun and its verb: "which can often worsen"
_BETWEEN = frozenset("can could may might will would often usually also further sometimes only even really "
                     "tend tends to".split())


def _backward_scope(lowers: list[str], lo: int, start: int, lx: Lexical,
                    avoiding: frozenset[str] = frozenset(), named: set[int] = frozenset()) -> tuple[int, int]:
    """What a backward trigger ("X can worsen it") reaches: its clause before it, or, when a relative
    pronoun leads to it ("ease stress, which can worsen pain"; "poses that aggravate it"), only the noun
    phrase the pronoun stands for: back from the pronoun (and its comma) to the nearest verb, comma or
    avoidance word ("resting and avoiding activities that worsen it": the activities)."""
    rel = start - 1
    while rel >= lo and lowers[rel] in _BETWEEN:
        rel -= 1
    if rel >= lo and lowers[rel] in ("and", "or"):
        # a verb coordinated inside a relative clause shares its pronoun ("sunscreen protects skin from UV
        # damage, which can irritate acne and worsen itching": the damage worsens it, not the sunscreen)
        k = rel - 1
        while k >= lo and lowers[k] not in _RELATIVE and lowers[k] != ",":
            k -= 1
        if k >= lo and lowers[k] in _RELATIVE:
            rel = k
    if rel < lo or lowers[rel] not in _RELATIVE:  # the pronoun must lead straight to the trigger
        # the trigger's subject: up to the clause's first verb ("supplements may interact with medications
        # or exacerbate it": the supplements) or omission ("delaying vaccinations can do harm": not them)
        # (a word of a mention is a noun there: "massage and yoga can worsen it"; a relative clause belongs to
        # the subject: "foods that are acidic, such as citrus fruits, can irritate the throat")
        k = lo
        while k < start:
            if lowers[k] in avoiding or lowers[k] in _OMISSION:
                break
            if (_verb(lowers[k], lx) or k > lo and lowers[k - 1] in _MODALS and lowers[k].isalpha()) and (
                    k not in named or k > 0 and lowers[k - 1] in _VERB_BEFORE):
                comma = lowers.index(",", k) if "," in lowers[k:start] else start
                if k > lo and lowers[k - 1] in _RELATIVE and comma + 1 < start and not _verb(lowers[comma + 1], lx):
                    k = comma
                else:
                    break
            k += 1
        # a time phrase in the subject is not what does harm ("dealing with headaches after Botox can be ...")
        hi = next((t for t in range(lo, k) if lowers[t] in _TIMES and t not in named), k)
        return lo, hi
    end = rel - 1 if rel - 1 >= lo and lowers[rel - 1] == "," else rel
    k = end - 1
    while k >= lo and lowers[k] != "," and lowers[k] not in avoiding and not _verb(lowers[k], lx) and not (
            lowers[k].endswith("ing") and len(lowers[k]) > 4 and k not in named):
        # (a gerund is the verb of the phrase: "promoting relaxation and mitigating stress responses that
        # can worsen reflux" reaches the stress responses only)
        k -= 1
    return k + 1, end


def _pseudo(lowers: list[str], start: int, end: int, pseudo: tuple[tuple[str, ...], ...]) -> bool:
    """Whether a pseudo-trigger phrase covers the trigger at [start, end)."""
    for words in pseudo:
        n = len(words)
        for a in range(max(0, end - n), start + 1):
            if tuple(lowers[a:a + n]) == words:
                return True
    return False


def _in_condition(lowers: list[str], start: int, rules: ExtractRules) -> bool:
    """Whether the token at ``start`` is inside a condition or reason of its clause ("when you don't get
    enough sleep"; not "if it hurts, avoid running", whose trigger follows the condition's comma)."""
    k = start - 1
    while k >= max(0, start - 40) and not _bounds(lowers, k, rules.terminators) and lowers[k] != ",":
        if lowers[k] in rules.flag_stops:
            return True
        k -= 1
    return False


def _forward_end(lowers: list[str], start: int, end: int, rules: ExtractRules, lx: Lexical) -> int:
    """The last token a forward trigger's scope reaches: the clause end, or earlier: at the comma that closes
    a purpose clause ("To avoid strain, try yoga"; "Contrary to the instinct to rest, walk") or a condition
    the trigger is in ("when there are no symptoms, the virus can spread"), at a condition, means or pronoun
    object after it, and before a coordinated verb
    ("avoid purines and attend check-ups") or the next action after "avoiding" things."""
    purpose = (start > 0 and lowers[start - 1] == "to" and (start <= 2 or lowers[start - 2] not in _NEED)) \
        or lowers[end - 1] == "to" or _in_condition(lowers, start, rules)
    j = end - 1
    if j + 1 < len(lowers) and lowers[j + 1] == ":":  # "Avoid: running, jumping"
        j += 1
    if j + 1 < len(lowers) and lowers[j + 1] in _PRONOUNS:
        return j + 1
    # after "avoiding" a list of things, the next "-ing" after a comma or "and" is the next action
    # ("avoiding tobacco, and managing stress"); a list of activities ("avoiding lifting, running") goes on
    gerund = lowers[start].endswith("ing")
    gerund_list = (end - start == 1 and gerund and j + 1 < len(lowers)
                   and not lowers[j + 1].endswith("ing"))
    while j + 1 < len(lowers) and not _bounds(lowers, j + 1, rules.terminators):
        nxt = lowers[j + 1]
        if (purpose and nxt == ",") or nxt in rules.flag_stops or nxt in rules.forward_stops:
            break
        if gerund and (nxt in _AUXILIARIES or nxt in _MODALS or nxt in ("helps", "plays", "along")):
            break  # "avoiding head trauma is crucial, and genetic counseling ...": the gerund's object ends
        if nxt == "following" and lowers[j] not in ("the", "these", "any"):
            break  # a time ("avoid exercise following your injections"), not "avoid the following foods"
        if nxt in _RELATIVE and any(w in _LACKING for w in lowers[j + 2:j + 5]):
            break
        if nxt in _RELATIVE and j + 2 < len(lowers) and lowers[j + 2] in _MODALS:
            break  # "avoid anything crunchy that could pull on the braces": what it could harm is no advice
        if nxt == "," and lowers[j + 2:j + 3] == ["to"] or lowers[j + 1:j + 4] == ["in", "order", "to"]:
            break  # a purpose: "avoid purines, to lower uric acid levels"
        if nxt == "," and j + 2 < len(lowers) and (lowers[j + 2] in _CLAUSE_SUBJECTS or lowers[j + 2] in _WH):
            # a new clause: "don't see a change in your weight, you may still be able to lose weight",
            # "what foods to eat and avoid, how to use simple treatments"
            break
        if nxt in ("and", "or", ",") and j + 2 < len(lowers):
            ka = j + 3 if lowers[j + 2] in ("and", "or") and j + 3 < len(lowers) else j + 2
            after = lowers[ka]
            # a verb starts the next instruction ("avoid lifting, engage in walking"); not a participle
            # in a list of what to avoid ("avoid processed, fried foods")
            if ((_verb(after, lx) or after in _IMPERATIVES or _phrasal(lowers, ka, lx))
                    and (nxt != "," or not after.endswith("ed"))) or (
                    # "maintaining a diet, avoiding smoking and alcohol, and managing stress": the next action
                    lowers[start].endswith("ing") and after.endswith("ing") and len(after) > 4
                    and ka + 1 < len(lowers) and (lowers[ka + 1] not in STOP or lowers[ka + 1] in _OBJECTS or lowers[ka + 1] in ("a", "an"))
                    and not _bounds(lowers, ka + 1, rules.terminators)
                    and lowers[ka + 1] not in (",", "and", "or")) or (
                    gerund_list and after.endswith("ing") and len(after) > 4):
                break
        j += 1
    return j


# verbs of advice that WordNet knows mostly as nouns: after "and" or a comma they start the next instruction
# ("avoid fried foods, and use healthy fats")
_IMPERATIVES = frozenset("use try eat drink take choose opt include add wear keep stay get consider focus switch "
                         "apply maintain follow seek consult talk ask".split())
# after these, a word of a mention is its verb ("it is essential to seek medical attention")
_VERB_BEFORE = frozenset(("to", "should", "must", "you", "please", "can", "may"))


def _phrasal(lowers: list[str], k: int, lx: Lexical) -> bool:
    """A word that can be a verb, with "on" or "for" after it: "(avoid triggers and) focus on", "opt for"."""
    return (k + 1 < len(lowers) and lowers[k + 1] in ("on", "for") and not lowers[k].endswith("ing")
            and _verb_sense(lowers[k], lx))


# forms of "be", "have" and "do" WordNet does not list as words of their own
_AUXILIARIES = frozenset("is are was were been has had does did".split())


def _verb(word: str, lx: Lexical) -> bool:
    """A word WordNet knows mostly as a verb, and not an -ing form (which names an activity)."""
    if word.endswith("ing"):
        return False
    if word in _AUXILIARIES:
        return True
    senses = lx.senses(word)
    return bool(senses) and 2 * sum(c.startswith("verb.") for c in senses) > len(senses)


def lexicon_concepts(text: str) -> set[tuple[str, str]]:
    """The (type, concept) of every typed lexicon entry named in ``text``."""
    ex = extractor()
    return {(ex.entries[i].type, ex.entries[i].concept) for _, _, i in _lexicon_spans(text_tokens(text, ex), ex)
            if ex.entries[i].type != "none"}


def extract(docs: list[Document], settings: ExtractSettings, wordnet_path: str = "") -> list[Document]:
    ex = extractor()
    model = tagger(settings.model, wordnet_path) if settings.method != "rules" else None
    lx = lexical(wordnet_path)
    return [extract_document(d, ex, settings, lx, model) for d in docs]
