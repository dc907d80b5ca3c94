"""Foods and advice phrased as actions: foods an article recommends (treatments) or warns against
(causes), complaints named by their organ ("lung problems"), and imperative advice ("Stay hydrated")."""

from __future__ import annotations

import re

from ...nlp import lemma_table
from ...records import HEADING, Document, Sentence
from ...resources.loader import ExtractRules
from ..tagger import STOP, Lexical, Tagger
from .base import Tokens
from .words import (ADVICE, FOOD_WORDS, food, food_word, gerund, mostly, mostly_noun, mostly_verb, verb_first,
                    word_count)
from .candidates import CONTRAINDICATED, HEAD_WORD, NUMBERED, View, avoid_heading
from .context import concept


# a heading over foods to eat ("Recommended Foods for COPD", "Foods That Fight Hot Flashes", "What to Eat",
# "Magnesium-Rich Foods"); one over foods that harm ("Worst Foods for Prostate Health") is not
EAT_SECTION = re.compile(
    r"\b(recommended|best|good|healthy|helpful|beneficial|safe|friendly)\s+(foods?|drinks?|beverages?|snacks|meals)\b|"
    r"\b(foods?|drinks?|beverages?|snacks)\s+(to (eat|enjoy|include|try|choose)|that (help|fight|ease|soothe|reduce|"
    r"relieve|prevent|support))\b|\bwhat (to|you should|should you) (eat|drink)\b|-(rich|friendly) foods\b|"
    r"\bfoods (for|rich in)\b", re.IGNORECASE)
_HARMFUL = re.compile(r"\b(worst|bad|avoid|limit|skip|triggers?|causes?|cause|harmful|unhealthy|not)\b", re.IGNORECASE)
# a sentence that advises eating or drinking something, after an optional label ("Include oats, quinoa and
# barley.", "Recommendations: Switch to non-dairy alternatives like almond milk", "Beans and legumes are good
# alternatives.")
_EAT_VERBS = ("include", "incorporate", "add", "opt", "choose", "switch", "eat", "enjoy", "try", "drink", "consume",
              "focus", "stick", "snack", "use", "stay", "go", "swap")
EAT_LEAD = re.compile(
    r"^(?:[^.:;!?]{1,40}:\s*)?(?:try to |aim to |also )?(?:include|incorporate|add|opt for|choose|switch to|eat|enjoy|"
    r"try|drink|focus on|stick to|stay hydrated with|consume|go for|snack on|use|swap)\b|"
    r"\b(good|great|healthy|healthier|better|excellent) (alternatives?|choices?|options?|sources?|substitutes?)\b",
    re.IGNORECASE)
# what a food phrase may end in besides a food: its nutrients ("lean proteins", "healthy fats") and the
# words that stand for foods ("plant-based protein sources", "non-dairy alternatives")
_NUTRIENTS = frozenset(("protein", "proteins", "fat", "fats", "fiber", "fibre", "carbohydrate", "carbohydrates"))
_STANDS_FOR = frozenset(("source", "sources", "option", "options", "alternative", "alternatives", "product",
                         "products", "choices"))
_FOOD_PHRASE_WORDS = 3


def advises_eating(s: Sentence) -> bool:
    """Whether a content sentence recommends foods or drinks: it is under a heading of foods to eat (or a
    numbered heading under one), or it opens with eating advice."""
    for heading in reversed(s.section.split(" > ") if s.section else []):
        if EAT_SECTION.search(heading) and not _HARMFUL.search(heading):
            return True
        if not NUMBERED.match(heading):
            break
    return s.kind != HEADING and bool(EAT_LEAD.search(s.text))


# a sentence that says what brings on or worsens the condition ("Trigger foods include...", "Alcohol, coffee and
# spicy foods can worsen reflux"): the foods it names are causes
FOOD_HARM = re.compile(r"\b(triggers?|triggered|triggering|worsens?|worsened|worsening|aggravat\w+|irritat\w+|"
                       r"exacerbat\w+|(can|may|might|could) (cause|lead to|increase|raise|bring on|make)|"
                       r"contribut\w+ to|linked to)\b", re.IGNORECASE)


