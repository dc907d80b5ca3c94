"""Segmentation: a document's text to sentences with offsets, headings and list items kept as units.

Scraped text glues sentences and headings together ("back pain.Wrong mattress",
"every hourReduce stress", "2025Health1106"); those joins become boundaries first.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from ..nlp import get_nlp
from ..records import HEADING, TEXT, Document, Sentence

# a boundary inside a line: after ".!?" glued to a capital, camel-case glue after a lower-case word,
# a year glued to a word, a word glued to a counter.
GLUE = re.compile(
    # every boundary below sits before a capital, a digit, an "h" (of http) or a space: testing that
    # first lets the other positions fail on one character instead of nine look-behinds
    r"(?=[A-Z0-9h ])(?:"
    r"(?<=[a-z\)][.!?])(?=[A-Z][a-z])"
    r"|(?<=\b[a-z]{3})(?=[A-Z][a-z]{2,})(?<=[a-z])"
    r"|(?<=[a-z]{4})(?=[A-Z][a-z]{2,}\b)"
    r"|(?<=\b(?:19|20)\d\d)(?=[A-Z][a-z])"
    r"|(?<=[a-z]{3})(?=\d{3,}\b)"
    r"|(?<=[a-z]\.\.) (?=[A-Z])"
    r"|(?<=[a-z]{3} )(?=(?:19|20)\d\d\s*[-–]\s*(?:19|20)\d\d\b)"
    r"|(?<=[A-Za-z] )(?=https?://\S+\.?(?:\s|$))"
    # a sentence glued on with no punctuation: "as protected health Use props like pillows"
    r"|(?<=[a-z]{3} )(?=(?:Use|The|This|These|Those|If|You|Your|Try|Start|Begin|Keep|Hold|Stand|Sit|Lie|Place|"
    r"Make|Take|Repeat|Avoid|When|Many|Most|Some|We|Our|There|Learn|Read|Click|Find|Always|Never|However) [a-z])"
    r")"
)
_TERMINAL = ".!?:;,…\"”'’)]"
_WORD = re.compile(r"[A-Za-z]+")


_TOKEN = re.compile(r"\S+")
_CAPITAL = re.compile(r"(?:^|\s)[A-Z0-9]")
_SMALL = frozenset("a an and as at but by for from in into is it its of on or the to vs via with your you".split())


def _big(tok: str) -> bool:
    return tok[:1].isupper() or tok[:1].isdigit()


def title_run_points(line: str) -> list[int]:
    """Where a Title-Case headline ends and a sentence starts with no punctuation between them.

    "8 Tips to Sleep With Upper Back Pain Comfortably Begin from a seated position": a run of
    capitalized words (small words allowed) with five or more of them, or three with a listicle
    number or a site separator (" - ", " | "), then a capitalized word whose continuation is
    lower case: that word starts a new sentence.
    """
    if len(_CAPITAL.findall(line)) < 5:
        return []  # too few capitalized words for a headline run
    toks = [(m.start(), m.group()) for m in _TOKEN.finditer(line)]
    points: list[int] = []
    run_big, marked = 0, False
    for k, (pos, tok) in enumerate(toks):
        bare = tok.strip("\"'“”‘’()[],:;")
        if tok in ("-", "|", "–"):
            marked = marked or run_big > 0
            continue
        if tok.endswith(":") and run_big:
            marked = True
        if not bare:
            continue
        if _big(bare) and (not tok.endswith((".", "!", "?")) or "." in tok[:-1]):
            if run_big == 0 and bare[0].isdigit():
                marked = True
            rest = [t for _, t in toks[k + 1:k + 4]]
            while rest and rest[0] in _SMALL:
                rest.pop(0)
            follows_lower = bool(rest) and rest[0][:1].islower()
            if (run_big >= 5 or (run_big >= 3 and marked)) and follows_lower and bare.replace("-", "").isalpha():
                points.append(pos)
                run_big, marked = 0, False
                continue
            run_big += 1
        elif bare in _SMALL:
            continue
        else:
            run_big, marked = 0, False
    return points


def glue_points(line: str, flat: bool = True) -> list[int]:
    """Offsets inside ``line`` where two units were glued together by a scraper. A headline run into the
    text after it is looked for in ``flat`` text only: where markup marks the headings, a run of
    capitalized words is a name ("National Survey on Drug Use and Health (NSDUH)")."""
    points = title_run_points(line) if flat else []
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
    return sorted(set(points))


def looks_like_heading(text: str) -> bool:
    """A short line without end punctuation that starts with a capital or a number: a heading in flat text."""
    words = _WORD.findall(text)
    if not words or len(text) > 90 or len(words) > 12:
        return False
    if text.rstrip()[-1] in _TERMINAL and not re.match(r"^\d+\.\s", text):
        return False
    return text[0].isupper() or text[0].isdigit()


_NUMBERED_HEAD = re.compile(r"^\s*\d+[.)]?\s")


def flat_level(text: str, next_is_heading: bool, next_text: str) -> int:
    """The level of a heading in flat text: a section heading ("Causes of...") or a heading that directly
    introduces another unclassified, unnumbered heading is a parent (2); numbered and other headings are 3."""
    from ..resources.loader import classify_heading

    if _NUMBERED_HEAD.match(text):
        return 3
    if classify_heading(text):
        return 2
    if next_is_heading and not classify_heading(next_text) and not _NUMBERED_HEAD.match(next_text):
        return 2
    return 3


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
        kind, level = layout.get((s, e), (TEXT, 0))
        yield s, e, kind, level


def _joined_lines(doc: Document) -> list[tuple[int, int, str, int]]:
    """Lines, with soft-wrapped text lines joined: a line without end punctuation followed by a
    lower-case line is one sentence broken by the page's layout ("with Autumn" / "Calabrese, you...")."""
    out: list[tuple[int, int, str, int]] = []
    for s, e, kind, level in _lines(doc):
        if (out and kind == TEXT and out[-1][2] == TEXT and doc.text[s:s + 1].islower()
                and doc.text[out[-1][1] - 1] not in ".!?:;"):
            out[-1] = (out[-1][0], e, TEXT, 0)
        else:
            out.append((s, e, kind, level))
    return out


