"""Dedupe: merge mentions of one concept across sources into entities with stable ids.

1. mentions linked to a lexicon concept form one entity per (type, concept);
2. the others are grouped on a normalized key (case, punctuation, articles and possessives, plural
   folding, known abbreviations, words of one meaning: "issues" and "problems", "lung conditions" and
   "lung disease" but not a bare "illness" and "abnormality", word order);
3. keys the vocabularies give the same ontology id (exact names and synonyms of HPO and the Disease
   Ontology, ``ontology.lookup`` without broader terms: "trouble swallowing" and "dysphagia") are one
   entity, joined to a lexicon concept whose own name has that id where there is one;
4. the other keys are then attached to the most frequent key they match directly (leader clustering:
   each key is compared with cluster leaders only, so clusters cannot chain), with rapidfuzz's ``fuzz.ratio`` on
   sorted-word keys inside blocks of the same type that share a word. Only high scores merge, and never
   across a number, a confusable prefix (hypo/hyper, upper/lower...), a short key, a word subset
   ("pain" vs "back pain") or two different common words ("talking" vs "walking"); the grey band goes
   to ``review_pairs.csv``;
5. analyst overrides (merge, split, rename, retype, reject), read by the composer, are applied last.

Entity ids are derived from type + canonical key, so they do not depend on row order or on unrelated
articles. The input is compact: one row per (document, mention key, display form, contraindicated)
with its count, never the mentions themselves; the counting is pandas group-bys over it.
"""
from __future__ import annotations

import hashlib
import os
import re
from array import array
from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process

from ..config import DedupeSettings
from ..ontology import lookup, vocabulary_names
from .despin import zipf
from ..words import DURATION, FUNCTION, INNER, INTAKE, LEADING, WORD, fold, gerunds, singular

ABBREVIATIONS = {"nsaids": "nsaid", "pt": "physical therapy", "otc": "over-the-counter", "uti": "urinary tract infection",
                 "utis": "urinary tract infection", "ibs": "irritable bowel syndrome", "gerd": "acid reflux",
                 "tens": "tens", "ra": "rheumatoid arthritis", "oa": "osteoarthritis", "dr": "doctor"}
# verbs an article puts before a treatment or an exercise ("use a humidifier", "try yoga", "taking
# ibuprofen"): the item is the same without them
LIGHT_VERBS = frozenset("use using try trying take taking apply applying wear wearing do doing perform "
                        "performing practice practicing practise practising consider considering".split())
SAME_WORD = {"trouble": "difficulty", "problem": "difficulty", "problems": "difficulty", "difficulties": "difficulty",
             "issue": "difficulty", "issues": "difficulty", "disorder": "disease", "disorders": "disease",
             # an organ's disorder is one concept whatever the word ("lung conditions", "lung disease",
             # "lung-related illnesses"; "spinal disorders", "spinal abnormalities")
             "condition": "disease", "conditions": "disease", "illness": "disease", "illnesses": "disease",
             "abnormality": "disease", "abnormalities": "disease",
             "beverage": "drink", "beverages": "drink", "modification": "change", "modifications": "change",
             "adjustment": "change", "adjustments": "change", "disk": "disc", "disks": "disc", "blurry": "blurred",
             # a body part's adjective is the part ("muscular strain" is a muscle strain, "gastric ulcer" a
             # stomach ulcer, "renal failure" kidney failure)
             "muscular": "muscle", "spinal": "spine", "gastric": "stomach", "renal": "kidney", "hepatic": "liver",
             "pulmonary": "lung", "cardiac": "heart", "dental": "tooth", "ocular": "eye", "nasal": "nose",
             "dermal": "skin",
             # a complaint's adjective is its noun ("tender joints" is joint tenderness, "stiff neck" neck
             # stiffness, "painful urination" pain on urination)
             "tender": "tenderness", "stiff": "stiffness", "swollen": "swelling", "numb": "numbness",
             "weak": "weakness", "sore": "soreness", "itchy": "itching", "tight": "tightness",
             "inflamed": "inflammation", "painful": "pain", "achy": "ache"}
