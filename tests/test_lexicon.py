"""Merges the lexicon can defend: no surface is merged into a concept that is its opposite, a sibling
(another number or letter: hepatitis B/C, type 1/2), or about another part of the body; no advice is
merged into a symptom. The checks are mechanical; what they cannot see was audited by hand
(docs/quality.md)."""
from __future__ import annotations

import re
import pytest

from pipeline.resources.loader import lexicon

NEGATIONS = frozenset("no not non without lack lacking absence absent loss inability unable never poor reduced "
                      "decreased limited low".split())
PREFIXES = ("non", "un", "in", "im", "ir", "il", "dis")
OPPOSITES = [{"left", "right"}, {"upper", "lower"}, {"increased", "decreased"}, {"high", "low"},
             {"hyper", "hypo"}, {"frequent", "infrequent"}, {"excess", "deficiency"}]
# body parts and their adjectives: a surface about one merged into a concept about another, or several
# surfaces about different parts merged into a concept naming none, join different things
BODY = {"neck": "neck", "cervical": "neck", "back": "back", "lumbar": "back", "spine": "back", "spinal": "back",
        "shoulder": "shoulder", "knee": "knee", "hip": "hip", "ankle": "ankle", "foot": "foot", "feet": "foot",
        "heel": "foot", "toe": "foot", "hand": "hand", "finger": "hand", "wrist": "wrist", "elbow": "elbow",
        "arm": "arm", "leg": "leg", "thigh": "leg", "calf": "leg", "hamstring": "leg", "head": "head",
        "jaw": "jaw", "chest": "chest", "stomach": "abdomen", "abdomen": "abdomen", "abdominal": "abdomen",
        "belly": "abdomen", "throat": "throat", "eye": "eye", "ear": "ear", "nose": "nose", "mouth": "mouth",
        "skin": "skin", "bladder": "bladder", "bowel": "bowel", "kidney": "kidney", "liver": "liver",
        "lung": "lung", "heart": "heart", "pelvis": "pelvis", "pelvic": "pelvis", "groin": "groin",
        "buttock": "buttock", "flexor": "hip", "glute": "buttock", "gluteal": "buttock"}


def _words(text: str) -> list[str]:
    return [w for w in re.findall(r"[a-z0-9]+(?:['’][a-z]+)?", text.lower())]


def _stem(w: str) -> str:
    return w[:-1] if w.endswith("s") and len(w) > 3 and not w.endswith("ss") else w


def _marks(ws) -> set[str]:
    """Numbers (up to two digits) and single letters other than "a" and "i": what tells siblings apart."""
    return {w for w in ws if (w.isdigit() and len(w) <= 2) or (len(w) == 1 and w.isalpha() and w not in "ai")}


def body_parts(text: str) -> set[str]:
    return {BODY[_stem(w)] for w in _words(text) if _stem(w) in BODY}


def merge_problems(surface: str, concept: str, kind: str = "symptom") -> list[str]:
    """Why merging ``surface`` into ``concept`` would join different things ([] when it looks safe).
    Body parts are compared for causes and symptoms only: a treatment or an exercise is often named by
    either of the parts it moves ("heel raises" are "calf raises")."""
    s, c = _words(surface), _words(concept)
    ss, cs = {_stem(w) for w in s}, {_stem(w) for w in c}
    out = []
    if ss - NEGATIONS == cs - NEGATIONS and bool(ss & NEGATIONS) != bool(cs & NEGATIONS):
        out.append("negation on one side")
    for a, b in ((ss, cs), (cs, ss)):
        for w in a - b:
            base = next((w[len(p):] for p in PREFIXES if w.startswith(p) and w[len(p):] in b), "")
            if base and len(base) > 3 and not NEGATIONS & (a | b):
                out.append(f"antonym prefix: {w} / {base}")
    ms, mc = _marks(s), _marks(c)
    if ms - mc and (ss - ms - {"type"}) <= cs:  # "hepatitis b" -> "hepatitis": a sibling into its parent
        out.append(f"numbers or letters differ: {sorted(ms ^ mc)}")
    if ms and mc and not ms & mc:
        out.append(f"numbers or letters differ: {sorted(ms ^ mc)}")
    for pair in OPPOSITES:
        if ss & pair and cs & pair and ss & pair != cs & pair:
            out.append(f"opposites: {sorted(ss & pair)} / {sorted(cs & pair)}")
    bs, bc = body_parts(surface), body_parts(concept)
    if kind in ("cause", "symptom") and bs and bc and not bs & bc:
        out.append(f"different body parts: {sorted(bs)} / {sorted(bc)}")
    return out


TISSUES = re.compile(r"\b(muscle|tendon|ligament|nerve)s?\b")


