"""Extract: cause, symptom, treatment and exercise mentions from the content sentences of kept documents.

Three sources of mentions, each named in the ``rule`` column:

- ``lexicon``: the project lexicon, matched with spaCy PhraseMatchers on the lower-case form and
  on the other grammatical number of its first or last word ("herniated discs" = "Herniated Disc");
- ``cue:<id>``: cue constructions ("caused by X", "symptoms include X, Y and Z") over phrases bounded
  by stopwords and punctuation, for what the lexicon lacks;
- ``section_item``: a short heading, list item or "Label:" under a heading classified as causes,
  symptoms, treatment or exercises.
- ``list``: an item of a coordinated list ("swollen, red, tender, or warm") whose other items are mentions
  of one type.

The section decides ambiguous lexicon types; ConText-style triggers set the ``negated`` and
``contraindicated`` flags; each document gets its ``condition`` from its title and headings.

The package: ``base`` (matchers and tokens), ``words`` (word classes), ``candidates`` (the rules'
spans), ``context`` (the sentence around a mention), ``foods`` (foods and imperative advice),
``combine`` (the tagger's spans with the rules'), ``flags`` (contraindicated and negated), and here
the stage itself: ``extract_document`` and ``extract``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ...config import ExtractSettings
from ...nlp import lemma_table
from ...ontology import condition_ontology
from ...records import CONTENT, HEADING, ITEM, TEXT, Document, Mention, Sentence
from ...words import PAIN_WORDS, gerunds
from ...resources.loader import ExtractRules, LexEntry
from ..compare import LABEL, attribute
from ..condition import NOT_HEALTH, compared, find_condition, head_word, health_share, kind_of
from ..dedupe import normalize_key
from ..tagger import STOP, Lexical, Tagger
from .base import Extractor, concepts_by_key, extractor, fold, lexical, surface_concepts, tagger, text_tokens
from .words import (ADVICE, COMPLAINTS, COMPLAINT_HEADS, EFFECTS, LIGHT, NEGATED_HALF, NOT, OBJECTS, PLACES,
                    QUALITIES, STATES, TEST_HEADS, THERAPIES, THERAPY_HEADS, THINGS, WRONGLY, adjective, food,
                    mostly, mostly_verb, noun, noun_share, verb_sense, with_auxiliary)
from .candidates import (AVOID_LEAD, AVOID_SECTION, CONTRAINDICATED, NUMBERED, QUALIFIED, SHORT_ITEM, SYMPTOM_LEAD,
                         View, acronyms, analyse, in_proper_name, is_topic, item_names, lemmas, lexicon_entries,
                         lexicon_spans, listed_after, listed_sentence, mention, one_flag_per_item,
                         part_of_condition)
from .context import (DAILY, DEFINED, FELT, IS_A, PRACTICES, RISKS, SIDE_EFFECTS, SYMPTOM_LIST, TEMPERATURES,
                      WHEN_DOING, WINDOW, another_name, brought_on_by, caused_by_condition, characterized,
                      complication_of, concept, consequence, effect_is_condition, exposure, folded_words, genus_of,
                      induces, label_causes, labels_consequence, listed_with_condition, outcome, set_beside, subclass,
                      subject_is_condition, symptoms_of_condition)
from .foods import (CHOOSE, CLASS_OF, FOOD_AVOID, FOOD_HARM, MEASURES, PARTICLES, REMEDY_ENDS, TROUBLES,
                    advises_eating, food_spans, foods_avoided, hyphenated_end, imperative_advice, joins, kept_low,
                    past_body_part, rich_in_harm, trouble_spans, with_foods, with_spans)
from .combine import (NO_NAMES_ALONE, PEOPLE, RELATIONAL, SAYS_WHICH, SEVERITY, TROUBLE_WORDS, WATCH_WORDS,
                      combine_spans, coordinated_noun, loaded_part, model_spans, object_after, part_after, part_before,
                      pure_adjective, qualified_noun, strained_part, troubled,
                      unnamed_complaint, wanted, watched, with_pair, with_siblings)
from .flags import abated, flag_mentions, may_flag

# what other modules use: the stage, and the pieces training and the topic finder share
__all__ = ["AVOID_LEAD", "AVOID_SECTION", "analyse", "extract", "extract_document", "extractor", "lexical",
           "lexicon_concepts", "surface_concepts", "tagger", "text_tokens"]


@dataclass
class _Page:
    """A document as its per-mention rules read it: the condition in each form they compare a mention with."""

    doc: Document
    rules: ExtractRules
    lx: Lexical
    model: Tagger | None
    head: str  # the condition's head word ("rash" of "amoxicillin rash"), which cause rules look for
    topic: tuple[str, ...]  # the condition's lemmas
    # the condition's words folded and the lexicon concepts its name stands for: "UTIs" in an article on UTI,
    # "influenza" in one on the flu are the topic (not "persistent pain" in one on pain: a quality of it)
    topic_key: tuple[str, ...]
    topic_concepts: set[str]
    condition_words: set[str]
    title_words: set[str]
    condition_id: str
    symptom_items: set[int]  # the short items of a list of the condition's symptoms


def _page(doc: Document, rules: ExtractRules, lx: Lexical, model: Tagger | None, symptom_items: set[int]) -> _Page:
    condition = doc.condition
    return _Page(doc=doc, rules=rules, lx=lx, model=model,
                 head=fold(head_word(condition)) if condition else "",
                 topic=lemmas(condition) if condition else (),
                 topic_key=tuple(fold(w) for w in condition.split()),
                 topic_concepts=concepts_by_key().get(normalize_key(condition), set()) if condition else set(),
                 condition_words=folded_words(condition) - STOP, title_words=folded_words(_title(doc)),
                 condition_id=condition_ontology(condition) if condition else "", symptom_items=symptom_items)


def _title(doc: Document) -> str:
    """A document's title, or for a plain text without one the sentence its first line opens with, where a
    scraper's text file has its title glued to what follows ("4 Upper Back Stretches You Can Do at Your
    Desk - Healthline Cookies collect information...")."""
    if doc.title or not doc.sentences:
        return doc.title
    first = doc.sentences[0]
    return first.text if first.start == 0 and "\n" not in doc.text[:first.end] else ""


_POSSESSIVES = frozenset(("your", "my", "his", "her", "their", "our"))
# words that open a clause of its own: a span that starts with one took the next clause's words
_SUBORDINATORS = frozenset(("while", "whereas", "although", "though", "whether", "since", "unless", "then"))


def _points_elsewhere(words: list[str]) -> bool:
    """Whether a span's words name nothing themselves but point to what is named elsewhere: to items before
    or after it ("these strategies", "each of these factors", "the following tips", "our guide", "find out
    here"), or to a purpose ("To reduce your risk:", a list's lead-in)."""
    return "these" in words or "our" in words or words[-1:] == ["here"] \
        or words[:1] == ["to"] and len(words) > 1 \
        or any(a == "the" and b == "following" for a, b in zip(words, words[1:]))


def _after_acronym(tdoc, end: int, lx: Lexical) -> int:
    """Where the noun phrase after a hyphenated modifier's acronym in parentheses ends ("over-the-counter
    (OTC) pain relievers"); ``end`` when none follows."""
    if not (end + 3 < len(tdoc) and tdoc.texts[end] == "(" and tdoc.texts[end + 1].isupper()
            and tdoc.texts[end + 2] == ")"):
        return end
    last = end  # up to three words, at the last noun; a word neither noun nor adjective ends the phrase
    for j in range(end + 3, min(len(tdoc), end + 6)):
        w = tdoc.lowers[j]
        named = tdoc.texts[j].isalpha() and w not in STOP and noun(w, lx)
        if not (named or tdoc.texts[j].isalpha() and w not in STOP and adjective(w, lx)):
            break
        if named:
            last = j + 1
    return last


