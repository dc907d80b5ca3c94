"""Load and validate rule files: every problem names the rule and lists the allowed values."""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache

from . import path


class ResourceError(ValueError):
    """A rule or vocabulary file is invalid; the message names the file, the row and the fix."""


CLEAN_GROUPS = ("nav", "cookie", "privacy", "legal", "disclaimer", "editorial", "byline", "bio", "date", "cta",
                "social", "image_credit", "reference", "comment", "teaser", "debris", "fragment", "toc",
                "repeated", "template", "off_topic", "header")


@dataclass(frozen=True)
class Rule:
    id: str
    group: str
    pattern: re.Pattern
    scope: str = "sentence"
    max_words: int = 0
    example: str = ""
    near_miss: str = ""

    @property
    def reason(self) -> str:
        return f"{self.group}:{self.id}"


def _load_toml(name: str) -> dict:
    try:
        return tomllib.loads(path(name).read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ResourceError(f"{name}: not valid TOML: {exc}") from None


def parse_rules(data: dict, name: str) -> tuple[Rule, ...]:
    problems, rules, seen = [], [], set()
    for i, raw in enumerate(data.get("rule", []), start=1):
        rid = raw.get("id", f"#{i}")
        where = f"{name}: rule {rid!r}"
        for key in ("id", "group", "pattern", "example", "near_miss"):
            if not raw.get(key):
                problems.append(f"{where}: missing {key}")
        if rid in seen:
            problems.append(f"{where}: duplicate id")
        seen.add(rid)
        if raw.get("group") and raw["group"] not in CLEAN_GROUPS:
            problems.append(f"{where}: unknown group {raw['group']!r}; allowed: {', '.join(CLEAN_GROUPS)}")
        scope = raw.get("scope", "sentence")
        if scope not in ("sentence", "section"):
            problems.append(f"{where}: unknown scope {scope!r}; allowed: sentence, section")
        unknown = set(raw) - {"id", "group", "pattern", "scope", "max_words", "example", "near_miss", "case"}
        if unknown:
            problems.append(f"{where}: unknown keys {sorted(unknown)}")
        try:
            flags = 0 if raw.get("case") else re.IGNORECASE
            pattern = re.compile(raw.get("pattern", ""), flags)
        except re.error as exc:
            problems.append(f"{where}: bad pattern: {exc}")
            continue
        if not problems:
            rules.append(Rule(rid, raw["group"], pattern, scope, int(raw.get("max_words", 0)),
                              raw["example"], raw["near_miss"]))
    if problems:
        raise ResourceError("invalid rules:\n  " + "\n  ".join(problems))
    return tuple(rules)


@lru_cache(maxsize=1)
def boilerplate_rules() -> tuple[Rule, ...]:
    return parse_rules(_load_toml("boilerplate_rules.toml"), "boilerplate_rules.toml")


def _symbol(text: str) -> bool:
    """A literal of symbols outside ASCII ("©", "»"): rare in prose, so a selective keyword however short."""
    return bool(text) and all(not ch.isascii() and not ch.isalnum() for ch in text)


def required_literals(pattern: str) -> frozenset[str] | None:
    """Lower-case literal strings one of which occurs in every match of ``pattern``, or None when unknown.

    Walks the stdlib's parse of the regular expression: a sequence needs its longest literal run, a
    branch needs one literal from each alternative. Used as a cheap substring prefilter."""
    try:
        from re import _parser as sre_parse  # Python 3.11+
    except ImportError:  # pragma: no cover
        import sre_parse  # type: ignore
    from re import _constants as c

    def seq(items) -> frozenset[str] | None:
        best: frozenset[str] | None = None
        run = ""
        options: list[frozenset[str]] = []
        for op, av in items:
            if op is c.LITERAL:
                run += chr(av)
                continue
            if run:
                options.append(frozenset([run]))
                run = ""
            if op is c.SUBPATTERN:
                sub = seq(av[-1])
                if sub is not None:
                    options.append(sub)
            elif op is c.BRANCH:
                alts = [seq(a) for a in av[1]]
                if all(a is not None for a in alts):
                    options.append(frozenset().union(*alts))
            elif op in (c.MAX_REPEAT, c.MIN_REPEAT) and av[0] >= 1:
                sub = seq(av[2])
                if sub is not None:
                    options.append(sub)
        if run:
            options.append(frozenset([run]))
        for opt in options:
            if all(len(x.strip()) >= 3 or _symbol(x.strip()) for x in opt) and (best is None or min(map(len, opt)) > min(map(len, best))):
                best = opt
        return best

    lits = seq(sre_parse.parse(pattern, re.IGNORECASE))
    return frozenset(x.lower().strip() for x in lits) if lits else None


def _syntax(pattern: str):
    """``(index, char, depth)`` of a pattern's characters outside escapes and character classes, depth
    being the number of groups open before the character."""
    depth, i, class_from = 0, 0, -1  # class_from: where the open class's members start (-1: none open)
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            i += 2
            continue
        if class_from >= 0:
            if ch == "]" and i > class_from:  # "]" first in a class is a member
                class_from = -1
        elif ch == "[":
            class_from = i + 2 if pattern[i + 1:i + 2] == "^" else i + 1
        else:
            yield i, ch, depth
            depth += (ch == "(") - (ch == ")")
        i += 1


def top_branches(pattern: str) -> list[str]:
    """The top-level alternatives of a regular expression's source, each a pattern of its own; a branch
    that is one plain group around alternatives (``(a|b)``) is opened in turn. ``search`` of the whole
    pattern finds a match exactly when one of the branches' does. A pattern with inline flags stays whole."""
    if pattern.startswith("(?") and not pattern.startswith("(?:"):
        return [pattern]
    cuts = [i for i, ch, depth in _syntax(pattern) if ch == "|" and depth == 0]
    if cuts:
        bounds = zip([-1, *cuts], [*cuts, len(pattern)])
        return [b for a, z in bounds for b in top_branches(pattern[a + 1:z])]
    head = "(?:" if pattern.startswith("(?:") else "(" if pattern.startswith("(") and pattern[1:2] != "?" else ""
    close = next((i for i, ch, depth in _syntax(pattern) if ch == ")" and depth == 1), None) if head else None
    if close == len(pattern) - 1:  # one group around the whole pattern: its alternatives are branches
        inner = top_branches(pattern[len(head):-1])
        if len(inner) > 1:
            return inner
    return [pattern]


@dataclass(frozen=True)
class Branch:
    """One alternative of a rule's pattern, searched on its own when the sentence can match it."""

    rule_id: str
    pattern: re.Pattern
    keywords: frozenset[str] | None  # one of them is in every match; None: always searched


@lru_cache(maxsize=1)
def rule_branches() -> dict[str, tuple[Branch, ...]]:
    """Rule id -> its pattern's top-level alternatives with their required literals. An anchored branch
    (``^...``) is tried at the start only, so it is cheap to search always; an unanchored one without a
    literal is searched always too (and scans the whole sentence)."""
    out = {}
    for r in boilerplate_rules():
        parts = []
        for b in top_branches(r.pattern.pattern):
            kws = None if b.startswith("^") else required_literals(b)
            parts.append(Branch(r.id, re.compile(b, r.pattern.flags), kws))
        out[r.id] = tuple(parts)
    return out


class RuleIndex:
    """Which rule branches a sentence can match, found without searching each branch.

    An Aho-Corasick automaton finds every branch keyword in the lower-cased sentence (overlapping ones
    too); the branches without a keyword are joined into one pattern that is searched once, and
    only when it matches are they searched one by one."""

    def __init__(self, branches: dict[str, tuple[Branch, ...]]):
        import ahocorasick

        self.branches = branches
        by_kw: dict[str, set[tuple[str, int]]] = {}
        always: list[tuple[str, int]] = []
        for rid, parts in branches.items():
            for j, b in enumerate(parts):
                if b.keywords is None:
                    always.append((rid, j))
                for k in b.keywords or ():
                    by_kw.setdefault(k, set()).add((rid, j))
        self.scanner = ahocorasick.Automaton()
        for k in sorted(by_kw):
            self.scanner.add_word(k, frozenset(by_kw[k]))
        self.searchable = bool(by_kw)
        if self.searchable:
            self.scanner.make_automaton()
        # anchored branches ("^...") joined are tried at the start only (``match``), the others scan
        anchored = [(rid, j) for rid, j in always if branches[rid][j].pattern.pattern.startswith("^")]
        floating = [pair for pair in always if pair not in anchored]
        self.groups = [(frozenset(pairs), _joined([branches[rid][j].pattern for rid, j in pairs], strip), strip)
                       for pairs, strip in ((anchored, True), (floating, False)) if pairs]

    def candidates(self, text: str) -> dict[str, list[re.Pattern]]:
        """Rule id -> the branches of that rule worth searching in ``text`` (rules with none left out)."""
        found: set[tuple[str, int]] = set()
        for pairs, joined, anchored in self.groups:
            if joined is None or (joined.match(text) if anchored else joined.search(text)):
                found |= pairs
        if self.searchable:
            for _, pairs in self.scanner.iter(text.lower()):
                found |= pairs
        out: dict[str, list[re.Pattern]] = {}
        for rid, j in sorted(found):
            out.setdefault(rid, []).append(self.branches[rid][j].pattern)
        return out

    @staticmethod
    def hit(rule_id: str, text: str, candidates: dict[str, list[re.Pattern]]) -> bool:
        """``rule.pattern.search(text)``, searching only the candidate branches."""
        branches = candidates.get(rule_id)
        return branches is not None and any(p.search(text) for p in branches)


def _joined(patterns: list[re.Pattern], anchored: bool) -> re.Pattern | None:
    """One pattern matching where any of ``patterns`` does (each keeps its case flag), or None when
    they cannot be joined (numbered backreferences would change meaning). ``anchored``: the patterns
    start with "^", which is dropped (the joined pattern is used with ``match``: an alternation of
    anchored branches is not recognized as anchored and would be tried at every position)."""
    if not patterns or any(re.search(r"\\\d|\(\?P[<=]", p.pattern) for p in patterns):
        return None
    sources = [p.pattern[1:] if anchored else p.pattern for p in patterns]
    parts = [f"(?i:{src})" if p.flags & re.IGNORECASE else f"(?:{src})" for p, src in zip(patterns, sources)]
    try:
        return re.compile("|".join(parts))
    except re.error:
        return None


@lru_cache(maxsize=1)
def rule_index() -> RuleIndex:
    return RuleIndex(rule_branches())


@dataclass(frozen=True)
class SectionClass:
    name: str
    pattern: re.Pattern
    example: str


@lru_cache(maxsize=1)
def section_classes() -> tuple[SectionClass, ...]:
    data = _load_toml("sections.toml")
    out, problems = [], []
    for raw in data.get("section", []):
        try:
            out.append(SectionClass(raw["name"], re.compile(raw["pattern"], re.I), raw["example"]))
        except (KeyError, re.error) as exc:
            problems.append(f"sections.toml: section {raw.get('name', '?')!r}: {exc}")
    if problems:
        raise ResourceError("\n".join(problems))
    return tuple(out)


@lru_cache(maxsize=1 << 16)
def classify_heading(text: str) -> str:
    """The class of a heading ("cause", "symptom", "treatment", "exercise", ...) or "" (memoized: every
    sentence of a section asks for the classes of the headings above it)."""
    for cls in section_classes():
        if cls.pattern.search(text):
            return cls.name
    return ""


@lru_cache(maxsize=1)
def extra_health_words() -> frozenset[str]:
    """``health_words.txt``: words a health article uses on purpose that the lexicon does not hold."""
    text = path("health_words.txt").read_text(encoding="utf-8")
    return frozenset(w for line in text.splitlines() if not line.startswith("#") for w in line.split())


HEALTH_TOKEN = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)?")


