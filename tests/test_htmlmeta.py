"""Page metadata: the lxml reading of <head> gives what a beautifulsoup4 reading of the same head gives."""
from __future__ import annotations

import gzip
import warnings
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, XMLParsedAsHTMLWarning
from hypothesis import given, settings as hsettings, strategies as st

from pipeline.stages import htmlmeta
from pipeline.stages.htmlmeta import page_metadata

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"


def bs4_metadata(html: str) -> dict[str, str]:
    """The former beautifulsoup4 implementation, kept as the reference."""
    m = htmlmeta._HEAD_END.search(html)
    head = html[:m.start()] if m else html[:200_000]
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
            soup = BeautifulSoup(head, "lxml")
    except Exception:
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
    return htmlmeta._finish(meta, html)


EDGE = [
    "",
    "<html><head><title>  A   title </title></head><body>x</body></html>",
    '<?xml version="1.0" encoding="iso-8859-1"?><html lang="en"><head><title>Déjà vu</title>'
    '<link rel="Canonical stylesheet" href="https://e.x/a"></head>',
    '<html><head><meta charset="latin-1"><meta property="OG:Title" content=" Og  title ">'
    '<meta name="description" content="">',  # no end of head at all
    "<head><title>Pain <b>relief</b></title><meta name=author content=Ann>",
    "<html></html><title>after a stray end</title>",
    "<title>a </html> in a title</title><script>x = '</html>'</script><meta name=author content=B>",
    '<html lang="de"><head><!-- a comment --><title>T<!-- c --></title><meta property="og:url" content="u"></head>',
    '<html><head><script type="application/ld+json">{"@type": "MedicalWebPage", "headline": "H", "url": "v"}</script>'
    "</head><body><script type='application/ld+json'>[1, {\"@type\": [\"Article\"], \"name\": \"N\"}]</script>",
]


@pytest.mark.parametrize("html", EDGE)
def test_htmlmeta_edge_cases_match_bs4(html):
    assert page_metadata(html) == bs4_metadata(html)


def test_htmlmeta_reads_title_language_og_canonical():
    meta = page_metadata(EDGE[2])
    assert meta["title"] == "Déjà vu" and meta["language"] == "en" and meta["url"] == "https://e.x/a"
    assert page_metadata(EDGE[3])["title"] == "Og title"


_TAG = st.sampled_from(["title", "meta", "link", "b", "script", "head", "html", "body", "p"])
_ATTR = st.sampled_from(['name="description"', 'property="og:title"', 'content="a  b"', 'rel="canonical"',
                         'href="h"', 'lang="en"', "content", 'name="author"'])


@st.composite
def heads(draw):
    parts = []
    for _ in range(draw(st.integers(0, 12))):
        tag = draw(_TAG)
        attrs = " ".join(draw(st.lists(_ATTR, max_size=3)))
        text = draw(st.text(alphabet="ab >&;é\n", max_size=8))  # tags are generated, never broken ("<a</x>")
        parts.append(f"<{tag} {attrs}>{text}" + (f"</{tag}>" if draw(st.booleans()) else ""))
    return "".join(parts)


@hsettings(max_examples=300, deadline=None)
@given(heads())
def test_htmlmeta_matches_bs4_on_generated_heads(html):
    assert page_metadata(html) == bs4_metadata(html)


def test_htmlmeta_matches_bs4_on_real_pages():
    pages = sorted(SHARED.glob("*/html/*.html.gz"))[::12]
    if not pages:
        pytest.skip("../shared/data is not beside the project")
    for path in pages:
        html = gzip.open(path).read().decode("utf-8", "replace")
        assert page_metadata(html) == bs4_metadata(html), path.name
