"""Despin: score each document for article-spinner rewriting; quarantine above the threshold.

A spinner swaps words for WordNet co-lemmas of the wrong sense ("kip" for sleep, "back inclemency"
for back stiffness), drops inflections ("is need", "be take") and re-joins tokens with spaces
(" , ", "up - to - date"). Each signal is measured per sentence and per document:

- ``artefacts``: tokenizer spacing left behind, counted on the text before any normalization;
- ``wordnet``: a rare word that is a WordNet co-lemma of a much more common word (stronger when
  that common word is used elsewhere in the document), or a rare multi-word lemma;
- ``inflection``: a bare verb after an auxiliary where a participle belongs;
- ``copies``: near-duplicates in the corpus sharing the words a spinner leaves alone (numbers,
  names): the least spun copy is kept, the others are quarantined.

``score_document`` returns a score and its evidence; ``despin`` decides with the configured threshold.
"""
from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ..config import SpinSettings
from ..records import CONTENT, SPUN, Document
from ..resources.loader import HEALTH_TOKEN, health_words
from ..wordnet import WordNetMissing, load as load_wordnet
from ..words import zipf, zipf_table

# every artefact has a space after its first character but "word - word", which starts a word: the look-ahead
# tests that first, so most positions fail on one character instead of seven alternatives
# Spacing a spinner's tokenizer leaves: a space before punctuation or a closing quote, after an opening
# bracket or quote, before 's. A straight double quote opens and closes alike, so it counts only with
# spaces on both sides; a spaced hyphen is a dash in much ordinary prose and does not count.
ARTEFACT = re.compile(r"(?=. )(?:\w [,.;:!?)] |\w [,.;:!?)]$|\( \w|\w ['’]s\b|“ \w|\w ”|\w \" \w)")
# a line of program code: its spacing ("if ( x )") is no spinner's
CODE = re.compile(r"[{};]\s*$|^\s*[{}]|\w\(\)|\w\( |[=!<>]=|=>|->|//|/\*|\*/|\b[a-z]+\.[a-z]+[A-Z]")
TOKEN = HEALTH_TOKEN  # a text's words, as the health words are counted
AUX = frozenset("is are was were be been being am has have had".split())
STOP = frozenset("""a an and are as at be been but by can could did do does for from had has have he her his how i if in
into is it its may me might more most must my no not of on or our out she should so some such than that the their them
then there these they this those to too up us very was we were what when where which while who why will with would
you your""".split())
COMMON = 3.8   # zipf of a word a writer would reach for
RARE = 3.0     # zipf below which a word is rare
GAP = 1.4      # how much more common the co-lemma must be


def _participle_verbs(wordnet_path: str = "") -> frozenset[str]:
    """Base-form verbs that have a distinct participle in spaCy's lemma table and are not WordNet adjectives."""
    from ..wordnet import resolve

    return _participles(str(resolve(wordnet_path)))


@lru_cache(maxsize=2)
def _participles(table_path: str) -> frozenset[str]:
    from ..derived import file_stamp, memo, package_version

    try:
        wn = load_wordnet(table_path)
    except WordNetMissing:
        return frozenset()
    return memo("participles", (file_stamp(Path(table_path)), package_version("wordfreq"),
                                package_version("spacy-lookups-data")), lambda: _build_participles(wn))


def _build_participles(wn) -> frozenset[str]:
    from ..nlp import lemma_table

    table = lemma_table()
    adjectives = {l for pos, lemmas in wn.synsets if pos in ("a", "s", "r") for l in lemmas}
    nouns_common = {l for pos, lemmas in wn.synsets if pos == "n" for l in lemmas}
    verbs = {l for pos, lemmas in wn.synsets if pos == "v" for l in lemmas if "_" not in l}
    out = set()
    for v in verbs:
        if v in adjectives or len(v) < 3:
            continue
        for form in (v + "ed", v + "d", v[:-1] + "ied" if v.endswith("y") else "", v + v[-1] + "ed", v + "en",
                     v + "n"):
            if form and table.get(form) == v and zipf(form) >= 3.0 and zipf(v) >= 3.0:
                # a noun after "is" ("is pain", "is cause for concern") is grammatical: keep verbs whose
                # participle is at least as common as the noun-or-verb base is likely to be a noun
                if v in nouns_common and zipf(form) < zipf(v) - 1.0:
                    break
                out.add(v)
                break
    return frozenset(out)


