"""Contraindicated and negated mentions: ConText-style triggers and the scope each reaches (forward,
backward, a relative pronoun's noun phrase), and what limits them (a manner or timing of the item, a
condition clause, a pseudo-trigger)."""

from __future__ import annotations

from ...records import Mention
from ...resources.loader import ExtractRules
from ..tagger import STOP, Lexical
from .base import Extractor, Tokens
from .words import AUXILIARIES, OBJECTS, WRONGLY, mostly_noun, noun_share, phrasal, verb
from .candidates import CONTRAINDICATED, bounds, clause
from .context import RELATIVE
from .combine import PEOPLE


# verbs that tell the reader to be rid of something, and the words that may stand between one and its object
# ("lower" is more often the adjective: "Lower back pain")
_ABATE = frozenset("""quit quitting stop stopping lose losing reduce reducing manage managing limit limiting control
controlling cut cutting lowering minimize minimizing minimise minimising eliminate eliminating decrease
decreasing""".split())
_ABATE_GAP = frozenset("any your the some down back on".split())
# what may stand before such a verb that opens advice: nothing, a label's colon, a bullet
_ABATE_OPENS = frozenset((":", "•", "-", "–"))


def abated(lowers: list[str], start: int) -> int | None:
    """The index of a verb of riddance that opens the clause right before a complaint at ``start``
    ("Quitting smoking", "Tips: Losing any excess weight"), or None; "can help reduce inflammation", "relief
    by reducing inflammation" say what a treatment does, not advice, and stay the complaint they name."""
    k = start - 1
    while k >= 0 and start - k <= 2 and lowers[k] in _ABATE_GAP:
        k -= 1
    if k >= 0 and lowers[k] in _ABATE and (k == 0 or lowers[k - 1] in _ABATE_OPENS):
        return k
    return None