CONFUSABLE = [("hypo", "hyper"), ("upper", "lower"), ("left", "right"), ("acute", "chronic"), ("pre", "post"),
              ("under", "over"), ("mild", "severe"), ("inner", "outer"), ("high", "low"), ("hot", "cold"),
              ("strain", "sprain")]
_NUM = re.compile(r"\d+")
# a word this frequent (wordfreq zipf) is a word of its own, not a misspelling of a close one
COMMON_WORD = 3.0


def normalize_key(text: str) -> str:
    """The comparison key of a mention: lower case, no punctuation or leading articles, singular, sorted words."""
    words = WORD.findall(text.lower().replace("’", "'"))
    while words and words[0] in LEADING:
        words = words[1:]
    words = [w for k, w in enumerate(words)
             if not (w in INNER or w in DURATION or w in FUNCTION or w in INTAKE or (w in ("a", "an") and k < len(words) - 1))] or words
    out = []
    for w in words:
        same = SAME_WORD.get(w, w)
        if same == "disease" and len(words) == 1:
            # an organ's disorder is one concept whatever the word ("lung conditions" is lung disease);
            # alone, "illness" and "abnormality" are no one concept
            same = w
        w = ABBREVIATIONS.get(w, same)
        out.extend(fold(x) for x in w.split())
    return " ".join(sorted(out))


def display_form(text: str) -> str:
    """A canonical display name: lower case, singular words in their written order."""
    words = WORD.findall(text.lower().replace("’", "'"))
    while words and words[0] in LEADING:
        words = words[1:]
    return " ".join(singular(w) for w in words)


KEY_SEP = "\x1f"  # joins a key's parts: never in a type, a lexicon concept or a normalized key


def key_of(typ: str, concept: str, surface: str) -> str:
    """The summary key of a mention: type, lexicon concept or "", normalized surface key, joined by ``KEY_SEP``.
    A treatment's or an exercise's leading light verb is not part of it ("use a humidifier" = "humidifier")."""
    if typ in ("treatment", "exercise"):
        first, _, rest = surface.strip().partition(" ")
        if first.lower() in LIGHT_VERBS and rest.strip():
            surface = rest
    return f"{typ}{KEY_SEP}{concept}{KEY_SEP}{normalize_key(surface)}"


def verb_form(key: str) -> str:
    """A treatment's or an exercise's key with each verb in -ing as its base form ("quitting smoking" is "quit
    smoking", "limiting alcohol" "limit alcohol", "massaging" "massage"): advice reads the same as a gerund
    and as an imperative. For matching only; the entity keeps its key."""
    base = gerunds()
    return " ".join(sorted(base.get(w, w) for w in key.split()))


def entity_id_for(typ: str, canonical_key: str) -> str:
    return "E" + hashlib.sha256(f"{typ}\x00{canonical_key}".encode("utf-8")).hexdigest()[:12]


@dataclass
class ShardSummary:
    """Some documents' mention summary, made where they were processed: the distinct keys (with their
    first non-empty ontology id) and display forms once, and one row per (document, key, display form,
    contraindicated) as indexes into them, with its number of mentions."""

    doc_ids: list
    keys: list
    ontology: list
    displays: list
    rows: tuple  # arrays: document index, key index, display index, contraindicated (0/1), n


def _key_index(key_ids: dict, ontology: list, key: str, ontology_id: str) -> int:
    """The index of ``key`` (a new one at the end), keeping each key's first non-empty ontology id."""
    k = key_ids.get(key)
    if k is None:
        k = key_ids[key] = len(key_ids)
        ontology.append(ontology_id)
    elif ontology_id and not ontology[k]:
        ontology[k] = ontology_id
    return k


def summarize(docs) -> ShardSummary:
    """A ``ShardSummary`` of ``(doc_id, entries)`` pairs, entries being ``(key, display form, contraindicated,
    ontology id, n)``."""
    keys: dict[str, int] = {}
    displays: dict[str, int] = {}
    ontology: list[str] = []
    rows = tuple(array("i") for _ in range(5))
    add_doc, add_key, add_display, add_contra, add_n = (column.append for column in rows)
    doc_ids = []
    for i, (doc_id, entries) in enumerate(docs):
        doc_ids.append(doc_id)
        for key, display, contra, ontology_id, n in entries:
            k = _key_index(keys, ontology, key, ontology_id)
            d = displays.get(display)
            if d is None:
                d = displays[display] = len(displays)
            add_doc(i)
            add_key(k)
            add_display(d)
            add_contra(contra)
            add_n(n)
    return ShardSummary(doc_ids, list(keys), ontology, list(displays), rows)


