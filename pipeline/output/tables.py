"""The corpus-wide tables that need the entities: mentions.csv and the relations.

Pass 2 leaves each shard's mentions in a spool file (``rows.write_shard``): per document, its
mentions.csv rows with a slot for each key's entity id and its mentions grouped by key
(``rows.GROUP_FIELDS``). Once deduplication has named the entities, ``mention_part`` reads one spool
file or a run of them (in a worker: the parts run in parallel), fills the rows in and reduces the groups to a partial
result; ``MentionTables.merge`` adds the parts up in order, and ``relation_table`` builds the
relations with pandas. Memory follows the entities and relations, never the mentions.
"""
from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..cache import Cache
from ..io import COLUMNS, csv_rows, safe_cell, unsafe_cell
from ..ontology import condition_ontology, subclass_of
from ..records import ENTITY_TYPES, unpack
from ..stages.condition import kind_of
from ..stages.dedupe import normalize_key
from .rows import EVIDENCE_CAP, MENTION_COLUMNS, RELATION_SENTENCES, STATED, fill

CONTRA = "contraindicated"
_EID, _TYPE = MENTION_COLUMNS.index("entity_id"), MENTION_COLUMNS.index("type")
_MID, _FLAG, _FROM = (MENTION_COLUMNS.index(c) for c in ("mention_id", "flag", "flag_from"))


@dataclass(frozen=True)
class Entities:
    """What the mention step needs from deduplication."""

    entity_of: dict   # mention key -> entity id
    rejected: frozenset = frozenset()
    retyped: dict = field(default_factory=dict)
    conditions: dict = field(default_factory=dict)  # doc_id -> the condition an analyst set for it
    flags: dict = field(default_factory=dict)       # mention_id -> the flag an analyst set for it ("": none)


@dataclass
class MentionPart:
    """One spool file's share of the corpus-wide tables."""

    rows: str         # the file its mentions.csv rows were written to
    unknown: Counter = field(default_factory=Counter)  # (type, norm) -> mentions without a lexicon concept
    relations: dict = field(default_factory=dict)      # (condition, relation, entity id) -> [n documents, [ids],
    #                                                    [evidence sentences with their rank], product of 1 - strength]
    flagged: list = field(default_factory=list)        # mention ids whose flag an analyst set


@dataclass(frozen=True)
class PartJob:
    """One part of the mention step: some shards' spool files, where its rows go, and the cache key of its
    result (its spools' hashes and the entity ids of their keys; "" for no cache)."""

    spools: tuple
    rows: str
    cache_key: str = ""
    cache_path: str = ""
    cache_tag: str = ""


def mention_part(entities: Entities, job: PartJob) -> MentionPart:
    """A part's result, from the cache when its spools and their keys' entities are unchanged, else
    ``compute_part``'s (then cached). The spool files are deleted either way."""
    if job.cache_key:
        store = Cache(Path(job.cache_path))
        hit = store.get_many([job.cache_key]).get(job.cache_key)
        if hit is not None:
            rows, unknown, relations, flagged = hit
            Path(job.rows).write_bytes(rows)
            for spool in job.spools:
                Path(spool).unlink()
            store.close()
            return MentionPart(job.rows, Counter({tuple(k): n for k, n in unknown}),
                               {tuple(k): [n, ids, [tuple(x) for x in sents], miss]
                                for k, (n, ids, sents, miss) in relations}, list(flagged))
    part = compute_part(entities, list(job.spools), job.rows)
    if job.cache_key:
        store.put_many({job.cache_key: [Path(job.rows).read_bytes(), list(part.unknown.items()),
                                         list(part.relations.items()), part.flagged]}, job.cache_tag)
        store.close()
    return part


