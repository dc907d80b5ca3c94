"""The condition an article is about, for any condition, in its plainest name ("gout", "cervical spinal
stenosis", "upper back pain").

Where it is read, in order:

1. the title, then the first headings: the part before a colon, dash or bar ("GERD (Acid Reflux): Symptoms,
   Treatment..." is about GERD), without parentheses;
2. in that text, a complaint about a body part ("Back Stiffness", "Pain in Upper Back") comes first: the
   article is about the complaint even where it names a disease as its cause ("Acid Reflux Back Pain");
3. else the first condition term there: a disease or phenotype of the gazetteer (Disease Ontology, HPO) or
   a lexicon entry cited to them, as the article writes it, with the body parts and regions that stand
   before it ("cervical" + "spinal stenosis"); else a short title head that ends in a word diseases end in
   ("Musculoskeletal Disorders");
4. else the condition term the article's content names most often (at least ``MIN_DISCUSSED`` times).

A page with none of these (a recipe, a product page) has no condition, and its row says so. So has a page
whose words are too seldom a health article's (``health_share``): a news story, a shop's or a software
guide's page, where any condition read off the text would be a word used in another sense ("Stock Is
Falling").
"""
from __future__ import annotations

import re
import sys
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from ..records import CONTENT, HEADING, Document
from ..resources.loader import (HEALTH_TOKEN, ExtractRules, extract_rules, gazetteer, health_words,
                                layperson_conditions, lexicon)
from ..words import LEADING, PAIN_WORDS, fold, zipf_table

MAX_TERM = 6          # words in the longest condition term looked for
MIN_DISCUSSED = 3     # times the content must name a term for it to be the article's subject
HEAD_WORDS = 4        # a title head this short can name the condition itself
_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'-]*")
_HEAD_SPLIT = re.compile(r"\s*(?::|\s[-|–—]\s|\?|\|)\s*")
_PARENS = re.compile(r"\([^)]*\)|\[[^]]*\]")
SOURCES = ("title", "heading", "text")
NONE = "none: no condition named in the title, headings or text"
COMMONEST = 6.0  # Zipf frequency of the words that say nothing of a page's subject
NOT_HEALTH = ("none: not a health article ({share:.1%} of its words are health words, "
              "[extract] min_health_share is {least})")


def health_share(doc: Document) -> float:
    """The share of a document's content words that are health words (``loader.health_words``), the
    commonest words of English ("the", "your", "when": Zipf frequency 6 and above) not counted: a fifth
    to a half in a health article, about an eighth in general web pages (``docs/extraction.md``)."""
    known, common, n, hits = health_words(), zipf_table(), 0, 0
    text = "\n".join(s.text for s in doc.sentences if s.label == CONTENT).lower()
    for word, k in Counter(HEALTH_TOKEN.findall(text)).items():
        if common.get(word, 0.0) < COMMONEST:
            n += k
            hits += k if word in known else 0
    return hits / n if n else 0.0


# words that open a phrase qualifying a condition's name (not "related": "alcohol related liver disease")
QUALIFIERS = frozenset("of in on at for to with from by into after during when while without before".split())


def head_end(names: list[str]) -> int:
    """Where a condition's name (its words) ends before a phrase that qualifies it ("painful sex after
    menopause": after "sex", "phlegm after eating": after "phlegm"): its head word is the one before."""
    return next((k for k, w in enumerate(names) if k and w in QUALIFIERS), len(names))


def head_word(condition: str) -> str:
    """A condition's head word: the last of its name before a qualifying phrase ("phlegm" of "phlegm after
    eating", "pain" of "upper back pain") and before a letter or number that names its kind ("hepatitis" of
    "hepatitis C", "influenza A"), "" for none."""
    names = condition.split()
    end = head_end(names)
    while end > 1 and (len(names[end - 1]) == 1 or names[end - 1].isdigit()):
        end -= 1
    return names[end - 1] if names else ""


# words that make a name holding the condition's a risk factor for it ("family history of gout", "a
# previous stroke") rather than a kind or a state of it
_HISTORY = frozenset(("history", "previous", "prior", "past"))


