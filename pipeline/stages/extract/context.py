"""What the sentence around a mention says about it: whether a cause or symptom is the condition's or
another's (what the condition is, leads to or is compared with, another condition's list, a side
effect), and the concept a mention's surface stands for."""

from __future__ import annotations

import re

from ...nlp import lemma_table
from ...ontology import lookup, subclass_of
from ...records import Mention
from ...words import gerunds, ing_forms
from ..condition import term_spans, terms as condition_terms
from ..dedupe import normalize_key
from ..tagger import Lexical, Tagger
from .base import fold, surface_concepts
from .words import verb_or_form, verb_sense
from .candidates import HEAD_WORD


# a subject that says it names a cause defines nothing ("The most common cause is a herniated disc", "Another
# possibility is an allergy")
_NAMES_A_CAUSE = (r"(?!.*\b(?:causes?|possibilit(?:y|ies)|reasons?|culprits?|factors?|triggers?|explanations?|"
                  r"sources?|results?)\b)")
# a definition just before a mention: "Chlamydia is a bacterial infection", "Gout is a type of arthritis"
IS_A = re.compile(r"^\W*" + _NAMES_A_CAUSE + r"(?:[\w'’-]+\s+|\([^()]{1,15}\)\s+){1,5}(?:is|are)\s+"
                  r"(?:a|an)\s+(?:(?:common|rare|chronic|painful|serious|type|form|kind)\s+)?(?:of\s+)?$",
                  re.IGNORECASE)

# the condition defined, its kind qualified by a few words ("Fibroids are non-cancerous tumors", "Chlamydia
# is a common sexually transmitted infection"): the subject must name the condition (``IS_A`` alone would
# take "What is pneumonia?" or "Most vaccines are safe during pregnancy")
DEFINED = re.compile(r"^\W*(?!(?:what|how|why|when|where|who|which|there|this|these|it|they)\b)" + _NAMES_A_CAUSE
                     + r"(?P<subject>(?:[\w'’-]+\s+|\([^()]{1,15}\)\s+){1,5})(?:is|are)\s+(?:(?:a|an)\s+)?"
                     r"(?:(?!(?:the|of|in|on|to|for|by|with|from|at|and|or|not|more|less|most|often|also|usually|"
                     r"when|that|which|caused|due|linked|associated|related|during|until|after|before|among|present|"
                     r"safe|necessary|important)\b)[a-z][\w'’-]*\s+){0,3}$", re.IGNORECASE)

# a verb of bringing about, and what opens a list of complications, in the clause before a cause mention
# (active forms only: "is caused by X", "triggered by X" name causes)
_LEADS_TO = re.compile(r"\b(?:lead(?:s|ing)? to|led to|result(?:s|ed|ing)? in|"
                       r"(?:increase|raise)(?:s|d)? (?:the|your|their|one's) (?:risk|chances?|likelihood|odds) "
                       r"(?:of|for)(?: (?:developing|getting|having))?|"
                       r"(?:more|most) likely to (?:develop|experience|have|get)|"
                       r"at (?:a )?(?:higher |greater |increased )?risk (?:of|for)(?: (?:developing|getting))?|"
                       r"causes?|causing|triggers?)"
                       r"\s+(?!by\b)", re.IGNORECASE)
# in the words between the verb and the mention, what makes the mention a cause after all ("can cause pain
# and are often triggered by dehydration", "due to excess glucose", "especially if you have allergies")
_CAUSE_AGAIN = re.compile(r"[.;:!?]|\b(?:by|due to|because|from|if|when|unless|result of)\b", re.IGNORECASE)
# before "cause(s)" or "trigger(s)", these make it a noun ("a non-infectious cause like allergies")
_NOUN_BEFORE = frozenset("the a an common main other possible underlying root its their of potential primary most "
                         "many several various different known leading major no any some".split())
_SIGN_OF = re.compile(r"\b(?:sign|signs|signal|signals|indicate|indicates|indicating|suggest|suggests|point to)\b",
                      re.IGNORECASE)
_NOUN_AFTER = re.compile(r"(?:like|such as|include|includes|including|are|is|of|for)\b", re.IGNORECASE)
# a verb after the complications that says they bring something on ("... can cause pain"; not "or worsening
# skin", a noun phrase)
_BRINGS_ON = re.compile(r"\b(?:(?:can|may|might|could|will|often|also|usually)\s+(?:\w+\s+)?(?:cause|contribute|lead|"
                        r"trigger|worsen)|causes|causing|contributes|contributing to|leads to|leading to|triggers|"
                        r"worsens)\b", re.IGNORECASE)
_COMPLICATIONS = re.compile(r"\bcomplications?\b[^.;:!?]{0,40}\b(?:such as|including|like|include|includes)\b"
                            r"[^.;:!?]*$", re.IGNORECASE)
_CLAUSE_START = re.compile(r".*(?:[.;:!?,(]|\b(?:that|which|who|when|where|if|because|and|or|but|from|by)\b)",
                           re.IGNORECASE)


# a verb of bringing something good about right before a mention: what follows is an outcome ("promotes
# relaxation", "improves insulin sensitivity", "boost collagen production"); not "maintain" or "support",
# whose objects are advice ("maintain good posture", "support good posture")
_OUTCOME = re.compile(r"\b(?:promot(?:e|es|ed|ing)|improv(?:e|es|ed|ing)|boost(?:s|ed|ing)?|enhanc(?:e|es|ed|ing))"
                      r"\s+(?:(?:your|the|a|an|overall|better|good|general|their|its)\s+)*$", re.IGNORECASE)

