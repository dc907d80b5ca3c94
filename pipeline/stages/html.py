"""Main-content extraction for HTML pages: trafilatura first, a beautifulsoup4 block scorer when it finds little.

Each page records which path it took in ``Document.extraction``.
"""
from __future__ import annotations

import re
from dataclasses import replace

from ..config import CleanSettings
from ..markup import Rendered, bold_labels, render_trafilatura
from ..records import Document

_BLOCKS = ["h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "td", "th", "pre", "blockquote", "dd", "dt", "figcaption"]
_NEGATIVE = re.compile(
    r"comment|related|promo|sidebar|newsletter|byline|footer|header|nav|menu|breadcrumb|share|social|"
    r"cookie|consent|banner|advert|sponsor|subscribe|signup|popup|modal|widget|author|bio|tags?\b|"
    r"recommend|read-?more|teaser|outbrain|taboola", re.I)
_POSITIVE = re.compile(r"article|content|entry|post|story|main|body|text", re.I)
_DROP = ["script", "style", "noscript", "template", "svg", "iframe"]
_NEGATIVE_TAGS = {"nav", "footer", "aside", "header", "form", "menu", "button", "select"}


def trafilatura_main(html: str, settings: CleanSettings) -> Rendered:
    """trafilatura's main content, with its headings (and levels), list items and table rows kept.

    trafilatura's text and Markdown outputs are made from the tree ``bare_extraction`` returns; without
    formatting they drop heading markers (and the text after a list joins its last item), and with
    formatting trafilatura keeps less of some pages. Its XML output keeps the structure but costs a
    serialization. So the tree itself is rendered (``markup.render_trafilatura``)."""
    import trafilatura

    try:
        result = trafilatura.bare_extraction(  # "txt": no text rendering of the tree, which is ours to render
            html, output_format="txt", include_tables=True, include_comments=False, include_images=False, include_links=False,
            include_formatting=False, favor_precision=settings.favor_precision, deduplicate=False,
            with_metadata=False, fast=settings.trafilatura_fast)
    except Exception:  # trafilatura fails on some malformed pages; the fallback takes them
        return Rendered()
    return render_trafilatura(getattr(result, "body", None)).with_labels(bold_labels(html))


def _hint(tag) -> str:
    parts = []
    node = tag
    for _ in range(6):
        if node is None or getattr(node, "attrs", None) is None:
            break
        parts.append(" ".join(node.get("class", []) or []))
        parts.append(str(node.get("id", "") or ""))
        parts.append(str(node.get("role", "") or ""))
        if node.name in _NEGATIVE_TAGS:
            parts.append(" nav ")
        node = node.parent
    return " ".join(parts)


def block_scorer(html: str) -> Rendered:
    """Fallback extractor: keep blocks with dense text, few links and no boilerplate class/id hints."""
    from bs4 import BeautifulSoup  # here: most pages never need it

    out = Rendered()
    try:
        soup = BeautifulSoup(html, "lxml")
    except Exception:  # nothing parseable: an empty rendering, and the page fails later with a reason
        return out
    for tag in soup(_DROP):
        tag.decompose()
    for block in soup.find_all(_BLOCKS):
        if block.find(_BLOCKS):  # an outer block: its inner blocks speak for it
            continue
        text = " ".join(block.get_text(" ", strip=True).split())
        if not text:
            continue
        link_chars = sum(len(a.get_text(" ", strip=True)) for a in block.find_all("a"))
        words = len(text.split())
        hint = _hint(block)
        score = 0.0
        score += min(words, 40) / 10
        score -= 4 * (link_chars / max(1, len(text)))
        if _NEGATIVE.search(hint):
            score -= 2.5
        if _POSITIVE.search(hint):
            score += 1
        is_heading = block.name[0] == "h" and block.name[1:].isdigit()
        if is_heading:
            if link_chars / max(1, len(text)) < 0.5 and not _NEGATIVE.search(hint):
                out.add(text, "heading", int(block.name[1]))
            continue
        if score >= 1.0:
            out.add(text, "item" if block.name == "li" else "text")
    return out


def extract_main(doc: Document, settings: CleanSettings) -> Document:
    """Fill ``doc.text`` from ``doc.html`` with trafilatura, or the block scorer when it returns too little."""
    if not doc.ok or not doc.html or doc.text or doc.extraction:
        return doc
    rendered = trafilatura_main(doc.html, settings)
    doc.extraction = "trafilatura"
    if len(rendered.text) < settings.min_extracted_chars and settings.favor_precision:
        # precision mode sometimes drops a whole page; trafilatura's default mode is the next best
        recall = trafilatura_main(doc.html, replace(settings, favor_precision=False))
        if len(recall.text) > len(rendered.text):
            rendered, doc.extraction = recall, "trafilatura-recall"
    if len(rendered.text) < settings.min_extracted_chars:
        fallback = block_scorer(doc.html)
        if len(fallback.text) > len(rendered.text):
            rendered, doc.extraction = fallback, "bs4-blocks"
    rendered = rendered.unglued()
    doc.text, doc.layout = rendered.text, rendered.layout
    doc.html = ""  # the page is done with; later stages read doc.extraction to know it was HTML
    if not doc.text.strip():
        doc.fail("no article text could be extracted from the HTML")
    return doc
