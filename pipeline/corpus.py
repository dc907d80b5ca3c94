"""Corpus statistics gathered between the two passes, kept compact (hashes, not text).

- repeated lines: a normalized sentence seen in many documents of one site is template text;
- spin signatures: rare-word fingerprints that find spun copies of one source;
- text signatures: MinHash over word 5-shingles (as datatrove and FineWeb deduplicate) that find the
  same article twice, copied or syndicated with light edits: the copies after the first listed are
  duplicates and add no source.
"""
from __future__ import annotations

import hashlib
import math
import zlib
import re
from array import array
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from .records import Document
from .stages.despin import signature

_NON_WORD = re.compile(r"[^0-9a-z]+")
_WORD = re.compile(r"\w+")


def line_key(text: str) -> str:
    return _NON_WORD.sub(" ", text.lower()).strip()


def h64(text: str) -> int:
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest(), "little", signed=True)


def site_of(doc: Document) -> str:
    """The site a document comes from: its URL's host, else its top folder under raw/."""
    if doc.url:
        host = urlsplit(doc.url).netloc.lower()
        if host:
            return host[4:] if host.startswith("www.") else host
    return doc.source.split("/", 1)[0] if "/" in doc.source else ""


@dataclass(slots=True)
class Observation:
    """What the corpus statistics learn from one document, made where the document was segmented and
    cached with it: its site, one line hash per sentence (0 for lines too short to count) and its spin
    signature. Pass 2 decides a document's template lines from it without re-hashing its sentences."""

    doc_id: str
    input_key: str
    ok: bool
    site: str = ""
    line_hashes: tuple[int, ...] = ()
    spin: tuple | None = None
    text: tuple[int, ...] = ()   # the text signature (``text_signature``)


def line_hashes(doc: Document, site: str) -> tuple[int, ...]:
    return tuple(h64(site + "\x00" + k) if len(k := line_key(s.text)) >= 3 else 0 for s in doc.sentences)


SHINGLE = 5           # words per shingle
_TEXT_SALTS: list[int] = [(0xD6E8FEB86659FD93 * (i + 1)) & 0xFFFFFFFFFFFFFFFF for i in range(24)]
DUPLICATE_JACCARD = 0.8  # estimated shingle overlap from which two texts are one article
MIN_NEAR_WORDS = 80      # shorter texts are duplicates only when their words are the same
SIGNATURE_SENTENCES, SIGNATURE_WORDS = 150, 1500


def text_signature(doc: Document) -> tuple[int, ...]:
    """24 min-hashes of the document's word 5-shingles (lower-cased words; the whole text when shorter)."""
    # numbers count ("part 2" is not "part 3"); the first words are enough to tell a copy (and bound the
    # cost on very long pages)
    words = _WORD.findall(" ".join(s.text for s in doc.sentences[:SIGNATURE_SENTENCES]).lower())[:SIGNATURE_WORDS]
    if not words:
        return ()
    if len(words) < MIN_NEAR_WORDS:  # too short to tell an edit from another text: only the same words match
        whole = h64(" ".join(words)) & 0xFFFFFFFFFFFFFFFF
        return (whole,) * 24
    import numpy as np

    # a shingle's hash from its words' CRC-32s, combined with numpy over the whole text at once (hashing
    # every shingle's string cost more than the rest of the observations)
    crc = {x: zlib.crc32(x.encode()) for x in set(words)}
    w = np.array([crc[x] for x in words], dtype=np.uint64)
    n = len(words) - SHINGLE + 1
    h = np.zeros(n, dtype=np.uint64)
    for k in range(SHINGLE):
        h = h * np.uint64(0x100000001B3) + w[k:k + n]
    h = np.unique(h)
    salts = np.array(_TEXT_SALTS, dtype=np.uint64)
    return tuple(((h[:, None] ^ salts[None, :]) * np.uint64(0x9E3779B97F4A7C15)).min(axis=0).tolist())


def observe(doc: Document) -> Observation:
    if not doc.ok:
        return Observation(doc.doc_id, doc.input_key, False)
    site = site_of(doc)
    return Observation(doc.doc_id, doc.input_key, True, site, line_hashes(doc, site), signature(doc),
                       text_signature(doc))


def repeated_keys(keys: array, floor: int) -> dict[int, int]:
    """``{key: count}`` of the keys that occur at least ``floor`` times, in ascending key order (what
    ``np.unique(keys, return_counts=True)`` filtered by count gives).

    ``keys`` is sorted in place, in its own buffer; in sorted order a key occurs at least ``floor`` times
    exactly where ``keys[i] == keys[i + floor - 1]``, so only those candidates are counted. Peak memory is
    about 1.1 times the keys, where ``np.unique`` holds about six times (a sorted copy, a mask, the
    distinct keys, their indices and counts): at 100k documents, hundreds of megabytes."""
    import numpy as np

    a = np.frombuffer(keys, dtype=np.int64)
    a.sort()
    floor = max(1, floor)
    if len(a) < floor:
        return {}
    cand = np.unique(a[:len(a) - floor + 1][a[floor - 1:] == a[:len(a) - floor + 1]])
    counts = np.searchsorted(a, cand, "right") - np.searchsorted(a, cand, "left")
    return dict(zip(cand.tolist(), counts.tolist()))


