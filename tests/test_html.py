"""HTML pages keep their structure: headings become sections, list items stay items, as from Markdown."""
from __future__ import annotations

import gzip

import pytest

from pipeline.config import load_settings
from pipeline.records import Document
from pipeline.stages import html, segment
from tests.conftest import SHARED

PAGE = """<html><head><title>Gout relief</title></head><body><nav><a href="/">Home</a> <a href="/a">About</a></nav>
<article><h1>Gout relief</h1>
<p>Gout is a form of arthritis that causes sudden, severe pain in the big toe and other joints.<br>It comes in
attacks that last days.</p>
<h2>Causes of gout</h2><p>Uric acid builds up in the blood and forms sharp crystals in the joint.</p>
<ul><li>Red meat</li><li>Alcohol<ul><li>Beer</li></ul></li><li>Sugary <b>drinks</b></li></ul>
<p>These foods raise uric acid levels in most people who eat them often and in large amounts.</p>
<h2>Treatment</h2><h3>Medicines</h3><p>Doctors prescribe colchicine and NSAIDs for flares of gout pain.</p>
<table><tr><th>Drug</th><th>Use</th></tr><tr><td>Allopurinol</td><td>lowers uric acid</td></tr></table>
</article><footer>Copyright 2024 Example Health</footer></body></html>"""


def _segmented(page: str) -> Document:
    doc = Document("d", "page.html", "html", html=page)
    html.extract_main(doc, load_settings().clean)
    segment.segment([doc])
    return doc


def test_html_headings_become_sections_and_items_stay_items():
    doc = _segmented(PAGE)
    by_text = {s.text: s for s in doc.sentences}
    assert by_text["Causes of gout"].kind == "heading"
    assert by_text["Red meat"].kind == "item" and by_text["Beer"].kind == "item"
    assert by_text["Red meat"].section == "Gout relief > Causes of gout"
    after = by_text["These foods raise uric acid levels in most people who eat them often and in large amounts."]
    assert after.kind == "text"  # the paragraph after a list does not join its last item
    assert by_text["Doctors prescribe colchicine and NSAIDs for flares of gout pain."].section == \
        "Gout relief > Treatment > Medicines"
    assert by_text["Allopurinol | lowers uric acid"].kind == "text"
    # a paragraph's own line break (kept by trafilatura) ends a line, which segmentation joins as soft-wrapped
    assert "It comes in attacks that last days." in {" ".join(t.split()) for t in by_text}


def test_html_bold_label_paragraph_heads_the_list_under_it():
    """As from Markdown: a paragraph of one bold run ("<p><strong>Common Causes</strong>:</p>") is a heading
    for the list under it; bold words inside a sentence are not."""
    page = PAGE.replace("<ul><li>Red meat", "<p><strong>Foods &amp; drinks</strong>:</p><ul><li>Red meat").replace(
        "<h2>Treatment</h2>", "<p><b>Note:</b> crystals form first in the cooler joints of the feet at night.</p>"
                              "<h2>Treatment</h2>")
    doc = _segmented(page)
    heads = [s.text for s in doc.sentences if s.kind == "heading"]
    assert "Foods & drinks:" in heads
    meat = next(s for s in doc.sentences if s.text == "Red meat")
    assert meat.section.endswith("Causes of gout > Foods & drinks:")
    note = next(s for s in doc.sentences if s.text.startswith("Note:"))
    assert note.kind == "text" and not [h for h in heads if h.startswith("Note")]


def test_html_real_page_keeps_headings_and_list_items():
    page = SHARED / "data/wcxb-dev/html/0002.html.gz"
    if not page.exists():
        pytest.skip("../shared/data is not beside the project")
    doc = _segmented(gzip.open(page).read().decode("utf-8", "replace"))
    heads = [s for s in doc.sentences if s.kind == "heading"]
    items = [s for s in doc.sentences if s.kind == "item"]
    assert len(heads) >= 10 and len(items) >= 20
    takeaways = [s for s in items if s.section.endswith("Key takeaways")]
    assert len(takeaways) == 7
    assert any(s.section.count(" > ") >= 1 and s.kind == "text" for s in doc.sentences)


def test_html_trafilatura_returns_the_tree_we_render():
    """``trafilatura.bare_extraction`` (public) gives a document whose ``body`` is its main-content tree:
    fails loudly if an upgrade changes that."""
    import trafilatura

    result = trafilatura.bare_extraction(PAGE, include_tables=True, include_formatting=False, with_metadata=False)
    assert result.body is not None and result.body.tag == "body"
    assert {el.tag for el in result.body.iter()} >= {"head", "p", "list", "item", "table", "row", "cell"}