@lru_cache(maxsize=1)
def health_words() -> frozenset[str]:
    """Words a health article uses on purpose: the lexicon's surface words of four letters or more and
    ``health_words.txt`` (lower-case)."""
    words = set(extra_health_words())
    for e in lexicon():
        words.update(w.lower() for w in HEALTH_TOKEN.findall(e.surface) if len(w) >= 4)
    return frozenset(words)


# ---- lexicon --------------------------------------------------------------------------------------

LEXICON_TYPES = ("cause", "symptom", "treatment", "exercise", "none")


@dataclass(frozen=True)
class LexEntry:
    surface: str
    concept: str
    type: str
    ontology_id: str = ""
    section_typed: bool = False


def parse_lexicon(text: str, name: str = "lexicon.csv") -> tuple[LexEntry, ...]:
    """Rows of a lexicon CSV (``#`` lines are comments); every bad row is named in one error."""
    import csv
    import io

    lines = [l for l in text.splitlines() if not l.startswith("#")]
    reader = csv.DictReader(io.StringIO("\n".join(lines)))
    need = {"surface", "concept", "type"}
    if not reader.fieldnames or not need <= set(reader.fieldnames):
        raise ResourceError(f"{name}: header must have columns {sorted(need)} (+ ontology_id, section_typed)")
    problems, out, seen = [], [], {}
    for lineno, row in enumerate(reader, start=2):
        surface = (row.get("surface") or "").strip()
        typ = (row.get("type") or "").strip()
        where = f"{name} row {lineno} ({surface!r})"
        if not surface:
            problems.append(f"{where}: empty surface")
            continue
        if typ not in LEXICON_TYPES:
            problems.append(f"{where}: unknown type {typ!r}; allowed: {', '.join(LEXICON_TYPES)}")
            continue
        if typ != "none" and not (row.get("concept") or "").strip():
            problems.append(f"{where}: a {typ} needs a concept")
        key = surface.lower()
        if key in seen and seen[key][1] != typ:
            problems.append(f"{where}: surface also listed with type {seen[key][1]!r} at row {seen[key][0]}")
        seen.setdefault(key, (lineno, typ))
        out.append(LexEntry(surface, (row.get("concept") or "").strip(), typ, (row.get("ontology_id") or "").strip(),
                            (row.get("section_typed") or "").strip().lower() in ("yes", "true", "1")))
    if problems:
        raise ResourceError("invalid lexicon:\n  " + "\n  ".join(problems))
    return tuple(out)


