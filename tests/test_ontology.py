"""Ontology ids: what a name is linked to, and what it must never be linked to."""
from __future__ import annotations

import pytest
from hypothesis import given, strategies as st

from pipeline.ontology import bag, coverage, lookup
from pipeline.stages.dedupe import display_form, normalize_key


@pytest.mark.parametrize("name, kind, ident", [
    ("knee pain", "symptom", "HP:0030839"),
    ("pain in the knee", "symptom", "HP:0030839"),          # content words in any order
    ("painful urination", "symptom", "HP:0100518"),         # from "painful or difficult urination"
    ("severe dehydration", "symptom", "HP:0001944"),        # a degree word dropped
    ("sudden cough", "symptom", "HP:0012735"),
    ("burning pain", "symptom", "HP:0012531"),              # a word of manner dropped
    ("upper back pain", "symptom", "HP:0003418"),           # the broader term
    ("vitamin a deficiency", "cause", "HP:0004905"),
    ("gout", "condition", "DOID:13189"),
    ("swelling", "symptom", "SYMP:0000716"),                # the vocabulary's "swelling symptom"
    ("toe numbness", "symptom", "HP:0033748"),              # a body part dropped: a numbness
    ("severe upper body pain", "symptom", "HP:0012531"),    # degree, region and body part dropped
    ("reduced muscle mass", "symptom", "HP:0003199"),       # in HPO's words: "Decreased muscle mass"
    ("elevated blood pressure", "cause", "HP:0032263"),     # "Increased blood pressure"
    ("neck soreness", "symptom", "HP:0030833"),             # "Neck pain"
    ("unsteady walking", "symptom", "HP:0002317"),          # "Unsteady gait"
    ("swollen ankles", "symptom", "HP:0001785"),            # the adjective as HPO's noun: "Ankle swelling"
    ("itchy tongue", "symptom", "HP:0000989"),              # an itching: Pruritus
    ("unable to walk", "symptom", "HP:0001288"),            # what one cannot do: "Difficulty walking"
    ("trouble walking", "symptom", "HP:0001288"),
    ("inability to concentrate", "symptom", "HP:0031987"),  # "Difficulty concentrating"
    ("persistent and severe pain", "symptom", "HP:0012531"),  # degree words joined by "and"
    ("increased agitation", "symptom", "HP:0000713"),
    ("persistent pelvic discomfort", "symptom", "HP:0034267"),  # a discomfort is a pain: "Pelvic pain"
    ("mild discomfort", "symptom", "HP:0012531"),
    ("agonizing pain", "symptom", "HP:0012531"),
])
def test_known_names_get_their_id(name, kind, ident):
    assert lookup(name, kind, broader=kind == "symptom") == ident


@pytest.mark.parametrize("name, kind", [
    ("location of pain", "symptom"),           # a tail that starts with "of" is not a name
    ("vomiting due to the intensity of the pain", "symptom"),
    ("vitamin deficiency", "cause"),           # not vitamin A's
    ("fluid intake", "symptom"),
    ("lower back", "symptom"),
    ("knee", "symptom"),                       # a body part alone names no complaint
    ("knee brace", "symptom"),                 # nor does a body part's thing
    ("ice", "treatment"),                      # treatments get ids from medicines' names only
    ("taking ibuprofen", "treatment"),         # a name, not a phrase that holds one
    ("loss of reflexes", "symptom"),           # a loss is no decrease: not Hyporeflexia
    ("sores in the stomach", "cause"),         # "sore" is also a noun: ulcers, not stomach pain
    ("swollen lump around the joint", "symptom"),  # the adjective names the lump, not the joint
    ("blood in urine or stool", "symptom"),    # two complaints: neither one's id
])
def test_no_id_rather_than_a_wrong_one(name, kind):
    assert lookup(name, kind, broader=kind == "symptom") == ""


def test_a_condition_named_with_its_situation_keeps_the_situations_term():
    """"painful sex after menopause" is dyspareunia (what stands before the situation), not the pain that
    its rewritten name "sex after menopause pain" would reach."""
    from pipeline.ontology import condition_ontology

    assert condition_ontology("painful sex after menopause") == "HP:0030016"