def _body_part_end(tdoc, end: int, body_parts: frozenset[str]) -> int:
    """Where a body part of the rules' list named within the three words after a determiner at ``end`` ends
    ("the affected joint", "your lower back"); ``end`` when there is none. (The rules' list, not WordNet's
    body class that ``combine._body_part_from`` reads: WordNet makes an egg and a hormone body parts.)"""
    for j in range(end + 1, min(len(tdoc), end + 4)):
        if tdoc.lowers[j] in body_parts:
            return j + 1
        if not tdoc.texts[j].isalpha() or tdoc.lowers[j] in STOP:
            break
    return end


def _shaped(page: _Page, view: View, span: tuple, mentions: list, reach: int) -> tuple[tuple | None, int]:
    """A span's bounds and type after the rules that read the words around it: ``(start, end, type,
    lexicon entry)``, or None when it names nothing; and how far spans already taken reach (a span extended
    over the words after it takes the spans inside it)."""
    s, tdoc = view.sentence, view.tokens
    lx, rules, model, condition_words = page.lx, page.rules, page.model, page.condition_words
    start, end, typ, rule, entry = span
    taken = max((b for _, b, _ in mentions), default=-1)  # how far the sentence's mentions so far reach
    if typ in ADVICE and _instruction(tdoc.lowers[start:end]):
        return None, reach
    if all(w in STOP or w in NEGATED_HALF or w in _CONTRACTED for w in tdoc.lowers[start:end]):
        return None, reach  # "can’t", "doesn't": a verb's auxiliary names nothing
    if tdoc.lowers[start] in _SUBORDINATORS:
        return None, reach  # "while strabismus ...", "whereas teething", "While Standing:": a clause, not a name
    if sum(c.isalnum() for k in range(start, end) for c in tdoc.texts[k]) < 2:
        # a letter or digit alone is a piece of a name: the word it qualifies ("vitamin C", "hepatitis B"), the
        # hyphenated word it opens ("C-section"), or nothing ("38.3°C", "vitamins B and C")
        if start and tdoc.texts[start - 1].isalpha() and tdoc.lowers[start - 1] not in STOP \
                and taken < start:
            start, entry = start - 1, None
        elif end + 1 < len(tdoc) and joins(tdoc, end) and tdoc.texts[end + 1].isalpha():
            end, entry = end + 2, None
        else:
            return None, reach
    elif end < len(tdoc) and tdoc.lowers[end - 1] == "vitamin" and _VITAMIN.match(tdoc.texts[end]):
        # the letter the tagger left off: "Vitamin E", "vitamin B12", "vitamin B-6"
        end, entry = end + 1, None
        if end + 1 < len(tdoc) and tdoc.texts[end] in ("-", "‐") and tdoc.texts[end + 1].isdigit():
            end += 2
    if end - start == 1 and end < len(tdoc) and tdoc.lowers[end] in PARTICLES:
        return None, reach  # "reaching out to a doctor", "hair falls out": a phrasal verb, not the word's thing
    if typ == "cause" and tdoc.lowers[end - 1] in ("deficiency", "deficiencies") and s.kind != HEADING \
            and (k := wanted(tdoc, end, lx)) > end:
        end, entry, reach = k, None, k  # "a deficiency in zinc": the deficiency is of what it names
    # a word that says what is wrong with a thing, of what, to what or where takes it
    elif typ == "symptom" and start and tdoc.lowers[start - 1] in _ABNORMAL \
            and taken < start:
        start, entry = start - 1, None  # "irregular menstrual cycles", "blurry vision": the complaint is the change
    elif typ in ADVICE and end - start == 1 and tdoc.lowers[start] in WATCH_WORDS \
            and (k := watched(tdoc, end, lx)) > end and taken <= end:
        end, entry, reach = k, None, max(reach, k)
    elif typ in COMPLAINTS and end - start == 1 and tdoc.lowers[start] in RELATIONAL \
            and (k := wanted(tdoc, end, lx, RELATIONAL[tdoc.lowers[start]])) > end \
            and taken <= end:
        end, entry, reach = k, None, max(reach, k)
    elif typ == "symptom" and end < len(tdoc) and tdoc.lowers[end] in SAYS_WHICH.get(tdoc.lowers[end - 1], ()) \
            and not any(noun(w, lx) for w in tdoc.lowers[start:end - 1]) and taken <= end \
            and (k := troubled(tdoc, end) if tdoc.lowers[end] == "to" else wanted(tdoc, end, lx)) > end:
        if tdoc.lowers[end] == "of" and concept("symptom", tdoc.lowers[k - 1], model):
            return None, reach  # "a constant feeling of tiredness" is tiredness, named after it
        # "Reduced Sense" of "Reduced Sense of Smell", "decrease" of "a decrease in the range of motion"
        end, entry = k, None
        if (k := wanted(tdoc, end, lx, ("of",))) > end:
            end = k
        reach = max(reach, end)
    elif typ in ("cause", *ADVICE) and start >= 2 and tdoc.lowers[start - 1] in ("in", "of") \
            and tdoc.lowers[start - 2] in ("deficiency", "deficiencies") and s.kind != HEADING \
            and taken <= start - 2:
        start, typ, entry = start - 2, "cause", None  # the same, when the tagger took only what is lacking
    elif typ in ADVICE and start >= 2 and _MISUSED.get(tdoc.lowers[start - 2]) == tdoc.lowers[start - 1] \
            and taken <= start - 2:
        # "a reaction to amoxicillin", "overuse of antibiotics", "resistance to insulin": the harm is the
        # cause, and the medicine is what it is of (the annotation's "resistance to insulin")
        start, typ, entry = start - 2, "cause", None
    if typ in ADVICE and tdoc.lowers[start] == "replacement" and start and tdoc.texts[start - 1].isalpha() \
            and tdoc.lowers[start - 1] not in STOP and noun(tdoc.lowers[start - 1], lx) \
            and taken < start:
        start, entry = start - 1, None  # "Hormone" of "Hormone Replacement Therapy": what it replaces says which
    if typ in ADVICE and end - start == 1 and tdoc.lowers[start] in ("drink", "drinking") \
            and (k := _drunk(tdoc.lowers, end)) > end and taken <= end:
        end, entry, reach = k, None, max(reach, k)  # "Drink" of "Drink at least 8 glasses of water"
    if typ == "cause" and end - start == 1 and tdoc.lowers[start] in ("strain", "strains"):
        end = strained_part(tdoc, end, lx)  # "strain the neck muscles": the strain is of what it names
        if any(w.startswith("ligament") for w in tdoc.lowers[start:end]):
            entry = lexicon_entries().get("sprain")  # a strained ligament is a sprain
    if typ == "cause" and end - start > 1 and tdoc.lowers[end - 1] in _LOADS \
            and (k := loaded_part(tdoc, end, lx)) > end:
        # "excessive strain on the wrist ligaments", "sudden pressure on the back muscles": the load is
        # the cause, and where it bears says which (not a strained muscle, nor emotional stress)
        end, entry, reach = k, None, k
    elif (typ == "treatment" or end - start == 1) and tdoc.lowers[end - 1] in _LOADS and end < len(tdoc) \
            and tdoc.lowers[end] in ("on", "off"):
        # "reduce stress on the toe joints", "puts extra stress on the back muscles": a load put on or
        # taken off something, not stress management nor (emotional) stress
        return None, reach
    if typ in ADVICE and (k := _lacking(tdoc.lowers, start)) is not None \
            and taken <= k:
        start, typ, entry = k, "cause", None  # "Insufficient rest", "a lack of exercise": a cause
    elif typ in (*ADVICE, "cause") and "enough" in tdoc.lowers[start:end] \
            and (k := _negated_from(tdoc.lowers, start)) is not None \
            and taken <= k:
        # "Not drinking enough water", "don't drink enough water": the want is the cause, and its name keeps
        # the negation
        start, typ, entry = k, "cause", None
    if typ == "cause" and start >= 2 and tdoc.lowers[start - 1] in ("in", "of") \
            and tdoc.lowers[start - 2] in _SHIFTS and taken <= start - 2:
        thing = " ".join(tdoc.lowers[start:end])
        if not (concept("cause", thing, model) or concept("symptom", thing, model)):
            # "the decrease in progesterone", "a surge of cortisol": the shift is the cause, not the
            # substance; a known harm stays itself ("an increase in inflammation")
            start, entry = start - 2, None
    if start > 1 and tdoc.lowers[start - 1] in "-‐" and tdoc.lowers[start - 2] in _WHEN_PREFIXES \
            and taken < start - 2:
        start, entry = start - 2, None  # "surgery" of "Post-surgery": the prefix belongs to the word
    if typ in ADVICE and end - start == 3 and tdoc.lowers[start] in _WHEN_PREFIXES and tdoc.lowers[start + 1] in "-‐":
        # "post-surgery" of "post-surgery bloating": when, not a treatment (a cause keeps it: "post-menopause")
        return None, reach
    if typ in ADVICE and end - start == 1 and tdoc.lowers[start] in LIGHT:
        return None, reach  # "Taking" of "Taking an over-the-counter pain reliever": the verb before the advice
    if typ in ADVICE and end - start == 1 and gerunds().get(w := tdoc.lowers[start], w) in _VAGUE_VERBS \
            and taken <= end:
        # a verb of advice that names nothing alone says what it acts on ("seeking" of "seeking help",
        # "checking" of "checking pollen forecasts"); without it ("monitor for symptoms", "can't talk",
        # "staying informed") it is no mention
        if w in WATCH_WORDS or (k := object_after(tdoc, end, lx)) <= end:
            return None, reach  # (what to monitor says which above, ``watched``, or the monitoring is generic)
        end, reach = k, max(reach, k)
    if tdoc.lowers[end - 1] in ("plenty", "lots") and end + 1 < len(tdoc) and tdoc.lowers[end] == "of" \
            and tdoc.texts[end + 1].isalpha() and tdoc.lowers[end + 1] not in STOP:
        # a quantity takes what it counts: "drinking plenty" of "drinking plenty of water" (one word, two
        # when the first is a modifier: "plenty of fresh vegetables")
        end += 2
        if mostly(tdoc.lowers[end - 1], lx, "adj.") and end < len(tdoc) and tdoc.texts[end].isalpha() \
                and tdoc.lowers[end] not in STOP:
            end += 1
        entry, reach = None, end  # a span the tagger began on what is counted is part of this one
    if typ == "cause" and tdoc.lowers[start] in EFFECTS:
        return None, reach  # "..., causing discomfort", "resulting in pain": the effect a clause goes on to, no cause
    if typ == "symptom" and end - start == 1 and tdoc.lowers[start] in _WORSENING \
            and (end < len(tdoc) and (tdoc.lowers[end] == "of" or tdoc.texts[end].isalpha()
                                      and tdoc.lowers[end] not in _COURSE)
                 or start and tdoc.lowers[start - 1] in ("prevent", "preventing", "avoid", "avoiding")):
        # "worsening of eczema", "worsening infections", "prevent worsening": what gets worse is named
        # elsewhere or not at all; a pain "severe, worsening, or persistent" keeps its word of course
        return None, reach
    if end - start == 1 and end < len(tdoc) and tdoc.lowers[end] == "of" \
            and tdoc.lowers[start] in _CONTAINERS:
        return None, reach  # "a mix of exercises", "strains of HPV", "a cycle of headaches": the thing is what follows
    if end - start == 1 and end < len(tdoc) and tdoc.lowers[end] in OBJECTS \
            and tdoc.lowers[end] not in ("it", "this") \
            and (typ == "symptom" or typ in ADVICE and entry is None and not concept(typ, tdoc.lowers[start], model)) \
            and (verb_sense(w := tdoc.lowers[start], lx) or w[-1:] == "s" and verb_sense(lemma_table()(w), lx)):
        # a verb with its object ("ice can numb the area", "menthol numbs the throat", "swell your
        # ankles", "monitor your blood sugar"), not a symptom, nor advice the tagger cut to its verb; a
        # term the lexicon or the annotations know as advice stays advice used so ("rest your knee")
        return None, reach
    if typ == "cause" and end - start == 1 and end < len(tdoc) and tdoc.lowers[end] in OBJECTS \
            and tdoc.lowers[end] not in ("it", "this") and (verb := gerunds().get(tdoc.lowers[start])) \
            and verb_sense(verb, lx) and taken <= end:
        # a verb's "-ing" form with its object: what one does to a part of one's body is the cause with it
        # ("twisting your knee", "grinding your teeth", "repeating the same knee movements"); done to anything
        # else, or by something the sentence names ("preventing sperm from reaching the egg", "stomach acid
        # reaching the throat"), the verb alone names nothing ("using a different method", "smoking the rock")
        k = max(object_after(tdoc, end, lx), _body_part_end(tdoc, end, rules.body_parts))
        if k <= end or not any(x in rules.body_parts or tdoc.lowers[end] in _POSSESSIVES
                               and "noun.body" in lx.classes(lx.fold(x)) for x in tdoc.lowers[end:k]) \
                or start and (tdoc.lowers[start - 1] == "from" or noun(tdoc.lowers[start - 1], lx)
                              and tdoc.lowers[start - 1] not in STOP):
            return None, reach
        end, entry, reach = k, None, max(reach, k)
    if end - start == 1 and end < len(tdoc) and tdoc.lowers[end] in _VERB_PARTICLES \
            and mostly_verb(tdoc.lowers[start], lx):
        return None, reach  # "fall into three categories", "fall asleep": a verb, not a fall
    if typ in ADVICE and end < len(tdoc) and tdoc.lowers[end] in PLACES:
        return None, reach  # "the injection site", "the treatment area": a place, not the treatment
    if _quality_of(tdoc, start, end, lx):
        return None, reach  # "(ginger's) anti-inflammatory properties", "laxative effects": what a thing does, no thing
    if typ == "cause" and end - start == 1 and tdoc.lowers[start] in PEOPLE \
            and not rule.startswith("action:") \
            and (end < len(tdoc) and tdoc.lowers[end] in ("with", "'s", "’s", "aged", "who")
                 or start and tdoc.lowers[start - 1] == "of"):
        return None, reach  # "women with PCOS", "10% of women": the people who have it, not a risk named
    if typ in ADVICE and end < len(tdoc) and tdoc.lowers[end] in COMPLAINT_HEADS:
        return None, reach  # "amoxicillin rash", "braces pain", "walking pneumonia": a complaint's name, no advice
    if typ in ADVICE and end - start == 1 and end < len(tdoc) and tdoc.lowers[end] in _OWN_SUBSTANCE \
            and {"noun.body", "noun.substance"} & set(lx.senses(lx.fold(tdoc.lowers[start]))):
        return None, reach  # "insulin levels", "collagen production": the body's own substance, no remedy
    if end - start == 1 and tdoc.lowers[start] in TROUBLE_WORDS and (k := troubled(tdoc, end)) > end \
            and taken <= end:
        end, entry, reach = k, None, max(reach, k)  # "difficulty" of "difficulty getting pregnant": with what
    elif end - start == 2 and tdoc.lowers[start] in TROUBLE_WORDS and tdoc.lowers[end - 1].endswith("ing") \
            and (k := object_after(tdoc, end, lx)) > end and taken <= end:
        end, entry, reach = k, None, max(reach, k)  # "difficulty bearing" of "difficulty bearing weight": what
    if end - start == 1 and tdoc.lowers[start] in ("growth", "growths") and start \
            and tdoc.lowers[start - 1] not in STOP and adjective(tdoc.lowers[start - 1], lx) \
            and taken < start:
        start, entry = start - 1, None  # "bony growths", "abnormal growth": the adjective says which
    elif end - start == 1 and tdoc.lowers[start] in NO_NAMES_ALONE:
        # "white" of "a thick, white discharge", "sour" of "a sour or bitter taste": the thing it qualifies
        # (after the words coordinated with it), or nothing ("gets worse")
        k = qualified_noun(tdoc, end, lx)
        if k < 0 or taken > end:
            return None, reach
        end, entry, reach = k, None, max(reach, k)
    elif all(pure_adjective(w, lx) for w in tdoc.lowers[start:end]) and taken <= end \
            and (k := coordinated_noun(tdoc, end, lx)) > end:
        # "bacterial" of "bacterial or viral infections", "loose" of "loose or watery stools": the noun the
        # adjectives share says what it is
        end, entry, reach = k, None, max(reach, k)
    if rule == "section_item" and tdoc.lowers[end - 1] in _OPEN_ENDS:
        return None, reach  # a label that opens a sentence ("Make sure to:", "Focus on:", "Learn more"), no name
    if tdoc.lowers[start] == "affected":
        return None, reach  # "the affected area", "(a compress to) the affected ear": where, not what
    if typ in ADVICE and end - start == 1 and _compound_head(
            tdoc.lowers, start, lx, entry or lexicon_entries().get(tdoc.lowers[start])):
        return None, reach  # "heat" of "heat rash", "cold" of "cold sore", "ice" of "ice cream": another thing's name
    if s.kind in (TEXT, ITEM) and tdoc.texts[start][:1].isupper():
        if view.prose and in_proper_name(tdoc.texts, start, end, after_capital=s.kind == TEXT):
            # "the American Cancer Society", "Johns Hopkins Medicine": a name, not the thing (in a list
            # item only a name that says what it is: its title-cased label capitalizes every word)
            return None, reach
    if typ in ADVICE and tdoc.lowers[start] in _HARMS and (
            tdoc.lowers[start] != "irritating" or end - start > 1 and tdoc.lowers[start + 1] in OBJECTS):
        return None, reach  # "(to avoid) aggravating the surgical site" names a harm, not advice
    if start and tdoc.lowers[start - 1] == "non" or start > 1 and tdoc.lowers[start - 1] in "-‐" \
            and tdoc.lowers[start - 2] == "non":
        # "non-surgical treatment" is the opposite of "surgical treatment": the prefix belongs to it
        if typ == "symptom" and end - start == 1 and adjective(tdoc.lowers[start], lx):
            return None, reach  # "non-itchy": the complaint's absence, no complaint
        start, entry = start - (1 if tdoc.lowers[start - 1] == "non" else 2), None
    if typ in COMPLAINTS and fold(tdoc.lowers[start]) not in condition_words | _RADIATES \
            and (k := part_before(tdoc, start, lx, rules.body_parts)) < start \
            and taken <= k:
        # "patellar tendonitis", "hamstring strain": the part says which one; not before the condition's own
        # complaint ("pain radiating down" in an article on shoulder pain is a quality of the topic)
        start, entry = k, None
    if end < len(tdoc) and taken <= end and _head_after(typ, tdoc.lowers, end, lx):
        end, entry, reach = end + 1, None, max(reach, end + 1)  # "Crohn's" of "Crohn's disease"
    if typ == "symptom" and end - start == 1 and adjective(tdoc.lowers[start], lx) \
            and (k := part_after(tdoc, end, lx, rules.body_parts)) > end \
            and fold(tdoc.lowers[start]) not in condition_words:
        # "swollen" of "swollen lymph nodes": which part (not the article's own complaint, "itchy tongue")
        end, entry, reach = k, None, max(reach, k)
    if typ == "cause" and start and tdoc.lowers[start - 1] in SEVERITY \
            and taken < start:
        # "a serious injury", "chronic bronchitis": the word of severity is part of the cause's name (its
        # concept drops it again, ``DEGREE``; "chronic" and "acute" name a form of their own)
        start, entry = start - 1, None
    if (k := past_body_part(tdoc, start, end, lx, rules.body_parts)) < 0:
        return None, reach  # a body part alone: "pressure on the abdominal muscles"
    if k > end:
        end, entry = k, None  # "gum" of "gum disease": the tagger cut a name short
    if (k := hyphenated_end(tdoc, end)) < 0:
        return None, reach  # "fragrance" of "fragrance-free.": a modifier's part, qualifying nothing named
    if k > end:
        # "flare" of "flare-ups", "weight" of "weight-bearing", "nutrient" of "nutrient-rich diet":
        # the whole word, and the thing a modifier made of it qualifies; what reduces or relieves
        # something is a remedy ("inflammation-reducing foods", "pain-relieving medication")
        if tdoc.lowers[end + 1] in REMEDY_ENDS:
            typ = "treatment"
        end, entry = k, None
    if end >= 3 and joins(tdoc, end - 2) and (k := _after_acronym(tdoc, end, lx)) > end and taken <= end:
        end, entry, reach = k, None, max(reach, k)  # "over-the-counter (OTC) medications": the modifier's noun
    if typ in ("cause", "exercise") and end < len(tdoc) and tdoc.lowers[end] in _PRACTICES \
            and (tdoc.lowers[end] in _PRACTICES_OF_ANY or tdoc.lowers[end - 1].endswith("ing")):
        # "smoking cessation", "stress-reduction techniques", "running coach", "lifting form": a way of
        # doing the thing is advice about it; done badly it is a cause ("improper running form")
        if start and tdoc.lowers[start - 1] in _DONE_BADLY and taken < start:
            start -= 1
        typ = "cause" if _DONE_BADLY & set(tdoc.lowers[start:end]) else "treatment"
        end, entry, reach = end + 1, None, max(reach, end + 1)
    if typ == "symptom" and " ".join(tdoc.lowers[start:end]) in _BODY_FUNCTIONS:
        return None, reach  # "after a bowel movement", "changes in appetite": what the body does, no complaint
    return (start, end, typ, entry), reach