@lru_cache(maxsize=1)
def lexicon() -> tuple[LexEntry, ...]:
    return parse_lexicon(path("lexicon.csv").read_text(encoding="utf-8"))


# ---- extraction rules -----------------------------------------------------------------------------

@dataclass(frozen=True)
class Cue:
    id: str
    type: str
    side: str
    phrases: tuple[str, ...]
    example: str
    expect: str


@dataclass(frozen=True)
class Trigger:
    id: str
    flag: str
    direction: str
    applies_to: tuple[str, ...]
    phrases: tuple[str, ...]
    window: int
    example: str
    expect: str
    counter: str          # a sentence where ``expect`` stands near the trigger's words but is not flagged
    pseudo: tuple[str, ...] = ()  # phrases holding the trigger's words that are not the trigger


@dataclass(frozen=True)
class ExtractRules:
    cues: tuple[Cue, ...]
    triggers: tuple[Trigger, ...]
    terminators: frozenset[str]
    max_words: int
    leading_drop: frozenset[str]
    stop: frozenset[str]
    item_max_words: int
    stoplabels: frozenset[str]
    question_words: frozenset[str]
    item_openers: frozenset[str]
    regions: dict
    body_parts: frozenset[str]
    complaints: frozenset[str]
    flag_stops: frozenset[str] = frozenset()     # words that also end a trigger's scope (a condition: "if")
    forward_stops: frozenset[str] = frozenset()  # words that end a forward trigger's scope (a means: "by")
    never_flagged: frozenset[str] = frozenset()  # a mention led by one of these is itself advice ("avoiding")
    care: CareRules | None = None                # phrases of seeking professional care
    actions: tuple[ActionRule, ...] = ()         # verb-built phrases of a type ("strengthen the muscles ...")


