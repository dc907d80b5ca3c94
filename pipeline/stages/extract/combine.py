"""Joining the tagger's spans with the rules' (``combine``): boundaries the tagger cut short or ran
over, lists whose items share a type, and spans the tagger split in two."""

from __future__ import annotations

from ...nlp import lemma_table
from ...resources.loader import ExtractRules
from ..condition import terms as condition_terms
from ..tagger import STOP, Context, Lexical
from .base import Extractor, Tokens, lexicon_word
from .words import (ADVICE, COMPLAINTS, EFFECTS, LIGHT, NEGATED_HALF, NOT_CUT, STATES, adjective, adverb, contraction,
                    describes, mostly_noun, mostly_verb, noun, noun_share, share, verb_or_form)
from .candidates import AVOID_SECTION, CONTRAINDICATED, PHRASE_RULE, View, trigger
from .context import DEGREE
from .foods import DETERMINERS, food_head, joins


def model_spans(views: list[View], ctx: Context, model, threshold: float) -> list[list[tuple[int, int, str, float]]]:
    """The tagger's spans of the document, per view in the view's own token positions."""
    per: list[list] = [[] for _ in views]
    bounds = ctx.starts + [len(ctx.texts)]
    v = 0
    for a, b, typ, conf in model.spans(ctx, threshold):
        while bounds[v + 1] <= a:
            v += 1
        per[v].append((a - bounds[v], b - bounds[v], typ, conf))
    return per


def part_before(tdoc: Tokens, start: int, lx: Lexical, body_parts: frozenset[str]) -> int:
    """Where a complaint's name starts once the body part or the adjective of one right before it is taken
    in ("Patellar Tendonitis", "respiratory infection", "hamstring strain": the annotation's "shortest
    phrase that still names the thing specifically"): up to two such words, else ``start``. A body part is
    a word of the rules' list or a noun a fifth of whose WordNet senses are body parts ("form" has one of
    16: "forms sharp crystals" is a verb)."""
    k = start
    while k > 0 and start - k < 2:
        word = tdoc.lowers[k - 1]
        if not tdoc.texts[k - 1].isalpha() or word in STOP:
            break
        if not (_body_word(word, lx, body_parts) or set(lx.senses(lx.fold(word))) == {"adj.pert"}):
            break
        k -= 1
    return k


def part_after(tdoc: Tokens, end: int, lx: Lexical, body_parts: frozenset[str]) -> int:
    """Where the body part right after a complaint's adjective ends ("swollen lymph nodes", "itchy eyes",
    "stiff joints": the annotation's name of the complaint): up to two body-part words, else ``end``."""
    k = end
    while k < len(tdoc) and k - end < 2 and tdoc.texts[k].isalpha() and tdoc.lowers[k] not in STOP \
            and _body_word(tdoc.lowers[k], lx, body_parts):
        k += 1
    return k


def _body_word(word: str, lx: Lexical, body_parts: frozenset[str]) -> bool:
    """A word of the rules' list of body parts or a noun a fifth of whose WordNet senses are body parts."""
    senses = lx.senses(lx.fold(word))
    return word in body_parts or bool(senses) and noun_share(senses) >= 0.5 \
        and 5 * senses.count("noun.body") >= sum(c.startswith("noun.") for c in senses)


_BEFORE_VERB = frozenset(("can", "may", "might", "could", "will", "would", "to", "that", "which", "who", "not", "n't",
                          "also", "further", "often"))


def strained_part(tdoc, end: int, lx: Lexical) -> int:
    """Where "strain" used as a verb ends with its object, when the object names a body part ("strain the
    lower back muscles", "strain neck and shoulder muscles"); ``end`` itself otherwise."""
    lowers, n = tdoc.lowers, len(tdoc)
    if not (end < n and lowers[end] in DETERMINERS or end > 1 and lowers[end - 2] in _BEFORE_VERB):
        return end  # a noun ("a strain involves muscles"), not the verb
    return _body_part_from(tdoc, end + 1 if lowers[end] in DETERMINERS else end, end, lx)


def loaded_part(tdoc, end: int, lx: Lexical) -> int:
    """Where a load ("strain", "pressure"...) ends with the body part it bears "on" ("pressure on the
    nerves", "strain on the wrist ligaments"); ``end`` itself otherwise."""
    lowers, n = tdoc.lowers, len(tdoc)
    if not (end + 1 < n and lowers[end] == "on"):
        return end
    k = end + 1
    while k < n and lowers[k] in DETERMINERS:
        k += 1
    return _body_part_from(tdoc, k, end, lx)