# the nouns a name takes from right after it, by the types that take them: a disease's head ("Crohn's
# disease", "irritable bowel syndrome"); what a substance or a process is measured or made by ("high uric
# acid levels", "mucus production", "stone formation": the annotation's "High sodium levels", "fluid
# buildup"); what a complaint is perceived as, after its -ing word or adjective ("popping sound", "a
# stinging sensation": the annotation's "clicking sound")
# (the types, the heads, whether only after an -ing word or an adjective)
_HEADS_AFTER = (
    (COMPLAINTS, frozenset(("disease", "diseases", "disorder", "disorders", "syndrome", "syndromes")), False),
    (("cause", "symptom", "treatment"), frozenset(("levels", "level", "production", "formation", "buildup",
                                                   "overgrowth", "accumulation", "deposits")), False),
    (("symptom",), frozenset(("sound", "sounds", "noise", "noises", "sensation", "sensations", "feeling")), True),
)


def _head_after(typ: str, lowers: list[str], end: int, lx: Lexical) -> bool:
    """Whether a name of ``typ`` ending at ``end`` takes the word after it as its head."""
    for types, heads, after_quality in _HEADS_AFTER:
        if typ in types and lowers[end] in heads:
            return not after_quality or lowers[end - 1].endswith("ing") or adjective(lowers[end - 1], lx)
    return False


