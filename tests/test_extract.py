"""Extraction: lexicon matching, every cue and trigger example, section typing, lexicon validation, golden mentions."""
from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from pipeline.config import ExtractSettings
from pipeline.markup import render_markdown, render_plain
from pipeline.records import Document
from pipeline.resources.loader import ResourceError, extract_rules, parse_lexicon
from pipeline.stages import extract, segment
from pipeline.stages.extract import base, candidates, combine, context, flags, foods, words
from pipeline.stages.condition import NONE as NO_CONDITION
from pipeline.stages.condition import find_condition
from tests.conftest import ROOT

RULES = extract_rules()
GOLDEN = Path(__file__).parent / "golden"


def _extracted(title: str, text: str, **settings) -> Document:
    """One plain-text document through segmentation and extraction (``settings``: of ``ExtractSettings``)."""
    doc = segment.segment([Document(doc_id="d" * 16, source="d.txt", fmt="txt", text=render_plain(text).text,
                                    title=title)])[0]
    return extract.extract([doc], ExtractSettings(**settings))[0]


def _mentions(text: str, title: str = "", method: str = "hybrid") -> list:
    return _extracted(title, text, method=method).mentions


def _markdown_mentions(text: str, title: str, method: str) -> list:
    r = render_markdown(text)
    doc = segment.segment([Document(doc_id="d" * 16, source="d.md", fmt="md", text=r.text, title=title,
                                    layout=r.layout)])[0]
    return extract.extract([doc], ExtractSettings(method=method))[0].mentions


def _curated(name: str, text: str) -> Document:
    """One Markdown article through every per-document stage, as a run curates it."""
    from pipeline.config import load_settings
    from pipeline.passes import documents
    from pipeline.records import RawInput

    return documents([RawInput(name, data=text.encode())], load_settings())[0]


def _causes(name: str, text: str, condition: str) -> set[str]:
    """The causes a run finds in one Markdown article about ``condition``."""
    doc = _curated(name, text)
    assert doc.condition == condition
    return {m.surface.lower() for m in doc.mentions if m.type == "cause"}


def _by_surface(ms) -> dict[str, tuple[str, str]]:
    return {m.surface.lower(): (m.type, m.flag) for m in ms}


def test_extract_lexicon_matches_case_and_plurals():
    got = _by_surface(_mentions("Shoulder pain overview\nHerniated Discs and a slipped disc can hurt. Try heating pads."))
    assert got["herniated discs"] == ("cause", "")
    assert got["slipped disc"] == ("cause", "")
    assert got["heating pads"] == ("treatment", "")


def test_extract_word_of_a_complaints_name_is_no_treatment():
    # WordNet names "heat rash" a state: its "heat" is not the treatment that "apply heat" is
    got = _by_surface(_mentions("Back pain overview\nHeat rash often appears in summer. Apply heat to the sore muscles."))
    assert "heat" not in got, got
    assert got["apply heat"] == ("treatment", "")
    # "ice cream" is a food: its "ice" is not the cold therapy that ice is
    ices = [(m.surface, m.flag) for m in _mentions("Back pain overview\nIce cream can worsen the pain. Put ice on it.")
            if m.surface.lower().startswith("ice")]
    assert ices == [("ice", "")], ices
    # "heat" that qualifies a state or an act ("heat damage") is no heat to apply; heat that may help is
    heats = [(m.surface, m.flag) for m in _mentions("Back pain overview\nAvoid heat damage to the skin. Heat may "
                                                     "relieve the pain.") if m.surface.lower() == "heat"]
    assert heats == [("Heat", "")], heats


@pytest.mark.parametrize("cue", RULES.cues, ids=lambda c: c.id)
def test_extract_cue_example(cue):
    got = _by_surface(_mentions("Back pain overview\n" + cue.example, method="rules"))
    assert cue.expect in got, (cue.id, got)
    assert got[cue.expect][0] == cue.type


@pytest.mark.parametrize("method", ["rules", "hybrid"])
@pytest.mark.parametrize("trigger", RULES.triggers, ids=lambda t: t.id)
def test_extract_trigger_example_and_counter_example(trigger, method):
    got = _by_surface(_mentions("Back pain overview\n" + trigger.example, method=method))
    assert trigger.expect in got, (trigger.id, got)
    assert got[trigger.expect][1] == trigger.flag
    got = _by_surface(_mentions("Back pain overview\n" + trigger.counter, method=method))
    assert trigger.expect in got, (trigger.id, got)
    assert got[trigger.expect][1] == "", (trigger.id, trigger.counter, got)


# each scope rule of the flags with a sentence it flags and one it leaves alone
@pytest.mark.parametrize("text,surface,flag,method", [
    ("Heat therapy can relax tight muscles.", "heat therapy", "", "rules"),                   # no trigger
    ("Avoid slouching at your desk.", "slouching", "", "rules"),                              # a cause to avoid stays a cause
    ("Ice helps, but avoid it on broken skin.", "ice", "", "rules"),                          # trigger after the clause boundary
    ("Do not use ibuprofen without your doctor's approval.", "ibuprofen", "contraindicated", "rules"),
    ("Contrary to the instinct to rest, gentle walking eases sciatica.", "rest", "contraindicated", "hybrid"),
    ("Contrary to the instinct to rest, gentle walking eases sciatica.", "walking", "", "hybrid"),
    ("Yoga can make it worse if you push too far.", "yoga", "contraindicated", "rules"),
    ("Yoga can make you feel better.", "yoga", "", "rules"),
    # a purpose clause ends at its comma
    ("To avoid strain, try yoga twice a week.", "yoga", "", "rules"),
    ("Try to avoid yoga poses that bend the neck backward.", "yoga", "contraindicated", "rules"),
    # a coordinated verb starts a new instruction
    ("Avoid high-purine foods and take your medication daily.", "medication", "", "rules"),
    ("Avoid heavy lifting and running.", "running", "contraindicated", "rules"),
    # a relative pronoun leads the trigger back to the phrase it stands for, not the whole clause
    ("Yoga and massage ease stress, which can worsen back pain.", "massage", "", "rules"),
    ("Some yoga poses, which can aggravate back pain, need care.", "yoga", "contraindicated", "rules"),
    # a verb coordinated in a relative clause shares its pronoun; a new clause's does not
    ("Use yoga to protect the spine from strain, which can tighten muscles and worsen back pain.", "yoga", "",
     "rules"),
    ("Yoga can tighten muscles and worsen back pain.", "yoga", "contraindicated", "rules"),
    # pseudo-triggers
    ("If physical therapy does not help, surgery may be an option.", "surgery", "", "rules"),
    ("Symptoms do not improve without surgery.", "surgery", "", "rules"),
    ("Do not stop taking your medication early.", "medication", "", "rules"),
    ("You should not stop taking your medication without asking.", "medication", "", "rules"),
    ("Stop taking the medication if you feel dizzy.", "medication", "contraindicated", "rules"),
    # a condition ends the scope: what comes after "if" or "when" is not what the trigger is about
    ("Seek medical attention if the pain persists or worsens.", "seek medical attention", "", "rules"),
    ("Heavy lifting and yoga can worsen the pain.", "yoga", "contraindicated", "rules"),
    ("If rest does not ease the pain, try physical therapy.", "physical therapy", "", "rules"),
    ("Do not try physical therapy if your doctor has not examined you.", "physical therapy", "contraindicated", "rules"),
    # a means or a missing safeguard ends a forward scope
    ("Avoid prolonged sitting by taking regular breaks.", "regular breaks", "", "rules"),
    ("Avoid massage by untrained people.", "massage", "contraindicated", "rules"),
    # a mention that is itself the avoidance is advice
    ("Resting and avoiding activities that exacerbate the symptoms can help.", "resting", "", "rules"),
    ("Resting and activities that exacerbate the symptoms are common.", "resting", "contraindicated", "rules"),
    # a question advises nothing
    ("Should you stop physical therapy?", "physical therapy", "", "rules"),
    ("Stop physical therapy for a week.", "physical therapy", "contraindicated", "rules"),
    # a trigger that describes someone is not an instruction
    ("People who don't exercise should try physical therapy.", "physical therapy", "", "rules"),
    ("Don't try physical therapy before the swelling goes down.", "physical therapy", "contraindicated", "rules"),
    # a pronoun object ends the scope
    ("Follow the steps to stop it, then try physical therapy.", "physical therapy", "", "rules"),
    # after "avoiding" things, the next action is advice; a list of activities is not
    ("This includes eating a balanced diet, avoiding tobacco, and managing stress.", "managing stress", "", "hybrid"),
    ("Avoid heavy lifting, running, and jumping.", "jumping", "contraindicated", "hybrid"),
    # a verb after a comma starts the next instruction; a participle in the list does not
    ("Avoid heavy lifting for two weeks, engage in gentle walking.", "walking", "", "hybrid"),
    # a trigger inside a condition reaches the condition's comma only
    ("If heat does not provide relief, try physical therapy.", "physical therapy", "", "rules"),
    # "to avoid" after an action is a purpose (its comma ends it); after "important" an instruction
    ("Wear a brace to avoid strain, physical therapy and rest help.", "physical therapy", "", "rules"),
    ("It is important to avoid running, jumping, and physical therapy after surgery.", "physical therapy",
     "contraindicated", "rules"),
    # a backward trigger's subject ends at the clause's first verb, and starts after an omission
    ("Supplements may interact with physical therapy or worsen the pain.", "physical therapy", "", "rules"),
    ("Physical therapy may worsen the pain.", "physical therapy", "contraindicated", "rules"),
    ("Delaying physical therapy can do more harm than good.", "physical therapy", "", "rules"),
    ("Physical therapy can do more harm than good.", "physical therapy", "contraindicated", "rules"),
    # what doctors usually do is not advice; a verdict on a treatment is not an instruction
    ("Doctors usually don't treat mild sciatica with surgery.", "surgery", "", "rules"),
    ("Don't treat mild sciatica with surgery.", "surgery", "contraindicated", "rules"),
    ("These creams do not treat the cause — you still need physical therapy.", "physical therapy", "", "rules"),
    ("This cream does not treat the cause, so physical therapy is needed.", "physical therapy", "", "rules"),
    # after "such as avoiding" things, the next action is advice
    ("Choices such as avoiding tobacco, getting physical therapy and resting help.", "physical therapy", "", "rules"),
    # a modal, "help you" or "when to" before the trigger describes; it does not instruct
    ("Good posture can help you avoid physical therapy.", "physical therapy", "", "rules"),
    ("Some patients may stop physical therapy early.", "physical therapy", "", "rules"),
    ("Your doctor will tell you when to stop physical therapy.", "physical therapy", "", "rules"),
    ("Where rest does not suffice, physical therapy helps.", "physical therapy", "", "rules"),
    ("Physical therapy matters because certain foods can worsen the pain.", "physical therapy", "", "rules"),
    # a time clause ends a forward scope
    ("Avoid running after physical therapy.", "physical therapy", "", "rules"),
    ("Avoid running and physical therapy for a week.", "physical therapy", "contraindicated", "rules"),
    # a negated relative clause in the scope is what the avoided thing lacks
    ("Avoid shoes that do not come with physical therapy.", "physical therapy", "", "rules"),
    ("Avoid massage chairs that pound the spine and physical therapy.", "physical therapy", "contraindicated",
     "rules"),
    # a denied harm and a negated avoidance advise nothing against
    ("You can enjoy physical therapy without aggravating the pain.", "physical therapy", "", "rules"),
    ("Physical therapy done too early can aggravate the pain.", "physical therapy", "contraindicated", "rules"),
    ("You can't avoid physical therapy forever.", "physical therapy", "", "rules"),
    ("Sciatica doesn't always require physical therapy.", "physical therapy", "", "rules"),
    ("Early care may work, potentially avoiding physical therapy.", "physical therapy", "", "rules"),
    # a backward trigger after a subordinate clause reaches the main clause's subject
    ("Although physical therapy is simple, the recovery can worsen the pain.", "physical therapy", "", "rules"),
    ("Although it is tempting, physical therapy can worsen the pain.", "physical therapy", "contraindicated",
     "rules"),
    # a backward trigger in a reason ("as", "since") reaches the reason's subject
    ("Physical therapy is crucial as smoking worsens the pain.", "physical therapy", "", "rules"),
    ("Massage as well as physical therapy can worsen the pain.", "physical therapy", "contraindicated", "rules"),
    # a plural subject before a forward trigger describes; "can stop" is a possibility
    ("Ensure the supplements do not interfere with physical therapy.", "physical therapy", "", "rules"),
    ("Rest and do not start physical therapy yet.", "physical therapy", "contraindicated", "rules"),
    ("Some children can stop physical therapy early.", "physical therapy", "", "rules"),
    ("These symptoms should not be ignored as they may need physical therapy.", "physical therapy", "", "rules"),
    # a means ends a forward scope; a verb with "on"/"for" after "and" starts the next instruction
    ("Avoid infections through physical therapy.", "physical therapy", "", "rules"),
    ("Avoid trigger foods and focus on physical therapy.", "physical therapy", "", "rules"),
    ("Avoid trigger foods and physical therapy on weekdays.", "physical therapy", "contraindicated", "rules"),
    # a pronoun's clause and a state of having describe; they do not instruct
    ("They are painless and do not change with physical therapy.", "physical therapy", "", "rules"),
    ("Rest and do not change physical therapy.", "physical therapy", "contraindicated", "rules"),
    ("Your body has too much ibuprofen.", "ibuprofen", "", "rules"),
    ("Too much ibuprofen can upset the stomach.", "ibuprofen", "contraindicated", "rules"),
    ("Don't feel you need physical therapy at once.", "physical therapy", "", "rules"),
    # a relative clause belongs to a backward trigger's subject; a time phrase does not
    ("Foods that are acidic, such as physical therapy, should be avoided.", "physical therapy",
     "contraindicated", "rules"),
    ("Dealing with pain after physical therapy can be uncomfortable.", "physical therapy", "", "rules"),
    ("Do not delay physical therapy.", "physical therapy", "", "rules"),
    ("It's essential to seek medical attention for pain that persists, worsens, or spreads.",
     "seek medical attention", "", "rules"),
    ("People with this phobia avoid physical therapy.", "physical therapy", "", "rules"),
    ("With this phobia, avoid physical therapy.", "physical therapy", "contraindicated", "rules"),
    ("Eating a diet, avoiding smoking and alcohol, and using physical therapy help.", "physical therapy", "",
     "hybrid"),
    ("Avoiding lifting, bending, and physical therapy helps.", "physical therapy", "contraindicated", "hybrid"),
    ("Avoid fried foods, and use physical therapy.", "physical therapy", "", "rules"),
    # a purpose after a comma and an interaction end a forward scope
    ("Avoid red meat, to get the most from physical therapy.", "physical therapy", "", "rules"),
    ("Avoid interactions with physical therapy.", "physical therapy", "", "rules"),
    # a treatment opening with a harm is the harm to avoid; "non-" belongs to the item
    ("Avoid non-surgical options.", "non-surgical options", "contraindicated", "hybrid"),
    # what an avoided thing could harm is no advice; not delaying care is advice
    ("Avoid anything hard that could interrupt physical therapy.", "physical therapy", "", "rules"),
    ("Avoid bed rest that lasts for days.", "bed rest", "contraindicated", "rules"),
    ("You should not delay in starting physical therapy.", "physical therapy", "", "rules"),
    ("Eating fiber, avoiding smoking, and maintaining a healthy weight help.", "healthy weight", "",
     "rules"),
    # a backward trigger's subject ends at a verb after a modal ("can increase"), and after a wh-word
    ("Certain foods can increase the strain on physical therapy and worsen the pain.", "physical therapy", "",
     "rules"),
    ("Physical therapy can increase the swelling and worsen the pain.", "physical therapy", "contraindicated",
     "rules"),
    ("This includes physical therapy records and notes about how stress aggravates the pain.",
     "physical therapy", "", "rules"),
    # "following" an item is a time ("avoid exercise following your injections"), "the following" a list;
    # a wh-word after a comma starts a new clause
    ("Avoid strenuous exercise following physical therapy.", "physical therapy", "", "rules"),
    ("Avoid the following options, such as physical therapy.", "physical therapy", "contraindicated", "rules"),
    ("Learn what to eat and avoid, how to use physical therapy, and when to rest.", "physical therapy", "",
     "rules"),
    # a trigger inside a condition is part of the condition, not advice; after the condition's comma it is
    ("Pain can return when you don't get physical therapy.", "physical therapy", "", "rules"),
    ("If the pain returns, avoid physical therapy.", "physical therapy", "contraindicated", "rules"),
    # a backward trigger's subject follows an opening prepositional phrase, and is the noun a mention
    # modifies ("massage chairs"), not the mention; a gerund's object is no such noun
    ("Even with physical therapy, lifting heavy objects can worsen the pain.", "physical therapy", "", "rules"),
    ("In some cases, physical therapy can worsen the pain.", "physical therapy", "contraindicated", "rules"),
    ("Before using physical therapy, which can worsen the pain, ask a doctor.", "physical therapy",
     "contraindicated", "rules"),
    ("Massage chairs can worsen the pain.", "massage", "", "rules"),
    ("Running marathons can worsen the pain.", "running", "contraindicated", "hybrid"),
    ("Increased blood flow from heavy physical activity can intensify headaches.", "physical activity",
     "contraindicated", "rules"),
    ("Don't be shy about asking your doctor for physical therapy.", "physical therapy", "", "rules"),
    # a timing after the item advises the item; a gerund ends what a relative pronoun stands for
    ("Avoid taking physical therapy within two hours of eating.", "physical therapy", "", "rules"),
    ("Yoga supports physical therapy and mitigating stress responses that can worsen pain.", "physical therapy",
     "", "rules"),
    # what a change is of is not what is advised against ("avoid sudden increases in running intensity")
    ("Avoid sudden increases in physical therapy.", "physical therapy", "", "rules"),
    ("Avoid physical therapy and sudden increases in activity.", "physical therapy", "contraindicated", "rules"),
    # a verdict on the sentence before, unless it opens a condition ("If it does not work, ...")
    ("Doctors often suggest physical therapy. But this may not be the best idea.", "physical therapy",
     "contraindicated", "rules"),
    ("Doctors often suggest physical therapy. If stimulants do not work well, ask about others.",
     "physical therapy", "", "rules"),
    # a condition's second verb is still the condition; an instruction's is still advice
    ("Pain can return if you know you need it but don't get physical therapy.", "physical therapy", "", "rules"),
    ("Rest the back and don't get physical therapy.", "physical therapy", "contraindicated", "rules"),
    ("Rest the back, but don't get physical therapy.", "physical therapy", "contraindicated", "rules"),
    # what lacks or is done wrong is not what harms: the item is advice
    ("Improper physical therapy can worsen the pain.", "physical therapy", "", "rules"),
    ("Too much physical therapy can worsen the pain.", "physical therapy", "contraindicated", "rules"),
    # how the item is wrong, in a relative clause, is what harms; a negation that only names a kind is not
    ("Physical therapy that is too intense can worsen the pain.", "physical therapy", "", "rules"),
    ("Physical therapy that does not fit your needs can worsen the pain.", "physical therapy", "", "rules"),
    ("Physical therapy that does not need a referral can worsen the pain.", "physical therapy", "contraindicated",
     "rules"),
])
def test_extract_flag_scope(text, surface, flag, method):
    got = _by_surface(_mentions("Back pain overview\n" + text, method=method))
    assert surface in got, got
    assert got[surface][1] == flag, (text, got)


def test_extract_item_advised_against_once_is_never_advice_in_that_article():
    text = ("# Neck pain guide\n\n## What Hurts\n\nRunning can aggravate the neck.\n\n## What Helps\n\n"
            "Swimming and running on soft ground help many people.\n")
    got = _markdown_mentions(text, title="Neck pain guide", method="rules")
    flags = {(m.surface.lower(), m.section): m.flag for m in got}
    assert flags[("running", "What Hurts")] == "contraindicated"
    assert flags[("running", "What Helps")] == "contraindicated"
    assert flags[("swimming", "What Helps")] == ""


