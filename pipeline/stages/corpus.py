"""Corpus statistics gathered between the two passes, kept compact (hashes, not text).

- repeated lines: a normalized sentence seen in many documents of one site is template text;
- spin signatures: rare-word fingerprints that find spun copies of one source.
"""
from __future__ import annotations

import hashlib
import re
from array import array
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from ..records import Document

_NON_WORD = re.compile(r"[^0-9a-z]+")


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


@dataclass
class CorpusStats:
    n_docs: int = 0
    site_docs: Counter = field(default_factory=Counter)
    _keys: array = field(default_factory=lambda: array("q"))
    repeated: dict[int, int] = field(default_factory=dict)
    spin_groups: dict[str, str] = field(default_factory=dict)
    _spin: list[tuple[str, float, tuple[int, ...]]] = field(default_factory=list)

    def observe(self, doc: Document) -> None:
        """Count one document (after segmentation); failed ones only count as seen."""
        self.n_docs += 1
        if not doc.ok:
            return
        site = site_of(doc)
        self.site_docs[site] += 1
        keys = {h64(site + "\x00" + k) for s in doc.sentences if len(k := line_key(s.text)) >= 3}
        self._keys.extend(keys)
        from .despin import signature  # despin owns the signature; imported late to keep the graph simple

        sig = signature(doc)
        if sig is not None:
            self._spin.append(sig)

    def finalize(self, settings) -> None:
        """Keep only the line keys that recur often enough to be template text, and group spun copies.

        Keys are counted with numpy over one int64 array (8 bytes a line), not a dict of every line."""
        import numpy as np

        keys, counts = np.unique(np.frombuffer(self._keys, dtype=np.int64), return_counts=True)
        self._keys = array("q")
        floor = settings.clean.repeat_min_docs
        keep = counts >= floor
        self.repeated = dict(zip(keys[keep].tolist(), counts[keep].tolist()))
        from .despin import group_copies

        self.spin_groups = group_copies(self._spin)
        self._spin = []

    def repeat_count(self, doc: Document, text: str) -> int:
        return self.repeated.get(h64(site_of(doc) + "\x00" + line_key(text)), 0)

    def template_lines(self, doc: Document, clean_settings) -> tuple[int, ...]:
        """Indices of the sentences seen in at least ``repeat_min_docs`` documents and ``repeat_min_share``
        of the documents of this document's site: site template."""
        site_n = self.site_docs.get(site_of(doc), 0)
        if site_n < clean_settings.repeat_min_docs:
            return ()
        need = max(clean_settings.repeat_min_docs, clean_settings.repeat_min_share * site_n)
        return tuple(i for i, s in enumerate(doc.sentences) if self.repeat_count(doc, s.text) >= need)

    def decisions_for(self, doc: Document, settings) -> tuple:
        """What these statistics decide for one document: its template lines and its spin copy group.

        Part of the pass-2 cache key: a document is recomputed only when these change."""
        return self.template_lines(doc, settings.clean), self.spin_groups.get(doc.doc_id, "")

    def merge(self, other: "CorpusStats") -> None:
        """Add the observations of another (partial) statistics object, before finalize."""
        self.n_docs += other.n_docs
        self.site_docs.update(other.site_docs)
        self._keys.extend(other._keys)
        self._spin.extend(other._spin)
