"""Ontology ids for entities and conditions from the packaged gazetteer (Disease Ontology, the Human
Phenotype Ontology, free-exercise-db; ``bench/build_gazetteer.py``) and the everyday names of symptoms
HPO's names miss (``resources/layperson_symptoms.tsv``), where the lexicon gave none, and the coverage
per type that run.json reports.

A name is looked up as it is; then by its content words in any order ("pain in the knee" is "knee pain",
plurals folded); then without leading words ("upper back pain" -> "back pain": the id of the broader
term; for a symptom down to one word once only words of degree, manner or place are dropped: "sudden
sharp pain" -> "pain", "toe numbness" -> "numbness"); a condition or symptom named with its situation, by
what stands before it ("pain during urination" -> "pain"). A vocabulary term "painful or difficult
urination" also stands for "painful urination" and "difficult urination". A name none of these find is
tried again in HPO's words ("reduced muscle mass" as "decreased muscle mass"). Never a fuzzy match: a wrong
id is worse than none."""
from __future__ import annotations

import re
from functools import lru_cache

from .words import FUNCTION, INNER, LEADING, PAIN_WORDS, WORD, fold, ing_forms

# which vocabulary classes may name an entity of each type, best first
_CLASSES = {"condition": ("disease", "phenotype", "symptom"), "cause": ("disease", "phenotype"),
            "symptom": ("phenotype", "symptom", "disease"), "exercise": ("exercise",), "treatment": ("medication",)}


# words of degree, manner or time that a symptom's broader term can do without ("sudden sharp pain" is
# a pain); words that change the concept ("frequent urination", "chronic pain") are not among them, and
# a name is always looked up whole first
DEGREE = frozenset("""severe mild moderate sudden intense sharp dull persistent constant ongoing occasional
unexplained unusual significant noticeable extreme slight new worsening stabbing throbbing aching nagging
increasing intermittent considerable burning shooting searing excruciating debilitating lingering recurring recurrent
localized localised deep radiating increased excess heavy minor general generalized generalised overall
agonizing agonising intensifying consistent cramping""".split())
_NO_NAME_START = FUNCTION | INNER | LEADING
_COORDINATED = re.compile(r"^([a-z]+) or ([a-z]+) (.+)$")


def _terms(term: str, cls: str) -> list[str]:
    """A vocabulary term and, for "painful or difficult urination", "painful urination" and "difficult urination";
    a symptom-class label that says it is a symptom ("swelling symptom") also without that word."""
    m = _COORDINATED.match(term)
    out = [term, f"{m[1]} {m[3]}", f"{m[2]} {m[3]}"] if m else [term]
    if cls == "symptom" and term.endswith(" symptom"):
        out.append(term[: -len(" symptom")])
    return out


def bag(name: str) -> str:
    """A name's content words, folded and sorted: the same for "pain in the knee" and "knee pains"."""
    words = WORD.findall(name.lower().replace("’", "'"))
    while words and words[0] in LEADING:
        words = words[1:]
    return " ".join(sorted(fold(w) for w in words if w not in INNER and w not in FUNCTION))


@lru_cache(maxsize=1)
def _index() -> tuple[dict[str, dict[str, str]], dict[str, dict[str, str]]]:
    """term -> {class: id}: the gazetteer's terms (the first id of each class, in its order), and the
    lexicon's surfaces with the id of their concept (class "lexicon"); and the same by ``bag`` of words,
    where a bag that stands for two ids of one class stands for none. Memoized on disk: it is the same
    for every run of the same resources, and building it is most of the linking's time."""
    from .derived import memo, package_version
    from .resources import resource_versions

    versions = resource_versions()
    return memo("ontology-index", (versions["gazetteer.tsv.gz"], versions["lexicon.csv"],
                                   versions["layperson_symptoms.tsv"], versions["layperson_conditions.tsv"],
                                   package_version("spacy-lookups-data")),
                _build_index)


