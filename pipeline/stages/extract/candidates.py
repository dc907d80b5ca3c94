"""A document's sentences as the rules and the tagger see them (``View``, ``analyse``): the rules'
candidate spans (lexicon, cue constructions, actions, section items), proper names and acronyms, the
mention record built from a span, and the headings and lead-ins of lists (things to avoid, symptoms)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache

from ...config import ExtractSettings
from ...nlp import lemma_table
from ...records import CONTENT, HEADING, ITEM, TEXT, Document, Mention, Sentence
from ...resources.loader import ExtractRules, LexEntry, classify_heading, lexicon
from ..compare import LABEL
from ..condition import head_end, head_word
from ..dedupe import normalize_key
from ..tagger import CUE_SIDES, KINDS, LEX_TAGS, SECTION_CLASSES, STOP, Context
from .base import ITEM_TYPES, NUMBERING, Extractor, Tokens, fold, normalize_tokens, sentence_tokens
from .words import ADVICE


def lexicon_spans(tdoc: Tokens, ex: Extractor) -> list[tuple[int, int, int]]:
    """Non-overlapping (start, end, entry) lexicon matches: longest first, the exact form before a lemma match."""
    found = []
    for match_id, start, end in tdoc.matches["exact"]:
        found.append((end - start, 1, start, end, int(tdoc.vocab.strings[match_id])))
    for match_id, start, end in tdoc.matches["lemma"]:
        found.append((end - start, 0, start, end, int(tdoc.vocab.strings[match_id])))
    found.sort(key=lambda x: (-x[0], -x[1], x[2]))
    taken = [False] * len(tdoc)
    out = []
    for _, exact, start, end, idx in found:
        if any(taken[start:end]):
            continue
        for k in range(start, end):
            taken[k] = True
        out.append((start, end, idx))
    return sorted(out)


def _phrases(tdoc: Tokens, start: int, end: int, step: int, rules: ExtractRules) -> list[tuple[int, int]]:
    """Phrases next to a cue, reading forward (step 1) or backward (step -1), split at commas and and/or."""
    out, cur = [], []
    i = start
    while 0 <= i < len(tdoc) and (end < 0 or i != end):
        low = tdoc.lowers[i]
        if tdoc.is_punct(i) and low not in ("-", "'", "’"):
            if cur:
                out.append(cur)
                cur = []
            if low != ",":
                break
        elif low in ("and", "or", "&"):
            if cur:
                out.append(cur)
                cur = []
        elif low in rules.stop or tdoc.like_num(i) and not cur:
            if cur:
                out.append(cur)
            break
        else:
            cur.append(i)
        i += step
        if len(out) >= 6:
            break
    if cur:
        out.append(cur)
    spans = []
    for idx in out:
        idx = sorted(idx)
        while idx and tdoc.lowers[idx[0]] in rules.leading_drop:
            idx = idx[1:]
        if not idx or len(idx) > rules.max_words:
            if step < 0:
                break
            continue
        spans.append((idx[0], idx[-1] + 1))
        if step < 0:
            break  # before a cue, only the nearest phrase is its subject
    return spans


@lru_cache(maxsize=1)
def _nouns() -> frozenset[str]:
    """Words WordNet knows as nouns, plus the lexicon's words: the heads a mention phrase can have."""
    from ...derived import file_stamp, memo
    from ...resources import resource_versions
    from ...resources.loader import lexicon
    from ...wordnet import WordNetMissing, load, resolve

    try:
        wn = load()
    except WordNetMissing:
        return frozenset()

    def build() -> frozenset[str]:
        words = {w.lower() for e in lexicon() for w in e.surface.split()}
        words.update(l for pos, lemmas in wn.synsets if pos == "n" for l in lemmas if "_" not in l)
        return frozenset(words)

    return memo("nouns", (file_stamp(resolve()), resource_versions().get("lexicon.csv")), build)