def _pieces(doc: Document) -> list[tuple[int, int, str, int]]:
    """Lines cut at glue points: (start, end, kind, level) units for the sentencizer."""
    pieces = []
    plain = not doc.layout
    for s, e, kind, level in _joined_lines(doc):
        if kind == HEADING:
            pieces.append((s, e, kind, level))
            continue
        line = doc.text[s:e]
        cuts = [0, *glue_points(line, plain), len(line)]
        for a, b in zip(cuts, cuts[1:]):
            seg = line[a:b]
            strip_a = a + len(seg) - len(seg.lstrip())
            strip_b = b - (len(seg) - len(seg.rstrip()))
            if strip_a >= strip_b:
                continue
            part_kind = kind
            if plain and kind == TEXT and b == len(line) and looks_like_heading(line[strip_a:strip_b]):
                part_kind = HEADING
            pieces.append((s + strip_a, s + strip_b, part_kind, level))
    if plain:  # flat text has no heading levels: infer them (see flat_levels)
        heads = [(i, doc.text[a:b]) for i, (a, b, kind, _) in enumerate(pieces) if kind == HEADING]
        nxt = {i: (pieces[i + 1][2] == HEADING, doc.text[pieces[i + 1][0]:pieces[i + 1][1]])
               for i, _ in heads if i + 1 < len(pieces)}
        for i, text in heads:
            a, b, kind, _ = pieces[i]
            pieces[i] = (a, b, kind, flat_level(text, *nxt.get(i, (False, ""))))
    return pieces


# a possible sentence end inside a piece: only such pieces need the sentencizer's rule
_INNER_END = re.compile(r"[.!?…][\"”’)\]]*\s+\S|[.!?][A-Z]")


# a whole chunk with a character other than ASCII letters and digits (the look-behind keeps the scan linear)
_SPECIAL_CHUNK = re.compile(r"(?<!\S)[A-Za-z0-9]*[^\sA-Za-z0-9]\S*")
_NON_SPACE = re.compile(r"\S")
_OTHER, _PUNCT, _FINAL = 0, 1, 2  # a token's part in the sentencizer's rule
_chunk_memo: dict[str, tuple[tuple[int, int], ...]] = {}


