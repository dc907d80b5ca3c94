"""Cleaning: every rule fires on its example and not on its near miss; structure, repetition, topic; idempotence."""
from __future__ import annotations

import json

import pytest
from hypothesis import given, settings as hsettings, strategies as st

from pipeline.config import load_settings
from pipeline.markup import render_markdown, render_plain
from pipeline.records import Document
from pipeline.resources.loader import ResourceError, boilerplate_rules, parse_rules
from pipeline.stages import clean, segment
from pipeline.corpus import CorpusStats
from tests.conftest import ROOT, SHARED

SETTINGS = load_settings().clean
RULES = boilerplate_rules()


def _clean_text(text: str, md: bool = False, stats=None) -> Document:
    r = render_markdown(text) if md else render_plain(text)
    doc = Document(doc_id="d", source="d.txt", fmt="txt", text=r.text, layout=r.layout)
    doc = segment.segment([doc])[0]
    return clean.clean(doc, stats, SETTINGS)


def _labels(doc: Document) -> dict[str, str]:
    return {s.text: s.reason for s in doc.sentences}


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_clean_rule_matches_its_example(rule):
    assert rule.pattern.search(rule.example), f"{rule.id} does not match its example {rule.example!r}"


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_clean_rule_spares_its_near_miss(rule):
    assert not rule.pattern.search(rule.near_miss), f"{rule.id} matches its near miss {rule.near_miss!r}"


def test_clean_rules_file_validation_names_the_bad_rule():
    bad = {"rule": [{"id": "x", "group": "nonsense", "pattern": "(", "example": "a", "near_miss": "b"},
                    {"id": "y", "group": "cta", "pattern": "ok"}]}
    with pytest.raises(ResourceError) as err:
        parse_rules(bad, "t.toml")
    msg = str(err.value)
    assert "rule 'x': unknown group 'nonsense'; allowed:" in msg
    assert "rule 'x': bad pattern" in msg
    assert "rule 'y': missing example" in msg


@pytest.mark.parametrize("text", [
    "2. Sit and Arch",            # a numbered exercise heading
    "Hold for 2 breaths.",        # a one-line tip
    "Cobra Pose.",                # a short exercise name
    "What are the most likely causes of upper back pain?",  # an FAQ question
    "Repeat on the opposite side.",
    "Yoga can help.",
])
def test_clean_keeps_short_content_near_misses(text):
    doc = _clean_text("Upper back pain stretches\nStretching helps the upper back.\n" + text + "\nPoor posture strains the back.\n")
    assert _labels(doc)[text] == "", _labels(doc)


def test_clean_section_rule_labels_the_whole_section():
    md = ("# Acne\n\nAcne is common.\n\nIt starts in the teens.\n\nPores clog with oil.\n\nBacteria inflame them.\n\n"
          "Scarring can follow.\n\nMost cases are mild.\n\n## Read this next\n\nKnowing which type of acne you have is key.\n\n"
          "Many women get acne in pregnancy.\n\n## Treatment\n\nBenzoyl peroxide helps.")
    labels = _labels(_clean_text(md, md=True))
    assert labels["Read this next"] == "teaser:related_section"
    assert labels["Knowing which type of acne you have is key."] == "teaser:related_section"
    assert labels["Benzoyl peroxide helps."] == ""


def test_clean_section_rule_near_the_top_labels_only_its_heading():
    md = "# Events\n\n## Resources\n\nEvent planning starts with goals.\n\nBudgets come next.\n\n## Steps\n\nBook a venue."
    labels = _labels(_clean_text(md, md=True))
    assert labels["Resources"] == "reference:references_section"
    assert labels["Event planning starts with goals."] == ""


@pytest.mark.parametrize("text,reason", [
    ('" "', "debris:no_letters"),
    ("High levels of lean muscle might help protect against Alzheimers,", "fragment:trailing_comma"),
])
def test_clean_structural_signals(text, reason):
    doc = _clean_text("Neck pain basics\nNeck pain is common after long days at a desk.\n" + text + "\nRest helps a lot.\n")
    assert _labels(doc)[text] == reason


def test_clean_title_case_teaser_inside_a_paragraph():
    doc = _clean_text("Back pain\nStretching helps. Back Pain After Running: Causes and Treatments Keep moving daily.\n")
    assert _labels(doc)["Back Pain After Running: Causes and Treatments"] == "teaser:title_case_inline"