@pytest.mark.parametrize("title,condition,where", [
    ("Understanding High Back Pain After Sleeping", "upper back pain", "title"),
    ("GERD (Acid Reflux): Symptoms, Treatment, Causes and More", "gerd", "title"),
    ("Key Things to Avoid with Cervical Spinal Stenosis", "cervical spinal stenosis", "title"),
    ("Causes, Treatment, and Relief for Acid Reflux Back Pain", "back pain", "title"),
    ("Pain in Upper Back When Breathing: Causes and Treatments", "upper back pain", "title"),
    ("Type 2 Diabetes: Symptoms, Treatments, Causes, and More", "type 2 diabetes", "title"),
    ("Musculoskeletal Disorders: Definition and Patient Education", "musculoskeletal disorders", "title"),
    ("Pain Under the Left Breast: Causes and Solutions", "breast pain", "title"),
    ("Effective Strategies for Healing Nerve Pain in Various Cases", "nerve pain", "title"),
    ("Understanding and Minimizing Pain After Knee Replacement", "knee pain", "title"),
    ("Middle/Upper Back Muscle Soreness in Diverse Positions", "upper back pain", "title"),
    # a bare head word takes the word that names it; a verb or a preposition before it does not
    ("Piriformis Syndrome vs Sciatica: Key Differences", "piriformis syndrome", "title"),
    ("Oral Cancers: Risk Factors, Diagnosis, and Treatment", "oral cancers", "title"),
    ("Can a Metabolic Panel Actually Detect Cancer?", "cancer", "title"),
    ("When to Go to the Hospital for Fever in Adults", "fever", "title"),
    # more body parts, and a participle between the part and the complaint
    ("Tailbone Pain After Birth: Causes and Relief Strategies", "tailbone pain", "title"),
    ("Relief Strategies for Wisdom Tooth Growing Pain", "tooth pain", "title"),
    ("Solutions for Nerve Pain in the Arm", "arm pain", "title"),
    # a question about a cause names the complaint it explains; "is X a sign of Y" is about X
    ("Can Allergies Cause Dizziness? Symptoms and Relief", "dizziness", "title"),
    ("Can Dehydration Cause High Blood Pressure?", "high blood pressure", "title"),
    # "what (foods) cause Y" asks about Y too, a short Y no vocabulary names included; not "you to ..."
    ("What Foods Cause Tonsil Stones? Prevention Tips", "tonsil stones", "title"),
    ("Can Stress Cause Nosebleeds? Find Out The Connection", "nosebleeds", "title"),
    ("What Vitamin Deficiency Causes You to Feel Cold?", "", NO_CONDITION),
    # a pain in a situation is that pain, not a bare "pain"
    ("Easing Pain When Walking: From Hip to Ankle Discomfort", "pain when walking", "title"),
    ("Pain After a Root Canal: Causes, Complications and Relief", "pain after root canal", "title"),
    # a title head before a list of aspects is the subject, whatever vocabularies name
    ("Bloody Boogers: Causes, Treatments, and Prevention Tips", "bloody boogers", "title"),
    ("Red Feet Uncovered: Symptoms, Causes and Treatment", "red feet", "title"),
    # a head too long to be a name drops the place it ends in; a short one keeps it
    ("Ganglion Cyst on the Foot: Info, Causes, and Treatment", "ganglion cyst", "title"),
    ("Black Spots on Tongue: Causes and Treatment Options", "black spots on tongue", "title"),
    ("Healthline Nutrition — Weight Management", "", NO_CONDITION),
    # an everyday name of a condition (resources/layperson_conditions.tsv); an acronym there names none alone
    ("How to Know If Toenail Fungus Is Dying: Key Signs and Tips", "toenail fungus", "title"),
    ("Are Ear Infections Contagious? Key Facts and Prevention Tips", "ear infections", "title"),
    ("What Are Lice, and Where Do They Come From?", "lice", "title"),
    ("Top 9 Best PCOS Supplements and Vitamins", "", NO_CONDITION),
])
def test_condition_from_title(title, condition, where):
    r = render_plain(f"{title}\nText here.")
    doc = segment.segment([Document(doc_id="x" * 16, source="x.txt", fmt="txt", text=r.text, title=title)])[0]
    assert find_condition(doc) == (condition, where)


def test_condition_from_the_most_discussed_term_and_none():
    text = "Our favourite lunch\nGout flares are painful. Gout comes at night. Many people with gout eat well.\n"
    doc = segment.segment([Document(doc_id="x" * 16, source="x.txt", fmt="txt", text=render_plain(text).text,
                                    title="Our favourite lunch")])[0]
    assert find_condition(doc) == ("gout", "text")
    text = "Banana bread\nMash three bananas. Fold in flour and bake for an hour.\n"
    doc = segment.segment([Document(doc_id="x" * 16, source="x.txt", fmt="txt", text=render_plain(text).text,
                                    title="Banana bread")])[0]
    assert find_condition(doc) == ("", NO_CONDITION)


def test_a_page_that_is_no_health_article_gets_no_condition_and_no_mentions():
    """A software guide's words are seldom a health article's: its "falls" is no cause, and it has no
    condition, with the reason in its row. ``min_health_share = 0`` reads every page; a title that names a
    condition makes a page about it (a news story on the plague) whatever its words."""
    guide = ("Branches let you try an idea without touching the main line. Create one with git switch and commit as "
             "often as you like. When the build falls over, read the log from the bottom up: the last error is "
             "usually the one that matters. Merge conflicts look alarming, but most of them are two edits of one "
             "line. Open the file, choose the version you want, and mark it resolved. Rebase rewrites commits, so "
             "never rebase a branch someone else has fetched. Tags mark releases; publish them explicitly.")
    doc = _extracted("A brief introduction to git branches", guide)
    assert (doc.condition, doc.mentions) == ("", [])
    assert doc.condition_from.startswith("none: not a health article (")
    assert [m.surface for m in _extracted("A brief introduction to git branches", guide,
                                          min_health_share=0.0).mentions] == ["falls"]
    news = ("A hunter in the north of the country caught the plague after eating a wild rabbit, officials said on "
            "Sunday. He had a high fever when he reached the city. The city closed two markets and began checking "
            "travellers at the station. Officials said the risk to the public is low.")
    doc = _extracted("Hunter catches bubonic plague after eating wild rabbit", news)
    assert (doc.condition, doc.condition_from) == ("bubonic plague", "title")
    assert "high fever" in {m.surface for m in doc.mentions}


def test_a_title_that_names_the_condition_by_the_acronym_the_article_defines():
    """"Top 9 PCOS Supplements" names no known term, and the text discusses insulin resistance most; the
    article's "Polycystic ovary syndrome (PCOS)" makes PCOS its subject. An acronym the text does not spell
    out for a condition term ("Vitamin D (VD)") names none."""
    def condition(title: str, body: str) -> tuple[str, str]:
        text = f"{title}\n{body}\n"
        doc = segment.segment([Document(doc_id="x" * 16, source="x.txt", fmt="txt", text=render_plain(text).text,
                                        title=title)])[0]
        return find_condition(doc)

    body = ("Polycystic ovary syndrome (PCOS) affects hormones. Insulin resistance is common. Insulin resistance "
            "raises blood sugar. Insulin resistance can be managed.")
    assert condition("Top 9 Best PCOS Supplements and Vitamins", body) == ("pcos", "title")
    assert condition("Top 9 Best VD Supplements", "Vitamin D (VD) is a nutrient. " + body[body.index("Insulin"):]) \
        == ("insulin resistance", "text")
    from pipeline.stages.condition import _spells

    assert _spells("pcos", "polycystic ovary syndrome") and not _spells("pcos", "ovary syndrome")


@pytest.mark.parametrize("method", ["rules", "hybrid"])
def test_seeking_professional_care_is_a_treatment(method):
    care = RULES.care
    for text in care.examples:
        got = [m for m in _mentions("Back pain overview\n" + text, method=method) if m.type == "treatment"]
        assert any(m.concept in ("medical consultation", "emergency care") for m in got), (text, got)
    for text in care.near_misses:
        assert not care.pattern.search(text), text
    got = {m.surface.lower(): m.concept for m in _mentions(
        "Back pain overview\nGet immediate medical attention for chest pain. Talk with your doctor first.", method=method)}
    assert got["get immediate medical attention"] == "emergency care" and got["talk with your doctor"] == "medical consultation"


@pytest.mark.parametrize("method", ["rules", "hybrid"])
@pytest.mark.parametrize("action", RULES.actions, ids=lambda a: a.id)
def test_action_phrase_example_and_near_miss(action, method):
    got = [m for m in _mentions("Back pain overview\n" + action.example, method=method) if m.type == action.type]
    entry = candidates.lexicon_entries().get(action.concept)  # the lexicon row the action links to, by its surface
    assert any(m.rule == f"action:{action.id}" and m.concept == (entry.concept if entry else m.concept)
               for m in got), (action.id, got)
    assert not action.concept or entry is not None, (action.id, "links to no lexicon row")
    assert not action.pattern.search(action.near_miss), action.id
    match = action.pattern.search(action.example).group(0).lower()
    assert any(a in match.split() for a in action.anchors), (action.id, "the example's match holds no anchor")


def test_the_people_a_condition_is_common_in_are_a_risk_factor_named_alone():
    """Only the named group of a phrase rule is the mention: "men", "adults over age 40" (age), not "more
    common in men"; "less common in younger people" names no risk."""
    got = {m.surface: m.concept for m in _mentions(
        "Gout overview\nGout is more common in men. It is most common in adults over age 40. It is less common "
        "in younger people.") if m.type == "cause"}
    assert "men" in got and got.get("adults over age 40") == "age", got
    assert not any("common" in s or "younger" in s for s in got), got
    for text, who in (("It more commonly affects women than men.", "women"),
                      ("Men are three times more likely to develop gout.", "Men")):
        assert who in {m.surface for m in _mentions("Gout overview\n" + text) if m.type == "cause"}, text
    assert not [m for m in _mentions("Gout overview\nIt affects men and women alike.") if m.type == "cause"]
    got = {m.surface for m in _mentions("Knee pain overview\nIt is common in runners and cyclists.")
           if m.type == "cause"}
    assert {"runners", "cyclists"} <= got, got  # each group a mention of its own


def test_the_people_who_have_a_condition_are_no_risk_factor():
    """"Women with a family history", "10% of women": the people, not a risk named (the risk, where there
    is one, is what follows); "more common in women" names one."""
    got = {m.surface.lower() for m in _markdown_mentions(
        "# Lipedema\n\nLipedema is common.\n\n## Causes\n\nWomen with a family history of lipedema are more "
        "likely to develop the condition themselves.\n", "", "hybrid") if m.type == "cause"}
    assert "family history" in got and "women" not in got, got
    got = [m.surface.lower() for m in _mentions("PCOS overview\nIt is more common in women.") if m.type == "cause"]
    assert "women" in got, got


def test_action_rules_validation_names_the_rule():
    import tomllib

    from pipeline.resources.loader import parse_extract_rules

    data = tomllib.loads((ROOT / "pipeline/resources/extract_rules.toml").read_text(encoding="utf-8"))
    data["action"] = [{"id": "bad", "type": "remedy", "pattern": "(", "example": "x", "near_miss": "y", "anchors": ["x"]}]
    with pytest.raises(ResourceError, match=r"action 'bad': unknown type 'remedy'"):
        parse_extract_rules(data)
    data["action"] = [{"id": "bad", "type": "symptom", "pattern": "(", "example": "x", "near_miss": "y", "anchors": ["x"]}]
    with pytest.raises(ResourceError, match=r"action 'bad': bad pattern"):
        parse_extract_rules(data)
    data["action"] = [{"id": "bad", "type": "symptom", "pattern": "x", "example": "x", "near_miss": "y", "anchors": ["x"],
                       "takes_in": ["disease"]}]
    with pytest.raises(ResourceError, match=r"action 'bad': takes_in: unknown type 'disease'"):
        parse_extract_rules(data)


def test_a_disclaimer_and_a_load_are_no_treatment():
    got = _by_surface(_mentions("Back pain overview\nThis tool should complement, not replace, professional medical "
                                "advice. Orthotic inserts reduce stress on the affected joints."))
    assert "professional medical advice" not in got, got
    assert not any(s.endswith("stress") and t == "treatment" for s, (t, _) in got.items()), got


def test_care_rules_validation_names_the_key():
    from pipeline.resources.loader import parse_care

    raw = {k: ["x"] for k in ("verbs", "determiners", "qualifiers", "professionals", "professional_suffixes", "seek",
                              "kinds", "care", "medical_care", "appointments", "urgent", "examples", "near_misses")}
    raw["verbs"] = "see"
    with pytest.raises(ResourceError, match=r"\[care\] verbs must be a list"):
        parse_care(raw, "extract_rules.toml")


def test_extract_lexicon_validation_names_the_row():
    bad = "surface,concept,type\nice,cold therapy,treatment\nice,ice age,cause\nfoo,,symptom\nbar,bar,disease\n"
    with pytest.raises(ResourceError) as err:
        parse_lexicon(bad, "lex.csv")
    msg = str(err.value)
    assert "lex.csv row 3 ('ice'): surface also listed with type 'treatment' at row 2" in msg
    assert "lex.csv row 4 ('foo'): a symptom needs a concept" in msg
    assert "lex.csv row 5 ('bar'): unknown type 'disease'; allowed: cause, symptom, treatment, exercise, none" in msg


def test_extract_offsets_point_into_the_document():
    text = "Neck pain\nPoor posture and stress cause neck pain. Try a heating pad."
    r = render_plain(text)
    doc = segment.segment([Document(doc_id="y" * 16, source="y.txt", fmt="txt", text=r.text)])[0]
    for m in extract.extract([doc], ExtractSettings())[0].mentions:
        assert doc.text[m.start:m.end] == m.surface


def test_extract_golden_mentions_for_seed_000(tmp_path: Path):
    """The seed's mentions.csv rows as a golden file: regenerate on purpose with `make golden`, review the diff."""
    from pipeline.cli import main

    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "000_0ddf153a1aa01862.txt").write_bytes((ROOT / "raw" / "000_0ddf153a1aa01862.txt").read_bytes())
    assert main(["curate", "--raw", str(raw), "--out", str(tmp_path / "o"), "--quiet", "--workers", "1"]) == 0
    got = (tmp_path / "o" / "mentions.csv").read_text(encoding="utf-8")
    assert got == (GOLDEN / "mentions_000.csv").read_text(encoding="utf-8")


_sentence_parts = ["back pain", "Herniated Discs", "caused by", "not", "it's", "don't", "e.g.", "Dr.", "(sciatica)",
                   "stretching,", "ice.", "U.S.", "x-ray", "5-10", "minutes", "“quoted”", "pain.Wrong", "—", "café",
                   "and", "or", "yoga", "can't"]


def test_extract_sentence_tokens_are_each_sentences_own():
    """One Doc for a document's sentences gives each sentence the tokens, character offsets and phrase
    matches of a Doc of that sentence alone."""
    from hypothesis import given, settings as hsettings, strategies as st

    ex = extract.extractor()
    sentence = st.lists(st.sampled_from(_sentence_parts), min_size=1, max_size=8).map(" ".join)

    @hsettings(max_examples=150, deadline=None)
    @given(st.lists(sentence, min_size=1, max_size=6))
    def check(texts):
        for text, got in zip(texts, base.sentence_tokens(texts, ex)):
            alone = extract.text_tokens(text, ex)
            assert [got[i].text for i in range(len(got))] == [alone[i].text for i in range(len(alone))]
            assert [got.chars(i, i + 1) for i in range(len(got))] == [alone.chars(i, i + 1) for i in range(len(alone))]
            assert got.matches == alone.matches
            assert got.char_span(0, len(text)) == alone.char_span(0, len(text)) == (0, len(alone))

    check()


def _matched(texts: list[str]) -> list[bool]:
    """Whether each text has a match that can make a mention: a typed lexicon entry, a cue, a trigger
    about the sentence before."""
    ex = extract.extractor()
    before = {t.id for t in RULES.triggers if t.direction == "previous_sentence"}

    def counts(tdoc, name, match_id) -> bool:
        key = tdoc.vocab.strings[match_id]
        if name in ("exact", "lemma"):
            return ex.entries[int(key)].type != "none"
        return name == "cues" or key in before

    return [any(counts(t, name, m) for name in t.matches for m, _, _ in t.matches[name])
            for t in base.sentence_tokens(texts, ex)]


def test_extract_anchor_filter_keeps_every_matching_sentence_of_the_seeds():
    """Without the tagger (a page about no condition, or method "rules"), extraction tokenizes only the
    sentences ``Anchors.may_match`` keeps: none it drops has a match that makes a mention, and it drops a
    good share."""
    from pipeline import io as pio
    from pipeline.config import load_settings
    from pipeline.passes import documents

    settings = load_settings()
    raws = list(pio.iter_raw(ROOT / "raw", settings.ingest.max_bytes))
    texts = [s.text for d in documents(raws, settings, "segment") for s in d.sentences]
    ex = extract.extractor()
    keep = [ex.anchors.may_match(t) for t in texts]
    assert all(k for k, m in zip(keep, _matched(texts)) if m)
    assert keep.count(False) > len(texts) // 10


def _pattern_words() -> list[str]:
    ex = extract.extractor()
    words = sorted({w for e in ex.entries for w in e.surface.lower().split()}
                   | {w for c in RULES.cues for p in c.phrases for w in p.split()}
                   | {w for t in RULES.triggers for p in t.phrases for w in p.split()})
    return words


@pytest.fixture(scope="module")
def pattern_words() -> list[str]:
    return _pattern_words()


def test_extract_anchor_filter_keeps_generated_matches(pattern_words):
    """Generated sentences made of the patterns' words, spaCy's special cases ("cannot", "dont"), case
    changes and glue characters: whenever a match can make a mention, ``may_match`` keeps the sentence."""
    from hypothesis import given, settings as hsettings, strategies as st

    from pipeline.nlp import get_nlp

    specials = sorted(k for k in get_nlp().tokenizer.rules if k.strip())[::7]
    word = st.sampled_from(pattern_words) | st.sampled_from(specials) | st.sampled_from(["x", "10", "2mg", "é"])
    case = st.sampled_from([str, str.upper, str.title])
    glue = st.sampled_from([" ", " ", " ", "-", "", ", ", "'s ", "(", ") ", ". ", "/", "’", "\u0301 "])

    @hsettings(max_examples=500, deadline=None)
    @given(st.lists(st.tuples(word, case, glue), min_size=1, max_size=12))
    def check(parts):
        text = "".join(c(w) + g for w, c, g in parts).strip()
        if not text:
            return
        if _matched([text])[0]:
            assert extract.extractor().anchors.may_match(text), text

    check()


def test_extract_matchers_from_memoized_patterns_are_the_built_ones(tmp_path, monkeypatch):
    """The matchers' patterns and anchors read back from the derived table (a run after the first) are
    the ones built from the lexicon and the rules, in the same order; the table is written once."""
    from pipeline import derived

    monkeypatch.setenv("PIPELINE_DERIVED_DIR", str(tmp_path))
    built = base._pattern_words(base.lexicon(), base.extract_rules())
    extract.extractor.cache_clear()
    try:
        first = extract.extractor()  # builds and writes the table
        (table,) = tmp_path.glob("matcher-patterns-*.marshal")
        extract.extractor.cache_clear()
        second = extract.extractor()  # reads it
    finally:
        extract.extractor.cache_clear()
    assert derived.marshal.loads(table.read_bytes()) == built
    assert len(built["exact"]) == len(base.lexicon()) and built["cues"] and built["triggers"]

    def patterns(ex):  # each matcher's keys and token hashes, in the order they were added
        return {name: [(key, [list(map(int, d)) for d in docs])
                       for key, docs in getattr(ex, name).__reduce__()[1][1].items()] for name in base._MATCHER_NAMES}

    assert patterns(first) == patterns(second) and first.anchors == second.anchors
    text = "Herniated discs and back pain are caused by poor posture; symptoms include numbness."
    assert [t.matches for t in base.sentence_tokens([text], first)] == \
           [t.matches for t in base.sentence_tokens([text], second)]