# what "X can cause ..." may bring about and still be about the article's condition: the condition's own
# words, or words that stand for it or its symptoms ("can lead to it", "can cause symptoms", "flare-ups")
_STANDS_FOR_CONDITION = frozenset(("it", "this", "these", "them", "symptom", "symptoms", "flare", "flares",
                                   "flare-ups", "flare-up", "attack", "attacks", "episode", "episodes", "condition",
                                   "pain", "discomfort"))
_CLAUSE_END = re.compile(r"[.;:!?]|\b(?:but|while|whereas|although)\b")


def subclass(surface: str, condition_id: str) -> bool:
    """Whether a name is, in the Disease Ontology, a subclass of the condition's class."""
    if not condition_id.startswith("DOID:"):
        return False
    ident = lookup(surface, "cause", broader=False)
    return ident.startswith("DOID:") and subclass_of(ident, condition_id)


def folded_words(text: str) -> set[str]:
    """A text's words, folded as the condition's words are (``condition_words``)."""
    return {fold(w) for w in HEAD_WORD.findall(text.lower())}


def _names_condition(clause: str, condition_words: set[str], also: frozenset = frozenset()) -> bool:
    """Whether a clause holds a word of the article's condition, a word that stands for it, or one of
    ``also`` (true when the article has no condition)."""
    return not condition_words or bool(folded_words(clause) & (condition_words | _STANDS_FOR_CONDITION | also))


def effect_is_condition(after: str, condition_words: set[str]) -> bool:
    """Whether what a cause mention is said to bring about ("X can lead to ...": ``after``, the text after
    the mention, to the end of its clause) names the article's condition or stands for it."""
    after = after[:WINDOW]
    stop = _CLAUSE_END.search(after)
    return _names_condition(after[:stop.start() if stop else len(after)], condition_words)


# a cue's own words that say the condition is meant ("Common causes include ...", "Risk factors such as")
_CAUSE_NOUNS = frozenset(("cause", "causes", "factor", "factors", "reason", "reasons", "trigger", "triggers",
                          "culprit", "culprits"))
_SENTENCE_PART = re.compile(r".*[.;:!?]")


def subject_is_condition(before: str, condition_words: set[str]) -> bool:
    """Whether what a cause mention is said to bring about ("... is caused by X": ``before``, the text
    before the mention, from the start of its sentence part) names the article's condition, stands for
    it, or is a list of its causes."""
    before = before[-WINDOW:]
    part = _SENTENCE_PART.match(before)
    return _names_condition(before[part.end() if part else 0:], condition_words, _CAUSE_NOUNS)


# a list of symptoms before a mention, the mention one of its items: only words, commas and "and"/"or"
# between ("symptoms like fever, loss of taste or smell"; not "symptoms like fever, which are more
# indicative of COVID-19", "signs ... could be signs of infection")
SYMPTOM_LIST = re.compile(r"\b(?:symptoms?|signs?)\s+(?:such as|like|including|include|includes|may include|"
                          r"can include)\s+(?:(?!(?:by|due|because|from|if|when|unless|sign|signs|to|than|which|that|who|"
                          r"may|might|could|can|will|is|are|be|indicat\w*|suggest\w*|signal\w*|point\w*|whereas|while|"
                          r"but|after|during|in|on|for|with|as|related|caused|linked|associated)\b)[\w'’-]+"
                          r"(?:,\s*|\s+))*$", re.IGNORECASE)


# what brings about the symptoms a list names: "X can cause symptoms such as ...", "..., leading to symptoms like"
_CAUSING_SYMPTOMS = re.compile(r"\b(?:causes?|causing|lead(?:s|ing)? to|triggers?|triggering|produces?|"
                               r"producing)\s+(?:similar\s+|other\s+|various\s+)?(?:symptoms?|signs?)\s+"
                               r"(?:such as|like|including)\s", re.IGNORECASE)


def symptoms_of_condition(before: str, condition_words: set[str]) -> bool:
    """For a symptom mention an item of "X can cause symptoms such as ..." (``before``: the text before it),
    whether X names the article's condition or stands for it ("It can cause symptoms like cramping");
    true for any other mention."""
    before = before[-WINDOW:]
    if not SYMPTOM_LIST.search(before):
        return True
    cues = list(_CAUSING_SYMPTOMS.finditer(before))
    if not cues:
        return True
    cue = cues[-1]  # the list's own verb, the nearest
    part = _SENTENCE_PART.match(before, 0, cue.start())
    # "they" too: what the article is about, in the plural ("They occur when the stomach pushes through the
    # diaphragm, leading to symptoms such as heartburn" in an article on hernias)
    return _names_condition(before[part.end() if part else 0:cue.start()], condition_words, _THEY)


_THEY = frozenset(("they",))


# what is felt is a symptom ("a feeling of pressure in the ears", "feelings of anxiety", "a sense of fullness")
FELT = re.compile(r"\b(?:feelings?|sensations?|sense)\s+of\s+(?:an?\s+)?$", re.IGNORECASE)


# another name right before a mention ("also known as", "medically referred to as", "also called")
_AKA = re.compile(r"(?:\(|,)?\s*\b(?:(?:also|commonly|medically|sometimes|often|clinically)\s+)?(?:(?:known|referred to|"
                  r"termed)\s+as|called)\s+(?:an?\s+|the\s+)?$", re.IGNORECASE)