# advice that opens by telling the reader to avoid or cut down on something ("Limit sweets, ice cream and
# foods with artificial sweeteners", "Tip: Avoid processed foods"): the foods it names bring the condition
# on or worsen it, so they are causes (annotation guide: a cause the text tells you to avoid is a cause)
FOOD_AVOID = re.compile(r"^(?:[^.:;!?]{1,40}:\s*)?(?:try to |also |and )?(?:avoid|avoiding|limit|limiting|cut back on|"
                        r"cut down on|cutting back on|cutting down on|steer clear of|stay away from|skip|minimize|"
                        r"minimise|restrict|eliminate)\b", re.IGNORECASE)
# the words that turn such advice to what to have instead; fewer than ``_EAT_VERBS``, whose "use", "go"
# and "stay" also stand inside what to avoid ("Avoid products that use harsh chemicals")
CHOOSE = frozenset("""opt opting choose choosing eat eating include including instead replace replacing switch
switching try prefer favor favour swap""".split())


def food_spans(tdoc: Tokens, lx: Lexical, rules: ExtractRules, harm: bool = False) -> list[tuple[int, int]]:
    """The foods a sentence of eating advice names (``harm``: of what brings the condition on), each a phrase
    of at most three words ending in a food: "Include oats, quinoa, brown rice and barley", "berries
    (blueberries, strawberries)". The phrases lie between punctuation and function words; leading
    determiners and verbs of eating are not part of them."""
    lows, spans, start = tdoc.lowers, [], 0
    for k in range(len(lows) + 1):
        if k < len(lows) and lows[k] not in rules.stop and lows[k] not in _FOOD_BREAKS \
                and (lows[k][:1].isalnum() or lows[k] in "-‐"):
            continue  # inside a phrase
        a, b = start, k
        start = k + 1
        if a and not _food_slot(lows, a):
            continue
        while word_count(lows, a, b) > _FOOD_PHRASE_WORDS:
            a += 1
        while a < b and (lows[a] in rules.leading_drop or lows[a] in _EAT_VERBS or lows[a] in PARTICLES
                         or not lows[a][:1].isalnum()
                         or lows[a] in rules.never_flagged or lows[a] in rules.terminators
                         or b - a > 1 and gerund(lows[a], lx)):
            a += 1
        if a < b and not DETERMINERS.intersection(lows[a:b]) and food_head(lows[a:b], lx, rules.body_parts, harm):
            spans.append((a, b))
    return spans


def _food_slot(lows: list[str], a: int) -> bool:
    """Whether the words after the break before token ``a`` can be a food the sentence recommends: not what a
    food replaces ("instead of salt", "fresh meats over processed ones"), not a purpose ("to enhance taste";
    but "switch to"), and after "of" only the foods of a measure or a source ("a handful of almonds",
    "sources of omega-3"; not "the absorption of sugar")."""
    brk, before = lows[a - 1], lows[a - 2] if a > 1 else ""
    if brk in ("than", "over"):
        return False
    if brk == "to":
        return before in _EAT_VERBS
    if brk == "of":
        return before in MEASURES or before in _STANDS_FOR or before in ("variety", "plenty", "lots", "kinds", "types")
    return True


_FOOD_BREAKS = frozenset(("into", "of", "instead", "than", "over", "then", "plus", "e.g.", "eg", "i.e."))
# particles that make the word before them a phrasal verb ("reach out", "fall off", "set apart")
PARTICLES = frozenset(("out", "off", "apart", "away"))
_HYPHENS = frozenset(("-", "‐", "‑"))