@dataclass
class MentionSummary:
    """What deduplication needs from all mentions, interned to integers as shards come: the distinct keys
    (type, concept, normalized key, first ontology id) in first-seen order, the display forms, and one row
    per (document, key, display form, contraindicated) with its number of mentions."""

    key_ids: dict = field(default_factory=dict)        # key string -> key id
    key_ontology: list = field(default_factory=list)   # key id -> first non-empty ontology id
    display_ids: dict = field(default_factory=dict)    # display form -> id
    ordinals: dict = field(default_factory=dict)       # doc_id -> ordinal, in the order documents are first seen
    _chunks: list = field(default_factory=list)        # per shard: (doc, key, display, contra, n) arrays

    def add(self, m, doc_id: str) -> None:
        """Count one mention (a ``records.Mention``)."""
        self.add_doc(doc_id, [(key_of(m.type, m.concept, m.surface), display_form(m.surface),
                               m.flag == "contraindicated", m.ontology_id, 1)])

    def add_doc(self, doc_id: str, entries) -> None:
        """Count one document's ``(key, display form, contraindicated, ontology id, n)`` entries."""
        self.add_shard(summarize([(doc_id, entries)]))

    def add_shard(self, shard: ShardSummary) -> list[int]:
        """Count a shard's summary; returns the key ids of its keys."""
        kmap = [_key_index(self.key_ids, self.key_ontology, key, ontology_id)
                for key, ontology_id in zip(shard.keys, shard.ontology)]
        dmap = [self.display_ids.setdefault(d, len(self.display_ids)) for d in shard.displays]
        docs = [self.ordinals.setdefault(d, len(self.ordinals)) for d in shard.doc_ids]
        doc, key, display, contra, n = (np.frombuffer(a, dtype=np.int32) for a in shard.rows)
        self._chunks.append((np.asarray(docs, dtype=np.int32)[doc] if len(doc) else doc,
                             np.asarray(kmap, dtype=np.int32)[key] if len(key) else key,
                             np.asarray(dmap, dtype=np.int32)[display] if len(display) else display,
                             contra.astype(bool), n.copy()))
        return kmap

    def keys(self) -> pd.DataFrame:
        """One row per key id: type, concept, key, ontology_id."""
        parts = [k.split(KEY_SEP) for k in self.key_ids]
        frame = pd.DataFrame(parts or None, columns=["type", "concept", "key"], dtype=object)
        frame["ontology_id"] = self.key_ontology
        return frame

    def rows(self) -> pd.DataFrame:
        """One row per distinct (doc, key_id, display, contra) with its mention count ``n``."""
        cols = [np.concatenate([c[i] for c in self._chunks]) if self._chunks else np.zeros(0, dtype=np.int32)
                for i in range(5)]
        names = list(self.display_ids)
        frame = pd.DataFrame({"doc": cols[0], "key_id": cols[1],
                              "display": pd.Categorical.from_codes(cols[2], categories=names),
                              "contra": cols[3].astype(bool), "n": cols[4]})
        return frame.groupby(["doc", "key_id", "display", "contra"], observed=True, sort=False, as_index=False)["n"].sum()


@dataclass
class DedupeResult:
    entity_of: dict = field(default_factory=dict)   # key string -> entity id
    entities: list = field(default_factory=list)
    review_pairs: list = field(default_factory=list)
    merged_ids: list = field(default_factory=list)
    applied: list = field(default_factory=list)
    problems: list = field(default_factory=list)
    rejected: set = field(default_factory=set)
    retyped: dict = field(default_factory=dict)
    rejected_mentions: int = 0  # mentions of the rejected entities, which leave every table


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
    only_a, only_b = wa - wb, wb - wa
    if len(only_a) == 1 and len(only_b) == 1:
        x, y = only_a.pop(), only_b.pop()
        # "difficulty talking" / "difficulty walking": two common words, not a typo or another form of one
        # word ("increased"/"increase", "blood"/"bloody" share their start)
        if len(os.path.commonprefix([x, y])) < 4 and min(zipf(x), zipf(y)) >= COMMON_WORD:
            return "different words"
    return ""