def compute_part(entities: Entities, spools: list[str], rows: str) -> MentionPart:
    """Fill some spool files' mentions.csv rows in (to the file ``rows``) and reduce their documents' groups."""
    part = MentionPart(rows)
    overridden = entities.rejected | set(entities.retyped)
    with open(rows, "wb") as out:
        for spool in spools:
            for doc_id, condition, keys, template, groups, columns in unpack(Path(spool).read_bytes(), lists=False):
                eids = [entities.entity_of.get(k, "") for k in keys]
                block = fill(template, eids)
                reflag = entities.flags and not entities.flags.keys().isdisjoint(columns[1])
                flags: dict[str, tuple[str, str]] = {}
                if reflag:
                    part.flagged.extend(m for m in columns[1] if m in entities.flags)
                    flags = _item_flags(columns, entities.flags)
                    groups, columns = _reflagged(groups, columns, flags)
                if reflag or (overridden and not overridden.isdisjoint(eids)):
                    block = _overridden(block, entities, flags)
                out.write(block)
                condition = entities.conditions.get(doc_id, condition)
                _gather(part, doc_id, condition, eids, groups, columns, entities)
            Path(spool).unlink()
    return part


def _gather(part: MentionPart, doc_id: str, condition: str, eids: list[str], groups: list, columns: list,
            entities: Entities) -> None:
    """One document's groups into the part: counts of unlinked mentions, relations (a document
    counted once per relation). An item this document advises against is never advice from it, even
    where some of its mentions (another alias) were not flagged."""
    rejected, retyped, unknown = entities.rejected, entities.retyped, part.unknown
    by_eid: dict[str, list] = {}
    for e, group in zip(eids, groups):
        if rejected and e in rejected:
            continue
        if retyped and e in retyped:
            group = (retyped[e], *group[1:])
        if group[1]:
            for norm, n in group[1].items():
                unknown[(group[0], norm)] += n
        if e:
            gs = by_eid.get(e)
            if gs is None:
                by_eid[e] = [group]
            else:
                gs.append(group)
    relations, mids, sis_all, strengths, ranks = part.relations, columns[1], columns[0], columns[4], columns[6]
    abouts = columns[7]
    for e, gs in by_eid.items():
        if not condition:
            continue
        if len(gs) == 1:
            typ, _, asserted, contra = gs[0]
            found = ((typ, () if contra else asserted), (_CONTRA_OF[typ], contra))
        else:  # several keys of one entity in this document: their mentions in document order
            lists: dict[str, list] = {}
            for typ, _, asserted, contra in gs:
                lists.setdefault(typ, []).append(asserted)
                lists.setdefault(_CONTRA_OF[typ], []).append(contra)
            found = tuple((relation, _in_order(ids)) for relation, ids in lists.items())
            against = {r for r, ids in found if ids and r.startswith(CONTRA)}
            found = tuple((r, ids) for r, ids in found if _CONTRA_OF.get(r) not in against)
        for relation, all_ids in found:
            # a mention about another condition than the document's (an article comparing two) is its
            # relation's evidence
            by_condition: dict[str, list[int]] = {}
            for p in all_ids:
                by_condition.setdefault(abouts[p] or condition, []).append(p)
            for about, ids in by_condition.items():
                slot = relations.get((about, relation, e))
                if slot is None:
                    slot = relations[(about, relation, e)] = [0, [], [], 1.0]
                slot[0] += 1
                if len(slot[1]) < EVIDENCE_CAP:
                    slot[1].extend([mids[p] for p in ids[:EVIDENCE_CAP - len(slot[1])]])
                # the document's best evidence: a sentence that names the condition, then one that says what kind of
                # relation it is, then a whole sentence, then the surer rule, then the first; the relation keeps the
                # best few over its documents
                p = max(ids, key=lambda q: (ranks[q], strengths[q], -q))
                _keep_best(slot[2], [(doc_id, sis_all[p], mids[p], ranks[p], strengths[p])])
                slot[3] *= 1.0 - max(strengths[p] for p in ids)


_CONTRA_OF = {t: f"{CONTRA}_{t}" for t in ENTITY_TYPES}


