"""Clean: label every sentence ``content`` or ``boilerplate``, each removal with a reason.

Signals, first one that fires wins, each named in the ``reason`` column as ``group:signal``:

1. a boilerplate section (its heading matched a section rule: "Read this next", "References"...);
2. rules kept as data (``resources/boilerplate_rules.toml``);
3. structure: debris without letters, glued names, truncated fragments, title-case teasers
   inside paragraphs, headings with nothing under them at the end of a page, a site header run, a
   list of short links between boilerplate lines (a menu);
4. repetition inside the document (a table of contents, a repeated title) and across the
   corpus (a line in many documents of one site is template);
5. topic coherence (``stages/topic.py``): a sentence about another condition, glued into a page.
"""
from __future__ import annotations

import re
from functools import lru_cache

from ..config import CleanSettings
from ..records import BOILERPLATE, CONTENT, HEADING, ITEM, TEXT, Document
from ..resources.loader import boilerplate_rules, classify_heading, rule_index
from .segment import MAX_WORDS
from .topic import off_topic_sentences

_LETTER = re.compile(r"[^\W\d_]")
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_GLUED_NAME = re.compile(r"^(?:Dr)?[A-Z][a-z]+(?:[A-Z][a-z]+)+\\?$")
_SITE_SUFFIX = re.compile(r"^(.+?)\s[-|–]\s\S+(?: \S+){0,2}\W*$")
_LISTICLE = re.compile(r"^(the )?\d+ [A-Z]", re.I)
_NUMBERED = re.compile(r"^\s*\d+[.)]?\s+")
SMALL_WORDS = frozenset("a an and as at but by for from in into is it its of on or the to vs via with your you "
                        "when how what why can do are".split())
STOP = frozenset("a an and are as at be but by can do does for from has have how i if in into is it its my "
                 "of on or our so than that the their them then there these they this to was we what when "
                 "which while who why will with you your".split())


@lru_cache(maxsize=4096)
def words(text: str) -> tuple[str, ...]:
    """The words of a text (memoized: each of a document's sentences is asked for them several times)."""
    return tuple(_WORD.findall(text))


def _depth(section: str) -> int:
    return len(section.split(" > ")) if section else 0


def _alone_on_line(doc: Document, start: int, end: int) -> bool:
    text = doc.text
    a = text.rfind("\n", 0, start) + 1
    b = text.find("\n", end)
    b = len(text) if b < 0 else b
    return not text[a:start].strip() and not text[end:b].strip()


def is_title_case(text: str, min_words: int = 4) -> bool:
    """Most words capitalized, as in a headline ("Back Pain After Running: Causes and Treatments")."""
    ws = [w for w in words(text) if not w.isdigit()]
    if len(ws) < min_words:
        return False
    big = [w for w in ws if w.lower() not in SMALL_WORDS]
    return len(big) >= 3 and all(w[0].isupper() for w in big)


def norm_key(text: str, lemma=None) -> str:
    """A repeat-comparison key: numbering dropped, lower case, content words (lemmatized when a table is given)."""
    text = _NUMBERED.sub("", text)
    ws = [w.lower() for w in words(text)]
    if lemma is not None:
        ws = [lemma.get(w, w) for w in ws]
    return " ".join(sorted({w for w in ws if w not in STOP}))


def _piece(text: str) -> bool:
    """Whether a sentence is a piece of a run the segmenter cut at its word limit (at least half of it): a
    piece may end in a comma and the next start in lower case without either being a stray fragment."""
    return len(text.split()) >= MAX_WORDS // 2