def another_name(text: str, offset: int, head: str) -> bool:
    """Whether a mention at ``offset`` of ``text`` is another name of the article's condition (``head``: its
    folded head word), given right after it: "Hives, also known as urticaria", "Canker sores, medically
    referred to as aphthous ulcers"."""
    cue = _AKA.search(text, max(0, offset - 60), offset)
    if cue is None:
        return False
    before = HEAD_WORD.findall(text[max(0, cue.start() - 60):cue.start()].lower())[-4:]
    return head in {fold(w) for w in before}


# a comparison right before a mention (up to three words between): what follows is another condition set
# beside the article's, not its cause or symptom ("Unlike strep throat, ...", "can be mistaken for a heart
# attack", "Rosacea vs. lupus rash", "symptoms similar to those of a common cold")
# (after a verb of confusing, the words between may be a list's items: "mistake oral chlamydia for a cold,
# allergies, or ..."; after "unlike" or "similar to" a comma ends the comparison: "Unlike BV, yeast infections")
_COMPARED = re.compile(r"\b(?:(?:mistak(?:e|en|es|ing)\b[^.;:!?]{0,40}\bfor|confus(?:e|ed|es|ing) with|"
                       r"mimic(?:s|ked|king)?|resembl(?:e|es|ed|ing)|differ(?:s|ent)? from|"
                       r"distinguish(?:ed|ing)? from)\s+(?:[\w'’-]+,?\s+){0,3}|"
                       r"(?:similar to|unlike|versus|vs\.?)\s+(?:[\w'’-]+\s+){0,3})$", re.IGNORECASE)
_WHEREAS = re.compile(r"\bwhereas\s+(?:[\w'’-]+\s+){0,3}$", re.IGNORECASE)
# a sentence (after a label at most) that opens with "Unlike": all up to its comma is compared ("Unlike
# coughs from colds or allergies, a GERD cough is usually dry"), and a relative clause on it up to the
# next comma ("Unlike UTIs, which involve a burning sensation and frequent urination, kidney stones' pain"),
# unless what is compared is the condition ("Unlike an allergy cough, which is usually triggered by allergens,
# chronic bronchitis ..." in an article on allergy coughs)
_UNLIKE = re.compile(r"^(?:[^.;:!?]{0,40}:)?\W*unlike\b(?P<what>[^,.;:!?]*)"
                     r"(?P<rel>,\s*(?:which|who|that)\b[^,.;:!?]*)?$", re.IGNORECASE)


# a clause that contrasts with the one before opens here (", while", ", whereas")
_CONTRAST_OPENS = re.compile(r",\s*(?:while|whereas)\s+(?:the\s+|an?\s+)?$", re.IGNORECASE)


def set_beside(text: str, offset: int, condition_words: set[str], end: int | None = None) -> bool:
    """Whether a cause or symptom mention at ``offset`` of its sentence is another condition the sentence sets
    beside the article's, or is that condition's: right after a comparison, in what "Unlike" opens the
    sentence with, after "whereas" ("BV causes a watery discharge, whereas yeast infections often result in
    ..."), or in a clause ", while X ..." whose subject names another condition ("..., while the common
    cold can lead to body aches"); not where what "Unlike" compares with a relative clause, or the
    "whereas" or "while" clause, names the condition itself."""
    if _COMPARED.search(text, max(0, offset - 80), offset):
        return True
    if offset < WINDOW and (u := _UNLIKE.match(text[:offset])) \
            and not (u["rel"] and condition_words & folded_words(u["what"])):
        return True
    w = _WHEREAS.search(text, max(0, offset - 60), offset)
    if w:
        return not condition_words & folded_words(w[0])
    w = _WHILE.search(text, max(0, offset - WINDOW), offset)
    if w:
        return not condition_words & folded_words(w["subject"]) and _names_condition_term(w["subject"])
    # a cause that opens the contrasting clause ("Gallstones form in the gallbladder, while kidney stones
    # develop in the kidneys"): another condition, when it is one and its clause does not name the article's
    # (a symptom there is often the article's own: "pain can disrupt life, while chronic fatigue can ...")
    if end is not None and _CONTRAST_OPENS.search(text, max(0, offset - 20), offset):
        clause = _CLAUSE_END.split(text[end:], maxsplit=1)[0]
        return _names_condition_term(text[offset:end]) and not condition_words & folded_words(clause)
    return False



# the items of a list ("endometriosis, adenomyosis, or fibroids"): short phrases between commas and a
# last "and" or "or", without a verb or a word that opens a clause or an example ("often stemming from
# wisdom teeth", "such as the common cold", "can result from stress" are no items)
_NOT_IN_ITEM = (r"(?!(?:and|or|from|for|by|with|that|which|who|when|where|while|like|such|as|including|"
                r"includes?|can|may|might|could|will|would|should|is|are|was|were|be|been|often|usually|due|"
                r"caused|causing|stemming|resulting|leading|known|called|especially|particularly)\b)")
_WORD_IN_ITEM = _NOT_IN_ITEM + r"[\w'’/()-]+"
_ITEM = rf"{_WORD_IN_ITEM}(?:\s+{_WORD_IN_ITEM}){{0,4}}?"
_LIST_SEP = re.compile(r"(?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+)(?:even\s+|also\s+|sometimes\s+)?",
                       re.IGNORECASE)