def _plausible(tdoc: Tokens, a: int, b: int) -> bool:
    """Without a tagger: a phrase whose last word is a noun (WordNet), not a number, and, alone, not a
    very common word ("changes", "way"): "left untreated" or "10-15 minutes" are not mentions."""
    from ..despin import zipf

    nouns = _nouns()
    head = fold(tdoc.texts[b - 1])
    if tdoc.like_num(a) or tdoc.texts[a][:1].isdigit():
        return False
    if nouns and head not in nouns and head.rstrip("s") not in nouns:
        return False
    return b - a > 1 or zipf(head) < 4.8


def _blocked(tdoc: Tokens, a: int, b: int, taken: list[bool], generic: list[bool], rules: ExtractRules,
             before_cue: bool) -> bool:
    """A cue phrase the lexicon already covers, made only of generic words, or (before a cue) the object
    of a lexicon verb ("Strengthening the gluteal muscles can help": strengthening is the subject)."""
    if any(taken[a:b]):
        return True
    if all(generic[k] or tdoc.lowers[k] in ("of", "-") for k in range(a, b)):
        return True
    if not _plausible(tdoc, a, b):
        return True
    if before_cue and a > 0:
        k = a - 1
        if tdoc.lowers[k] in rules.leading_drop and k > 0:
            k -= 1
        return taken[k]
    return False


def _section_class(section: str, title: str = "") -> str:
    """The class of the innermost classified heading above a sentence; the article's title does not count."""
    for heading in reversed(section.split(" > ")) if section else []:
        if heading == title:
            continue
        cls = classify_heading(heading)
        if cls in ITEM_TYPES:
            return cls
        if cls:
            return ""
    return ""


_APOSTROPHE = re.compile("['’]")


def _item_phrase(text: str, kind: str, rules: ExtractRules) -> tuple[int, int] | None:
    """The span of a section item's name inside its sentence text: a short heading/item, or a "Label:" prefix."""
    m = NUMBERING.match(text)
    a = m.end() if m else 0
    label_end = text.find(":", a)
    if 0 < label_end - a <= 60 and len(text[a:label_end].split()) <= rules.item_max_words:
        b = label_end
    elif kind in (HEADING, ITEM):
        b = len(text.rstrip(" .!?"))
    else:
        return None
    phrase = text[a:b].strip().lower()
    words = phrase.split()
    if not words or len(words) > rules.item_max_words or phrase in rules.stoplabels:
        return None
    first = _APOSTROPHE.split(words[0], 1)[0]  # "here’s" opens like "here"
    if first in rules.question_words or phrase.endswith("?") or first in rules.item_openers:
        return None
    if any(w.strip(",.") in rules.complaints or w == "pain" for w in words):
        return None  # a kind of the complaint itself ("Lower Back Pain Postpartum"), not a cause of it
    if any(w in rules.stop and w not in ("and", "or", "with", "for", "in", "on", "of", "to", "from", "after", "before",
                                         "during", "like")
           for w in words[1:]):
        return None  # a clause ("Here are a few to consider"), not the name of something
    return a, b


def mention(doc: Document, sent, tdoc: Tokens, start: int, end: int, typ: str, rule: str, entry: LexEntry | None,
            section: str, leading_drop: frozenset[str]) -> Mention:
    a, b = (sent.start + c for c in tdoc.chars(start, end))
    words = [tdoc.texts[k] for k in range(start, end) if tdoc.lowers[k] not in leading_drop or k > start]
    return Mention(mention_id=f"{doc.doc_id}-{a:06d}", doc_id=doc.doc_id, sentence_index=sent.index, start=a, end=b,
                   type=typ, surface=doc.text[a:b], norm=normalize_tokens(words), section=section, rule=rule,
                   # a lexicon entry of another type (a treatment the tagger read as a cause: "physical activity
                   # can contribute to hip pain") lends its words, not its concept
                   concept=entry.concept if entry and entry.type == typ else "",
                   ontology_id=entry.ontology_id if entry and entry.type == typ else "")