def _structure(doc: Document, i: int) -> str:
    """Structural boilerplate signals for sentence ``i``: a reason, or ""."""
    s = doc.sentences[i]
    text = s.text.strip()
    if not _LETTER.search(text):
        return "debris:no_letters"
    if len(text) <= 120:  # symbol debris is short; long lines are never mostly symbols in practice
        visible = len(text) - sum(map(str.isspace, text))
        if visible >= 4 and sum(map(str.isalnum, text)) / visible < 0.5:
            return "debris:symbols"
    if _GLUED_NAME.match(text) and i > 0:
        return "byline:glued_name"
    if s.kind == TEXT and text.endswith(",") and not _piece(text):
        return "fragment:trailing_comma"
    if s.kind == TEXT and text[0].islower() and i > 0 and not doc.layout and not doc.extraction:
        prev = doc.sentences[i - 1].text.rstrip()
        if (prev.endswith((".", "!", "?")) or not _alone_on_line(doc, s.start, s.end)) and not _piece(prev):
            return "fragment:lowercase_start"
    if s.kind == TEXT and i > 0 and not text.endswith(":") and " | " not in text:
        inline = not _alone_on_line(doc, s.start, s.end)
        titled = is_title_case(text)
        if titled and inline:
            return "teaser:title_case_inline"
        site = _SITE_SUFFIX.match(text)
        if site and is_title_case(site.group(1), 3):
            return "teaser:title_with_site"
        if inline and _LISTICLE.match(text) and is_title_case(text, 3):
            return "teaser:listicle_title"
    return ""


def _header_run(doc: Document, labels: list[str]) -> None:
    """Short lines before the article's first substantial line (site name, section, breadcrumb)."""
    run = []
    for i, s in enumerate(doc.sentences):
        n = len(words(s.text))
        if labels[i] or (n <= 2 and not s.text.rstrip().endswith((".", "?", "!")) and not classify_heading(s.text)
                         and s.kind != ITEM and not (doc.layout and s.kind == HEADING)):
            run.append(i)
            continue
        break
    short = [i for i in run if not labels[i]]
    if len(run) >= 2 and short and len(doc.sentences) > len(run):
        for i in short:
            labels[i] = "header:site_header"


_MENU_MIN_ITEMS = 3
_MENU_MAX_WORDS = 4


def _menu_lists(doc: Document, labels: list[str]) -> None:
    """A list of short capitalized links between two boilerplate lines (or the page's edge) is a menu ("Join our
    community." / Breast Cancer / COPD / Migraine / "Connect with us.")."""
    sents, i = doc.sentences, 0
    while i < len(sents):
        j = i
        while j < len(sents) and sents[j].kind == ITEM and not labels[j]:
            j += 1
        if j - i >= _MENU_MIN_ITEMS and (i == 0 or labels[i - 1]) and (j == len(sents) or labels[j]) \
                and (i > 0 or j < len(sents)) \
                and all(len(words(s.text)) <= _MENU_MAX_WORDS and not s.text.rstrip().endswith((".", "!", "?", ":"))
                        and _capitalized(s.text) for s in sents[i:j]):
            for k in range(i, j):
                labels[k] = "nav:menu_list"
        i = max(j, i + 1)


def _capitalized(text: str) -> bool:
    """Every word but the small ones starts with a capital, as link texts do ("Inflammatory Bowel Disease")."""
    return all(w[0].isupper() for w in words(text) if w.lower() not in SMALL_WORDS)


def _trailing_headings(doc: Document, labels: list[str]) -> None:
    """Headings at the very end of a flat page with no text under them: teasers and plugs."""
    if doc.extraction or doc.layout:
        return  # main-content extraction and markup already give pages their structure
    for i in range(len(doc.sentences) - 1, 0, -1):
        s = doc.sentences[i]
        if labels[i]:
            continue
        if s.kind == HEADING and not classify_heading(s.text) and not _NUMBERED.match(s.text):
            labels[i] = "teaser:trailing_heading"
            continue
        break