# what a diet keeps low or leaves out because it harms ("low-sodium options", "sugar-free drinks", "no salt
# added", "a gluten-free diet": the annotation's treatments); low in fibre or protein is no such choice
_KEPT_LOW = frozenset("""sodium salt sugar sugars fat fats purine purines cholesterol caffeine fructose carb carbs
carbohydrate carbohydrates calorie calories acid gluten lactose dairy nitrate nitrates histamine fodmap fodmaps alcohol
oxalate glycemic""".split())
_LOW = frozenset(("low", "lower", "reduced"))


def kept_low(norm: str) -> bool:
    """Whether a name (a normalized mention, hyphens as words) is a food or diet low in, free of or without
    added something that harms ("low - sodium option", "sugar - free drink", "no salt added", "no - added -
    sugar beverage"; not "low blood sugar", "low stomach acid": a level of the body's)."""
    words = [w for w in norm.split() if w != "-"]
    return any(w in _KEPT_LOW and (k and words[k - 1] in _LOW or words[k + 1:k + 2] == ["free"]
                                   or "no" in words[max(0, k - 2):k])
               for k, w in enumerate(words))


# what makes a food one to cut down on ("fried foods", "processed meats", "sugary drinks"); "fatty" only
# before a word for foods in general ("fatty foods", "fatty meats"; "fatty fish" is advice)
_HARMFUL_KIND = frozenset("fried processed sugary greasy salty refined junk carbonated spicy".split())
_FOOD_KINDS = FOOD_WORDS | frozenset(("product", "products", "carbohydrate", "carbohydrates", "carbs", "item",
                                      "items", "option", "options"))
# the eating of a food is that food ("eating fatty foods"), as the concept linker reads it (``context.DEGREE``)
_CONSUMING = frozenset(("eating", "consuming", "drinking", "eat", "consume", "drink"))


def rich_in_harm(norm: str, lx: Lexical) -> bool:
    """Whether a name (a normalized mention) is a food of a kind to cut down on, or the eating of one: it
    opens with fried, processed, sugary... ("sugary drinks", "eating fatty foods", "refined carbohydrates")
    or with high in what harms ("high - sodium foods"); not "high - fiber foods", "fatty fish", nor advice
    about one ("limit processed foods", "avoiding spicy foods": the annotation's treatments)."""
    words = [w for w in norm.split() if w != "-"]
    while words and words[0] in _CONSUMING:
        words = words[1:]
    if len(words) < 2 or not (words[-1] in _FOOD_KINDS or food_word(words[-1], lx)):
        return False
    first = words[0]
    return first in _HARMFUL_KIND or first == "fatty" and words[-1] in FOOD_WORDS \
        or first == "high" and words[1] in _KEPT_LOW


def joins(tdoc, k: int) -> bool:
    """Whether token ``k`` is a hyphen inside a word ("anti-inflammatory"): glued to the tokens on both sides."""
    return tdoc.texts[k] in _HYPHENS and tdoc.glued(k - 1) and tdoc.glued(k)


# what after a hyphen makes a word a modifier of another thing ("nutrient-rich diet", "acne-like bumps",
# "cola-colored urine"): the word before is no mention alone; "-induced", "-related" and the like say that
# it brings the other thing on ("an amoxicillin-induced rash"), so it stays a mention as it is
# (of which what reduces or relieves something makes a remedy: "inflammation-reducing foods")
REMEDY_ENDS = frozenset(("reducing", "relieving", "lowering", "soothing", "fighting"))
_MODIFIER_ENDS = REMEDY_ENDS | frozenset((
    "free", "like", "shaped", "colored", "coloured", "based", "rich", "filled", "tasting", "friendly", "sized",
    "looking", "smelling", "resistant", "safe", "proof", "ground", "dense", "soluble", "containing", "fortified"))
_CAUSAL_ENDS = frozenset(("induced", "related", "triggered", "driven", "associated", "caused", "dependent",
                          "provoked", "mediated", "exacerbated"))