@dataclass
class _Cluster:
    type: str
    leader: str
    canonical_key: str
    concept: str = ""
    members: list = field(default_factory=list)  # key ids, in the order they joined


def _cluster(keys: pd.DataFrame, n_docs: list, n_mentions: list,
             settings: DedupeSettings) -> tuple[list[_Cluster], list[dict]]:
    clusters: dict[tuple[str, str], _Cluster] = {}
    review: list[dict] = []
    # 1. linked concepts
    linked: dict[tuple[str, str], list[str]] = defaultdict(list)  # a concept's keys: its name's, its mentions'
    for kid, typ, concept, key in zip(keys.index, keys["type"], keys["concept"], keys["key"]):
        if concept:
            c = clusters.setdefault((typ, "concept:" + concept), _Cluster(typ, normalize_key(concept), concept, concept))
            c.members.append(kid)
            linked[(typ, concept)].append(key)
    # leaders per type: linked concepts first (under their name's key and each key linked to them), then keys
    # by frequency (docs, mentions), ties alphabetical
    leaders: dict[str, list[tuple[str, _Cluster]]] = defaultdict(list)
    index: dict[tuple[str, str], set[int]] = defaultdict(set)

    def add_leader(c: _Cluster, key: str) -> None:
        pos = len(leaders[c.type])
        leaders[c.type].append((key, c))
        for w in set(key.split()):
            index[(c.type, w)].add(pos)

    # advice as a gerund and as an imperative: the first cluster of a verb form takes the other keys of it
    forms: dict[tuple[str, str], _Cluster] = {}

    def add_form(c: _Cluster, key: str) -> None:
        if c.type in ("treatment", "exercise"):
            forms.setdefault((c.type, verb_form(key)), c)

    for c in sorted(clusters.values(), key=lambda c: (c.type, c.canonical_key)):
        for key in dict.fromkeys([c.leader, *sorted(linked[(c.type, c.concept)])]):
            if key:
                add_leader(c, key)
                add_form(c, key)
    free = [(kid, typ, key) for kid, typ, concept, key in zip(keys.index, keys["type"], keys["concept"], keys["key"])
            if not concept and key]
    free.sort(key=lambda x: (-n_docs[x[0]], -n_mentions[x[0]], x[1], x[2]))
    # 2. keys the vocabularies name the same ("trouble swallowing" and "dysphagia" are HP:0002015) join one
    # cluster: a linked concept with that id, else the first (most frequent) such key
    by_id: dict[tuple[str, str], _Cluster] = {}
    for kid, typ, concept, oid in zip(keys.index, keys["type"], keys["concept"], keys["ontology_id"]):
        # a concept whose own name is that term in the vocabularies (the lexicon may cite a broader term
        # for a phrase: "pain radiating down the leg" cites lower limb pain, which "leg ache" must not
        # join), or whose id only the lexicon names ("sharp pain": HPO's modifier Sharp)
        if concept and oid and typ in ("cause", "symptom") and (
                lookup(concept, typ, broader=False, lexicon=False) == oid or not vocabulary_names(oid)):
            by_id.setdefault((typ, oid), clusters[(typ, "concept:" + concept)])
    # an unlinked key that is a linked concept's very name ("fluid retention") is that concept, and the
    # concept takes the key's vocabulary id, whichever key comes first (not every concept whose name a
    # vocabulary lists: HPO makes "inactivity" a synonym of lethargy)
    named = {(c.type, c.leader): c for c in clusters.values()}
    for kid, typ, key in free:
        if (typ, key) in named and typ in ("cause", "symptom") and (oid := lookup(key, typ, broader=False)):
            by_id.setdefault((typ, oid), named[(typ, key)])
    for kid, typ, key in free:
        if (typ, key) in named:
            named[(typ, key)].members.append(kid)
            continue
        oid = lookup(key, typ, broader=False) if typ in ("cause", "symptom") else ""
        if oid and (typ, oid) not in by_id:
            best = by_id[(typ, oid)] = clusters.setdefault((typ, "key:" + key), _Cluster(typ, key, key))
            add_leader(best, key)
        elif oid:
            by_id[(typ, oid)].members.append(kid)
            continue
        else:
            best = None
        if best is not None:
            best.members.append(kid)
            continue
        if typ in ("treatment", "exercise") and (best := forms.get((typ, verb_form(key)))) is not None:
            best.members.append(kid)
            continue
        # block on the key's two rarest words: a merge needs ~94 % similarity, so a true match shares
        # them, while common words ("pain", "muscle") would make every block huge
        ws = sorted(set(key.split()), key=lambda w: (len(index.get((typ, w), ())), w))[:2]
        cand = sorted({i for w in ws for i in index.get((typ, w), ())})
        best = None
        if cand:
            choices = [leaders[typ][i][0] for i in cand]
            hits = process.extract(key, choices, scorer=fuzz.ratio, score_cutoff=settings.review_low, limit=5)
            for choice, score, pos in hits:
                leader = leaders[typ][cand[pos]][1]
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
            add_leader(best, key)
        add_form(best, key)
        best.members.append(kid)
    return list(clusters.values()), review