def test_items_listed_under_a_heading_of_things_to_avoid_are_never_advice():
    from pipeline.stages.extract import AVOID_SECTION

    for heading in ("Foods to Avoid", "7 Foods to Avoid with COPD for Better Breathing", "Exercises to avoid",
                    "What not to eat", "Don'ts"):
        assert AVOID_SECTION.search(heading), heading
    for heading in ("Tips to Avoid Back Pain", "Limitations and Who Should Avoid It", "Do's and Don'ts",
                    "Preventive Measures to Avoid Itching", "Home remedies"):
        assert not AVOID_SECTION.search(heading), heading
    from pipeline.config import load_settings
    from pipeline.passes import documents
    from pipeline.records import RawInput

    settings = load_settings()
    text = ("# Back pain relief\n\nBack pain is common.\n\n## Remedies to avoid\n\n- Heat therapy in the first 48 hours.\n"
            "- Bed rest for more than two days.\n\n## What helps\n\n- Massage relaxes tight muscles.\n")
    doc = documents([RawInput("back.md", data=text.encode())], settings)[0]
    flags = {m.section: set() for m in doc.mentions}
    for m in doc.mentions:
        if m.type in ("treatment", "exercise"):
            flags[m.section].add(m.flag)
    assert flags["Remedies to avoid"] == {"contraindicated"}, [(m.surface, m.type, m.flag) for m in doc.mentions]
    assert flags["What helps"] == {""}


@pytest.mark.parametrize("lead,avoids", [
    ("Here’s what to avoid:", True), ("You should avoid:", True), ("Foods to steer clear of include:", True),
    ("You may need to avoid or limit foods and drinks like these:", True),
    ("Some foods that are known to cause constipation and should be avoided include:", True),
    ("Here are some tips to help you avoid future occurrences:", False),
    ("To try to avoid food poisoning, take these steps:", False),
    ("Certain individuals should avoid using ashwagandha:", False),
])
def test_a_sentence_introducing_things_to_avoid(lead, avoids):
    from pipeline.stages.extract import AVOID_LEAD

    assert bool(AVOID_LEAD.search(lead)) == avoids


def test_a_list_of_things_to_avoid_flags_its_items_and_makes_its_foods_causes():
    from pipeline.config import load_settings
    from pipeline.passes import documents
    from pipeline.records import RawInput

    text = ("# Gout diet\n\nGout is a form of arthritis.\n\n## Home remedies for gout\n\nA balanced diet with "
            "cherries and low-fat dairy helps. Here’s what to avoid:\n\n- Red meat\n- Beer\n- Sugary drinks\n- Hot baths\n"
            "- Instead, use a heating pad and massage on the sore joints every evening.\n\nMassage and heat therapy help.\n")
    doc = documents([RawInput("gout.md", data=text.encode())], load_settings())[0]
    got = {(m.surface.lower(), m.sentence_index): (m.type, m.flag) for m in doc.mentions}
    by = {s: v for (s, _), v in got.items()}
    assert "here’s what to avoid" not in by, got
    assert by["hot baths"] == ("treatment", "contraindicated"), got
    for food in ("red meat", "beer", "sugary drinks"):  # a food advised against is a cause, never advice
        assert by[food] == ("cause", ""), got
    # a longer item is prose: its own words decide, and what the article recommends stays advice
    assert {f for (s, _), (_, f) in got.items() if s in ("massage", "heating pad")} == {""}, got


@pytest.mark.parametrize("item, food, flag", [
    # the foods a labelled item's text names are kinds of its label: advised against like it
    ("Fast food: Burgers, fries, and other fast food items are high in unhealthy fats.", "fast food items",
     "contraindicated"),
    ("Heavy cream: Found in rich sauces and desserts, it can be difficult to digest.", "rich sauces",
     "contraindicated"),
    # not what it recommends instead, nor what is no food
    ("Dairy: Heavy cream is hard on digestion; choose skim milk instead.", "skim milk", ""),
    ("Dairy: Heavy cream and skim milk are hard on digestion.", "skim milk", "contraindicated"),
    ("Fried snacks: Chips are hard on digestion, so ask your surgeon.", "surgeon", ""),
])
def test_the_foods_a_labelled_item_of_a_list_of_things_to_avoid_names_are_advised_against(item, food, flag):
    from pipeline.config import load_settings
    from pipeline.records import Mention

    settings = load_settings()
    r = render_markdown(f"# Diet after surgery\n\nFoods to steer clear of include:\n\n- {item}\n")
    doc = segment.segment([Document(doc_id="d" * 16, source="d.md", fmt="md", text=r.text, title="Diet after surgery",
                                    layout=r.layout)])[0]
    views, _ = extract.analyse(doc, extract.extractor(), settings.extract)
    view = next(v for v in views if v.sentence.text.startswith(item[:10]))
    s = view.sentence
    a = s.text.index(food)
    m = Mention(mention_id="m", doc_id=doc.doc_id, sentence_index=s.index, start=s.start + a,
                end=s.start + a + len(food), type="treatment", surface=food, norm=food)
    extract._avoid_listed(view, "", [(0, 0, m)], {s.index}, extract.extractor().rules,
                          extract.lexical(settings.spin.wordnet_path))
    assert m.flag == flag


def test_what_is_advised_against_under_a_numbered_heading_of_foods_to_avoid_is_a_cause():
    """"Foods to Avoid > 1. Acidic Foods": what the subsection advises against is a food even where its words
    alone do not say so ("citrus fruits"), what it recommends instead stays advice, and a numbered heading
    is an entry of the list its parent heading announces ("2. Massage Oils")."""
    from pipeline.config import load_settings
    from pipeline.passes import documents
    from pipeline.records import RawInput

    text = ("# Interstitial cystitis diet\n\nInterstitial cystitis is a bladder condition.\n\n## Foods to Avoid\n\n"
            "### 1. Acidic Foods\n\nAcid irritates the bladder. Here’s what to avoid:\n\n- Citrus fruits\n- Mint\n\n"
            "Recommendations: Try a balanced diet.\n\n### 2. Massage Oils\n\nNone known.\n")
    doc = documents([RawInput("ic.md", data=text.encode())], load_settings())[0]
    by = {m.surface.lower(): (m.type, m.flag) for m in doc.mentions}
    assert by["citrus fruits"] == by["mint"] == ("cause", ""), by
    assert by["balanced diet"] == ("treatment", ""), by
    assert by["massage"] == ("treatment", "contraindicated"), by


@pytest.mark.parametrize("sentence,foods,not_foods", [
    ("Include oats, quinoa, brown rice and barley in your meals.", ["oats", "brown rice", "barley"], ["meals"]),
    ("Recommendations: Switch to non-dairy alternatives like almond milk or oat milk.", ["almond milk", "oat milk"], []),
    ("Plant-based protein sources, such as beans and lentils, are good alternatives.",
     ["plant-based protein sources", "beans", "lentils"], []),
    ("Use herbs and spices to flavor food instead of salt.", ["herbs", "spices"], ["flavor food", "salt"]),
    ("Opt for fresh meats over processed ones.", ["fresh meats"], ["processed ones"]),
    ("Add a handful of almonds to your breakfast.", ["almonds"], ["breakfast", "handful"]),
])
def test_foods_an_article_recommends_eating_are_treatments(sentence, foods, not_foods):
    """Diet changes are treatments (annotation guide): the foods a sentence of eating advice names, and
    not what they replace, the meal they go in or a measure of them."""
    got = _by_surface(_mentions("Gout diet\n" + sentence))
    for food in foods:
        assert got.get(food) == ("treatment", ""), (food, got)
    for other in not_foods:
        assert other not in got or got[other][0] != "treatment", (other, got)


@pytest.mark.parametrize("sentence", [
    "Use your legs to lift heavy boxes.",                 # a body part is no food, "use" no eating advice
    "Choose a smaller plate to control portions.",
    "Fiber slows the absorption of sugar into the blood.",  # no advice to eat: no foods listed as treatments
    "Eat slowly and savor each bite.",
])
def test_sentences_that_are_not_eating_advice_name_no_foods(sentence):
    got = _mentions("Gout diet\n" + sentence)
    assert not [m for m in got if m.rule == "diet"], [(m.surface, m.rule) for m in got]


@pytest.mark.parametrize("sentence,foods", [
    ("Common triggers include spicy foods, chocolate and coffee.", ["spicy foods", "chocolate", "coffee"]),
    ("Beer and sugary sodas can raise uric acid levels.", ["beer", "sugary sodas"]),
])
def test_foods_a_sentence_says_bring_on_the_condition_are_causes(sentence, foods):
    got = _by_surface(_mentions("Gout overview\n" + sentence))
    for food in foods:
        assert got.get(food, ("",))[0] == "cause", (food, got)


@pytest.mark.parametrize("sentence,foods,not_foods", [
    ("Limit sweets and foods with artificial sweeteners.", ["artificial sweeteners"], []),
    ("Avoid processed foods and opt for fresh, whole foods instead.", ["processed foods"], ["whole foods"]),
    ("Tip: Avoid fried foods and red meat.", ["fried foods", "red meat"], []),
])
def test_foods_advice_says_to_avoid_or_cut_down_on_are_causes(sentence, foods, not_foods):
    """A cause the text tells you to avoid is simply a cause (annotation guide): the foods advice opens by
    limiting, up to what it recommends instead."""
    got = _by_surface(_mentions("Gout diet\n" + sentence))
    for food in foods:
        assert got.get(food, ("",))[0] == "cause", (food, got)
    for other in not_foods:
        assert got.get(other, ("",))[0] != "cause", (other, got)


def test_skin_and_hair_in_advice_are_no_foods():
    """WordNet knows "skin" and "hair" as foods in rare senses (a fruit's skin); advice that uses or
    chooses something near them names no food."""
    text = ("# Menopause Acne\n\n## How to treat menopause acne?\n\n- Gentle Cleansing: Use a mild cleanser to "
            "remove excess oil and impurities without stripping the skin.\n- Product Selection: Choose "
            "fragrance-free products to avoid irritating the hair and skin.\n")
    got = _markdown_mentions(text, "Menopause Acne", "hybrid")
    assert not [m for m in got if m.rule == "diet"], [(m.surface, m.rule) for m in got]


@pytest.mark.parametrize("sentence", [
    "These hormones help regulate blood sugar by triggering glucose production.",  # no food: a measure
    "Recognizing these symptoms early can lead to prompt treatment, helping to preserve vision.",
    "Stress can trigger flare-ups of the skin.",
])
def test_a_harm_sentence_without_a_food_names_none(sentence):
    got = _mentions("Gout overview\n" + sentence)
    assert not [m for m in got if m.rule == "diet"], [(m.surface, m.rule) for m in got]


def test_a_heading_of_recommended_foods_makes_its_foods_treatments_and_one_of_foods_to_avoid_does_not():
    text = ("# Gout diet\n\nGout is a form of arthritis.\n\n## Best Foods for Gout\n\n- Cherries: rich in "
            "antioxidants.\n- Low-fat yogurt\n\n## Worst Foods for Gout\n\n- Red meat\n- Anchovies\n")
    by = _by_surface(_markdown_mentions(text, "Gout diet", "hybrid"))
    assert by["cherries"] == by["low-fat yogurt"] == ("treatment", ""), by
    assert "anchovies" not in by or by["anchovies"][0] != "treatment", by


@pytest.mark.parametrize("text,item,flag", [
    ("Do not apply ice directly to your skin.", "ice", ""),             # only the manner is advised against
    ("Avoid applying heat too soon after the injury.", "heat", ""),
    ("Do not use a heating pad for more than 20 minutes.", "heating pad", ""),
    ("Do not apply ice to a numb area.", "ice", "contraindicated"),    # the item itself, there
    ("Avoid heat therapy on a fresh injury.", "heat therapy", "contraindicated"),
    # what it is combined with, or when, forward and backward
    ("Do not take ibuprofen with alcohol.", "ibuprofen", ""),
    ("Do not take ibuprofen on an empty stomach.", "ibuprofen", ""),
    ("Aspirin should not be taken with other blood thinners.", "aspirin", ""),
    ("Aspirin should not be taken by children.", "aspirin", "contraindicated"),
    ("Do not take ibuprofen.", "ibuprofen", "contraindicated"),
])
def test_advice_against_a_manner_of_an_item_leaves_the_item_advice(text, item, flag):
    got = [(m.surface.lower(), m.flag) for m in _mentions("Back pain overview\n" + text) if m.type == "treatment"]
    hits = [f for s, f in got if item in s]
    assert hits and all(f == flag for f in hits), got


def test_what_a_definition_says_the_condition_is_is_not_its_cause():
    got = _by_surface(_mentions("Strep throat overview\nStrep throat is a bacterial infection of the throat."))
    assert got.get("bacterial infection", ("",))[0] != "cause", got
    got = _by_surface(_mentions("Rash overview\nAnother possibility is an allergic reaction to the dye."))
    assert got.get("allergic reaction", ("",))[0] == "cause", got
    # the name may carry its abbreviation in brackets
    got = _by_surface(_markdown_mentions("# HPV\n\nHuman papillomavirus (HPV) is a viral infection that's passed "
                                         "between people through skin-to-skin contact.\n", "", "hybrid"))
    assert got.get("viral infection", ("",))[0] != "cause", got


def test_the_activity_a_complaint_comes_with_is_no_exercise():
    got = [(m.surface.lower(), m.type) for m in _mentions(
        "Knee pain overview\nSharp pain in the knee while walking is common. It can worsen after running. "
        "Walking every day can help.")]
    assert ("walking", "exercise") in got, got  # advised: "Walking every day can help"
    assert ("running", "exercise") not in got and got.count(("walking", "exercise")) == 1, got
    got = [(m.surface.lower(), m.type) for m in _mentions(
        "Knee pain overview\nKnee pain could impede activity such as walking, running, or squatting. It can "
        "make everyday activities like cycling hard.")]
    assert not [s for s, t in got if t == "exercise"], got


def test_advice_that_names_a_complaint_with_the_next_word_is_no_advice():
    """"Walking pneumonia", "amoxicillin rash", "braces pain": a complaint's name; walking advised stays."""
    got = [(m.surface, m.type, m.sentence_index) for m in _markdown_mentions(
        "# Pneumonia\n\nPneumonia is common.\n\n## Types\n\nWalking pneumonia is a milder case of pneumonia. "
        "Mycoplasma pneumoniae often leads to walking pneumonia.\n\n## Treatment\n\nWalking every day can help "
        "recovery.\n", "", "hybrid")]
    walking = [m for m in got if m[0].lower() == "walking"]
    assert len(walking) == 1 and walking[0][2] == max(i for _, _, i in got), got


def test_the_short_items_of_a_list_of_symptoms_are_symptoms():
    got = {m.surface: m.type for m in _markdown_mentions(
        "# COPD\n\nCOPD is a lung disease.\n\n## Overview\n\nSymptoms of COPD include:\n\n- Chronic cough\n"
        "- Wheezing\n- Coughing after exposure to cold air\n", "", "hybrid")}
    assert got.get("Coughing") == "symptom", got
    for lead in ("Symptoms of COPD include:", "Common signs are:", "Pink Eye Symptoms:", "The symptoms may include:"):
        assert candidates.SYMPTOM_LEAD.search(lead), lead
    for lead in ("Managing symptoms:", "These foods can make symptoms worse:", "Conditions with similar symptoms:",
                 "What causes these symptoms:", "Symptoms of COPD include coughing."):
        assert not candidates.SYMPTOM_LEAD.search(lead), lead


def test_a_label_that_leads_into_a_list_is_no_section_item():
    got = [(m.surface, m.rule) for m in _markdown_mentions(
        "# Back pain\n\nBack pain is common.\n\n## Prevention\n\nIt’s crucial to:\n\n- Keep a healthy weight\n"
        "- Lift with your legs\n", "", "hybrid")]
    assert ("Keep a healthy weight", "model") in got and not [s for s, _ in got if s.endswith(" to")], got


def test_items_under_a_bold_label_take_its_class():
    """"**Common Causes**:" heads the list under it: a named condition there is a cause, as under a
    "## Common Causes" heading."""
    body = "\n\n- Baker's Cyst: A fluid-filled cyst behind the knee.\n- Hamstring Tendonitis: Tendons that hurt.\n"
    intro = "# Knee pain\n\nKnee pain is common.\n\n## Pain after sitting\n\nIt can be uncomfortable.\n\n"
    for label in ("**Common Causes**:", "## Common Causes"):
        got = {(m.surface, m.type) for m in _markdown_mentions(intro + label + body, "", "hybrid")}
        assert {("Baker's Cyst", "cause"), ("Hamstring Tendonitis", "cause")} <= got, (label, got)


def test_a_muscle_names_which_complaint():
    """"Hamstring tendonitis" is the complaint with the muscle it is about (the annotation's shortest name
    that still says which one), in a sentence and in an item's label."""
    intro = "# Knee pain\n\nKnee pain is common.\n\n## Pain after sitting\n\n"
    for body in ("Hamstring tendonitis can cause pain behind the knee after sitting.\n",
                 "- Hamstring Tendonitis: Inflammation of the hamstring tendons that can worsen after long sitting.\n"):
        got = {m.surface.lower() for m in _markdown_mentions(intro + body, "", "hybrid") if m.type == "cause"}
        assert "hamstring tendonitis" in got, (body, got)


def test_the_affected_area_is_a_place_not_a_mention():
    got = [m.surface.lower() for m in _markdown_mentions(
        "# Sinus infection\n\nSinus infections are common.\n\n## Home remedies\n\nWarm Compresses: Applying a "
        "warm compress to the affected ear can help relieve the pain.\n", "", "hybrid")]
    assert "warm compress" in got and not [s for s in got if s.startswith("affected")], got


@pytest.mark.parametrize("text,causes", [
    ("Type 2 diabetes overview\nDiabetes can cause many problems, and your doctor can diagnose diabetes. "
     "Obesity and smoking can cause type 2 diabetes.", ["Obesity", "smoking"]),
    ("Lung cancer overview\nCancer cells can spread. Smoking causes most lung cancers.", ["Smoking"]),
    # the head of "painful sex after menopause" is "sex": menopause stays its cause
    ("Painful sex after menopause\nMenopause can cause painful sex.", ["Menopause"]),
    # the condition in other words: another form of its words ("cough" in an article on coughing)
    ("Coughing overview\nA cough can come from smoking.", ["smoking"]),
])
def test_a_part_of_the_conditions_name_is_the_topic_not_a_cause(text, causes):
    assert [m.surface for m in _mentions(text) if m.type == "cause"] == causes


@pytest.mark.parametrize("text,kept,dropped", [
    ("The American Cancer Society says smoking causes most cases.", ["smoking"], ["Cancer"]),
    ("According to Johns Hopkins Medicine, ice can help.", ["ice"], ["Medicine"]),
    # a name that is a disease's own, and a sentence's first word, stay mentions
    ("Strep throat is caused by group A Streptococcus.", ["Streptococcus"], []),
    ("Surgery can help, says the American Academy of Orthopaedic Surgeons.", ["Surgery"], []),
])
def test_a_mention_inside_an_organizations_name_is_none(text, kept, dropped):
    got = [m.surface for m in _mentions("Back pain overview\n" + text)]
    assert all(k in got for k in kept) and not any(d in got for d in dropped), got


def test_a_treatments_side_effects_are_no_symptoms_of_the_condition():
    got = _by_surface(_mentions("Back pain overview\nThese drugs have side effects such as nausea and dizziness. "
                                "Back pain can come with numbness and nausea."))
    assert got.get("dizziness", ("",))[0] != "symptom" and got["numbness"][0] == "symptom", got
    got = _by_surface(_mentions("Back pain overview\nThe most common adverse reactions were nausea (4%) and "
                                "dizziness (1%). Back pain can come with numbness."))
    assert got.get("dizziness", ("",))[0] != "symptom" and got["numbness"][0] == "symptom", got


def test_an_acronym_takes_the_type_and_concept_of_what_it_abbreviates():
    got = {m.surface: (m.type, m.concept) for m in _mentions(
        "Back pain overview\nCauses include peripheral artery disease (PAD). Use a heating pad daily.")}
    assert got["PAD"] == got["peripheral artery disease"] and got["PAD"][0] == "cause", got
    assert got["heating pad"][0] == "treatment", got


def test_a_forward_trigger_stops_where_a_new_clause_has_its_own_subject():
    got = _by_surface(_mentions("Back pain overview\nYou may treat it but don't see a change, you may still try massage therapy."))
    assert got["massage therapy"] == ("treatment", ""), got
    got = _by_surface(_mentions("Back pain overview\nDon't use massage therapy, heat or ice on a fresh fracture."))
    assert got["massage therapy"] == ("treatment", "contraindicated"), got