@dataclass(frozen=True)
class ActionRule:
    id: str
    type: str
    concept: str
    pattern: re.Pattern
    example: str
    near_miss: str
    anchors: frozenset[str] = frozenset()  # one of these lower-case words is in every match: a cheap test first
    # the lexicon types, besides its own, whose names the phrase takes in at its ends ("infection" of "signs
    # of infection")
    takes_in: frozenset[str] = frozenset()


@dataclass(frozen=True)
class CareRules:
    """``[care]`` of extract_rules.toml: phrases of seeking professional care, as one pattern."""

    pattern: re.Pattern
    urgent: re.Pattern
    referral: tuple[str, ...]
    examples: tuple[str, ...]
    near_misses: tuple[str, ...]
    anchors: frozenset[str]          # a sentence holds one of these words (or a professional suffix) to match
    suffixes: tuple[str, ...]

    def may_match(self, lowers) -> bool:
        """A cheap test before the pattern: whether the sentence's lower-case tokens hold an anchor."""
        return any(w in self.anchors or w.endswith(self.suffixes) for w in lowers)


def _alternatives(phrases) -> str:
    """A regex alternation of phrases, longest first, each matched with any whitespace between words."""
    return "|".join(r"\s+".join(map(re.escape, p.split())) for p in sorted(set(phrases), key=len, reverse=True))


