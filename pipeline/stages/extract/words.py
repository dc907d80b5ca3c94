"""What a word is, for the rules: mostly a verb, a noun, an adjective or an adverb by its WordNet senses,
a food, half of a contraction."""

from __future__ import annotations

from ...nlp import lemma_table
from ..dedupe import LIGHT_VERBS
from ..tagger import Lexical


def gerund(word: str, lx: Lexical) -> bool:
    """A verb's -ing form before a food says what to do with it ("consuming fruits", "roasting vegetables"),
    unless it is a food itself ("pudding")."""
    return len(word) > 5 and word.endswith("ing") and "noun.food" not in lx.senses(word)


def word_count(lows: list[str], a: int, b: int) -> int:
    """The words of tokens a..b, a hyphenated word counted once ("plant - based" is one)."""
    return sum(w[:1].isalnum() and not (k > a and lows[k - 1] in "-‐") for k, w in enumerate(lows[a:b], a))


def mostly_noun(word: str, lx: Lexical) -> bool:
    """Whether a word is a noun in at least half its WordNet senses, and not an -ing form."""
    senses = lx.senses(lx.fold(word))
    return not word.endswith("ing") and (not senses or noun_share(senses) >= 0.5)


def verb_first(word: str, lx: Lexical) -> bool:
    """Whether a phrase opens with a word WordNet knows only as a verb ("become", "craves")."""
    senses = lx.senses(lx.fold(word))
    return bool(senses) and all(c.startswith("verb.") for c in senses)


def verb_or_form(word: str, lx: Lexical) -> bool:
    """Whether a word, or the lemma of it ("reduces", "managing"), is one WordNet knows only as a verb."""
    return verb_first(word, lx) or verb_first(lemma_table()(word), lx)


FOOD_WORDS = frozenset(("food", "foods", "drink", "drinks", "beverage", "beverages", "meat", "meats", "snack",
                        "snacks", "meal", "meals"))


def food(words: list[str], lx: Lexical) -> bool:
    """Whether a mention names a food or drink: its head (last word) is one, or it holds a food word
    ("fatty foods like chips"; not "dietary choices")."""
    return bool(words) and (food_word(words[-1], lx) or any(w in FOOD_WORDS for w in words))


def food_word(word: str, lx: Lexical) -> bool:
    """A word most often meaning a food or drink: a food word, or one whose WordNet noun senses are half
    foods, or a third and none an artifact ("cheese", "soda", "bacon"; not "water", "ice", "cream")."""
    if word in FOOD_WORDS:
        return True
    nouns = [c for c in lx.senses(lx.fold(word)) if c.startswith("noun.")]
    food = nouns.count("noun.food")
    return bool(nouns) and (2 * food >= len(nouns) or 3 * food >= len(nouns) and "noun.artifact" not in nouns)


ADVICE = ("treatment", "exercise")
COMPLAINTS = ("cause", "symptom")


NOT = frozenset(("not", "n't", "n’t", "never"))
# words that say an item is done or had the wrong way ("improper running form" is a cause, "improper rest can
# worsen it" does not advise against rest)
WRONGLY = frozenset(("improper", "incorrect", "poor"))


def with_auxiliary(lowers: list[str], k: int) -> int:
    """Where a negation at ``k`` begins: at its auxiliary when it is "n't" ("do" of "don't")."""
    return k - 1 if lowers[k] in ("n't", "n’t") and k >= 1 else k


# verbs an article puts before a treatment ("use a humidifier", "taking ibuprofen", "drinking water"): alone
# they name no treatment
LIGHT = LIGHT_VERBS | frozenset(("drinking", "eating", "consuming", "getting", "making", "having"))
# participles that go on from a cause to its effect
EFFECTS = frozenset(("causing", "leading", "resulting", "making", "triggering", "impacting", "affecting", "creating",
                     "producing"))


def share(word: str, lx: Lexical, pos: str) -> float:
    """The share of a word's WordNet senses that are of a part of speech (``pos``: "verb.", "adj."); 0 for
    a word WordNet lacks."""
    senses = lx.senses(word)
    return sum(c.startswith(pos) for c in senses) / len(senses) if senses else 0.0


def mostly(word: str, lx: Lexical, pos: str) -> bool:
    """Whether more than half of a word's WordNet senses are of a part of speech."""
    return share(word, lx, pos) > 0.5


def mostly_verb(word: str, lx: Lexical) -> bool:
    """Whether most of a word's WordNet senses are verbs ("fall"; not "injection", "rest")."""
    return mostly(word, lx, "verb.")


def verb_sense(word: str, lx: Lexical) -> bool:
    """Whether WordNet knows a word as a verb at all."""
    return any(c.startswith("verb.") for c in lx.senses(word))


# what a compound noun names when it is a complaint or an event rather than a thing to use
STATES = frozenset(("noun.state", "noun.phenomenon", "noun.process", "noun.event", "noun.feeling",
                    "noun.attribute"))


# the therapies a bare word names ("apply heat", "ice the knee"), the words that name a form of them, and
# the classes of a word that is a thing one could apply ("ice cubes", "heat lamp")
THERAPIES = frozenset(("heat therapy", "cold therapy"))
THERAPY_HEADS = frozenset(("therapy", "therapies", "treatment", "treatments", "application", "applications",
                           "massage", "session", "sessions"))