def test_clean_menu_of_links_between_boilerplate_lines():
    md = ("# Arthritis\n\nJoin Bezzy on the web or mobile app.\n\n* Breast Cancer\n\n* Inflammatory Bowel Disease"
          "\n\n* COPD\n\n* Migraine\n\nConnect with us for all things health.\n\n# Arthritis\n\nArthritis is "
          "inflammation of the joints.\n\nCommon types include:\n\n* Rheumatoid Arthritis\n\n* Psoriatic Arthritis\n\n"
          "* Gout\n\nJoin Bezzy on the web or mobile app.\n\n* joint pain\n\n* stiffness\n\n* swelling\n\n"
          "Connect with us for all things health.\n\nArthritis often gets worse with age, and exercise helps.\n")
    labels = {(s.kind, s.text): s.reason for s in _clean_text(md, md=True).sentences}
    for item in ("Breast Cancer", "Inflammatory Bowel Disease", "COPD", "Migraine"):
        assert labels[("item", item)] == "nav:menu_list", labels
    # a list the article introduces is content, and so is a list of lower-case phrases (prose, not links)
    for item in ("Rheumatoid Arthritis", "Psoriatic Arthritis", "Gout", "joint pain", "stiffness", "swelling"):
        assert labels[("item", item)] == "", (item, labels)


def test_clean_table_of_contents_and_repeated_title():
    md = "# Sciatica relief\n\nContents\n\n- What is sciatica?\n\n## What is sciatica?\n\nSciatica is nerve pain.\n\n# Sciatica relief\n"
    labels = {(s.kind, s.text): s.reason for s in _clean_text(md, md=True).sentences}
    assert labels[("item", "What is sciatica?")] == "toc:repeats_heading"
    assert labels[("heading", "What is sciatica?")] == ""


def test_clean_cross_document_template_lines():
    stats = CorpusStats()
    settings = load_settings()
    docs = []
    for i in range(5):
        text = f"Topic {i} pain\nArticle body number {i} explains things well.\nCan't get enough? Join our community today!\n"
        r = render_plain(text)
        d = segment.segment([Document(doc_id=str(i), source=f"site/{i}.txt", fmt="txt", text=r.text)])[0]
        stats.observe(d)
        docs.append(d)
    stats.finalize(settings)
    out = clean.clean(docs[0], stats, settings.clean)
    labels = _labels(out)
    assert labels["Can't get enough?"].split(":")[0] in ("template", "cta")
    assert labels["Join our community today!"] == "template:repeated_across_documents"
    assert labels["Article body number 0 explains things well."] == ""


def test_clean_off_topic_sentence_in_a_mashed_up_page():
    junk = " ".join(["Download the app.", "All rights reserved.", "Sign up for our newsletter."] * 2)
    body = ("Upper back pain stretches. Poor posture strains the upper back. Poor posture is common at desks. "
            "Stretching eases stiffness. Stiffness improves with movement. " + junk +
            " Is lumbar lordosis related to low back pain development during prolonged standing? Yoga can help.")
    doc = _clean_text(body + "\n")
    assert _labels(doc)["Is lumbar lordosis related to low back pain development during prolonged standing?"].startswith(
        "off_topic:")
    assert _labels(doc)["Stretching eases stiffness."] == ""


def _reclean(doc: Document) -> Document:
    """Blank out what was removed and clean the rest again."""
    chars = list(doc.text)
    for s in doc.sentences:
        if s.label != "content":
            for i in range(s.start, s.end):
                chars[i] = " "
    again = Document(doc_id=doc.doc_id, source=doc.source, fmt=doc.fmt, text="".join(chars), layout=doc.layout,
                     title=doc.title)
    again = segment.segment([again])[0]
    return clean.clean(again, None, SETTINGS)


def _sample_docs():
    for p in sorted((ROOT / "raw").glob("*.txt")):
        yield p.name, p.read_text(encoding="utf-8"), False
    for p in sorted((SHARED / "data/docus").glob("*.json"))[:4]:
        yield p.name, json.loads(p.read_text(encoding="utf-8"))["markdown"], True
    for p in sorted((SHARED / "data/healthline").glob("*.md"))[:4]:
        yield p.name, p.read_text(encoding="utf-8"), True


@pytest.mark.parametrize("name,text,md", list(_sample_docs()), ids=lambda x: x if isinstance(x, str) and len(x) < 60 else "")
def test_clean_is_idempotent(name, text, md):
    first = _clean_text(text, md=md)
    second = _reclean(first)
    removed = [(s.text, s.reason) for s in second.sentences if s.label != "content"]
    assert not removed, f"cleaning clean text of {name} removed more: {removed[:5]}"


