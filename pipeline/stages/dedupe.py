"""Dedupe: merge mentions of one concept across sources into entities with stable ids.

1. mentions linked to a lexicon concept form one entity per (type, concept);
2. the others are grouped on a normalized key (case, punctuation, articles and possessives, plural
   folding, known abbreviations, word order);
3. keys are then attached to the most frequent key they match directly (leader clustering: each key is
   compared with cluster leaders only, so clusters cannot chain), with rapidfuzz's ``fuzz.ratio`` on
   sorted-word keys inside blocks of the same type that share a word. Only high scores merge, and never
   across a number, a confusable prefix (hypo/hyper, upper/lower...), a short key or a word subset
   ("pain" vs "back pain"); the grey band goes to ``review_pairs.csv``;
4. analyst overrides (merge, split, rename, retype, reject) are applied last.

Entity ids are derived from type + canonical key, so they do not depend on row order or on unrelated
articles.
"""
from __future__ import annotations

import csv
import hashlib
import re
from array import array
from bisect import bisect_left
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from rapidfuzz import fuzz, process

from ..config import DedupeSettings

ABBREVIATIONS = {"nsaids": "nsaid", "pt": "physical therapy", "otc": "over-the-counter", "uti": "urinary tract infection",
                 "utis": "urinary tract infection", "ibs": "irritable bowel syndrome", "gerd": "acid reflux",
                 "tens": "tens", "ra": "rheumatoid arthritis", "oa": "osteoarthritis", "dr": "doctor"}
LEADING = frozenset("a an the your my their his her our its some any this that these those".split())
CONFUSABLE = [("hypo", "hyper"), ("upper", "lower"), ("left", "right"), ("acute", "chronic"), ("pre", "post"),
              ("under", "over"), ("mild", "severe"), ("inner", "outer"), ("high", "low"), ("hot", "cold"),
              ("strain", "sprain")]
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_NUM = re.compile(r"\d+")


def _fold(word: str) -> str:
    if word.endswith("'s"):
        word = word[:-2]
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def normalize_key(text: str) -> str:
    """The comparison key of a mention: lower case, no punctuation or leading articles, singular, sorted words."""
    words = _WORD.findall(text.lower().replace("’", "'"))
    while words and words[0] in LEADING:
        words = words[1:]
    out = []
    for w in words:
        w = ABBREVIATIONS.get(w, w)
        out.extend(_fold(x) for x in w.split())
    return " ".join(sorted(out))


def display_form(text: str) -> str:
    """A canonical display name: lower case, singular words in their written order."""
    words = _WORD.findall(text.lower().replace("’", "'"))
    while words and words[0] in LEADING:
        words = words[1:]
    return " ".join(_fold(w) for w in words)


def key_of(m: dict) -> tuple[str, str, str]:
    """The summary key of a mention row: (type, lexicon concept or "", normalized surface key)."""
    return (m["type"], m.get("concept") or "", normalize_key(m.get("surface", "")))


def entity_id_for(typ: str, canonical_key: str) -> str:
    return "E" + hashlib.sha256(f"{typ}\x00{canonical_key}".encode("utf-8")).hexdigest()[:12]


@dataclass(slots=True)
class KeyStats:
    surfaces: Counter = field(default_factory=Counter)
    # the documents with this key: ordinals (``MentionSummary``), ascending, each once; 4 bytes a document
    # where a set of doc ids cost ~30 (at 100k documents the client held millions of them)
    docs: array = field(default_factory=lambda: array("I"))
    n: int = 0
    n_contra: int = 0
    ontology_id: str = ""


def n_docs(doc_lists: list) -> int:
    """How many documents the ``KeyStats.docs`` arrays of some keys hold together."""
    if len(doc_lists) == 1:
        return len(doc_lists[0])
    return len(set().union(*doc_lists))