def _repeats(doc: Document, labels: list[str], lemma: dict) -> None:
    """A sentence that repeats an earlier one (or a heading) of the same document: keep one, the heading if any."""
    keys: dict[str, int] = {}
    title = doc.title
    if not doc.meta.get("title") and not doc.extraction:
        title = next((s.text for i, s in enumerate(doc.sentences) if s.kind == HEADING and not labels[i]), title)
    title_key = norm_key(title, lemma) if title else ""
    title_seen = False
    heading_texts = {s.text.strip().lower(): i for i, s in enumerate(doc.sentences) if s.kind == HEADING}
    for i, s in enumerate(doc.sentences):
        if labels[i]:
            continue
        same = heading_texts.get(s.text.strip().lower())
        if s.kind != HEADING and same is not None and same != i:
            labels[i] = "toc:repeats_heading"  # a table-of-contents line, however short
            continue
        n = len(words(s.text))
        key = norm_key(s.text, lemma)
        if len(key.split()) < 2 or (s.kind == TEXT and n < 6 and _alone_on_line(doc, s.start, s.end) is False):
            continue
        if s.kind == TEXT and (doc.layout or doc.extraction) and key != title_key:
            continue  # structured pages repeat sentences on purpose (parallel sections); flat scrapes glue copies
        if title_key and key == title_key and s.kind != ITEM:
            if title_seen:
                labels[i] = "repeated:title"
                continue
            title_seen = True
        if key not in keys:
            keys[key] = i
            continue
        first = keys[key]
        head_now, head_first = s.kind == HEADING, doc.sentences[first].kind == HEADING
        if head_now and not head_first:
            labels[first] = "toc:repeats_heading"
            keys[key] = i
        elif head_now and head_first and i - first > 3:
            keys[key] = i  # the same heading in another section ("Usage Tips:" under each remedy) is content
        else:
            labels[i] = "repeated:in_document"
    # a truncated copy of an earlier heading ("Understanding ... in Div")
    import bisect

    heads = sorted({s.text for s in doc.sentences if s.kind == HEADING})
    for i, s in enumerate(doc.sentences):
        if labels[i] or len(s.text) < 20:
            continue
        j = bisect.bisect_right(heads, s.text)  # headings that start with this text sort right after it
        if j < len(heads) and heads[j].startswith(s.text):
            labels[i] = "repeated:truncated_heading"


def clean(doc: Document, stats, settings: CleanSettings, obs=None) -> Document:
    """Label each sentence of a kept document content or boilerplate with a reason."""
    if not doc.ok or not doc.sentences:
        return doc
    from ..nlp import lemma_table

    rules = boilerplate_rules()
    sentence_rules = [r for r in rules if r.scope == "sentence"]
    section_rules = [r for r in rules if r.scope == "section"]
    index = rule_index()
    labels = [""] * len(doc.sentences)
    open_section: tuple[int, str] | None = None
    for i, s in enumerate(doc.sentences):
        text = s.text.strip()
        n = len(words(text))
        heading_like = s.kind == HEADING or (n <= 6 and _alone_on_line(doc, s.start, s.end))
        if open_section is not None:
            if s.kind == HEADING and _depth(s.section) <= open_section[0]:
                open_section = None
            else:
                labels[i] = open_section[1]
                continue
        cand = index.candidates(text)
        if heading_like:
            hit = next((r for r in section_rules if r.id in cand and index.hit(r.id, text, cand)), None)
            if hit is not None:
                labels[i] = hit.reason
                # related/reference/comment sections close a page; near the top such a heading is navigation
                if i >= len(doc.sentences) // 2:
                    open_section = (_depth(s.section), hit.reason)
                continue
        hit = next((r for r in sentence_rules if r.id in cand and (not r.max_words or n <= r.max_words)
                    and index.hit(r.id, text, cand)), None) if cand else None
        if hit is not None:
            labels[i] = hit.reason
            continue
        labels[i] = _structure(doc, i)
    _header_run(doc, labels)
    _trailing_headings(doc, labels)
    _repeats(doc, labels, lemma_table())
    if stats is not None:
        for i in stats.template_lines(doc, settings, obs):
            s = doc.sentences[i]
            if not labels[i] and not (s.kind == HEADING and classify_heading(s.text)):
                labels[i] = "template:repeated_across_documents"
    _menu_lists(doc, labels)
    if settings.topic_enabled:
        for i, reason in off_topic_sentences(doc, labels, settings).items():
            labels[i] = reason
    for s, reason in zip(doc.sentences, labels):
        if reason:
            s.label, s.reason = BOILERPLATE, reason
    _fix_title(doc)
    if not any(s.label == CONTENT for s in doc.sentences):
        doc.quarantine("no content left after cleaning")
    return doc


def _fix_title(doc: Document) -> None:
    """A title taken from a heading that turned out to be boilerplate moves to the first content heading."""
    if doc.extraction or doc.meta.get("title"):
        return
    for s in doc.sentences:
        if s.text == doc.title and s.label == CONTENT:
            return
    heads = [s.text for s in doc.sentences if s.kind == HEADING and s.label == CONTENT]
    if heads:
        doc.title = heads[0]