class SpinSignatures:
    """The corpus's spin signatures (``despin.signature``) in flat arrays: doc ids, quick spin scores and
    the MinHash values, ``k`` a document (8 bytes each): about 280 bytes a document, where a list of
    ``(doc_id, score, 24-tuple)`` costs about a kilobyte."""

    __slots__ = ("doc_ids", "scores", "values")

    def __init__(self, sigs=()) -> None:
        self.doc_ids: list[str] = []
        self.scores = array("d")
        self.values = array("Q")
        for sig in sigs:
            self.append(sig)

    def append(self, sig: tuple[str, float, tuple[int, ...]]) -> None:
        self.doc_ids.append(sig[0])
        self.scores.append(sig[1])
        self.values.extend(sig[2])

    def extend(self, other: "SpinSignatures") -> None:
        self.doc_ids.extend(other.doc_ids)
        self.scores.extend(other.scores)
        self.values.extend(other.values)

    def __len__(self) -> int:
        return len(self.doc_ids)


@dataclass
class CorpusStats:
    n_docs: int = 0
    site_docs: Counter = field(default_factory=Counter)
    _keys: dict[str, array] = field(default_factory=dict)  # site -> its documents' distinct line keys
    repeated: dict[int, int] = field(default_factory=dict)
    _repeated_keys: frozenset = field(default_factory=frozenset)  # repeated's keys, for one C-level intersection
    spin_groups: dict[str, str] = field(default_factory=dict)
    _spin: SpinSignatures = field(default_factory=SpinSignatures)
    duplicates: dict[str, str] = field(default_factory=dict)  # doc_id -> the first listed copy of its text
    _text: SpinSignatures = field(default_factory=SpinSignatures)
    _spans: dict[str, list] = field(default_factory=dict)  # site -> (doc_id, start, end) of each document's keys

    def observe(self, doc: Document) -> Observation:
        """Count one document (after segmentation); failed ones only count as seen."""
        obs = observe(doc)
        self.add(obs)
        return obs

    def add(self, obs: Observation) -> None:
        self.n_docs += 1
        if not obs.ok:
            return
        self.site_docs[obs.site] += 1
        keys = self._keys.get(obs.site)
        if keys is None:
            keys = self._keys[obs.site] = array("q")
        start = len(keys)
        keys.extend({h for h in obs.line_hashes if h})
        self._spans.setdefault(obs.site, []).append((obs.doc_id, start, len(keys)))
        if obs.spin is not None:
            self._spin.append(obs.spin)
        if obs.text:
            self._text.append((obs.doc_id, 0.0, obs.text))

    def finalize(self, settings) -> None:
        """Keep only the line keys that are template text of their site, and group spun copies.

        A key is template text where it recurs in as many documents of its site as ``template_lines``
        asks (keys are salted with their site, so each belongs to one): counted per site with numpy over
        int64 arrays (8 bytes a line), not a dict of every line, and only those keys are kept. What pass
        2 decides is the same as with every recurring key kept; the statistics each worker holds shrink
        from every line seen in three documents to the site templates."""
        # copies first: a duplicate's lines would make its original's every line "repeated", and an exact
        # copy would make the original a spun copy of it
        self.duplicates = group_copies(self._text, DUPLICATE_JACCARD, first_listed=True)
        self._text = SpinSignatures()
        if self.duplicates:
            self._drop_duplicates()
        cs = settings.clean
        self.repeated = {}
        for site in sorted(self._keys):
            keys = self._keys.pop(site)  # each site's keys are freed once counted
            site_n = self.site_docs.get(site, 0)
            if site_n >= cs.repeat_min_docs:  # template_lines finds none on smaller sites
                need = max(cs.repeat_min_docs, cs.repeat_min_share * site_n)
                self.repeated.update(repeated_keys(keys, math.ceil(need)))
        self._repeated_keys = frozenset(self.repeated)
        self.spin_groups = group_copies(self._spin)
        self._spin = SpinSignatures()
        self._spans = {}

    def _drop_duplicates(self) -> None:
        """Take the duplicates' line keys and spin signatures out of the statistics."""
        import numpy as np

        dups = self.duplicates
        for site, spans in self._spans.items():
            gone = [(a, b) for d, a, b in spans if d in dups]
            if not gone:
                continue
            keep = np.ones(len(self._keys[site]), dtype=bool)
            for a, b in gone:
                keep[a:b] = False
            self._keys[site] = array("q", np.frombuffer(self._keys[site], dtype=np.int64)[keep].tobytes())
            self.site_docs[site] -= sum(1 for d, _, _ in spans if d in dups)
        spin = self._spin
        n = len(spin)
        if n and any(d in dups for d in spin.doc_ids):
            k = len(spin.values) // n
            self._spin = SpinSignatures((d, spin.scores[i], tuple(spin.values[i * k:(i + 1) * k]))
                                        for i, d in enumerate(spin.doc_ids) if d not in dups)

    def template_lines(self, doc: Document, clean_settings, obs: Observation | None = None) -> tuple[int, ...]:
        """Indices of the sentences seen in at least ``repeat_min_docs`` documents and ``repeat_min_share``
        of the documents of this document's site: site template."""
        site = obs.site if obs is not None else site_of(doc)
        site_n = self.site_docs.get(site, 0)
        if site_n < clean_settings.repeat_min_docs:
            return ()
        need = max(clean_settings.repeat_min_docs, clean_settings.repeat_min_share * site_n)
        hashes = obs.line_hashes if obs is not None else line_hashes(doc, site)  # the signature is not needed here
        seen = self._repeated_keys.intersection(hashes)  # most documents: none, so no loop over their lines
        if not seen:
            return ()
        return tuple(i for i, h in enumerate(hashes) if h in seen and self.repeated[h] >= need)

    def decisions_for(self, obs: Observation, settings) -> tuple:
        """What these statistics decide for one document: its template lines and its spin copy group.

        Part of the pass-2 cache key: a document is recomputed only when these change."""
        return (self.template_lines(None, settings.clean, obs), self.spin_groups.get(obs.doc_id, ""),
                self.duplicates.get(obs.doc_id, ""))

    def merge(self, other: "CorpusStats") -> None:
        """Add the observations of another (partial) statistics object, before finalize."""
        self.n_docs += other.n_docs
        self.site_docs.update(other.site_docs)
        for site, keys in other._keys.items():
            mine = self._keys.get(site)
            offset = len(mine) if mine is not None else 0
            if mine is None:
                self._keys[site] = array("q", keys)
            else:
                mine.extend(keys)
            self._spans.setdefault(site, []).extend((d, a + offset, b + offset) for d, a, b in other._spans.get(site, ()))
        self._spin.extend(other._spin)
        self._text.extend(other._text)


