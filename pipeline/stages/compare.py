"""An article that sets two conditions side by side ("Hives vs Eczema: How to Tell the Difference", "Is It
Appendicitis or Gas Pain?") is about both. What it says in a section on the other condition ("What is
Eczema?", "Treatment Options for Eczema"), in an item labelled with it ("Eczema: Dry, itchy, and inflamed
skin") or in a sentence that opens with it ("Eczema is a chronic condition ...") is about that condition:
its mentions name it in ``Mention.about``, and their relations go to it rather than to the document's
condition. Everything else stays the document's."""
from __future__ import annotations

import re

from ..records import CONTENT, Document
from .condition import name_words

# a list item or line that opens with a short label ("Medications: ...", "Eczema: Dry, itchy skin"); the
# extraction reads labels with it too
LABEL = re.compile(r"^([^.:;!?]{1,60}):\s")


def attribute(doc: Document, other: str) -> None:
    """Set ``about`` on the mentions of a document's sentences on ``other`` (``condition.compared``): a
    label that names one condition and not the other decides, then the sentence, then the nearest heading
    of its section that names one and not the other."""
    own_words, other_words = name_words(doc.condition), name_words(other)
    if not other_words:
        return

    def side(text: str) -> str:
        found = name_words(text)
        mine, theirs = bool(own_words & found), other_words <= found
        return "other" if theirs and not mine else "own" if mine and not theirs else ""

    about: dict[int, bool] = {}
    for s in doc.sentences:
        if s.label != CONTENT:
            continue
        decided = ""
        label = LABEL.match(s.text)
        if label:
            decided = side(label.group(1))
        if not decided:
            # a sentence that names only one of them is about it when it opens with it ("Eczema is a
            # chronic condition ..."), or names only the document's ("A family history of hives ...");
            # one that names both ("Cataracts cloud the lens, while glaucoma ...") goes by its section
            whole = side(s.text)
            opening = " ".join(s.text.split()[:len(other_words) + 2])
            decided = "own" if whole == "own" else whole if whole and side(opening) == whole else ""
        if not decided:
            # the section's headings, nearest first; the first is the article's own title, which names both
            for heading in reversed(s.section.split(" > ")[1:]):
                decided = side(heading)
                if decided:
                    break
        about[s.index] = decided == "other"
    for m in doc.mentions:
        if about.get(m.sentence_index):
            m.about = other