# words that end the name of an organization or a publication ("American Psychological Association")
_ORGANIZATIONS = frozenset(("association", "society", "foundation", "institute", "institutes", "center", "centre",
                            "clinic", "journal", "agency", "academy", "college", "university", "hospital",
                            "organization", "organisation", "council", "department", "school", "network",
                            "administration", "alliance", "coalition", "federation", "board", "centers"))
_NAME_JOINS = frozenset(("of", "for", "and", "&", "the", "on", "-", "–"))
_NAME_WORDS = 12


def mostly_lower(texts: list[str]) -> bool:
    """Whether most words of a sentence are in lower case (prose, not a title-cased heading or label)."""
    words = [t for t in texts if t[:1].isalpha()]
    return 2 * sum(t[:1].isupper() for t in words) <= len(words)


def in_proper_name(texts: list[str], start: int, end: int, after_capital: bool = True) -> bool:
    """Whether capitalized mention tokens ``start:end`` are part of a proper name in prose: the run of
    capitalized words holding them names an organization or a publication ("the American Cancer Society",
    "Journal of Cataract and Refractive Surgery"), or a one-word mention follows a capitalized word ("Johns
    Hopkins Medicine", "Yale Medicine"; not "group A Streptococcus"; only with ``after_capital``). For a
    sentence mostly in lower case (``mostly_lower``): headings and title-cased labels capitalize every word."""
    if not all(texts[k][:1].isupper() for k in range(start, end)):
        return False
    a, b = start, end
    # a name is a dozen words at most (a bound that keeps a run-on text of capitals linear)
    while a > max(1, start - _NAME_WORDS) and (texts[a - 1][:1].isupper() or texts[a - 1].lower() in _NAME_JOINS
                                               and texts[a - 2][:1].isupper()):
        a -= 1
    while b < min(len(texts), end + _NAME_WORDS) and (texts[b][:1].isupper() or texts[b].lower() in _NAME_JOINS
                                                      and b + 1 < len(texts) and texts[b + 1][:1].isupper()):
        b += 1
    if sum(texts[k][:1].isupper() for k in range(a, b)) > 1 and any(texts[k].lower() in _ORGANIZATIONS
                                                                     for k in range(a, b)):
        return True
    # a capitalized word right before a one-word mention, not the sentence's first word nor a letter
    return after_capital and end - start == 1 and start > 1 and texts[start - 1][:1].isupper() \
        and len(texts[start - 1]) > 1 and texts[start - 1].isalpha()


def acronyms(texts: list[str], mentions: list) -> None:
    """An acronym in parentheses stands for the words before it that it abbreviates: where one mention
    names them ("peripheral artery disease (PAD)"), the acronym takes its type and concept (not those of
    the "pad" it spells)."""
    for a, b, m in mentions:
        word = texts[a] if b - a == 1 else ""
        n = len(word)
        if n >= 2 and word.isalpha() and word.isupper() and a > n and texts[a - 1] == "(" \
                and b < len(texts) and texts[b] == ")":
            # the n words before the parenthesis (hyphens and other punctuation skipped: "platelet-rich")
            at = [k for k in range(max(0, a - 1 - 2 * n), a - 1) if texts[k][:1].isalpha()][-n:]
            if len(at) == n and "".join(texts[k][0] for k in at).upper() == word:
                # one mention that holds the last of those words and starts by the second ("lower back pain
                # (LBP)": "back pain" stands for it; "rest, ice, compression, elevation (RICE)": none does)
                full = next((x[2] for x in mentions if x[0] <= at[1 if n > 2 else 0] and x[1] > at[-1]), None)
                if full is not None:
                    m.type, m.concept = full.type, full.concept or m.concept


def lemmas(name: str) -> tuple[str, ...]:
    """A name's words as lemmas ("coughing" -> cough), to tell the condition in other words."""
    lemmas = lemma_table()
    return tuple(lemmas(w) for w in name.split())