_LIST_GAP = re.compile(rf"(?:{_LIST_SEP.pattern})(?:{_ITEM}(?:{_LIST_SEP.pattern}))*", re.IGNORECASE)
_ITEMS_AFTER = re.compile(rf"(?:(?:{_LIST_SEP.pattern}){_ITEM}(?=\s*(?:[,.;:)]|and\b|or\b|$)))+", re.IGNORECASE)
_ITEM_BEFORE = re.compile(rf"{_ITEM}\s*,\s*$", re.IGNORECASE)
_LIST_REACH = 300  # characters around a mention that a list with it may span


def listed_with_condition(text: str, start: int, end: int, condition: str) -> bool:
    """Whether a mention at ``start``..``end`` of its sentence is an item of a list of three or more that
    names the article's condition as another item: "Secondary dysmenorrhea can be caused by endometriosis,
    adenomyosis, or fibroids" (in an article on endometriosis), "obesity, diabetes, and heart disease": the
    other items are its siblings, neither its causes nor its symptoms; so is the other of two examples
    ("Conditions such as endometriosis and pelvic inflammatory disease can lead to chronic pain"). The
    list's last item follows "and" or "or" ("due to shock or stress, low blood pressure can also occur"
    lists nothing with the condition)."""
    if not condition:
        return False
    # a list's items lie near one another: look for the condition only around the mention (a run-on
    # "sentence" of a bad page can be 100,000 characters long)
    near = re.compile(rf"\b{re.escape(condition)}(?:e?s)?\b", re.IGNORECASE)
    before = after = None  # the condition's nearest mentions on either side are the ones a list could join
    for c in near.finditer(text, max(0, start - _LIST_REACH), min(len(text), end + _LIST_REACH)):
        if c.end() <= start:
            before = c
        elif c.start() >= end:
            after = c
            break
    for c in filter(None, (before, after)):
        (a1, b1), (a2, b2) = sorted(((start, end), (c.start(), c.end())))
        gap = _LIST_GAP.fullmatch(text, b1, a2) if b1 <= a2 else None
        if not gap:
            continue
        seps = _LIST_SEP.findall(gap[0])
        items = 1 + len(seps)
        rest = _ITEMS_AFTER.match(text, b2, min(len(text), b2 + _LIST_REACH))
        if rest:
            more = _LIST_SEP.findall(rest[0])
            items, last = items + len(more), more[-1]
        else:
            last = seps[-1]
            items += bool(_ITEM_BEFORE.search(text, max(0, a1 - _LIST_REACH), a1))
        if re.search(r"\b(?:and|or)\b", last, re.IGNORECASE) and (
                items >= 3 or items == 2 and _EXAMPLES_OPEN.search(text, max(0, a1 - 40), a1)):
            return True
    return False


# what opens examples of a kind ("Conditions such as endometriosis and pelvic inflammatory disease"): two
# examples are siblings too
_EXAMPLES_OPEN = re.compile(r"\b(?:such as|like|including|include|includes)\s+(?:an?\s+|the\s+)?$", re.IGNORECASE)


# a clause that sets another condition beside the sentence's ("allergies may cause itchy eyes, while the
# common cold can lead to body aches and even fever"): its subject, up to its verb
_WHILE = re.compile(r",\s*(?:while|whereas)\s+(?P<subject>(?:[\w'’-]+\s+){1,5}?)(?:can|may|might|could|often|"
                    r"usually|typically|tends?|is|are|causes?|leads?|results?|involves?|presents?|has|have|do|"
                    r"does)\b[^.;:!?]*$", re.IGNORECASE)


def _names_condition_term(text: str) -> bool:
    """Whether a few words hold a condition term of the gazetteer or the lexicon ("the common cold",
    "strokes", "hemorrhoids"), as written or with their plurals folded."""
    words = text.lower().split()
    return any(term_spans(ws, condition_terms()) for ws in (words, [fold(w) for w in words]))


# what one practises is advice even as what a thing improves ("a chair that promotes good posture", "efforts
# to improve sleep hygiene")
PRACTICES = frozenset(("posture", "hygiene", "ergonomics", "technique", "techniques", "mechanics", "habits", "habit"))


def outcome(text: str, offset: int) -> bool:
    """Whether a mention at ``offset`` of ``text`` is what a treatment brings about ("yoga promotes
    relaxation"); an imperative verb ("Improve your sleep hygiene", "Tips: improve your posture") makes it
    advice."""
    verb = _OUTCOME.search(text, max(0, offset - 60), offset)
    return bool(verb) and not _OPENING.match(text[:verb.start()])


# what marks a condition, before a mention in its clause ("a condition characterized by inflammation")
_CHARACTERIZED = re.compile(r"\b(?:characteri[sz]ed|marked)\s+by\b", re.IGNORECASE)
# where what marks it ends: another clause ("..., it may be a symptom of a stone"), or a word that says
# what follows brings something about ("characterized by pain caused by strain", "... can result in")
_TRAIT_END = re.compile(r"[.;:!?]|,\W*(?:it|this|they|which|who|(?:\w+ly\s+)?(?:is|are|was|were|has|have|affects?|"
                        r"occurs?|develops?|making|makes))\b|\b(?:by|due to|because|from|if|when|while|during|after|"
                        r"unless|result of|results? in|resulting in|leads? to|leading to|causes?|causing|caused|can|"
                        r"may|might|could|will|attributed to|linked to|associated with|related to|triggered)\b",
                        re.IGNORECASE)