def _canonical_names(clusters: list[_Cluster], rows: pd.DataFrame, n_docs: list) -> list[str]:
    """Each cluster's name: its concept, else the display form whose keys are in the most documents, then
    the most mentioned, the shortest, the first alphabetically."""
    forms_of: dict[int, dict[str, int]] = defaultdict(dict)
    per_form = rows.groupby(["key_id", "display"], observed=True, sort=False)["n"].sum().reset_index()
    names = per_form["display"].cat.categories.tolist()
    for kid, code, n in zip(per_form["key_id"].tolist(), per_form["display"].cat.codes.tolist(),
                            per_form["n"].tolist()):
        forms_of[kid][names[code]] = n
    shared: list[tuple[int, dict]] = []  # (cluster, form -> its keys) where a form has several keys
    names: list[str] = []
    for i, c in enumerate(clusters):
        if c.concept:
            names.append(c.concept)
            continue
        keys_of: dict[str, list[int]] = {}
        for kid in c.members:
            for form in forms_of[kid]:
                keys_of.setdefault(form, []).append(kid)
        names.append("")
        shared.append((i, keys_of))
    multi = {kid for _, keys_of in shared for ks in keys_of.values() if len(ks) > 1 for kid in ks}
    docs_of = rows[rows["key_id"].isin(multi)].groupby("key_id")["doc"].unique().to_dict() if multi else {}
    for i, keys_of in shared:
        def rank(form: str) -> tuple:
            ks = keys_of[form]
            docs = n_docs[ks[0]] if len(ks) == 1 else len(set().union(*(docs_of[k].tolist() for k in ks)))
            return -docs, -sum(forms_of[k][form] for k in ks), len(form), form
        names[i] = min(keys_of, key=rank)
    return names