# words that say what is wrong with what a symptom names (not how much: "severe", "persistent" are its degree)
_ABNORMAL = frozenset(("irregular", "abnormal", "unusual", "blurry", "blurred", "foul-smelling", "cloudy", "bloody",
                       "heavy"))
# how much of a drink advice says to drink ("at least 8-10 glasses of", "plenty of", "more") and the drinks
_AMOUNTS = MEASURES | frozenset(("at", "least", "plenty", "of", "lots", "lot", "a", "more", "enough", "extra",
                                  "ounces", "liters", "litres", "bottles", "-", "–", "to", "or", "and"))
_DRINKS = frozenset(("water", "fluids", "fluid", "liquids", "liquid", "juice", "juices", "tea", "teas", "milk",
                     "broth", "broths", "smoothies", "electrolytes"))


def _drunk(lowers: list[str], end: int) -> int:
    """Where the drink after a lone "drink" ends, over an amount ("Drink at least 8 glasses of water");
    ``end`` when no drink follows within a few words."""
    for k in range(end, min(len(lowers), end + 8)):
        if lowers[k] in _DRINKS:
            return k + 1
        if not (lowers[k] in _AMOUNTS or lowers[k][:1].isdigit()):
            return end
    return end


_CONTRACTED = frozenset(("ca", "wo", "sha"))  # what "can't", "won't", "shan't" leave of their verb
_VITAMIN = re.compile(r"[A-K](?:\d{1,2})?(?:-\d{1,2})?$")
# how often or how long to do what a list already named ("Repeat 2-3 times", "Hold for 30 seconds, then
# relax", "Perform 10-15 repetitions", "Aim for 10-15 minutes"): a step of its instructions, not an
# exercise or a treatment of its own
_DOSAGE_VERBS = frozenset(("hold", "perform", "aim"))
_DOSAGE_WORDS = frozenset(("times", "seconds", "minutes", "reps", "repetitions", "sets", "breaths", "rounds"))
_HOW_OFTEN = frozenset(("once", "twice", "several", "daily", "each", "every", "until", "two", "three", "four", "five",
                        "six", "seven", "eight", "nine", "ten"))