@pytest.mark.parametrize("text,word", [
    ("Most nosebleeds don't require medical attention.", "medical"),
    ("Online tools should never replace professional medical advice.", "medical"),
])
def test_a_verdict_on_something_else_is_not_advice_against(text, word):
    got = _by_surface(_mentions("Back pain overview\n" + text, method="hybrid"))
    hits = [flag for s, (_, flag) in got.items() if word in s]
    assert hits and all(flag == "" for flag in hits), got


def test_a_word_of_a_conditions_name_is_no_treatment():
    got = _by_surface(_mentions("Diabetes overview\nInsulin resistance and obesity raise the risk."))
    assert "insulin" not in got and got["obesity"] == ("cause", "")
    got = _by_surface(_mentions("Diabetes overview\nMany people with diabetes need insulin."))
    assert got["insulin"] == ("treatment", "")


@pytest.mark.parametrize("text, opening, item, flag", [
    # a mention that opens with an avoidance trigger ("avoiding certain medications") is advice to avoid,
    # and the trigger still reaches what is coordinated with it
    ("These include avoiding certain medications or supplements.", "avoiding certain medications",
     "supplements", "contraindicated"),
    # a trigger that is part of a mention's name ("stop-smoking programs") is ignored
    ("Try stop-smoking programs or supplements.", "stop-smoking programs", "supplements", ""),
])
def test_extract_trigger_opening_a_mention(text, opening, item, flag):
    from pipeline.config import load_settings
    from pipeline.records import Mention

    ex, lx = extract.extractor(), extract.lexical(load_settings().spin.wordnet_path)
    tdoc = extract.text_tokens(text, ex)

    def mention(surface: str):
        a = text.index(surface)
        span = tdoc.char_span(a, a + len(surface))
        return (*span, Mention(mention_id=surface, doc_id="d", sentence_index=0, start=a, end=a + len(surface),
                               type="treatment", surface=surface, norm=surface))

    mentions = [mention(opening), mention(item)]
    flags.flag_mentions(tdoc, mentions, ex, lx, [])
    assert mentions[0][2].flag == "" and mentions[1][2].flag == flag, [m.flag for _, _, m in mentions]


def test_extract_gerund_trigger_scope_ends_at_its_verb():
    # "avoiding head trauma is crucial": the gerund's object ends at the clause's verb
    got = _by_surface(_mentions("Back pain overview\nAvoiding head trauma is crucial, and physical therapy may help."))
    assert got["physical therapy"] == ("treatment", ""), got


@pytest.mark.parametrize("text, surface, flag", [
    # "without" denies what follows it; "with or without" and "without treatment" do not
    ("Ankle pain without swelling can be puzzling.", "swelling", "negated"),
    ("You may have nausea with or without vomiting.", "vomiting", ""),
    ("Without treatment, swelling can get worse.", "swelling", ""),
    ("There was no swelling around the joint.", "swelling", "negated"),
])
def test_extract_negation_scope(text, surface, flag):
    got = _by_surface(_mentions("Back pain overview\n" + text))
    assert got[surface] == ("symptom", flag), got


@pytest.mark.parametrize("text, cause, kept", [
    # what the article's condition brings about, or its complications, are not its causes
    ("Untreated back pain can lead to depression and obesity.", "obesity", False),
    ("Back pain can lead to complications, such as obesity.", "obesity", False),
    # what brings the condition on is, however the sentence is built
    ("Depression and obesity can lead to back pain.", "obesity", True),
    ("Back pain is often caused by obesity.", "obesity", True),
    ("Complications such as a herniated disc can cause back pain.", "herniated disc", True),
    ("Stress worsens back pain by causing obesity.", "obesity", True),
    # a raised risk or likelihood is brought about the same way, whichever side names the condition
    ("People with back pain are more likely to experience depression and obesity.", "obesity", False),
    ("Back pain may increase your chances of developing depression and obesity.", "obesity", False),
    ("People with back pain are at higher risk of obesity.", "obesity", False),
    ("Obesity increases your chances of developing back pain.", "obesity", True),
    # a participle after a comma has the sentence's subject: the condition's, or another's
    ("Back pain can significantly affect your mood, leading to obesity and stress.", "obesity", False),
    ("Stress can tighten the muscles, leading to obesity and back pain.", "obesity", True),
    # "it" after a clause that names the condition stands for it; after one that names another thing, not
    ("When back pain flares, it can lead to obesity.", "obesity", False),
    ("When stress builds up, it can lead to obesity and back pain.", "obesity", True),
    ("Stress doesn't cause back pain directly, but it can lead to obesity.", "obesity", True),
    # what the sentence says the condition brings about, in the passive
    ("Obesity can become triggered by back pain.", "obesity", False),
    ("Obesity caused by stress is a risk for back pain.", "obesity", True),
])
def test_extract_consequence_is_no_cause(text, cause, kept):
    got = _by_surface(_mentions("Back pain overview\n" + text))
    assert (got.get(cause) == ("cause", "")) is kept, got


def test_the_condition_is_named_by_its_head_not_by_what_qualifies_it():
    """In an article on "phlegm after eating" the condition is phlegm: what raises the likelihood of acid
    reflux is not the condition, so acid reflux stays its cause; what phlegm leads to is not."""
    text = ("# Phlegm After Eating: Causes, Complications, and Tips\n\nPhlegm after eating is common.\n\n"
            "## Causes\n\nEating close to bedtime can increase the likelihood of acid reflux, which can trigger "
            "phlegm production. Phlegm can lead to a sore throat.\n")
    assert "acid reflux" in _causes("phlegm.md", text, "phlegm after eating")


def test_extract_verb_with_its_object_is_no_symptom():
    # "numb the area" is what ice does; feeling numb is a symptom
    assert "numb" not in _by_surface(_mentions("Back pain overview\nApply ice to numb the area."))
    assert _by_surface(_mentions("Back pain overview\nYour toes may feel numb at night."))["numb"] == ("symptom", "")


@pytest.mark.parametrize("text, item, typ", [
    # what the condition comes from, after or is caused by is its cause, even a treatment
    ("Bloating after surgery is common.", "surgery", "cause"),
    ("Bloating caused by antibiotics can last a week.", "antibiotics", "cause"),
    ("Surgery and antibiotics can ease bloating in rare cases.", "antibiotics", "treatment"),
    # up to two words may name which ("after gallbladder surgery"); a verb or a function word may not
    ("Bloating after gallbladder surgery is common.", "surgery", "cause"),
    ("Bloating after meals requires surgery in rare cases.", "surgery", "treatment"),
    ("Bloating after birth to ease with surgery.", "surgery", "treatment"),
    # "X-induced" / "X-related" before the condition's head word
    ("Aspirin-induced bloating is rare.", "aspirin", "cause"),
    # a word of how often may stand between ("bloating, particularly after surgery")
    ("Fibroids can cause bloating, particularly after surgery.", "surgery", "cause"),
])
def test_extract_what_brings_the_condition_on_is_its_cause(text, item, typ):
    got = _by_surface(_mentions("Bloating After Surgery\n" + text, title="Bloating After Surgery"))
    assert got[item] == (typ, ""), got


@pytest.mark.parametrize("word, describes", [
    ("swelling", True), ("flares", True), ("colds", True), ("piercings", True), ("stretches", True),
    ("walking", True), ("resting", True),
    # fragments of a longer mention: forms of verbs and adjectives WordNet lists only as their lemma
    ("worsens", False), ("radiates", False), ("applying", False), ("maintaining", False), ("thicker", False),
    ("sudden", False), ("consult", False),
])
def test_a_lone_word_names_a_mention_only_when_it_can_be_a_thing(word, describes):
    assert words.describes(word, extract.lexical()) is describes


def test_the_first_half_of_a_contraction_is_no_mention():
    for text in ("Back pain overview\nMost of the time, you won’t need treatment for back pain.",
                 "Back pain overview\nYou can't always prevent back pain."):
        got = [m.surface.lower() for m in _mentions(text)]
        assert "wo" not in got and "ca" not in got, got
    assert words.contraction(["you", "wo", "n’t"], 1) and not words.contraction(["you", "wo"], 1)


@pytest.mark.parametrize("text, head, trait", [
    ("Rosacea is a skin condition characterized by thickened ", "rosacea", "own"),
    ("PCOS is characterized by a range of symptoms, including ", "pcos", "own"),
    ("Perimenopause is the phase before menopause, marked by ", "perimenopause", "own"),
    ("Anemia, characterized by ", "fatigue", "other"),
    # where what marks it ends: a word of bringing about, another clause, the comma after an opening phrase
    ("Sciatica is marked by pain caused by ", "sciatica", ""),
    ("This condition, characterized by an imbalance in the bacteria, can lead to ", "vaginitis", ""),
    ("Pleurisy: Characterized by inflammation of the pleura, ", "pain", ""),
    ("Osteoporosis, characterized by weakened bones, is common after ", "pain", ""),
    ("Back pain is often caused by ", "pain", ""),
])
def test_what_marks_a_condition_is_told_from_what_causes_it(text, head, trait):
    assert context.characterized(text, len(text), head) == trait


def test_what_marks_the_condition_is_its_symptom_and_what_marks_another_is_no_cause():
    got = _by_surface(_mentions("Asthma overview\nAsthma is a chronic respiratory condition characterized by "
                                "inflammation and narrowing of the airways."))
    assert got["inflammation"][0] == "symptom", got
    got = _by_surface(_mentions("Heel pain overview\nHeel pain has many causes. Plantar fasciitis is a condition "
                                "characterized by inflammation of the plantar fascia."))
    assert got["plantar fasciitis"][0] == "cause" and got.get("inflammation", ("",))[0] != "cause", got


def test_what_a_treatment_brings_about_is_no_treatment():
    got = _by_surface(_mentions("Diabetes overview\nExercise improves insulin sensitivity. Yoga promotes relaxation."))
    assert "insulin" not in got and "relaxation" not in got and got["yoga"][0] == "exercise", got
    # an imperative, and what one practises, stay advice
    got = _by_surface(_mentions("Back pain overview\nImprove your sleep hygiene. A good chair promotes good posture."))
    assert got["sleep hygiene"][0] == "treatment" and got["good posture"][0] == "treatment", got
    assert context.outcome("Tips: improve your ", 19) is False and context.outcome("It boosts ", 10) is True


@pytest.mark.parametrize("text, compared, kept", [
    ("Sore throat overview\nUnlike strep throat, a viral sore throat often comes with a cough. "
     "Sore throat can be caused by allergies.", "strep throat", "allergies"),
    ("Rosacea overview\nUnlike lupus, rosacea does not stem from an autoimmune response. "
     "Rosacea can be triggered by alcohol.", "lupus", "alcohol"),
    # after a verb of confusing, a list's later items are compared too
    ("Chlamydia overview\nPatients mistake oral chlamydia for a cold, allergies, or a sore throat. "
     "Chlamydia is caused by unprotected sex.", "allergies", "unprotected sex"),
])
def test_a_condition_compared_with_the_articles_is_not_its_cause(text, compared, kept):
    got = _by_surface(_mentions(text))
    assert compared not in got and got[kept][0] == "cause", got
    assert context._COMPARED.search("This can be mistaken for a ") and not context._COMPARED.search("It is caused by ")
    assert not context._COMPARED.search("Unlike food intolerances, ")  # a comma ends "unlike": the main clause
    assert context._UNLIKE.match("Dryness: Unlike coughs from colds or ") and not context._UNLIKE.match(
        "Unlike coughs from colds, a GERD cough is dry and caused by ")
    # a relative clause on what is compared is compared too, up to its comma
    assert context._UNLIKE.match("Unlike UTIs, which involve a burning sensation and ") and not context._UNLIKE.match(
        "Unlike UTIs, which involve a burning sensation, kidney stones bring ")
    got = _by_surface(_mentions("Kidney stones overview\nUnlike UTIs, which involve a burning sensation and frequent "
                                "urination, kidney stones cause intense pain. Kidney stones can cause nausea."))
    assert "burning sensation" not in got and got.get("nausea", ("",))[0] == "symptom", got
    # unless it is the condition: "Unlike an allergy cough, which is triggered by allergens, ..."
    got = _by_surface(_mentions("Allergy cough overview\nUnlike an allergy cough, which is usually triggered by "
                                "allergens, chronic bronchitis is caused by smoking."))
    assert got.get("allergens", ("",))[0] == "cause", got


def test_what_a_cause_cue_says_is_brought_about_must_be_the_condition():
    got = _by_surface(_mentions("Gout overview\nIgnoring these symptoms can lead to more severe complications. "
                                "Long showers can lead to excessive steam. Years of heavy drinking can lead to gout flares."))
    assert "ignoring these symptoms" not in got and "long showers" not in got, got
    assert got["years of heavy drinking"][0] == "cause", got
    got = _by_surface(_mentions("Gout overview\nLong showers can lead to gout attacks. Skipping meals can lead to it."))
    assert got["long showers"][0] == "cause" and got["skipping meals"][0] == "cause", got


def test_what_a_cause_cue_says_is_caused_must_be_the_condition():
    def causes(text: str) -> list[str]:
        return [m.surface for m in _mentions("Hair loss overview\n" + text) if m.type == "cause"]

    assert "body's increased need" not in causes(
        "Feeling hungry during pregnancy is common due to the body's increased need for nutrients.")
    assert "body's increased need" in causes("Hair loss is common due to the body's increased need for nutrients.")
    assert context.subject_is_condition("Common causes include ", {"hair", "loss"})
    assert context.subject_is_condition("This condition can stem from ", {"hair", "loss"})
    assert not context.subject_is_condition("Hair loss is rare. Extraction is needed due to ", {"hair", "loss"})


def test_an_item_of_a_list_of_symptoms_is_no_cause():
    # (the condition's own symptoms: "It causes symptoms like"; those another condition causes are its own,
    # test_the_symptoms_another_condition_causes_are_not_the_articles)
    # ("symptoms like weight gain and fatigue" would list fatigue itself, and make weight gain its sibling:
    # test_the_conditions_siblings_in_a_list_are_neither_its_causes_nor_its_symptoms)
    got = _by_surface(_mentions("Fatigue overview\nHypothyroidism often causes fatigue. It often causes symptoms like "
                                "weight gain and low mood."))
    assert got["hypothyroidism"][0] == "cause" and got["weight gain"][0] == "symptom", got
    # what a word after the list says of it ends the list
    assert context.SYMPTOM_LIST.search("symptoms like fever, loss of taste or ")
    assert not context.SYMPTOM_LIST.search("symptoms like fever, which are more indicative of ")
    assert not context.SYMPTOM_LIST.search("symptoms like a rash, indicating a ")


def test_another_name_of_the_condition_is_no_mention():
    got = _by_surface(_mentions("Elbow pain overview\nInner elbow pain, also known as medial epicondylitis, affects "
                                "many people. Lateral epicondylitis, also known as tennis elbow, can cause elbow pain."))
    # the condition's other name goes; another name of a cause is that cause
    assert "medial epicondylitis" not in got and got["tennis elbow"][0] == "cause", got


def test_a_load_put_on_something_is_no_stress():
    got = _by_surface(_mentions("Knee pain overview\nObesity puts extra stress on the knees. "
                                "Emotional stress can also worsen knee pain."))
    assert "stress" not in got and got["emotional stress"][0] == "cause" and got["obesity"][0] == "cause", got


@pytest.mark.parametrize("text, surface, concept", [
    ("Lifting heavy boxes can strain the lower back muscles.", "strain the lower back muscles", "muscle strain"),
    ("Quick motions can strain the spinal ligaments.", "strain the spinal ligaments", "sprain"),
])
def test_strain_as_a_verb_takes_the_body_part_it_strains(text, surface, concept):
    got = {m.surface: (m.type, m.concept) for m in _mentions("Back pain overview\n" + text)}
    assert got.get(surface) == ("cause", concept), got


@pytest.mark.parametrize("text, surface, flag", [
    # a negation in a statement negates what it is about, whatever the subject
    ("A canker sore doesn’t come with symptoms like fever.", "fever", "negated"),
    ("It is often accompanied by allergy symptoms, which do not occur with ordinary tiredness.", "tiredness",
     "negated"),
    ("Most cases occur in people with no family history of the disease.", "family history", "negated"),
    ("A canker sore often comes with fever.", "fever", ""),
    # what the complaint is said not to come from
    ("Back pain that doesn't seem linked to an injury may be related to osteoporosis.", "injury", "negated"),
    ("Breast pain unrelated to the menstrual cycle can come from cysts.", "menstrual cycle", "negated"),
    ("Breast pain related to the menstrual cycle is common.", "menstrual cycle", ""),
])
def test_a_negated_statement_negates_its_cause_or_symptom(text, surface, flag):
    got = _by_surface(_mentions("Canker sore overview\n" + text))
    assert got.get(surface.lower(), ("", "missing"))[1] == flag, got


def test_a_word_of_a_phrasal_verb_is_no_mention():
    got = _by_surface(_mentions("Hair loss overview\nConsider reaching out to a doctor if your hair starts to fall out. "
                                "Falls can also cause injuries."))
    assert "reaching" not in got and "fall" not in got and got["falls"][0] == "cause", got


def test_an_adjective_cut_from_its_noun_is_no_cause():
    got = _by_surface(_mentions("Tooth pain overview\nAfter getting a dental filling, it's common to experience "
                                "some pain. Dental issues may contribute as well."))
    assert "dental" not in got, got
    assert words.adjective("dental", extract.lexical()) and not words.adjective("swelling", extract.lexical())


def test_advice_cut_from_its_noun_takes_it_when_the_word_is_an_adjective_as_often_as_a_noun():
    # "saline" is a solution as often as it is salty in WordNet: "Saline" of "Saline Sprays" is the sprays
    got = {m.surface for m in _markdown_mentions(
        "# Sinus headache\n\nSinus headaches are common.\n\n## Treatment\n\nSaline Sprays: they flush the nose.\n",
        "", "hybrid")}
    assert "Saline Sprays" in got and "Saline" not in got, got
    lx = extract.lexical()
    assert not words.adjective("saline", lx) and words.share("saline", lx, "adj.") >= 0.5


def test_a_kind_of_the_condition_is_no_cause_of_it_but_a_history_of_it_is():
    """"gestational diabetes" and "type 2 diabetes" in an article on diabetes are kinds of it, "an asthma
    attack" in one on asthma a state of it: none is a cause. A family history of the condition is its risk
    factor; the relation table keeps the same two apart."""
    from pipeline.stages.condition import kind_of

    text = ("# Diabetes\n\nDiabetes is a chronic condition.\n\n## Causes of diabetes\n\nCommon causes include "
            "obesity, physical inactivity, gestational diabetes and a family history of diabetes. Obesity raises "
            "the risk of type 2 diabetes.\n")
    causes = _causes("diabetes.md", text, "diabetes")
    assert {"obesity", "physical inactivity"} <= causes, causes
    assert not causes & {"type 2 diabetes", "gestational diabetes"}, causes
    assert kind_of({"asthma"}, {"asthma", "attack"}) and not kind_of({"asthma"}, {"asthma"})
    assert not kind_of({"gout"}, {"family", "history", "of", "gout"}) and not kind_of(set(), {"gout"})


def test_the_last_of_a_row_of_verbs_whose_subject_is_the_condition_names_a_consequence():
    """"High blood pressure can strain your heart, damage blood vessels, and increase the risk of heart
    disease": heart disease is what the condition brings about; what raises it stays its cause."""
    text = ("# High Blood Pressure\n\nHigh blood pressure is common.\n\n## Risks\n\nElevated blood pressure can "
            "strain your heart, damage blood vessels, and increase the risk of heart disease. Salt and stress can "
            "raise blood pressure, and smoking can too.\n")
    causes = _causes("hbp.md", text, "high blood pressure")
    assert "heart disease" not in causes and {"stress", "smoking"} <= causes, causes


def test_a_named_kind_of_the_condition_in_the_disease_ontology_is_no_cause_of_it():
    """"Gout" and "osteoarthritis" are arthritis in the Disease Ontology: in an article on arthritis they are
    kinds of it, not causes; "obesity" is still a cause, and so is gout in an article on joint pain, which
    the ontology does not hold above it."""
    from pipeline.ontology import subclass_of

    text = ("# Arthritis\n\nArthritis is inflammation of the joints.\n\n## Causes\n\nCommon forms include "
            "osteoarthritis and gout. Obesity and old injuries can cause arthritis.\n")
    causes = _causes("arthritis.md", text, "arthritis")
    assert "obesity" in causes and not causes & {"gout", "osteoarthritis"}, causes
    assert subclass_of("DOID:13189", "DOID:848") and not subclass_of("DOID:848", "DOID:13189")
    text = "# Joint pain\n\nJoint pain is common.\n\n## Causes\n\nGout and obesity can cause joint pain.\n"
    assert {"gout", "obesity"} <= _causes("joint-pain.md", text, "joint pain")