# parts of the body the condition rules need not name, and words that say which part ("the surrounding
# muscles", "upper body muscles"): with these and body parts only, a mention names a place, not a thing
_ANATOMY = frozenset(("disc", "canal", "sac", "tissue", "organ", "vessel", "cord", "socket", "capsule"))
_WHERE = frozenset(("surrounding", "nearby", "adjacent", "upper", "lower", "affected"))


def past_body_part(tdoc, start: int, end: int, lx: Lexical, body_parts: frozenset[str]) -> int:
    """Where a mention ``start:end`` made of body-part words only ends: with the noun after it, a name the
    tagger cut short ("gum" of "gum disease", "throat" of "throat irritation"), else -1 (a body part alone
    names no cause, symptom or treatment); ``end`` when it holds another word."""
    lowers = tdoc.lowers

    def part(w: str) -> bool:
        return w in body_parts or lx.fold(w) in body_parts or lx.fold(w) in _ANATOMY

    if not all(part(lowers[x]) or lowers[x] in _WHERE or x > start and lowers[x] in STOP and x + 1 < end
               for x in range(start, end)) or not any(part(lowers[x]) for x in range(start, end)):
        return end
    if end < len(tdoc) and tdoc.texts[end].isalpha() and lowers[end] not in STOP \
            and lx.fold(lowers[end]) not in body_parts and mostly_noun(lowers[end], lx):
        return end + 1
    return -1


def hyphenated_end(tdoc, end: int) -> int:
    """Where a mention ending at token ``end`` ends when its last word is the first part of a hyphenated
    word: that word's end ("flare-ups", "weight-bearing", "Prader-Willi"), or the end of the word a modifier
    made of it qualifies ("nutrient-rich diet"; -1 when none follows); ``end`` when no hyphen follows or the
    word says it brings something on ("amoxicillin-induced")."""
    k = end
    while k + 1 < len(tdoc) and joins(tdoc, k) and tdoc.texts[k + 1][:1].isalpha():
        if tdoc.lowers[k + 1] in _MODIFIER_ENDS:
            k += 2  # the modifier with the thing it qualifies: "nutrient-rich diet", "fluid-filled cyst"
            return k + 1 if k < len(tdoc) and tdoc.texts[k][:1].isalpha() and tdoc.lowers[k] not in STOP else -1
        if tdoc.lowers[k + 1] in _CAUSAL_ENDS:
            return end
        k += 2
    return k


# a determiner inside a phrase makes it a clause ("control the ingredients", "protect your skin")
DETERMINERS = frozenset(("a", "an", "the", "your", "my", "our", "their", "his", "her", "its", "this", "these",
                         "those"))
MEASURES = frozenset(("slice", "slices", "cup", "cups", "handful", "handfuls", "piece", "pieces", "serving",
                       "servings", "portion", "portions", "glass", "glasses", "bowl", "bowls", "spoonful",
                       "tablespoon", "tablespoons", "teaspoon", "teaspoons", "pinch", "sprig", "sprigs", "dash"))
# words of eating that name no food ("daily diet", "breakfast"), and what advice limits rather than
# recommends ("less sugar", "added sugar", "blood sugar")
_LIMITED = frozenset(("sugar", "sugars", "salt", "sodium", "alcohol", "caffeine"))
# (and what a food is only in a butcher's or a cook's rare sense: "without stripping the skin", "fill half
# your plate", "hydrate the hair", "contact lenses")
_NOT_FOODS = frozenset(("diet", "diets", "breakfast", "lunch", "dinner", "dish", "dishes", "ingredient",
                        "ingredients", "taste", "flavor", "flavour", "bite", "bites", "skin", "plate", "plates",
                        "hair", "pore", "pores", "heart", "brain", "lens", "lenses")) | _LIMITED | MEASURES


