"""The learned mention tagger: a log-linear model that gives each token of a content sentence a tag, ``O``
or ``B-``/``I-`` of a mention type, from hashed sparse features.

Features (each a string key, hashed with CRC-32):

- of the word at offsets -2..+2 (``word_keys``): its lower-case form, and at -1..+1 its affixes, shape,
  plural-folded form, WordNet lexicographer classes (noun.body, noun.food, verb.motion...) and
  frequency band, and the types of the lexicon entries that hold the word;
- of the token in its sentence and document (``Context``, categorical families such as ``lex``): the tag
  of the lexicon match it is in (and its neighbours'), the class of its section (causes, symptoms,
  treatment...) alone and with that tag, the sentence's kind (heading, item, text), the words of the
  heading above it, whether a cue construction ("caused by", "symptoms include", "can help relieve")
  opens or closes its clause, whether a section item or a "Label:" holds it, whether it names the
  document's condition, whether an "avoid" trigger governs it.

Inference adds up precomputed score tables instead of looking features up: per word type and offset the
sum of its word keys' weights (built the first time a process meets the word), per family and value the
weight of that key. A document costs one dictionary look-up per token and a few array gathers; the
result equals the sum over the keys (``Tagger.key_scores``, tested).
"""
from __future__ import annotations

import zlib
from array import array
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import numpy as np

TYPES = ("cause", "symptom", "treatment", "exercise")
TAGS = ("O", *(f"{p}-{t}" for t in TYPES for p in ("B", "I")))
OFFSETS = (-2, -1, 0, 1, 2)
MAX_WORDS = 100_000  # words whose weights a tagger keeps (~18 MB); more are recomputed as they come
# categorical context families and the values they take (a value not listed counts as the first)
SECTION_CLASSES = ("", "cause", "symptom", "treatment", "exercise", "prevention", "doctor", "diagnosis", "faq",
                   "overview")
LEX_TAGS = ("O", *(f"{p}-{t}" for t in (*TYPES, "none") for p in ("B", "I")))
KINDS = ("text", "item", "heading")
CUE_SIDES = ("", *TYPES)
FAMILIES: dict[str, tuple[str, ...]] = {
    "lex": LEX_TAGS, "lex-1": LEX_TAGS, "lex+1": LEX_TAGS,
    "sec": SECTION_CLASSES, "kind": KINDS,
    "seclex": tuple(f"{s}|{t}" for s in SECTION_CLASSES for t in LEX_TAGS),
    "seckind": tuple(f"{s}|{k}" for s in SECTION_CLASSES for k in KINDS),
    "cueafter": CUE_SIDES, "cuebefore": CUE_SIDES, "item": CUE_SIDES,
    "pos": ("mid", "first", "last", "only"), "label": ("no", "in", "after"),
    "cond": ("no", "yes"), "avoid": ("no", "yes"),
}
STOP = frozenset("""a an and are as at be been but by can could did do does for from had has have he her his how i if
in into is it its may me might more most must my no not of on or our out she should so some such than that the their
them then there these they this those to too up us very was we were what when where which while who why will with
would you your""".split())


def hash_key(key: str) -> int:
    return zlib.crc32(key.encode("utf-8", "surrogatepass"))


def shape(word: str) -> str:
    """A word's shape, runs of one kind of character collapsed: "Knee" Xx, "NSAIDs" XxX... "10-15" d-d."""
    out = []
    for ch in word[:12]:
        c = "X" if ch.isupper() else "x" if ch.isalpha() else "d" if ch.isdigit() else ch
        if not out or out[-1] != c:
            out.append(c)
    return "".join(out)


@dataclass(frozen=True)
class Lexical:
    """What the word features look up: a word's plural-folded form, its WordNet classes (each once, and one
    per sense), its frequency (zipf), and the types of the lexicon entries whose surfaces hold it."""

    fold: Callable[[str], str]
    classes: Callable[[str], tuple[str, ...]]
    senses: Callable[[str], tuple[str, ...]]
    zipf: Callable[[str], float]
    lexicon_types: dict[str, tuple[str, ...]]
    gazetteer_words: dict[str, tuple[str, ...]]   # word -> the classes of the gazetteer terms holding it
    gazetteer_terms: dict[str, tuple[str, ...]]   # one-word term -> its classes