def parse_care(raw: dict, name: str) -> CareRules:
    keys = ("verbs", "determiners", "qualifiers", "professionals", "professional_suffixes", "seek", "kinds", "care",
            "medical_care", "appointments", "urgent", "examples", "near_misses")
    problems = [f"{name}: [care] {k} must be a list of words or phrases" for k in keys
                if not isinstance(raw.get(k), list) or not all(isinstance(x, str) and x.strip() for x in raw[k])]
    if problems:
        raise ResourceError("invalid extraction rules:\n  " + "\n  ".join(problems))
    alt = {k: _alternatives(raw[k]) for k in keys[:-2]}
    professional = rf"(?:(?:{alt['qualifiers']})\s+)*(?:(?:{alt['professionals']})s?|[a-z]+(?:{alt['professional_suffixes']})s?)"
    pattern = re.compile(
        rf"\b(?:{alt['verbs']})\s+(?:(?:{alt['determiners']})\s+)?{professional}\b|"
        rf"\b(?:(?:{alt['seek']})\s+)?(?:(?:{alt['kinds']})\s+)+(?:medical\s+)?(?:{alt['care']})\b|"
        rf"\b(?:{alt['seek']})\s+medical\s+(?:{alt['medical_care']})\b|"
        rf"\b(?:{alt['appointments']})\b", re.IGNORECASE)
    referral = tuple(v.lower() for v in raw["verbs"] if v.lower().startswith("refer"))
    # every match ends in a professional, a kind of care or an appointment: their last words
    lasts = [p.split()[-1].lower() for k in ("professionals", "care", "medical_care", "appointments") for p in raw[k]]
    anchors = frozenset(lasts + [w + "s" for w in lasts])
    suffixes = tuple(x.lower() + plural for x in raw["professional_suffixes"] for plural in ("", "s"))
    return CareRules(pattern, re.compile(rf"\b(?:{alt['urgent']})\b", re.IGNORECASE), referral,
                     tuple(raw["examples"]), tuple(raw["near_misses"]), anchors, suffixes)