def _instruction(words: list[str]) -> bool:
    """Whether a span's words say how often or how long to do something rather than name it."""
    if words[0] in ("repeat", "repeating"):  # not a repeated test ("repeat Pap smear")
        return len(words) == 1 or words[1][0].isdigit() or words[1] in STOP or words[1] in _HOW_OFTEN
    if words[0] not in _DOSAGE_VERBS or len(words) < 2:
        return False
    return words[1] == "for" or words[1][0].isdigit() and any(w in _DOSAGE_WORDS for w in words[2:])


# the head nouns that make a cause or an exercise before them a way of doing it (any word before the
# first ones; a verb's "-ing" form before the others: "tonsil stones form" is no form)
_PRACTICES_OF_ANY = frozenset(("technique", "techniques", "cessation"))
_PRACTICES = _PRACTICES_OF_ANY | frozenset(("form", "mechanics", "coach"))
_DONE_BADLY = WRONGLY | frozenset(("bad", "wrong", "faulty", "aggressive"))


# the words that set a pain in its situation ("pain that worsens with activity")
_SITUATION_WORDS = frozenset(("when", "while", "during", "with", "that", "worsens", "gets", "worse", "increases"))
# what a complaint makes hard, as the annotations name it: daily life, or doing one thing ("making walking
# difficult" is difficulty walking; "make daily tasks more challenging", difficulty with daily activities)
_DAILY_WORDS = frozenset("activity activities task tasks life chore chores routine routines".split())
_HARD = frozenset("difficult challenging hard".split())
_HARD_DEGREE = frozenset("more increasingly very extremely particularly quite so too".split())
_HARD_LEAD = frozenset("even the a your simple simplest basic restful good normal".split())
_DOINGS = {"sleep": "sleeping", "movement": "moving", "movements": "moving", "conception": "conceiving"}


def made_hard(norm: str) -> str:
    """The concept of an activity a complaint makes hard (the ``made_difficult`` phrase's name, "walking
    difficult"): "difficulty with daily activities" for daily life, "difficulty" and the activity for one
    done ("difficulty walking", "difficulty straightening the leg"), "painful" and it for one made painful
    ("painful chewing"); "" where the phrase names neither (a thing seen, "clear vision difficult")."""
    words = norm.split()
    if len(words) < 2:
        return ""
    adjective, doing = words[-1], words[:-1]
    while doing and doing[-1] in _HARD_DEGREE:
        doing = doing[:-1]
    while doing and doing[0] in _HARD_LEAD:
        doing = doing[1:]
    if not doing:
        return ""
    if _DAILY_WORDS & set(doing):
        return "difficulty with daily activities" if adjective in _HARD else ""
    if doing[0] in _DOINGS and len(doing) > 1:
        return ""  # "movement like squatting": the noun names a kind, not one thing done
    first = _DOINGS.get(doing[0], doing[0])
    if not first.endswith("ing") or len(first) < 5:
        return ""
    if adjective in _HARD:
        return " ".join(["difficulty", first, *doing[1:]])
    return f"painful {doing[0]}" if adjective == "painful" and len(doing) == 1 else ""  # "painful movement"


# the words by which a title names a pain that spreads ("Shoulder Pain Radiating Down Arm to Fingers")
_RADIATES = frozenset(fold(w) for w in ("radiate", "radiates", "radiating", "radiation", "spreads", "spreading",
                                          "extends", "extending", "travels", "traveling", "shooting"))