def _keep_best(kept: list, more: list) -> None:
    """Add evidence sentences ``(doc_id, index, mention id, rank, strength)`` to ``kept`` and keep the
    ``RELATION_SENTENCES`` best by rank and strength, the earlier documents first among equals (a stable
    sort: the same whichever parts the documents came in)."""
    kept.extend(more)
    if len(kept) > RELATION_SENTENCES:
        kept.sort(key=_better_first)
        del kept[RELATION_SENTENCES:]


def _better_first(evidence: tuple) -> tuple:
    """The sort key of an evidence sentence ``(doc_id, index, mention id, rank, strength)``: best first."""
    return -evidence[3], -evidence[4]


def _in_order(lists: list[list[int]]) -> list[int]:
    """The positions of several keys' lists, in the document's mention order."""
    return sorted(p for x in lists for p in x)


def _item_flags(columns, flags: dict) -> dict[str, tuple[str, str]]:
    """mention id -> (flag, flag_from) for a document's mentions from the analyst's flags: a flag set on one
    mention holds for the item in that document (every mention of its key there, as the extraction's
    own flags do), except where the analyst flagged another of its mentions too."""
    out: dict[str, tuple[str, str]] = {}
    mids, keys = columns[1], columns[5]
    for p, mid in enumerate(mids):
        if mid in flags:
            for q, other in enumerate(mids):
                if keys[q] == keys[p] and other not in flags:
                    out.setdefault(other, (flags[mid], mid if flags[mid] else ""))
    out.update((mid, (flags[mid], "")) for mid in mids if mid in flags)
    return out


def _reflagged(groups, columns, flags: dict[str, tuple[str, str]]) -> tuple[list, list]:
    """A document's groups and columns with the analyst's flags (``_item_flags``): each reflagged mention
    moves to its key's asserted or contraindicated list (or neither, when negated)."""
    columns = [list(c) for c in columns]
    groups = [[g[0], g[1], list(g[2]), list(g[3])] for g in groups]
    for p, mid in enumerate(columns[1]):
        if mid not in flags:
            continue
        flag = flags[mid][0]
        columns[3][p] = flag
        g = groups[columns[5][p]]
        g[2] = [x for x in g[2] if x != p]
        g[3] = [x for x in g[3] if x != p]
        if flag == "contraindicated":
            g[3] = sorted(g[3] + [p])
        elif flag != "negated":
            g[2] = sorted(g[2] + [p])
    return groups, columns


def _overridden(block: bytes, entities: Entities, flags: dict[str, tuple[str, str]]) -> bytes:
    """A document's filled rows with the mentions of rejected entities left out, retyped ones retyped and
    reflagged ones reflagged (``flags``: ``_item_flags``)."""
    rows = []
    for cells in csv.reader(io.StringIO(block.decode("utf-8"), newline="")):
        cells = [unsafe_cell(c) for c in cells]
        if cells[_EID] in entities.rejected:
            continue
        if cells[_EID] in entities.retyped:
            cells[_TYPE] = entities.retyped[cells[_EID]]
        if cells[_MID] in flags:
            cells[_FLAG], cells[_FROM] = flags[cells[_MID]]
        rows.append(cells)
    return csv_rows(rows).encode("utf-8")


@dataclass
class MentionTables:
    """The parts added up in order: what the first parts have of a relation's
    mention ids comes first.

    ``relations``: (condition, relation, entity id) -> [n documents, its first mention ids joined by "|",
    evidence sentences, product of 1 - strength]. Each part arrives with its own copies of every string
    (it was pickled), and the corpus-wide table is the composer's largest: the strings are kept once
    (``_strings``) and the ids as one string, which takes about 40 % off the table."""

    unknown: Counter = field(default_factory=Counter)
    relations: dict = field(default_factory=dict)
    _strings: dict = field(default_factory=dict)

    def merge(self, part: MentionPart) -> None:
        self.unknown.update(part.unknown)
        one = self._strings.setdefault
        relations = self.relations
        for (condition, relation, eid), (n_docs, ids, sentences, miss) in part.relations.items():
            key = (one(condition, condition), one(relation, relation), one(eid, eid))
            sentences = [(one(d, d), *rest) for d, *rest in sentences]
            slot = relations.get(key)
            if slot is None:
                relations[key] = [n_docs, "|".join(ids[:EVIDENCE_CAP]), sentences, miss]
                continue
            slot[0] += n_docs
            have = slot[1].count("|") + 1 if slot[1] else 0
            if have < EVIDENCE_CAP and ids:
                slot[1] = "|".join([slot[1], *ids[:EVIDENCE_CAP - have]] if slot[1] else ids[:EVIDENCE_CAP])
            _keep_best(slot[2], sentences)
            slot[3] *= miss