def _body_part_from(tdoc, k: int, end: int, lx: Lexical) -> int:
    """The end of the last body-part word in the few words from ``k`` (a phrase of nouns and "and"), or
    ``end`` when there is none."""
    lowers, n = tdoc.lowers, len(tdoc)
    last = end
    for j in range(k, min(n, k + 5)):
        if not tdoc.texts[j].isalpha() or lowers[j] in STOP and lowers[j] != "and":
            break
        if "noun.body" in lx.classes(lx.fold(lowers[j])):
            last = j + 1
    return last


def with_siblings(found: list, tdoc, lx: Lexical, generic: list[bool]) -> list:
    """The items of a list ("swollen, red, tender, or warm to the touch") of which two or more are mentions
    of one type and none of another: the other short items (up to three words, no function word) are of that
    type. The first item is what stands last before the first comma (it types the list, but what stands
    there untyped may be a clause's end, "In rare cases, a stroke, ..."), the last what follows "and"/"or"."""
    lowers, texts, n = tdoc.lowers, tdoc.texts, len(tdoc)
    commas = [k for k in range(n) if lowers[k] == ","]
    if len(commas) < 2:
        return found
    out = list(found)
    k = 0
    while k < len(commas):
        # a run of commas with one short item between each, ended by "and"/"or" and the last item
        run = [commas[k]]
        while k + 1 < len(commas) and commas[k + 1] - run[-1] <= 5:
            k += 1
            run.append(commas[k])
        k += 1
        last = run[-1] + 1
        opener = _list_opener(lowers, run[0])
        close = next((e for e in range(last, min(n, last + 5)) if lowers[e] == ")"), -1) \
            if opener > 0 and lowers[opener - 1] == "(" else -1
        if close >= 0 and not {"and", "or"}.intersection(lowers[last:close]):
            e = close  # "(almonds, chia seeds, flaxseeds)": the bracket ends the list
        elif last < n and lowers[last] in ("and", "or"):
            last += 1
            final = next((f for f in found if f[0] == last), None)
            e = final[1] if final else last
            while final is None and e < n and texts[e][:1].isalnum() and lowers[e] not in STOP and e - last < 3:
                e += 1
        else:
            continue  # no coordination: commas of clauses, not a list
        items = []
        first = next((f for f in found if f[1] == run[0]), None)
        items.append((first[0], first[1]) if first else (opener, run[0]) if opener >= 0 else (run[0] - 1, run[0]))
        for x, y in zip(run, run[1:]):
            items.append((x + 1, y))
        items.append((last, e))
        if len(items) < 3:
            continue
        typed = {(a, b): {f[2] for f in found if a <= f[0] and f[1] <= b} for a, b in items}
        types = set().union(*typed.values())
        if len(types) != 1 or sum(1 for t in typed.values() if t) < 2:
            continue
        typ = next(iter(types))
        # the first item's start is known after an opener ("such as", "including", "("); elsewhere what
        # stands before the first comma may be a clause's end
        for (a, b), t in list(typed.items())[0 if opener >= 0 else 1:]:
            if t or any(f[0] < b and a < f[1] for f in found):
                continue
            if (a := _list_name(tdoc, a, b, lx, generic)) >= 0:
                out.append((a, b, typ, "list", None))
    return sorted(out, key=lambda f: f[0])


def with_pair(found: list, tdoc, lx: Lexical, generic: list[bool], body_parts: frozenset[str]) -> list:
    """A food coordinated with a food that is a cause or treatment by "and"/"or" ("fish and nuts", "red meat or
    seafood") is one of that type too: a short phrase (up to three words) that ends the clause or opens it."""
    lowers, texts, n = tdoc.lowers, tdoc.texts, len(tdoc)
    out = list(found)
    for a, b, typ, *_ in found:
        harm = typ == "cause"
        if typ not in ("cause", "treatment") or not food_head(lowers[a:b], lx, body_parts, harm):
            continue
        if b + 1 < n and lowers[b] in ("and", "or"):
            x = e = b + 1
            while e < n and e - x < 3 and texts[e][:1].isalpha() and lowers[e] not in STOP:
                e += 1
            if e < n and texts[e][:1].isalnum():
                continue  # the phrase goes on: not a short item
        elif a >= 2 and lowers[a - 1] in ("and", "or"):
            e = x = a - 1
            while x > 0 and e - x < 3 and texts[x - 1][:1].isalpha() and lowers[x - 1] not in STOP:
                x -= 1
            if x > 0 and texts[x - 1][:1].isalnum() and lowers[x - 1] not in STOP:
                continue
        else:
            continue
        if x >= e or any(f[0] < e and x < f[1] for f in out):
            continue
        start = _list_name(tdoc, x, e, lx, generic)
        if start >= 0 and food_head(lowers[start:e], lx, body_parts, harm):
            out.append((start, e, typ, "list", None))
    return sorted(out, key=lambda f: f[0])


