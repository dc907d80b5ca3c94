"""The HTML stage's lxml set-up: element classes looked up in C give the classes lxml.html gives."""
from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from hypothesis import given, settings as hsettings, strategies as st
from lxml import etree
from lxml import html as lxml_html

from pipeline.stages.html import c_class_lookup, load_trafilatura

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"


def _parsers():
    stock = lxml_html.HTMLParser(remove_comments=False, remove_pis=False)
    fast = lxml_html.HTMLParser(remove_comments=False, remove_pis=False)
    fast.set_element_class_lookup(c_class_lookup())
    return stock, fast


def _classes(markup: str, parser) -> list:
    try:
        tree = lxml_html.document_fromstring(markup, parser=parser)
    except (etree.ParserError, ValueError):
        return ["unparsed"]
    nodes = list(tree.iter())
    # elements made through the tree's API get their class from the same lookup
    extra = etree.SubElement(tree, "TextArea")
    return [(n.tag if isinstance(n.tag, str) else "special", type(n)) for n in [*nodes, extra]]


_TAGS = ["form", "FORM", "Input", "input", "textarea", "TEXTAREA", "label", "Label", "select", "sElEcT",
         "p", "div", "option", "fb:like", "svg", "a", "li"]
_PIECES = st.one_of(
    st.sampled_from(_TAGS).map(lambda t: f"<{t}>"),
    st.sampled_from(_TAGS).map(lambda t: f"</{t}>"),
    st.sampled_from(["<!-- note -->", "<?php echo 1 ?>", "&amp;", "&nbsp;", "&bogus;", "<![CDATA[x]]>", "<br/>"]),
    st.text(alphabet="ab <>&;", max_size=6),
)


@hsettings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=30).map("".join))
def test_c_class_lookup_gives_lxml_html_classes(markup):
    stock, fast = _parsers()
    assert _classes(f"<html><body>{markup}</body></html>", fast) == _classes(f"<html><body>{markup}</body></html>", stock)


def test_c_class_lookup_on_real_pages():
    pages = sorted(SHARED.glob("*/html/*.html.gz"))[::15]
    if not pages:
        pytest.skip("../shared/data is not beside the project")
    stock, fast = _parsers()
    seen = set()
    for page in pages:
        markup = gzip.open(page).read()
        classes = _classes(markup, fast)
        assert classes == _classes(markup, stock), page.name
        seen.update(cls for _, cls in classes)
    assert {lxml_html.HtmlComment, lxml_html.FormElement, lxml_html.InputElement} <= seen


def test_form_classes_under_every_spelling():
    _, fast = _parsers()
    tree = lxml_html.document_fromstring("<html><body><p>x</p><!-- c --></body></html>", parser=fast)
    body = tree.find("body")
    for name, cls in lxml_html.HtmlElementClassLookup()._element_classes.items():
        for spelling in (name, name.upper(), name.title()):
            assert type(etree.SubElement(body, spelling)) is cls
    assert type(etree.SubElement(body, "div")) is lxml_html.HtmlElement
    assert type(body[1]) is lxml_html.HtmlComment


def test_trafilatura_no_longer_calls_the_python_lookup(monkeypatch):
    trafilatura = load_trafilatura()
    calls = []
    original = lxml_html.HtmlElementClassLookup.lookup
    monkeypatch.setattr(lxml_html.HtmlElementClassLookup, "lookup",
                        lambda self, *args: calls.append(args) or original(self, *args))
    page = ("<html><body><nav><a href='/'>Home</a></nav><article><h1>Back pain</h1>"
            + "<p>Stiffness in the lower back often eases with gentle walking and stretching.</p>" * 8
            + "</article><form><input name=q></form></body></html>")
    assert "Stiffness" in trafilatura.extract(page)
    assert calls == []