# a cue that opens its sentence (after a label at most) marks what its phrase names, up to the comma
_OPENING = re.compile(r"^[^.;:!?]*:\s*$|^\W*$")


def characterized(text: str, offset: int, head: str) -> str:
    """"own" when a mention at ``offset`` of ``text`` is what marks the article's condition (``head``: its
    folded head word, named before the cue: "Gout is characterized by joint pain"), "other" when it
    marks something else ("anemia, characterized by fatigue"), "" when no such cue stands before it in
    its clause or a word after the cue ends what marks it ("marked by pain caused by strain")."""
    before = text[max(0, offset - WINDOW):offset]
    cue = None
    for cue in _CHARACTERIZED.finditer(before):
        pass
    if cue is None or _TRAIT_END.search(before, cue.end()) or (
            "," in before[cue.end():] and _OPENING.match(before[:cue.start()])):
        return ""
    return "own" if head and head in folded_words(before[:cue.start()]) else "other"


# a denial before a pronoun subject: "it" is then not the condition the sentence names ("Alcohol doesn't
# cause kidney stones, but it can ...")
_DENIED = re.compile(r"\b(?:not|never|no)\b|n['’]t\b", re.IGNORECASE)
# a sentence's subject, up to its first modal verb (not a relative clause's: "foods that can worsen ...")
_FIRST_PREDICATE = re.compile(r"^([^.;:!?,]*?)\b(?:can|may|might|could|will|would|often)\b", re.IGNORECASE)
# the condition named as a cause of what follows ("Diabetes is a major cause of blindness, kidney failure,
# heart attacks", "it is the leading cause of ..."): what follows is what it brings about
_IS_A_CAUSE_OF = re.compile(r"\b(?:is|are|was|were|remains?)\s+(?:a|an|the|one of the)\s+(?:[\w-]+\s+){0,2}?"
                            r"causes?\s+of\s+", re.IGNORECASE)


def consequence(text: str, offset: int, head: str) -> bool:
    """Whether a cause mention at ``offset`` of its sentence ``text`` is something the article's condition
    (``head``: its folded head word) brings about: its clause's subject names the condition and its verb brings something about
    ("untreated type 2 diabetes can cause heart disease", "diarrhea may lead to dehydration"), or the
    condition is named a cause of it ("diabetes is a major cause of kidney failure"), or it is listed among
    complications that the sentence does not say cause something ("complications such as a
    cracked tooth can cause pain" name causes). The annotation guide's causes bring the condition on."""
    if not head:
        return False
    # the clause around the mention is all that counts, and a bounded window keeps a sentence of a hundred
    # thousand characters (a scraper's run-on text) linear in its mentions
    before = text[max(0, offset - WINDOW):offset]
    c = _COMPLICATIONS.search(before)
    if c:
        # not what a symptom may be a sign of ("could signal complications such as a hernia"), nor
        # complications said to cause something ("complications such as a cracked tooth can cause pain")
        return not (_SIGN_OF.search(before, max(0, c.start() - 30), c.start()) or _CAUSE_AGAIN.search(before, c.end())
                    or _BRINGS_ON.search(text[offset:offset + WINDOW]))
    for m in _IS_A_CAUSE_OF.finditer(before):
        if not (_CLAUSE_END.search(before, m.end()) or _CAUSE_AGAIN.search(before, m.end())) \
                and len(before) - m.end() <= 100:
            subject = before[:m.start()]
            cl = _CLAUSE_START.match(subject)
            words = [fold(w) for w in HEAD_WORD.findall((subject[cl.end():] if cl else subject).lower())]
            # "..., and it is a major cause of": the pronoun stands for the condition the sentence names
            return head in words or words[-1:] == ["it"] and head in {fold(w) for w in HEAD_WORD.findall(
                subject.lower())}
    for m in _LEADS_TO.finditer(before):
        verb = m.group(0).lower()
        if _CAUSE_AGAIN.search(before, m.end()) or len(before) - m.end() > 100:
            continue
        words = HEAD_WORD.findall(before[:m.start()].lower())
        if verb.startswith(("cause", "trigger")) and (
                words and words[-1] in _NOUN_BEFORE or _NOUN_AFTER.match(before, m.end()) or "," in before[m.end():]):
            continue  # a noun: "a non-infectious cause like allergies", "migraine triggers can be personal, foods"
        if verb.startswith(("causing", "leading", "resulting")):
            if words[-1:] == ["by"]:
                continue  # a means of something else's: "stress contributes to kidney stones by causing ..."
            subject_words = words[-3:]  # a participle's subject stands right before it ("bacteria causing")
            if before[:m.start()].rstrip().endswith(",") and (first := _FIRST_PREDICATE.match(before)) \
                    and not RELATIVE.intersection(HEAD_WORD.findall(first.group(1).lower())):
                # or after a comma, the sentence's ("Endometriosis can impact mental health, leading to anxiety")
                subject_words = subject_words + HEAD_WORD.findall(first.group(1).lower())
        else:
            subject = before[:m.start()]
            cl = _CLAUSE_START.match(subject)
            subject_words = HEAD_WORD.findall((subject[cl.end():] if cl else subject).lower())
            if cl and not subject_words and re.search(r"(?:,|\band|\bor)\s*$", cl.group(0)) \
                    and (first := _FIRST_PREDICATE.match(subject)) \
                    and not RELATIVE.intersection(HEAD_WORD.findall(first.group(1).lower())):
                # the last of a row of verbs ("high blood pressure can strain your heart, damage blood vessels,
                # and increase the risk of heart disease"): the row's subject is the sentence's
                subject_words = HEAD_WORD.findall(first.group(1).lower())
            elif subject_words[:1] == ["it"] and len(subject_words) <= 3 and not _DENIED.search(subject):
                # "When gout affects the ankle, it causes ... inflammation": the pronoun ("it", "it can") stands
                # for the condition the sentence names before it; not after a denial ("Alcohol doesn't cause
                # kidney stones, but it can lead to dehydration": it is the alcohol)
                subject_words = HEAD_WORD.findall(subject.lower())
        return head in {fold(w) for w in subject_words}
    return False