def _list_opener(lowers: list[str], comma: int) -> int:
    """Where a list's first item starts when a list opener ("such as", "including", "like", "(") stands
    at most three words before its first comma, else -1."""
    for k in range(comma - 1, max(-1, comma - 5), -1):
        w = lowers[k]
        if w in ("(", "including", "like") or (w == "as" and k > 0 and lowers[k - 1] == "such"):
            return k + 1 if k + 1 < comma else -1
        if w in (",", ".", ";", ":", ")"):
            return -1
    return -1


def _list_name(tdoc, a: int, b: int, lx: Lexical, generic: list[bool]) -> int:
    """Where list item ``a:b`` starts as a name (after a determiner or adverb: "even taking a warm bath",
    "sometimes medical procedures"), or -1 when it names nothing: more than three words, a function word
    or a word of kind, a generic word, a last word neither noun nor adjective ("typically"), a verb first
    ("engage") or a participle going on to an effect ("causing pain")."""
    lowers, texts = tdoc.lowers, tdoc.texts
    while a < b and (lowers[a] in DETERMINERS or lowers[a] in ("even", "also", "just") or adverb(lowers[a], lx)):
        a += 1
    if not (0 < b - a <= 3) or all(generic[a:b]) or any(
            lowers[x] in STOP or lowers[x] in _KIND_WORDS or not texts[x].isalpha() for x in range(a, b)):
        return -1
    classes = lx.classes(lx.fold(lowers[b - 1]))
    if not classes and (b - a > 1 or lx.classes(lemma_table()(lowers[a])) or lx.zipf(lowers[a]) >= 4.5):
        # a word WordNet lacks is a name when it stands alone and is rare ("quinoa"), not a clause's word
        # ("immunotherapy depending") nor a common one ("whether")
        return -1
    if classes and not any(c.startswith(("noun.", "adj.")) for c in classes) \
            or verb_or_form(lowers[a], lx) or lowers[a] in EFFECTS:
        return -1
    return a


# words that make a list item a kind of thing rather than a thing ("other serious symptoms")
_KIND_WORDS = frozenset(("other", "various", "specific", "certain", "several", "different", "many", "such", "like",
                         "any", "underlying", "targeted", "tailored", "additional", "related"))


# words of severity the tagger tends to leave out of a cause's span, where the annotators keep them
SEVERITY = frozenset(("severe", "serious", "significant", "major", "minor", "mild", "chronic", "acute"))


# "symptoms" or "signs" with words that name none ("concerning symptoms", "the main symptom", "relieve
# symptoms"); "flu-like symptoms", "urinary symptoms", "neurological symptoms" name a kind
_SIGNS = frozenset(("symptom", "symptoms", "sign", "signs"))
_EVALUATIVE = DEGREE | _KIND_WORDS | SEVERITY | frozenset("""concerning worrying troubling alarming main primary
key classic typical common less more most early late initial first similar unusual worse worsening above accompanying
associated overlapping general vague noticeable unpredictable unmanaged ongoing no these those this its their your
the a an same physical possible potential new""".split())


def unnamed_complaint(norm: str, lx: Lexical) -> bool:
    """Whether a mention is "symptoms" or "signs" qualified only by words that name no complaint: of
    degree, kind or concern, or a verb ("relieve symptoms", "ignoring ongoing symptoms")."""
    words = norm.split()
    return len(words) > 1 and words[-1] in _SIGNS and all(
        w in _EVALUATIVE or mostly_verb(w, lx) for w in words[:-1])


def wanted(tdoc, end: int, lx: Lexical, preps: tuple[str, ...] = ("in", "of")) -> int:
    """Where "deficiency in" or "deficiency of" ends with what is lacking ("a deficiency in vitamin B12",
    "deficiencies in certain vitamins"; the first of a list, up to its last noun or vitamin letter);
    ``end`` itself otherwise, and where the words name people ("deficiencies in breastfeeding mothers").
    The same for another word that says of what or to what with ``preps`` ("damage to the nerves")."""
    if not (end + 1 < len(tdoc) and tdoc.lowers[end] in preps):
        return end
    return object_end(tdoc, end + 1, end, lx)


def object_after(tdoc, end: int, lx: Lexical) -> int:
    """Where the noun phrase right after a verb ending at ``end`` ends ("bearing weight", "seeking professional
    help", "maintaining your balance"); ``end`` when a preposition, a verb or nothing follows."""
    if end < len(tdoc) and (tdoc.lowers[end] in DETERMINERS or noun(tdoc.lowers[end], lx)
                            or adjective(tdoc.lowers[end], lx)):
        return object_end(tdoc, end, end, lx)
    return end