def part_of_condition(norm: str, condition: str) -> bool:
    """Whether a mention names the article's condition by a part of its name that holds its head word
    ("diabetes" in an article on type 2 diabetes, "back pain" in one on lower back pain): the topic, not a
    cause of it."""
    words, names = norm.split(), condition.split()
    cut = head_end(names)
    return bool(words and names) and words[-1] == names[cut - 1] and set(words) <= set(names[:cut])


def is_topic(norm: str, condition: str, complaints: frozenset[str]) -> bool:
    """The article's own subject ("back pain" in an upper-back-pain article) is not a symptom mention, nor
    is its head word alone ("headache" in an article on allergy headaches, "rash" in one on a neck rash:
    the guide's general topic, as a pain is in an article on back pain)."""
    if not condition:
        return False
    cw = condition.split()
    nw = set(norm.split())
    head = fold(head_word(condition))
    # (a bare pain is; the pain of the condition's body part is its topic where the condition is itself a
    # complaint, not "ear pain" in an article on ear infections)
    return norm == condition or nw <= {"pain", "ache"} or (
        nw <= set(cw) | {"pain", "ache"} and bool(nw & (complaints | {"pain"})) and head in complaints) or (
        len(cw) > 1 and len(nw) == 1 and fold(norm) == head)


@dataclass
class View:
    """One content sentence as extraction sees it: its tokens, section class, and the rules' candidates."""

    sentence: Sentence
    cls: str                 # the class of its section when it types items (cause, symptom...), else ""
    tokens: Tokens
    found: list              # the rules' mentions: (start token, end token, type, rule, lexicon entry or None)
    generic: list[bool]      # per token: inside a lexicon entry of type "none" (a body part, a generic word)
    lex: list[str]           # per token: its lexicon tag (``tagger.LEX_TAGS``)

    @cached_property
    def prose(self) -> bool:
        """Whether the sentence is mostly in lower case: read once, when a capitalized mention needs it (a
        sentence of thousands of capitalized words would otherwise be read again for each)."""
        return mostly_lower(self.tokens.texts)


def _heading_class(section: str, title: str) -> tuple[str, str]:
    """The class and text of the innermost classified heading above a sentence (not the article's title),
    else ("", the innermost heading)."""
    heads = [h for h in section.split(" > ") if h != title] if section else []
    for heading in reversed(heads):
        cls = classify_heading(heading)
        if cls:
            return cls, heading
    return "", heads[-1] if heads else ""


def analyse(doc: Document, ex: Extractor, settings: ExtractSettings,
            context: bool = True) -> tuple[list[View], Context]:
    """Every content sentence of a kept document (but its title) with its tokens and the rules'
    candidates, and (``context``) the tagger's view of them."""
    rules = ex.rules
    title = _title_index(doc)
    title_text = doc.sentences[title].text if title >= 0 else doc.title
    todo = [s for s in doc.sentences if s.label == CONTENT and s.index != title]
    views, ctx = [], Context()
    if not todo:
        return views, ctx
    cond_words = set(doc.condition.split())
    heads = [_heading_class(s.section, title_text) for s in todo]
    if not context:
        # without the tagger only sentences where a matcher can match, or a section item can be, need
        # tokens (half of a news page's do not): the others have no mentions and no triggers
        keep = [settings.use_patterns and h[0] in ITEM_TYPES or ex.anchors.may_match(s.text)
                for s, h in zip(todo, heads)]
        todo = [s for s, k in zip(todo, keep) if k]
        heads = [h for h, k in zip(heads, keep) if k]
        if not todo:
            return views, ctx
    for s, (heading_cls, heading), tdoc in zip(todo, heads, sentence_tokens([s.text for s in todo], ex)):
        cls = ITEM_TYPES.get(heading_cls, "") if heading_cls in ITEM_TYPES else ""
        view = View(s, cls, tdoc, [], [False] * len(tdoc), ["O"] * len(tdoc))
        _rule_candidates(view, ex, settings)
        views.append(view)
        if context:
            ctx.add_sentence(tdoc.texts, _families(view, heading_cls, rules, cond_words),
                             tuple(w for w in HEAD_WORD.findall(heading.lower()) if w not in STOP))
    return views, ctx