def test_frequent_is_not_dropped():
    """"frequent urination" is its own phenotype, never plain urination."""
    assert lookup("frequent urination", "symptom") == "HP:0100515"


@pytest.mark.parametrize("surface, shown", [
    ("White Patches", "white patch"), ("yoga stretches", "yoga stretch"), ("loss of reflexes", "loss of reflex"),
    ("herpes", "herpes"), ("whereas", "whereas"), ("type 2 diabetes", "type 2 diabetes"),
    ("knee injuries", "knee injury"), ("sinuses", "sinus"), ("Parkinson's disease", "parkinson disease"),
])
def test_display_names_are_words(surface, shown):
    assert display_form(surface) == shown


@given(st.lists(st.sampled_from("pain knee patches patch of the in stretches stretch sinus sinuses a".split()),
                min_size=1, max_size=5))
def test_singular_and_plural_share_a_key(words):
    """A phrase and the same phrase with its known plurals folded have one key (one entity), and so do
    their display forms."""
    text = " ".join(words)
    assert normalize_key(text) == normalize_key(display_form(text))
    assert bag(text) == bag(display_form(text))


def test_coverage_counts_entities_and_mentions():
    ents = [{"type": "symptom", "ontology_id": "HP:1", "n_mentions": 9}, {"type": "symptom", "ontology_id": "",
                                                                         "n_mentions": 1}]
    cov = coverage(ents, [{"ontology_id": ""}])
    assert cov["symptom"] == {"with_id": 1, "total": 2, "share": 0.5, "mention_share": 0.9}
    assert cov["condition"] == {"with_id": 0, "total": 1, "share": 0.0}


def test_a_condition_in_a_situation_gets_the_broader_id():
    from pipeline.ontology import condition_ontology

    assert condition_ontology("pain when walking") == lookup("pain", "condition") != ""
    assert condition_ontology("phlegm after eating") == lookup("phlegm", "condition")
    assert condition_ontology("knee pain") == lookup("knee pain", "condition")  # a known whole keeps its own id


def test_a_condition_named_as_a_group_of_diseases_gets_the_ontology_class_of_them():
    from pipeline.ontology import condition_ontology

    assert condition_ontology("musculoskeletal disorders") == lookup("musculoskeletal system disease", "condition")
    assert condition_ontology("skin disorders") == lookup("skin disease", "condition") != ""
    assert condition_ontology("fungal infections") == lookup("fungal infectious disease", "condition") != ""
    assert condition_ontology("musculoskeletal disorders") != ""
    assert condition_ontology("menstrual problems") == ""  # no class of that name: no id rather than a guess


def test_a_symptom_in_a_situation_gets_the_broader_id_when_the_whole_has_none():
    from pipeline.ontology import link_ontology

    ents = [{"type": "symptom", "name": "pain during ejaculation"}, {"type": "symptom", "name": "pain in the knee"},
            {"type": "symptom", "name": "loss of bone mass"}, {"type": "cause", "name": "pain during ejaculation"}]
    link_ontology(ents)
    assert [e.get("ontology_id", "") for e in ents] == [lookup("pain", "symptom"), "HP:0030839", "", ""]
    assert lookup("pain", "symptom") != ""


@pytest.mark.parametrize("name, ident", [
    ("redness", "HP:0010783"), ("severe redness", "HP:0010783"), ("menstrual cramps", "HP:0100607"),
    ("limited range of motion", "HP:0001376"), ("heavy menstrual bleeding", "HP:0000132"),
    ("hearing loss", "HP:0000365"), ("burning sensation during urination", "HP:0100518"),
    ("trouble focusing", "HP:0031987"), ("sore muscles", "HP:0003326"), ("sensitivity to light", "HP:0000613"),
    ("difficulty starting urination", "HP:0000019"), ("difficulty emptying the bladder completely", "HP:0000016"),
    ("difficulty speaking", "HP:0002465"), ("persistent sadness", "HP:5200273"), ("upset stomach", "HP:0410281"),
    ("spotting between periods", "HP:0100608"), ("dark-colored urine", "HP:0040319"),
    ("painful intercourse", "HP:0030016"), ("inability to urinate", "HP:0000016"), ("loss of taste", "HP:0041051"),
    ("fluid buildup", "HP:0000969"), ("buildup of fluid", "HP:0000969"), ("low heart rate", "HP:0001662"),
    ("loss of coordination", "HP:0002311"), ("poor balance", "HP:0002172"), ("facial redness", "HP:0001041"),
    ("popping sounds", "HP:0034431"), ("urgency of urination", "HP:0000012"),
    # a manner of a pain is dropped for its broader term, as "stabbing" and "throbbing" are
    ("cramping pain", "HP:0012531"),
])
def test_everyday_names_of_symptoms_get_the_hpo_term_they_name(name, ident):
    assert lookup(name, "symptom") == ident


