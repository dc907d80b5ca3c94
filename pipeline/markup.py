"""Render markdown (a scraper's or trafilatura's) to plain text lines plus a layout of headings and items.

The text keeps one block per line; ``layout`` marks which character spans are
headings (with their level) or list items, so segmentation can keep them as units.
"""
from __future__ import annotations

import re
from functools import lru_cache


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