def _judged(page: _Page, view: View, section: str, span: tuple, mentions: list) -> tuple[int, Mention] | None:
    """The mention a span makes, after the rules that read its sentence (whose condition it is, what it is
    said to do), with its start; None when it is the condition itself, another condition's, or no cause,
    symptom or advice at all."""
    s, tdoc, doc = view.sentence, view.tokens, page.doc
    lx, rules, model = page.lx, page.rules, page.model
    head, topic, topic_key, topic_concepts = page.head, page.topic, page.topic_key, page.topic_concepts
    condition_words, condition_id, symptom_items = page.condition_words, page.condition_id, page.symptom_items
    start, end, typ, rule, entry = span
    m = mention(doc, s, tdoc, start, end, typ, rule, entry, section, rules.leading_drop)
    if model is not None and not m.concept:
        m.concept = concept(typ, m.surface, model, doc.condition)
        if not m.concept and rule == "action:made_difficult":
            hard = made_hard(m.norm)
            m.concept = hard and (concept(typ, hard, model, doc.condition) or hard)
    if not m.norm or (typ == "symptom" and is_topic(m.norm, doc.condition, rules.complaints)) or (
            doc.condition and (m.concept == doc.condition or lemmas(m.concept or m.norm) == topic)) or (
            typ == "cause" and part_of_condition(m.norm, doc.condition)) or (
            topic_key and tuple(fold(w) for w in m.norm.split()) == topic_key) or (
            typ == "cause" and m.concept in topic_concepts):
        return None  # the condition itself, in other words ("cough" in an article on coughing)
    if rule == "action:pain_situation" and (
            {PAIN_WORDS.get(w, w) for w in folded_words(m.norm)} - _SITUATION_WORDS <= page.title_words
            or start and (tdoc.lowers[start - 1] in rules.body_parts or tdoc.lowers[start - 1] == "muscle")):
        # "pain when bending" in "Knee Pain When Bending", "discomfort during breathing" in "Neck Pain When
        # Breathing": the article's topic, in its title; "Knee Pain When Straightening" under a guide to knee
        # pain, "back muscle pain while sitting": a body part's own pain, the topic's, in a situation
        return None
    if rule == "action:radiating_pain" and page.title_words & _RADIATES and {
            w for w in folded_words(m.norm) if w in rules.body_parts or PAIN_WORDS.get(w, w) in rules.complaints
    } <= page.title_words | {"pain"}:
        return None  # "pain that spreads down the arm to the fingers" under "Shoulder Pain Radiating Down Arm
        # to Fingers": the article's topic in other words, as a pain in a situation above
    if rule == "action:part_movement" and folded_words(m.norm) <= page.title_words:
        return None  # "Upper Back Stretches" in the title of an article of them: its topic, not one exercise
    if unnamed_complaint(m.norm, lx):
        return None  # "concerning symptoms", "relieve symptoms": no symptom named, a bare generic word
    if _points_elsewhere(tdoc.lowers[start:end]):
        return None  # "Consider these strategies", "Try the following", "To reduce your risk": a lead-in
    if tdoc.lowers[end - 1] in TEST_HEADS or end < len(tdoc) and tdoc.lowers[end] in TEST_HEADS:
        # "an abnormal Pap smear", "regular health screenings": a diagnostic test, none of the four, nor the
        # words that say which test ("Comprehensive Eye" of "Comprehensive Eye Exam", "stress" of "stress test")
        return None
    if typ == "cause" and (k := abated(tdoc.lowers, start)) is not None \
            and not any(b > k or k and x.type in ADVICE for _, b, x in mentions):
        # "Quitting smoking", "Losing any excess weight", "Reduce stress": advice to be rid of a cause
        # is a treatment, the verb its first word (after a label that names a treatment the verb says
        # what that does: "Inhaled corticosteroids: Reduce inflammation")
        start, typ = k, "treatment"
        m = mention(doc, s, tdoc, start, end, typ, rule, None, section, rules.leading_drop)
        m.concept = concept(typ, m.surface, model, doc.condition) if model is not None else ""
    if typ == "cause" and kept_low(m.norm):
        # "low-sodium options", "sugar-free drinks", "no salt added": a diet kept low in what harms is advice
        typ = m.type = "treatment"
        m.concept = concept(typ, m.surface, model, doc.condition) if model is not None else ""
    elif typ in ADVICE and rich_in_harm(m.norm, lx):
        # "processed foods", "sugary drinks", "high-sodium foods": a food to cut down on is a cause, however
        # the sentence puts it (the annotation: a food that brings on or worsens the condition)
        typ = m.type = "cause"
        m.concept = concept(typ, m.surface, model, doc.condition) if model is not None else ""
    if typ in ADVICE and (brought_on_by(s.text, m.start - s.start, head)
                          or induces(s.text[m.end - s.start:], head, tdoc.lowers[start], lx)):
        # "a rash from amoxicillin", "constipation caused by antibiotics", "bloating after surgery":
        # what brings the condition on is its cause, whatever else it is
        typ = m.type = "cause"
        m.concept = concept("cause", m.surface, model, doc.condition)
    if typ == "treatment" and m.norm in TEMPERATURES and exposure(s.text, m.start - s.start,
                                                                  m.end - s.start):
        # "clothes that trap heat and moisture", "excessive heat", "heat exposure": the weather's or
        # the body's heat, no heat therapy; an exposure that brings a complaint on is a cause
        typ = m.type = "cause"
        m.concept = concept("cause", m.surface, model, doc.condition) if model is not None else ""
    if typ == "cause" and (kind_of(condition_words, set(m.norm.split()))
                           or subclass(m.surface, condition_id)):
        # "type 2 diabetes", "asthma attack" in articles on diabetes, asthma; "gout" in an article on
        # arthritis, "hyperthyroidism" on thyroid problems: kinds of the condition, no causes of it
        return None
    if head and another_name(s.text, m.start - s.start, head):
        return None  # "Hives, also known as urticaria": the condition's other name, not a mention of it
    if typ in COMPLAINTS and set_beside(s.text, m.start - s.start, condition_words,
                                        m.end - s.start if typ == "cause" else None):
        return None  # "unlike strep throat", "can be mistaken for a heart attack": another condition compared
    if typ in COMPLAINTS and listed_with_condition(s.text, m.start - s.start, m.end - s.start, doc.condition):
        return None  # "endometriosis, adenomyosis, or fibroids": the condition's siblings in a list
    if typ == "exercise" and (WHEN_DOING.search(s.text, max(0, m.start - s.start - 80), m.start - s.start)
                              or DAILY.search(s.text, max(0, m.start - s.start - 120), m.start - s.start)):
        # "pain when walking", "worsen after running": when the complaint comes; "everyday activities like
        # walking", "could impede activity such as running": what it hinders; neither is advice
        return None
    if typ in ADVICE and outcome(s.text, m.start - s.start) and tdoc.lowers[end - 1] not in PRACTICES:
        return None  # "promote relaxation", "improve insulin sensitivity": what a treatment brings, not one
    if typ == "cause" and m.start - s.start < WINDOW and (
            IS_A.search(s.text[:m.start - s.start])
            or (d := DEFINED.search(s.text[:m.start - s.start]))
            and condition_words & folded_words(d["subject"])):
        return None  # what the condition is ("Gout is a form of arthritis"), not what causes it
    if typ == "symptom" and "side effect" not in doc.condition \
            and SIDE_EFFECTS.search(s.text[max(0, m.start - s.start - WINDOW):m.start - s.start]):
        return None  # "the treatment's side effects include nausea": the treatment's, not the condition's
    if typ in COMPLAINTS and RISKS.search(s.text, max(0, m.start - s.start - 80), m.start - s.start):
        return None  # "taken short-term due to risks like bone loss": the harms of something else
    # outside a section of causes, a cause cue is about the condition only when its other side is
    if rule == "cue:can_cause" and view.cls != "cause" \
            and not effect_is_condition(s.text[m.end - s.start:], condition_words):
        return None  # "Athlete's foot can cause itching" in an article on fungal infections: another effect
    if rule == "cue:caused_by" and view.cls != "cause" \
            and not subject_is_condition(s.text[:m.start - s.start], condition_words):
        return None  # "Tooth extraction is required due to severe decay" in an article on pain: another's
    if typ == "cause" and (consequence(s.text, m.start - s.start, head)
                           or caused_by_condition(s.text[m.end - s.start:], head)
                           or complication_of(s.text[m.end - s.start:], condition_words)
                           or genus_of(s.text[:m.start - s.start], head)):
        return None  # what the condition leads to ("untreated diabetes can cause heart disease")
    trait = characterized(s.text, m.start - s.start, head) if typ == "cause" else ""
    if trait == "other":
        return None  # "anemia, characterized by fatigue": what marks another condition
    if typ == "cause" and (trait or s.index in symptom_items
                           and not QUALIFIED.search(s.text, 0, m.start - s.start)
                           or SYMPTOM_LIST.search(s.text, max(0, m.start - s.start - WINDOW),
                                                  m.start - s.start)
                           or FELT.search(s.text, max(0, m.start - s.start - 30), m.start - s.start)):
        # "Rosacea is characterized by thickened skin", "causing symptoms such as nausea, bloating and
        # heartburn", "a feeling of pressure": what marks the condition, an item of a list of symptoms,
        # what is felt, is no cause of it
        typ = m.type = "symptom"
        m.concept = concept("symptom", m.surface, model, doc.condition)
    if typ == "symptom" and not symptoms_of_condition(s.text[:m.start - s.start], condition_words):
        return None  # "Hypothyroidism: An underactive thyroid can cause symptoms such as fatigue": another's
    return start, m


