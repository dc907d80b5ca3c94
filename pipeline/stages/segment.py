"""Segmentation: a document's text to sentences with offsets, headings and list items kept as units.

Scraped text glues sentences and headings together ("back pain.Wrong mattress",
"every hourReduce stress", "2025Health1106"); those joins become boundaries first.
"""
from __future__ import annotations

import re
from collections.abc import Iterator

from ..nlp import get_nlp
from ..records import Document, Kind, Sentence

# a boundary inside a line: after ".!?" glued to a capital, camel-case glue after a lower-case word,
# a year glued to a word, a word glued to a counter.
GLUE = re.compile(
    r"(?<=[a-z\)][.!?])(?=[A-Z][a-z])"
    r"|(?<=\b[a-z]{3})(?=[A-Z][a-z]{2,})(?<=[a-z])"
    r"|(?<=[a-z]{4})(?=[A-Z][a-z]{2,}\b)"
    r"|(?<=\b(?:19|20)\d\d)(?=[A-Z][a-z])"
    r"|(?<=[a-z]{3})(?=\d{3,}\b)"
)
_TERMINAL = ".!?:;…\"”'’)]"
_WORD = re.compile(r"[A-Za-z]+")


def glue_points(line: str) -> list[int]:
    """Offsets inside ``line`` where two units were glued together by a scraper."""
    points = []
    for m in GLUE.finditer(line):
        i = m.start()
        if 0 < i < len(line):
            # camel-case joins only when the left part is a whole lower-case word ("hourReduce", not "YouTube")
            j = i
            while j > 0 and line[j - 1].isalpha():
                j -= 1
            left = line[j:i]
            if left.isalpha() and not left.islower() and line[i - 1].isalpha():
                continue
            points.append(i)
    return points


def looks_like_heading(text: str) -> bool:
    """A short line without end punctuation that starts with a capital or a number: a heading in flat text."""
    words = _WORD.findall(text)
    if not words or len(text) > 90 or len(words) > 12:
        return False
    if text.rstrip()[-1] in _TERMINAL and not re.match(r"^\d+\.\s", text):
        return False
    return text[0].isupper() or text[0].isdigit()


def _lines(doc: Document) -> Iterator[tuple[int, int, str, int]]:
    """(start, end, kind, level) for each non-empty line of the text, kinds from the layout."""
    layout = {(s, e): (k, lvl) for s, e, k, lvl in doc.layout}
    pos = 0
    text = doc.text
    for raw in text.split("\n"):
        start, end = pos, pos + len(raw)
        pos = end + 1
        lead = len(raw) - len(raw.lstrip())
        s, e = start + lead, start + len(raw.rstrip())
        if s >= e:
            continue
        kind, level = layout.get((s, e), (Kind.TEXT.value, 0))
        yield s, e, kind, level


def _pieces(doc: Document) -> list[tuple[int, int, str, int]]:
    """Lines cut at glue points: (start, end, kind, level) units for the sentencizer."""
    pieces = []
    plain = not doc.layout
    for s, e, kind, level in _lines(doc):
        if kind == Kind.HEADING.value:
            pieces.append((s, e, kind, level))
            continue
        line = doc.text[s:e]
        cuts = [0, *glue_points(line), len(line)]
        for a, b in zip(cuts, cuts[1:]):
            seg = line[a:b]
            strip_a = a + len(seg) - len(seg.lstrip())
            strip_b = b - (len(seg) - len(seg.rstrip()))
            if strip_a >= strip_b:
                continue
            part_kind = kind
            if plain and kind == Kind.TEXT.value and looks_like_heading(line[strip_a:strip_b]) and (
                    a > 0 or b == len(line)):
                part_kind = Kind.HEADING.value
            pieces.append((s + strip_a, s + strip_b, part_kind, level))
    if plain:  # flat text has no heading levels: a heading with no body before the next heading is a parent
        for i, (a, b, kind, _) in enumerate(pieces):
            if kind == Kind.HEADING.value:
                parent = i + 1 < len(pieces) and pieces[i + 1][2] == Kind.HEADING.value
                pieces[i] = (a, b, kind, 2 if parent else 3)
    return pieces


def segment(docs: list[Document]) -> list[Document]:
    """Split the text of each kept document into Sentences with offsets, kinds and section paths."""
    nlp = get_nlp()
    jobs = [(doc, p) for doc in docs if doc.ok and not doc.sentences for p in _pieces(doc)]
    texts = (doc.text[s:e] for doc, (s, e, _, _) in jobs)
    stacks: dict[str, list[tuple[int, str]]] = {}
    for (doc, (s, e, kind, level)), sdoc in zip(jobs, nlp.pipe(texts, batch_size=256)):
        stack = stacks.setdefault(doc.doc_id, [])
        if kind == Kind.HEADING.value:
            lvl = level or 2
            while stack and stack[-1][0] >= lvl:
                stack.pop()
            section = " > ".join(t for _, t in stack)
            stack.append((lvl, doc.text[s:e]))
            doc.sentences.append(Sentence(len(doc.sentences), s, e, doc.text[s:e], kind, section=section))
            continue
        section = " > ".join(t for _, t in stack)
        spans = [(sent.start_char, sent.end_char) for sent in sdoc.sents]
        for a, b in spans:
            chunk = doc.text[s + a:s + b]
            if not chunk.strip():
                continue
            a2 = a + len(chunk) - len(chunk.lstrip())
            b2 = b - (len(chunk) - len(chunk.rstrip()))
            doc.sentences.append(Sentence(len(doc.sentences), s + a2, s + b2, doc.text[s + a2:s + b2], kind,
                                          section=section))
    for doc in docs:
        if doc.ok and not doc.sentences:
            doc.fail("no sentences found in the text")
        elif doc.ok and not doc.title:
            heads = [s.text for s in doc.sentences[:20] if s.kind == Kind.HEADING.value]
            doc.title = heads[0] if heads else ""
    return docs