def food_head(words: list[str], lx: Lexical, body_parts: frozenset[str], harm: bool = False) -> bool:
    """Whether a phrase names a food: it ends in a food or plant (WordNet), a nutrient, or a word standing
    for foods after one ("protein sources"); not in a generic food word ("foods", "meals"). Among what harms
    (``harm``), also what advice limits ("alcohol", "salt") and a kind of food ("spicy foods")."""
    last = words[-1]
    if last in _STANDS_FOR and len(words) > 1:
        last = words[-2]
    if harm:
        # what harms must be a food by most of its senses ("coffee", "cheese"; not "skin", "stem"), or a kind
        # of food ("spicy foods"; not "foods" alone or "become more brittle")
        if body_parts.intersection(words) or verb_first(words[0], lx) or len(words) > 1 and words[-2] == "blood":
            return False  # "shoulder rolls", "regulate blood sugar"
        if last in FOOD_WORDS:
            return len(words) > 1
        if len(words) == 1 and not mostly_noun(last, lx):
            return False  # "helping", "treat", "mix", "bitter": a food only in a rare sense
        return last in _LIMITED or last not in _NOT_FOODS and food_word(last, lx)
    if last in _GENERIC_FOODS or last in _NOT_FOODS:
        return False  # "flavor food", "healthy meals": a kind of eating the lexicon knows, or none
    if last in _NUTRIENTS:
        return True
    if last in body_parts or lx.fold(last) in body_parts:
        return False  # "use your legs", "support your head": not a cut of meat or a head of lettuce
    nouns = lx.senses(lx.fold(last))
    return last != "water" and ("noun.food" in nouns or "noun.plant" in nouns)


# a complaint named by the organ or body system it affects ("spinal problems", "heart-related issues",
# "autoimmune disorders", "issues with the right lung"): the head alone is a generic word, the phrase a
# complaint of its own; words of kind or degree before the head ("serious conditions", "underlying issues")
# make none, nor does "other" ("COPD and other lung diseases": the kind the condition is). Taken only
# among causes (the caller): elsewhere such a phrase is as often another condition compared, a
# consequence or a side effect, and the lexicon's "none" rows for the most frequent ones ("spinal
# issues") keep the tagger from taking them on its own (CV is higher with them)
TROUBLES = frozenset("""issue issues problem problems disorder disorders disease diseases conditions illness
illnesses abnormality abnormalities""".split())  # not a singular "condition": after a system, a state
_SYSTEMS = frozenset("""spinal cardiovascular cardiac vascular circulatory respiratory pulmonary neurological
neuromuscular muscular skeletal musculoskeletal orthopedic digestive gastrointestinal renal urinary hepatic
autoimmune infectious genetic structural hormonal metabolic""".split())
_NOT_PARTS = frozenset(("body", "health", "tissue", "system"))
# what a thing is, not what causes it: "COPD is a group of progressive lung diseases", "IBS, a common
# digestive disorder"
CLASS_OF = re.compile(r"(?:\b(?:is|are|was|were)|,)\s+(?:a|an)\s+(?:(?:group|type|form|kind|range) of\s+)?"
                      r"(?:[\w’'-]+\s+){0,2}$", re.IGNORECASE)
_OF_PART = frozenset(("with", "affecting", "of", "in", "involving"))