def kind_of(condition: set[str] | frozenset[str], item: set[str] | frozenset[str]) -> bool:
    """Whether an item's words hold all of the condition's and more: a kind or a state of the condition
    ("type 2 diabetes", "viral pneumonia", "asthma attack", "sciatica flare" in articles on diabetes,
    pneumonia, asthma, sciatica), not a cause of it, unless they say it happened before."""
    return bool(condition) and condition < item and not item & _HISTORY


@dataclass(frozen=True)
class Terms:
    """Condition terms (lower-case word tuples), and the last words disease names end in."""

    terms: frozenset[tuple[str, ...]]
    discussed: frozenset[tuple[str, ...]]  # the terms the content may name: no one-word phenotypes ("fall", "corn")
    heads: frozenset[str]
    lengths: dict[str, tuple[int, ...]]  # a term's first word -> the lengths of the terms it starts, longest first


@lru_cache(maxsize=1)
def terms() -> Terms:
    """The condition terms of the gazetteer and the lexicon, memoized on disk (reading the gazetteer is
    most of a worker's start-up otherwise)."""
    from ..derived import memo
    from ..resources import resource_versions

    versions = resource_versions()
    out, discussed, heads, lengths = memo("condition-terms", (versions["gazetteer.tsv.gz"], versions["lexicon.csv"],
                                                              versions["layperson_conditions.tsv"]), _build_terms)
    return Terms(frozenset(out), frozenset(discussed), frozenset(heads), lengths)


def _build_terms() -> tuple:
    out: set[tuple[str, ...]] = set()
    discussed: set[tuple[str, ...]] = set()
    ends: Counter = Counter()
    for term, cls, _ in gazetteer():
        if cls in ("disease", "phenotype", "symptom"):
            words = tuple(sys.intern(w.lower()) for w in _WORD.findall(term))
            if 0 < len(words) <= MAX_TERM:
                out.add(words)
                if cls == "disease" or len(words) > 1:
                    discussed.add(words)
                if cls == "disease" and len(words) > 1:
                    ends[words[-1]] += 1
    for e in lexicon():
        if e.ontology_id.startswith(("DOID", "HP")):
            words = tuple(w.lower() for w in _WORD.findall(e.surface))
            out.add(words)
            discussed.add(words)
    # the everyday names of conditions ("ear infection", "lice"), where a title or heading names one; not
    # counted in the text, and not an acronym ("PCOS", "UTI"), which names the condition where the article
    # spells it out (``_acronyms``)
    for name, _ in layperson_conditions():
        if not name.rstrip("s").isupper():
            out.add(tuple(w.lower() for w in _WORD.findall(name)))
    # words that end many disease names ("disease", "syndrome", "disorder"...) in singular and plural
    heads = {w for w, n in ends.items() if n >= 50 and w.isalpha() and w != "type"}
    lengths: dict[str, set[int]] = {}
    for words in out:
        lengths.setdefault(words[0], set()).add(len(words))
    return (sorted(out), sorted(discussed), sorted(heads | {w + "s" for w in heads}),
            {w: tuple(sorted(n, reverse=True)) for w, n in sorted(lengths.items())})