# what follows a mention that names it a complication ("Kidney disease is a common complication of
# diabetes", "pelvic inflammatory disease, a serious complication of untreated chlamydia", "Neuropathy, or
# nerve damage, is another common complication of diabetes"), with the words of what it complicates
_COMPLICATION_OF = re.compile(r"^[^.;:!?]{0,40}?(?:,|\b(?:is|are|was|were|be|becomes?))\s+(?:(?:often|also|usually|"
                              r"sometimes|considered|a|an|the|one|another|of|most)\s+)*(?:[\w'’-]+\s+){0,3}?"
                              r"complications?\s+(?:of|from)\s+(?P<what>(?:[\w'’-]+\s*){1,5})", re.IGNORECASE)


# what follows a mention that is the subject of a sentence naming it a kind of something ("Telogen
# effluvium is a type of sudden hair loss", "Osteoarthritis (OA) is the most common form of arthritis"),
# with the words of what it is a kind of
_A_KIND_OF = (r"(?:(?:also|often|usually|considered|a|an|the|one|another|of|most|more)\s+)*(?:[\w'’-]+\s+){0,2}?"
              r"(?:types?|kinds?|forms?|subtypes?)\s+of\s+")  # "is [the most common] type of", "a mild form of"
_KIND_OF = re.compile(r"^\s*(?:\([^)]{1,20}\)\s*)?(?:is|are)\s+" + _A_KIND_OF + r"(?P<what>(?:[\w'’-]+\s*){1,5})",
                      re.IGNORECASE)


# what stands before a mention that names it the genus the condition is a kind of ("Gingivitis, a mild form
# of gum disease", "Gout is a type of arthritis" in an article on gout): the subject before it
_GENUS_OF = re.compile(r"^(?P<subject>[^.;:!?,]{1,60}?)(?:\([^)]{1,20}\)\s*)?(?:,|\b(?:is|are))\s+" + _A_KIND_OF + "$",
                       re.IGNORECASE)


def genus_of(before: str, head: str) -> bool:
    """Whether the text before a cause mention (``before``, from the start of its sentence) names the
    article's condition (by its folded head word) a kind of the mention: the mention is what the condition
    is, not a cause of it."""
    m = _GENUS_OF.match(before[-WINDOW:].lstrip())
    return m is not None and bool(head) and head in {fold(w) for w in HEAD_WORD.findall(m["subject"].lower())}


def complication_of(after: str, condition_words: set[str]) -> bool:
    """Whether the text right after a mention names it a complication of the article's condition, a
    consequence of the condition, or, as the sentence's subject, a kind of it ("Telogen effluvium is a
    type of sudden hair loss"): no cause of it either way (the other way round, "Pneumonia can be a
    complication of the flu" in an article on pneumonia, the flu is a cause)."""
    m = _COMPLICATION_OF.match(after[:WINDOW]) or _KIND_OF.match(after[:WINDOW])
    return m is not None and bool(condition_words) and bool(condition_words & folded_words(m["what"]))


# a complaint and the activity it comes with, just before an exercise mention ("sharp pain in the knee while
# walking", "can worsen after running"): the activity is when it hurts, not an exercise advised
WHEN_DOING = re.compile(r"\b(?:pain|pains|painful|ache|aches|aching|discomfort|soreness|sore|hurts?|worse|worsens?|"
                        r"worsening|cramps?|cramping|stiffness)\b[^.;:!?]{0,40}\b(?:when|while|during|after)\s+"
                        r"(?:\w+\s+)?$", re.IGNORECASE)
# everyday activities, or activities a complaint hinders, before the examples that follow them
DAILY = re.compile(r"\b(?:daily|everyday|day-to-day|simple|routine|normal|ordinary|basic)\s+(?:activities|tasks|"
                   r"movements|motions)\b[^.;:!?]{0,30}\b(?:like|such as|including|from|e\.g\.,?)\s+[^.;:!?]*$|"
                   r"\b(?:interfer\w*|imped\w*|difficult\w*|hard|harder|trouble|struggl\w*|unable|inability|limits?|"
                   r"limiting|painful)\b[^.;:!?]{0,25}\b(?:activit(?:y|ies)|tasks|movements)\s+(?:like|such as|"
                   r"including)\s+[^.;:!?]*$", re.IGNORECASE)
# a list of side effects before a mention, in its clause ("side effects such as fatigue, nausea and ...")
SIDE_EFFECTS = re.compile(r"\b(?:side[- ]effects?|adverse (?:reactions?|effects?|events?))\b[^.;]{0,60}?"
                          r"(?:such as|like|include|includes|including|:|are|were|may be)\s[^.;]*$", re.IGNORECASE)