@dataclass
class SentenceEvidence:
    index: int
    substituted: list[str] = field(default_factory=list)
    artefacts: int = 0
    inflections: list[str] = field(default_factory=list)
    words: int = 0

    @property
    def score(self) -> float:
        if self.words == 0:
            return 0.0
        return min(1.0, (2 * len(self.substituted) + self.artefacts + 2 * len(self.inflections)) / max(4, self.words) * 2.5)


@dataclass
class SpinScore:
    score: float
    artefact_rate: float
    wordnet_rate: float
    inflection_rate: float
    sentences: list[SentenceEvidence]
    wordnet_used: bool = True

    def summary(self, limit: int = 12) -> str:
        subs = [w for s in self.sentences for w in s.substituted]
        infl = [w for s in self.sentences for w in s.inflections]
        parts = [f"score {self.score:.2f}", f"artefacts/100w {self.artefact_rate:.2f}",
                 f"substitutions/100w {self.wordnet_rate:.2f}", f"inflections/100w {self.inflection_rate:.2f}"]
        if subs:
            parts.append("substituted: " + ", ".join(subs[:limit]))
        if infl:
            parts.append("inflection: " + ", ".join(infl[:6]))
        if not self.wordnet_used:
            parts.append("WordNet signal off (tables not installed)")
        return "; ".join(parts)


def _family(w: str, stems: Counter) -> bool:
    """A health word, or another word of the document shares its 6-letter stem ("menstruate", "menstrual")."""
    return w in health_words() or (len(w) >= 7 and stems.get(w[:6], 0) > 1)


def _wordnet_hits(tokens: list[str], doc_words: Counter, wn, stems: Counter | None = None) -> list[str]:
    """Rare words (and rare multi-word lemmas) that are WordNet co-lemmas of much more common words.

    An article's own vocabulary recurs ("menstruation" in a period article), while a spinner's pick
    stands alone, so a rare word seen three or more times in the document is not counted; a hit whose
    common co-lemma is used elsewhere in the document is strong evidence (marked ``*``).
    """
    hits = []
    lows = [t.lower() for t in tokens]
    lemmas, heads, zipfs = wn.index, wn.heads, zipf_table()
    free = 0  # tokens before this one are part of a multi-word hit
    # only the first two words of a multi-word lemma or a rare lemma can begin a hit (the cheap tests of _hit_at)
    follows = lows[1:] + [""]
    for i in [k for k, (w, x) in enumerate(zip(lows, follows))
              if x in heads.get(w, ()) or zipfs.get(w, 0.0) < RARE and w in lemmas]:
        if i < free:
            continue
        hit = _hit_at(lows, i, doc_words, wn, stems)
        if hit is not None:
            hits.append(hit[0])
            free = i + hit[1]
    return hits


def _hit_at(lows: list[str], i: int, doc_words: Counter, wn, stems: Counter | None) -> tuple[str, int] | None:
    """The hit that begins at lower-case token ``i`` and the tokens it takes, or None."""
    lemmas, zipfs = wn.index, zipf_table()
    w = lows[i]
    # a multi-word lemma put in for one word: "log z's" for sleep
    for n in (3, 2) if i + 1 < len(lows) and lows[i + 1] in wn.heads.get(w, ()) else ():
        if i + n > len(lows):
            continue
        words_ = lows[i:i + n]
        phrase = "_".join(words_)
        if phrase not in lemmas or min(zipf(x) for x in words_) >= 4.5:
            continue
        common = [c for c in wn.synonyms(phrase) if "_" not in c and len(c) >= 3 and zipf(c) >= COMMON
                  and doc_words.get(c, 0) > 0 and c not in words_]
        if common:
            return f"{' '.join(words_)}→{_commonest(common)}*", n
    if w in STOP or len(w) < 3:
        return None
    zw = zipfs.get(w, 0.0)  # the cheapest test that drops most words comes first
    if zw >= RARE or doc_words.get(w, 0) >= 3 or w not in lemmas:
        return None
    if stems is not None and _family(w, stems):
        # a word of the article's own family ("menstruate" beside "menstrual") is its vocabulary, unless
        # it stands for a much more common co-lemma of that family the article uses: "injectant" for
        # "injection" is a spinner's pick, as no writer calls one thing by both
        kin = [c for c in wn.synonyms(w) if c[:6] == w[:6] and c != w and zipf(c) >= zw + GAP
               and doc_words.get(c, 0) > doc_words.get(w, 0)]
        return (f"{w}→{_commonest(kin)}*", 1) if kin and w not in health_words() else None
    # a much more common co-lemma; when the document itself uses it more, "much more common" is enough
    best = [c for c in wn.synonyms(w) if "_" not in c and len(c) >= 3 and zipf(c) >= zw + GAP
            and (zipf(c) >= COMMON or doc_words.get(c, 0) > doc_words.get(w, 0))]
    if not best:
        return None
    in_doc = [c for c in best if doc_words.get(c, 0) > doc_words.get(w, 0)]
    return f"{w}→{_commonest(in_doc or best)}" + ("*" if in_doc else ""), 1