def group_copies(sigs, jaccard: float = 0.7, first_listed: bool = False) -> dict[str, str]:
    """doc_id -> the doc_id of the copy it duplicates: the one with the lowest quick spin score, or with
    ``first_listed`` the one added first (the corpus's order: raw paths sorted).

    ``sigs``: a ``corpus.SpinSignatures`` or a list of ``signature`` tuples. Candidates share a band of
    three MinHash values; the share of equal values estimates Jaccard. Bands are bucketed with numpy
    (one row sort per band): a dict of every band of every document cost ~200 MB at 100k documents.
    The groups are connected components, so they do not depend on the order the pairs are joined in."""
    import numpy as np

    if not isinstance(sigs, SpinSignatures):
        sigs = SpinSignatures(sigs)
    n = len(sigs)
    if n == 0:
        return {}
    mins = np.frombuffer(sigs.values, dtype=np.uint64).reshape(n, -1)
    k = mins.shape[1]
    parent = list(range(n))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for b in range(0, k, 3):
        _, bucket, size = np.unique(mins[:, b:b + 3], axis=0, return_inverse=True, return_counts=True)
        bucket = bucket.reshape(-1)
        members = np.flatnonzero((size >= 2)[bucket] & (size <= 50)[bucket])  # ascending document order
        if not len(members):
            continue
        members = members[np.argsort(bucket[members], kind="stable")]
        groups = bucket[members]
        first_at = np.flatnonzero(np.r_[True, groups[1:] != groups[:-1]])
        first = np.repeat(members[first_at], np.diff(np.r_[first_at, len(members)]))
        other = members != first
        a, f = members[other], first[other]
        similar = (mins[a] == mins[f]).sum(axis=1) / k >= jaccard
        for x, y in zip(a[similar].tolist(), f[similar].tolist()):
            parent[find(x)] = find(y)
    components: dict[int, list[int]] = {}
    for i in range(n):
        components.setdefault(find(i), []).append(i)
    out = {}
    for group in components.values():
        if len(group) < 2:
            continue
        keep = min(group) if first_listed else min(group, key=lambda i: (sigs.scores[i], sigs.doc_ids[i]))
        for i in group:
            if i != keep:
                out[sigs.doc_ids[i]] = sigs.doc_ids[keep]
    return out