THINGS = frozenset(("noun.artifact", "noun.substance", "noun.object", "noun.food", "noun.body"))


# words that make what stands before them part of a complaint's name ("resistance": "to avoid antibiotic
# resistance", "insulin resistance" name a state of the body, not the drug)
COMPLAINT_HEADS = frozenset(("pain", "pains", "rash", "rashes", "headache", "headaches", "allergy", "allergies",
                             "burn", "burns", "pneumonia", "syndrome", "injury", "injuries", "cramps", "sore",
                             "sores", "disease", "infection", "infections", "fever", "ache", "aches", "asthma",
                             "resistance"))
# nouns that make what stands before them a place ("injection site", "surgical area")
PLACES = frozenset(("site", "sites", "area", "areas", "spot", "spots", "location", "locations"))
# a mention right before one of these names a quality of something else ("ginger is known for its
# anti-inflammatory properties", "natural laxative effects", "relaxation benefits"), not a thing of its own
QUALITIES = frozenset(("properties", "property", "qualities", "compounds", "effect", "effects", "benefits"))
# what a modifier cut from its noun does not take in: the rules on qualities, places and complaints read it
NOT_CUT = QUALITIES | PLACES | COMPLAINT_HEADS
OBJECTS = frozenset(("the", "your", "its", "their", "his", "her", "my", "our", "this", "these", "those", "it"))
# the head words of a diagnostic test, which the annotation guide makes none of the four types ("a Pap smear",
# "regular health screenings", "a comprehensive eye exam"); not a biopsy or an ultrasound, which also name
# treatments ("cone biopsy", "focused ultrasound"), nor a culture or a stain ("probiotic cultures", "tooth stains")
TEST_HEADS = frozenset("""test tests testing screening screenings scan scans x-ray x-rays xray mri mris ct imaging exam
exams examination examinations smear smears panel panels urinalysis mammogram mammograms colonoscopy
colonoscopies endoscopy endoscopies bloodwork""".split())


def describes(word: str, lx: Lexical) -> bool:
    """Whether a lone word can name a cause, symptom, treatment or exercise: a known term, or a word whose
    WordNet senses are at least a quarter nouns (a lone "sudden", "consult" or "keep" is a fragment of a
    longer mention the tagger cut short, not one itself). An inflected form WordNet does not list is
    judged by its lemma: "applying" and "thicker" are forms of a verb and an adjective; a form in -s is a
    plural unless its lemma is a verb and no noun ("colds", "piercings", but "worsens", "radiates")."""
    if lx.fold(word) in lx.gazetteer_terms:
        return True
    classes = lx.senses(word)
    if classes:
        return noun_share(classes) >= 0.25
    classes = lx.senses(lemma_table()(word))
    if word.endswith("s"):
        return any(c.startswith("noun.") for c in classes) or not any(c.startswith("verb.") for c in classes)
    return not classes or noun_share(classes) >= 0.25


def adverb(word: str, lx: Lexical) -> bool:
    """Whether WordNet knows a word only as an adverb ("even", "typically")."""
    classes = lx.classes(word)
    return bool(classes) and all(c.startswith("adv.") for c in classes)


NEGATED_HALF = frozenset(("n't", "n’t"))


def contraction(lowers: list[str], k: int) -> bool:
    """Whether token ``k`` is the first half of a contraction ("wo" of "won't", "ca" of "can't")."""
    return k + 1 < len(lowers) and lowers[k + 1] in NEGATED_HALF


def noun_share(senses: tuple[str, ...]) -> float:
    """The share of a word's WordNet senses (their lexicographer classes) that are nouns."""
    return sum(c.startswith("noun.") for c in senses) / len(senses)


def adjective(word: str, lx: Lexical) -> bool:
    """Whether a word is mostly an adjective in WordNet ("dental", "genetic", "sparkling")."""
    return mostly(word, lx, "adj.")


def noun(word: str, lx: Lexical) -> bool:
    """Whether a word (or its singular) is a noun in at least half its WordNet senses; unlike
    ``mostly_noun``, an -ing noun counts ("dental filling") and an unknown word does not."""
    senses = lx.senses(word) or lx.senses(lx.fold(word))
    return bool(senses) and noun_share(senses) >= 0.5


def phrasal(lowers: list[str], k: int, lx: Lexical) -> bool:
    """A word that can be a verb, with "on" or "for" after it: "(avoid triggers and) focus on", "opt for"."""
    return (k + 1 < len(lowers) and lowers[k + 1] in ("on", "for") and not lowers[k].endswith("ing")
            and verb_sense(lowers[k], lx))


# forms of "be", "have" and "do" WordNet does not list as words of their own
AUXILIARIES = frozenset("is are was were been has had does did".split())


def verb(word: str, lx: Lexical) -> bool:
    """A word WordNet knows mostly as a verb, and not an -ing form (which names an activity)."""
    if word.endswith("ing"):
        return False
    if word in AUXILIARIES:
        return True
    senses = lx.senses(word)
    return bool(senses) and 2 * sum(c.startswith("verb.") for c in senses) > len(senses)