def test_the_label_of_an_item_under_a_heading_of_advice_is_advice():
    """"Saline Nasal Spray: ..." under "Home remedies" is a remedy even where the tagger reads its words
    as a complaint; a label that says to avoid something keeps what it avoids a cause."""
    text = ("# Dry Sinuses: Causes and Remedies\n\nDry sinuses are uncomfortable.\n\n## Home remedies for dry "
            "sinuses\n\n- Use a Humidifier: Moist air helps the sinus passages.\n- Saline Nasal Spray: Keeps "
            "nasal passages moist.\n")
    doc = _curated("sinus.md", text)
    spray = [m for m in doc.mentions if m.sentence_index == doc.mentions[-1].sentence_index]
    assert spray and {m.type for m in spray} == {"treatment"}, [(m.surface, m.type) for m in doc.mentions]


# what a clause makes of a treatment or a cause: (article, mentions that must be found, that must not)
_TYPING_CASES = [
    # advice to be rid of a cause is a treatment, the verb its first word; what something else helps
    # limit stays the cause
    ("# Neck Pain\n\nNeck pain is common.\n\n## Causes\n\nSmoking, alcohol and weight gain can cause neck "
     "pain.\n\n## Prevention\n\n- Quit smoking.\n- Limit alcohol.\n\nRegular walks can help limit weight gain.\n",
     {("quit smoking", "treatment"), ("limit alcohol", "treatment"), ("weight gain", "cause")},
     {"limit weight gain"}),
    # what a sentence says brings the condition on is its cause, whatever else it is
    ("# Constipation\n\nConstipation is common.\n\n## Causes\n\nAntibiotics can cause constipation in some "
     "people.\n\n## Treatment\n\nFiber supplements can ease constipation.\n",
     {("antibiotic", "cause"), ("fiber supplement", "treatment")}, set()),
    # a verb the tagger cut from its object names nothing ("monitor your symptoms"), a known treatment used
    # as a verb stays one; "fall asleep", "fall into" are no falls, "a fall" is
    ("# Knee Pain\n\nKnee pain is common in older adults.\n\n## Causes\n\nA fall can injure the knee. Knee "
     "pain makes it hard to fall asleep. Its causes fall into two groups.\n\n## Treatment\n\nRest your knee "
     "for a few days. Monitor your symptoms closely.\n",
     {("fall", "cause"), ("rest", "treatment")}, {"monitor"}),
    # a lone modifier the tagger typed a treatment takes its noun
    ("# Abdominal Pain\n\nAbdominal pain is common.\n\n## When to see a doctor\n\nHowever, abdominal pain may "
     "also be a sign of a health condition that requires medical treatment.\n\n## Medical Treatments\n\nA doctor "
     "may suggest rest.\n", {("medical treatment", "treatment")}, {"medical"}),
    # what names a place is no treatment: "the injection site"
    ("# Shoulder Pain\n\nShoulder pain is common after a shot.\n\n## Symptoms\n\nPain and swelling at the injection "
     "site can last a day.\n\n## Treatment\n\nA steroid injection can ease the pain.\n",
     {("steroid injection", "treatment")}, {"injection"}),
    # the want of good advice is a cause; a light verb alone ("Taking" a pain reliever) is no advice
    ("# Headache\n\nHeadaches are common.\n\n## Causes\n\nInsufficient rest can result in tension headaches. "
     "A lack of hydration can also bring one on.\n\n## Treatment\n\nTaking an over-the-counter pain reliever "
     "can help.\n",
     {("insufficient rest", "cause"), ("lack of hydration", "cause")}, {"taking"}),
    # among causes, a complaint named by the organ or system it affects is one; a word of kind ("serious
    # conditions") and a part of the condition's own name ("neck issues" in an article on neck pain) are none
    ("# Neck Pain\n\nNeck pain is common.\n\n## Causes\n\nNeck pain can stem from muscle strain, spinal "
     "abnormalities, heart-related issues or conditions affecting the lungs. Serious conditions are rare.\n\n"
     "Other neck issues can result from poor posture.\n",
     {("spinal abnormality", "cause"), ("heart - related issue", "cause"),
      ("condition affecting the lung", "cause")}, {"serious condition", "neck issue", "other neck issue"}),
    # the effect a clause goes on to is no cause ("..., causing discomfort")
    ("# Knee Pain\n\nKnee pain is common.\n\n## Causes\n\nPain behind the knee can stem from various conditions, "
     "causing discomfort during daily movements. A Baker's cyst can cause pain.\n", {("baker 's cyst", "cause")},
     {"causing discomfort"}),
    # the condition in other words is its topic, no cause of it: a name the vocabularies give its id
    # ("influenza" in an article on the flu), its plural ("UTIs" in one on UTI)
    ("# Flu\n\nThe flu is common in winter.\n\n## Causes\n\nInfluenza viruses cause the flu. Influenza spreads "
     "through droplets and close contact.\n", {("influenza virus", "cause")}, {"influenza"}),
    ("# UTI\n\nA UTI is an infection of the urinary tract.\n\n## Causes\n\nBacteria cause most UTIs. UTIs are "
     "more common in women.\n", {("bacteria", "cause")}, {"utis"}),
    # a quantity takes what it counts: "drinking plenty" is "drinking plenty of water"
    ("# Constipation\n\nConstipation is common.\n\n## Treatment\n\nDrinking plenty of water helps soften "
     "stools.\n", {("drinking plenty of water", "treatment")}, {"drinking plenty"}),
    # a complaint takes the body part (or its adjective) that says which one it is; not a verb before it
    # ("forms"), nor the condition's own body part before its own complaint ("knee pain that radiates")
    ("# Neck Pain\n\nNeck pain is common in office workers.\n\n## Causes\n\n- Ligament injuries happen in "
     "contact sports.\n- Wrist fractures are common after falls.\n- Calf cramps may come with it.\n\n## Symptoms\n\n"
     "Neck pain that radiates down the arm is common. Uric acid forms sharp crystals.\n",
     {("ligament injury", "cause"), ("wrist fracture", "cause"), ("calf cramp", "symptom")},
     {"injury", "fracture", "cramp", "neck pain that radiate down", "forms sharp crystal"}),
    # a letter alone is a piece of a name: the hyphenated word it opens ("post-C-section"), else nothing
    ("# Back Pain\n\nBack pain is common after childbirth.\n\n## Causes\n\n### What causes upper back pain after "
     "a C-section?\n\nPhysical therapy is a cornerstone of post-C-section back pain treatment.\n",
     {("c - section", "cause")}, {"c"}),
]


@pytest.mark.parametrize("text,present,absent", _TYPING_CASES)
def test_a_clause_types_what_it_names(text, present, absent):
    found = _curated("article.md", text).mentions
    got = {(m.norm, m.type) for m in found}
    assert present <= got and not absent & {n for n, _ in got}, got
    assert len([m for m in found if m.norm == "fall"]) <= 1  # the one fall of the knee article


def test_what_the_body_does_not_make_or_get_enough_of_is_a_cause():
    """The want of a good thing is a cause ("doesn't make enough insulin", "not getting enough sleep"); the
    same thing advised stays a treatment."""
    found = _curated("article.md", "# Diabetes\n\nDiabetes is common.\n\n## Causes\n\nType 2 diabetes develops "
                     "when the pancreas doesn't make enough insulin.\n\n## Treatment\n\nSome people need insulin "
                     "injections. Get enough sleep.\n").mentions
    causes = [m.surface for m in found if m.type == "cause"]
    assert any(c.endswith("doesn't make enough insulin") for c in causes), causes
    treatments = {m.surface for m in found if m.type == "treatment"}
    assert "insulin injections" in treatments and any(t.endswith("sleep") for t in treatments), treatments


def test_a_deficiency_is_of_what_it_names():
    """"A deficiency in zinc" is the cause, not a bare "deficiency" beside a "zinc" of its own; people after
    "in" are not what is lacking."""
    causes = {m.surface for m in _mentions(
        "Hair loss overview\nA deficiency in zinc can lead to hair loss. A deficiency of vitamin B12 can cause hair loss.")
        if m.type == "cause"}
    assert {"deficiency in zinc", "deficiency of vitamin B12"} <= causes and not causes & {"zinc", "deficiency"}, causes
    tokens = base.sentence_tokens(["Deficiencies in breastfeeding mothers are rare"], extract.extractor())[0]
    assert combine.wanted(tokens, 1, extract.lexical()) == 1


def test_an_item_of_a_list_of_mentions_of_one_type_is_one_too():
    """"red" and "tender" beside "swollen" and "warm to the touch" are symptoms; what stands before a list
    ("In rare cases, a stroke, ..."), a participle going on to an effect ("causing pain") and a list
    without "and"/"or" add nothing."""
    got = {m.surface: (m.type, m.rule) for m in _mentions(
        "Joint pain overview\nSee a doctor if the joint is swollen, red, tender, or warm to the touch.")}
    assert got.get("red") == ("symptom", "list") and got.get("tender") == ("symptom", "list"), got
    for text in ("Dizziness overview\nIn rare cases, a stroke, a malignant tumor, or another brain disorder can "
                 "cause dizziness.", "Neuropathy overview\nDamage to nerves causes numbness, causing pain, tingling, "
                 "or loss of sensation.", "Joint pain overview\nThe joint is swollen, red, tender, warm."):
        assert not [m for m in _mentions(text) if m.rule == "list"], text


def test_a_list_item_wordnet_lacks_is_a_name_when_it_stands_alone():
    """"foraminotomy" among surgeries is one; a word WordNet lacks in a longer item, or a common one, is not."""
    got = {m.surface: m.rule for m in _markdown_mentions(
        "# Knee pain\n\nKnee pain is common.\n\n## Surgery\n\nWhen these measures are not effective, surgical "
        "options like discectomy, laminectomy, foraminotomy, and spinal fusion may be necessary.\n", "", "hybrid")
        if m.type == "treatment"}
    assert got.get("foraminotomy") == "list", got
    tokens = base.sentence_tokens(["surgery, chemotherapy, or immunotherapy depending on the stage"],
                                     extract.extractor())[0]
    assert combine._list_name(tokens, 5, 7, extract.lexical(), [False] * len(tokens)) == -1


def test_a_list_after_an_opener_or_in_brackets_types_its_first_and_last_items():
    """After "such as", "like" or "including" the first item's start is known ("scaly", with the noun its
    coordinated adjectives share), and a bracket ends a list without "and"/"or" ("butterbur"); with no
    opener the first item still adds nothing."""
    got = {m.surface: (m.type, m.rule) for m in _mentions(
        "Psoriasis overview\nPsoriasis causes symptoms such as scaly, dry, or itchy skin.")}
    # (the adjectives share their noun: the annotation's "warm or red joints")
    assert got.get("scaly, dry, or itchy skin") == ("symptom", "list"), got
    got = {m.surface: (m.type, m.rule) for m in _mentions(
        "Headache overview\nPain relievers (ibuprofen, naproxen, butterbur) can ease a headache.")}
    assert got.get("butterbur") == ("treatment", "list"), got
    assert combine._list_opener("in rare cases , a stroke , a tumor".split(), 5) == -1
    assert combine._list_opener("symptoms such as scaly , dry".split(), 4) == 3
    assert combine._list_opener("fats ( avocados , nuts".split(), 3) == 2


def test_a_body_part_alone_is_no_mention_and_takes_the_noun_after_it():
    body = base.extract_rules().body_parts
    tokens = base.sentence_tokens(["Strain on the abdominal muscles during coughing; gum disease; the gums."],
                                     extract.extractor())[0]
    at = tokens.lowers.index
    assert foods.past_body_part(tokens, at("abdominal"), at("abdominal") + 2, extract.lexical(), body) == -1
    assert foods.past_body_part(tokens, at("gum"), at("gum") + 1, extract.lexical(), body) == at("gum") + 2
    assert foods.past_body_part(tokens, at("gums"), at("gums") + 1, extract.lexical(), body) == -1
    assert foods.past_body_part(tokens, at("strain"), at("strain") + 1, extract.lexical(), body) == at("strain") + 1
    got = {m.surface for m in _markdown_mentions(
        "# Stomach pain when coughing\n\nStomach pain is common.\n\n## Causes\n\nStomach pain when you cough is "
        "typically caused by the strain and pressure put on your abdominal muscles during the act of coughing.\n",
        "", "hybrid")}
    assert "strain" in got and "abdominal muscles" not in got, got


@pytest.mark.parametrize("phrase,alone", [
    ("the spinal discs", True), ("the surrounding muscles", True), ("the liver and kidneys", True),
    ("the back of the heel", True), ("pelvic organs", True), ("disc herniation", False),
    ("the surrounding inflammation", False), ("upper back pain", False), ("gums", True),
])
def test_a_place_in_the_body_named_with_several_words_is_no_mention(phrase, alone):
    body = base.extract_rules().body_parts
    tokens = base.sentence_tokens([f"It affects {phrase}."], extract.extractor())[0]
    words = [w for w in phrase.split() if w not in ("the", "and")]
    a = tokens.lowers.index(words[0])
    assert (foods.past_body_part(tokens, a, len(tokens) - 1, extract.lexical(), body) == -1) == alone  # to the "."


def test_a_mention_never_ends_inside_a_hyphenated_word():
    """"flare" of "flare-ups" is the whole word; "nutrient" of "nutrient-rich diet" the thing the modifier
    qualifies; "fragrance" of "fragrance-free." nothing; "amoxicillin" of "amoxicillin-induced" stays."""
    def end_of(text: str, word: str) -> tuple[str, int]:
        tokens = base.sentence_tokens([text], extract.extractor())[0]
        k = foods.hyphenated_end(tokens, tokens.lowers.index(word) + 1)
        return (" ".join(tokens.texts[tokens.lowers.index(word):k]), k) if k >= 0 else ("", k)

    assert end_of("Stress can cause flare-ups.", "flare")[0] == "flare - ups"
    assert end_of("Eat a nutrient-rich diet.", "nutrient")[0] == "nutrient - rich diet"
    assert end_of("Use products that are fragrance-free.", "fragrance")[1] == -1
    assert end_of("An amoxicillin-induced rash.", "amoxicillin")[0] == "amoxicillin"
    assert end_of("Take ibuprofen - it helps.", "ibuprofen")[0] == "ibuprofen"  # a dash between words
    got = {m.surface: m.type for m in _mentions("Gout overview\nInflammation-reducing foods help. Stress can "
                                                "cause flare-ups.")}
    assert got.get("Inflammation-reducing foods") == "treatment" and "flare-ups" in got, got
    assert not {"Inflammation", "flare"} & set(got), got


def test_a_cause_keeps_its_word_of_severity():
    """"a serious injury" is the cause (its concept the injury), not a bare "injury"."""
    got = {m.surface: m.concept for m in _mentions("Knee pain overview\nA serious injury can cause knee pain. "
                                                   "Chronic bronchitis can cause chest pain.") if m.type == "cause"}
    assert got.get("serious injury") == "injury" and "injury" not in got, got
    assert "Chronic bronchitis" in got, got


def test_two_spans_of_one_type_side_by_side_are_one_name():
    """The tagger sometimes ends a name early and starts another at the next word ("Chamomile" "tea"): side
    by side (no token between), of one type and neither made by a phrase rule, they are one."""
    t, c = "treatment", "cause"
    spans = [(0, 1, t, "model", None), (1, 2, t, "lexicon", object()), (3, 4, t, "model", None),
             (4, 5, c, "model", None), (6, 7, t, "care", None), (7, 8, t, "model", None)]
    assert combine._joined(spans, ["w"] * 8) == [(0, 2, t, "model", None), (3, 4, t, "model", None), (4, 5, c, "model", None),
                                      (6, 7, t, "care", None), (7, 8, t, "model", None)]
    light = [(0, 1, t, "model", None), (1, 3, t, "model", None)]
    assert combine._joined(light, ["drinking", "ginger", "tea"]) == light


def test_the_clause_readers_on_their_own():
    tokens = base.sentence_tokens(["Issues with the right lung or structural problems in the spine and "
                                      "underlying issues of shoulder pain"], extract.extractor())[0]
    spans = foods.trouble_spans(tokens, extract.lexical(), set())
    assert [" ".join(tokens.lowers[a:b]) for a, b in spans] == ["issues with the right lung",
                                                              "structural problems in the spine"]
    assert foods.CLASS_OF.search("COPD, a group of ") and foods.CLASS_OF.search("IBS is a common ")
    assert not foods.CLASS_OF.search("It can stem from ")
    assert flags.abated("quitting smoking".split(), 1) == 0 and flags.abated("lower back pain".split(), 1) is None
    assert flags.abated("inhaled steroids : reduce inflammation".split(), 4) == 3
    assert context.induces(" triggers asthma symptoms", "asthma", "physical", extract.lexical())
    assert not context.induces(" eases asthma symptoms", "asthma", "physical", extract.lexical())
    # after a phrase of time or manner
    assert context.induces(" immediately after a fasting period can also lead to diarrhea", "diarrhea",
                            "supplements", extract.lexical())
    assert context.induces(" without adequate recovery can lead to chronic calf pain", "pain", "continuous",
                            extract.lexical())
    assert extract._lacking("not enough exercise".split(), 2) == 0 and extract._lacking("gentle exercise".split(), 1) is None
    assert extract._lacking("they do n't get enough sleep".split(), 5) == 1
    assert extract._lacking("you are not drinking enough water".split(), 5) == 2
    assert extract._lacking("make sure you get enough sleep".split(), 5) is None
    assert context.FELT.search("It leaves a feeling of ") and context.FELT.search("Feelings of ")
    # in a list item a name counts only when it says it is one: a title-cased label capitalizes every word
    title = "Studies in the American Journal of Surgery show".split()
    assert candidates.in_proper_name(title, 6, 7, after_capital=False)
    label = "Anti-inflammatory Medications : Prescription NSAIDs can help".split()
    assert not candidates.in_proper_name(label, 4, 5, after_capital=False) and candidates.in_proper_name(label, 4, 5)
    assert not context.FELT.search("The feeling of the room was ")


def test_a_generic_head_left_alone_names_no_concept():
    # "eating disorder" without its word of consumption is "disorder", a generic head: no concept, so it
    # does not join whatever concept the annotations gave a bare "illness"
    model = extract.tagger()
    assert context.concept("cause", "eating disorder", model) == ""
    assert context.concept("cause", "severe illness", model) == ""
    assert context.concept("cause", "drinking alcohol", model) == "alcohol"
    # "heavy" and "unusual" say how much or how oddly, as "excessive" and "unexplained" do
    assert context.concept("symptom", "heavy sweating", model) == context.concept("symptom", "excessive sweating", model)
    assert context.concept("symptom", "unusual bruising", model) == "bruising"
    # advice as a gerund is the advice as an imperative, and the other way round, wherever the verb sorts
    assert context.concept("treatment", "drinking plenty of water", model) \
        == context.concept("treatment", "drink plenty of water", model) == "staying hydrated"
    assert context.concept("treatment", "Quit Smoking", model) == "quitting smoking"
    assert context.concept("treatment", "Keeping the knee elevated", model) == "elevation"


def test_a_lexicon_term_read_as_another_type_keeps_its_words_not_its_concept():
    """"drinking water" is the lexicon's way of staying hydrated; where the tagger reads it as a cause
    ("drinking water can lead to chest pain") it is no instance of that advice, and the treatment stays one."""
    doc = _curated("water.md", "# Chest Pain After Drinking Water\n\nChest pain after drinking water is unusual.\n\n"
                   "## Causes\n\nIt might come as a surprise that even something as seemingly benign as drinking water "
                   "can lead to chest pain, particularly when consumed in large quantities or at a rapid pace.\n\n"
                   "## Treatment\n\nStaying hydrated through the day and drinking water slowly help most people.\n")
    water = {(m.type, m.concept) for m in doc.mentions if m.norm == "drinking water"}
    assert ("treatment", "staying hydrated") in water and any(t == "cause" for t, _ in water)
    assert all(c != "staying hydrated" for t, c in water if t == "cause"), water