def trouble_spans(tdoc: Tokens, lx: Lexical, own: set[str]) -> list[tuple[int, int]]:
    """The spans of complaints a sentence names by the organ or body system they affect; not by a part the
    article's condition names (``own``: "shoulder issues" in an article on shoulder pain are its topic)."""
    lowers, n = tdoc.lowers, len(tdoc)

    def part(k: int) -> bool:
        w = lowers[k]
        if len(w) < 3 or not w.isalpha() or w in STOP or w in _NOT_PARTS:
            return False
        folded = lx.fold(w)
        return folded not in own and "noun.body" in lx.classes(folded)

    def system(k: int) -> bool:
        return lowers[k] in _SYSTEMS or part(k)

    out = []
    for j in range(n):
        if lowers[j] not in TROUBLES:
            continue
        a = j
        if j >= 3 and lowers[j - 1] == "related" and lowers[j - 2] == "-" and part(j - 3):
            a = j - 3  # "heart-related issues"
        while a > 0 and system(a - 1):
            a -= 1  # "spinal problems", "cervical spine disorders", "structural hip abnormalities"
        b = j + 1 if a < j else 0
        k = j + 1
        if lowers[j] != "disease" and k < n and lowers[k] in _OF_PART:
            k += 1
            if k < n and lowers[k] in ("the", "your", "their", "its"):
                k += 1
            if k < n and lowers[k] in ("left", "right", "upper", "lower"):
                k += 1
            if k < n and part(k) and (k + 1 == n or not tdoc.texts[k + 1].isalpha() or lowers[k + 1] in STOP):
                b = k + 1  # the part is the object, not a modifier ("problems of shoulder pain")
                if b + 1 < n and lowers[b] in ("or", "and") and part(b + 1):
                    b += 2  # "conditions affecting the gallbladder or liver"
        if b and not (a and lowers[a - 1] == "other"):
            out.append((a, b))  # "asthma or other respiratory conditions": the kind the condition is
    return out


# verbs that open a sentence without advising a treatment of their own: what to avoid (the trigger rules
# read it), where to read on, whom to ask (the care rule reads it), a choice, an addition or an effort whose
# object is the advice ("Consider physical therapy", "Choose supportive shoes", "Focus on exercises"), what a
# medicine does ("Help normalize skin cell activity", "Prevent airway swelling"), and modals
_NOT_ADVICE = frozenset("""avoid limit stop quit skip cut reduce minimize do never read learn see note remember
talk ask call click visit follow contact discover explore understand know find look sign subscribe share download
watch join register continue speak seek consult tell imagine think be let expect consider choose select opt pick try
incorporate include engage make discuss like pay check work give familiarize allow teach help prevent protect focus
enhance please can may might must will would should could""".split())
# what ends an imperative's advice: a purpose, a means, a time, a condition or the next clause
_ADVICE_END = frozenset("""to using with by while when where if so because and but or as for until before after which
that who whenever""".split())
# a purpose clause after the advice ("... to reduce swelling")
_PURPOSES = frozenset("""prevent reduce ease relieve decrease minimize improve support help protect control avoid
promote alleviate lessen manage maintain strengthen keep lower soothe loosen relax stabilize limit take""".split())
_NOT_AFTER_VERB = frozenset("is are was were can may might will could should helps has have does".split())
# what a step of a recipe or a procedure acts on ("Boil it", "Repeat this process"), or where it goes ("Stay
# away from soda"): a step or a warning, not the name of advice
_STEP_OBJECTS = frozenset("it this that them these those away".split())
_ALONE_AFTER_VERB = frozenset(("up", "down", "in", "on", *PARTICLES))  # "Drink up": a verb and its particle