def _commonest(words_: list[str]) -> str:
    """The most common of the words; of equally common ones (wordfreq's values come in steps), the first
    in alphabetical order. (They come from sets, whose order changes with each process's string hashes:
    ``max`` by frequency alone named "obviously" in one run and "apparently" in the next.)"""
    return min(words_, key=lambda c: (-zipf(c), c))


def _very_rare(tokens: list[str], doc_words: Counter, wn, stems: Counter) -> int:
    """Very rare WordNet words (zipf < 2) that the document does not repeat: spinners' favourites."""
    lemmas, zipfs = wn.index, zipf_table()
    return sum(1 for t in tokens if zipfs.get(w := t.lower(), 0.0) < 2.0 and w not in STOP and doc_words.get(w, 0) < 3
               and w in lemmas and not _family(w, stems))


def _inflection_hits(tokens: list[str], verbs: frozenset[str]) -> list[str]:
    hits = []
    for a, b in zip(tokens, tokens[1:]):
        if a.lower() in AUX and b.lower() in verbs:
            hits.append(f"{a} {b}")
    return hits


_PARTICLES = frozenset("up down at in into off out over forth with on to about around away back through for of by".split())


def score_document(doc: Document, use_wordnet: bool = True, wordnet_path: str = "") -> SpinScore:
    """Per-sentence evidence and the document's spin score in [0, 1]."""
    wn = None
    if use_wordnet:
        try:
            wn = load_wordnet(wordnet_path)
        except WordNetMissing:
            wn = None
    verbs = _participle_verbs(wordnet_path) if wn is not None else frozenset()
    sents = [s for s in doc.sentences if s.label == CONTENT] or doc.sentences
    toks = {s.index: TOKEN.findall(s.text) for s in sents}
    doc_words = Counter(t.lower() for ts in toks.values() for t in ts)
    stems = Counter(w[:6] for w in doc_words if len(w) >= 7)
    evidence = []
    n_words = n_art = n_infl = 0
    rare25 = rare30 = very_rare = 0.0
    for s in sents:
        ev = SentenceEvidence(s.index, words=len(toks[s.index]))
        ev.artefacts = 0 if CODE.search(s.text) else len(ARTEFACT.findall(s.text))
        if wn is not None:
            ev.substituted = _wordnet_hits(toks[s.index], doc_words, wn, stems)
            ev.inflections = _inflection_hits(toks[s.index], verbs)
        evidence.append(ev)
        n_words += ev.words
        n_art += ev.artefacts
        for h in ev.substituted:
            if " " in h.split("→")[0]:
                continue  # multi-word lemmas are shown as evidence, not scored (common collocations look alike)
            z = zipf(h.split("→")[0])
            rare30 += 1
            rare25 += z < 2.5
        if wn is not None:
            very_rare += _very_rare(toks[s.index], doc_words, wn, stems)
        n_infl += len(ev.inflections)
    per100 = 100 / max(n_words, 1)
    art, infl = n_art * per100, n_infl * per100
    # rare words with much more common co-lemmas, weighted by rarity (fitted on real articles against
    # spun copies: clean articles stay below 0.7 per 100 words in 99.7 % of cases)
    sub = (rare25 + 0.5 * rare30 + 0.5 * very_rare) * per100
    # each signal mapped to [0, 1]; 0.5 is where clean articles essentially never reach
    s_art = min(1.0, art / 4.0)
    s_sub = min(1.0, max(0.0, sub - 0.35) / 0.7)
    distinct = {h.split("→")[0] for ev in evidence for h in ev.substituted}
    s_sub *= min(1.0, max(0, len(distinct) - 1) / 4)  # a few rare words used twice are not a spun article
    s_infl = min(1.0, infl / 1.5)
    # distinct multi-word lemmas put in for a word the article uses ("muscular tissue" for muscle, "armorial
    # bearing" for arms): real articles show at most two (a "spinal column", a "surgical procedure"), phrasal
    # verbs ("cope with", "ward off") and phrases opening with a function word aside
    compounds = {p for p in distinct if " " in p and p.split(" ", 1)[0] not in STOP and p.rsplit(" ", 1)[1] not in _PARTICLES}
    s_mw = min(1.0, max(0, len(compounds) - 2) / 3)
    score = 1 - (1 - s_art) * (1 - s_sub) * (1 - s_infl) * (1 - s_mw)
    if n_words < 80:
        score *= n_words / 80
    return SpinScore(round(score, 4), art, sub, infl, evidence, wn is not None)


