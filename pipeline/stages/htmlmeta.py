"""Page metadata from HTML with beautifulsoup4: title, canonical URL, og: tags, JSON-LD article fields."""
from __future__ import annotations

import json
import re

from bs4 import BeautifulSoup

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
    try:
        soup = BeautifulSoup(head, "lxml")
    except Exception:  # a page bs4 cannot parse still gets processed, without metadata
        return {}
    meta: dict[str, str] = {}
    if soup.title and soup.title.string:
        meta["title"] = " ".join(soup.title.string.split())
    html_tag = soup.find("html")
    if html_tag is not None and html_tag.get("lang"):
        meta["language"] = str(html_tag.get("lang"))
    for tag in soup.find_all("meta"):
        key = tag.get("property") or tag.get("name")
        value = tag.get("content")
        if not key or not isinstance(value, str):
            continue
        key = str(key).lower()
        if key.startswith(("og:", "article:")) or key in ("description", "author", "keywords"):
            meta.setdefault(key, " ".join(value.split()))
    for tag in soup.find_all("link"):
        rel = tag.get("rel") or []
        if "canonical" in [str(r).lower() for r in rel] and tag.get("href"):
            meta["canonical"] = str(tag.get("href"))
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