@dataclass
class MentionSummary:
    """Compact per-key statistics of all mentions: what the global step holds instead of whole documents."""

    keys: dict = field(default_factory=dict)
    ordinals: dict = field(default_factory=dict)  # doc_id -> its ordinal, in the order documents are first seen

    def add(self, m, doc_id: str) -> None:
        key = key_of({"type": m.type, "concept": m.concept, "surface": m.surface})
        self.add_key(key, display_form(m.surface), doc_id, m.flag == "contraindicated", m.ontology_id)

    def add_doc(self, doc_id: str, entries) -> None:
        """``add_key`` for every ``(key, display form, contraindicated, ontology id, n)`` of one document
        (``write.render`` makes them), in one loop: the client calls it for every document."""
        keys = self.keys
        doc = self.ordinals.get(doc_id)
        if doc is None:
            doc = self.ordinals[doc_id] = len(self.ordinals)
        for key, display, contra, ontology_id, n in entries:
            st = keys.get(key)
            if st is None:
                st = keys[key] = KeyStats()
            surfaces = st.surfaces
            surfaces[display] = surfaces.get(display, 0) + n
            docs = st.docs
            if not docs or docs[-1] < doc:  # the client's documents come in order: append
                docs.append(doc)
            elif docs[-1] != doc:  # a document seen before (mention by mention): keep the array sorted, once
                i = bisect_left(docs, doc)
                if docs[i] != doc:
                    docs.insert(i, doc)
            st.n += n
            if contra:
                st.n_contra += n
            if ontology_id and not st.ontology_id:
                st.ontology_id = ontology_id

    def add_key(self, key, display: str, doc_id: str, contra: bool, ontology_id: str, n: int = 1) -> None:
        """Count ``n`` mentions of one document already reduced to their key and display form."""
        self.add_doc(doc_id, [(tuple(key), display, contra, ontology_id, n)])


@dataclass
class DedupeResult:
    entity_of: dict = field(default_factory=dict)
    entities: list = field(default_factory=list)
    review_pairs: list = field(default_factory=list)
    merged_ids: list = field(default_factory=list)
    applied: list = field(default_factory=list)
    problems: list = field(default_factory=list)
    rejected: set = field(default_factory=set)
    retyped: dict = field(default_factory=dict)


def guard(a: str, b: str, min_chars: int) -> str:
    """Why two keys must not be merged automatically ("" when nothing forbids it)."""
    if len(a) < min_chars or len(b) < min_chars:
        return "short key"
    if _NUM.findall(a) != _NUM.findall(b):
        return "numbers differ"
    wa, wb = set(a.split()), set(b.split())
    if wa < wb or wb < wa:
        return "word subset"
    for x, y in CONFUSABLE:
        if (x in a and y in b and x not in b) or (y in a and x in b and y not in b):
            return f"confusable {x}/{y}"
    return ""


@dataclass
class _Cluster:
    type: str
    leader: str
    canonical_key: str
    concept: str = ""
    members: list = field(default_factory=list)


def _cluster(summary: MentionSummary, settings: DedupeSettings) -> tuple[list[_Cluster], list[dict]]:
    clusters: dict[tuple[str, str], _Cluster] = {}
    review: list[dict] = []
    # 1. linked concepts
    for (typ, concept, key), st in summary.keys.items():
        if concept:
            c = clusters.setdefault((typ, "concept:" + concept), _Cluster(typ, normalize_key(concept), concept, concept))
            c.members.append((typ, concept, key))
    # leaders per type: linked concepts first, then keys by frequency (docs, mentions), ties alphabetical
    leaders: dict[str, list[_Cluster]] = defaultdict(list)
    index: dict[tuple[str, str], set[int]] = defaultdict(set)

    def add_leader(c: _Cluster) -> None:
        pos = len(leaders[c.type])
        leaders[c.type].append(c)
        for w in set(c.leader.split()):
            index[(c.type, w)].add(pos)

    for c in sorted(clusters.values(), key=lambda c: (c.type, c.canonical_key)):
        add_leader(c)
    free = [(k, st) for k, st in summary.keys.items() if not k[1] and k[2]]
    free.sort(key=lambda x: (-len(x[1].docs), -x[1].n, x[0][0], x[0][2]))
    for (typ, concept, key), st in free:
        # block on the key's two rarest words: a merge needs ~94 % similarity, so a true match shares
        # them, while common words ("pain", "muscle") would make every block huge
        ws = sorted(set(key.split()), key=lambda w: (len(index.get((typ, w), ())), w))[:2]
        cand = sorted({i for w in ws for i in index.get((typ, w), ())})
        best = None
        if cand:
            choices = [leaders[typ][i].leader for i in cand]
            hits = process.extract(key, choices, scorer=fuzz.ratio, score_cutoff=settings.review_low, limit=5)
            for choice, score, pos in hits:
                leader = leaders[typ][cand[pos]]
                why = guard(key, choice, settings.min_key_chars)
                if score >= settings.auto_merge and not why and key != choice:
                    best = leader
                    break
                if key == choice:
                    best = leader
                    break
                review.append({"type": typ, "key_a": key, "key_b": choice, "score": round(score, 1),
                               "decision": f"kept apart: {why}" if why else "kept apart: below auto-merge"})
        if best is None:
            best = _Cluster(typ, key, key)
            clusters[(typ, "key:" + key)] = best
            add_leader(best)
        best.members.append((typ, concept, key))
    return list(clusters.values()), review