def flag_mentions(tdoc: Tokens, mentions: list, ex: Extractor, lx: Lexical, prev: list[Mention]) -> None:
    """ConText: each trigger flags the mentions of its types inside its scope; triggers inside a mention or
    inside one of their pseudo-triggers ("do not help", "don't improve") are ignored."""
    rules, lowers = ex.rules, tdoc.lowers
    matches = tdoc.matches["triggers"]
    if not matches or lowers and lowers[-1] == "?":
        return  # no trigger; or a question, which advises nothing ("How to Stop Braces Pain?")
    named = {k for a, b, _ in mentions for k in range(a, b)}  # the tokens the mentions hold
    for match_id, start, end in matches:
        trig = next(t for t in rules.triggers if t.id == tdoc.vocab.strings[match_id])
        # a trigger inside a mention is part of its name ("stop-smoking programs"), unless it opens the
        # mention as advice to avoid ("avoiding certain medications or supplements": the supplements too)
        if (any(a <= start and end <= b and not (a == start and trig.direction == "forward"
                                                  and lowers[a] in rules.never_flagged and lowers[end:end + 1] != ["-"])
                for a, b, _ in mentions)
                or _pseudo(lowers, start, end, ex.pseudo[trig.id])
                or any(a <= start and end <= b and b - a > end - start for _, a, b in matches)):
            continue  # inside a mention, a pseudo-trigger or a longer trigger ("should not" in "should not be used")
        if trig.direction == "forward" and trig.flag == CONTRAINDICATED and (
                _described(lowers, start) or start and _subject(lowers[start - 1], lx)
                or _pronoun_clause(lowers, start, rules.terminators) or _in_condition(lowers, start, rules)):
            # "those who don't eat fish", "bodies may stop making insulin": what is, not advice; "when you
            # don't get enough sleep", "if self-care does not help": a condition, not advice
            continue
        if trig.direction == "backward" and start > 0 and lowers[start - 1] in _NEGATIONS:
            continue  # "enjoy these foods without aggravating symptoms", "walking does not worsen it"
        if trig.direction == "previous_sentence":
            # "But this may not be the best idea" speaks of what came before; "If stimulants do not work, ..."
            # sets a condition
            if (lowers[0] in ("but", "however") or start <= 3) and not _in_condition(lowers, start, rules):
                for m in prev:
                    if m.type in trig.applies_to and not m.flag and may_flag(m, trig.flag, rules):
                        m.flag = trig.flag
            continue
        if trig.direction == "forward":
            lo, hi = end, _forward_end(lowers, start, end, rules, lx) + 1
            if trig.window:
                hi = min(hi, end + trig.window)
        else:
            lo = clause(tdoc, start, -1, rules.terminators | rules.flag_stops)
            if lo > 0 and lowers[lo - 1] in _SUBORDINATORS and "," in lowers[lo:start]:
                # "although surgery is simple, the recovery can be uncomfortable": the main clause's subject
                lo = lowers.index(",", lo) + 1
            for k in range(start - 1, lo, -1):
                if lowers[k] == "since" or lowers[k] == "as" and lowers[k - 1] not in _AS_PHRASE \
                        and lowers[k + 1] not in _AS_PHRASE or lowers[k] in _WH_CLAUSE:
                    # "quitting is crucial as smoking worsens it", "statements about how tinnitus aggravates
                    # migraines": the subject of the reason or of the indirect question
                    lo = k + 1
                    break
            lead = lo + 1 if lowers[lo] == "even" else lo
            comma = lowers.index(",", lead) if "," in lowers[lead:start] else -1
            if lowers[lead] in _LEADING_PREPOSITIONS and comma > 0 and lowers[comma + 1] not in RELATIVE:
                # "even with proper technique, lifting heavy objects can strain the neck": the subject
                # follows the opening phrase (not in "before using heat, which can worsen it")
                lo = comma + 1
            lo, hi = _backward_scope(lowers, lo, start, lx, rules.never_flagged, named)
        for a, b, m in mentions:
            if lo <= a and b <= hi and m.type in trig.applies_to and not m.flag and may_flag(m, trig.flag, rules) \
                    and not (trig.flag == CONTRAINDICATED and _deficient(lowers, a)) \
                    and not (trig.direction == "forward" and trig.flag == CONTRAINDICATED
                             and (_manner_follows(lowers, b) or _changed(lowers, a))) \
                    and not (trig.direction == "backward" and trig.flag == CONTRAINDICATED
                             and (_manner_follows(lowers, end) or _wanting(lowers, b))) \
                    and not (trig.direction == "backward" and _modifier(lowers, b, hi, lx)):
                m.flag = trig.flag


# what follows an item advised against can say that only a manner or a timing of it is: "do not apply ice
# directly to the skin", "avoid applying heat too soon", "don't use it for more than 20 minutes", "avoid
# taking your medication within hours of eating fiber", "do not take it with alcohol" advise the item. Not
# an amount: "avoid eating too much sugar" advises against the sugar
# "do not take ibuprofen with alcohol", "should not be taken with other blood thinners", "on an empty stomach":
# what it is combined with, or when, is advised against, not the item
_COMBINED = frozenset(("alcohol", "other", "another", "additional", "certain", "food", "meals", "grapefruit"))
_TOO = frozenset(("soon", "early", "often", "frequently", "long", "hot", "cold", "hard", "quickly", "close", "tightly"))


# a prepositional phrase that opens a clause before its subject ("in some cases, ...")
_LEADING_PREPOSITIONS = frozenset(("with", "without", "for", "in", "on", "during", "after", "before", "despite",
                                   "unlike", "regardless", "besides"))


def _modifier(lowers: list[str], b: int, hi: int, lx: Lexical) -> bool:
    """Whether the mention ending at token ``b`` modifies a noun after it inside a backward scope ("less
    anti-inflammatory protection, which can worsen it", "lifestyle-related factors can exacerbate it"): the
    noun does the harm. A gerund's object is not such a noun ("running marathons can worsen it")."""
    if b >= hi or lowers[b - 1].endswith("ing"):
        return False
    nxt = lowers[b]
    if nxt in ("-", "‐"):
        return True
    return nxt.isalpha() and nxt not in STOP and bool(lx.senses(lx.fold(nxt))) and mostly_noun(nxt, lx)