# a list of the harms something brings ("risks like skin damage and bone loss", "health risks such as
# obesity"), not risk factors ("risk factors like obesity")
RISKS = re.compile(r"\brisks\s+(?:like|such as|including)\s[^.;:]*$", re.IGNORECASE)
# how far before (and after) a mention the sentence-level rules read: a clause, never a whole run-on text
WINDOW = 300
_AFTER_CONDITION = re.compile(r"\b([a-z'-]+),?\s+(?:(?:especially|particularly|usually|often|mainly|mostly|typically|"
                              r"even|only)\s+)?(?:from|after|following|(?:caused|induced|triggered) by)\s+"
                              r"(?:(?:the|a|an|your|my|taking|using|eating|drinking|certain|some)\s+)?"
                              r"(?:(?![a-z-]*(?:ing|s)\s|(?:to|and|or|is|are|was|can|may|will|that|which|with|for|"
                              r"of|in|on|at|by|as|when|while|if)\s)[a-z-]+\s+){0,2}$", re.IGNORECASE)


_INDUCED = re.compile(r"^[-‐ ](?:related|induced|associated|triggered)\s+([a-z'-]+)", re.IGNORECASE)


# a mention that is the subject of a verb of causing whose object is the condition ("physical activity
# triggers asthma symptoms", "Dairy can trigger a gout flare"): what it brings on is the condition
_TRIGGERS = re.compile(r"^(?:\s+(?:(?:immediately|right|too|late)\s+)?(?:after|before|during|in|on|with|without|"
                       r"at)(?:\s+[\w'-]+){1,5}?)?\s+"
                       r"(?:(?:can|may|might|often|commonly|frequently|sometimes|also)\s+){0,2}"
                       r"(?:triggers?|triggered|causes?|caused|induces?|induced|leads?\s+to|brings?\s+on)\s+"
                       r"(?:(?:an?|the|your|their|some|severe|sudden)\s+)?((?:[a-z'-]+\s+){0,2}[a-z'-]+)", re.IGNORECASE)


def induces(after: str, head: str, first: str, lx: Lexical) -> bool:
    """Whether the text right after a mention makes it what brings the condition on ("amoxicillin-induced
    rash", "aspirin-induced asthma", "physical activity triggers asthma symptoms", "taking supplements
    immediately after a fasting period can lead to diarrhea"; ``head``: the
    condition's folded head word), unless the mention opens with a verb (``first``, or its lemma:
    "reduces stress-related bloating", "managing stress-related")."""
    if not head:
        return False
    m = _INDUCED.match(after[:40])
    if m is not None:
        found = fold(m.group(1).lower()) == head
    else:
        m = _TRIGGERS.match(after[:80])
        found = m is not None and head in {fold(w) for w in m.group(1).lower().split()}
    return found and not verb_or_form(first, lx)


# a temperature named as what one is exposed to, not applied: after a word of trapping, excess or exposure,
# or beside moisture and the like ("trap heat and moisture", "excessive heat", "heat exposure", "exposure to
# extreme heat"); "heat and cold therapy" is applied
TEMPERATURES = frozenset(("heat", "cold", "warmth"))
_EXPOSED_BEFORE = re.compile(r"\b(?:trap(?:s|ping|ped)?|excess(?:ive)?|extreme|exposure to|exposed to|"
                             r"triggered by|caused by)\s+(?:the\s+)?$", re.IGNORECASE)
_EXPOSED_AFTER = re.compile(r"(?:\s*(?:,|and|or)\s*(?:and\s+)?(?:moisture|humidity|sweat|sweating|friction|wind|"
                            r"sunlight)\b)|[\s-]+exposure\b", re.IGNORECASE)


def exposure(text: str, start: int, end: int) -> bool:
    """Whether a temperature mention at ``start``:``end`` of ``text`` names an exposure."""
    return bool(_EXPOSED_BEFORE.search(text, max(0, start - 40), start) or _EXPOSED_AFTER.match(text, end))


# what a mention is said to be brought about by, right after it ("depression triggered by an anxiety
# disorder", "headaches caused by sinusitis")
_CAUSED_BY = re.compile(r"^\W{0,3}(?:(?:can|may|might|could|is|are|was|were|be|been|become|becomes|often|sometimes|"
                        r"usually|also|commonly|frequently)\s+){0,3}(?:caused|triggered|brought\s+on|induced)\s+by\s+"
                        r"(?:(?:an?|the|your|their)\s+)?(?P<what>(?:[\w'’-]+[ \t]*){1,4})", re.IGNORECASE)


def caused_by_condition(after: str, head: str) -> bool:
    """Whether the text right after a cause mention says the article's condition (``head``, its folded head
    word) brings it about ("Depression can become triggered by an anxiety disorder" in an article on
    anxiety): a consequence, not a cause."""
    m = _CAUSED_BY.match(after[:WINDOW]) if head else None
    return m is not None and head in {fold(w) for w in HEAD_WORD.findall(m["what"].lower())}


def brought_on_by(text: str, offset: int, head: str) -> bool:
    """Whether the text before a mention at ``offset`` ends in the condition's head word (``head``, folded)
    and "from", "after" or "caused by" ("a rash from", "bloating after", "constipation caused by")."""
    m = _AFTER_CONDITION.search(text[max(0, offset - WINDOW):offset]) if head else None
    return m is not None and fold(m.group(1)) == head