HEAD_WORD = re.compile(r"[a-z][a-z'-]+")


def _rule_candidates(view: View, ex: Extractor, settings: ExtractSettings) -> None:
    """The lexicon's, the cue constructions' and the section items' mentions of a sentence."""
    rules, tdoc, s, cls = ex.rules, view.tokens, view.sentence, view.cls
    taken = [False] * len(tdoc)   # tokens of typed lexicon mentions: cue phrases never overlap them
    for start, end, idx in lexicon_spans(tdoc, ex):
        e = ex.entries[idx]
        view.lex[start] = f"B-{e.type}"
        for k in range(start, end):
            (view.generic if e.type == "none" else taken)[k] = True
            if k > start:
                view.lex[k] = f"I-{e.type}"
        if e.type == "none":
            continue
        typ = cls if e.section_typed and cls in ("cause", "symptom") else e.type
        view.found.append((start, end, typ, "lexicon", e))
    if not settings.use_patterns:
        return
    care = rules.care if rules.care is not None and rules.care.may_match(tdoc.lowers) else None
    for m in care.pattern.finditer(s.text) if care is not None else ():
        # seeking professional care ("talk with your doctor", "seek professional help") is a treatment,
        # unless a disclaimer says something does not replace it
        if _REPLACES.search(s.text, max(0, m.start() - 40), m.start()):
            continue
        _claim(view, taken, m, "treatment", "care", _care_entry(m.group(0), care))
    for match_id, cstart, cend in tdoc.matches["cues"]:
        cue = ex.cue_of[tdoc.vocab.strings[match_id]]
        spans = (_phrases(tdoc, cend, -1, 1, rules) if cue.side == "after"
                 else _phrases(tdoc, cstart - 1, -1, -1, rules))
        for a, b in spans:
            if _blocked(tdoc, a, b, taken, view.generic, rules, cue.side == "before"):
                continue
            for k in range(a, b):
                taken[k] = True
            view.found.append((a, b, cue.type, f"cue:{cue.id}", None))
    if cls and not (s.kind == HEADING and classify_heading(s.text)):
        span = _item_phrase(s.text, s.kind, rules)
        if span is not None:
            chars = tdoc.char_span(span[0], span[1])
            if (chars is not None and chars[1] > chars[0] and not any(taken[chars[0]:chars[1]])
                    and not all(view.generic[chars[0]:chars[1]])):
                view.found.append((chars[0], chars[1], ITEM_TYPES[cls], "section_item", None))
                for k in range(chars[0], chars[1]):
                    taken[k] = True
    for action in rules.actions:
        # an exercise or symptom named by a verb phrase ("harder to breathe")
        if action.anchors.isdisjoint(tdoc.lowers):
            continue
        for m in action.pattern.finditer(s.text):
            span = tdoc.char_span(m.start(), m.end())
            if span is not None:
                # a name inside the phrase, not at its ends, is part of it ("harder for COPD patients to
                # breathe"), and so is one of the phrase's own type at an end ("strengthening" of
                # "strengthening the core") or of a type the rule takes in ("infection" of "signs of infection")
                inner = [f for f in view.found if f[3] == "lexicon" and (
                    span[0] < f[0] and f[1] < span[1]
                    or (f[2] == action.type or f[2] in action.takes_in)
                    and span[0] <= f[0] and f[1] <= span[1] and f[1] - f[0] < span[1] - span[0])]
                theirs = {k for f in inner for k in range(f[0], f[1])}
                if inner and all(k in theirs or not taken[k] for k in range(span[0], span[1])):
                    view.found = [f for f in view.found if f not in inner]
                    for k in theirs:
                        taken[k] = False
            _claim(view, taken, m, action.type, f"action:{action.id}", lexicon_entries().get(action.concept))
    view.found.sort(key=lambda x: x[0])