# a change of something is what is avoided, not the thing: "avoid sudden increases in running intensity"
_CHANGES = frozenset(("increase", "increases", "change", "changes", "spike", "spikes", "jump", "jumps"))


# what is wrong about an item: the item itself is not what harms ("improper rest can worsen it", "avoid
# inadequate sleep" advise the rest and the sleep)
_DEFICIENT = WRONGLY | frozenset(("inadequate", "insufficient", "lack", "lacking"))


def _deficient(lowers: list[str], a: int) -> bool:
    """Whether the item starting at token ``a`` is named as lacking or done wrong."""
    return a >= 1 and lowers[a - 1] in _DEFICIENT or a >= 2 and (
        lowers[a - 1] == "of" and lowers[a - 2] in _DEFICIENT or lowers[a - 2:a] in (["too", "little"],
                                                                                    ["not", "enough"]))


# what an item can fail to do for the body: "shoes that do not fit", "a mattress that doesn't support you"
_SUITS = frozenset("fit fits support supports provide provides offer offers suit suits".split())
_WRONG = _DEFICIENT | frozenset(("too", "poorly", "ill", "improperly"))


def _wanting(lowers: list[str], b: int) -> bool:
    """Whether a relative clause after the item ending at token ``b`` says what it lacks or how it is wrong
    ("shoes that do not fit properly can exacerbate pain", "exercises that are too strenuous"): that is
    what harms, not the item. Not any negation: "medications that don't need a prescription can worsen
    ulcers" names the medications that harm."""
    if b >= len(lowers) or lowers[b] not in RELATIVE:
        return False
    words = lowers[b + 1:b + 4]
    return any(w in _WRONG for w in words) or any(w in _LACKING for w in words) and any(w in _SUITS for w in words)


def _changed(lowers: list[str], a: int) -> bool:
    """Whether the item starting at token ``a`` is what a change is of ("increases in running")."""
    return a >= 2 and lowers[a - 1] in ("in", "of") and lowers[a - 2] in _CHANGES


def _manner_follows(lowers: list[str], b: int) -> bool:
    """Whether a manner or a timing qualifies the item ending at token ``b``."""
    nxt = lowers[b:b + 3]
    return bool(nxt) and (nxt[0] in ("directly", "within") or nxt[0] == "too" and nxt[1:2] and nxt[1] in _TOO
                          or nxt in (["for", "more", "than"], ["for", "longer", "than"], ["for", "too", "long"],
                                     ["on", "an", "empty"])
                          or nxt[0] == "with" and nxt[1:2] and nxt[1] in _COMBINED)


def may_flag(m: Mention, flag: str, rules: ExtractRules) -> bool:
    """"avoiding activities that exacerbate the injury" is advice: a mention led by an avoidance word is
    never contraindicated."""
    return flag != CONTRAINDICATED or m.surface.split(" ", 1)[0].lower() not in rules.never_flagged


_MODALS = frozenset(("can", "could", "may", "might", "will", "would"))
_TIMES = frozenset(("after", "before", "during", "following"))
# a wh-word opens a clause of its own: an indirect question's subject is after it ("when" and "where" end
# a scope already, as flag stops; "what" can be the subject itself: "what foods worsen it")
_WH_CLAUSE = frozenset(("how", "why", "whether"))
# "as" in these phrases does not open a reason ("such as", "as well as", "as much as")
_AS_PHRASE = frozenset(("such", "well", "as", "so", "just", "much", "many", "long", "soon", "far", "same"))
# a clause these open ends at its comma, and the main clause follows
_SUBORDINATORS = frozenset(("although", "though", "while", "whereas", "when", "whenever", "if", "unless",
                            "because", "since", "despite", "where"))
# before a backward trigger, these deny the harm ("without aggravating", "does not worsen")
_NEGATIONS = frozenset(("not", "never", "without", "n't", "n’t", "doesn't", "doesn’t", "don't", "don’t", "won't",
                        "won’t", "cannot", "can't", "can’t"))
# what negates a relative clause inside a forward scope: "avoid shoes that do not provide arch support"
# advises the support
_LACKING = frozenset(("not", "n't", "n’t", "never", "lack", "lacks", "lacking", "without", "fail", "fails",
                      "don't", "don’t", "doesn't", "doesn’t"))