def despin(doc: Document, stats, settings: SpinSettings) -> Document:
    """Score a kept document; quarantine it as spun above the threshold, label strong spun sentences."""
    if not doc.ok or not doc.sentences:
        return doc
    result = score_document(doc, wordnet_path=settings.wordnet_path)
    group = stats.spin_groups.get(doc.doc_id, "") if stats is not None else ""
    doc.spin_score = result.score
    doc.spin_evidence = result.summary()
    if group and result.score >= settings.review_band:
        doc.quarantine(f"spun: near-duplicate of {group} with word substitutions ({result.summary(6)})")
        return doc
    if result.score >= settings.threshold:
        doc.quarantine(f"spun: {result.summary(8)}")
        return doc
    for ev in result.sentences:
        s = doc.sentences[ev.index]
        single = {h.split("→")[0] for h in ev.substituted if " " not in h.split("→")[0]}
        if s.label == CONTENT and ev.score >= settings.sentence_threshold and len(single) >= 2:
            s.label, s.reason = SPUN, "spun: " + ", ".join(ev.substituted[:4])
    return doc


# ---- corpus-level copies -------------------------------------------------------------------------

_ANCHOR = re.compile(r"\b\d[\d.,%]*\b|\b[A-Z][a-z]+[A-Z]?\w*\b")


def signature(doc: Document) -> tuple[str, float, tuple[int, ...]] | None:
    """A MinHash of the words a spinner leaves alone (numbers, capitalized names, rare terms): the
    fingerprint of a source, 24 integers a document whatever its length."""
    if not doc.ok or not doc.sentences:
        return None
    text = " ".join(s.text for s in doc.sentences)
    anchors = {m.group(0).lower() for m in _ANCHOR.finditer(text)}
    words = TOKEN.findall(text)
    anchors |= {w for w in {t.lower() for t in words if len(t) > 6} if zipf(w) < 2.0}
    if len(anchors) < 8:
        return None
    n_words = max(1, len(words))
    quick = len(ARTEFACT.findall(text)) / n_words  # spacing artefacts per word: cheap, and spinners leave them
    return doc.doc_id, quick, minhash(frozenset(anchors))


_SALTS = None


def minhash(items: frozenset, k: int = 24) -> tuple[int, ...]:
    """k min-hashes of a set of words: each word's 64-bit blake2b hash XOR k fixed salts, minimum per salt
    (numpy over the whole set: the Python loop cost more than the rest of the corpus observations)."""
    import numpy as np

    global _SALTS
    if _SALTS is None or len(_SALTS) != k:
        _SALTS = np.array([(0x9E3779B97F4A7C15 * (i + 1)) & 0xFFFFFFFFFFFFFFFF for i in range(k)], dtype=np.uint64)
    hs = np.fromiter((int.from_bytes(hashlib.blake2b(x.encode(), digest_size=8).digest(), "little") for x in items),
                     dtype=np.uint64, count=len(items))
    return tuple((hs[:, None] ^ _SALTS[None, :]).min(axis=0).tolist())
