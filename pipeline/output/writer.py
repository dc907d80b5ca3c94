"""Write the knowledge base: stream each shard's rows as it finishes, then the corpus-wide tables.

documents.csv and sentences.csv are appended as shards come; each shard's mentions wait in the spool
file pass 2 left (``tables.spool_mentions``) until deduplication has named the entities; the knowledge
base's document records wait in an index file. Memory holds the compact mention summary, never whole
documents or all mentions.
"""
from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

from ..cache import code_version, digest
from ..config import Settings
from ..io import COLUMNS, AtomicOutput, Encoded, append_file, csv_text, json_text, write_csv, write_json_records
from ..report import ReportView, render_report
from ..stages import dedupe
from .knowledge_base import datapackage, knowledge_base, run_metadata
from .rows import DocOutput, ShardFiles, csv_rows
from .tables import Entities, MentionTables, PartJob, mention_part, relation_table


class Writer:
    def __init__(self, out: AtomicOutput, settings: Settings, report, overrides: list[dict], cache_path: str = "",
                 cache_tag: str = ""):
        """``cache_path``: the run's cache, where the mention step's parts are kept ("" for none), under
        ``cache_tag`` (the version of pass 2, whose output they derive from)."""
        self.out, self.settings, self.report, self.overrides = out, settings, report, overrides
        self.cache_path, self.cache_tag = cache_path, cache_tag
        self.documents = out.open_bytes("documents.csv")
        self.sentences = out.open_bytes("sentences.csv")
        for name, fh in (("documents.csv", self.documents), ("sentences.csv", self.sentences)):
            fh.write(csv_rows([list(COLUMNS[name])]).encode("utf-8"))
        self.review_spin: list[dict] = []
        self.index_path = out.tmp / "documents.index"   # knowledge_base.json's document records, a line each
        self._index = self.index_path.open("wb")
        self.mention_spools: list[tuple] = []           # each shard's (mention spool, its digest, its key ids)
        self.summary = dedupe.MentionSummary()
        self.view = ReportView()
        self._work = None
        if settings.work:
            Path(settings.work).mkdir(parents=True, exist_ok=True)
            self._work = (Path(settings.work) / "documents.jsonl").open("w", encoding="utf-8")

    def add(self, outputs: list[DocOutput], files: ShardFiles, counts: dict, warnings: list,
            summary: dedupe.ShardSummary) -> None:
        """Append one shard's finished documents (their rows from the shard's files) and counts, in order,
        and remember where its mentions wait."""
        r = self.report
        for name, counter in (("documents", r.documents), ("failures", r.failures), ("sentences", r.sentences),
                              ("reasons", r.reasons), ("mentions", r.mentions)):
            counter.update(counts.get(name, {}))
        r.warnings.extend(warnings)
        self.view.add_counts(counts)
        offset = self.sentences.tell()
        for name, handle in ((files.documents, self.documents), (files.sentences, self.sentences),
                             (files.index, self._index)):
            append_file(name, handle)
            os.unlink(name)
        key_ids = self.summary.add_shard(summary)
        for o in outputs:
            if o.review_spin is not None:
                self.review_spin.append(o.review_spin)
            self.view.add_document(o.order, o.doc_id, offset, o.n_sentence_bytes)
            offset += o.n_sentence_bytes
            if self._work:
                self._work.write(o.work_json)
        if files.mentions:
            self.mention_spools.append((files.mentions, files.mentions_digest, key_ids))

    def finish(self, executor, run_dedupe: bool) -> None:
        """The corpus-wide steps: deduplication; mentions.csv and what it adds up to (a part per shard, on
        the executor's workers); the other tables, the knowledge base and the report."""
        for fh in (self.documents, self.sentences, self._index):
            fh.close()
        if self._work:
            self._work.close()
        s = self.settings
        result = dedupe.deduplicate(self.summary, s.dedupe, self.overrides) if run_dedupe else dedupe.DedupeResult()
        key_names = list(self.summary.key_ids)
        self.summary = None
        self.report.entities.update(Counter(e["type"] for e in result.entities))
        self.report.warnings.extend(result.problems)
        entities = Entities(result.entity_of, frozenset(result.rejected), result.retyped)
        tables = MentionTables()
        with self.out.open_bytes("mentions.csv") as fh:
            fh.write(csv_rows([list(COLUMNS["mentions.csv"])]).encode("utf-8"))
            jobs = [(job,) for job in self._part_jobs(entities, key_names)]
            for part in executor.map(mention_part, entities, jobs):
                tables.merge(part)
                append_file(part.rows, fh)
                os.unlink(part.rows)
        self.view.n_mentions = sum(self.report.mentions.values()) - result.rejected_mentions
        self.view.unknown = tables.unknown
        relations = relation_table(tables.relations, {e["entity_id"]: e["name"] for e in result.entities})
        with self.out.open("entities.csv") as fh:
            write_csv(fh, "entities.csv", result.entities)
        with self.out.open("relations.csv") as fh:
            write_csv(fh, "relations.csv", relations.to_dict("records"))
        self.out.write("review_spin.csv", csv_text(
            "review_spin.csv", sorted(self.review_spin, key=lambda x: (-x["score"], x["source"]))))
        self.out.write("review_pairs.csv", csv_text("review_pairs.csv", result.review_pairs))
        self.out.write("merged_ids.csv", csv_text("merged_ids.csv", result.merged_ids))
        self.out.write("datapackage.json", json_text(datapackage()))
        self.out.write("run.json", json_text(run_metadata(s, self.report, result)))
        with self.index_path.open(encoding="utf-8", newline="\n") as index, self.out.open("knowledge_base.json") as fh:
            write_json_records(fh, knowledge_base((Encoded(line[:-1]) for line in index), result.entities,
                                                  relations.itertuples(index=False, name=None), tables.evidence))
        self.index_path.unlink()
        self.out.write("report.html", render_report(self.out.tmp, self.view))

    def _part_jobs(self, entities: Entities, key_names: list[str]) -> list[PartJob]:
        """The mention step's parts: four a worker, so that they end together (each part merged costs a
        step per entity and relation it holds), each with the cache key of its result."""
        n = max(1, -(-len(self.mention_spools) // (4 * self.settings.n_workers)))
        jobs = []
        for i in range(0, len(self.mention_spools), n):
            run = self.mention_spools[i:i + n]
            key = ""
            if self.cache_path:
                kids = sorted({k for _, _, ids in run for k in ids})
                eids = [entities.entity_of.get(key_names[k], "") for k in kids]
                key = digest("mention part", code_version(), [d for _, d, _ in run],
                             [(key_names[k], e) for k, e in zip(kids, eids)],
                             sorted(entities.rejected.intersection(eids)),
                             sorted((e, t) for e, t in entities.retyped.items() if e in set(eids)))
            jobs.append(PartJob(tuple(p for p, _, _ in run), f"{run[0][0]}.rows", key, self.cache_path, self.cache_tag))
        return jobs