# before a forward trigger, these make it a description ("people who don't exercise") or a habit of a
# subject ("people with the phobia avoid bridges" is not caught: a noun subject needs a parser)
_DESCRIBED = frozenset(("who", "who've", "who’ve", "whom", "that", "which", "people", "they", "many", "some",
                        "usually", "often", "generally", "typically", "sometimes", "rarely", "doctors",
                        "may", "might", "will", "would", "could", "can", "help", "helps", "helping",
                        "potentially", "possibly", "thereby", "thus", "hence", "ultimately",
                        "not", "n't", "n’t", "cannot"))
_WH = frozenset(("when", "how", "what", "whether", "where", "why"))


def _described(lowers: list[str], start: int) -> bool:
    """Whether a forward trigger at ``start`` describes rather than instructs: after a relative pronoun, a
    subject such as "people", a habit adverb or a modal ("may stop making"), an outcome ("food choices can
    help you avoid medications", "potentially avoiding surgery"), a negation ("you can't avoid all
    triggers") or "when to" (an indirect question)."""
    before = lowers[max(0, start - 2):start]
    if before and before[-1] in _DESCRIBED:
        return True
    for w in reversed(lowers[max(0, start - 6):start]):  # "people with this phobia avoid bridges"
        if w in PEOPLE:
            return True
        if w in (",", ":", ";", ".", "and", "or", "to", "should", "must"):
            break
    if len(before) == 2 and before[1] == "you" and before[0] in ("help", "helps", "helping"):
        return True
    return len(before) == 2 and before[1] == "to" and before[0] in _WH


_SUBJECTS = frozenset(("they", "it", "he", "she", "we", "these", "this", "those", "both"))
# an excess someone has is a state, not a habit to avoid ("when your body has too much insulin")
_HAVING = frozenset(("has", "have", "had", "having", "produces", "produce", "producing", "contains", "contain"))


def _pronoun_clause(lowers: list[str], start: int, terminators: frozenset[str]) -> bool:
    """Whether a forward trigger continues a clause a third-person pronoun leads ("they are painless and do
    not change with activity"), or follows a verb of having ("the body has too much insulin")."""
    if start and lowers[start - 1] in _HAVING:
        return True
    if not start or lowers[start - 1] != "and":
        return False
    k = start - 2
    while k >= 0 and lowers[k] != "," and not bounds(lowers, k, terminators):
        k -= 1
    return k + 1 < start - 1 and lowers[k + 1] in _SUBJECTS


def _subject(word: str, lx: Lexical) -> bool:
    """Whether a word before a forward trigger is a plural noun, its subject ("ensure the supplements do not
    interfere with medications", "smokers avoid doctors"): an instruction has none."""
    if len(word) < 5 or not word.endswith("s") or word.endswith("ss") or word in STOP:
        return False
    senses = lx.senses(word[:-1])
    return bool(senses) and noun_share(senses) >= 0.5


# leaving something out: what follows is not what does harm ("delaying vaccinations can do more harm")
_OMISSION = frozenset("delaying delay missing ignoring neglecting postponing forgetting skipping".split())
# before "to avoid", these make it an instruction ("it is important to avoid running, lifting"); any other
# word makes it a purpose, whose scope ends at its comma ("practise safe sex to avoid infections, manage stress")
_NEED = frozenset("important best essential crucial necessary vital try trying need needs want wise advisable "
                  "recommended better sure careful helpful good able how".split())
# a forward trigger whose object is one of these reaches no further ("follow the steps to stop it, then ...")
_PRONOUNS = frozenset(("it", "them", "this", "these", "those"))
_CLAUSE_SUBJECTS = frozenset(("you", "they", "we", "he", "she", "i", "it"))
# what may stand between a relative pronoun and its verb: "which can often worsen"
_BETWEEN = frozenset("can could may might will would often usually also further sometimes only even really "
                     "tend tends to".split())


