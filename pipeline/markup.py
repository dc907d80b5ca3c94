"""Render Markdown (a scraper's) or trafilatura's main-content tree to text lines plus a layout of headings and items.

The text keeps one block per line; ``layout`` marks which character spans are
headings (with their level) or list items, so segmentation can keep them as units.
"""
from __future__ import annotations

import html
import re
import unicodedata
from functools import lru_cache

from .words import unglue


_SPACES = re.compile(r"[ \t\u00a0\u2009\u200b]+")


class Rendered:
    """Lines of text plus the layout of their headings and items; ``text`` joins the lines with newlines."""

    __slots__ = ("_lines", "_size", "layout")

    def __init__(self) -> None:
        self._lines: list[str] = []
        self._size = 0
        # [start, end, kind, level]: kind "heading" or "item"
        self.layout: list[list] = []

    @property
    def text(self) -> str:
        return "\n".join(self._lines)

    def add(self, line: str, kind: str = "text", level: int = 0) -> None:
        line = _SPACES.sub(" ", line).strip()
        if not line:
            return
        start = self._size + (1 if self._lines else 0)
        self._lines.append(line)
        self._size = start + len(line)
        if kind != "text":
            self.layout.append([start, self._size, kind, level])

    def kinds(self) -> list[tuple[str, int]]:
        """Each line's kind ("text", "heading", "item") and level, in order."""
        by_start = {start: (kind, level) for start, _, kind, level in self.layout}
        out, start = [], 0
        for line in self._lines:
            out.append(by_start.get(start, ("text", 0)))
            start += len(line) + 1
        return out

    def relaid(self, lines: list[str], kinds: list[tuple[str, int]]) -> Rendered:
        """New lines (one for each of this rendering's) with the given kinds and levels."""
        out = Rendered()
        for line, (kind, level) in zip(lines, kinds):
            out.add(line, kind, level)
        return out

    def with_labels(self, labels: frozenset[str]) -> Rendered:
        """The same lines with each text line that is one of ``labels`` made a heading (``BOLD_LEVEL``)."""
        if not labels:
            return self
        kinds = [("heading", BOLD_LEVEL) if kind == "text" and line in labels else (kind, level)
                 for line, (kind, level) in zip(self._lines, self.kinds())]
        return self.relaid(self._lines, kinds)

    def unglued(self) -> Rendered:
        """The same lines with the words a scraper glued together spaced (``words.unglue``), when the page
        shows that pattern; else itself."""
        lines = unglue(self._lines)
        return self if lines is None else self.relaid(lines, self.kinds())


# CommonMark without raw HTML (scraped "<b>" stays text), plus GFM tables. markdown-it-pyrs is the
# Rust port of markdown-it: the same parser as markdown-it-py at about a tenth of its cost per page.
_RULES = ["blockquote", "code", "fence", "heading", "hr", "lheading", "list", "paragraph", "reference",
          "autolink", "backticks", "emphasis", "entity", "escape", "image", "link", "newline", "table"]
_INLINE = frozenset({"text", "text_special", "softbreak", "hardbreak", "code_inline", "em", "strong", "link",
                     "autolink", "image"})


@lru_cache(maxsize=1)
def _parser():
    from markdown_it_pyrs import MarkdownIt

    return MarkdownIt("zero").enable_many(_RULES)


def _inline_lines(nodes: list) -> list[str]:
    """The text of a run of inline nodes, split at its line breaks; images (and their alt text) are dropped."""
    lines: list[str] = []
    cur: list[str] = []

    def visit(node) -> None:
        name = node.name
        if name in ("text", "text_special"):
            cur.append(node.meta.get("content", ""))
        elif name in ("softbreak", "hardbreak"):
            lines.append("".join(cur))
            cur.clear()
        elif name != "image":
            for child in node.children:
                visit(child)

    for node in nodes:
        visit(node)
    lines.append("".join(cur))
    return lines


# A paragraph that is only a short bold phrase ("**Common Causes**:", "**Treatment Options:**") is how
# many scraped pages head the list under it. As a heading one level below any Markdown heading, it gives
# the lines after it their section ("Common Causes" types its items as causes) until the next heading.
BOLD_LEVEL = 7
_BOLD_WORDS = 12
_END = re.compile(r"[.!?]\W*$")


def _bold_label(nodes: list) -> str:
    """The text of a paragraph made of one bold or strong run, with at most a colon after it, that reads
    as a label (a few words, no sentence end); else ""."""
    parts = [n for n in nodes if not (n.name in ("text", "softbreak") and not n.meta.get("content", "").strip())]
    if not parts or parts[0].name != "strong" or len(parts) > 2:
        return ""
    if len(parts) == 2 and (parts[1].name != "text" or parts[1].meta.get("content", "").strip() != ":"):
        return ""
    lines = _inline_lines(parts[0].children)
    label = _SPACES.sub(" ", lines[0]).strip() if len(lines) == 1 else ""
    return label + (":" if len(parts) == 2 else "") if _label_like(label) else ""


def _label_like(label: str) -> bool:
    return bool(label) and len(label.split()) <= _BOLD_WORDS and not _END.search(label) \
        and any(c.isalpha() for c in label)


# the same in a page's HTML: a paragraph of one <b> or <strong> run, with at most a colon after it
_BOLD_P = re.compile(r"<p\b[^>]*>\s*<(b|strong)\b[^>]*>([^<]{1,200})</\1>\s*(:?)\s*</p>", re.IGNORECASE)


