"""The global tables, built with pandas from the mention spool once deduplication has named the entities.

The spool holds one frame per shard (its documents' mention rows, in document order); each frame is
read, given its entity ids and written to mentions.csv, then reduced to what the corpus-wide tables
need: each entity's first evidence sentences, each relation's document count and first mention ids,
and the report's count of mentions without a lexicon concept. Those partial results are compacted as
they grow, so memory follows the number of entities and relations, not of mentions.
"""
from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..io import COLUMNS
from .rows import SPOOL_COLUMNS

EVIDENCE_CAP = 25    # mention ids kept per relation (relations.csv)
SENTENCE_CAP = 5     # evidence sentences kept per entity (knowledge_base.json); mentions.csv has them all
EVIDENCE_FIELDS = ("doc_id", "sentence_index", "mention_id", "surface", "flag", "sentence")
RELATION_KEY = ["condition", "relation", "entity_id"]
SPOOL_FRAME_COLUMNS = (*SPOOL_COLUMNS, "condition")


class FirstRows:
    """The first ``cap`` rows of each group, over frames that come in order (``groupby.head`` across them)."""

    def __init__(self, by: list[str], cap: int, compact_at: int = 500_000):
        self.by, self.cap, self.compact_at = by, cap, compact_at
        self.parts: list[pd.DataFrame] = []
        self.rows = 0

    def add(self, frame: pd.DataFrame) -> None:
        part = frame.groupby(self.by, sort=False).head(self.cap)
        self.parts.append(part)
        self.rows += len(part)
        if self.rows > self.compact_at:
            self.parts = [self.result()]
            self.rows = len(self.parts[0])

    def result(self) -> pd.DataFrame:
        if not self.parts:
            return pd.DataFrame(columns=self.by)
        return pd.concat(self.parts, ignore_index=True).groupby(self.by, sort=False).head(self.cap)


@dataclass
class MentionTables:
    """What the mention frames add up to."""

    n_mentions: int = 0
    unknown: Counter = field(default_factory=Counter)          # (type, norm) -> mentions without a concept
    evidence: dict = field(default_factory=dict)               # entity id -> [EVIDENCE_FIELDS tuples]
    relations: list = field(default_factory=list)              # (condition, relation, entity id, n docs, "id|id")


def write_mentions(frames: Iterable[dict], entity_of: dict[str, str], rejected: set, retyped: dict,
                   out) -> MentionTables:
    """Write mentions.csv rows to the text handle ``out`` frame by frame (entity ids filled, rejected
    entities' mentions left out, retyped ones with their new type) and gather the corpus-wide parts."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS["mentions.csv"])
    result = MentionTables()
    evidence = FirstRows(["entity_id"], SENTENCE_CAP)
    relation_ids = FirstRows(RELATION_KEY, EVIDENCE_CAP)
    relation_docs: list[pd.Series] = []
    for frame in _chunks(frames):
        m = pd.DataFrame({c: pd.Series(frame["columns"][c], dtype=object) for c in SPOOL_FRAME_COLUMNS})
        m["entity_id"] = m["key"].map(entity_of).fillna("")
        if rejected:
            m = m[~m["entity_id"].isin(rejected)]
        if retyped:
            new_type = m["entity_id"].map(retyped)
            m["type"] = new_type.fillna(m["type"])
        writer.writerows(m[list(COLUMNS["mentions.csv"])].itertuples(index=False, name=None))
        result.n_mentions += len(m)
        free = m[m["concept"] == ""]
        result.unknown.update(Counter(dict(free.groupby(["type", "norm"], sort=False).size())))
        linked = m[m["entity_id"] != ""]
        texts = {(d, int(i)): t for d, i, t in frame["texts"]}
        first = linked.groupby("entity_id", sort=False).head(SENTENCE_CAP)
        evidence.add(first.assign(sentence=[texts.get((d, int(i)), "") for d, i in
                                            zip(first["doc_id"], first["sentence_index"])])
                     [["entity_id", *EVIDENCE_FIELDS]])
        r = linked[(linked["condition"] != "") & (linked["flag"] != "negated")]
        r = r.assign(relation=np.where(r["flag"] == "contraindicated", "contraindicated_" + r["type"], r["type"]))
        relation_docs.append(r[["doc_id", *RELATION_KEY]].drop_duplicates().groupby(RELATION_KEY, sort=False).size())
        relation_ids.add(r[[*RELATION_KEY, "mention_id"]])
    for eid, d, i, mid, s, f, t in evidence.result().itertuples(index=False, name=None):
        result.evidence.setdefault(eid, []).append((d, int(i), mid, s, f, t))
    if relation_docs:
        n_docs = pd.concat(relation_docs).groupby(level=[0, 1, 2], sort=False).sum()
        ids: dict[tuple, list[str]] = {}
        for c, r, e, mid in relation_ids.result().itertuples(index=False, name=None):
            ids.setdefault((c, r, e), []).append(mid)
        result.relations = [(c, r, e, int(n), "|".join(ids.get((c, r, e), ()))) for (c, r, e), n in n_docs.items()]
    return result


def _chunks(frames: Iterable[dict], rows: int = 200_000) -> Iterable[dict]:
    """The spool's frames joined into chunks of at least ``rows`` mentions (pandas' fixed cost per
    operation is then small beside its work); a chunk holds whole documents."""
    chunk: dict | None = None
    for frame in frames:
        if chunk is None:
            chunk = frame
        else:
            for c, values in frame["columns"].items():
                chunk["columns"][c].extend(values)
            chunk["texts"].extend(frame["texts"])
        if len(chunk["columns"]["mention_id"]) >= rows:
            yield chunk
            chunk = None
    if chunk is not None:
        yield chunk


def relation_rows(relations: list[tuple], names: dict[str, str]) -> list[tuple]:
    """relations.csv rows: (condition, relation, entity id, name, n documents, evidence), sorted by
    condition, relation, most documents first, then name."""
    rows = [(c, r, e, names.get(e, ""), n, ids) for c, r, e, n, ids in relations]
    rows.sort(key=lambda x: (x[0], x[1], -x[4], x[3], x[2]))
    return rows