def object_end(tdoc, k: int, end: int, lx: Lexical) -> int:
    """Where the noun phrase from ``k`` ends (over determiners, up to three words, at its last noun or vitamin
    letter); ``end`` when there is none or it names people."""
    lowers, n = tdoc.lowers, len(tdoc)
    while k < n and lowers[k] in DETERMINERS:
        k += 1
    last = end
    for j in range(k, min(n, k + 3)):
        w = lowers[j]
        if not tdoc.texts[j].isalnum() or w in STOP or w in _NOT_LACKED or w in _ENDLESS:
            break
        if w in PEOPLE:
            return end
        if noun(w, lx) or any(c.isdigit() for c in w) or len(w) == 1:
            last = j + 1
    return last


_NOT_LACKED = frozenset(("any", "like", "such", "called", "including", "that", "which", "causes", "leads", "results",
                         "triggers"))
# a harm that says what it is of or to: "an imbalance of bacteria in the vagina", "damage to the nerves",
# "exposure to allergens", "a blockage in the sinuses", "resistance to insulin" (alone each would join every
# other one; an allergy or an overuse names something alone)
RELATIONAL = {"imbalance": ("in", "of"), "imbalances": ("in", "of"), "damage": ("to",), "exposure": ("to",),
              "blockage": ("in", "of"), "blockages": ("in", "of"), "obstruction": ("in", "of"),
              "resistance": ("to",), "resistant": ("to",)}
# a symptom's word that names the complaint only with what follows it: "a reduced sense of smell", "a frequent
# urge to urinate", "a persistent feeling of pressure", "a decrease in range of motion", "changes in bowel
# habits" (the annotation's "decrease in muscle mass", "changes in reflexes")
SAYS_WHICH = {"sense": ("of",), "feeling": ("of",), "feelings": ("of",), "decrease": ("in",), "change": ("in",),
              "changes": ("in",), "urge": ("to",), "urges": ("to",), "need": ("to",)}


# words that name nothing on their own, whatever the tagger makes of them: a colour ("a thick, white
# discharge"), a taste ("a sour or bitter taste"), a comparison ("gets worse", "Differences"), a growth
# that does not say which ("the growths", "the baby's growth"), a contact that does not say with what
# ("contact with irritants" is a cause the tagger cut), a lifestyle that does not say which change or
# habit ("lifestyle and dietary adjustments", "Lifestyle:"), what a text says about items rather than an
# item ("Pros and Cons", "Similarities", "Effectiveness", "severity"), an adjective of a body part or the diet
# ("nasal", "dental", "dietary"), a trigger that does not say which ("certain triggers, such as stress": the
# annotation's "heartburn triggers"), a time, place, sign, sound, colour or stage that does not say of what
# ("coughing, especially at night", "Color: Bumps can be white", "the sound of bone rubbing on bone",
# "Stage II: Surgery"; not "reflex", which the tagger may cut from "reflex changes"); "fatty" and "home"
# name what they qualify ("fatty or fried foods", "home remedies") and nothing alone
_COLOURS_AND_TASTES = frozenset(("white", "brown", "yellow", "gray", "grey", "purple", "green", "black", "pink",
                                  "sour", "bitter"))
_QUALIFYING = _COLOURS_AND_TASTES | frozenset(("fatty", "home"))
NO_NAMES_ALONE = _QUALIFYING | frozenset(("worse", "better", "difference", "differences", "growth", "growths",
                                          "contact", "lifestyle", "pros", "cons", "considerations", "effectiveness",
                                          "similarities", "comparison", "severity", "key", "complex", "nasal",
                                          "dental", "dietary", "trigger", "triggers", "night", "nights", "face",
                                          "sound", "sounds", "sign", "signs", "color", "colour", "colors",
                                          "colours", "stage", "stages", "forms", "weeks", "levels"))
# and the words that may stand between such a word and its noun ("white, red or grey patches")
_COLOURED = _COLOURS_AND_TASTES | frozenset(("red", "blue", "orange", "tan", "ashen", "pale", "dark", "light",
                                             "metallic", "acidic", "salty", "sweet", "clear", "cloudy"))


# a trouble says with what: "difficulty getting pregnant", "difficulty with bowel movements", "inability to
# bear weight"; its object runs over content words and the articles and pronouns inside a phrase
TROUBLE_WORDS = frozenset(("difficulty", "difficulties", "inability", "trouble"))
_INSIDE = frozenset(("the", "your", "their", "a", "an", "or", "and"))
_TROUBLE_ENDS = frozenset(("due", "like", "after", "before", "during", "such", "occur", "occurs", "when", "while",
                           "because", "since", "until", "despite", "including"))


