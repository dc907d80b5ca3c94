"""Render markdown (a scraper's or trafilatura's) to plain text lines plus a layout of headings and items.

The text keeps one block per line; ``layout`` marks which character spans are
headings (with their level) or list items, so segmentation can keep them as units.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from markdown_it import MarkdownIt

_SPACES = re.compile(r"[ \t\u00a0\u2009\u200b]+")


@dataclass(slots=True)
class Rendered:
    text: str = ""
    # [start, end, kind, level]: kind "heading" or "item"
    layout: list[list] = field(default_factory=list)

    def add(self, line: str, kind: str = "text", level: int = 0) -> None:
        line = _SPACES.sub(" ", line).strip()
        if not line:
            return
        if self.text:
            self.text += "\n"
        start = len(self.text)
        self.text += line
        if kind != "text":
            self.layout.append([start, len(self.text), kind, level])


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False}).enable("table")


def _inline_text(token) -> list[str]:
    """The text of an inline token, split at its line breaks; images are dropped."""
    lines, cur = [], []
    for child in token.children or []:
        if child.type in ("text", "code_inline"):
            cur.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            lines.append("".join(cur))
            cur = []
        elif child.type == "image":
            continue
    lines.append("".join(cur))
    return lines


# Scraped link targets often carry unbalanced parentheses ("...#:~:text=20.5%20million%20(17.2,...)"),
# which CommonMark then refuses as a link; targets are dropped in rendering anyway, so blank them first.
_LINK_TARGET = re.compile(r"\]\((?:https?://|/|#|mailto:)[^\s]*?\)(?=[\s,.;:!?*_)\]]|$)")


def render_markdown(md: str) -> Rendered:
    """Markdown to text with headings, list items, table rows and paragraphs each on their own lines."""
    out = Rendered()
    tokens = _parser().parse(_LINK_TARGET.sub("](#)", md))
    heading_level, in_item, row = 0, 0, None
    for tok in tokens:
        if tok.type == "heading_open":
            heading_level = int(tok.tag[1])
        elif tok.type == "heading_close":
            heading_level = 0
        elif tok.type == "list_item_open":
            in_item += 1
        elif tok.type == "list_item_close":
            in_item -= 1
        elif tok.type == "tr_open":
            row = []
        elif tok.type == "tr_close":
            out.add(" | ".join(c for c in row if c), "text")
            row = None
        elif tok.type == "inline":
            parts = _inline_text(tok)
            if row is not None:
                row.append(" ".join(p.strip() for p in parts))
                continue
            for i, part in enumerate(parts):
                if heading_level:
                    out.add(part, "heading", heading_level)
                elif in_item and i == 0:
                    out.add(part, "item")
                else:
                    out.add(part, "item" if in_item else "text")
        elif tok.type in ("fence", "code_block"):
            for line in tok.content.splitlines():
                out.add(line)
    return out


def render_plain(text: str) -> Rendered:
    """Plain text: lines as they are (blank lines dropped, spaces folded), no layout."""
    out = Rendered()
    for line in text.splitlines():
        out.add(line)
    return out