def test_a_quality_of_a_remedy_is_no_treatment():
    # "anti-inflammatory properties" say what ginger does; the ginger tea is the treatment
    got = [(m.surface.lower(), m.type) for m in _markdown_mentions(
        "# Gout\n\nGout is a form of arthritis.\n\n## Home remedies\n\nGinger tea is known for its anti-inflammatory "
        "properties, making it an effective remedy. Tea tree oil has antifungal and antibacterial properties.\n",
        "", "hybrid")]
    assert ("ginger tea", "treatment") in got and ("tea tree oil", "treatment") in got, got
    assert not [s for s, _ in got if "anti-inflammatory" in s or "antifungal" in s], got
    # an item coordinated with another noun is no quality word: "irritation" stays
    got = [m.surface.lower() for m in _markdown_mentions(
        "# Cough\n\nA cough is common.\n\n## Causes\n\nWhite phlegm can come from airway irritation or treatment "
        "effects.\n", "", "hybrid")]
    assert "airway irritation" in got, got


def test_what_plenty_of_counts_is_no_mention_of_its_own():
    # "Drinking plenty" took "of water" in; the tagger's span that began on "water" is part of it, not a cause
    got = [(m.surface, m.type) for m in _markdown_mentions(
        "# Dry mouth\n\nDry mouth is common.\n\n## Steps to Avoid Sinus Infection and Ear Pain\n\nStay Hydrated: "
        "Drinking plenty of water promotes saliva production, which helps.\n", "", "hybrid")]
    assert ("Drinking plenty of water", "treatment") in got, got
    assert not [s for s, _ in got if s.startswith("water")], got


def test_a_load_is_named_with_what_it_bears_on():
    # the strain on a joint is no strained muscle: the cause keeps the part it bears on
    got = [(m.surface, m.type, m.concept) for m in _markdown_mentions(
        "# Wrist pain\n\nWrist pain is common.\n\n## Causes\n\nWrist pain from lifting is often caused by "
        "overexertion, improper grip, or repetitive stress on the wrist joints.\n", "", "hybrid")]
    assert [g for g in got if g[0] == "repetitive stress on the wrist joints" and g[1] == "cause"], got
    assert not [g for g in got if g[2] == "stress"], got


def test_what_the_condition_is_set_against_with_whereas_is_no_cause():
    got = [m.surface.lower() for m in _markdown_mentions(
        "# Bacterial vaginosis\n\nBV is common.\n\n## Causes\n\nBV is caused by an imbalance of bacteria in the "
        "vagina, whereas yeast infections are caused by an overgrowth of Candida fungus.\n", "", "hybrid")]
    assert not [s for s in got if "yeast" in s], got
    # a clause about the condition itself stays
    got = [m.surface.lower() for m in _markdown_mentions(
        "# Yeast infection\n\nA yeast infection is common.\n\n## Symptoms\n\nBV gives a thin discharge, whereas "
        "yeast infections often bring intense itching.\n", "", "hybrid")]
    assert [s for s in got if "itching" in s], got


def test_a_drug_before_resistance_is_no_advice():
    # "to avoid antibiotic resistance" names a state of the bacteria: no antibiotic is advised, none advised against
    got = [(m.surface.lower(), m.type, m.flag) for m in _markdown_mentions(
        "# Strep throat\n\nStrep throat is common.\n\n## Treatment\n\nAntibiotics are the usual treatment. However, "
        "they should be used for a limited period to avoid antibiotic resistance.\n", "", "hybrid")]
    assert ("antibiotics", "treatment", "") in got, got
    assert not [g for g in got if g[0] == "antibiotic"], got


def test_the_symptoms_another_condition_causes_are_not_the_articles():
    text = ("# PCOS\n\nPCOS is a hormonal disorder.\n\n## Conditions with similar symptoms\n\nHypothyroidism: An "
            "underactive thyroid gland can cause symptoms such as weight gain and fatigue.\n\n## Symptoms\n\nIt can "
            "cause symptoms like acne, weight gain and fatigue.\n")
    got = [(m.surface, m.sentence_index) for m in _markdown_mentions(text, "Polycystic ovary syndrome", "hybrid")
           if m.type == "symptom"]
    assert got == [("weight gain", 5), ("fatigue", 5)], got


def test_a_hyphenated_modifier_takes_its_noun():
    # "anti-inflammatory foods" are a diet, not the drugs "anti-inflammatories" name
    got = [(m.surface, m.concept) for m in _markdown_mentions(
        "# Sciatica\n\nSciatica is common.\n\n## Diet\n\nIncorporating anti-inflammatory foods into the diet can "
        "significantly help manage and reduce sciatica pain.\n", "", "hybrid")]
    assert [s for s, c in got if s == "anti-inflammatory foods" and c != "nsaid"], got


def test_the_harms_of_something_else_are_no_causes():
    got = [m.surface for m in _markdown_mentions(
        "# Eczema\n\nEczema is common.\n\n## Treatment\n\nCorticosteroid pills are used for severe eczema but "
        "should only be taken short-term due to risks like skin damage and bone loss.\n", "", "hybrid")]
    assert "bone loss" not in got and "skin damage" not in got, got


@pytest.mark.parametrize("text, title, kind", [
    ("# Fibroids\n\nFibroids are non-cancerous tumors that develop in the uterus.\n", "Uterine fibroids", "tumors"),
    ("# Chlamydia\n\nChlamydia is a common sexually transmitted infection caused by bacteria.\n", "Chlamydia",
     "infection"),
])
def test_what_the_condition_is_defined_as_is_no_cause(text, title, kind):
    got = [m.surface.lower() for m in _markdown_mentions(text, title, "hybrid") if m.type == "cause"]
    assert kind not in got, got
    # the definition of something else, or a question, defines nothing about the condition
    assert not context.DEFINED.search("What is ") and not context.DEFINED.search("The primary cause of COPD is ")


@pytest.mark.parametrize("sentence, item", [
    ("Kidney disease is a common complication of diabetes.", "kidney disease"),
    ("Neuropathy, or nerve damage, is another common complication of diabetes.", "neuropathy"),
    ("Swollen feet, or edema, are a common and uncomfortable complication of diabetes.", "edema"),
])
def test_a_complication_of_the_condition_is_no_cause(sentence, item):
    got = [m.surface.lower() for m in _markdown_mentions(
        f"# Diabetes\n\nDiabetes is common.\n\n## Causes\n\n{sentence} Obesity is a common cause of diabetes.\n",
        "Type 2 diabetes", "hybrid") if m.type == "cause"]
    assert item not in got and "obesity" in got, got


def test_what_the_condition_complicates_is_its_cause():
    # the other way round: the flu, which pneumonia complicates, brings pneumonia on
    got = [(m.surface.lower(), m.type) for m in _markdown_mentions(
        "# Pneumonia\n\nPneumonia is a lung infection.\n\n## Causes\n\nPneumonia can often be a complication of "
        "the flu.\n", "Pneumonia", "hybrid")]
    assert ("flu", "cause") in got, got


def test_a_label_takes_the_cause_its_text_names():
    got = {(m.surface, m.type) for m in _markdown_mentions(
        "# Gout\n\nGout is a form of arthritis.\n\n## Other factors\n\n"
        "- Medications: Certain medications can raise uric acid levels, contributing to gout development.\n",
        "Gout", "hybrid")}
    assert ("Medications", "cause") in got, got  # the label's, not only the text's "medications"
    # a label that advises keeps its type, and one naming another thing than the text's ("Regular Meals"
    # over "Skipping meals") takes nothing from it
    got = {(m.surface.lower(), m.type) for m in _markdown_mentions(
        "# Gout\n\nGout is a form of arthritis.\n\n## Other factors\n\n"
        "- Manage Stress: Stress can worsen gout flares.\n", "Gout", "hybrid")}
    assert ("manage stress", "treatment") in got, got
    lx = extract.lexical()
    assert not context.label_causes(SimpleNamespace(surface="Regular Meals"), "Regular Meals: ",
                                     "Skipping meals can increase the risk of attacks.", lx)
    assert context.label_causes(SimpleNamespace(surface="Medications"), "Medications: ",
                                 "Some medications may cause flares.", lx)


@pytest.mark.parametrize("sentence, typ", [
    ("Tight clothes that trap heat and moisture against the skin can worsen the breakouts.", "cause"),
    ("Excessive heat or moisture may even aggravate the symptoms.", "cause"),
    ("Applying heat to the area can soothe the itch.", "treatment"),  # heat applied is a treatment
])
def test_heat_one_is_exposed_to_is_a_cause(sentence, typ):
    got = [(m.surface.lower(), m.type) for m in _markdown_mentions(
        f"# Fungal acne\n\nFungal acne is common.\n\n## Details\n\n{sentence}\n", "Fungal acne", "hybrid")]
    assert [t for s, t in got if s.endswith("heat")] == [typ], got


def test_what_a_while_clause_says_of_another_condition_is_not_the_articles():
    got = {m.surface.lower() for m in _markdown_mentions(
        "# Allergies\n\nAllergies are common.\n\n## Symptoms\n\nAllergies may cause sneezing and itchy eyes, while "
        "the common cold can lead to body aches and even fever.\n", "Allergies", "hybrid")}
    assert "itchy eyes" in got and "fever" not in got and "body aches" not in got, got
    # a "while" clause on the condition itself, or on no condition, keeps its mentions
    assert context.set_beside("Hay fever causes sneezing, while allergies may cause itchy eyes.", 58, {"allergy"}) \
        is False
    assert context.set_beside("Rest helps, while home remedies can ease a cough.", 40, {"allergy"}) is False


@pytest.mark.parametrize("text, mention, beside", [
    # another condition opening the contrasting clause is set beside the article's
    ("Gallstones form in the gallbladder, while kidney stones form in the kidneys.", "kidney stones", True),
    ("Bronchitis affects the airways, whereas pneumonia affects the air sacs.", "pneumonia", True),
    # not when its clause names the article's condition, nor when it names no condition
    ("Rest helps, while arthritis can make bronchitis worse.", "arthritis", False),
    ("Smoking harms the lungs, while stress can weaken the immune system.", "stress", False),
])
def test_a_condition_opening_a_contrasting_clause_is_another_conditions(text, mention, beside):
    a = text.index(mention)
    words = {"bronchitis"} if "ronchitis" in text else {"gallstone"}
    assert context.set_beside(text, a, words, a + len(mention)) is beside


def test_a_label_the_text_names_a_consequence_is_no_cause():
    got = {(m.surface, m.type) for m in _markdown_mentions(
        "# Uterine fibroids\n\nFibroids are common.\n\n## What to know\n\n- Anemia: Heavy and prolonged menstrual "
        "bleeding caused by fibroid degeneration can lead to anemia, characterized by fatigue.\n",
        "Uterine fibroids", "hybrid")}
    assert ("Anemia", "cause") not in got and ("anemia", "cause") not in got, got


@pytest.mark.parametrize("norm, empty", [
    ("concerning symptom", True), ("severe symptom", True), ("main symptom", True), ("relieve symptom", True),
    ("flu - like symptom", False), ("urinary symptom", False), ("neurological symptom", False),
    ("symptom", False),  # a bare generic word is the lexicon's to drop
])
def test_symptoms_qualified_by_nothing_named_are_no_mention(norm, empty):
    assert combine.unnamed_complaint(norm, extract.lexical()) is empty


def test_concerning_symptoms_are_no_symptom():
    got = {m.surface.lower() for m in _markdown_mentions(
        "# Nausea\n\nNausea is common.\n\n## When to see a doctor\n\nIf nausea becomes severe or is accompanied "
        "by other concerning symptoms such as chest pain, see a doctor.\n", "Nausea", "hybrid")}
    assert "chest pain" in got and not any(s.endswith("symptoms") for s in got), got


@pytest.mark.parametrize("text, gone, kept", [
    ("Flu overview\nSome strains of HPV can cause cancer. A strain of the neck muscles can hurt.",
     "strains", "strain"),
    ("Back pain overview\nIncorporate a mix of cardiovascular and strength exercises into your routine.",
     "mix", "strength exercises"),
    ("Headache overview\nDrinking soda every day can lead to a cycle of headaches and dehydration.",
     "cycle", "dehydration"),
    ("Gout overview\nA combination of colchicine and ice can help.", "combination", "colchicine"),
])
def test_a_word_for_a_group_or_course_of_what_follows_is_no_mention(text, gone, kept):
    """"strains of HPV", "a mix of exercises", "a cycle of headaches" name what follows their "of", which
    stays; a strain of a muscle is a thing."""
    got = {m.surface.lower() for m in _mentions(text)}
    assert gone not in got and any(kept in s for s in got), got


@pytest.mark.parametrize("text, cause", [
    ("Bloating overview\nAdditionally, the decrease in progesterone can lead to slower digestion and bloating.",
     "decrease in progesterone"),
    ("Hot flashes overview\nThis drop in estrogen can lead to hot flashes.", "drop in estrogen"),
    ("Eczema overview\nStress can lead to an increase in inflammation, which can make eczema worse.",
     "inflammation"),  # a known harm stays itself
])
def test_a_rise_or_fall_in_a_substance_is_the_cause(text, cause):
    """Progesterone does not cause bloating; its decrease does. A rise in a known harm is the harm."""
    causes = {m.surface for m in _mentions(text) if m.type == "cause"}
    assert cause in causes and not any(c != cause and c in cause for c in causes), causes


def test_getting_worse_is_a_symptom_only_of_a_complaint_course():
    """"prevent worsening of the condition" names no symptom; "a cough, often worsening at night" describes
    the complaint's course, as the annotators mark it."""
    gone = _mentions("Heel pain overview\nRest right away to prevent worsening of the condition.")
    kept = _mentions("GERD overview\nAcid can cause a persistent cough, often worsening at night or after meals.")
    assert "worsening" not in {m.surface.lower() for m in gone}
    assert ("worsening", "symptom") in {(m.surface.lower(), m.type) for m in kept}


def test_a_condition_named_with_its_kind_letter_is_known_by_its_head_word():
    """In an article on hepatitis C, "Hepatitis C increases the risk of liver cancer" names a consequence:
    the condition's head word is "hepatitis", not the letter of its kind."""
    from pipeline.stages.condition import head_word

    text = ("# Hepatitis C complications\n\nHepatitis C is a liver infection.\n\n"
            "- Liver cancer: Hepatitis C increases the risk of liver cancer, particularly in people with cirrhosis.\n"
            "- Fatigue: Many people with hepatitis C feel tired.\n")
    got = {(m.surface.lower(), m.type) for m in _markdown_mentions(text, "Hepatitis C complications", "hybrid")}
    assert not any(t == "cause" for _, t in got) and ("fatigue", "symptom") in got, got
    assert [head_word(c) for c in ("hepatitis c", "influenza a", "type 2 diabetes", "covid-19")] == \
        ["hepatitis", "influenza", "diabetes", "covid-19"]


@pytest.mark.parametrize("text, flag", [
    ("Melanoma overview\nUV light plays a role in other melanomas, but nail melanoma does not appear to be "
     "directly linked to sun exposure.", "negated"),
    ("Melanoma overview\nNail melanoma is linked to sun exposure.", ""),
])
def test_a_link_denied_with_words_between_is_negated(text, flag):
    assert ("sun exposure", "cause", flag) in {(m.surface, m.type, m.flag) for m in _mentions(text)}


def test_a_kind_of_the_condition_is_no_cause_of_it():
    """"Telogen effluvium is a type of sudden hair loss": a kind of hair loss, not its cause; what it
    results from is. Said to cause hair loss, it is a cause."""
    kind = {(m.surface.lower(), m.type) for m in _mentions(
        "Hair loss overview\nTelogen effluvium is a type of sudden hair loss that results from a shock.")}
    cause = {(m.surface.lower(), m.type) for m in _mentions(
        "Hair loss overview\nTelogen effluvium can cause sudden hair loss.")}
    assert ("telogen effluvium", "cause") not in kind and ("shock", "cause") in kind
    assert ("telogen effluvium", "cause") in cause


def test_the_genus_of_the_condition_is_no_cause_of_it():
    """"Melanoma is a serious type of skin cancer": skin cancer is what melanoma is, not its cause."""
    got = {(m.surface.lower(), m.type) for m in _mentions(
        "Melanoma overview\nMelanoma is a serious type of skin cancer that develops in melanocytes.")}
    assert ("skin cancer", "cause") not in got


@pytest.mark.parametrize("text, flag", [
    ("Acne overview\nUnlike eczema, baby acne does not cause itchiness or discomfort.", "negated"),
    ("Acne overview\nEczema causes itchiness.", ""),
])
def test_what_a_condition_does_not_cause_is_negated(text, flag):
    assert ("itchiness", flag) in {(m.surface, m.flag) for m in _mentions(text)}


def test_the_second_half_of_a_negated_auxiliary_names_nothing():
    """"n't produce" of "doesn't produce enough of it" names nothing; a want with what it lacks keeps its
    auxiliary ("doesn't make enough insulin", never "n't make enough insulin")."""
    got = _mentions("Diabetes overview\nType 2 diabetes occurs when the body becomes resistant to insulin or "
                    "doesn’t produce enough of it.")
    want = _mentions("Diabetes overview\nEither your body doesn’t make enough insulin, or it can’t use the insulin "
                     "it does make effectively.")
    assert not any(m.surface.lower().startswith(("n't", "n’t")) for m in [*got, *want]), got
    assert any("doesn’t make enough insulin" in m.surface and m.type == "cause" for m in want)


@pytest.mark.parametrize("title,sentence,siblings", [
    ("Endometriosis: Causes and Symptoms",
     "Secondary dysmenorrhea can be caused by conditions such as endometriosis, adenomyosis, or fibroids.",
     ["adenomyosis", "fibroids"]),
    ("Fatigue: Causes", "Low cortisol levels can lead to fatigue, muscle weakness, and mood swings.",
     ["muscle weakness", "mood swings"]),
    ("Endometriosis: Causes and Symptoms",   # two examples of a kind
     "Conditions such as endometriosis and pelvic inflammatory disease can lead to chronic pain.",
     ["pelvic inflammatory disease"]),
])
def test_the_conditions_siblings_in_a_list_are_neither_its_causes_nor_its_symptoms(title, sentence, siblings):
    """A list that names the article's condition as one item names its siblings in the others: other
    conditions a third thing causes, or other effects of it."""
    got = _by_surface(_mentions(f"{title}\n{sentence}", title))
    for item in siblings:
        assert got.get(item, ("",))[0] not in ("cause", "symptom"), (item, got)


@pytest.mark.parametrize("sentence,causes", [
    ("Hair loss, often stemming from stress, thyroid disease, or anemia, can be treated.",
     ["stress", "thyroid disease", "anemia"]),
    ("Several factors can bring on hair loss, including genetics, stress, and anemia.", ["stress", "anemia"]),
    ("Hair loss can be caused by stress or anemia, hair loss experts say.", ["stress", "anemia"]),
])
def test_causes_listed_after_the_condition_stay_its_causes(sentence, causes):
    """What a clause says brings the condition on ("often stemming from", "including", "caused by") is not
    a list the condition is an item of."""
    got = _by_surface(_mentions(f"Hair Loss: Causes\n{sentence}", "Hair Loss: Causes"))
    for item in causes:
        assert got.get(item, ("",))[0] == "cause", (item, got)


@pytest.mark.parametrize("sentence,substance", [
    ("Exercise improves insulin sensitivity.", "insulin"),
    ("When magnesium levels are low, muscles may cramp.", "magnesium"),
    ("Microneedling stimulates collagen production.", "collagen"),
])
def test_the_bodys_own_substance_is_no_treatment(sentence, substance):
    got = _by_surface(_mentions("Insulin Resistance\n" + sentence))
    assert got.get(substance, ("",))[0] != "treatment", (substance, got)


def test_a_substance_prescribed_stays_a_treatment():
    got = _by_surface(_mentions("Type 2 Diabetes\nYour doctor may prescribe insulin or magnesium supplements."))
    assert got.get("insulin", ("",))[0] == "treatment", got