def sibling_problems(entries) -> list[str]:
    """Concepts naming no body part that surfaces about different body parts are merged into. A concept
    about a tissue ("muscle strain") is one thing wherever the tissue is, as the annotation guide's
    canonical names have it ("neck strain" and "back strains" are "muscle strain")."""
    parts: dict[str, set[frozenset]] = {}
    for e in entries:
        if e.concept and e.concept != e.surface and not body_parts(e.concept) and not TISSUES.search(e.concept):
            b = body_parts(e.surface)
            if b:
                parts.setdefault(e.concept, set()).add(frozenset(b))
    return [f"{c}: surfaces about {sorted(sorted(x) for x in bs)}" for c, bs in sorted(parts.items())
            if len(bs) > 1 and not frozenset.intersection(*bs)]


@pytest.mark.parametrize("surface, concept", [
    ("infrequent urination", "frequent urination"), ("hepatitis b", "hepatitis c"), ("hepatitis b", "hepatitis"),
    ("type 1 diabetes", "type 2 diabetes"), ("back stiffness", "neck stiffness"), ("no appetite", "appetite"),
    ("left knee pain", "right knee pain"),
])
def test_the_checks_catch_the_wrong_merges_seen_in_the_audit(surface, concept):
    assert merge_problems(surface, concept)


@pytest.mark.parametrize("surface, concept", [
    ("lower back pain", "lower back pain"), ("aching muscles", "muscle pain"), ("neck ache", "neck pain"),
    ("sore throats", "sore throat"), ("ibuprofen", "nonsteroidal anti-inflammatory drug"),
    ("lack of physical activity", "inactivity"), ("covid", "covid-19"), ("consult a doctor", "medical consultation"),
    ("stomach pain", "abdominal pain"),
])
def test_the_checks_leave_good_merges(surface, concept):
    assert merge_problems(surface, concept) == []


def test_siblings_about_different_body_parts_are_caught():
    from pipeline.resources.loader import LexEntry

    rows = [LexEntry("stiff neck", "stiffness", "symptom", "", False), LexEntry("back stiffness", "stiffness", "symptom", "", False)]
    assert sibling_problems(rows)


def test_no_lexicon_merge_joins_different_things():
    bad = sibling_problems(lexicon())
    for e in lexicon():
        if e.concept and e.concept != e.surface:
            problems = merge_problems(e.surface, e.concept, e.type)
            if problems:
                bad.append(f"{e.surface} -> {e.concept}: {'; '.join(problems)}")
    assert bad == [], "\n".join(bad)


# ids outside what the gazetteer packages (HPO's clinical modifiers and history terms sit outside
# "Phenotypic abnormality"), each with its HPO name as checked in hp.obo
OUTSIDE_GAZETTEER = {"HP:0032316": "Family history", "HP:0025282": "Dull", "HP:0025281": "Sharp",
                     "HP:6000684": "Radiating pain", "HP:4000047": "Compression fracture"}
# an id whose names share no word with its concept's surfaces, reviewed: why it is the same thing
SAME_WITHOUT_A_SHARED_WORD = {("bruising", "HP:0031364"): "an ecchymosis is a bruise",
                              ("heart attack", "DOID:5844"): "a heart attack is a myocardial infarction"}


def test_every_lexicon_ontology_id_names_its_concept():
    """An id is one the vocabularies know, and one of its names shares a word with the concept's surfaces
    (it caught "poor posture" -> "Down-sloping shoulders", "inactivity" -> "Lethargy", "thyroid disorder"
    -> hypothyroidism); a narrower id sharing a word ("tightness" -> "Chest tightness") needs the audit."""
    from pipeline.resources.loader import gazetteer

    names: dict[str, set[str]] = {}
    for term, _, ident in gazetteer():
        if ident:
            names.setdefault(ident, set()).add(term)
    surfaces: dict[str, set[str]] = {}
    for e in lexicon():
        surfaces.setdefault(e.concept, set()).update(_stem(w) for w in _words(f"{e.surface} {e.concept}"))
    bad = []
    for e in lexicon():
        if not e.ontology_id or e.ontology_id in OUTSIDE_GAZETTEER:
            continue
        if e.ontology_id not in names:
            bad.append(f"{e.surface}: {e.ontology_id} is in no packaged vocabulary")
            continue
        shared = any(surfaces[e.concept] & {_stem(w) for w in _words(n)} for n in names[e.ontology_id])
        if not shared and (e.concept, e.ontology_id) not in SAME_WITHOUT_A_SHARED_WORD:
            bad.append(f"{e.surface} ({e.concept}): {e.ontology_id} is {sorted(names[e.ontology_id])[:3]}")
    assert bad == [], "\n".join(bad)
