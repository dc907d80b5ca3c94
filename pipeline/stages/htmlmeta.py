"""Page metadata from HTML: title, canonical URL, og: tags, JSON-LD article fields.

The <head> is parsed with lxml directly (the parser beautifulsoup4 would drive, without building bs4's
tree: a fifth of the cost); ``tests/test_htmlmeta.py`` checks it against a bs4 reading of the same heads.
"""
from __future__ import annotations

import json
import re

from lxml import etree

_HEAD_END = re.compile(r"</head\s*>|<body[\s>]", re.I)
_LD_JSON = re.compile(r"<script[^>]*application/ld\+json[^>]*>(.*?)</script>", re.I | re.S)
_LD_TYPES = {"article", "newsarticle", "blogposting", "medicalwebpage", "webpage", "medicalscholarlyarticle"}
_LD_FIELDS = ("headline", "name", "url", "datePublished", "dateModified", "description", "inLanguage")


def _ld_items(data: object):
    if isinstance(data, list):
        for item in data:
            yield from _ld_items(item)
    elif isinstance(data, dict):
        if "@graph" in data:
            yield from _ld_items(data["@graph"])
        yield data


def _ld_type(item: dict) -> set[str]:
    kind = item.get("@type", "")
    kinds = kind if isinstance(kind, list) else [kind]
    return {str(k).lower() for k in kinds}


def page_metadata(html: str) -> dict[str, str]:
    """Title, url, language, og:* and JSON-LD Article/MedicalWebPage fields of a page, as strings."""
    # metadata lives in <head>: parse only that (bs4 over a whole page costs as much as extracting it)
    m = _HEAD_END.search(html)
    head = html[:m.start()] if m else html[:200_000]
    meta: dict[str, str] = {}
    root = _parse_head(head)
    if root is None:  # nothing parseable: the page is still processed, without metadata
        return _finish(meta, html)
    title = next(root.iter("title"), None)
    if title is not None and len(title) == 0 and title.text:
        meta["title"] = " ".join(title.text.split())
    if root.tag == "html" and root.get("lang"):
        meta["language"] = root.get("lang")
    for tag in root.iter("meta"):
        key = tag.get("property") or tag.get("name")
        value = tag.get("content")
        if not key or value is None:
            continue
        key = key.lower()
        if key.startswith(("og:", "article:")) or key in ("description", "author", "keywords"):
            meta.setdefault(key, " ".join(value.split()))
    for tag in root.iter("link"):
        rel = (tag.get("rel") or "").split()
        if "canonical" in [r.lower() for r in rel] and tag.get("href"):
            meta["canonical"] = tag.get("href")
    return _finish(meta, html)


# bytes in a fixed encoding: a str with an XML encoding declaration is refused by lxml, and the text is
# already decoded (a <meta charset> must not re-decode it)
_PARSER = etree.HTMLParser(encoding="utf-8", recover=True, no_network=True, remove_comments=True, remove_pis=True)


# a stray </html>, outside the elements whose content is raw text
_HTML_END_TAG = re.compile(r"</html", re.I)
_HTML_END = re.compile(r"(<(title|script|style|textarea|xmp)\b[^>]*>.*?(?:</\2\s*>|\Z))|</html\s*>", re.I | re.S)


def _parse_head(head: str):
    if not head.strip():
        return None
    # libxml2 stops at a stray </html>, where bs4 reads on: drop it so both see the same tags
    if _HTML_END_TAG.search(head):
        head = _HTML_END.sub(lambda m: m.group(1) or "", head)
    try:
        return etree.fromstring(head.encode("utf-8", "surrogatepass"), _PARSER)
    except (etree.LxmlError, ValueError):
        return None


def _finish(meta: dict[str, str], html: str) -> dict[str, str]:
    for block in _LD_JSON.findall(html):  # JSON-LD may sit in the body too
        try:
            data = json.loads(block)
        except (json.JSONDecodeError, TypeError, RecursionError):
            continue
        for item in _ld_items(data):
            if _ld_type(item) & _LD_TYPES:
                for field in _LD_FIELDS:
                    value = item.get(field)
                    if isinstance(value, str) and value:
                        meta.setdefault(f"ld:{field}", " ".join(value.split()))
    meta["url"] = meta.get("canonical") or meta.get("og:url") or meta.get("ld:url", "")
    title = meta.get("og:title") or meta.get("ld:headline") or meta.get("title", "")
    if title:
        meta["title"] = title
    return {k: v for k, v in meta.items() if v}