def _sentence_spans(page: _Page, view: View, tagged: list | None, ex: Extractor, settings: ExtractSettings,
                    avoid_items: set[int]) -> list:
    """A sentence's candidate spans: the tagger's joined with the rules' (or the rules' alone), then the
    foods, complaints named by their organ, imperative advice and list items the sentence adds."""
    s, tdoc, doc = view.sentence, view.tokens, page.doc
    lx, rules, condition_words = page.lx, page.rules, page.condition_words
    found = view.found if tagged is None else combine_spans(view, tagged, settings.method, ex, lx)
    if settings.use_patterns and advises_eating(s):
        found = with_foods(found, food_spans(tdoc, lx, rules), "treatment")
    elif settings.use_patterns and s.kind != HEADING and FOOD_HARM.search(s.text):
        found = with_foods(found, food_spans(tdoc, lx, rules, harm=True), "cause")
    elif settings.use_patterns and s.index in avoid_items and (end := item_names(s.text)):
        # an item of a list of what to avoid ("Foods that should be limited or avoided include:" then
        # "fried foods"): the foods it names, or its label names, bring the condition on or worsen it
        found = with_foods(found, [(a, b) for a, b in food_spans(tdoc, lx, rules, harm=True)
                                   if tdoc.chars(a, b)[1] <= end], "cause")
    elif settings.use_patterns and s.kind != HEADING and FOOD_AVOID.search(s.text):
        # what to avoid, up to what the sentence recommends instead ("Avoid processed foods and opt for
        # whole foods")
        cut = next((k for k, w in enumerate(tdoc.lowers) if w in CHOOSE), len(tdoc))
        found = with_foods(found, [(a, b) for a, b in food_spans(tdoc, lx, rules, harm=True) if b <= cut],
                           "cause")
    if settings.use_patterns and TROUBLES.intersection(tdoc.lowers) and (
            view.cls == "cause" or any(f[2] == "cause" for f in found)
            or any(ex.cue_of[tdoc.vocab.strings[mid]].type == "cause" for mid, _, _ in tdoc.matches["cues"])):
        # a complaint named by its organ, among causes (a section of causes, a cause cue, another cause)
        found = with_spans(found, [(a, b) for a, b in trouble_spans(tdoc, lx, condition_words)
                                   if not CLASS_OF.search(s.text, 0, tdoc.chars(a, b)[0])], "cause", "trouble")
    if settings.use_patterns and doc.condition and view.cls not in COMPLAINTS:
        # on a page about no condition "tips" are a shop's or a travel guide's, not a treatment's
        span = imperative_advice(view, lx, rules.complaints)
        if span is not None and not any(f[2] in ADVICE and f[0] < span[1] and span[0] < f[1] for f in found):
            found = with_spans(found, [span], "treatment", "advice")
    if settings.use_patterns:
        found = with_pair(with_siblings(found, tdoc, lx, view.generic), tdoc, lx, view.generic, rules.body_parts)
    return found


def _labelled(page: _Page, s: Sentence, mentions: list) -> list:
    """A sentence that opens with a label ("Medications: ..."): what the label names is a cause when the text
    says it brings something on, and no cause when the text says the condition leads to it."""
    lx, model, doc, head = page.lx, page.model, page.doc, page.head
    if label := LABEL.match(s.text):
        for _, _, m in mentions:
            if m.type in ADVICE and m.end - s.start < label.end() \
                    and label_causes(m, label.group(0), s.text[label.end():], lx):
                # "Medications: Certain medications can exacerbate magnesium loss": the item the label
                # names is what the text says brings something on, a cause like the text's own mention
                m.type = "cause"
                m.concept = concept("cause", m.surface, model, doc.condition) if model is not None else ""
        # "Liver cancer: Hepatitis C increases the risk of liver cancer": what the text says the
        # condition leads to is no cause of it, as the label names it too
        mentions = [x for x in mentions if not (
            x[2].type == "cause" and x[2].end - s.start < label.end()
            and labels_consequence(x[2].surface, s.text, label.end(), head))]
    return mentions


def _avoid_listed(view: View, section: str, mentions: list, avoid_items: set[int], rules: ExtractRules,
                  lx: Lexical) -> None:
    """Flag the advice named by an entry of a list of things to avoid."""
    s, tdoc = view.sentence, view.tokens
    # an entry of a list of things to avoid: a list item or label under its heading, or a numbered
    # heading under it ("Foods to Avoid > 2. Salty Foods"); prose there also says what to do instead
    under_heading = (listed_sentence(s) or s.kind == HEADING and bool(NUMBERED.match(s.text))) \
        and bool(AVOID_SECTION.search(section))
    if under_heading or s.index in avoid_items:
        # a list of what to avoid: its items are never advice; in a table row only the first cell's
        # (the others give the reason and the alternative: "Fried foods | slow digestion | Baked fish")
        end = s.text.find(" | ")
        examples = -1
        if not under_heading and end < 0:
            end = item_names(s.text)
            if 0 < end < len(s.text):
                # after a label the foods the text names are kinds of it ("Fast food: Burgers, fries, and other
                # fast food items are high in unhealthy fats"), up to what it recommends instead
                examples = next((tdoc.chars(k, k + 1)[0] for k, w in enumerate(tdoc.lowers) if w in CHOOSE),
                                len(s.text))
        for _, _, m in mentions:
            at = m.start - s.start
            if (m.type in ADVICE and not m.flag and may_flag(m, CONTRAINDICATED, rules)
                    and (end < 0 or at < end or at < examples and food(m.norm.split(), lx))):
                m.flag = CONTRAINDICATED


def extract_document(doc: Document, ex: Extractor, settings: ExtractSettings, lx: Lexical,
                     model: Tagger | None = None) -> Document:
    """Find the mentions of one kept document, with flags, sections and its condition (``model``: the
    tagger, for the "model" and "hybrid" methods)."""
    doc.mentions = []
    if not doc.ok:
        return doc
    # a news story, a shop's or a software guide's page: what the rules would find there is words used in
    # another sense ("Fish Tape" of an electrician's tools as a treatment), and so is a condition read off
    # its text; a title that names a condition is an article about it, whatever its words
    share = health_share(doc) if settings.min_health_share else 1.0
    if share < settings.min_health_share:
        doc.condition, doc.condition_from = find_condition(doc, title_only=True)
        if doc.condition_from != "title":
            doc.condition, doc.condition_from = "", NOT_HEALTH.format(share=share, least=settings.min_health_share)
            return doc
    else:
        doc.condition, doc.condition_from = find_condition(doc)
    # the tagger learned from articles about a condition; a page that names none (a recipe, a news story)
    # gets the rules' mentions only
    tagged = model is not None and bool(doc.condition)
    views, ctx = analyse(doc, ex, settings, context=tagged)
    by_view = model_spans(views, ctx, model, settings.threshold) if tagged else None
    rules = ex.rules
    prev: list[Mention] = []  # the mentions of the content sentence before (a trigger can flag them)
    order = {s.index: k for k, s in enumerate(x for x in doc.sentences if x.label == CONTENT)}
    avoid_items = listed_after(doc, AVOID_LEAD)
    # the short items of a list of symptoms ("Frequent respiratory infections"); a longer item or a labelled
    # one explains, and names causes of its own ("Nerve damage caused by diabetes can result in tingling")
    listed = listed_after(doc, SYMPTOM_LEAD)
    symptom_items = {s.index for s in doc.sentences if s.index in listed and ":" not in s.text
                     and len(s.text.split()) <= SHORT_ITEM}
    known: set[str] = set()  # mentions that are a lexicon treatment or exercise ("hot water" is heat therapy)
    page = _page(doc, rules, lx, model, symptom_items)
    last = -2
    for v, view in enumerate(views):
        s, tdoc = view.sentence, view.tokens
        if order[s.index] != last + 1:  # the content sentence before had no tokens, so no mentions
            prev = []
        last = order[s.index]
        section = s.section.split(" > ")[-1] if s.section else ""
        found = _sentence_spans(page, view, None if by_view is None else by_view[v], ex, settings, avoid_items)
        mentions = []
        ids: set[str] = set()
        reach = 0  # the end of a span extended over the words after it: spans inside it are part of it
        for span in found:
            if span[0] < reach:
                continue
            shaped, reach = _shaped(page, view, span, mentions, reach)
            if shaped is None:
                continue
            start, end, typ, entry = shaped
            judged = _judged(page, view, section, (start, end, typ, span[3], entry), mentions)
            if judged is None:
                continue
            start, m = judged
            if m.mention_id in ids or any(a < end and start < b for a, b, _ in mentions):
                continue  # two spans that now share words are one mention: the first stands
            mentions.append((start, end, m))
            ids.add(m.mention_id)
            if entry is not None and entry.type in ADVICE:
                known.add(m.mention_id)
        acronyms(tdoc.texts, mentions)
        mentions = _labelled(page, s, mentions)
        flag_mentions(tdoc, mentions, ex, lx, prev)
        _avoid_listed(view, section, mentions, avoid_items, rules, lx)
        doc.mentions.extend(m for _, _, m in mentions)
        prev = [m for _, _, m in mentions]
    one_flag_per_item(doc.mentions)
    foods_avoided(doc, known, lx, model)
    if other := compared(doc):
        attribute(doc, other)
    return doc