def troubled(tdoc, end: int) -> int:
    """Where what a trouble word ending at ``end`` is with ends (up to five words); ``end`` when nothing
    follows it that says."""
    lowers = tdoc.lowers
    k = end
    if k < len(lowers) and lowers[k] in ("in", "with", "to"):
        k += 1
    elif not (k < len(lowers) and lowers[k].endswith("ing")):
        return end
    last = k
    while k < min(len(lowers), last + 5) and tdoc.texts[k].isalpha() and lowers[k] not in _TROUBLE_ENDS \
            and (lowers[k] not in STOP or lowers[k] in _INSIDE) \
            and not (lowers[k] in ("or", "and") and lowers[k + 1:k + 2] in (["a"], ["an"], ["the"])):
        k += 1  # (a coordinated phrase of its own ends it: "difficulties with performance or a decrease in ...")
    while k > last and lowers[k - 1] in _INSIDE:
        k -= 1
    return k if k > last else end


# advice to watch something says what: "monitor blood glucose levels", "Monitor Alcohol Intake"; alone
# "monitor" joined every such advice into one entity. (Before "your" or "the" the tagger's lone verb goes, as
# any does: "monitor your symptoms", "monitor the condition" are mostly generic.)
WATCH_WORDS = frozenset(("monitor", "monitoring"))


def watched(tdoc, end: int, lx: Lexical) -> int:
    """Where what a watch word ending at ``end`` watches ends (up to four words, the last a noun); ``end``
    when no such object follows it."""
    lowers, n = tdoc.lowers, len(tdoc)
    last = end
    for j in range(end, min(n, end + 4)):
        if not tdoc.texts[j].isalpha() or lowers[j] in STOP or lowers[j] in _TROUBLE_ENDS:
            break
        if noun(lowers[j], lx):
            last = j + 1
    return last


def qualified_noun(tdoc, end: int, lx: Lexical) -> int:
    """Where the noun a colour, taste or other qualifying word ending at ``end`` qualifies ends, over
    adjectives coordinated with it ("white, clumpy discharge", "sour or acidic taste", "fatty deposits");
    -1 when no noun follows."""
    if tdoc.lowers[end - 1] not in _QUALIFYING:
        return -1
    k = end
    while k < min(len(tdoc), end + 6) and (tdoc.lowers[k] in (",", "or", "and") or adjective(tdoc.lowers[k], lx)
                                           or tdoc.lowers[k] in _COLOURED):
        k += 1
    if k >= len(tdoc):
        return -1
    word = tdoc.lowers[k]
    if tdoc.texts[k].isalpha() and word not in STOP and word not in _COLOURED and lx.senses(lx.fold(word)) \
            and mostly_noun(word, lx) and not adjective(word, lx):
        return k + 1
    return -1


def coordinated_noun(tdoc, end: int, lx: Lexical) -> int:
    """Where the noun that an adjective ending at ``end`` shares with adjectives coordinated after it ends
    ("bacterial or viral infections", "genetic, environmental, and hormonal factors", "itchy, watery eyes":
    the annotation's "baked or grilled alternatives", "warm or red joints"); -1 when what follows is no
    such coordination. Each adjective is one WordNet reads as an adjective and not as a noun; the
    coordination ends at its "and"/"or" and its adjective, and the noun follows right after."""
    lowers, n = tdoc.lowers, len(tdoc)
    k, other = end, False
    while k < n and k - end < 8:
        comma = lowers[k] == ","
        k += comma
        conj = k < n and lowers[k] in ("and", "or")
        k += conj
        if not (comma or conj) or not (k < n and tdoc.texts[k].isalpha() and pure_adjective(lowers[k], lx)):
            return -1
        k, other = k + 1, True
        if conj or not (k < n and lowers[k] in _COORDINATORS):
            break
    if not other or k >= n:
        return -1
    word = lowers[k]
    if tdoc.texts[k].isalpha() and word not in STOP and lx.senses(lx.fold(word)) and mostly_noun(word, lx) \
            and share(word, lx, "adj.") == 0:
        return k + 1
    return -1


def pure_adjective(word: str, lx: Lexical) -> bool:
    """A word at least half of whose WordNet senses are adjectives, not mostly a noun nor a gerund
    ("viral", "itchy", "fatty"; not "nuts", "crying", "red")."""
    return share(word, lx, "adj.") >= 0.5 and not (mostly_noun(word, lx) or word.endswith("ing"))


def _covering_term(lowers: list[str], k: int) -> tuple[int, int] | None:
    """The longest condition term of two or more words (gazetteer disease or phenotype, lexicon condition)
    that holds token ``k``, as (start, end), if any."""
    known = condition_terms()
    best = None
    for a in range(max(0, k - 5), k + 1):
        for n in known.lengths.get(lowers[a], ()):
            if n >= 2 and a + n > k and a + n <= len(lowers) and tuple(lowers[a:a + n]) in known.terms:
                if best is None or n > best[1] - best[0]:
                    best = (a, a + n)
                break
    return best


