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
    """term -> {class: id} (the first id of each class, in the gazetteer's order)."""
    from .resources.loader import gazetteer

    out: dict[str, dict[str, str]] = {}
    for term, cls, ident in gazetteer():
        if ident:
            out.setdefault(term, {}).setdefault(cls, ident)
    return out


def lookup(name: str, kind: str, broader: bool = True) -> str:
    """The id of ``name`` for an entity of ``kind`` (or "condition"), "" when the vocabularies lack it."""
    classes = _CLASSES.get(kind, ())
    if not classes:
        return ""
    words = name.lower().split()
    index = _index()
    for start in range(len(words) if broader else 1):
        ids = index.get(" ".join(words[start:]))
        if ids:
            for cls in classes:
                if cls in ids:
                    return ids[cls]
        if len(words) - start <= 2:  # a one-word tail ("pain") is too broad to stand for the name
            break
    return ""


def link_ontology(entities: list[dict]) -> None:
    """Give each entity without an ontology id the id of its name or, failing that, of an alias."""
    for e in entities:
        if e.get("ontology_id"):
            continue
        for name in [e["name"], *e.get("aliases", [])]:
            ident = lookup(name, e["type"], broader=False)
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