def _backward_scope(lowers: list[str], lo: int, start: int, lx: Lexical,
                    avoiding: frozenset[str] = frozenset(), named: set[int] = frozenset()) -> tuple[int, int]:
    """What a backward trigger ("X can worsen it") reaches: its clause before it, or, when a relative
    pronoun leads to it ("ease stress, which can worsen pain"; "poses that aggravate it"), only the noun
    phrase the pronoun stands for: back from the pronoun (and its comma) to the nearest verb, comma or
    avoidance word ("resting and avoiding activities that worsen it": the activities)."""
    rel = start - 1
    while rel >= lo and lowers[rel] in _BETWEEN:
        rel -= 1
    if rel >= lo and lowers[rel] in ("and", "or"):
        # a verb coordinated inside a relative clause shares its pronoun ("sunscreen protects skin from UV
        # damage, which can irritate acne and worsen itching": the damage worsens it, not the sunscreen)
        k = rel - 1
        while k >= lo and lowers[k] not in RELATIVE and lowers[k] != ",":
            k -= 1
        if k >= lo and lowers[k] in RELATIVE:
            rel = k
    if rel < lo or lowers[rel] not in RELATIVE:  # the pronoun must lead straight to the trigger
        # the trigger's subject: up to the clause's first verb ("supplements may interact with medications
        # or exacerbate it": the supplements) or omission ("delaying vaccinations can do harm": not them)
        # (a word of a mention is a noun there: "massage and yoga can worsen it"; a relative clause belongs to
        # the subject: "foods that are acidic, such as citrus fruits, can irritate the throat")
        k = lo
        while k < start:
            if lowers[k] in avoiding or lowers[k] in _OMISSION:
                break
            if (verb(lowers[k], lx) or k > lo and lowers[k - 1] in _MODALS and lowers[k].isalpha()) and (
                    k not in named or k > 0 and lowers[k - 1] in _VERB_BEFORE):
                comma = lowers.index(",", k) if "," in lowers[k:start] else start
                if k > lo and lowers[k - 1] in RELATIVE and comma + 1 < start and not verb(lowers[comma + 1], lx):
                    k = comma
                else:
                    break
            k += 1
        # a time phrase in the subject is not what does harm ("dealing with headaches after Botox can be ...")
        hi = next((t for t in range(lo, k) if lowers[t] in _TIMES and t not in named), k)
        return lo, hi
    end = rel - 1 if rel - 1 >= lo and lowers[rel - 1] == "," else rel
    k = end - 1
    while k >= lo and lowers[k] != "," and lowers[k] not in avoiding and not verb(lowers[k], lx) and not (
            lowers[k].endswith("ing") and len(lowers[k]) > 4 and k not in named):
        # (a gerund is the verb of the phrase: "promoting relaxation and mitigating stress responses that
        # can worsen reflux" reaches the stress responses only)
        k -= 1
    return k + 1, end


def _pseudo(lowers: list[str], start: int, end: int, pseudo: tuple[tuple[str, ...], ...]) -> bool:
    """Whether a pseudo-trigger phrase covers the trigger at [start, end)."""
    for words in pseudo:
        n = len(words)
        for a in range(max(0, end - n), start + 1):
            if tuple(lowers[a:a + n]) == words:
                return True
    return False


def _in_condition(lowers: list[str], start: int, rules: ExtractRules) -> bool:
    """Whether the token at ``start`` is inside a condition or reason of its clause ("when you don't get
    enough sleep"; not "if it hurts, avoid running", whose trigger follows the condition's comma), also as
    the second verb of one ("if they have HIV but don't take their medication")."""
    k = start - 1
    if k > 0 and lowers[k] in ("but", "and", "or"):
        k -= 1
    while k >= max(0, start - 40) and not bounds(lowers, k, rules.terminators) and lowers[k] != ",":
        if lowers[k] in rules.flag_stops:
            return True
        k -= 1
    return False