def _advice_items(view: View, rules: ExtractRules) -> tuple[list[tuple[int, int, str]], list[int]]:
    """The section items of a sentence under a heading of advice (not of things to avoid), as (start,
    end, type), and where the sentence's contraindication triggers end (what follows one inside an item
    is what the item says to avoid)."""
    items = [(a, b, typ) for a, b, typ, rule, _ in view.found if rule == "section_item" and typ in ADVICE]
    if not items or AVOID_SECTION.search(view.sentence.section):
        return [], []
    tdoc = view.tokens
    return items, [end for match_id, _, end in tdoc.matches["triggers"]
                   if (t := trigger(tdoc, match_id, rules)).flag == CONTRAINDICATED and t.direction == "forward"]


def _complaint(lowers: list[str], a: int, b: int, lx: Lexical) -> bool:
    """Whether tokens ``a:b`` name a complaint: inside a condition's name, or headed by a word most of
    whose WordNet noun senses are states, processes or events ("problems", "scarring", "flare-ups")."""
    if any(_covering_term(lowers, k) for k in range(a, b)):
        return True
    nouns = [c for c in lx.senses(lx.fold(lowers[b - 1])) if c.startswith("noun.")]
    return bool(nouns) and 2 * sum(c in STATES for c in nouns) > len(nouns)


def _cut_before_head(tdoc: Tokens, b: int, lx: Lexical) -> bool:
    """Whether a name ending at token ``b`` was cut before its head noun: it ends in a word at least half of
    whose WordNet senses are adjectives ("severe", "abdominal") or in the first word of a compound noun
    WordNet knows ("lymph" of "lymph nodes", "heart" of "heart rate"), and the noun follows."""
    if b >= len(tdoc) or not tdoc.texts[b].isalpha() or tdoc.lowers[b] in STOP or not noun(tdoc.lowers[b], lx):
        return False
    last = tdoc.lowers[b - 1]
    if not last.isalpha():
        return False
    return share(last, lx, "adj.") >= 0.5 \
        or any(c.startswith("noun.") for c in lx.senses(f"{last}_{lx.fold(tdoc.lowers[b])}"))


# the words that join the items of a list
_COORDINATORS = frozenset((",", "and", "or"))
# words a name never ends in: a preposition whose object the tagger cut off ("burning during", "discomfort
# around", "pillow under"), or "both" without its nouns; not "over", which ends phrasal verbs ("hunched over")
_ENDLESS = frozenset("""about across after against along around before behind beneath between beyond both despite
during near per through toward towards under upon via within without""".split())


# the first halves of a hyphenated word that say it is against what follows ("anti-nausea", "non-infectious")
_AGAINST_PREFIXES = frozenset(("anti", "non", "counter"))