_ACRONYM_IN_PARENS = re.compile(r"\(\s*[A-Z0-9]{2,8}s?\s*\)")


def concept(typ: str, surface: str, model: Tagger | None, condition: str = "") -> str:
    """The concept of a mention no rule linked: a lexicon surface of its type, else the annotations' alias;
    else that of the mention without its words of degree ("severe chest pain" is chest pain, "gentle
    stretches" stretching) when those name one other than the article's condition (a quality of its pain,
    "severe back pain", is a symptom of its own)."""
    found = _concept(typ, surface, model, condition)
    if not found and _ACRONYM_IN_PARENS.search(surface):
        # an acronym the text gives in parentheses is no part of the name ("over-the-counter (OTC) medications")
        found = _concept(typ, _ACRONYM_IN_PARENS.sub(" ", surface), model, condition)
    return found


def _concept(typ: str, surface: str, model: Tagger | None, condition: str) -> str:
    norm = normalize_key(surface)
    found = _known_concept(typ, norm, model)
    if found:
        return found
    words = norm.split()
    if len(words) > 1:
        # advice as a gerund is the advice as an imperative and the other way round ("drinking plenty of
        # water" is "drink plenty of water", "quit smoking" "quitting smoking")
        base, ing = gerunds(), ing_forms()
        for k, w in enumerate(words):
            for other in ((base[w],) if w in base else ing.get(w, ())):
                found = _known_concept(typ, " ".join(sorted([*words[:k], other, *words[k + 1:]])), model)
                if found:
                    return found if found != condition else ""
    rest = [w for w in words if w not in DEGREE]
    found = _known_concept(typ, " ".join(rest), model) if rest and len(rest) < len(words) \
        and " ".join(rest) not in _GENERIC_HEADS else ""
    return found if found != condition else ""


# the keys of the generic heads ("disorder", "illness", "problem"...): what is left of "eating disorder" or
# "severe illness" without its other words names no concept
_GENERIC_HEADS = frozenset(("disease", "difficulty"))


def _known_concept(typ: str, norm: str, model: Tagger | None) -> str:
    key = (typ, norm)
    return surface_concepts().get(key) or (model.aliases.get(key, "") if model is not None else "")


# words that say how much, how often or how suddenly, not what: a concept stays the same without them
# (unlike ``ontology.DEGREE``, not words of manner: "sharp pain" and "dull ache" are concepts of their own);
DEGREE = frozenset(("severe", "serious", "intense", "sudden", "mild", "moderate", "progressive", "significant",
                    "unexplained", "constant", "frequent", "occasional", "gentle", "regular", "daily", "proper",
                    "persistent", "extreme", "slight", "noticeable", "excessive", "minor", "major", "increased",
                    "gradual", "unusual", "heavy",
                    # and the consuming of a thing is that thing ("drinking alcohol", "alcohol consumption")
                    "drinking", "eating", "consuming", "consumption", "intake"))


_QUANTITY = frozenset(("certain", "some", "many", "most", "other", "several", "these", "those", "such", "all",
                       "various", "the", "both"))
# a verb of bringing something on, right after the label's thing in the text it labels ("Some medications
# may cause lymph node swelling", "Certain medications can exacerbate magnesium loss")
_LABEL_CAUSES = re.compile(r"(?:\s+(?:and|or)\s+[\w'’-]+)?\s+(?:(?:can|may|might|could|often|also|commonly|"
                           r"sometimes|frequently)\s+){1,2}(?:cause|trigger|lead to|contribute|increase|raise|"
                           r"worsen|exacerbate|affect|interfere|induce|impair|have side effects)\b", re.IGNORECASE)


def labels_consequence(surface: str, text: str, start: int, head: str) -> bool:
    """Whether the text after a label (from ``start`` of the sentence ``text``) names the label's item
    (``surface``, by its words in order) as something the condition (``head``) leads to."""
    words = HEAD_WORD.findall(surface.lower())
    if not words or not head:
        return False
    m = re.compile(r"\b" + r"\W+".join(map(re.escape, words)) + r"\b", re.IGNORECASE).search(text, start)
    return m is not None and consequence(text, m.start(), head)


def label_causes(m: Mention, label: str, body: str, lx: Lexical) -> bool:
    """Whether the text a label opens (``body``) says the label's item ``m`` ("Medications") brings
    something on: its head word there, as the label names it (after a word of quantity or of the label:
    "Certain medications", "Certain diabetes medications"; not "Skipping meals" under "Regular Meals"), then
    a verb of causing. Not under a label that opens with a verb ("Manage Stress: Stress can ..." advises)."""
    label_words = HEAD_WORD.findall(label.lower())
    words = HEAD_WORD.findall(m.surface.lower())
    if not words or not label_words or verb_sense(lx.fold(label_words[0]), lx) \
            or verb_sense(lemma_table()(label_words[0]), lx):
        return False
    head, body = fold(words[-1]), body[:WINDOW].lower()
    for w in HEAD_WORD.finditer(body):
        if fold(w.group(0)) != head or not _LABEL_CAUSES.match(body, w.end()):
            continue
        before = HEAD_WORD.findall(body[:w.start()])[-1:]
        if not before or before[0] in _QUANTITY or before[0] in label_words:
            return True
    return False


RELATIVE = frozenset(("that", "which", "who"))