def _claim(view: View, taken: list[bool], m: re.Match, typ: str, rule: str, entry: LexEntry | None) -> None:
    """A phrase rule's match as a mention candidate, unless its tokens are already another's; where the
    pattern names groups that matched (``name``, ``age``; ``also`` of "runners and cyclists"), each of
    them is a mention instead."""
    for group in [g for g in m.re.groupindex if m.start(g) >= 0] or [0]:
        span = view.tokens.char_span(m.start(group), m.end(group))
        if span is not None and span[1] > span[0] and not any(taken[span[0]:span[1]]):
            for k in range(*span):
                taken[k] = True
            view.found.append((span[0], span[1], typ, rule, entry))


_REPLACES = re.compile(r"\b(replace|replaces|replacing|replacement|substitute|substitutes|substitution)\b[^.;]*$",
                       re.IGNORECASE)
PHRASE_RULE = re.compile(r"care$|action:")  # rules whose phrase wins over a tagger span inside it


def _care_entry(phrase: str, care) -> LexEntry | None:
    """The lexicon entry a phrase of seeking care links to: emergency care when it is urgent ("seek
    immediate medical attention"), none for a referral ("refer you to a specialist"), else a medical
    consultation."""
    if phrase.lower().startswith(care.referral):
        return None
    return lexicon_entries().get("emergency care" if care.urgent.search(phrase) else "medical consultation")


@lru_cache(maxsize=1)
def lexicon_entries() -> dict[str, LexEntry]:
    """The lexicon's entries by surface: what a phrase rule's concept names."""
    return {e.surface: e for e in lexicon()}


def _families(view: View, heading_cls: str, rules: ExtractRules, cond_words: set[str]) -> dict[str, list[int]]:
    """Each tagger context family's value index for every token of a sentence."""
    tdoc, n = view.tokens, len(view.tokens)
    lex = [_LEX_INDEX[t] for t in view.lex]
    sec = _SEC_INDEX.get(heading_cls, 0)
    kind = _KIND_INDEX.get(view.sentence.kind, 0)
    after, before, item, avoid = [0] * n, [0] * n, [0] * n, [0] * n
    for match_id, cstart, cend in tdoc.matches["cues"]:
        cue = _CUE_INDEX[rules_cue(tdoc, match_id, rules).type]
        if cue:
            for k in range(cend, clause(tdoc, cend - 1, 1, rules.terminators) + 1) if cend < n else ():
                after[k] = cue
            for k in range(clause(tdoc, cstart, -1, rules.terminators), cstart) if cstart > 0 else ():
                before[k] = cue
    for a, b, typ, rule, _ in view.found:
        if rule == "section_item":
            for k in range(a, b):
                item[k] = _CUE_INDEX[typ]
    for match_id, start, end in tdoc.matches["triggers"]:
        trig = trigger(tdoc, match_id, rules)
        if trig.flag == "contraindicated" and trig.direction == "forward" and end < n:
            for k in range(end, clause(tdoc, end - 1, 1, rules.terminators) + 1):
                avoid[k] = 1
    colon = view.sentence.text.find(":")
    label = [0] * n
    if 0 < colon <= 60:
        for k in range(n):
            label[k] = 1 if tdoc.chars(k, k + 1)[0] < colon else 2
    pos = [0] * n
    if n == 1:
        pos[0] = 3
    elif n:
        pos[0], pos[-1] = 1, 2
    return {"lex": lex, "lex-1": [0] + lex[:-1], "lex+1": lex[1:] + [0], "sec": [sec] * n, "kind": [kind] * n,
            "seclex": [sec * len(LEX_TAGS) + t for t in lex], "seckind": [sec * len(KINDS) + kind] * n,
            "cueafter": after, "cuebefore": before, "item": item, "pos": pos, "label": label,
            "cond": [1 if w in cond_words else 0 for w in tdoc.lowers], "avoid": avoid}