def relation_table(relations: dict, names: dict[str, str]) -> pd.DataFrame:
    """relations.csv: one row per (condition, relation, entity) with its name, number of distinct source
    documents, confidence (1 - the product over its documents of 1 - their strongest mention's
    strength: more independent sources, more confidence), whether the condition's sources disagree on
    the item (advised by some, advised against by others), whether a source's sentence names the
    condition, by its head word at least (``stated``: the best evidence sentence does), and its first
    mention ids; sorted by condition, relation, most documents first, then name. ``evidence_sentences``
    (not a CSV column) holds each relation's best evidence sentences (``_keep_best``), one per document,
    for the JSON outputs.

    ``relations`` (``MentionTables.relations``) is emptied on the way, so that the table and the frame
    are not both whole in memory; the order it is read in does not matter (the frame is sorted on a key
    that is unique per relation)."""
    columns = list(COLUMNS["relations.csv"])
    cols: dict[str, list] = {name: [] for name in ("condition", "relation", "entity_id", "n_documents", "confidence",
                                                   "stated", "evidence", "evidence_sentences")}
    adds = [cols[name].append for name in cols]
    while relations:
        (c, r, e), (n, ids, sentences, miss) = relations.popitem()
        for add, value in zip(adds, (c, r, e, n, round(1.0 - miss, 4), any(x[3] >= STATED for x in sentences),
                                     ids, _cited(sentences))):
            add(value)
    frame = pd.DataFrame({name: pd.Series(values, dtype=object) for name, values in cols.items()})
    del cols, adds
    frame["n_documents"] = frame["n_documents"].astype("int64")
    frame["confidence"] = frame["confidence"].astype("float64")
    frame["stated"] = frame["stated"].astype(bool)
    frame["name"] = frame["entity_id"].map(names).fillna("").astype(object)
    words = {t: frozenset(normalize_key(t).split()) for t in set(frame["condition"]) | set(frame["name"])}
    named = {c: _what_it_is(c) for c in frame["condition"].unique()}
    restated = [_restates(words[c], r, words[n]) or r.endswith("cause") and words[n] in named[c]
                for c, r, n in zip(frame["condition"], frame["relation"], frame["name"])]
    frame = frame[[not x for x in restated]] if any(restated) else frame
    frame["condition_id"] = frame["condition"].map({c: condition_id(c) for c in frame["condition"].unique()}).astype(object)
    kind = frame["relation"].str.replace(CONTRA + "_", "", regex=False)
    against = frame["relation"].str.startswith(CONTRA)
    sides = frame.assign(kind=kind, against=against).groupby(["condition", "entity_id", "kind"])["against"].nunique()
    both = set(sides[sides > 1].index)
    frame["conflict"] = [(c, e, k) in both for c, e, k in zip(frame["condition"], frame["entity_id"], kind)]
    frame = frame.sort_values(["condition", "relation", "n_documents", "name", "entity_id"],
                              ascending=[True, True, False, True, True], kind="stable")
    return frame[columns + ["evidence_sentences"]].reset_index(drop=True)


def _cited(sentences: list) -> list[tuple]:
    """A relation's evidence sentences as the outputs cite them, best first: (doc_id, index, mention id)."""
    return [e[:3] for e in sorted(sentences, key=_better_first)]