def word_keys(text: str, offset: int, lx: Lexical) -> list[str]:
    """The feature keys of a word seen at ``offset`` from the token being tagged."""
    low = text.lower()
    o = f"{offset:+d}" if offset else ""
    keys = [f"w{o}={low}"]
    if abs(offset) > 1:
        return keys
    folded = lx.fold(text)
    keys += [f"s3{o}={low[-3:]}", f"sh{o}={shape(text)}", f"f{o}={folded}"]
    keys += [f"c{o}={c}" for c in lx.classes(folded)]
    keys += [f"lw{o}={t}" for t in lx.lexicon_types.get(low, ())]
    keys += [f"gw{o}={c}" for c in lx.gazetteer_words.get(folded, ())]
    if not offset:
        z = lx.zipf(low)
        keys += [f"p3={low[:3]}", f"s4={low[-4:]}", f"z={min(7, int(z))}"]
        keys += [f"gt={c}" for c in lx.gazetteer_terms.get(folded, ())]
        if low in STOP:
            keys.append("stop")
    return keys


@dataclass
class Context:
    """One document's content sentences as the tagger sees them: per token its text and the index of each
    context family's value, per sentence the heading words above it."""

    texts: list[str] = field(default_factory=list)       # token texts, all sentences in a row
    starts: list[int] = field(default_factory=list)      # each sentence's first token
    families: dict[str, array] = field(default_factory=lambda: {name: array("i") for name in FAMILIES})
    headings: list[tuple[str, ...]] = field(default_factory=list)  # per sentence: its heading's words

    def add_sentence(self, texts: list[str], values: dict[str, list[int]], heading_words: tuple[str, ...]) -> None:
        self.starts.append(len(self.texts))
        self.texts.extend(texts)
        for name, column in self.families.items():
            column.extend(values[name])
        self.headings.append(heading_words)

    def sentence_of_tokens(self) -> np.ndarray:
        ends = self.starts[1:] + [len(self.texts)]
        return np.repeat(np.arange(len(self.starts)), [b - a for a, b in zip(self.starts, ends)])

    def token_keys(self, lx: Lexical) -> list[list[str]]:
        """Every token's feature keys as strings (what the model is trained on)."""
        out = []
        sent = self.sentence_of_tokens()
        ends = self.starts[1:] + [len(self.texts)]
        for s, (a, b) in enumerate(zip(self.starts, ends)):
            for i in range(a, b):
                keys = [k for off in OFFSETS if a <= i + off < b for k in word_keys(self.texts[i + off], off, lx)]
                keys += [f"{name}={FAMILIES[name][self.families[name][i]]}" for name in FAMILIES]
                keys += [f"hw={w}" for w in self.headings[sent[i]]]
                out.append(keys)
        return out