def _build_index() -> tuple[dict[str, dict[str, str]], dict[str, dict[str, str]]]:
    from .resources.loader import gazetteer, layperson_conditions, layperson_symptoms, lexicon

    out: dict[str, dict[str, str]] = {}
    bags: dict[str, dict[str, str]] = {}
    # the everyday names of symptoms HPO's own names miss ("redness" is Erythema) count as its terms, and
    # those of conditions ("ear infection" is otitis media) as the Disease Ontology's or HPO's
    everyday = ((name, "phenotype", ident) for name, ident in layperson_symptoms())
    conditions = ((name.lower(), "disease" if ident.startswith("DOID:") else "phenotype", ident)
                  for name, ident in layperson_conditions())
    for term, cls, ident in (*gazetteer(), *everyday, *conditions):
        if not ident:
            continue
        for t in _terms(term, cls):
            out.setdefault(t, {}).setdefault(cls, ident)
            ids = bags.setdefault(bag(t), {})
            if ids.setdefault(cls, ident) != ident:
                ids[cls] = ""
    for e in lexicon():
        if e.ontology_id:
            out.setdefault(e.surface.lower(), {}).setdefault("lexicon", e.ontology_id)
            bags.setdefault(bag(e.surface), {}).setdefault("lexicon", e.ontology_id)
    return out, bags


def _variants(words: list[str]) -> list[str]:
    """The name, then with its last word singular or plural, and "parkinson s" as "parkinson's"."""
    name = " ".join(words).replace(" s ", "'s ")
    out = [name]
    last = words[-1]
    if last.endswith("ies") and len(last) > 4:
        out.append(name[: -3] + "y")
    elif last.endswith("s") and not last.endswith("ss") and len(last) > 3:
        out.append(name[:-1])
    else:
        out.append(name + "s")
    return out


# everyday words for the ones HPO's names use ("reduced muscle mass" is HPO's "Decreased muscle mass",
# "elevated blood pressure" its "Increased blood pressure", "neck soreness" its "Neck pain", "unsteady
# walking" its "Unsteady gait"); tried only when the name as written is not known. Not "loss of": a loss
# is HPO's complete absence ("Ageusia"), not its decrease
_HPO_WORDS = {"reduced": "decreased", "less": "decreased", "lower": "decreased", "low": "decreased",
              "diminished": "decreased", "elevated": "increased", "high": "increased", "higher": "increased",
              "excessive": "increased", "fast": "rapid", "walking": "gait", **PAIN_WORDS}


# a complaint said as an adjective before what it affects is HPO's noun after it ("swollen ankles" is
# "Ankle swelling", "itchy scalp" a pruritus, "painful joints" "Joint pain")
_COMPLAINT_NOUNS = {"swollen": "swelling", "painful": "pain", "achy": "pain", "aching": "pain",
                    "stiff": "stiffness", "itchy": "itching", "numb": "numbness", "weak": "weakness",
                    "red": "redness", "dry": "dryness", "inflamed": "inflammation", "irritated": "irritation",
                    "tingly": "tingling", "bloated": "bloating", "blurry": "blurred"}
# what a reader cannot do is HPO's "Difficulty ..." ("unable to walk" is "Difficulty walking", "trouble
# swallowing" "Dysphagia" by its synonym)
_CANNOT = re.compile(r"^(?:trouble|problems?|issues?|inability to|unable to|hard to|struggling to|struggle to|"
                     r"cannot|can't|can not)\s+(?:with\s+)?(\S+)(.*)$")