def imperative_advice(view: View, lx: Lexical, complaints: frozenset[str]) -> tuple[int, int] | None:
    """The advice of a sentence that opens with an imperative ("Keep the knee elevated to decrease swelling",
    "Lifting: Bend at the knees, not the waist"), up to its purpose, means or next clause: a treatment where the
    sentence says what it is for or stands under a heading of treatments or prevention (the caller leaves out
    sentences under a heading of causes or symptoms)."""
    tdoc, s = view.tokens, view.sentence
    lowers, n = tdoc.lowers, len(tdoc)
    colon = next((j for j in range(min(n, 8)) if lowers[j] == ":"), -1)
    k = colon + 1  # after a label ("Lifting: ..."), else the first word
    while k < n and (tdoc.is_punct(k) or lowers[k].isdigit()):
        k += 1
    if s.kind == HEADING or k + 1 >= n or not tdoc.texts[k][:1].isupper():
        return None
    word, after = lowers[k], lowers[k + 1]
    if word in _NOT_ADVICE or after in _NOT_AFTER_VERB or after in _STEP_OBJECTS \
            or not tdoc.texts[k + 1][:1].isalpha():
        return None
    if lemma_table()(word) != word or word.endswith(("ing", "ed")) or not (word == "use" or mostly_verb(word, lx)):
        return None  # a verb in most of its senses ("keep", "wear"; not "general", "back", "milk"), or "use"
    end = k + 1
    while end < n and not tdoc.is_punct(end) and lowers[end] not in _ADVICE_END:
        end += 1
    last = lowers[end - 1]
    if not 2 <= end - k <= 7 or last in complaints or end - k == 2 and last in _ALONE_AFTER_VERB:
        return None  # "Back muscle pain": a complaint, not a verb's advice; "Drink up": a verb alone
    if word != "ensure" and not _NOT_AFTER_VERB.isdisjoint(lowers[k + 1:end]):
        return None  # "Fire ants are small": a subject, not an imperative ("Ensure your desk is ..." is one)
    modifier = mostly(last, lx, "adj.") or mostly(last, lx, "adv.")
    if last in STOP or last[:1].isdigit() or word == "use" and mostly(last, lx, "adv.") \
            or modifier and not last.endswith("ed") and end < n and tdoc.is_punct(end) and lowers[end] != ".":
        return None  # cut inside its object: "Apply a warm, damp cloth", "Use the", "Use only"
    purpose = end + 1 < n and lowers[end] == "to" and lowers[end + 1] in _PURPOSES
    return (k, end) if purpose or view.cls == "treatment" else None


def with_spans(found: list, spans: list[tuple[int, int]], typ: str, rule: str) -> list:
    """A sentence's mentions with a phrase rule's spans as ``typ`` where no mention reaches across their
    edges; a span takes in the mentions inside it (what the tagger cut from it: "conditions affecting" of
    "conditions affecting the lungs")."""
    for a, b in spans:
        inside = [f for f in found if a <= f[0] and f[1] <= b]
        if any(f[:2] == (a, b) for f in inside) or any(f[0] < b and a < f[1] for f in found if f not in inside):
            continue
        found = sorted([f for f in found if f not in inside] + [(a, b, typ, rule, None)], key=lambda f: f[0])
    return found


def with_foods(found: list, spans: list[tuple[int, int]], typ: str) -> list:
    """A sentence's mentions with the foods it names as ``typ``: recommended foods are treatments (annotation
    guide: diet changes), each replacing what overlaps it unless a treatment or exercise reaches beyond it
    ("balanced diet"); foods that harm are causes, only where no mention is."""
    out = list(found)
    for a, b in spans:
        over = [f for f in out if f[0] < b and a < f[1]]
        if any(f[2] in ADVICE and (f[0] < a or f[1] > b) for f in over) or typ == "cause" and over:
            continue  # what harms only adds a mention where there is none
        out = [f for f in out if not (f[0] < b and a < f[1])] + [(a, b, typ, "diet", None)]
    return sorted(out, key=lambda f: f[0])


_GENERIC_FOODS = FOOD_WORDS - {"meat", "meats"}  # the words that name no food of their own


def foods_avoided(doc: Document, known: set[str], lx: Lexical, model: Tagger | None) -> None:
    """A food or drink the article advises against is a cause of its condition (annotation guide: a food
    that brings on or worsens it; causes carry no contraindicated flag), not a treatment advised against:
    "Here's what to avoid: French fries", "avoid sugary drinks", and whatever is advised against under a
    heading of foods or drinks to avoid ("Foods to Avoid > 2. Salty Foods: chips")."""
    against = [m for m in doc.mentions
               if m.type in ADVICE and m.flag == CONTRAINDICATED and m.mention_id not in known]
    if not against:
        return
    section = {s.index: s.section for s in doc.sentences}
    for m in against:
        if avoid_heading(section.get(m.sentence_index, "")) in FOOD_WORDS \
                or food(HEAD_WORD.findall(m.surface.lower()), lx):
            m.type, m.flag, m.flag_from = "cause", "", ""
            m.concept = concept("cause", m.surface, model, doc.condition)