_LEX_INDEX = {t: i for i, t in enumerate(LEX_TAGS)}
_SEC_INDEX = {c: i for i, c in enumerate(SECTION_CLASSES)}
_KIND_INDEX = {k: i for i, k in enumerate(KINDS)}
_CUE_INDEX = {t: i for i, t in enumerate(CUE_SIDES)}


def rules_cue(tdoc: Tokens, match_id: int, rules: ExtractRules):
    return next(c for c in rules.cues if c.id == tdoc.vocab.strings[match_id])


def trigger(tdoc: Tokens, match_id: int, rules: ExtractRules):
    return next(t for t in rules.triggers if t.id == tdoc.vocab.strings[match_id])


CONTRAINDICATED = "contraindicated"
# a heading over a list of things to avoid ("Foods to Avoid", "7 Foods to Avoid with COPD", "Don'ts"),
# not one about avoiding a complaint ("Tips to Avoid Back Pain") or about who should not use something
AVOID_SECTION = re.compile(
    r"\b(foods?|drinks?|beverages?|things|activities|exercises|habits|ingredients|items|products|medications?|"
    r"supplements|positions|movements|stretches|sports|treatments|remedies)\s+(you should\s+|to\s+)(avoid|limit|skip|stay away from)\b"
    r"(?!\s+(?!with|for|if|when|during|in|while|after|before|on)\w)|(?<!and )\bdon['’]?ts\b|\bwhat not to\b|\bnot to (eat|drink|do)\b",
    re.IGNORECASE)
_ITEM_WORDS = 6  # a list item of at most this many words names things; a longer one is prose


def item_names(text: str) -> int:
    """Where the part of an item of a list of what to avoid that names the things ends: after "Here's what
    to avoid:" an item names the thing ("Onion rings") or labels it ("Certain medications: they may dampen
    your response to the vaccine"); a longer item is prose whose own triggers say what it advises against
    (0)."""
    label = LABEL.match(text)
    return label.end() if label else len(text) if len(text.split()) <= _ITEM_WORDS else 0


# a sentence that introduces a list of things to avoid ("Here's what to avoid:", "You should avoid:", "avoid
# or limit foods and drinks like these:"), not a purpose ("Here are tips to avoid back pain:")
_AVOID_OBJECTS = r"(foods?|drinks?|beverages?|ingredients|items|products|snacks|meals)"
AVOID_LEAD = re.compile(
    r"\b(what|things) (not )?to (avoid|limit|skip|eat less of)\b|"
    r"\b(avoid|limit|exclude|skip)(\s+or\s+(avoid|limit|exclude))?(\s+(the following|these|those|certain|some|such))?"
    rf"(\s+[\w-]+){{0,2}}?\s+{_AVOID_OBJECTS}\b(?![\s-]+(poisoning|allerg|intoleran|borne))|"
    rf"\b{_AVOID_OBJECTS} that\b[^:]*\b(avoid(ed)?|limit(ed)?|exclude)\b[^:]*\binclude\s*:$|"
    r"\b(avoid|limit|exclude)(\s+or\s+(avoid|limit|exclude))?(\s+the following)?\s*(\([^)]*\))?\s*:$|"
    rf"\b{_AVOID_OBJECTS}( and {_AVOID_OBJECTS})? (you should |to )(avoid|limit|skip|steer clear of|stay away from)\b|"
    r"\bto (steer clear of|stay away from)\s*:$",
    re.IGNORECASE)


def listed_after(doc: Document, lead: re.Pattern) -> set[int]:
    """The list items (sentence indices) introduced by a sentence that ends in a colon and matches ``lead``."""
    out, on = set(), False
    for s in doc.sentences:
        if s.label != CONTENT:
            continue
        if s.kind == ITEM:
            if on:
                out.add(s.index)
            continue
        text = s.text.rstrip()
        on = s.kind == TEXT and text.endswith(":") and bool(lead.search(text))
    return out