def deduplicate(summary: MentionSummary, settings: DedupeSettings, overrides: list[dict] = (),
                accepted: dict | None = None) -> DedupeResult:
    """Entities from the mention summary: ids, names, aliases and counts; review pairs; overrides applied.

    ``overrides``: the analyst's rows (``io.read_overrides``), each with ``row``, ``action``, ``entity_id``,
    ``target`` and ``value``; ``accepted``: the analyst's answers to earlier review pairs,
    {(entity_a, entity_b): "yes" | "no"}: a yes merges entity_a into entity_b, a no keeps them apart
    (both are carried into the new review_pairs.csv)."""
    accepted = accepted or {}
    keys, rows = summary.keys(), summary.rows()
    per_key = rows.groupby("key_id").agg(n_docs=("doc", "nunique"), n=("n", "sum")).reindex(keys.index, fill_value=0)
    n_docs, n_mentions = per_key["n_docs"].tolist(), per_key["n"].tolist()
    clusters, review = _cluster(keys, n_docs, n_mentions, settings)
    result = DedupeResult()
    ents: dict[str, dict] = {}
    members_of: dict[str, list[int]] = {}
    entity_of: dict[int, str] = {}
    ontology = keys["ontology_id"].tolist()
    canonical_keys: dict[str, str] = {}
    for c, name in zip(clusters, _canonical_names(clusters, rows, n_docs)):
        key = canonical_keys[name] = canonical_keys.get(name) or normalize_key(name)
        eid = entity_id_for(c.type, key if not c.concept else "concept:" + c.concept)
        for kid in c.members:
            entity_of[kid] = eid
        if eid in ents:  # two clusters with one canonical key: one entity
            members_of[eid].extend(c.members)
            continue
        onto = next((ontology[k] for k in c.members if ontology[k]), "")
        ents[eid] = {"entity_id": eid, "type": c.type, "name": name, "ontology_id": onto, "concept": c.concept}
        members_of[eid] = list(c.members)
    names = {(e["type"], canonical_keys[e["name"]]): eid for eid, e in ents.items()}
    if overrides:
        _apply_overrides(overrides, ents, members_of, entity_of, result, keys)
    answered = {pair: tuple(ents[e]["name"] if e in ents else "" for e in pair) + (ents.get(pair[0], {}).get("type", ""),)
                for pair in accepted}
    for (ea, eb), answer in sorted(accepted.items()):
        if answer == "yes" and ea in ents and eb in ents and ea != eb and ents[ea]["type"] == ents[eb]["type"]:
            for kid in members_of[ea]:
                entity_of[kid] = eb
            members_of[eb].extend(members_of.pop(ea))
            del ents[ea]
            result.merged_ids.append({"retired_id": ea, "replaced_by": eb, "override": "review_pairs.csv accept=yes"})
            result.applied.append({"row": 0, "action": "accept", "entity_id": ea, "target": eb, "value": "yes"})
    result.entities = _entity_rows(ents, members_of, rows, len(keys))
    if result.rejected:
        gone = [kid for kid, eid in entity_of.items() if eid in result.rejected]
        result.rejected_mentions = int(rows.loc[rows["key_id"].isin(gone), "n"].sum())
    key_names = list(summary.key_ids)
    result.entity_of = {key_names[kid]: eid for kid, eid in entity_of.items()}
    by_key = {}
    key_types, key_keys = keys["type"].tolist(), keys["key"].tolist()
    for kid, eid in entity_of.items():
        by_key[(key_types[kid], key_keys[kid])] = eid
    for p in review:
        ea = by_key.get((p["type"], p["key_a"]), "")
        eb = names.get((p["type"], p["key_b"]), "") or by_key.get((p["type"], p["key_b"]), "")
        if ea and eb and ea != eb and ea in ents and eb in ents:
            result.review_pairs.append({"type": p["type"], "entity_a": ea, "name_a": ents[ea]["name"], "entity_b": eb,
                                        "name_b": ents[eb]["name"], "score": p["score"], "decision": p["decision"],
                                        "accept": accepted.get((ea, eb), "")})
    uniq = {(p["entity_a"], p["entity_b"]): p for p in result.review_pairs}
    # an answered pair stays listed with its answer, so the next run applies it again
    for (ea, eb), answer in sorted(accepted.items()):
        name_a, name_b, typ = answered[(ea, eb)]
        if (ea, eb) not in uniq and name_a and name_b:
            uniq[(ea, eb)] = {"type": typ, "entity_a": ea, "name_a": name_a, "entity_b": eb, "name_b": name_b,
                              "score": None, "accept": answer,
                              "decision": "merged by the analyst" if answer == "yes" else "kept apart by the analyst"}
    result.review_pairs = sorted(uniq.values(), key=lambda p: (p["score"] is None, -(p["score"] or 0), p["type"],
                                                               p["name_a"], p["name_b"]))
    return result