def lookup(name: str, kind: str, broader: bool = True, lexicon: bool = True) -> str:
    """``_lookup`` of the name, else of the name in HPO's words (``_HPO_WORDS``, ``_COMPLAINT_NOUNS``,
    ``_CANNOT``). Without ``lexicon``, the vocabularies' own names only, not the ids the lexicon cites for
    its phrases (which may be a broader term's: "pain radiating down the leg" cites lower limb pain)."""
    found = _lookup(name, kind, broader, lexicon)
    # treatments' and exercises' ids come from medicines' and exercises' names; a condition's rewritten
    # name would go to its broader term before its situation is tried ("painful sex after menopause")
    if found or kind in ("treatment", "exercise", "condition"):
        return found
    for other in _in_hpo_words(name.lower()):
        found = _lookup(other, kind, broader, lexicon)
        if found:
            return found
    return ""


@lru_cache(maxsize=1)
def _vocabulary_ids() -> frozenset[str]:
    index, _ = _index()
    return frozenset(ident for ids in index.values() for cls, ident in ids.items() if cls != "lexicon")


def vocabulary_names(ident: str) -> bool:
    """Whether a vocabulary (not only the lexicon) names the term ``ident``: HPO's clinical modifiers the
    lexicon cites ("Sharp", "Radiating pain") sit outside the packaged phenotypes."""
    return ident in _vocabulary_ids()


def _in_hpo_words(name: str) -> list[str]:
    """A lower-case name rewritten in HPO's words, each way that applies, in the order tried."""
    words = name.split()
    plain = [_HPO_WORDS.get(w, w) for w in words]
    out = [" ".join(plain)] if plain != words else []
    # not before a situation ("swollen lump around the joint" names the lump); not "sore", which is also
    # a noun ("sores in the stomach" are ulcers)
    if len(plain) > 1 and plain[0] in _COMPLAINT_NOUNS and not _SITUATION.search(name):
        out.append(" ".join([*plain[1:], _COMPLAINT_NOUNS[plain[0]]]))
    if m := _CANNOT.match(name):
        verb = m[1] if m[1].endswith("ing") else next(iter(ing_forms().get(m[1], ())), "")
        if verb:
            out.append(f"difficulty {verb}{m[2]}")
    return out


def _lookup(name: str, kind: str, broader: bool = True, lexicon: bool = True) -> str:
    """The id of ``name`` for an entity of ``kind`` (or "condition"), "" when the vocabularies lack it.
    With ``broader``, a name's tail stands for it when the whole is not known ("acid reflux cough" ->
    "cough"; down to one word for conditions, two for entities, one for a symptom whose dropped words are
    all ``DEGREE`` words, body parts or regions)."""
    classes = _CLASSES.get(kind, ())
    if not classes:
        return ""
    if kind != "treatment" and lexicon:  # the lexicon's ids are of symptoms, diseases and exercises
        classes = (*classes, "lexicon")
    words = name.lower().replace("’", "'").split()
    if not words:
        return ""
    index, bags = _index()

    def best(ids: dict[str, str] | None) -> str:
        return next((ids[cls] for cls in classes if ids.get(cls)), "") if ids else ""

    def known(ws: list[str]) -> str:
        for v in _variants(ws):
            found = best(index.get(v))
            if found:
                return found
        return best(bags.get(bag(" ".join(ws))))

    least = 1 if kind == "condition" else 2
    for start in range(len(words) if broader else 1):
        tail = words[start:]
        if start and tail[0] in _NO_NAME_START:  # "of pain" is not a name
            continue
        content = [w for w in tail if w not in FUNCTION and w not in INNER]
        if start and len(content) < least and not (kind == "symptom" and _placed(words[:start])):
            break
        found = known(tail)
        if found:
            return found
    return ""


def _placed(words: list[str]) -> bool:
    """Whether the words a symptom's broader term drops only say how much or where ("sudden sharp", "toe" of
    "toe numbness", "upper body" of "upper body pain"): the rest is the complaint itself."""
    from .resources.loader import extract_rules

    rules = extract_rules()
    # "and"/"or" between two such words too: "persistent and severe pain" is a pain
    return all(w in DEGREE or w in rules.body_parts or w in rules.regions
               or (w in ("and", "or") and 0 < i < len(words) - 1) for i, w in enumerate(words))