def parse_extract_rules(data: dict, name: str = "extract_rules.toml") -> ExtractRules:
    problems = []
    cues, triggers = [], []
    for raw in data.get("cue", []):
        where = f"{name}: cue {raw.get('id', '?')!r}"
        if raw.get("type") not in LEXICON_TYPES[:4]:
            problems.append(f"{where}: unknown type {raw.get('type')!r}; allowed: {', '.join(LEXICON_TYPES[:4])}")
        if raw.get("side") not in ("after", "before"):
            problems.append(f"{where}: side must be 'after' or 'before'")
        for key in ("id", "phrases", "example", "expect"):
            if not raw.get(key):
                problems.append(f"{where}: missing {key}")
        if not problems:
            cues.append(Cue(raw["id"], raw["type"], raw["side"], tuple(raw["phrases"]), raw["example"], raw["expect"]))
    for raw in data.get("trigger", []):
        where = f"{name}: trigger {raw.get('id', '?')!r}"
        if raw.get("flag") not in ("negated", "contraindicated"):
            problems.append(f"{where}: flag must be 'negated' or 'contraindicated'")
        if raw.get("direction") not in ("forward", "backward", "previous_sentence"):
            problems.append(f"{where}: direction must be forward, backward or previous_sentence")
        bad = [t for t in raw.get("applies_to", []) if t not in LEXICON_TYPES[:4]]
        if bad or not raw.get("applies_to"):
            problems.append(f"{where}: applies_to must list types among {', '.join(LEXICON_TYPES[:4])}")
        if raw.get("flag") == "contraindicated" and set(raw.get("applies_to", [])) & {"cause", "symptom"}:
            problems.append(f"{where}: causes and symptoms never carry 'contraindicated'")
        for key in ("id", "phrases", "example", "expect", "counter"):
            if not raw.get(key):
                problems.append(f"{where}: missing {key}")
        if not problems:
            pseudo = tuple(p.lower() for p in raw.get("pseudo", []))
            triggers.append(Trigger(raw["id"], raw["flag"], raw["direction"], tuple(raw["applies_to"]),
                                    tuple(raw["phrases"]), int(raw.get("window", 0)), raw["example"], raw["expect"],
                                    raw["counter"], pseudo))
    actions = []
    for raw in data.get("action", []):
        where = f"{name}: action {raw.get('id', '?')!r}"
        if raw.get("type") not in LEXICON_TYPES[:4]:
            problems.append(f"{where}: unknown type {raw.get('type')!r}; allowed: {', '.join(LEXICON_TYPES[:4])}")
        missing = [k for k in ("id", "pattern", "example", "near_miss", "anchors") if not raw.get(k)]
        problems += [f"{where}: missing {k}" for k in missing]
        if not missing:
            try:
                pattern = re.compile(raw["pattern"], re.IGNORECASE)
            except re.error as err:
                problems.append(f"{where}: bad pattern: {err}")
                continue
            bad = [x for x in raw.get("takes_in", []) if x not in LEXICON_TYPES[:4]]
            problems += [f"{where}: takes_in: unknown type {x!r}; allowed: {', '.join(LEXICON_TYPES[:4])}" for x in bad]
            actions.append(ActionRule(raw["id"], raw["type"], raw.get("concept", ""), pattern, raw["example"],
                                      raw["near_miss"], frozenset(w.lower() for w in raw["anchors"]),
                                      frozenset(raw.get("takes_in", []))))
    if problems:
        raise ResourceError("invalid extraction rules:\n  " + "\n  ".join(problems))
    ph, items, cond = data["phrase"], data["items"], data["condition"]
    return ExtractRules(tuple(cues), tuple(triggers), frozenset(data["scope"]["terminators"]), int(ph["max_words"]),
                        frozenset(ph["leading_drop"]), frozenset(ph["stop"]), int(items["max_words"]),
                        frozenset(items["stoplabels"]), frozenset(items["question_words"]),
                        frozenset(items.get("openers", [])), dict(cond["regions"]),
                        frozenset(cond["body_parts"]), frozenset(cond["complaints"]),
                        *(frozenset(data["scope"].get(k, [])) for k in ("flag_stops", "forward_stops", "never_flagged")),
                        parse_care(data["care"], name) if "care" in data else None, tuple(actions))


@lru_cache(maxsize=1)
def extract_rules() -> ExtractRules:
    return parse_extract_rules(_load_toml("extract_rules.toml"))


# ---- the gazetteer ---------------------------------------------------------------------------------

GAZETTEER_CLASSES = ("phenotype", "disease", "symptom", "exercise", "medication", "drug")
DRUG_CLASSES = ("medication", "drug")  # DrugBank names (bench/build_gazetteer.py)