def test_a_tagger_span_cut_before_its_preposition_s_object_ends_before_the_preposition():
    """A name never ends in a preposition: where the tagger stops at one ("inflammation within", "burning
    during") the mention is what stands before it; "over" may end a phrasal verb ("hunched over") and stays."""
    r = render_plain("Hip pain overview\nInflammation within the joint and sitting hunched over a desk can cause hip pain.")
    doc = segment.segment([Document(doc_id="p" * 16, source="p.txt", fmt="txt", text=r.text, title="Hip pain")])[0]
    ex = extract.extractor()
    views, _ = extract.analyse(doc, ex, ExtractSettings())
    view = next(v for v in views if "within" in v.tokens.lowers)
    lowers = view.tokens.lowers
    within, over = lowers.index("within"), lowers.index("over")
    spans = [(lowers.index("inflammation"), within + 1, "cause", 0.9), (lowers.index("sitting"), over + 1, "cause", 0.9)]
    got = [" ".join(lowers[a:b]) for a, b, *_ in combine.combine_spans(view, spans, "model", ex, extract.lexical())]
    assert got == ["inflammation", "sitting hunched over"], got


def test_advice_given_as_an_imperative_is_a_treatment():
    """An imperative that opens an item under a heading of treatments, or a sentence that says what it is for
    ("... to reduce salt"), names the advice up to its purpose, means or next clause; a step of a recipe, a
    choice whose object is the advice and a sentence whose first word is no verb name none."""
    text = ("# Knee Pain: Causes and Treatments\n\nKnee pain has many causes.\n\n## Home treatments\n\n"
            "- Wrap the knee in a warm towel before bed.\n- Boil it in two cups of water.\n- Consider physical therapy.\n\n"
            "## Daily life\n\nPrepare meals at home to reduce salt in your diet. Fire ants are small insects.\n")
    got = {m.surface: (m.type, m.rule) for m in _markdown_mentions(text, "Knee Pain: Causes and Treatments", "hybrid")}
    assert got["Wrap the knee in a warm towel"] == ("treatment", "advice"), got
    assert got["Prepare meals at home"] == ("treatment", "advice"), got
    assert got.get("physical therapy", ("",))[0] == "treatment", got
    assert not [s for s in got if s.startswith(("Boil", "Consider", "Fire"))], got
    # without a purpose and outside a heading of treatments an imperative is no advice ("Read on to learn more")
    plain = {m.surface for m in _markdown_mentions("# Knee Pain\n\n## Overview\n\nKeep reading about the knee.\n",
                                                   "Knee Pain", "hybrid")}
    assert not [s for s in plain if s.startswith("Keep")], plain
    # a page about no condition gives tips of its own trade, not treatments
    travel = "# Travel Tips for Japan\n\n## Tips\n\nUse towels to wrap fragile items in your suitcase.\n"
    assert not [m for m in _markdown_mentions(travel, "Travel Tips for Japan", "hybrid") if m.rule == "advice"]


def test_a_want_named_with_its_negation_keeps_it():
    """"Not drinking enough water can lead to ...": a span the tagger began after the negation would name the
    opposite of the cause ("drinking enough water"); the cause keeps its "not" ("don't", "without")."""
    got = {m.surface: m.type for m in _mentions("Kidney stones overview\nNot drinking enough water can lead to "
                                                "concentrated urine.", "Kidney stones")}
    assert got == {"Not drinking enough water": "cause"}, got
    lowers = "you do n't drink enough water".split()
    assert extract._negated_from(lowers, 4) == 1 and extract._negated_from("without enough water".split(), 1) == 0
    assert extract._negated_from("drinking enough water".split(), 0) is None


def test_a_name_the_tagger_cut_before_its_head_noun_takes_the_noun():
    """"hormonal birth" of "hormonal birth control": a name never ends in an adjective or in the first word
    of a compound noun when the noun follows."""
    got = [m.surface.lower() for m in _markdown_mentions(
        "# Acne\n\nAcne is common.\n\n## Risk factors\n\n- certain medications, including lithium, some types of "
        "hormonal birth control, anticonvulsants, and steroids\n", "", "hybrid")]
    assert "hormonal birth control" in got and "hormonal birth" not in got, got


def test_a_food_in_a_list_of_what_to_avoid_is_a_cause():
    """The items under "limit or avoid:" that name foods bring the condition on or worsen it: causes, never
    advice, and never an exercise advised against."""
    got = {m.surface.lower(): m.type for m in _markdown_mentions(
        "# Heart disease\n\nHeart disease is common.\n\n## Diet\n\nIt’s important that you try to limit or avoid:\n\n"
        "- saturated fat\n- trans fat\n- red meats\n", "", "hybrid")}
    assert got.get("red meats") == "cause" and not [s for s, t in got.items() if t != "cause"], got


def test_a_food_coordinated_with_a_food_mention_shares_its_type():
    """"fish and nuts": the second food of a pair is a mention of the first's type."""
    got = {m.surface.lower(): m.type for m in _markdown_mentions(
        "# Arthritis\n\nArthritis is common.\n\n## What lifestyle changes can help?\n\n"
        "Other inflammation-reducing foods include fish and nuts.\n", "", "hybrid")}
    assert got.get("fish") == "treatment" and got.get("nuts") == "treatment", got


def test_a_name_inside_a_verb_phrase_rule_is_part_of_the_phrase():
    """A lexicon name inside a phrase rule's match ("COPD" of "harder for COPD patients to breathe", "aching"
    of "dull, aching pain") does not keep the phrase from being the mention."""
    got = [m.surface for m in _markdown_mentions(
        "# COPD\n\nCOPD is a lung disease.\n\n## Foods to avoid\n\nCarbonated drinks can cause gas, making it "
        "harder for COPD patients to breathe.\n", "", "hybrid")]
    assert "harder for COPD patients to breathe" in got, got


@pytest.mark.parametrize("sentence,surface,typ", [
    ("Practice stress-reduction techniques such as meditation.", "stress-reduction techniques", "treatment"),
    ("Talk to your doctor about smoking cessation programs.", "smoking cessation", "treatment"),
    ("Consider working with a running coach.", "running coach", "treatment"),
    ("Common causes include overuse, incorrect lifting techniques and poor posture.", "incorrect lifting techniques",
     "cause"),
    ("Common causes include improper injection technique and aggressive delivery techniques.",
     "aggressive delivery techniques", "cause"),
])
def test_a_way_of_doing_a_thing_is_advice_unless_done_badly(sentence, surface, typ):
    got = {(m.surface, m.type) for m in _markdown_mentions(f"# Back pain\n\nBack pain is common.\n\n{sentence}\n",
                                                           "", "hybrid")}
    assert (surface, typ) in got, got


def test_a_verb_form_after_a_cause_is_no_way_of_doing_it():
    # "form" is a way of doing only after a verb's "-ing" form: the stones are what forms here
    got = {(m.surface, m.type) for m in _markdown_mentions(
        "# Tonsil stones\n\nTonsil stones are common.\n\nTonsil stones form when food debris gets trapped.\n",
        "", "hybrid")}
    assert not [s for s, _ in got if s.endswith("form")], got


@pytest.mark.parametrize("sentence,named,gone", [
    ("Symptoms include a thick, white, clumpy discharge and a sour or bitter taste in the mouth.",
     "sour or bitter taste", "white"),
    ("## Symptoms\n\n- Nail Changes: Dents, roughness, or white spots on nails.", "white spots", "white"),
    ("## Symptoms\n\n- Dental issues, including brown spots on teeth and mouth ulcers", "brown spots", "brown"),
    # "fatty" qualifies a food as a colour qualifies a spot; what a text says about items names none
    ("## Causes\n\nSpicy, fatty or fried foods can trigger a flare.", "fatty or fried foods", "fatty"),
    ("## Treatment\n\n### Effectiveness\n\nSurgery helps most people.", "Surgery", "Effectiveness"),
    ("## Causes\n\nMost skin conditions reappear due to certain triggers, such as stress or illness.", "stress",
     "triggers"),
    # a time, sign, colour or stage that does not say of what
    ("## Symptoms\n\n- Coughing, especially at night, when laughing, or during exercise", "Coughing", "night"),
    ("## Symptoms\n\n- Color: Bumps can be white, pink, or flesh-colored.", "", "Color"),
    ("## Treatment\n\n- Stage II: Surgery plus close monitoring.", "", "Stage"),
])
def test_a_word_that_names_nothing_alone_takes_its_noun_or_goes(sentence, named, gone):
    got = {m.surface for m in _markdown_mentions(f"# Psoriasis\n\nPsoriasis is common.\n\n{sentence}\n",
                                                 "", "hybrid")}
    assert gone not in got and (not named or named in got), got


def test_a_trouble_says_with_what():
    # "Inability" alone names no symptom: the tagger cut it from what it is an inability to do
    got = {m.surface for m in _markdown_mentions(
        "# Gout\n\nGout is common.\n\n## Symptoms\n\n- Inability to keep food or liquids down: vomiting can be severe.\n",
        "", "hybrid")}
    assert "Inability to keep food or liquids down" in got and "Inability" not in got, got
    tokens = base.sentence_tokens(["An inability to bear weight occurs; difficulties with performance or a decrease "
                                   "in desire; difficulty."], extract.extractor())[0]
    at = tokens.lowers.index
    assert " ".join(tokens.texts[at("inability"):combine.troubled(tokens, at("inability") + 1)]) \
        == "inability to bear weight"
    assert " ".join(tokens.texts[at("difficulties"):combine.troubled(tokens, at("difficulties") + 1)]) \
        == "difficulties with performance"
    assert combine.troubled(tokens, at("difficulty") + 1) == at("difficulty") + 1  # nothing follows


def test_a_growth_or_contact_that_does_not_say_which_names_nothing():
    got = {m.surface for m in _markdown_mentions(
        "# Skin tags\n\nSkin tags are common.\n\nThe growths are harmless. The baby's growth slows. Avoid contact with "
        "the rash.\n", "", "hybrid")}
    assert not {"growths", "growth", "contact"} & got, got
    got = {m.surface for m in _markdown_mentions(
        "# Arthritis\n\nArthritis is common.\n\nOsteoarthritis can cause bony growths on the joints.\n", "", "hybrid")}
    assert "bony growths" in got, got
    got = {m.surface for m in _markdown_mentions(
        "# Indigestion\n\nIndigestion is common.\n\n## Treatment\n\nAdopting a lifestyle that promotes digestive "
        "health can decrease the occurrence of stomach cramps. Certain lifestyle and dietary adjustments can aid in "
        "the healing process.\n", "", "hybrid")}
    assert "lifestyle" not in got and "dietary adjustments" in got, got


def test_how_often_or_how_long_is_no_exercise():
    # a step of an exercise's instructions under its heading says how to do what is named, it names nothing
    got = {m.surface for m in _markdown_mentions(
        "# Neck pain\n\nNeck pain is common.\n\n## Exercises\n\n### Chin tucks\n\n- Pull your chin back.\n"
        "- Hold for 5 seconds, then relax.\n- Repeat 10 times.\n- Perform 10-15 repetitions.\n", "", "hybrid")}
    assert not {"Hold for 5 seconds, then relax", "Repeat 10 times", "Perform 10-15 repetitions"} & got, got
    assert "Chin tucks" in got, got
    got = {m.surface for m in _markdown_mentions(
        "# Cervical cancer\n\nCervical cancer is rare.\n\nTreatments include a repeat cone biopsy.\n", "", "hybrid")}
    assert any("repeat cone biopsy" in s for s in got), got  # (a Pap smear, a test, is none of the four types)


def test_an_imbalance_an_exposure_or_a_damage_says_of_what():
    # alone each would join every other imbalance, exposure or damage into one entity
    got = {m.surface for m in _markdown_mentions(
        "# Bacterial vaginosis\n\nBacterial vaginosis is common.\n\n## Causes\n\nBV is caused by an imbalance of "
        "bacteria in the vagina. Hives can be triggered by exposure to allergens.\n", "", "hybrid")}
    assert {"imbalance of bacteria", "exposure to allergens"} <= got and not {"imbalance", "exposure"} & got, got
    tokens = base.sentence_tokens(["A blockage in the brain causes a stroke."], extract.extractor())[0]
    at = tokens.lowers.index
    assert " ".join(tokens.texts[at("blockage"):combine.wanted(tokens, at("blockage") + 1, extract.lexical(),
                                                                combine.RELATIONAL["blockage"])]) == "blockage in the brain"


def test_a_symptom_word_that_names_nothing_alone_takes_what_follows():
    # "Reduced sense" or "frequent urge" alone would join every other sense or urge; a feeling of a complaint
    # is that complaint
    got = {m.surface for m in _markdown_mentions(
        "# Sinusitis\n\nSinusitis is common.\n\n## Symptoms\n\n- Reduced sense of smell\n- A frequent urge to urinate\n"
        "- A decrease in the range of motion\n- A constant feeling of tiredness\n", "", "hybrid")}
    assert got == {"Reduced sense of smell", "frequent urge to urinate", "decrease in the range of motion",
                   "tiredness"}, got


def test_adjectives_coordinated_before_their_noun_take_it():
    # the annotation's "warm or red joints", "baked or grilled alternatives": "bacterial" alone would join
    # every bacterium
    got = {m.surface for m in _markdown_mentions(
        "# Conjunctivitis\n\nConjunctivitis is common.\n\n## Causes\n\nIt is caused by bacterial or viral infections."
        "\n\n## Symptoms\n\nSymptoms include itchy, watery eyes and loose or watery stools.\n", "", "hybrid")}
    assert got == {"bacterial or viral infections", "itchy, watery eyes", "loose or watery stools"}, got


def test_a_time_before_or_after_a_treatment_is_no_treatment():
    got = {(m.surface, m.type) for m in _markdown_mentions(
        "# Bloating\n\nBloating is common.\n\n## Treatment\n\nPost-surgery bloating usually eases.\n", "", "hybrid")}
    assert not {s for s, t in got if "surgery" in s.lower() and t == "treatment"}, got


def test_mentions_of_a_sentence_never_share_words():
    ms = sorted(_markdown_mentions("# Bloating\n\nBloating is common.\n\n## Treatment\n\nWalking helps reduce "
                                   "post-surgery bloating. Acute pancreatitis can cause it.\n", "", "hybrid"),
                key=lambda m: m.start)
    assert all(a.end <= b.start for a, b in zip(ms, ms[1:])), [(m.surface, m.start, m.end) for m in ms]


@pytest.mark.parametrize("condition,text,named,not_named", [
    # a complaint's adjective takes the body part after it, as the annotation's "stiff joints" does ("swollen
    # lymph nodes" is lymphadenopathy, not any swelling); "non-itchy" is the absence of a complaint
    ("Mononucleosis", "## Symptoms\n\nSymptoms include fever, swollen lymph nodes and itchy eyes. A rash may appear; it is usually "
     "non-itchy.", {"fever", "swollen lymph nodes", "itchy eyes", "rash"}, {"swollen", "itchy", "non-itchy"}),
    # a substance or a process keeps its level or process (the annotation's "High sodium levels", "mucus
    # production", "fluid buildup")
    ("Gout", "## Causes\n\nHigh uric acid levels and stone formation can cause it.\n\n## Symptoms\n\nSymptoms include mucus "
     "production.", {"High uric acid levels", "stone formation", "mucus production"}, set()),
    # a complaint keeps the sound or sensation it is perceived as (the annotation's "clicking sound")
    ("Knee pain", "## Symptoms\n\nYou may hear a popping noise or a grinding noise.",
     {"popping noise", "grinding noise"}, {"popping", "grinding"}),
    # a disease's name keeps its head
    ("Anemia", "## Causes\n\nIt can come with Crohn’s disease, fatty liver disease or restless legs syndrome.",
     {"fatty liver disease"}, {"fatty liver"}),
    # a trouble says with what (the annotation's "trouble gripping objects"), never over a preposition
    ("Knee pain", "## Symptoms\n\nYou may have difficulty bearing weight and trouble maintaining your balance. Some have "
     "difficulty breathing after meals.",
     {"difficulty bearing weight", "trouble maintaining your balance", "difficulty breathing"}, set()),
    # what the body does is no complaint alone
    ("Constipation", "## Symptoms\n\nPain after a bowel movement and changes in appetite are common, with painful bowel movements.",
     {"painful bowel movements"}, {"bowel movement", "appetite"}),
    # a verb of advice that names nothing alone takes what it acts on, or is no mention
    ("Anxiety", "## Treatment\n\nSeeking support helps. Monitor for changes, and talk with a doctor.",
     {"Seeking support"}, {"Seeking", "Monitor", "talk"}),
])
def test_a_name_reads_whole(condition, text, named, not_named):
    got = {m.surface for m in _markdown_mentions(f"# {condition}\n\n{condition} is common.\n\n{text}\n", "", "hybrid")}
    assert named <= got and not not_named & got, got


def test_a_harm_of_a_medicine_is_a_cause():
    # the annotation's "resistance to insulin": the medicine is what the harm is of, no treatment advised
    got = {(m.surface, m.type) for m in _markdown_mentions(
        "# Type 2 diabetes\n\nType 2 diabetes is common.\n\n## Causes\n\nIt develops from resistance to insulin. Some "
        "people have a reaction to amoxicillin, and misuse of laxatives harms the gut.\n", "", "hybrid")}
    assert got == {("resistance to insulin", "cause"), ("reaction to amoxicillin", "cause"),
                   ("misuse of laxatives", "cause")}, got


def test_a_vitamin_keeps_its_letter():
    got = {m.surface for m in _markdown_mentions(
        "# Hair loss\n\nHair loss is common.\n\n## Causes\n\nNutrients such as vitamin B12, magnesium, and antioxidants "
        "support nerve function. Vitamin E, magnesium, and omega-3 fatty acids are also beneficial.\n", "", "hybrid")}
    assert {"vitamin B12", "Vitamin E"} <= got and not {"vitamin", "Vitamin"} & got, got


def test_advice_to_monitor_says_what():
    tokens = base.sentence_tokens(["Regular check-ups monitor blood pressure and the doctor will monitor your "
                                   "symptoms."], extract.extractor())[0]
    at = tokens.lowers.index
    assert " ".join(tokens.texts[at("monitor"):combine.watched(tokens, at("monitor") + 1, extract.lexical())]) \
        == "monitor blood pressure"
    last = len(tokens.lowers) - 1 - tokens.lowers[::-1].index("monitor")
    assert combine.watched(tokens, last + 1, extract.lexical()) == last + 1  # "your symptoms": left as it was


def test_a_symptom_keeps_the_word_that_says_what_is_wrong():
    # "unusual bruising" and "heavy sweating" are the complaints; "severe" or "persistent" only say how much
    got = {m.surface for m in _markdown_mentions(
        "# PCOS\n\nPCOS is common.\n\nIt causes heavy sweating, and you may notice unusual bruising.\n", "", "hybrid")}
    assert {"heavy sweating", "unusual bruising"} <= got, got


def test_what_the_condition_is_a_cause_of_is_no_cause_of_it():
    # "Diabetes is a major cause of blindness, kidney failure...": what it brings about; what brings it on stays
    text = ("# Diabetes\n\nDiabetes is common.\n\nAccording to the WHO, many people have diabetes, and it is a major "
            "cause of blindness, kidney failure, heart attacks, and stroke. Obesity is a major cause of diabetes.\n")
    causes = _causes("diabetes.md", text, "diabetes")
    assert "obesity" in causes and not causes & {"kidney failure", "heart attacks", "stroke"}, causes
    text = ("# Hydrosalpinx\n\nHydrosalpinx is a blocked fallopian tube.\n\nHydrosalpinx is a significant cause "
            "of female infertility, often resulting from infections or previous surgeries.\n")
    causes = _causes("tubes.md", text, "hydrosalpinx")
    assert "infections" in causes, causes


def test_a_replacement_therapy_says_what_it_replaces():
    got = {m.surface for m in _markdown_mentions(
        "# Hot flashes\n\nHot flashes are common in menopause.\n\n## Treatment\n\nTreatments range from hormone "
        "replacement therapy to lifestyle changes, alternative therapies, and supplements.\n", "", "hybrid")}
    assert "hormone replacement therapy" in got and "replacement therapy" not in got, got


def test_an_auxiliary_alone_names_nothing():
    # "can’t" (tokens "ca" + "n’t") had been a cause of 14 documents
    got = {m.surface for m in _markdown_mentions(
        "# Sickle cell anemia\n\nSickle cell anemia is inherited.\n\n## Causes\n\nThe sickle-shaped red blood cells "
        "can’t carry as much oxygen to your tissues as healthy cells.\n", "", "hybrid")}
    assert not {"can’t", "can't"} & got, got