def link_ontology(entities: list[dict]) -> None:
    """Give each entity without an ontology id the id of its name or, failing that, of an alias (a
    treatment: of its name only); a symptom named with its place or situation ("pain during urination",
    "numbness in arm or leg") failing both, the id of what stands before it."""
    for e in entities:
        if e.get("ontology_id"):
            continue
        # a treatment's aliases may be kinds of it ("prednisone" merged into "corticosteroid"): a drug's id
        # names only the drug itself
        names = [e["name"]] if e["type"] == "treatment" else [e["name"], *e.get("aliases", [])]
        for name in names:
            ident = lookup(name, e["type"], broader=e["type"] == "symptom")
            if ident:
                e["ontology_id"] = ident
                break
        else:
            if e["type"] == "symptom":
                e["ontology_id"] = next(filter(None, (_situated(name, "symptom") for name in names)), "")


# a condition or symptom named with its situation ("pain when walking", "phlegm after eating", "eruption
# cyst in children") is a kind of what stands before the situation: the broader term's id when the whole
# has none
_SITUATION = re.compile(r"\s(?:when|while|during|after|at|from|with|without|in|on|of|around|under|before)\s")


def _situated(name: str, kind: str) -> str:
    head = _SITUATION.split(name, maxsplit=1)[0]
    return lookup(head, kind) if head != name else ""


@lru_cache(maxsize=1)
def _parents() -> dict[str, str]:
    from .resources.loader import disease_parents

    return disease_parents()


def subclass_of(ident: str, ancestor: str) -> bool:
    """Whether the Disease Ontology class ``ident`` lies under ``ancestor`` ("gout" under "arthritis")."""
    parents, seen = _parents(), set()
    while ident in parents and ident not in seen:
        seen.add(ident)
        ident = parents[ident]
        if ident == ancestor:
            return True
    return False


# a condition named as a group of diseases ("musculoskeletal disorders", "fungal infections") is the
# Disease Ontology's class of them ("musculoskeletal system disease", "fungal infectious disease")
_GROUP = re.compile(r"^(.+) (?:disorders?|diseases|conditions|problems)$")
_INFECTIONS = re.compile(r"^(.+) infections?$")


# the run's conditions are few and each is asked for by every document naming it, the relations and the
# conditions table alike
@lru_cache(maxsize=4096)
def condition_ontology(name: str) -> str:
    found = lookup(name, "condition") or _situated(name, "condition")
    if found:
        return found
    if m := _GROUP.match(name.lower()):
        variants = (f"{m[1]} disease", f"{m[1]} system disease")
    elif m := _INFECTIONS.match(name.lower()):
        variants = (f"{m[1]} infectious disease",)
    else:
        return ""
    return next(filter(None, (lookup(v, "condition", broader=False) for v in variants)), "")


def coverage(entities: list[dict], conditions: list[dict]) -> dict[str, dict[str, float]]:
    """Per type (and for conditions): how many have an ontology id, of how many; for entity types also
    the share of their mentions that reach an id (what a reader of the articles meets)."""
    out: dict[str, dict[str, float]] = {}
    groups: dict[str, list[tuple[bool, int]]] = {"condition": [(bool(c["ontology_id"]), 0) for c in conditions]}
    for e in entities:
        groups.setdefault(e["type"], []).append((bool(e.get("ontology_id")), int(e.get("n_mentions", 0))))
    for kind in sorted(groups):
        have = groups[kind]
        n_with = sum(h for h, _ in have)
        out[kind] = {"with_id": n_with, "total": len(have), "share": round(n_with / len(have), 4) if have else 0.0}
        mentions = sum(n for _, n in have)
        if kind != "condition":
            out[kind]["mention_share"] = round(sum(n for h, n in have if h) / mentions, 4) if mentions else 0.0
    return out