def find_condition(doc: Document, title_only: bool = False) -> tuple[str, str]:
    """(condition, where it was read: "title", "heading" or "text"); ("", NONE) when the article names none.
    ``title_only``: the title alone (named there, or by an acronym the article defines)."""
    rules, known = extract_rules(), terms()
    headings = [] if title_only else [s.text for s in doc.sentences if s.kind == HEADING and s.label == CONTENT][:3]
    for where, text in [("title", doc.title)] + [("heading", h) for h in headings]:
        if not text:
            continue
        question = _QUESTION.match(text.strip())
        if question:  # "Can Allergies Cause Dizziness?" is about dizziness; "Is X a Sign of Y?" about X
            first = question["effect"] if question["effect"] else question["sign"]
            words = [w.lower() for w in _WORD.findall(_PARENS.sub(" ", first).replace("/", " "))]
            # an effect no vocabulary names is still the subject when it is short ("What Foods Cause
            # Tonsil Stones?")
            found = _complaint(words, rules) or _term(words, known, rules) or (
                question["effect"] and words[:1] != ["you"] and _subject_head(words, rules))
            if found:
                return found, where
        parts = _HEAD_SPLIT.split(text.strip(), maxsplit=1)
        head = _PARENS.sub(" ", parts[0])
        words = [w.lower() for w in _WORD.findall(head.replace("/", " "))]
        found = _complaint(words, rules) or _term(words, known, rules) or _named_head(words, known, rules)
        if not found and where == "title" and len(parts) > 1 and len(_ASPECTS.findall(parts[1])) >= 2:
            found = _subject_head(words, rules)
        if found:
            return found, where
    # a title or heading that names the condition only by an acronym the article spells out for a condition
    # term ("What is the Best Age to Get Pregnant with PCOS?" and "Polycystic ovary syndrome (PCOS) is ...")
    acronyms = _acronyms(doc, known)
    if acronyms:
        for where, text in [("title", doc.title)] + [("heading", h) for h in headings]:
            found = next((a for w in _WORD.findall(text or "") for a in (w.lower(), w.lower()[:-1]) if a in acronyms),
                         "")
            if found:
                return found, where
    if title_only:
        return "", NONE
    # all content sentences in one pass, a word that no term holds between them
    text = " 0sep0 ".join(s.text for s in doc.sentences if s.label == CONTENT and s.kind != HEADING).lower()
    words = _WORD.findall(text)
    counts: Counter = Counter()
    for a, b in term_spans(words, known):
        if tuple(words[a:b]) in known.discussed:
            counts[" ".join(words[a:b])] += 1
    if counts:
        term, n = min(counts.items(), key=lambda x: (-x[1], x[0]))
        if n >= MIN_DISCUSSED:
            return term, "text"
    return "", NONE


# an acronym the text defines after its long form: "Polycystic ovary syndrome (PCOS)" (words that start at a
# word's start and are of bounded length: a scraper's 100,000-character token stays linear)
_DEFINED_ACRONYM = re.compile(r"(?<![\w'-])((?:[A-Za-z][\w'-]{0,30}\s+){1,%d})\(([A-Z]{2,6})s?\)" % MAX_TERM)


def _acronyms(doc: Document, known: Terms) -> set[str]:
    """The acronyms an article defines for condition terms no vocabulary lists by the acronym ("pcos" for
    polycystic ovary syndrome): a tail of the words before the parenthesis is a known term and the acronym's
    letters stand in it in order, the first starting a word (Schwartz and Hearst's test)."""
    out: set[str] = set()
    for s in doc.sentences:
        if s.label != CONTENT or "(" not in s.text:
            continue
        for m in _DEFINED_ACRONYM.finditer(s.text):
            acronym = m[2].lower()
            if acronym in out or (acronym,) in known.terms:
                continue
            words = [w.lower() for w in _WORD.findall(m[1])]
            if any(tuple(words[-k:]) in known.terms and _spells(acronym, " ".join(words[-k:]))
                   for k in range(1, len(words) + 1)):
                out.add(acronym)
    return out


def _spells(acronym: str, long_form: str) -> bool:
    """Whether the letters of ``acronym`` stand in ``long_form`` in order, its first letter starting a word."""
    j = len(long_form) - 1
    for i in range(len(acronym) - 1, -1, -1):
        while j >= 0 and (long_form[j] != acronym[i] or i == 0 and j > 0 and long_form[j - 1].isalnum()):
            j -= 1
        if j < 0:
            return False
        j -= 1
    return True


# "Can X cause Y?", "What (foods) cause Y?" (about Y, the complaint explained) and "Is X a sign of Y?" (about
# X, the sign)
_QUESTION = re.compile(
    r"^(?:(?:can|could|does|do|will|may)\s+.+?|what(?:\s+\w+){0,3}?(?:\s+(?:can|could|may|might|does|do))?)\s+"
    r"(?:cause|causes|trigger|triggers|lead to|leads to|result in|give you)\s+(?P<effect>[^?:|]+)|"
    r"^(?:is|are|can|could)\s+(?P<sign>.+?)\s+(?:be\s+)?(?:an?\s+)?(?:early\s+)?(?:sign|symptom)s?\s+of\b",
    re.IGNORECASE)
# a title "Head: Causes, Symptoms and Treatment" is about its head, whatever the head names
_ASPECTS = re.compile(r"\b(causes|symptoms|treatments?|prevention|relief|remedies|diagnosis|risk factors|risks|signs|"
                      r"management|care|types|outlook|complications|solutions|options)\b", re.IGNORECASE)
