"""Segmentation: glued joins repaired, headings and items kept as units, offsets exact."""
from __future__ import annotations

from functools import lru_cache

import pytest
from hypothesis import given, settings as hsettings, strategies as st

from pipeline.markup import render_markdown, render_plain
from pipeline.records import Document
from pipeline.stages.segment import MAX_WORDS, bounded, glue_points, looks_like_heading, segment


def _doc(text: str, md: bool = False) -> Document:
    r = render_markdown(text) if md else render_plain(text)
    return Document(doc_id="d", source="d.txt", fmt="txt", text=r.text, layout=r.layout)


@pytest.mark.parametrize("line,parts", [
    ("aggravate back pain.Wrong mattress or pillow", ["aggravate back pain.", "Wrong mattress or pillow"]),
    ("two minutes every hourReduce stress", ["two minutes every hour", "Reduce stress"]),
    ("March 30, 2025Health1106", ["March 30, 2025", "Health1106"]),
])
def test_segment_glue_points_split_scraper_joins(line, parts):
    cuts = [0, *glue_points(line), len(line)]
    assert [line[a:b] for a, b in zip(cuts, cuts[1:])] == parts


@pytest.mark.parametrize("line", ["Watch it on YouTube today.", "My iPhone broke.", "HealthHub", "Dr. Smith and U.S.News",
                                  "COVID-19 and vitamin B12", "see e.g. this"])
def test_segment_glue_points_leave_real_words_alone(line):
    assert glue_points(line) == []


def test_segment_flat_text_headings_and_sections():
    text = ("Causes of back pain\nPoor posture\nSlouching strains the back. It hurts.Wrong mattress\n"
            "A soft mattress sags.\nTreatment\nRest helps.")
    doc = segment([_doc(text)])[0]
    got = [(s.kind, s.text, s.section) for s in doc.sentences]
    assert got == [
        ("heading", "Causes of back pain", ""),
        ("heading", "Poor posture", "Causes of back pain"),
        ("text", "Slouching strains the back.", "Causes of back pain > Poor posture"),
        ("text", "It hurts.", "Causes of back pain > Poor posture"),
        ("heading", "Wrong mattress", "Causes of back pain"),
        ("text", "A soft mattress sags.", "Causes of back pain > Wrong mattress"),
        ("heading", "Treatment", ""),
        ("text", "Rest helps.", "Treatment"),
    ]


def test_segment_bold_label_paragraph_heads_the_list_under_it():
    """A scraper's "**Common Causes**:" above a list is a heading one level below the page's own, until the
    next heading; bold inside a sentence, a bold sentence and a bold item are not."""
    md = ("## Knee pain after sitting\n\nIt can hurt.\n\n**Common Causes**:\n\n- Baker's cyst: a bulge\n\n"
          "**Treatment Options:**\n\n- Ice: apply ice packs\n\n**Rest is key.**\n\nSome **bold** words here.\n\n"
          "- **Bold item**\n\n## Exercises\n\nWalk daily.")
    doc = segment([_doc(md, md=True)])[0]
    got = [(s.kind, s.text, s.section) for s in doc.sentences]
    head = "Knee pain after sitting"
    assert got == [("heading", head, ""), ("text", "It can hurt.", head),
                   ("heading", "Common Causes:", head), ("item", "Baker's cyst: a bulge", f"{head} > Common Causes:"),
                   ("heading", "Treatment Options:", head), ("item", "Ice: apply ice packs", f"{head} > Treatment Options:"),
                   ("text", "Rest is key.", f"{head} > Treatment Options:"),
                   ("text", "Some bold words here.", f"{head} > Treatment Options:"),
                   ("item", "Bold item", f"{head} > Treatment Options:"),
                   ("heading", "Exercises", ""), ("text", "Walk daily.", "Exercises")]


def test_segment_markdown_levels_give_section_paths():
    md = "# Sciatica\n\nIntro text.\n\n## Causes\n\n- herniated disc\n- spinal stenosis\n\n## Treatment\n\nPhysical therapy helps."
    doc = segment([_doc(md, md=True)])[0]
    got = [(s.kind, s.text, s.section) for s in doc.sentences]
    assert got == [("heading", "Sciatica", ""), ("text", "Intro text.", "Sciatica"), ("heading", "Causes", "Sciatica"),
                   ("item", "herniated disc", "Sciatica > Causes"), ("item", "spinal stenosis", "Sciatica > Causes"),
                   ("heading", "Treatment", "Sciatica"), ("text", "Physical therapy helps.", "Sciatica > Treatment")]


def test_segment_abbreviations_do_not_split():
    doc = segment([_doc("Dr. Stavale says so. Feb. 18, 2021 was the day.")])[0]
    assert [s.text for s in doc.sentences] == ["Dr. Stavale says so.", "Feb. 18, 2021 was the day."]


@pytest.mark.parametrize("text,expected", [("Poor sleep position", True), ("2. Sit and Arch", True),
                                           ("This is a sentence.", False), ("lower case start", False)])
def test_segment_looks_like_heading(text, expected):
    assert looks_like_heading(text) is expected