SHORT_ITEM = 8
# a word after which a symptom list item names what brings the symptom on or when ("coughing after consuming
# cold foods", "fractures from minor falls", "pain with certain positions"), not another symptom
QUALIFIED = re.compile(r"\b(?:after|from|with|during|around|for|if|when|while|in|by|due|because|since|before|"
                       r"especially)\b", re.IGNORECASE)
# a sentence that introduces a list of the condition's symptoms ("Symptoms of COPD include:", "Common signs
# are:"); not one of what causes them, nor of a treatment's side effects
SYMPTOM_LEAD = re.compile(
    r"^(?!.*\b(?:caus\w*|side effects?|treat\w*|trigger\w*|risks?|manag\w*|reduc\w*|allevia\w*|reliev\w*|help\w*|"
    r"mistaken|conditions?|differ\w*|worse)\b).*\b(?:symptoms?|signs?)\b(?:\s+(?:of|in|that|to)\b[^:]{0,60}?)?\s*"
    r"(?:(?:may|can|might|often|typically|usually|commonly|also)\s+){0,2}(?:include|includes|including|are|such as|"
    r"like)?\s*:\s*$", re.IGNORECASE)


# a numbered heading ("2. Salty Foods") is an entry of the list its parent heading announces
NUMBERED = re.compile(r"^\s*\d{1,2}[.)]\s")


def avoid_heading(section: str) -> str | None:
    """The kind of thing ("foods", "exercises") a sentence's section lists to avoid, "" for things or don'ts,
    None when the section is not such a list: its own heading, or the heading above a numbered one."""
    for heading in reversed(section.split(" > ") if section else []):
        m = AVOID_SECTION.search(heading)
        if m:
            return (m[1] or "").lower()
        if not NUMBERED.match(heading):
            return None
    return None


def listed_sentence(s: Sentence) -> bool:
    """Whether a sentence is an entry of a list: a list item, a table row or a "Label: ..." paragraph (prose
    under a heading of things to avoid also says what to do instead)."""
    return s.kind == ITEM or (s.kind == TEXT and (" | " in s.text or bool(LABEL.match(s.text))))


def one_flag_per_item(mentions: list[Mention]) -> None:
    """A treatment or exercise the article advises against anywhere is contraindicated in every mention of
    it there: the knowledge base never lists it as advice for that article."""
    against: dict[tuple[str, str], str] = {}
    for m in mentions:
        if m.flag == CONTRAINDICATED:
            against.setdefault((m.type, normalize_key(m.surface)), m.mention_id)
    if against:
        for m in mentions:
            source = against.get((m.type, normalize_key(m.surface))) if m.type in ADVICE and not m.flag else None
            if source:
                m.flag, m.flag_from = CONTRAINDICATED, source


def _title_index(doc: Document) -> int:
    """The sentence that is the article's title: its words name the topic, not mentions (-1 when none)."""
    for s in doc.sentences[:3]:
        if s.label == CONTENT and (s.text == doc.title or (s.index == 0 and s.kind == HEADING)):
            return s.index
    return -1


_REASONS = frozenset(("as", "because", "since"))


def bounds(lowers: list[str], k: int, terminators: frozenset[str]) -> bool:
    """Whether token ``k`` ends a clause: a terminator, or a reason after a comma ("Quit smoking, as it...")."""
    return lowers[k] in terminators or (lowers[k] in _REASONS and k > 0 and lowers[k - 1] == ",")


def clause(tdoc: Tokens, i: int, step: int, terminators: frozenset[str]) -> int:
    """The token index where the clause containing token ``i`` ends (step 1) or starts (step -1)."""
    lowers = tdoc.lowers
    j = i
    while 0 <= j + step < len(lowers) and not bounds(lowers, j + step, terminators):
        j += step
    return j