def _rule_texts():
    """Texts that can match or nearly match the rules: their examples and near misses, cut and joined."""
    from hypothesis import strategies as st

    bits = sorted({b for r in boilerplate_rules() for t in (r.example, r.near_miss) for b in (t, t[: len(t) // 2],
                   t[len(t) // 2:], t.upper(), t.lower())})
    return st.lists(st.sampled_from(bits + ["", " ", ". ", "the ", "©", "2021 - 2024 ", "»", "Dr. ", "\n"]),
                    max_size=6).map("".join)


@pytest.mark.parametrize("rule", boilerplate_rules(), ids=lambda r: r.id)
def test_clean_rule_index_finds_what_the_whole_pattern_finds(rule):
    """The rule index searches only the branches whose keyword (or anchored start) a sentence has; it
    must agree with ``rule.pattern.search`` on every text."""
    from hypothesis import given, settings as hsettings

    from pipeline.resources.loader import rule_index

    index = rule_index()

    @hsettings(max_examples=150, deadline=None)
    @given(_rule_texts())
    def check(text):
        assert index.hit(rule.id, text, index.candidates(text)) == bool(rule.pattern.search(text))

    check()
    for text in (rule.example, rule.near_miss):
        assert index.hit(rule.id, text, index.candidates(text)) == bool(rule.pattern.search(text))


@pytest.mark.parametrize("pattern,branches", [
    ("a|b", ["a", "b"]), ("(a|b)|^c", ["a", "b", "^c"]), ("(?:a|b)", ["a", "b"]), ("(a|b)c", ["(a|b)c"]),
    (r"[|(]x|\|y", [r"[|(]x", r"\|y"]), ("(?i)a|b", ["(?i)a|b"]), ("[]|]a|b", ["[]|]a", "b"]), ("[^]|]a|b", ["[^]|]a", "b"]),
    ("[a^]|b", ["[a^]", "b"]),
])
def test_clean_top_branches_split_only_top_level_alternatives(pattern, branches):
    from pipeline.resources.loader import top_branches

    assert top_branches(pattern) == branches


@hsettings(max_examples=300, deadline=None)
@given(st.lists(st.integers(-2**63, 2**63 - 1) | st.integers(-3, 3), max_size=60), st.integers(0, 5))
def test_repeated_line_keys_are_what_a_full_count_gives(keys, floor):
    """Template lines are counted over every line key of the corpus in place (bounded memory): the same
    keys and counts, in the same order, as numpy's unique-with-counts."""
    from array import array

    import numpy as np

    from pipeline.corpus import repeated_keys

    uniq, counts = np.unique(np.array(keys, dtype=np.int64), return_counts=True)
    want = {k: n for k, n in zip(uniq.tolist(), counts.tolist()) if n >= max(1, floor)}
    got = repeated_keys(array("q", keys), floor)
    assert got == want and list(got) == list(want)


@hsettings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["a.org", "b.org", "c.org"]),
                          st.lists(st.integers(0, 6), max_size=8)), max_size=60),
       st.integers(1, 4), st.sampled_from([0.0, 0.05, 0.2]), st.integers(1, 5))
def test_template_lines_are_lines_recurring_on_their_site(docs, min_docs, share, n_parts):
    """Only the line keys that reach their site's bar are kept after pass 1; every document's template
    lines are still the lines found in at least max(min_docs, share x site documents) of its site's
    documents (counted once per document), whatever the partial statistics merged."""
    from collections import Counter

    from pipeline.config import CleanSettings, Settings
    from pipeline.corpus import CorpusStats, Observation, h64

    settings = Settings(clean=CleanSettings(repeat_min_docs=min_docs, repeat_min_share=share))
    obs = [Observation(f"d{i}", "", True, site, tuple(h64(f"{site}\x00{k}") if k else 0 for k in lines))
           for i, (site, lines) in enumerate(docs)]
    stats = CorpusStats()
    for part in range(n_parts):
        partial = CorpusStats()
        for o in obs[part::n_parts]:
            partial.add(o)
        stats.merge(partial)
    stats.finalize(settings)
    sites = Counter(o.site for o in obs)
    seen = Counter((o.site, h) for o in obs for h in set(o.line_hashes) if h)
    for o in obs:
        need = max(min_docs, share * sites[o.site])
        want = () if sites[o.site] < min_docs else tuple(
            i for i, h in enumerate(o.line_hashes) if h and seen[(o.site, h)] >= need)
        assert stats.template_lines(None, settings.clean, o) == want


def test_the_pieces_of_a_run_cut_at_the_word_limit_are_no_fragments():
    # the segmenter cuts a run of more than segment.MAX_WORDS words after a comma: the piece that ends in
    # the comma and the one that starts in lower case are the run's text, not stray fragments
    muscles = "hamstrings calves hips shoulders knees ankles wrists elbows neck spine core glutes".split()
    parts = [f"stretching the {a} and the {b} daily eases morning stiffness" for a in muscles for b in muscles[:3]]
    doc = _clean_text("Back pain\n\nBack pain is common. Stretching helps: " + ", ".join(parts) + ".\nRest helps.\n")
    long = [s for s in doc.sentences if len(s.text.split()) > 100]
    assert len(long) == 2 and long[0].text.endswith(",") and long[1].text[0].islower()
    assert [(s.label, s.reason) for s in long] == [("content", "")] * 2  # (a short line ending in a comma still
    # is a fragment: test_clean_structural_signals)