def bold_labels(page: str) -> frozenset[str]:
    """The labels of a page's bold paragraphs, as their lines read once rendered (see ``_bold_label``).
    trafilatura's tree can keep the bold runs, but asking for them changes which content it keeps on
    some pages; so they are found in the HTML and matched to the rendered lines."""
    out = set()
    for m in _BOLD_P.finditer(page):
        label = unicodedata.normalize("NFC", _SPACES.sub(" ", html.unescape(m.group(2))).strip())
        if _label_like(label):
            out.add(label + m.group(3))
    return frozenset(out)


def _walk(node, out: Rendered, in_item: bool) -> None:
    run: list = []

    def flush() -> None:
        if run:
            for part in _inline_lines(run):
                out.add(part, "item" if in_item else "text")
            run.clear()

    for child in node.children:
        name = child.name
        if name in _INLINE:
            run.append(child)
            continue
        flush()
        if name in ("heading", "lheading"):
            for part in _inline_lines(child.children):
                out.add(part, "heading", int(child.meta.get("level", 1)))
        elif name == "paragraph" and not in_item and (label := _bold_label(child.children)):
            out.add(label, "heading", BOLD_LEVEL)
        elif name == "table":
            for row in (r for part in child.children for r in part.children):
                cells = [" ".join(p.strip() for p in _inline_lines(cell.children)) for cell in row.children]
                out.add(" | ".join(c for c in cells if c), "text")
        elif name in ("fence", "code_block"):
            for line in child.meta.get("content", "").splitlines():
                out.add(line)
        else:  # paragraph, list, list item, blockquote: their inline runs are the lines
            _walk(child, out, in_item or name == "list_item")
    flush()


# Scraped link targets often carry unbalanced parentheses ("...#:~:text=20.5%20million%20(17.2,...)"),
# which CommonMark then refuses as a link; targets are dropped in rendering anyway, so blank them first.
_LINK_TARGET = re.compile(r"\]\((?:https?://|/|#|mailto:)[^\s]*?\)(?=[\s,.;:!?*_)\]]|$)")


def render_markdown(md: str) -> Rendered:
    """Markdown to text with headings, list items, table rows and paragraphs each on their own lines."""
    out = Rendered()
    _walk(_parser().tree(_LINK_TARGET.sub("](#)", md)), out, False)
    return out


def render_plain(text: str) -> Rendered:
    """Plain text: lines as they are (blank lines dropped, spaces folded), no layout."""
    out = Rendered()
    for line in text.splitlines():
        out.add(line)
    return out


def render_trafilatura(body) -> Rendered:
    """trafilatura's main-content tree (``bare_extraction(...).body``: ``<head rend="h2">``, ``<p>``,
    ``<list>``/``<item>``, ``<table>``/``<row>``/``<cell>``, ``<lb/>`` line breaks) to text lines with headings,
    their levels and list items in the layout. Lines are NFC-normalized, as trafilatura's own text output is."""
    out = Rendered()
    if body is not None:
        _xml_blocks(body, out, False)
    if not out.text.isascii():
        out = out.relaid([unicodedata.normalize("NFC", line) for line in out._lines], out.kinds())
    return out


def _xml_lines(el) -> list[str]:
    """An element's text, split at its ``<lb/>`` line breaks; nested lists and tables are left out, and a
    block inside it (a paragraph in a list item) is set apart by a space, as trafilatura's text output does."""
    lines, cur = [], [el.text or ""]
    for child in el:
        if child.tag == "lb":
            lines.append("".join(cur))
            cur = []
        elif child.tag not in ("list", "table"):
            if child.tag in ("p", "head", "quote", "code", "cell") and cur and cur[-1] and not cur[-1][-1].isspace():
                cur.append(" ")
            sub = _xml_lines(child)
            cur.append(sub[0])
            for more in sub[1:]:
                lines.append("".join(cur))
                cur = [more]
        cur.append(child.tail or "")
    lines.append("".join(cur))
    # a newline kept inside the text is a line of its own, as Markdown's soft break is
    return [piece for line in lines for piece in line.split("\n")]


_BLOCK_TAGS = frozenset({"table", "list", "p", "head", "div", "quote", "code"})


def _xml_blocks(el, out: Rendered, in_item: bool) -> None:
    """A container element's blocks, in order: its own text, then each child and the text after it."""
    kind = "item" if in_item else "text"
    for line in (el.text or "").split("\n"):
        out.add(line, kind)
    for child in el:
        if isinstance(child.tag, str):
            _xml_block(child, out, in_item)
            for line in (child.tail or "").split("\n"):
                out.add(line, kind)


def _xml_block(el, out: Rendered, in_item: bool) -> None:
    """One element (without the text after it)."""
    tag, kind = el.tag, "item" if in_item else "text"
    if tag == "head":
        rend = el.get("rend") or ""
        level = int(rend[1]) if len(rend) == 2 and rend[0] == "h" and rend[1].isdigit() else 2
        for line in _xml_lines(el):
            out.add(line, "heading", level)
    elif tag == "list":
        for item in el:
            if item.tag == "item":
                for line in _xml_lines(item):
                    out.add(line, "item")
                for sub in item:
                    if sub.tag in ("list", "table"):
                        _xml_block(sub, out, True)
    elif tag == "table" and not any(d.tag in _BLOCK_TAGS for d in el.iterdescendants()):
        for row in el.iter("row"):  # a table of data: a line per row
            cells = [" ".join(" ".join(_xml_lines(cell)).split()) for cell in row if cell.tag == "cell"]
            out.add(" | ".join(c for c in cells if c))
    elif tag in ("p", "code"):
        for line in _xml_lines(el):
            out.add(line, kind)
        for sub in el:
            if sub.tag in ("list", "table"):
                _xml_block(sub, out, in_item)
    elif tag not in ("lb", "graphic"):  # div, quote, a layout table, its rows and cells...: their blocks
        _xml_blocks(el, out, in_item)