_HEAD_OPENERS = frozenset(("understanding", "about", "all", "explaining", "managing", "treating", "combat",
                           "combating", "experiencing", "the", "a", "an", "your", "common", "types", "of"))
_HEAD_CLOSERS = frozenset(("explained", "overview", "basics", "guide", "solutions", "insights", "facts", "101",
                           "uncovered", "concerns"))


def _subject_head(words: list[str], rules: ExtractRules) -> str:
    """The subject a short title head names before its list of aspects ("Bloody Boogers: Causes,
    Treatments, and Prevention Tips" -> "bloody boogers"), without openers and closers; not a question
    ("Are Ear Infections Contagious?")."""
    while words and words[0] in _HEAD_OPENERS:
        words = words[1:]
    while words and words[-1] in _HEAD_CLOSERS:
        words = words[:-1]
    for k in range(1, len(words) - 1 if len(words) > HEAD_WORDS else 0):
        # a head too long to be a name, whose end says where: "Ganglion Cyst on the Foot" is about a
        # ganglion cyst ("Black Spots on Tongue", short enough, keeps its place)
        rest = [w for w in words[k + 1:] if w not in LEADING]
        if words[k] in ("on", "in", "of", "around", "under", "behind") and rest \
                and all(w in rules.body_parts or fold(w) in rules.body_parts for w in rest):
            words = words[:k]
            break
    if not 0 < len(words) <= HEAD_WORDS or words[0] in rules.question_words or any(w.isdigit() for w in words):
        return ""
    return " ".join(words)


def _complaint(words: list[str], rules: ExtractRules) -> str:
    """A complaint about a body part: "[region] part [muscle] complaint" or "complaint in [the] [region] part"."""
    for i, w in enumerate(words):
        if w not in rules.complaints:
            continue
        complaint = PAIN_WORDS.get(w, w)
        j = i - 1
        if j > 0 and words[j] == "muscle":
            j -= 1
        if j > 0 and words[j].endswith("ing") and words[j - 1] in rules.body_parts:  # "tooth growing pain"
            j -= 1
        before = _with_region(words, j, complaint, rules) if j >= 0 and words[j] in rules.body_parts else ""
        if before and words[j] not in ("nerve", "nerves"):
            return before
        k = i + 1
        if k < len(words) and words[k] in _WHERE:
            k += 1
            if k < len(words) and words[k] in ("the", "your", "my", "a"):
                k += 1
            if k < len(words) and words[k] in ("left", "right"):  # a side is not part of the name
                k += 1
            region = rules.regions.get(words[k], "") if k < len(words) else ""
            if region:
                k += 1
            if k < len(words) and words[k] in rules.body_parts:
                return " ".join(x for x in (region, _singular(words[k]), complaint) if x)
        if before:  # "nerve pain", unless the text says where ("nerve pain in the arm": arm pain)
            return before
        if complaint == "pain" and i + 1 < len(words) and words[i + 1] in _SITUATIONS:
            # "Pain When Walking", "Pain After a Root Canal": the complaint in that situation
            tail = [x for x in words[i + 2:i + 6] if x not in ("a", "an", "the", "your")]
            cut = next((k for k, x in enumerate(tail) if x in _SITUATION_ENDS), len(tail))
            if cut:
                return " ".join(["pain", words[i + 1], *tail[:min(cut, 3)]])
    return ""


_SITUATIONS = frozenset(("when", "while", "during", "after", "at", "from", "with"))
_SITUATION_ENDS = frozenset(("and", "or", "across", "in", "of", "for", "to", "upon", "from", "vs", "causes",
                             "tips", "relief"))

# "pain in the knee", "pain under the left breast", "pain around the ribs", "pain after knee replacement"
_WHERE = frozenset(("in", "of", "under", "around", "behind", "below", "above", "near", "on", "between", "after"))


def _with_region(words: list[str], j: int, complaint: str, rules: ExtractRules) -> str:
    region = rules.regions.get(words[j - 1], "") if j > 0 else ""
    return " ".join(x for x in (region, _singular(words[j]), complaint) if x)