def _canonical(c: _Cluster, summary: MentionSummary) -> str:
    if c.concept:
        return c.concept
    forms: dict[str, list] = {}
    for k in c.members:
        st = summary.keys[k]
        for form, n in st.surfaces.items():
            f = forms.setdefault(form, [[], 0])
            f[0].append(st.docs)
            f[1] += n
    counted = {form: n_docs(f[0]) for form, f in forms.items()}
    return min(forms, key=lambda f: (-counted[f], -forms[f][1], len(f), f))


def deduplicate(summary: MentionSummary, settings: DedupeSettings, overrides: Path | None = None) -> DedupeResult:
    """Entities from mention statistics: ids, names, aliases and counts; review pairs; overrides applied."""
    clusters, review = _cluster(summary, settings)
    result = DedupeResult()
    rows: dict[str, dict] = {}
    members_of: dict[str, list] = {}
    for c in clusters:
        name = _canonical(c, summary)
        eid = entity_id_for(c.type, normalize_key(name) if not c.concept else "concept:" + c.concept)
        surfaces: Counter = Counter()
        docs: list = []  # the members' KeyStats.docs, counted when the entity is final
        n = n_contra = 0
        onto = ""
        for k in c.members:
            st = summary.keys[k]
            surfaces.update(st.surfaces)
            docs.append(st.docs)
            n += st.n
            n_contra += st.n_contra
            onto = onto or st.ontology_id
            result.entity_of[k] = eid
        if eid in rows:  # two clusters with one canonical key: one entity
            r = rows[eid]
            r["_surfaces"].update(surfaces)
            r["_docs"] += docs
            r["n_mentions"] += n
            r["n_contraindicated"] += n_contra
            members_of[eid].extend(c.members)
            continue
        rows[eid] = {"entity_id": eid, "type": c.type, "name": name, "_surfaces": surfaces, "_docs": docs,
                     "n_mentions": n, "n_contraindicated": n_contra, "ontology_id": onto, "concept": c.concept}
        members_of[eid] = list(c.members)
    names = {}
    for eid, r in rows.items():
        names[(r["type"], normalize_key(r["name"]))] = eid
    if overrides is not None:
        _apply_overrides(overrides, rows, members_of, result, summary)
    for r in rows.values():
        r["aliases"] = sorted(r["_surfaces"], key=lambda s: (-r["_surfaces"][s], s))
        r["n_documents"] = n_docs(r.pop("_docs"))
        r.pop("_surfaces")
    result.entities = sorted(rows.values(), key=lambda r: (r["type"], r["name"], r["entity_id"]))
    by_key = {}
    for k, eid in result.entity_of.items():
        by_key[(k[0], k[2])] = eid
    for p in review:
        ea = by_key.get((p["type"], p["key_a"]), "")
        eb = names.get((p["type"], p["key_b"]), "") or by_key.get((p["type"], p["key_b"]), "")
        if ea and eb and ea != eb and ea in rows and eb in rows:
            result.review_pairs.append({"type": p["type"], "entity_a": ea, "name_a": rows[ea]["name"], "entity_b": eb,
                                        "name_b": rows[eb]["name"], "score": p["score"], "decision": p["decision"]})
    uniq = {(p["entity_a"], p["entity_b"]): p for p in result.review_pairs}
    result.review_pairs = sorted(uniq.values(), key=lambda p: (-p["score"], p["type"], p["name_a"], p["name_b"]))
    return result