def _restates(c: frozenset[str], relation: str, i: frozenset[str]) -> bool:
    """Whether an item only restates its condition: a part of the condition's name ("sore" of sore
    throat, "cancer" of prostate cancer, "infection" of sinus infection), or, as a cause, the condition
    itself with more words ("viral pneumonia", "untreated chlamydia" are kinds or states of it, not its
    causes; "family history of gout" is one: ``condition.kind_of``). A symptom with more words is a
    quality of the condition and stays ("sharp pain" of pain). ``c`` and ``i``: the words of the
    condition's and the item's keys."""
    return bool(c and i) and (i <= c or (relation.endswith("cause") and kind_of(c, i)))


# an inflammation ("-itis": appendicitis, tonsillitis) or an infectious disease (the Disease Ontology's
# "disease by infectious agent": chlamydia, shingles) is what these words name, so they are no cause of it;
# an infection can still cause an inflammation ("tonsillitis caused by a viral infection")
_INFLAMMATION = frozenset({frozenset({"inflammation"})})
_INFECTION = _INFLAMMATION | {frozenset({"infection"}), *(frozenset({kind, "infection"}) for kind in
                                                          ("bacterial", "viral", "fungal", "parasitic"))}
_INFECTIOUS_DISEASE = "DOID:0050117"


def _what_it_is(condition: str) -> frozenset[frozenset[str]]:
    """The keys (as word sets) of items that name what ``condition`` is rather than a cause of it."""
    ident = condition_ontology(condition)
    if ident and subclass_of(ident, _INFECTIOUS_DISEASE):
        return _INFECTION
    if any(len(w) > 5 and w.endswith("itis") for w in condition.lower().split()):
        return _INFLAMMATION
    return frozenset()


def drop_relations(relations: pd.DataFrame, overrides: list[dict], result) -> pd.DataFrame:
    """The relations without those the analyst dropped (``drop_relation`` rows: entity id, condition in
    ``target``, and the relation in ``value``, or every relation of the pair when empty)."""
    for o in overrides:
        if o["action"] != "drop_relation":
            continue
        hit = (relations["entity_id"] == o["entity_id"]) & (relations["condition"] == o["target"].strip().lower())
        if o["value"]:
            hit &= relations["relation"] == o["value"].strip()
        if not hit.any():
            result.problems.append(f"overrides row {o['row']}: drop_relation matches no relation "
                                   f"({o['target']!r}, {o['value'] or 'any'}, {o['entity_id']}); not applied")
            continue
        relations = relations[~hit].reset_index(drop=True)
        result.applied.append({"row": o["row"], "action": "drop_relation", "entity_id": o["entity_id"],
                               "target": o["target"], "value": o["value"]})
    return relations


def relations_csv(relations: pd.DataFrame) -> pd.DataFrame:
    """relations.csv's columns as its cells are written (``io.write_csv``'s formatting, with pandas:
    a quarter of a million rows at 10,000 documents): text spreadsheet-safe, booleans true/false."""
    frame = relations[list(COLUMNS["relations.csv"])].copy()
    for col in ("condition", "name"):
        frame[col] = frame[col].map(safe_cell)
    for col in ("conflict", "stated"):
        frame[col] = frame[col].map({True: "true", False: "false"})
    return frame


def corroborated(relations: pd.DataFrame, min_sources: int, stated_only: bool = True) -> pd.DataFrame:
    """The relations at least ``min_sources`` documents support (and, with ``stated_only``, that a source's
    sentence names the condition), and, where sources disagree on an item for a condition, both sides
    whenever one side is kept: a conflict is shown, never half of it."""
    strong = relations["n_documents"] >= min_sources
    if stated_only:
        strong &= relations["stated"]
    kind = relations["relation"].str.replace(CONTRA + "_", "", regex=False)
    group = list(zip(relations["condition"], relations["entity_id"], kind))
    shown = {g for g, ok in zip(group, strong) if ok}
    keep = strong | (relations["conflict"] & pd.Series([g in shown for g in group], index=relations.index))
    return relations[keep].reset_index(drop=True)


def condition_id(name: str) -> str:
    """A condition's stable id: from its name, the same in every run and on every machine."""
    import hashlib

    return "C" + hashlib.sha256(name.encode("utf-8")).hexdigest()[:12]