class Tagger:
    """A trained tagger: key hashes and their weights per tag, the tags' bias, and the decoding threshold."""

    def __init__(self, hashes: np.ndarray, weights: np.ndarray, bias: np.ndarray, threshold: float, lx: Lexical,
                 aliases: dict | None = None):
        order = np.argsort(hashes)
        self.hashes, self.weights = hashes[order], weights[order].astype(np.float32)
        self.bias, self.threshold, self.lx = bias.astype(np.float32), float(threshold), lx
        self.aliases = aliases or {}  # (type, normalized key) -> concept: links mentions the lexicon lacks
        self.family_tables = {name: self._rows([f"{name}={v}" for v in values]) for name, values in FAMILIES.items()}
        self._vocab: dict[str, int] = {}  # word -> its row in the word table
        # the words' summed weights at each offset, rows in vocab order; capacity doubles as words come
        self._word_table = np.zeros((1024, len(OFFSETS), len(TAGS)), dtype=np.float32)
        self._heads: dict[tuple[str, ...], np.ndarray] = {}

    def _rows(self, keys: Iterable[str]) -> np.ndarray:
        """Each key's weights (zeros for a key the model does not hold)."""
        hs = np.fromiter((hash_key(k) for k in keys), dtype=np.uint32)
        pos = np.searchsorted(self.hashes, hs)
        pos[pos >= len(self.hashes)] = 0
        found = self.hashes[pos] == hs if len(self.hashes) else np.zeros(len(hs), dtype=bool)
        rows = np.zeros((len(hs), len(TAGS)), dtype=np.float32)
        rows[found] = self.weights[pos[found]]
        return rows

    def key_scores(self, keys: list[str]) -> np.ndarray:
        """The scores of one token from its keys (the reference the fast path must equal)."""
        return self._rows(keys).sum(axis=0) + self.bias

    def _add_words(self, texts: Iterable[str]) -> None:
        """Give every new word its summed weights at each offset, all words of a document in one lookup."""
        new = [t for t in dict.fromkeys(texts) if t not in self._vocab]
        if not new:
            return
        if len(self._vocab) + len(new) > MAX_WORDS:  # a long run's vocabulary keeps growing: start over
            self._vocab.clear()
            new = list(dict.fromkeys(texts))
        keys, counts = [], []
        for text in new:
            for off in OFFSETS:
                ks = word_keys(text, off, self.lx)
                keys.extend(ks)
                counts.append(len(ks))
        rows = self._rows(keys)
        bounds = np.zeros(len(counts), dtype=np.int64)
        np.cumsum(counts[:-1], out=bounds[1:])
        sums = np.add.reduceat(rows, bounds, axis=0).reshape(len(new), len(OFFSETS), len(TAGS))
        first = len(self._vocab)
        if first + len(new) > len(self._word_table):
            grown = np.zeros((2 * (first + len(new)), len(OFFSETS), len(TAGS)), dtype=np.float32)
            grown[:first] = self._word_table[:first]
            self._word_table = grown
        self._word_table[first:first + len(new)] = sums
        for text in new:
            self._vocab[text] = len(self._vocab)

    def scores(self, ctx: Context) -> np.ndarray:
        """Every token's scores per tag (n tokens x len(TAGS))."""
        n = len(ctx.texts)
        if not n:
            return np.zeros((0, len(TAGS)), dtype=np.float32)
        self._add_words(ctx.texts)
        vocab = self._vocab
        ids = np.fromiter((vocab[t] for t in ctx.texts), dtype=np.int64, count=n)
        table = self._word_table
        sent = ctx.sentence_of_tokens()
        out = np.repeat(self.bias[None, :], n, axis=0)
        for j, off in enumerate(OFFSETS):
            src = np.arange(n) + off
            ok = (src >= 0) & (src < n)
            ok[ok] = sent[src[ok]] == sent[ok]  # a window stops at its sentence's ends
            out[ok] += table[ids[src[ok]], j]
        for name, table_f in self.family_tables.items():
            out += table_f[np.frombuffer(ctx.families[name], dtype=np.int32)]
        heads = np.stack([self._heading(h) for h in ctx.headings])
        out += heads[sent]
        return out

    def _heading(self, words: tuple[str, ...]) -> np.ndarray:
        row = self._heads.get(words)
        if row is None:
            row = self._heads[words] = self._rows([f"hw={w}" for w in words]).sum(axis=0) if words else \
                np.zeros(len(TAGS), dtype=np.float32)
        return row

    def spans(self, ctx: Context, threshold: float = 0.0) -> list[tuple[int, int, str, float]]:
        """Mention spans ``(first token, end token, type, confidence)`` over the document's tokens; a token
        is in one when its probability of not being ``O`` reaches ``threshold`` (0: the model's own)."""
        return decode(self.scores(ctx), ctx.starts, len(ctx.texts), threshold or self.threshold)