# what the body makes or holds of a substance ("insulin sensitivity", "magnesium levels")
_OWN_SUBSTANCE = frozenset("""level levels sensitivity production response release secretion resistance receptor
receptors""".split())
_LOADS = frozenset(("stress", "strain", "pressure", "load", "tension"))


def _lacking(lowers: list[str], start: int) -> int | None:
    """The index where a word of want before the advice at ``start`` begins ("insufficient rest", "lack of
    sleep", "not enough exercise", "poor diet"), or None: the want of good advice is a cause."""
    if start >= 1 and lowers[start - 1] in ("insufficient", "inadequate", "poor", "deficient"):
        return start - 1
    if start >= 2 and lowers[start - 1] == "of" and lowers[start - 2] in ("lack", "absence"):
        return start - 2
    if start >= 2 and (lowers[start - 2], lowers[start - 1]) in (("not", "enough"), ("too", "little")):
        return start - 2
    if start >= 3 and lowers[start - 1] == "enough":
        # "don't get enough sleep", "are not drinking enough water", "isn't making enough insulin": from the
        # negation (its auxiliary with "n't") over one verb
        if lowers[start - 3] in NOT:
            return with_auxiliary(lowers, start - 3)
    return None


def _negated_from(lowers: list[str], start: int) -> int | None:
    """Where the negation right before a phrase begins ("not" of "not drinking enough", "don't" of "don't drink
    enough water", with one verb between; "without enough water"), or None."""
    if start and lowers[start - 1] == "without":
        return start - 1
    for k in (start - 1, start - 2):
        if k >= 0 and lowers[k] in NOT:
            return with_auxiliary(lowers, k)
    return None


# words after which a word that is mostly a verb is one ("fall into", "fall under", "fall asleep")
_VERB_PARTICLES = frozenset(("into", "under", "asleep", "apart", "behind", "short"))


def _compound_head(lowers: list[str], k: int, lx: Lexical, entry: LexEntry | None = None) -> bool:
    """Whether word ``k`` opens a compound noun WordNet knows with the next word that names only a state
    or an event ("heat rash", "heat exhaustion", "cold sore", "heat wave"), or only a food where the word's
    lexicon entry is a therapy, not a food ("ice" of "ice cream"; "lemon" of "lemon juice" stays); or, for
    "heat" and "ice", whether the next word is a noun of no thing one could apply ("heat damage", "heat
    intolerance"; not "ice cubes", "heat lamp")."""
    if k + 1 >= len(lowers) or not lowers[k + 1].isalpha():
        return False
    classes = lx.senses(f"{lowers[k]}_{lowers[k + 1]}")
    if classes and entry is not None and set(classes) == {"noun.food"} \
            and not food(entry.concept.split(), lx):
        return True
    if entry is not None and entry.concept in THERAPIES and lowers[k + 1] not in THERAPY_HEADS \
            and lowers[k + 1] not in STOP:
        after = lx.senses(lx.fold(lowers[k + 1]))
        if after and noun_share(after) > 0.5 and THINGS.isdisjoint(after):
            return True  # "heat damage", "heat intolerance", "your body's heat response": no thing to apply
    return bool(classes) and STATES.issuperset(classes)


# the last word of a label that leads into what follows rather than naming something
_OPEN_ENDS = frozenset(("to", "on", "for", "of", "with", "or", "and", "more", "this", "them", "your", "by", "at",
                        "in", "about", "that", "these", "the", "a", "an"))


def _quality_of(tdoc, start: int, end: int, lx: Lexical) -> bool:
    """Whether the mention ``start:end`` qualifies a quality noun, directly or coordinated with an adjective
    ("antifungal and antimicrobial properties"; not "airway irritation or treatment effects", "high fat content
    and harmful compounds"), or is one that the tagger took whole ("anti-inflammatory properties"; not "herbal
    teas with anti-inflammatory properties", which names the teas)."""
    lowers, n = tdoc.lowers, len(tdoc)
    if end < n and lowers[end] in QUALITIES:
        return True
    if lowers[end - 1] in ("properties", "property", "qualities"):
        return not any(w in ("with", "for", "of") for w in lowers[start:end])
    return end + 2 < n and lowers[end] in ("and", "or") and lowers[end + 2] in QUALITIES \
        and any(c.startswith("adj.") for c in lx.senses(lowers[end + 1])) \
        and not mostly(lowers[end - 1], lx, "noun.")


# a treatment or exercise mention opening with one of these is the harm to avoid, not something to do
# ("irritating" only as a verb: "irritating your skin", not "irritating foods")
_HARMS = frozenset(("aggravating", "worsening", "exacerbating", "irritating", "damaging", "injuring", "hurting"))
# what the body does or has, which names a complaint only with a word of what is wrong ("painful bowel
# movements", "irregular menstrual cycles", "loss of appetite"; the annotations never mark them alone)
_BODY_FUNCTIONS = frozenset(("bowel movement", "bowel movements", "bowel", "bowels", "menstrual cycle",
                             "menstrual cycles", "menstruation", "ovulation", "urine", "urination", "stool",
                             "stools", "sleep", "appetite", "fluid", "fluids", "walking", "vision", "hearing",
                             "mood", "swallowing", "breathing", "digestion", "temperature", "blood pressure",
                             "weight", "heartbeat", "metabolism", "libido", "energy"))
_WHEN_PREFIXES = ("post", "pre")
# verbs of advice that name nothing without what they act on
_VAGUE_VERBS = frozenset(("seek", "stay", "talk", "be", "help", "monitor", "check", "remember", "combine", "start",
                          "visit"))
# a harm a medicine or a remedy comes with, and the word that joins it to it
_MISUSED = {"reaction": "to", "reactions": "to", "allergic": "to", "allergy": "to", "allergies": "to",
            "resistance": "to", "resistant": "to", "misuse": "of", "overuse": "of", "abuse": "of"}
# nouns of a rise or fall in an amount
_SHIFTS = frozenset("""decrease decreases drop drops decline declines reduction reductions fall increase increases
rise rises surge surges spike spikes fluctuation fluctuations imbalance imbalances""".split())
# a word of getting worse, and the words after it that still describe a complaint's course ("worsening at
# night", "worsening with activity", "worsening or persisting")
_WORSENING = frozenset(("worsening", "worsen", "worsens", "worsened"))
_COURSE = frozenset(("at", "in", "on", "with", "after", "during", "when", "over", "or", "and", "despite", "before",
                     "if", "as", "throughout", "until"))
# nouns that stand for a group, kind, course or share of what follows their "of", never for a thing themselves
_CONTAINERS = frozenset("""mix mixture combination combinations cycle cycles variety range series number
type types form forms kind kinds sort sorts strains array host list set group groups class classes category
categories""".split())


def lexicon_concepts(text: str) -> set[tuple[str, str]]:
    """The (type, concept) of every typed lexicon entry named in ``text``."""
    ex = extractor()
    return {(ex.entries[i].type, ex.entries[i].concept) for _, _, i in lexicon_spans(text_tokens(text, ex), ex)
            if ex.entries[i].type != "none"}


def extract(docs: list[Document], settings: ExtractSettings, wordnet_path: str = "") -> list[Document]:
    ex = extractor()
    model = tagger(settings.model, wordnet_path) if settings.method != "rules" else None
    lx = lexical(wordnet_path)
    return [extract_document(d, ex, settings, lx, model) for d in docs]