def _chunk_tokens(chunk: str) -> tuple[tuple[int, int], ...]:
    """(offset, part) of the spaCy tokens of one whitespace-free chunk, memoized.

    spaCy's tokenizer splits text on whitespace first and tokenizes each chunk on its own (its own
    cache is keyed the same way), so a chunk's tokens do not depend on their neighbours. An
    alphanumeric chunk holds no punctuation: whatever its tokens, only its start can begin a sentence."""
    if chunk.isalnum():
        return ((0, _OTHER),)
    toks = _chunk_memo.get(chunk)
    if toks is None:
        tokenize_chunks((chunk,))
        toks = _chunk_memo[chunk]
    return toks


_JOIN = "   "  # between chunks tokenized together: a whitespace token, so no special case spans two chunks


def tokenize_chunks(chunks: Iterable[str]) -> None:
    """Fill ``_chunk_memo`` for the chunks it lacks with one tokenizer call (one Doc), not one each.

    Joined by ``_JOIN`` the chunks keep their own tokens: spaCy tokenizes each whitespace-separated
    chunk on its own, and the whitespace token between two chunks keeps the tokenizer's special-case
    matcher from joining tokens across them (tested against spaCy's tokens of each chunk alone)."""
    new = [c for c in dict.fromkeys(chunks) if c not in _chunk_memo and not c.isalnum()]
    if not new:
        return
    nlp = get_nlp()
    finals = nlp.get_pipe("sentencizer").punct_chars
    parts: list[list[tuple[int, int]]] = [[] for _ in new]
    k, base, bound = 0, 0, len(new[0])
    for t in nlp.tokenizer(_JOIN.join(new)):
        i = t.idx
        if i >= bound:  # past chunk k: the joining whitespace token, or the next chunk's first token
            if t.text.isspace():  # (not ``is_space``: the pipeline's lexemes do not compute it)
                continue
            k += 1
            base = bound + len(_JOIN)
            bound = base + len(new[k])
        parts[k].append((i - base, _FINAL if t.text in finals else _PUNCT if t.is_punct else _OTHER))
    if len(_chunk_memo) + len(new) > 200_000:
        _chunk_memo.clear()  # bounded memory; only speed depends on it
    _chunk_memo.update(zip(new, map(tuple, parts)))


def sentence_starts(text: str) -> list[int]:
    """Where spaCy's sentencizer (``spacy.blank("en")`` + ``sentencizer``) starts sentences in ``text``.

    Its rule: after a token that is a sentence-final character (".", "!", "?"...), the next token that
    is neither punctuation nor such a character starts a sentence ("end." + "\"" stay together, as do
    "e.g." and "Dr." which the tokenizer keeps whole). A run of whitespace other than one space is a
    token of its own, not punctuation. Only chunks with a character other than ASCII letters and
    digits need their tokens; the others are single non-punctuation words to this rule. The same
    starts as the pipeline's, without building a Doc (tested against it)."""
    starts = [0]
    seen = False
    prev_end = -1
    for m in _SPECIAL_CHUNK.finditer(text):
        a = m.start()
        if seen:
            starts.append(_after(text, prev_end, a))
            seen = starts[-1] == a  # the open mark carries into this chunk's tokens
            if seen:
                starts.pop()
        for off, part in _chunk_tokens(m.group()):
            if part == _FINAL:
                seen = True
            elif seen and part == _OTHER:
                starts.append(a + off)
                seen = False
        prev_end = m.end()
    if seen:
        starts.append(_after(text, prev_end, -1))
    return starts


def _after(text: str, end: int, special: int) -> int:
    """Where the sentence after a sentence-final token ending at ``end`` starts: a whitespace run other
    than one space is a token that starts it; else the next chunk does (``special`` when that chunk
    is the next special one, whose tokens decide)."""
    nxt = _NON_SPACE.search(text, end)
    b = nxt.start() if nxt else len(text)
    return end if text[end:b] != " " else b


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """The sentences of ``text`` as (start, end) offsets, each running to the next one's start."""
    if not _INNER_END.search(text):
        return [(0, len(text))]
    starts = sentence_starts(text)
    return list(zip(starts, starts[1:] + [len(text)]))