def _forward_end(lowers: list[str], start: int, end: int, rules: ExtractRules, lx: Lexical) -> int:
    """The last token a forward trigger's scope reaches: the clause end, or earlier: at the comma that closes
    a purpose clause ("To avoid strain, try yoga"; "Contrary to the instinct to rest, walk") or a condition
    the trigger is in ("when there are no symptoms, the virus can spread"), at a condition, means or pronoun
    object after it, and before a coordinated verb
    ("avoid purines and attend check-ups") or the next action after "avoiding" things."""
    purpose = (start > 0 and lowers[start - 1] == "to" and (start <= 2 or lowers[start - 2] not in _NEED)) \
        or lowers[end - 1] == "to" or _in_condition(lowers, start, rules)
    j = end - 1
    if j + 1 < len(lowers) and lowers[j + 1] == ":":  # "Avoid: running, jumping"
        j += 1
    if j + 1 < len(lowers) and lowers[j + 1] in _PRONOUNS:
        return j + 1
    # after "avoiding" a list of things, the next "-ing" after a comma or "and" is the next action
    # ("avoiding tobacco, and managing stress"); a list of activities ("avoiding lifting, running") goes on
    gerund = lowers[start].endswith("ing")
    gerund_list = (end - start == 1 and gerund and j + 1 < len(lowers)
                   and not lowers[j + 1].endswith("ing"))
    while j + 1 < len(lowers) and not bounds(lowers, j + 1, rules.terminators):
        nxt = lowers[j + 1]
        if (purpose and nxt == ",") or nxt in rules.flag_stops or nxt in rules.forward_stops:
            break
        if gerund and (nxt in AUXILIARIES or nxt in _MODALS or nxt in ("helps", "plays", "along")):
            break  # "avoiding head trauma is crucial, and genetic counseling ...": the gerund's object ends
        if nxt == "following" and lowers[j] not in ("the", "these", "any"):
            break  # a time ("avoid exercise following your injections"), not "avoid the following foods"
        if nxt in RELATIVE and any(w in _LACKING for w in lowers[j + 2:j + 5]):
            break
        if nxt in RELATIVE and j + 2 < len(lowers) and lowers[j + 2] in _MODALS:
            break  # "avoid anything crunchy that could pull on the braces": what it could harm is no advice
        if nxt == "," and lowers[j + 2:j + 3] == ["to"] or lowers[j + 1:j + 4] == ["in", "order", "to"]:
            break  # a purpose: "avoid purines, to lower uric acid levels"
        if nxt == "," and j + 2 < len(lowers) and (lowers[j + 2] in _CLAUSE_SUBJECTS or lowers[j + 2] in _WH):
            # a new clause: "don't see a change in your weight, you may still be able to lose weight",
            # "what foods to eat and avoid, how to use simple treatments"
            break
        if nxt in ("and", "or", ",") and j + 2 < len(lowers):
            ka = j + 3 if lowers[j + 2] in ("and", "or") and j + 3 < len(lowers) else j + 2
            after = lowers[ka]
            # a verb starts the next instruction ("avoid lifting, engage in walking"); not a participle
            # in a list of what to avoid ("avoid processed, fried foods")
            if ((verb(after, lx) or after in _IMPERATIVES or phrasal(lowers, ka, lx))
                    and (nxt != "," or not after.endswith("ed"))) or (
                    # "maintaining a diet, avoiding smoking and alcohol, and managing stress": the next action
                    lowers[start].endswith("ing") and after.endswith("ing") and len(after) > 4
                    and ka + 1 < len(lowers) and (lowers[ka + 1] not in STOP or lowers[ka + 1] in OBJECTS or lowers[ka + 1] in ("a", "an"))
                    and not bounds(lowers, ka + 1, rules.terminators)
                    and lowers[ka + 1] not in (",", "and", "or")) or (
                    gerund_list and after.endswith("ing") and len(after) > 4):
                break
        j += 1
    return j


# verbs of advice that WordNet knows mostly as nouns: after "and" or a comma they start the next instruction
# ("avoid fried foods, and use healthy fats")
_IMPERATIVES = frozenset("use try eat drink take choose opt include add wear keep stay get consider focus switch "
                         "apply maintain follow seek consult talk ask".split())
# after these, a word of a mention is its verb ("it is essential to seek medical attention")
_VERB_BEFORE = frozenset(("to", "should", "must", "you", "please", "can", "may"))
