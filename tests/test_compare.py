"""An article comparing two conditions: what it says of the other one is about that one."""
from __future__ import annotations

import csv
from pathlib import Path

import pytest
from hypothesis import given, strategies as st

from pipeline.cli import main
from pipeline.records import Document
from pipeline.stages.condition import compared
from tests.test_extract import _markdown_mentions

HIVES_VS_ECZEMA = """# Hives vs Eczema: How to Tell the Difference

Hives and eczema are skin conditions with unique causes and symptoms.

## What is Eczema?

Eczema is a chronic skin condition characterized by dry skin and intense itching.

### Common triggers

- Harsh soaps: Soaps and detergents can trigger eczema flare-ups.

## What are Hives?

Hives are raised, red welts on the skin that are often caused by allergic reactions.

### Common triggers

- Insect stings: A sting can trigger hives within minutes.

## Key differences

- Eczema: Cracked skin and thickened patches that itch.
- Hives: Swelling of the lips that comes and goes.
"""


@pytest.mark.parametrize("title, condition, other", [
    ("Hives vs Eczema: How to Tell the Difference", "hives", "eczema"),
    ("Gallstones vs Kidney Stones: Identifying and Treating", "gallstones", "kidney stones"),
    ("Type 1 vs Type 2 Diabetes: Key Similarities", "type 2 diabetes", ""),  # "type 1" names no condition alone
    ("Is It Appendicitis or Gas Pain? How to Tell", "appendicitis", ""),      # "pain" is not all of "gas pain"
    ("Heat or Cold for Migraine Relief: What Works Best?", "migraine", ""),   # "or" sets no conditions apart
    ("Eczema on the Hands: Causes and Care", "eczema", ""),
])
def test_the_other_condition_is_read_from_the_title(title, condition, other):
    doc = Document(doc_id="d" * 16, source="d.md", fmt="md", title=title, condition=condition)
    assert compared(doc) == other


def test_what_a_comparison_says_of_the_other_condition_is_about_it():
    about = {m.surface.lower(): m.about for m in _markdown_mentions(HIVES_VS_ECZEMA, "Hives vs Eczema", "hybrid")}
    # under a heading on eczema, in an item labelled with it, or in a sentence that opens with it
    assert about.get("dry skin") == "eczema" and about.get("cracked skin") == "eczema", about
    assert about.get("harsh soaps") == "eczema", about
    # under a heading on hives, or naming only hives, they stay the document's
    assert about.get("insect stings") == "" and about.get("allergic reactions") == "" \
        and about.get("swelling") == "", about


def test_a_comparisons_relations_go_to_each_condition(tmp_path: Path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "hives-vs-eczema.md").write_text(HIVES_VS_ECZEMA, encoding="utf-8")
    assert main(["curate", "--raw", str(raw), "--out", str(tmp_path / "out"), "--quiet", "--workers", "1",
                 "--no-cache"]) == 0
    with (tmp_path / "out" / "relations.csv").open(encoding="utf-8", newline="") as fh:
        pairs = {(r["condition"], r["name"]) for r in csv.DictReader(fh)}
    assert ("eczema", "dry skin") in pairs and ("hives", "dry skin") not in pairs, pairs
    assert ("hives", "insect sting") in pairs and ("eczema", "insect sting") not in pairs, pairs


@given(st.text(max_size=80), st.sampled_from(["hives", "gout", "upper back pain", "type 2 diabetes", ""]))
def test_reading_the_other_condition_never_fails_and_never_returns_the_own(title, condition):
    doc = Document(doc_id="d" * 16, source="d.md", fmt="md", title=title, condition=condition)
    other = compared(doc)
    assert isinstance(other, str) and (not other or other != condition)


@given(st.text(alphabet=st.sampled_from(list("Hives vs Eczema: Gout or?-/() ")), max_size=60))
def test_titles_made_of_comparison_words_never_fail(title):
    assert isinstance(compared(Document(doc_id="d" * 16, source="d.md", fmt="md", title=title,
                                        condition="hives")), str)