def test_every_everyday_symptom_name_cites_an_hpo_term_by_its_name():
    """Each row's id is a phenotype of the packaged HPO, and the name the row gives for the reader is that
    term's own (the row was read against it)."""
    from pipeline.resources import RESOURCE_DIR
    from pipeline.resources.loader import gazetteer, layperson_symptoms

    names: dict[str, set[str]] = {}
    for term, cls, ident in gazetteer():
        if cls == "phenotype":
            names.setdefault(ident, set()).add(term.lower())
    rows = [line.split("\t") for line in (RESOURCE_DIR / "layperson_symptoms.tsv").read_text().splitlines()
            if line and not line.startswith("#")]
    assert len(rows) == len(layperson_symptoms())
    bad = [r for r in rows if r[2].strip().lower() not in names.get(r[1], set())]
    assert bad == []


def test_every_everyday_condition_name_cites_a_term_by_its_name():
    """Each row's id is a disease (Disease Ontology) or phenotype (HPO) of the packaged vocabularies, and
    the name the row gives for the reader is that term's own."""
    from pipeline.resources import RESOURCE_DIR
    from pipeline.resources.loader import gazetteer, layperson_conditions

    names: dict[str, set[str]] = {}
    for term, cls, ident in gazetteer():
        if cls in ("disease", "phenotype"):
            names.setdefault(ident, set()).add(term.lower())
    rows = [line.split("\t") for line in (RESOURCE_DIR / "layperson_conditions.tsv").read_text().splitlines()
            if line and not line.startswith("#")]
    assert len(rows) == len(layperson_conditions())
    assert [r for r in rows if r[2].strip().lower() not in names.get(r[1], set())] == []


@pytest.mark.parametrize("name,ident", [
    ("ear infection", "DOID:10754"), ("toenail fungus", "HP:0012203"), ("lice", "DOID:5502"),
    ("strep throat", "DOID:2275"), ("pcos", "DOID:11612"),
])
def test_everyday_names_of_conditions_get_the_term_they_name(name, ident):
    from pipeline.ontology import condition_ontology
    assert condition_ontology(name) == ident


def test_a_treatment_named_by_a_medicine_gets_its_drugbank_id_and_nothing_else_does():
    from pipeline.ontology import link_ontology

    ents = [{"type": "treatment", "name": "ibuprofen"}, {"type": "treatment", "name": "Advil"},   # brand: its drug
            {"type": "treatment", "name": "amoxicillin"},
            # a class whose aliases hold one of its drugs is not that drug
            {"type": "treatment", "name": "corticosteroid", "aliases": ["prednisone"]},
            {"type": "treatment", "name": "oats"},          # a substance without a MedlinePlus drug page
            {"type": "treatment", "name": "physical therapy"},
            {"type": "cause", "name": "amoxicillin"},       # a drug as a cause ("a rash from amoxicillin")
            {"type": "treatment", "name": "camila"},        # a brand that is a first name: not kept
            {"type": "treatment", "name": "reflux"}]        # the lexicon's ids are of symptoms and diseases
    link_ontology(ents)
    assert [e.get("ontology_id", "") for e in ents] == [
        "drugbank:DB01050", "drugbank:DB01050", "drugbank:DB01060", "", "", "", "", "", ""]
    assert lookup("reflux", "symptom") != ""
    assert lookup("prednisone", "treatment") == "drugbank:DB00635"