def _entity_rows(ents: dict[str, dict], members_of: dict[str, list[int]], rows: pd.DataFrame, n_keys: int) -> list[dict]:
    """Each entity with its aliases (display forms by mentions, then alphabetically) and its counts."""
    order = list(ents)
    ent_of_key = [-1] * n_keys
    for i, eid in enumerate(order):
        for kid in members_of[eid]:
            ent_of_key[kid] = i
    r = rows.assign(ent=pd.Series(ent_of_key, dtype="int64").to_numpy()[rows["key_id"].to_numpy()])
    r = r[r["ent"] >= 0]
    counts = r.groupby("ent").agg(n_documents=("doc", "nunique"), n_mentions=("n", "sum"))
    contra = r[r["contra"]].groupby("ent")["n"].sum()
    forms = r.groupby(["ent", "display"], observed=True)["n"].sum().reset_index()
    forms["display"] = forms["display"].astype(object)
    forms = forms.sort_values(["ent", "n", "display"], ascending=[True, False, True], kind="stable")
    aliases: dict[int, list[str]] = {}
    for i, display in zip(forms["ent"].tolist(), forms["display"].tolist()):
        aliases.setdefault(i, []).append(display)
    n_documents, n_mentions = counts["n_documents"].to_dict(), counts["n_mentions"].to_dict()
    contra = contra.to_dict()
    out = []
    for i, eid in enumerate(order):
        e = ents[eid]
        out.append({"entity_id": eid, "type": e["type"], "name": e["name"], "aliases": aliases.get(i, []),
                    "n_documents": int(n_documents.get(i, 0)), "n_mentions": int(n_mentions.get(i, 0)),
                    "n_contraindicated": int(contra.get(i, 0)), "ontology_id": e["ontology_id"], "concept": e["concept"]})
    return sorted(out, key=lambda r: (r["type"], r["name"], r["entity_id"]))


OVERRIDE_ACTIONS = ("merge", "split", "rename", "retype", "reject")


def _apply_overrides(overrides: list[dict], ents: dict, members_of: dict, entity_of: dict, result: DedupeResult,
                     keys: pd.DataFrame) -> None:
    """Apply the analyst's overrides in order; one that names an unknown entity is reported, not applied."""

    ontology = keys["ontology_id"].tolist()
    for o in overrides:
        action, eid, target, value, row = o["action"], o["entity_id"], o["target"], o["value"], o["row"]
        if action not in OVERRIDE_ACTIONS:
            continue  # condition, flag and drop_relation rows are applied where documents and relations are
        where = f"overrides row {row}"
        if eid not in ents:
            result.problems.append(f"{where}: {action} names unknown entity {eid!r}; not applied")
            continue
        e = ents[eid]
        if action == "merge":
            if target not in ents or target == eid:
                result.problems.append(f"{where}: merge target {target!r} is not another known entity; not applied")
                continue
            for kid in members_of[eid]:
                entity_of[kid] = target
            members_of[target].extend(members_of.pop(eid))
            del ents[eid]
            result.merged_ids.append({"retired_id": eid, "replaced_by": target, "override": f"row {row}"})
        elif action == "split":
            key = normalize_key(value)
            moved = [kid for kid in members_of[eid] if keys.at[kid, "key"] == key]  # (a few keys: one look-up each)
            if not moved or len(moved) == len(members_of[eid]):
                result.problems.append(f"{where}: split of {eid} by {value!r} matches no separable key; not applied")
                continue
            new_id = entity_id_for(e["type"], key)
            ents[new_id] = {"entity_id": new_id, "type": e["type"], "name": display_form(value),
                            "ontology_id": next((ontology[k] for k in moved if ontology[k]), "")
                            or lookup(value, e["type"], broader=False), "concept": ""}
            members_of[new_id] = moved
            members_of[eid] = [kid for kid in members_of[eid] if kid not in moved]
            e["ontology_id"] = next((ontology[k] for k in members_of[eid] if ontology[k]), "")
            for kid in moved:
                entity_of[kid] = new_id
        elif action == "rename":
            if not value:
                result.problems.append(f"{where}: rename needs a value")
                continue
            e["name"] = value.lower()
            e["ontology_id"] = lookup(value, e["type"], broader=False) or e["ontology_id"]
        elif action == "retype":
            if value not in ("cause", "symptom", "treatment", "exercise"):
                result.problems.append(f"{where}: retype value {value!r}; allowed: cause, symptom, treatment, exercise")
                continue
            e["type"] = value
            e["concept"] = ""  # the lexicon's concept and its id were of the old type
            e["ontology_id"] = lookup(e["name"], value, broader=False)
            result.retyped[eid] = value
        elif action == "reject":
            del ents[eid]
            result.rejected.add(eid)
        result.applied.append({"row": row, "action": action, "entity_id": eid, "target": target, "value": value})
