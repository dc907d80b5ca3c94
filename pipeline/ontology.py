"""Ontology ids for entities and conditions from the packaged gazetteer (Disease Ontology, the Human
Phenotype Ontology, free-exercise-db; ``bench/build_gazetteer.py``), where the lexicon gave none, and
the coverage per type that run.json reports.

A name is looked up as it is, then without leading words ("upper back pain" -> "back pain": the id of
the broader term), never by fuzzy match: a wrong id is worse than none."""
from __future__ import annotations

from functools import lru_cache

# which vocabulary classes may name an entity of each type, best first
_CLASSES = {"condition": ("disease", "phenotype", "symptom"), "cause": ("disease", "phenotype"),
            "symptom": ("phenotype", "symptom", "disease"), "exercise": ("exercise",), "treatment": ()}


@lru_cache(maxsize=1)
def _index() -> dict[str, dict[str, str]]:
    """term -> {class: id}: the gazetteer's terms (the first id of each class, in its order), and the
    lexicon's surfaces with the id of their concept (class "lexicon")."""
    from .resources.loader import gazetteer, lexicon

    out: dict[str, dict[str, str]] = {}
    for term, cls, ident in gazetteer():
        if ident:
            out.setdefault(term, {}).setdefault(cls, ident)
    for e in lexicon():
        if e.ontology_id:
            out.setdefault(e.surface.lower(), {}).setdefault("lexicon", e.ontology_id)
    return out


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


def lookup(name: str, kind: str, broader: bool = True) -> str:
    """The id of ``name`` for an entity of ``kind`` (or "condition"), "" when the vocabularies lack it.
    With ``broader``, a name's tail stands for it when the whole is not known ("acid reflux cough" ->
    "cough"; down to one word for conditions, two for entities)."""
    classes = _CLASSES.get(kind, ())
    if not classes:
        return ""
    classes = (*classes, "lexicon")
    words = name.lower().replace("’", "'").split()
    if not words:
        return ""
    index = _index()
    least = 1 if kind == "condition" else 2
    for start in range(len(words) if broader else 1):
        if len(words) - start < least and start:
            break
        for variant in _variants(words[start:]):
            ids = index.get(variant)
            if ids:
                for cls in classes:
                    if cls in ids:
                        return ids[cls]
    return ""


def link_ontology(entities: list[dict]) -> None:
    """Give each entity without an ontology id the id of its name or, failing that, of an alias."""
    for e in entities:
        if e.get("ontology_id"):
            continue
        for name in [e["name"], *e.get("aliases", [])]:
            ident = lookup(name, e["type"], broader=e["type"] == "symptom")
            if ident:
                e["ontology_id"] = ident
                break


def condition_ontology(name: str) -> str:
    return lookup(name, "condition")


def coverage(entities: list[dict], conditions: list[dict]) -> dict[str, dict[str, float]]:
    """Per type (and for conditions): how many have an ontology id, of how many."""
    out: dict[str, dict[str, float]] = {}
    groups: dict[str, list[bool]] = {"condition": [bool(c["ontology_id"]) for c in conditions]}
    for e in entities:
        groups.setdefault(e["type"], []).append(bool(e.get("ontology_id")))
    for kind in sorted(groups):
        have = groups[kind]
        out[kind] = {"with_id": sum(have), "total": len(have),
                     "share": round(sum(have) / len(have), 4) if have else 0.0}
    return out