def test_advice_to_drink_says_what_and_how_much():
    got = {m.surface for m in _markdown_mentions(
        "# Chest congestion\n\nChest congestion is common.\n\n## Treatment\n\n- Stay Hydrated: Drink plenty of fluids "
        "to help thin mucus.\n- Hydration: Drink at least 8 glasses of water a day.\n", "", "hybrid")}
    assert "Drink at least 8 glasses of water" in got and "Drink" not in got, got


@pytest.mark.parametrize("words, cut", [
    ("alcohol irritates", True),               # a subject and its verb: the subject is the cause
    ("excess weight accelerates", True),
    ("skin cells accumulate", True),           # a plural subject, the verb as it stands
    ("pain persists", False),                  # the complaint's course: persistent pain
    ("rash worsens", False),
    ("urge to urinate", False),
    ("gums that bleed", False),
    ("pain when you breathe", False),
    ("pain when urinating", False),
    ("shortness of breath", False),
    ("joint pain", False),
])
def test_a_complaint_that_ends_in_its_subjects_verb_loses_the_verb(words, cut):
    lowers = words.split()
    assert combine._subject_and_verb(lowers, 0, len(lowers), extract.lexical()) is cut


@pytest.mark.parametrize("sentence, surface", [
    ("The swelling makes walking difficult.", "walking difficult"),
    ("Stiffness can make daily activities increasingly difficult.", "daily activities increasingly difficult"),
    ("Strep throat can make swallowing painful.", "swallowing painful"),
    ("Severe pain can restrict movement in the joint.", "restrict movement"),
    ("The pain significantly affects mobility.", "affects mobility"),
    # what is hard to do about the condition, an easing, a treatment's means: no symptom
    ("Overlapping symptoms make diagnosis challenging.", None),
    ("Resistance makes the infection more difficult to treat.", None),
    ("Lubricants can make sex less painful.", None),
    ("A brace helps by limiting movement of the neck.", None),
])
def test_a_function_the_complaint_limits_is_a_symptom(sentence, surface):
    got = _phrased(f"Knee pain overview\n{sentence}", "", "action:made_difficult", "action:limits_function")
    assert got == ({surface} if surface else set()), got


def _phrased(text: str, title: str, *rules: str) -> set[str]:
    """The surfaces of a text's mentions that the named phrase rules made."""
    return {m.surface for m in _mentions(text, title) if m.rule in rules}


@pytest.mark.parametrize("title, sentence, surface", [
    ("Vaginitis", "Symptoms include itching and pain during urination.", "pain during urination"),
    ("Torn Meniscus", "Common symptoms include swelling, stiffness and pain during movement.", "pain during movement"),
    ("Sciatica", "Pain that worsens when sitting is common.", "Pain that worsens when sitting"),
    # the article's topic, in its title or as a body part's own pain, is no symptom of it
    ("Ear Pain When Swallowing", "Ear pain is common; pain when swallowing often comes from the throat.", None),
    ("Neck Pain When Breathing", "Some people feel discomfort when breathing deeply.", None),
    ("Back pain", "Back muscle pain while sitting may result from poor posture.", None),
])
def test_a_pain_in_a_situation_is_a_symptom_unless_it_is_the_topic(title, sentence, surface):
    got = _phrased(f"{title} overview\n{sentence}", title, "action:pain_situation")
    assert got == ({surface} if surface else set()), got


@pytest.mark.parametrize("sentence, surface", [
    ("Physical therapy involving exercises that help strengthen the muscles around the affected joint is key.",
     "strengthen the muscles around the affected joint"),
    ("Pelvic tilts can strengthen your abdominal muscles.", "strengthen your abdominal muscles"),
    ("Pilates focuses on strengthening the core.", "strengthening the core"),
    # muscles that do not say which: the benefit of the exercise named beside them
    ("Regular exercise, such as walking or yoga, can strengthen your muscles.", None),
    ("Calcium strengthens bones.", None),
])
def test_an_exercise_named_by_what_it_strengthens(sentence, surface):
    got = _phrased(f"Knee pain overview\n{sentence}", "", "action:strengthen_muscles")
    assert got == ({surface} if surface else set()), got


@pytest.mark.parametrize("sentence, surface", [
    ("Spinal stenosis puts pressure on the sciatic nerve.", "pressure on the sciatic nerve"),
    ("Compression or irritation of nerves is common.", "Compression or irritation of nerves"),
    ("A slipped vertebra may end up compressing the sciatic nerve.", "compressing the sciatic nerve"),
    ("The sciatic nerve runs down the back of the leg.", None),
])
def test_a_nerve_pressed_on_is_a_cause(sentence, surface):
    got = _phrased(f"Sciatica overview\n{sentence}", "", "action:nerve_pressure")
    assert got == ({surface} if surface else set()), got


@pytest.mark.parametrize("title, sentence, surface", [
    ("Sciatica", "Sciatica causes pain that radiates from the lower back to the buttock and down the leg.",
     "pain that radiates from the lower back to the buttock and down the leg"),
    ("Gallstones", "The pain may radiate to the back or right shoulder.", "pain may radiate to the back or right shoulder"),
    ("Pinched nerve", "It can cause numbness that may extend up the arm.", "numbness that may extend up the arm"),
    # "spreads" says it of a complaint only; the article's topic in its title is no symptom of it
    ("Kidney infection", "Left untreated, the infection can spread to the kidneys.", None),
    ("Shoulder Pain Radiating Down Arm to Fingers", "The pain often spreads down the arm to the fingers.", None),
])
def test_a_pain_that_spreads_to_another_part_is_a_symptom(title, sentence, surface):
    got = _phrased(f"{title} overview\n{sentence}", title, "action:radiating_pain")
    assert got == ({surface} if surface else set()), got
    if surface:
        assert {m.concept for m in _mentions(f"{title} overview\n{sentence}", title)
                if m.rule == "action:radiating_pain"} == {"radiating pain"}


@pytest.mark.parametrize("sentence, surface", [
    ("Elevating the affected joint above the level of your heart reduces swelling.",
     "Elevating the affected joint above the level of your heart"),
    ("Elevation: Keep the knee elevated to decrease swelling.", "Keep the knee elevated"),
    ("Use a pillow to prop up the injured finger or toe.", "prop up the injured finger or toe"),
    # a step of an exercise, and the head raised in sleep, are no elevation of a swollen part
    ("Raise your arms straight above your head.", None),
    ("Elevate your head while sleeping to prevent reflux.", None),
])
def test_a_body_part_raised_to_ease_swelling_is_elevation(sentence, surface):
    text = f"Knee pain overview\n{sentence}"
    got = _phrased(text, "", "action:elevation")
    assert got == ({surface} if surface else set()), got
    assert all(m.concept == "elevation" for m in _mentions(text, "") if m.rule == "action:elevation")


@pytest.mark.parametrize("sentence, surface, cause", [
    ("Fever or other signs of infection coupled with back pain.", "signs of infection", None),
    ("See a doctor for severe pain or signs of an infection, such as pus.", "signs of an infection", None),
    # what a complaint may mean leaves the infection a cause
    ("Joint pain can also be a sign of an infection.", None, "infection"),
])
def test_the_signs_of_an_infection_to_watch_are_a_symptom(sentence, surface, cause):
    found = _mentions(f"Back pain overview\n{sentence}", "Back pain")
    assert {m.surface for m in found if m.rule == "action:signs_of_infection"} == ({surface} if surface else set())
    assert ({m.surface for m in found if m.type == "cause"} == {cause}) if cause else True


@pytest.mark.parametrize("name, concept", [
    ("walking difficult", "difficulty walking"),
    ("straightening the leg challenging", "difficulty straightening the leg"),
    ("restful sleep challenging", "difficulty sleeping"),
    ("daily activity increasingly difficult", "difficulty with daily activities"),
    ("even the simplest task difficult", "difficulty with daily activities"),
    ("chewing painful", "painful chewing"),
    ("movement very painful", "painful movement"),
    # a thing seen, or a noun that names a kind, is no one activity
    ("clear vision difficult", ""),
    ("movement like squatting particularly challenging", ""),
])
def test_what_a_complaint_makes_hard_is_named_as_the_annotations_name_it(name, concept):
    from pipeline.stages.extract import made_hard

    assert made_hard(name) == concept


def test_an_activity_made_hard_joins_the_difficulty_of_doing_it():
    found = [m for m in _mentions("Knee pain overview\nThe swelling can make walking difficult.", "Knee pain")
             if m.rule == "action:made_difficult"]
    assert [(m.surface, m.concept) for m in found] == [("walking difficult", "difficulty walking")], found


def test_the_heading_decides_between_cause_and_symptom_for_the_tagger_too():
    """A lexicon name the heading types (``section_typed``) takes the type of a heading of causes or
    symptoms when the tagger found it, as when the lexicon did ("muscle weakness" under "Hernia causes");
    elsewhere the tagger's reading stands."""
    got = [(m.surface, m.type) for m in _markdown_mentions(
        "# Hernia\n\nHernias are common.\n\n## Hernia causes\n\nHernias are caused by a combination of muscle "
        "weakness and strain.\n", "Hernia", "hybrid")]
    assert ("muscle weakness", "cause") in got, got
    got = [(m.surface, m.type) for m in _markdown_mentions(
        "# Anal fissure\n\nAn anal fissure is a tear.\n\n## Causes\n\n- Diarrhea: Frequent bowel movements can "
        "irritate the anus.\n", "Anal fissure", "hybrid")]
    assert ("Diarrhea", "cause") in got, got


@pytest.mark.parametrize("sentence, surface, typ", [
    ("Flu season comes with sniffling, sneezing, coughing, fatigue and fever.", "coughing", "symptom"),
    ("Arthritis may increase the risk of anxiety due to ongoing pain, inflammation, and social isolation.",
     "inflammation", "cause"),
])
def test_a_lexicon_name_in_a_list_takes_its_own_type_beside_a_sibling_of_that_type(sentence, surface, typ):
    got = {m.surface: m.type for m in _mentions(f"Asthma overview\n{sentence}", "Asthma")}
    assert got.get(surface) == typ, got


@pytest.mark.parametrize("sentence, surfaces", [
    ("The risk of developing arthritis increases with age.", {"age"}),
    ("The condition becomes more common with age.", {"age"}),
    # age named without a risk that grows with it is no cause
    ("Back pain can be experienced at any age.", set()),
])
def test_a_risk_that_grows_with_age_names_age_as_a_cause(sentence, surfaces):
    found = [m for m in _mentions(f"Arthritis overview\n{sentence}", "Arthritis") if m.rule == "action:age_at_risk"]
    assert {m.surface for m in found} == surfaces, found
    assert all(m.type == "cause" and m.concept == "age" for m in found), found


@pytest.mark.parametrize("title,text,dropped,kept", [
    # the topic by its head word alone is no symptom of it (ANNOTATION.md: the general topic of an article)
    ("Allergy Headache: Symptoms and Relief", "Symptoms include headache, nasal congestion and watery eyes.",
     "headache", "nasal congestion"),
    ("Neck Rash: Causes and Treatment", "Symptoms include a rash, itching and swelling.", "rash", "itching"),
])
def test_the_topics_head_word_alone_is_no_symptom(title, text, dropped, kept):
    doc = _extracted(title, text)
    assert doc.condition.endswith(dropped)
    got = {m.surface.lower() for m in doc.mentions if m.type == "symptom"}
    assert dropped not in got and kept in got, got


@pytest.mark.parametrize("text,exercise", [
    # an exercise named by the body part it moves and the movement, or a body part one is told to stretch
    ("Try finger bends and thumb bends to keep your hands flexible.", "thumb bends"),
    ("Toe taps improve mobility.", "Toe taps"),
    ("Stretch your hip flexors twice a day.", "Stretch your hip flexors"),
    # not a body part's own movement or function
    ("The knee bends when you sit.", ""),
    ("The muscle is responsible for hip rotation.", ""),
])
def test_an_exercise_named_by_a_body_part_and_its_movement(text, exercise):
    got = [m.surface for m in _mentions("Knee pain exercises\n" + text) if m.type == "exercise"]
    assert (exercise in got) if exercise else got == [], got


def test_a_body_part_exercise_the_title_names_is_the_articles_topic():
    # the title's "Upper Back Stretches" is what the article is about, there and in its text; a scraper's
    # text file without a title line opens with it, glued to what follows
    from pipeline.config import load_settings
    from pipeline.passes import documents
    from pipeline.records import RawInput

    body = "Upper back pain is common. Try toe taps and back stretches daily to ease upper back pain.\n"
    for text in ("4 Upper Back Stretches You Can Do at Your Desk\n\n" + body,
                 "4 Upper Back Stretches You Can Do at Your Desk - Healthline Cookies collect information about "
                 "your preferences.\n\n" + body):
        doc = documents([RawInput("x.txt", data=text.encode())], load_settings())[0]
        got = [m.surface.lower() for m in doc.mentions if m.type == "exercise"]
        assert got == ["toe taps"], (doc.title, got)


@pytest.mark.parametrize("title,text,surface", [
    # a name that starts inside a hyphenated word starts with the word: its second half alone is another thing
    ("How to Cure Gout in 10 Minutes",
     "Diet Adjustments: Avoid high-purine foods like red meats, organ meats, shellfish, and sugary drinks.",
     "high-purine foods"),
    ("Arrhythmia: Prevention", "Follow a heart-healthy diet with reduced salt and fat.", "heart-healthy diet"),
])
def test_a_name_inside_a_hyphenated_word_starts_with_the_word(title, text, surface):
    got = {m.surface for m in _mentions(f"{title}\n{text}", title)}
    assert surface in got and surface.split("-", 1)[1] not in got, got


@pytest.mark.parametrize("name,low", [
    ("low - sodium option", True), ("sugar - free drink", True), ("no salt added", True),
    ("no - added - sugar beverage", True), ("low fat diet", True), ("lactose - free alternative", True),
    # a level of the body's, or low in what does good, is no such diet
    ("low blood sugar", False), ("low stomach acid", False), ("low - fiber food", False), ("high - purine food", False),
])
def test_a_diet_kept_low_in_what_harms(name, low):
    from pipeline.stages.extract.foods import kept_low
    assert kept_low(name) is low


def test_a_food_kept_low_in_what_harms_is_advice():
    title = "Colic in Adults: Causes and Treatments"
    got = {(m.type, m.surface) for m in _mentions(
        f"{title}\nFor lactose intolerance, avoid dairy or choose lactose-free alternatives.", title)}
    assert ("treatment", "lactose-free alternatives") in got, got


@pytest.mark.parametrize("name,harms", [
    ("processed food", True), ("sugary drink", True), ("high - sodium food", True), ("eating fatty food", True),
    ("refined carbohydrate", True),
    # good foods, foods kept low in a harm, and advice about a harmful food are not
    ("high - fiber food", False), ("fatty fish", False), ("non - carbonated beverage", False),
    ("limit processed food", False),
])
def test_a_food_to_cut_down_on(name, harms):
    from pipeline.stages.extract.base import lexical
    from pipeline.stages.extract.foods import rich_in_harm
    assert rich_in_harm(name, lexical()) is harms


def test_a_food_to_cut_down_on_is_a_cause_under_a_treatment_heading():
    text = ("# Gallbladder Pain: Treatment\n\n## Treatment and Home Remedies\n\n"
            "Diet changes help: eat smaller meals and cut out fatty foods.\n\n- Processed foods\n- Sugary drinks\n- Rest\n")
    got = {m.surface: m.type for m in _markdown_mentions(text, "Gallbladder Pain: Treatment", "hybrid")}
    assert got["Processed foods"] == got["Sugary drinks"] == "cause", got
    assert got["Rest"] == "treatment", got


@pytest.mark.parametrize("title,text,cause", [
    # what one does to a part of one's body is the cause with it
    ("Knee pain", "If you have osteoarthritis, it’s best to avoid high impact activities, twisting the affected "
                  "joint, or putting excessive strain on the affected joint.", "twisting the affected joint"),
    ("Back pain", "Common causes include lifting heavy objects, twisting your spine, and poor posture.",
     "twisting your spine"),
    # done by something else the sentence names, the verb alone names nothing
    ("Birth control", "Barrier Methods: Physically block sperm from reaching the egg.", ""),
    ("Infertility", "If the tube is blocked, it can prevent the egg from reaching the uterus.", ""),
])
def test_a_verb_done_to_a_body_part_is_the_cause_with_it(title, text, cause):
    got = {m.surface for m in _mentions(f"{title}\n{text}", title) if m.type == "cause"}
    words = {"twisting", "reaching", "lifting"}
    assert (cause in got) if cause else not got & words, got
    assert not got & words, got


def test_a_lead_in_that_points_to_items_elsewhere_names_nothing():
    text = ("# Knee Pain: Relief\n\n## Home Remedies\n\n- **Consider these strategies**: rest, ice and compression.\n"
            "- **To reduce your risk**: wear supportive shoes.\n- **Try the following**: gentle stretching.\n")
    got = {m.surface for m in _markdown_mentions(text, "Knee Pain: Relief", "hybrid")}
    assert not {"Consider these strategies", "Try the following", "To reduce your risk"} & got, got
    assert {"rest", "supportive shoes", "stretching"} <= got, got


@pytest.mark.parametrize("words,points", [
    ("consider these strategies", True), ("each of these factors", True), ("try the following", True),
    ("check out our guide", True), ("find out here", True), ("to reduce your risk", True),
    ("tear in this cartilage", False), ("follow the recommended dosage", False), ("stretch your hamstrings", False),
])
def test_words_that_point_elsewhere(words, points):
    from pipeline.stages.extract import _points_elsewhere
    assert _points_elsewhere(words.split()) is points


def test_the_pain_of_the_conditions_body_part_is_its_topic_only_where_the_condition_is_a_complaint():
    from pipeline.resources.loader import extract_rules
    from pipeline.stages.extract.candidates import is_topic

    complaints = extract_rules().complaints
    assert is_topic("back pain", "upper back pain", complaints)
    assert is_topic("back pain", "back stiffness after sleeping", complaints)
    assert is_topic("pain", "sciatica", complaints)
    assert not is_topic("ear pain", "ear infections", complaints)
    doc = _extracted("Are Ear Infections Contagious? Key Facts and Prevention Tips",
                     "Ear infections are common in children.\nSymptoms include ear pain, fever, and hearing loss.")
    assert "ear pain" in {m.surface for m in doc.mentions if m.type == "symptom"}


def test_a_span_that_opens_a_clause_of_its_own_names_nothing():
    # the cue's object ends where a contrasting clause begins: "whereas eczema" is none of the causes
    got = {m.surface for m in _mentions(
        "Herpes\nCold sores are caused by the herpes simplex virus, whereas eczema is not contagious.", "Herpes")}
    assert not any(s.lower().startswith(("whereas", "while")) for s in got), got


def test_a_diagnostic_test_is_none_of_the_four_types():
    # ANNOTATION.md: diagnostic tests are none of the four types; nor are the words that say which test
    text = ("# Glaucoma: Prevention\n\n## Prevention\n\n- **Regular Health Screenings**: catch changes early.\n"
            "- **Comprehensive Eye Exam**: once a year after 40.\n- **Wear Sunglasses**: protect your eyes from UV light.\n")
    got = {m.surface for m in _markdown_mentions(text, "Glaucoma: Prevention", "hybrid")}
    assert not any(s.lower().startswith(("regular health", "comprehensive eye")) for s in got), got
    assert "Wear Sunglasses" in got, got


def test_a_hyphenated_modifier_takes_its_noun_after_its_acronym_and_the_acronym_is_no_part_of_the_concept():
    from pipeline.stages.extract import _after_acronym
    from pipeline.stages.extract.base import extractor, lexical, tagger, text_tokens
    from pipeline.stages.extract.context import concept

    tdoc = text_tokens("Take over-the-counter (OTC) pain relievers daily.", extractor())
    end = tdoc.lowers.index("counter") + 1
    assert " ".join(tdoc.texts[end:_after_acronym(tdoc, end, lexical())]) == "( OTC ) pain relievers"
    assert concept("treatment", "over-the-counter (OTC) medications", tagger()) == "over-the-counter medication"
    # an acronym that carries the name is kept: it is tried first
    assert concept("treatment", "sodium-glucose cotransporter-2 (SGLT2) inhibitors", tagger()) == "sglt2 inhibitor"