_alphabet = st.sampled_from(list("abcdefgh ABCDE.,!?\n:;0123-\"'") + ["Dr.", "pain.Wrong", "hourReduce", "  "])


@hsettings(max_examples=200, deadline=None)
@given(st.lists(_alphabet, max_size=80).map("".join))
def test_segment_covers_text_without_overlaps(text):
    doc = _doc(text)
    if not doc.text.strip():
        return
    doc = segment([doc])[0]
    prev_end = 0
    covered = set()
    for s in doc.sentences:
        assert prev_end <= s.start < s.end <= len(doc.text)
        assert doc.text[s.start:s.end] == s.text
        covered.update(range(s.start, s.end))
        prev_end = s.end
    non_space = {i for i, c in enumerate(doc.text) if not c.isspace()}
    assert non_space <= covered


# pieces as the segmenter sees them: words, abbreviations, quotes, sentence marks of several scripts, URLs,
# whitespace runs other than one space
_piece_parts = st.sampled_from(["word", "Word", "e.g.", "Dr.", "U.S.", "etc.", "3.5", "no.", ".", "!", "?", "...",
                                "?!", '"', "”", "'", ")", "(", ":", ",", "—", "।", "。", "！", "a.", "x.y",
                                "https://a.org/b.", "www.x.com.", "ca", "n't", "'s", "café.", "_x_.", "9am."])
_gaps = st.sampled_from([" ", " ", " ", "", "  ", "\t", " \t", "\xa0", " \xa0 "])


@hsettings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(_piece_parts, _gaps), min_size=1, max_size=30))
def test_segment_sentence_starts_are_spacys(parts):
    """The Doc-free sentencizer gives spaCy's sentences (``blank("en")`` + ``sentencizer``), stripped."""
    from pipeline.nlp import get_nlp
    from pipeline.stages.segment import sentence_starts

    text = "".join(p + g for p, g in parts).strip()
    if not text:
        return
    starts = sentence_starts(text)
    mine = [c for a, b in zip(starts, starts[1:] + [len(text)]) if (c := text[a:b].strip())]
    spacy_sents = [c for s in get_nlp()(text).sents if (c := s.text.strip())]
    assert mine == spacy_sents


def _special_pieces() -> list[str]:
    from pipeline.nlp import get_nlp

    return sorted(k for k in get_nlp().tokenizer.rules if k.strip() and not k.isalnum())


_chunk_text = st.text(st.characters(blacklist_categories=["Zs", "Zl", "Zp", "Cc", "Cs"]), min_size=1, max_size=6)


@hsettings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(_piece_parts, _chunk_text, st.sampled_from(_special_pieces()),
                          st.lists(st.sampled_from(list(":;()[]<>=-^'\"/.")), min_size=1, max_size=4).map("".join)),
                min_size=1, max_size=25))
def test_segment_chunks_tokenized_together_keep_their_own_tokens(chunks):
    """``tokenize_chunks`` tokenizes a shard's chunks in one call: each gets the tokens spaCy gives it
    alone, even where the end of one and the start of the next would make a special case (":" + ")")."""
    from pipeline.nlp import get_nlp
    from pipeline.stages import segment as S

    nlp = get_nlp()
    finals = nlp.get_pipe("sentencizer").punct_chars

    def alone(chunk: str) -> tuple:
        return tuple((t.idx, S._FINAL if t.text in finals else S._PUNCT if t.is_punct else S._OTHER)
                     for t in nlp.tokenizer(chunk))

    chunks = [c for c in chunks if c.split() == [c]]
    S._chunk_memo.clear()
    S.tokenize_chunks(chunks)
    assert {c: S._chunk_memo[c] for c in chunks if not c.isalnum()} == {c: alone(c) for c in chunks if not c.isalnum()}
    assert all(S._chunk_tokens(c) == (alone(c) if not c.isalnum() else ((0, S._OTHER),)) for c in chunks)


_glue_alphabet = st.sampled_from(list("abcxyz ABCXYZ.!?)0123-–\n:") + ["http://a.bc ", "The ", "Use ", "19", "20", "h"])


@hsettings(max_examples=300, deadline=None)
@given(st.lists(_glue_alphabet, max_size=60).map("".join))
def test_segment_glue_prefilter_loses_no_boundary(line):
    """GLUE's leading look-ahead only skips positions where none of its boundaries can be."""
    import re

    from pipeline.stages.segment import GLUE

    head = "(?=[A-Z0-9h ])(?:"
    assert GLUE.pattern.startswith(head) and GLUE.pattern.endswith(")")
    plain = re.compile(GLUE.pattern[len(head):-1])
    assert [m.span() for m in GLUE.finditer(line)] == [m.span() for m in plain.finditer(line)]


_words = (st.text(st.characters(categories=["Lu", "Ll", "Lt", "Lm", "Lo"]), min_size=1, max_size=8)
          | st.sampled_from(["Cannot", "cannot", "Im", "dont", "Gonna", "ol", "ca", "km", "ve", "a.m.", "p.m.", "Mr"]))