def gazetteer() -> tuple[tuple[str, str, str], ...]:
    """``gazetteer.tsv.gz``: (term, class, id) of public vocabularies' diseases, phenotypes, symptoms and
    exercises (``bench/build_gazetteer.py`` says where each comes from). Not kept: its readers keep
    what they derive from it."""
    import gzip

    rows = []
    with gzip.open(path("gazetteer.tsv.gz"), "rt", encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, start=1):
            if line.startswith("#"):
                continue
            parts = line.rstrip("\n").split("\t")
            if len(parts) != 3 or parts[1] not in GAZETTEER_CLASSES:
                raise ResourceError(f"gazetteer.tsv.gz line {lineno}: expected term, class, id with a class among "
                                    f"{', '.join(GAZETTEER_CLASSES)}")
            rows.append(tuple(parts))
    return tuple(rows)


def layperson_symptoms() -> tuple[tuple[str, str], ...]:
    """``layperson_symptoms.tsv``: (everyday name of a symptom, the HPO id of the term it names)."""
    rows = []
    for lineno, line in enumerate(path("layperson_symptoms.tsv").read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 3 or not parts[1].startswith("HP:"):
            raise ResourceError(f"layperson_symptoms.tsv line {lineno}: expected name, HPO id, HPO name")
        rows.append((parts[0].strip().lower(), parts[1]))
    return tuple(rows)


def layperson_conditions() -> tuple[tuple[str, str], ...]:
    """``layperson_conditions.tsv``: (everyday name of a condition as the file writes it, capitals for an
    acronym, the Disease Ontology or HPO id of the term it names)."""
    rows = []
    for lineno, line in enumerate(path("layperson_conditions.tsv").read_text(encoding="utf-8").splitlines(),
                                  start=1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 3 or not parts[1].startswith(("DOID:", "HP:")):
            raise ResourceError(f"layperson_conditions.tsv line {lineno}: expected name, DOID or HPO id, its name")
        rows.append((parts[0].strip(), parts[1]))
    return tuple(rows)


def disease_parents() -> dict[str, str]:
    """``disease_parents.tsv.gz``: Disease Ontology id -> the id of the class it is a subclass of."""
    import gzip

    out = {}
    with gzip.open(path("disease_parents.tsv.gz"), "rt", encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, start=1):
            if line.startswith("#"):
                continue
            parts = line.rstrip("\n").split("\t")
            if len(parts) != 2 or not all(p.startswith("DOID:") for p in parts):
                raise ResourceError(f"disease_parents.tsv.gz line {lineno}: expected two Disease Ontology ids")
            out[parts[0]] = parts[1]
    return out


# ---- the trained tagger ---------------------------------------------------------------------------

TAGGER_FILE = "tagger.npz"


@dataclass(frozen=True)
class TaggerModel:
    """A trained tagger's arrays: feature-key hashes, their weights per tag, the tags' bias, and the
    probability threshold chosen in training, and the concepts the annotations name their surfaces by."""

    hashes: object
    weights: object
    bias: object
    threshold: float
    tags: tuple[str, ...]
    aliases: dict  # (type, normalized key) -> concept, learned from the annotations' canonical names


def load_tagger(file: str = "") -> TaggerModel:
    """The tagger in ``file`` ("" for the packaged one); a file that cannot be read raises ResourceError."""
    return _load_tagger(file or str(path(TAGGER_FILE)))


@lru_cache(maxsize=2)
def _load_tagger(file: str) -> TaggerModel:
    import numpy as np

    try:
        with np.load(file, allow_pickle=False) as data:
            aliases = {(str(t), str(k)): str(c) for t, k, c in zip(data["alias_type"], data["alias_key"],
                                                                   data["alias_concept"])}
            return TaggerModel(data["hashes"], data["weights"].astype(np.float32), data["bias"].astype(np.float32),
                               float(data["threshold"]), tuple(str(t) for t in data["tags"]), aliases)
    except (OSError, KeyError, ValueError) as exc:
        raise ResourceError(f"tagger model {file} cannot be read ({exc}); rebuild it with 'make train'") from None