OVERRIDE_ACTIONS = ("merge", "split", "rename", "retype", "reject")


def _apply_overrides(path: Path, rows: dict, members_of: dict, result: DedupeResult, summary: MentionSummary) -> None:
    """Apply an analyst's overrides CSV (action, entity_id, target, value, note); unknown ids are reported."""
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            lines = [l for l in fh if not l.startswith("#")]
    except OSError as exc:
        result.problems.append(f"overrides {path}: cannot read ({exc.strerror})")
        return
    for lineno, o in enumerate(csv.DictReader(lines), start=2):
        action = (o.get("action") or "").strip()
        eid = (o.get("entity_id") or "").strip()
        target = (o.get("target") or "").strip()
        value = (o.get("value") or "").strip()
        where = f"overrides {path.name} row {lineno}"
        if action not in OVERRIDE_ACTIONS:
            result.problems.append(f"{where}: unknown action {action!r}; allowed: {', '.join(OVERRIDE_ACTIONS)}")
            continue
        if eid not in rows:
            result.problems.append(f"{where}: {action} names unknown entity {eid!r}; not applied")
            continue
        r = rows[eid]
        if action == "merge":
            if target not in rows or target == eid:
                result.problems.append(f"{where}: merge target {target!r} is not another known entity; not applied")
                continue
            t = rows[target]
            t["_surfaces"].update(r["_surfaces"])
            t["_docs"] += r["_docs"]
            t["n_mentions"] += r["n_mentions"]
            t["n_contraindicated"] += r["n_contraindicated"]
            for k in members_of[eid]:
                result.entity_of[k] = target
            members_of[target].extend(members_of.pop(eid))
            del rows[eid]
            result.merged_ids.append({"retired_id": eid, "replaced_by": target, "override": f"row {lineno}"})
        elif action == "split":
            key = normalize_key(value)
            moved = [k for k in members_of[eid] if k[2] == key]
            if not moved or len(moved) == len(members_of[eid]):
                result.problems.append(f"{where}: split of {eid} by {value!r} matches no separable key; not applied")
                continue
            new_id = entity_id_for(r["type"], key)
            st_list = [summary.keys[k] for k in moved]
            surfaces = Counter()
            docs = []
            for st in st_list:
                surfaces.update(st.surfaces)
                docs.append(st.docs)
            rows[new_id] = {"entity_id": new_id, "type": r["type"], "name": display_form(value), "_surfaces": surfaces,
                            "_docs": docs, "n_mentions": sum(st.n for st in st_list),
                            "n_contraindicated": sum(st.n_contra for st in st_list), "ontology_id": "", "concept": ""}
            members_of[new_id] = moved
            members_of[eid] = [k for k in members_of[eid] if k not in moved]
            for k in moved:
                result.entity_of[k] = new_id
            r["_surfaces"] = Counter()
            r["_docs"] = []
            r["n_mentions"] = r["n_contraindicated"] = 0
            for k in members_of[eid]:
                st = summary.keys[k]
                r["_surfaces"].update(st.surfaces)
                r["_docs"].append(st.docs)
                r["n_mentions"] += st.n
                r["n_contraindicated"] += st.n_contra
        elif action == "rename":
            if not value:
                result.problems.append(f"{where}: rename needs a value")
                continue
            r["name"] = value.lower()
        elif action == "retype":
            if value not in ("cause", "symptom", "treatment", "exercise"):
                result.problems.append(f"{where}: retype value {value!r}; allowed: cause, symptom, treatment, exercise")
                continue
            r["type"] = value
            result.retyped[eid] = value
        elif action == "reject":
            del rows[eid]
            result.rejected.add(eid)
        result.applied.append({"row": lineno, "action": action, "entity_id": eid, "target": target, "value": value})
