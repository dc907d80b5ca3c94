"""Topic coherence: sentences about another subject that a scraper glued into a page.

Only in pages that look mashed up (flat text run together in a few long lines, with a large share
of junk already removed), a
content sentence is off topic when it names two or more causes or symptoms (from the lexicon)
that no other sentence of the page mentions, and no concept that the page shares. A sentence
that continues a list (after a line ending in ":") is never off topic.
"""
from __future__ import annotations

from collections import Counter

from ..config import CleanSettings
from ..records import TEXT, Document
from .extract import lexicon_concepts

FOREIGN_TYPES = ("cause", "symptom")


def is_mashup(doc: Document, labels: list[str], settings: CleanSettings) -> bool:
    """Flat text (no markup) where a large share of the lettered sentences were already junk."""
    if doc.layout or doc.extraction:
        return False
    real = [lab for lab, s in zip(labels, doc.sentences) if not lab.startswith("debris")]
    flagged = sum(1 for lab in real if lab)
    lines = sum(1 for line in doc.text.split("\n") if line.strip())
    glued = len(doc.sentences) / max(1, lines) >= 4  # sentences from many pages run together in few lines
    return glued and len(real) >= settings.topic_min_words and flagged / max(1, len(real)) >= 0.2


def off_topic_sentences(doc: Document, labels: list[str], settings: CleanSettings) -> dict[int, str]:
    """Index -> reason for the content sentences of a mashed-up page that belong to another topic."""
    if not is_mashup(doc, labels, settings):
        return {}
    keep = [i for i, lab in enumerate(labels) if not lab]
    per = {i: lexicon_concepts(doc.sentences[i].text) for i in keep}
    counts = Counter(c for i in keep for c in per[i])
    out = {}
    for pos, i in enumerate(keep):
        s = doc.sentences[i]
        if s.kind != TEXT or (pos > 0 and doc.sentences[keep[pos - 1]].text.rstrip().endswith(":")):
            continue
        mine = per[i]
        shared = [c for c in mine if counts[c] > 1]
        foreign = [c for c in mine if counts[c] == 1 and c[0] in FOREIGN_TYPES]
        if len(foreign) >= 2 and not shared:
            out[i] = "off_topic:foreign_concepts(" + ", ".join(sorted(c[1] for c in foreign)[:3]) + ")"
    return out