@hsettings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(_piece_parts | _words | st.text(min_size=1, max_size=8), _gaps), min_size=1, max_size=30))
def test_segment_trimmed_lexemes_keep_what_the_stages_read(parts):
    """The pipeline's tokenizer (``letters_tokenizer``) and vocabulary, which computes only ``LEX_ATTRS``
    for new words: the same tokens and the same values of those attributes as a full
    ``spacy.blank("en")``, on words of any script, special cases and punctuation glued together."""
    from pipeline.nlp import LEX_ATTRS, get_nlp

    assert set(LEX_ATTRS) == {"LOWER", "IS_PUNCT", "LIKE_NUM"}  # the attributes read below
    text = "".join(p + g for p, g in parts)
    full = _full_nlp()
    view = [(t.text, t.idx, t.lower_, t.is_punct, t.like_num) for t in get_nlp().tokenizer(text)]
    assert view == [(t.text, t.idx, t.lower_, t.is_punct, t.like_num) for t in full.tokenizer(text)]


def test_letters_tokenizer_rules_take_no_letter():
    """``letters_tokenizer`` calls a chunk of letters one token without searching it: right only if no
    English prefix, suffix or infix rule can take a letter. Checked for every letter in Unicode, at the
    start and end of a word (prefixes, suffixes) and between letters of either case (infixes)."""
    import sys

    from spacy.lang.en import English
    from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex

    from pipeline.nlp import get_nlp

    assert get_nlp().tokenizer.token_match is str.isalpha
    d = English.Defaults
    prefix, suffix = compile_prefix_regex(d.prefixes).search, compile_suffix_regex(d.suffixes).search
    infixes = compile_infix_regex(d.infixes).finditer
    letters = [c for i in range(sys.maxunicode + 1) if (c := chr(i)).isalpha()]
    assert len(letters) > 100_000
    assert [c for c in letters if prefix(c) or prefix(c + "a") or suffix(c) or suffix("a" + c) or suffix("A" + c)] == []
    for a, b in (("a", "a"), ("A", "A"), ("a", "A"), ("A", "a")):
        assert [m.group() for m in infixes("".join(a + c + b for c in letters))] == []


@lru_cache(maxsize=1)
def _full_nlp():
    import spacy

    return spacy.blank("en")


@pytest.mark.parametrize("heading,cls", [
    ("Causes of high back pain after sleeping", "cause"), ("Common Causes:", "cause"),
    ("Symptoms to Watch For:", "symptom"), ("Stretching routine", "exercise"), ("Exercise Routine", "exercise"),
    ("Treatment Options:", "treatment"), ("When to See a Doctor", "doctor"),
    # a routine of another kind is no exercise ("Skincare routine:", "Establish a Sleep Routine")
    ("Skincare routine:", ""), ("6. Establish a Sleep Routine", ""),
    # "preventive" and "preventative" measures are prevention
    ("Preventive Measures", "prevention"), ("Preventative Tips and Home Remedies", "prevention"),
])
def test_heading_classes(heading, cls):
    from pipeline.resources.loader import classify_heading

    assert classify_heading(heading) == cls


_long_words = st.sampled_from(["pain", "avoid", "lifting,", "and", "ice;", "rest", "x" * 30, "a,b", "—"])


@hsettings(max_examples=100, deadline=None)
@given(st.lists(_long_words, min_size=150, max_size=900), st.sampled_from([" ", "  ", "\n"]))
def test_segment_bounded_pieces_cover_a_run_in_order(words, gap):
    text = "<" + gap.join(words) + ">"
    pieces = bounded(text, 1, len(text) - 1)
    assert pieces[0][0] == 1 and pieces[-1][1] == len(text) - 1
    assert all(b == c for (_, b), (c, _) in zip(pieces, pieces[1:]))  # no gap, no overlap
    assert all(len(text[a:b].split()) <= MAX_WORDS for a, b in pieces)
    assert "".join(text[a:b] for a, b in pieces).split() == words  # no word cut in two
    # a cut follows a comma or semicolon where one stands in the piece's second half
    for a, b in pieces[:-1]:
        tail = text[a:b].split()[MAX_WORDS // 2 + 1:]
        if any(w.endswith((",", ";")) for w in tail):
            assert text[a:b].rstrip().endswith((",", ";"))


def test_segment_cuts_a_run_without_full_stops_into_sentences():
    # a hostile page: 1,500 advice clauses and no full stop, in a heading and a paragraph; every step
    # that reads a sentence's clauses looks around each word, so one sentence of 7,500 words would take
    # minutes, and pieces of at most MAX_WORDS words keep each piece's meaning
    run = " ".join(["avoid lifting and stop ibuprofen"] * 1500)
    doc = segment([_doc(f"# Back pain {run}\n\n{run}.\n", md=True)])[0]
    assert all(len(s.text.split()) <= MAX_WORDS for s in doc.sentences)
    assert all(doc.text[s.start:s.end] == s.text for s in doc.sentences)
    assert sum(len(s.text.split()) for s in doc.sentences) == 2 + 2 * 7500
    heads = [s for s in doc.sentences if s.kind == "heading"]
    assert len(heads) == 38 and all(s.section == heads[0].text for s in doc.sentences if s.kind != "heading")