# a sentence has at most this many words: a longer run without a full stop is no sentence (a table or a
# list flattened into one line, a hostile input), and the steps that read a sentence's clauses look
# around each word, so their time grows with the square of its length. The longest sentences of the
# 849 real articles have about 110 words; 3 of the 892 HTML pages hold longer runs (a font's list of
# contributors, a product round-up, a comparison table in one line). The cleaner knows the pieces
# (``clean._piece``): one may end in a comma and the next start in lower case.
MAX_WORDS = 200
_CLAUSE_END = re.compile(r"[;,]\s")


def bounded(text: str, a: int, b: int) -> list[tuple[int, int]]:
    """The span ``text[a:b]`` cut into pieces of at most ``MAX_WORDS`` words, each piece after the last
    ";" or "," within its limit when one stands in its second half, else at the limit."""
    if b - a <= 2 * MAX_WORDS:
        return [(a, b)]  # too short to hold more words, each but the last followed by a space: nearly every span
    ends = [m.end() for m in _TOKEN.finditer(text, a, b)]
    if len(ends) <= MAX_WORDS:
        return [(a, b)]
    out = []
    first = 0  # index of the piece's first word
    while len(ends) - first > MAX_WORDS:
        start = a if not out else out[-1][1]
        limit = ends[first + MAX_WORDS - 1]
        half = ends[first + MAX_WORDS // 2]
        cut = max((m.end() for m in _CLAUSE_END.finditer(text, half, limit + 1)), default=limit)
        out.append((start, cut))
        first = next(k for k in range(first, len(ends)) if ends[k] > cut)
    out.append((out[-1][1], b))
    return out


def _stripped(text: str, a: int, b: int) -> tuple[int, int]:
    """The span ``text[a:b]`` without its leading and trailing whitespace."""
    chunk = text[a:b]
    return a + len(chunk) - len(chunk.lstrip()), b - (len(chunk) - len(chunk.rstrip()))


def segment(docs: list[Document]) -> list[Document]:
    """Split the text of each kept document into Sentences with offsets, kinds and section paths."""
    jobs = [(doc, p, doc.text[p[0]:p[1]]) for doc in docs if doc.ok and not doc.sentences for p in _pieces(doc)]
    # the tokens of every chunk the sentencizer's rule will ask for (sentence_spans), in one tokenizer call
    tokenize_chunks(m.group() for _, (_, _, kind, _), text in jobs if kind != HEADING
                    and _INNER_END.search(text) for m in _SPECIAL_CHUNK.finditer(text))
    stacks: dict[str, list[tuple[int, str]]] = {}
    for doc, (s, e, kind, level), text in jobs:
        stack = stacks.setdefault(doc.doc_id, [])
        if kind == HEADING:
            lvl = level or 2
            while stack and stack[-1][0] >= lvl:
                stack.pop()
            section = " > ".join(t for _, t in stack)
            pieces = bounded(text, 0, len(text))  # (one piece keeps the heading's span as the layout gave it)
            pieces = [_stripped(text, a, b) for a, b in pieces] if len(pieces) > 1 else [(0, len(text))]
            stack.append((lvl, text[slice(*pieces[0])]))
            for a, b in pieces:
                doc.sentences.append(Sentence(len(doc.sentences), s + a, s + b, text[a:b], kind, section=section))
            continue
        section = " > ".join(t for _, t in stack)
        for a, b in (piece for span in sentence_spans(text) for piece in bounded(text, *span)):
            if not text[a:b].strip():
                continue
            a2, b2 = _stripped(text, a, b)
            doc.sentences.append(Sentence(len(doc.sentences), s + a2, s + b2, doc.text[s + a2:s + b2], kind,
                                          section=section))
    for doc in docs:
        if doc.ok and not doc.sentences:
            doc.fail("no sentences found in the text")
        elif doc.ok and not doc.title:
            heads = [s.text for s in doc.sentences[:20] if s.kind == HEADING]
            doc.title = heads[0] if heads else ""
    return docs