def _singular(word: str) -> str:
    return {"feet": "foot", "knees": "knee", "hips": "hip", "shoulders": "shoulder", "legs": "leg",
            "arms": "arm", "joints": "joint", "teeth": "tooth", "gums": "gum", "ribs": "rib", "ovaries": "ovary",
            "testicles": "testicle", "toes": "toe", "fingers": "finger", "hands": "hand", "nerves": "nerve"}.get(word, word)


def term_spans(words: list[str], known: Terms) -> list[tuple[int, int]]:
    """The condition terms in ``words``, longest first at each place, left to right, without overlaps."""
    out = []
    i = 0
    while i < len(words):
        for n in known.lengths.get(words[i], ()):
            if n <= len(words) - i and tuple(words[i:i + n]) in known.terms and not words[i + n - 1].isdigit():
                out.append((i, i + n))
                i += n
                break
        else:
            i += 1
    return out


def _term(words: list[str], known: Terms, rules: ExtractRules) -> str:
    """The first condition term, with the body parts and regions written before it, and a bare head word
    ("syndrome", "cancers") with the word that names it ("piriformis syndrome", "oral cancers")."""
    spans = term_spans(words, known)
    if not spans:
        return ""
    a, b = spans[0]
    for c, d in spans[1:]:  # terms written together name one condition ("allergy headache", not "sciatica pain")
        if c != b or (d - c == 1 and words[c] in rules.complaints):
            break
        b = d
    while a > 0 and (words[a - 1] in rules.body_parts or words[a - 1] in rules.regions):
        a -= 1
    if b - a == 1 and words[a] in known.heads and a > 0 and words[a - 1].isalpha() \
            and words[a - 1] not in _NOT_A_NAME:  # a bare "syndrome" is named by the word before it
        a -= 1
    return " ".join(words[a:b])


# words before a bare head ("syndrome", "cancers") that do not name it
_NOT_A_NAME = frozenset("""a an the of and or vs versus what how why when is are your my about most common rare
other all types type signs early late new understanding managing living with for to in on at after before during
does do can should long detect actually""".split())


def _named_head(words: list[str], known: Terms, rules: ExtractRules) -> str:
    """A short title head ending in a word disease names end in ("musculoskeletal disorders")."""
    if 1 < len(words) <= HEAD_WORDS and words[-1] in known.heads and words[0] not in rules.question_words:
        return " ".join(words)
    return ""


# a title head that sets two things side by side: "A vs B", "A versus B", "Is It A or B"
_VERSUS = re.compile(r"^(?P<a>.+?)\s+(?:vs\.?|versus)\s+(?P<b>.+)$", re.IGNORECASE)
_IS_IT = re.compile(r"^is it\s+(?P<a>.+?)\s+or\s+(?P<b>.+)$", re.IGNORECASE)
_NOT_NAMING = frozenset("a an the of and or vs versus your my in on with for what is are how to".split())


def name_words(text: str) -> set[str]:
    """A name's words that can name a condition, folded ("Eczema and Hives" -> eczema, hive)."""
    return {fold(w.lower()) for w in _WORD.findall(text)} - _NOT_NAMING


def compared(doc: Document) -> str:
    """The other condition a document's title sets beside its own, in its plainest name; "" when the
    title compares nothing or its other side names no condition ("Normal Baby Tongue vs Thrush", "Type 1
    vs Type 2 Diabetes")."""
    if not doc.condition or not doc.title:
        return ""
    head = _PARENS.sub(" ", _HEAD_SPLIT.split(doc.title.strip(), maxsplit=1)[0])
    m = _IS_IT.match(head) or _VERSUS.match(head)
    if m is None:
        return ""
    own = name_words(doc.condition)
    sides = [name_words(m["a"]), name_words(m["b"])]
    if not own:
        return ""
    mine = [bool(own & s) for s in sides]
    if mine.count(True) != 1:
        return ""
    other = m["b"] if mine[0] else m["a"]
    words = [w.lower() for w in _WORD.findall(other.replace("/", " "))]
    rules = extract_rules()
    name = _complaint(words, rules) or _term(words, terms(), rules)
    # the whole side, not a word of it ("pain" of "Gas Pain" is no name for what the article compares)
    return name if name and name_words(name) == sides[1 if mine[0] else 0] else ""