def softmax(scores: np.ndarray) -> np.ndarray:
    e = np.exp(scores - scores.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


_I_OF = {t: TAGS.index("B-" + TAGS[t][2:]) for t in range(len(TAGS)) if TAGS[t].startswith("I-")}


def _transitions() -> tuple[np.ndarray, np.ndarray]:
    """The BIO constraint as log-space penalties: previous tag x tag (0 allowed, -inf not), and at a start."""
    k = len(TAGS)
    allowed = np.ones((k, k), dtype=bool)
    for t, b in _I_OF.items():
        allowed[:, t] = False
        allowed[b, t] = allowed[t, t] = True
    start = np.array([0.0 if t not in _I_OF else -np.inf for t in range(k)])
    return np.where(allowed, 0.0, -np.inf), start


_STEP, _START = _transitions()


def decode(scores: np.ndarray, starts: list[int], n: int, threshold: float) -> list[tuple[int, int, str, float]]:
    """Spans from token scores. Where some token's probability of not being ``O`` reaches ``threshold``,
    the stretch of tokens around it that might be in a mention (that probability at least a fifth of
    ``threshold``, within one sentence) is decoded as a whole: the most probable tag sequence in which an
    ``I-`` tag follows a ``B-`` or ``I-`` of its type (Viterbi). A span is a ``B-`` and the ``I-`` after it."""
    if not n:
        return []
    p = softmax(scores)
    inside = 1.0 - p[:, 0]
    logp = np.log(np.maximum(p, 1e-12))
    first = np.zeros(n + 1, dtype=bool)
    first[starts] = True
    first[n] = True
    maybe, first = (inside >= threshold / 5).tolist(), first.tolist()
    stretches = []
    i = 0
    for c in np.flatnonzero(inside >= threshold).tolist():
        if c < i:
            continue
        a = c
        while a > 0 and maybe[a - 1] and not first[a]:
            a -= 1
        b = c + 1
        while b < n and maybe[b] and not first[b]:
            b += 1
        stretches.append((a, b))
        i = b
    return _viterbi(logp, inside, stretches) if stretches else []


def _viterbi(logp: np.ndarray, inside: np.ndarray, stretches: list[tuple[int, int]]) -> list[tuple[int, int, str, float]]:
    """The spans of the best tag sequence of each stretch of tokens under the BIO constraint, all
    stretches decoded together (a stretch that has ended keeps its scores and passes its tags through)."""
    k = len(TAGS)
    starts = np.array([a for a, _ in stretches])
    lens = np.array([b - a for a, b in stretches])
    width = int(lens.max())
    steps = np.arange(width)
    valid = steps[None, :] < lens[:, None]
    lp = logp[np.where(valid, starts[:, None] + steps[None, :], starts[:, None])]  # stretches x width x tags
    score = _START + lp[:, 0]
    back = np.empty((len(stretches), width, k), dtype=np.int64)
    same = np.arange(k)
    for j in range(1, width):
        cand = score[:, :, None] + _STEP[None]
        best = cand.argmax(axis=1)
        new = np.take_along_axis(cand, best[:, None, :], axis=1)[:, 0, :] + lp[:, j]
        active = valid[:, j, None]
        score = np.where(active, new, score)
        back[:, j] = np.where(active, best, same)
    tags = np.empty((len(stretches), width), dtype=np.int64)
    tags[:, width - 1] = score.argmax(axis=1)
    rows = np.arange(len(stretches))
    for j in range(width - 1, 0, -1):
        tags[:, j - 1] = back[rows, j, tags[:, j]]
    out: list[list] = []
    probs = inside.tolist()
    for s, j in zip(*np.nonzero((tags > 0) & valid)):
        t, pos = int(tags[s, j]), int(starts[s] + j)
        if TAGS[t][0] == "B":
            out.append([pos, pos + 1, TAGS[t][2:], [probs[pos]]])
        else:
            out[-1][1] = pos + 1
            out[-1][3].append(probs[pos])
    return [(a, b, t, sum(c) / len(c)) for a, b, t, c in out]