def combine_spans(view: View, spans: list, method: str, ex: Extractor, lx: Lexical) -> list:
    """The mentions of a sentence from the tagger's spans (trimmed of leading function words and of
    generic words, and linked to the lexicon entry they equal), and with ``method`` "hybrid" the rules'
    mentions that no span overlaps."""
    rules, tdoc = ex.rules, view.tokens
    out = []
    entry_at = {(a, b): e for a, b, _, rule, e in view.found if rule == "lexicon"}
    phrases = [f for f in view.found if PHRASE_RULE.match(f[3])]  # the rules' phrases, in their order
    items, against = _advice_items(view, rules)
    absorbed: set[int] = set()  # spans a modifier before them took in
    for a, b, typ, _ in spans:
        if a in absorbed:
            continue
        item = next((t for x, y, t in items if x <= a and b <= y and not any(x <= e <= a for e in against)),
                    None) if items and typ in COMPLAINTS else None
        if item and not _complaint(tdoc.lowers, a, b, lx):
            # advice, not the complaint the tagger took it for ("Saline Nasal Spray: ..." under "Home
            # remedies"); a complaint listed there stays one ("Skin flare-ups", "Circulation problems: ...
            # may improve with exercise"), and so does what the label says to avoid ("Avoid Irritants")
            typ = item
        while a < b and (tdoc.lowers[a] in rules.leading_drop or tdoc.lowers[a] in STOP or tdoc.is_punct(a)):
            a += 1
        while b > a and (tdoc.is_punct(b - 1) or tdoc.lowers[b - 1] in STOP or tdoc.lowers[b - 1] in _ENDLESS):
            b -= 1
        if a >= 2 and joins(tdoc, a - 1):
            # a span that starts inside a hyphenated word: a complaint in a word against it ("nausea" of
            # "anti-nausea medication") is none; a name of two words or more starts with the word, whose second
            # half alone names another thing or the opposite ("purine foods" of "high-purine foods",
            # "deficiency anemia" of "iron-deficiency anemia", "ups with your doctor" of "check-ups"; not
            # after a number, "the 7-vaccine series"). A span of any source takes "post-"/"pre-" in
            # ``extract._shaped`` ("surgery" of "Post-surgery"), one word included.
            if b - a == 1 and typ in COMPLAINTS and tdoc.lowers[a - 2] in _AGAINST_PREFIXES:
                continue
            if b - a > 1:
                while a >= 2 and joins(tdoc, a - 1) and not tdoc.like_num(a - 2):
                    a -= 2
        if typ in COMPLAINTS and _subject_and_verb(tdoc.lowers, a, b, lx):
            b -= 1  # "alcohol irritates", "skin cells accumulate": the subject is the mention, not its verb
        if a >= b or all(view.generic[a:b]) or not any(tdoc.texts[k][:1].isalpha() for k in range(a, b)):
            continue
        if tdoc.lowers[a] in NEGATED_HALF:
            # the second half of a negated auxiliary ("n't directly" of "doesn't directly cause") names
            # nothing; a want it opens ("n't make enough insulin") takes its auxiliary
            if "enough" not in tdoc.lowers[a:b] or not a:
                continue
            a -= 1
        entry = entry_at.get((a, b))
        phrase = next((f for f in phrases if f[0] <= a and b <= f[1]), None)
        if phrase is not None:
            # a part of a phrase rule's phrase ("talk" of "talk with your doctor") is that phrase
            if not any(x < phrase[1] and phrase[0] < y for x, y, *_ in out):
                out.append(phrase)
            continue
        if entry is None and b - a == 1 and not lexicon_word(tdoc.lowers[a]):
            # a lone word cut from a lexicon entry is that entry ("nerve" of "nerve damage")
            around = next(((fa, fb, e) for (fa, fb), e in entry_at.items() if fa <= a and b <= fb and e.type != "none"),
                          None)
            if around:
                a, b = around[0], around[1]
                entry = around[2] if around[2].type == typ else None
                if any(x < b and a < y for x, y, *_ in out):
                    continue  # another word of the entry already made it a mention
        if entry is None and b - a == 1:
            term = _covering_term(tdoc.lowers, a)
            if term and typ in ADVICE:
                continue  # a word of a condition's name ("insulin" of "insulin resistance") is no treatment
            if term:
                a, b = term  # a word cut from a condition's name is that name ("muscle" of "muscle weakness")
                if any(x < b and a < y for x, y, *_ in out):
                    continue
            elif not describes(tdoc.lowers[a], lx) or contraction(tdoc.lowers, a):
                continue
            elif (adjective(tdoc.lowers[a], lx) or typ in ADVICE and not tdoc.lowers[a].endswith("ing")
                  and share(tdoc.lowers[a], lx, "adj.") >= 0.5) \
                    and b < len(tdoc) and tdoc.texts[b].isalpha() \
                    and tdoc.lowers[b] not in STOP and noun(tdoc.lowers[b], lx):
                if typ in COMPLAINTS:
                    continue  # "dental" of "dental filling", "genetic" of "genetic material": a modifier cut from its noun
                # "Herbal" of "Herbal supplements": the advice is the modifier with its noun (and with the span
                # of advice the tagger made of that noun)
                after = next(((x, y, t) for x, y, t, _ in spans if x == b), None)
                if after is None:
                    b += 1
                elif after[2] in ADVICE:
                    absorbed.add(b)
                    b, entry = after[1], None
        elif typ in ADVICE and b - a == 3 and joins(tdoc, a + 1) and adjective(tdoc.lowers[b - 1], lx) \
                and b < len(tdoc) \
                and tdoc.texts[b].isalpha() and tdoc.lowers[b] not in STOP and tdoc.lowers[b] not in NOT_CUT \
                and noun(tdoc.lowers[b], lx) and not any(x == b for x, *_ in spans):
            # "anti-inflammatory" of "anti-inflammatory foods", "nutrient-rich" of "nutrient-rich foods": a
            # hyphenated modifier cut from its noun (not the drugs "anti-inflammatories" stand for), or from a
            # compound's two ("anti-inflammatory asthma medications"); a quality, a place or a complaint it
            # qualifies ("anti-inflammatory effects", "well-ventilated areas", "post-surgical pain") is left to
            # the rules on those
            b, entry = b + 1, None
            if b < len(tdoc) and not tdoc.lowers[b - 1].endswith("s") and tdoc.lowers[b].endswith("s") \
                    and tdoc.lowers[b] not in STOP and noun(tdoc.lowers[b], lx):
                b += 1
        elif entry is None and b - a >= 2:
            # "severe abdominal" of "severe abdominal pain", "swollen lymph" of "swollen lymph nodes", "saline
            # nasal" of "saline nasal sprays"
            for _ in range(3):
                if not _cut_before_head(tdoc, b, lx) or any(x == b for x, *_ in spans):
                    break
                b += 1
        if entry is not None and entry.section_typed and typ in COMPLAINTS:
            # under a heading of causes or symptoms the heading decides for the lexicon's such names, as it
            # does for the lexicon's own mentions ("muscle weakness" under "Hernia causes"); elsewhere the
            # tagger reads the sentence (the lexicon's type there read worse on the 849 articles)
            typ = view.cls if view.cls in COMPLAINTS else typ
        out.append((a, b, typ, "model", entry))
    if method == "hybrid":
        taken = [False] * len(tdoc)
        for a, b, *_ in out:
            for k in range(a, b):
                taken[k] = True
        for f in view.found:
            if any(taken[f[0]:f[1]]):
                continue
            if f[2] in ADVICE and (term := _covering_term(tdoc.lowers, f[0])) and term[0] <= f[0] and f[1] <= term[1] \
                    and term[1] - term[0] > f[1] - f[0]:
                continue  # a treatment word inside a condition's name ("insulin" of "insulin resistance")
            out.append(f)
    return _as_siblings(_joined(sorted(out, key=lambda x: x[0]), tdoc.lowers), tdoc.lowers)


