"""The corpus-wide tables that need the entities: mentions.csv, each entity's evidence, the relations.

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

from ..io import COLUMNS, unsafe_cell
from ..cache import Cache
from ..records import ENTITY_TYPES, unpack
from .rows import EVIDENCE_CAP, MENTION_COLUMNS, SENTENCE_CAP, csv_rows, fill

EVIDENCE_FIELDS = ("doc_id", "sentence_index", "mention_id", "surface", "flag", "sentence")
CONTRA = "contraindicated"
_EID, _TYPE = MENTION_COLUMNS.index("entity_id"), MENTION_COLUMNS.index("type")


@dataclass(frozen=True)
class Entities:
    """What the mention step needs from deduplication."""

    entity_of: dict   # mention key -> entity id
    rejected: frozenset = frozenset()
    retyped: dict = field(default_factory=dict)


@dataclass
class MentionPart:
    """One spool file's share of the corpus-wide tables."""

    rows: str         # the file its mentions.csv rows were written to
    unknown: Counter = field(default_factory=Counter)  # (type, norm) -> mentions without a lexicon concept
    evidence: dict = field(default_factory=dict)       # entity id -> [EVIDENCE_FIELDS tuples], at most SENTENCE_CAP
    relations: dict = field(default_factory=dict)      # (condition, relation, entity id) -> [n documents, [ids]]


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
            rows, unknown, evidence, relations = hit
            Path(job.rows).write_bytes(rows)
            for spool in job.spools:
                Path(spool).unlink()
            store.close()
            return MentionPart(job.rows, Counter({tuple(k): n for k, n in unknown}),
                               {e: [tuple(x) for x in ev] for e, ev in evidence.items()},
                               {tuple(k): v for k, v in relations})
    part = compute_part(entities, list(job.spools), job.rows)
    if job.cache_key:
        store.put_many({job.cache_key: [Path(job.rows).read_bytes(), list(part.unknown.items()), part.evidence,
                                         list(part.relations.items())]}, job.cache_tag)
        store.close()
    return part


def compute_part(entities: Entities, spools: list[str], rows: str) -> MentionPart:
    """Fill some spool files' mentions.csv rows in (to the file ``rows``) and reduce their documents' groups."""
    part = MentionPart(rows)
    overridden = entities.rejected | set(entities.retyped)
    with open(rows, "wb") as out:
        for spool in spools:
            for doc_id, condition, keys, template, groups, columns, texts in unpack(Path(spool).read_bytes(), lists=False):
                eids = [entities.entity_of.get(k, "") for k in keys]
                block = fill(template, eids)
                if overridden and not overridden.isdisjoint(eids):
                    block = _overridden(block, entities)
                out.write(block)
                _gather(part, doc_id, condition, eids, groups, columns, texts, entities)
            Path(spool).unlink()
    return part


def _gather(part: MentionPart, doc_id: str, condition: str, eids: list[str], groups: list, columns: list,
            texts: dict, entities: Entities) -> None:
    """One document's groups into the part: counts of unlinked mentions, evidence, relations (a document
    counted once per relation)."""
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
    evidence, relations, mids = part.evidence, part.relations, columns[1]
    for e, gs in by_eid.items():
        ev = evidence.get(e)
        if ev is None:
            ev = evidence[e] = []
        if len(ev) < SENTENCE_CAP:
            sis, _, surfaces, flags = columns
            first = (gs[0][2] if len(gs) == 1 else _in_order([g[2] for g in gs]))[:SENTENCE_CAP - len(ev)]
            ev.extend((doc_id, sis[p], mids[p], surfaces[p], flags[p], texts.get(sis[p], "")) for p in first)
        if not condition:
            continue
        if len(gs) == 1:
            typ, _, _, asserted, contra = gs[0]
            found = ((typ, asserted), (_CONTRA_OF[typ], contra))
        else:  # several keys of one entity in this document: their mentions in document order
            lists: dict[str, list] = {}
            for typ, _, _, asserted, contra in gs:
                lists.setdefault(typ, []).append(asserted)
                lists.setdefault(_CONTRA_OF[typ], []).append(contra)
            found = tuple((relation, _in_order(ids)) for relation, ids in lists.items())
        for relation, ids in found:
            if ids:
                slot = relations.get((condition, relation, e))
                if slot is None:
                    slot = relations[(condition, relation, e)] = [0, []]
                slot[0] += 1
                if len(slot[1]) < EVIDENCE_CAP:
                    slot[1].extend([mids[p] for p in ids[:EVIDENCE_CAP - len(slot[1])]])


_CONTRA_OF = {t: f"{CONTRA}_{t}" for t in ENTITY_TYPES}


def _in_order(lists: list[list[int]]) -> list[int]:
    """The positions of several keys' lists, in the document's mention order."""
    return sorted(p for x in lists for p in x)


def _overridden(block: bytes, entities: Entities) -> bytes:
    """A document's filled rows with the mentions of rejected entities left out and retyped ones retyped."""
    rows = []
    for cells in csv.reader(io.StringIO(block.decode("utf-8"), newline="")):
        cells = [unsafe_cell(c) for c in cells]
        if cells[_EID] in entities.rejected:
            continue
        if cells[_EID] in entities.retyped:
            cells[_TYPE] = entities.retyped[cells[_EID]]
        rows.append(cells)
    return csv_rows(rows).encode("utf-8")


@dataclass
class MentionTables:
    """The parts added up in order: what the first parts have of an entity's evidence or a relation's
    mention ids comes first."""

    unknown: Counter = field(default_factory=Counter)
    evidence: dict = field(default_factory=dict)
    relations: dict = field(default_factory=dict)

    def merge(self, part: MentionPart) -> None:
        self.unknown.update(part.unknown)
        for e, items in part.evidence.items():
            ev = self.evidence.setdefault(e, [])
            ev.extend(items[:SENTENCE_CAP - len(ev)])
        for key, (n_docs, ids) in part.relations.items():
            slot = self.relations.setdefault(key, [0, []])
            slot[0] += n_docs
            slot[1].extend(ids[:EVIDENCE_CAP - len(slot[1])])


def relation_table(relations: dict, names: dict[str, str]) -> pd.DataFrame:
    """relations.csv: one row per (condition, relation, entity) with its name, number of documents and
    first mention ids, sorted by condition, relation, most documents first, then name."""
    columns = list(COLUMNS["relations.csv"])
    frame = pd.DataFrame([(c, r, e, n, "|".join(ids)) for (c, r, e), (n, ids) in relations.items()],
                         columns=["condition", "relation", "entity_id", "n_documents", "evidence"], dtype=object)
    frame["n_documents"] = frame["n_documents"].astype("int64")
    frame["name"] = frame["entity_id"].map(names).fillna("").astype(object)
    frame = frame.sort_values(["condition", "relation", "n_documents", "name", "entity_id"],
                              ascending=[True, True, False, True, True], kind="stable")
    return frame[columns].reset_index(drop=True)