def _as_siblings(spans: list, lowers: list[str]) -> list:
    """A tagger span that equals a lexicon name of another type takes the lexicon's type when a mention of
    that type stands beside it in a list ("sniffling, sneezing, coughing, fatigue": coughing a symptom, not
    a cause; "due to ongoing pain, inflammation, and social isolation": inflammation a cause). It runs
    before the rules that read the sentence, which can still overrule it."""
    out = list(spans)
    for i, (a, b, typ, rule, entry) in enumerate(spans):
        if rule != "model" or entry is None or entry.type in (typ, "none"):
            continue
        for j in (i - 1, i + 1):
            if 0 <= j < len(spans) and spans[j][2] == entry.type:
                x, y = (spans[j][1], a) if j < i else (b, spans[j][0])
                if x < y and all(w in _COORDINATORS for w in lowers[x:y]):
                    out[i] = (a, b, entry.type, rule, entry)
                    break
    return out


_COURSE = frozenset(("persist", "worsen", "recur", "linger", "continue", "intensify", "return", "spread",
                     "progress", "improve", "subside"))


def _subject_and_verb(lowers: list[str], a: int, b: int, lx: Lexical) -> bool:
    """Whether a span ends in a finite verb right after a noun, its subject: a verb WordNet knows only as
    a verb, in -s after any noun ("alcohol irritates", "the mucus extends") or as it stands after a
    plural ("skin cells accumulate"). Not after "to", "that" or "you" ("urge to urinate", "gums that
    bleed", "pain when you breathe"), nor an -ing form ("pain when urinating"), nor a verb of the
    complaint's course, which names a kind of it ("Pain Persists" is persistent pain, "pain worsens"
    worsening pain)."""
    if b - a < 2:
        return False
    verb, subject = lowers[b - 1], lowers[b - 2]
    if not verb.isalpha() or not subject.isalpha() or verb.endswith(("ing", "ed")) or not verb_or_form(verb, lx):
        return False
    lemma = lemma_table()(verb)
    if lemma in _COURSE or not mostly_noun(subject, lx) or subject in STOP or verb_or_form(subject, lx):
        return False
    return verb.endswith("s") and lemma != verb or subject.endswith("s") and lemma == verb


def _joined(spans: list, lowers: list[str]) -> list:
    """Two spans of one type side by side, no token between, are one name the tagger cut in two ("Chamomile" "tea",
    "needlestick" "injuries", "Fish Oil" "Supplements"); not where a phrase rule made either, nor after a
    light verb alone ("drinking" "ginger tea": the verb goes, the tea stays)."""
    out: list = []
    for span in spans:
        prev = out[-1] if out else None
        if prev and prev[1] == span[0] and prev[2] == span[2] and prev[3] in _JOINABLE and span[3] in _JOINABLE \
                and not (prev[1] - prev[0] == 1 and lowers[prev[0]] in LIGHT):
            a, _, typ, rule, entry = out[-1]
            out[-1] = (a, span[1], typ, "model" if "model" in (rule, span[3]) else rule, None)
        else:
            out.append(span)
    return out


_JOINABLE = frozenset(("model", "lexicon"))  # a phrase rule's span is whole as it stands
# a subject a few words before a forward trigger: what these people do, not what to do
PEOPLE = frozenset(("people", "patients", "individuals", "children", "adults", "women", "men", "someone",
                    "anyone", "persons", "sufferers", "smokers", "mothers", "infants", "babies", "kids"))
