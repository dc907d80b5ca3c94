"""Write the knowledge base: stream each shard's rows as it finishes, then the corpus-wide tables.

documents.csv and sentences.csv are appended as shards come; each shard's mentions wait in the spool
file pass 2 left (``tables.spool_mentions``) until deduplication has named the entities; the knowledge
base's document records wait in an index file. Memory holds the compact mention summary, never whole
documents or all mentions.
"""
from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path

from ..cache import code_version, digest
from ..config import Settings
from ..io import (COLUMNS, AtomicOutput, append_file, csv_rows, csv_text, json_text, read_jsonl, rows_at, write_csv,
                  write_json_records)
from ..ontology import condition_ontology, coverage, link_ontology
from ..report import ReportView, render_report
from ..stages import dedupe
from .database import finish_database, start_database, tables_ready
from .knowledge_base import (KB_JSON_MAX_DOCUMENTS, SQLITE_NAME, condition_records, datapackage, entity_record,
                             knowledge_base, relation_records, run_metadata)
from .rows import DocOutput, ShardFiles
from .schemas import JSONL as JSONL_SCHEMAS
from .schemas import knowledge_base_schema
from .tables import (Entities, MentionTables, PartJob, condition_id, corroborated, drop_relations, mention_part,
                     relation_table, relations_csv)

PART_SPOOLS = 20  # shards a mention part reads at most (about 1,300 documents at 64 a shard)


class Writer:
    def __init__(self, out: AtomicOutput, settings: Settings, report, overrides: list[dict], cache_path: str = "",
                 cache_tag: str = "", accepted: dict | None = None):
        """``cache_path``: the run's cache, where the mention step's parts are kept ("" for none), under
        ``cache_tag`` (the version of pass 2, whose output they derive from); ``accepted``: the analyst's
        answers in the previous review_pairs.csv, {(entity_a, entity_b): "yes" or "no"}."""
        self.out, self.settings, self.report, self.overrides = out, settings, report, overrides
        self.accepted = accepted or {}
        # the analyst's condition for a document (overrides "condition" rows), applied to every output
        self.conditions = {o["entity_id"]: o["value"].strip().lower() for o in overrides if o["action"] == "condition"}
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
        if self.conditions and any(o.doc_id in self.conditions for o in outputs):
            _set_conditions(files.documents, self.conditions)
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
        the executor's workers); the other tables, the JSON Lines knowledge base, the SQLite database and
        the report."""
        for fh in (self.documents, self.sentences, self._index):
            fh.close()
        if self._work:
            self._work.close()
        s, out = self.settings, self.out
        # the database's largest tables are complete: a child process loads them meanwhile
        early = ["documents.csv", "sentences.csv"]
        # and the mention table as soon as it is written
        database = start_database(out.tmp, out.tmp / SQLITE_NAME, early, later=("mentions.csv",))
        result = dedupe.deduplicate(self.summary, s.dedupe, self.overrides, self.accepted) if run_dedupe \
            else dedupe.DedupeResult()
        key_names = list(self.summary.key_ids)
        self.summary = None
        link_ontology(result.entities)
        self.report.entities.update(Counter(e["type"] for e in result.entities))
        self.report.warnings.extend(result.problems)
        flags = {o["entity_id"]: "" if o["value"] == "none" else o["value"]
                 for o in self.overrides if o["action"] == "flag"}
        entities = Entities(result.entity_of, frozenset(result.rejected), result.retyped, self.conditions, flags)
        tables = MentionTables()
        with out.open_bytes("mentions.csv") as fh:
            fh.write(csv_rows([list(COLUMNS["mentions.csv"])]).encode("utf-8"))
            jobs = [(job,) for job in self._part_jobs(entities, key_names)]
            flagged: set[str] = set()
            # a part's relations are a large result: one in flight per worker, so that finished parts do not
            # pile up unmerged in the composer (at 10,000 documents the rows of every part at once: +120 MB)
            for part in executor.map(mention_part, entities, jobs, ahead=1):
                tables.merge(part)
                flagged.update(part.flagged)
                append_file(part.rows, fh)
                os.unlink(part.rows)
        tables_ready(database)
        self.view.n_mentions = sum(self.report.mentions.values()) - result.rejected_mentions
        self.view.unknown = tables.unknown
        relations = relation_table(tables.relations, {e["entity_id"]: e["name"] for e in result.entities})
        relations = drop_relations(relations, self.overrides, result)
        for o in self.overrides:
            if o["action"] == "flag":
                found = o["entity_id"] in flagged
                (result.applied.append({k: o[k] for k in ("row", "action", "entity_id", "target", "value")}) if found
                 else result.problems.append(f"overrides row {o['row']}: flag names unknown mention "
                                             f"{o['entity_id']!r}; not applied"))
        with out.open("entities.csv") as fh:
            write_csv(fh, "entities.csv", result.entities)
        with out.open("relations.csv") as fh:
            relations_csv(relations).to_csv(fh, index=False, lineterminator="\n", float_format="%.4f")
        out.write("review_spin.csv", csv_text(
            "review_spin.csv", sorted(self.review_spin, key=lambda x: (-x["score"], x["source"]))))
        out.write("review_pairs.csv", csv_text("review_pairs.csv", result.review_pairs))
        out.write("merged_ids.csv", csv_text("merged_ids.csv", result.merged_ids))
        # the JSON knowledge base: the relations enough sources support, and the entities they name
        kb_relations = corroborated(relations, s.output.min_sources, s.output.stated_only)
        cited = {d for ev in kb_relations["evidence_sentences"] for d, _, _ in ev}
        urls: dict[str, str] = {}
        # documents.jsonl from the index, counting each condition's kept documents on the way
        per_condition: Counter = Counter()
        n_docs = 0
        seen_conditions: set[str] = set()
        with self.index_path.open(encoding="utf-8") as index, out.open("documents.jsonl") as fh:
            for line in index:
                d = json.loads(line)
                if d["doc_id"] in self.conditions:
                    d["condition"], d["condition_from"] = self.conditions[d["doc_id"]], "override"
                    seen_conditions.add(d["doc_id"])
                d["condition_id"] = condition_id(d["condition"]) if d["condition"] else ""
                d = {k: d[k] for k in JSONL_SCHEMAS["documents"]["properties"]}
                if d["status"] == "kept" and d["condition"]:
                    per_condition[d["condition"]] += 1
                if d["doc_id"] in cited:
                    urls[d["doc_id"]] = d["url"]
                n_docs += 1
                fh.write(json.dumps(d, ensure_ascii=False) + "\n")
        self.index_path.unlink()
        for o in self.overrides:
            if o["action"] == "condition":
                (result.applied.append({k: o[k] for k in ("row", "action", "entity_id", "target", "value")})
                 if o["entity_id"] in seen_conditions else result.problems.append(
                    f"overrides row {o['row']}: condition names unknown document {o['entity_id']!r}; not applied"))
        ontology = {c: condition_ontology(c) for c in set(per_condition) | set(relations["condition"])}
        conditions = list(condition_records(relations, per_condition, ontology))
        with out.open("conditions.csv") as fh:
            write_csv(fh, "conditions.csv", ({**c, **{f"n_{k}": len(c[k]) for k in (
                "causes", "symptoms", "treatments", "exercises", "contraindicated", "conflicts")}} for c in conditions))
        texts = evidence_texts(out.tmp / "sentences.csv", self.view.rows, kb_relations["evidence_sentences"])
        named = set(kb_relations["entity_id"])
        kb_conditions = list(condition_records(kb_relations, per_condition, ontology))
        for name, records in (("conditions", kb_conditions),
                              ("entities", (entity_record(e) for e in result.entities if e["entity_id"] in named)),
                              ("relations", relation_records(kb_relations, texts, urls))):
            with out.open(f"{name}.jsonl") as fh:
                for r in records:
                    fh.write(json.dumps(r, ensure_ascii=False) + "\n")
        if n_docs <= KB_JSON_MAX_DOCUMENTS:
            with out.open("knowledge_base.json") as fh:
                write_json_records(fh, knowledge_base(
                    list(read_jsonl(out.tmp / "documents.jsonl")), list(read_jsonl(out.tmp / "entities.jsonl")),
                    kb_conditions, list(read_jsonl(out.tmp / "relations.jsonl"))))
        (out.tmp / "schemas").mkdir()
        for name, schema in JSONL_SCHEMAS.items():
            out.write(f"schemas/{name}.schema.json", json_text(schema))
        if n_docs <= KB_JSON_MAX_DOCUMENTS:
            out.write("schemas/knowledge_base.schema.json", json_text(knowledge_base_schema()))
        out.write("datapackage.json", json_text(datapackage()))
        out.write("run.json", json_text(run_metadata(s, self.report, result, coverage(result.entities, conditions))))
        out.write("report.html", render_report(out.tmp, self.view))
        finish_database(database, out.tmp, out.tmp / SQLITE_NAME, [n for n in COLUMNS if n not in early])
        out.names.append(SQLITE_NAME)

    def _part_jobs(self, entities: Entities, key_names: list[str]) -> list[PartJob]:
        """The mention step's parts: four a worker, so that they end together (each part merged costs a
        step per entity and relation it holds), and at most ``PART_SPOOLS`` shards each, so that the
        relations of a part waiting to be merged stay a bounded share of memory at any corpus size; each
        with the cache key of its result."""
        n = max(1, min(PART_SPOOLS, -(-len(self.mention_spools) // (4 * self.settings.n_workers))))
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
                             sorted((e, t) for e, t in entities.retyped.items() if e in set(eids)),
                             sorted(entities.flags.items()), sorted(entities.conditions.items()))
            jobs.append(PartJob(tuple(p for p, _, _ in run), f"{run[0][0]}.rows", key, self.cache_path, self.cache_tag))
        return jobs


def _set_conditions(path: str, conditions: dict[str, str]) -> None:
    """Rewrite a shard's documents.csv rows with the conditions an analyst set."""
    cols = COLUMNS["documents.csv"]
    i_id, i_cond, i_from = cols.index("doc_id"), cols.index("condition"), cols.index("condition_from")
    _, rows = next(rows_at(Path(path), [(None, 0, os.path.getsize(path))]))
    for cells in rows:
        if cells[i_id] in conditions:
            cells[i_cond], cells[i_from] = conditions[cells[i_id]], "override"
    Path(path).write_text(csv_rows(rows), encoding="utf-8", newline="")


def evidence_texts(sentences_csv: Path, where: dict[str, tuple[int, int]], evidence) -> dict[tuple[str, int], str]:
    """The text of every (doc_id, sentence index) the listed relations cite, read from the written
    sentences.csv at each cited document's rows (kept out of memory until here: at 100,000 documents
    the relations hold millions of evidence references)."""
    need: dict[str, set[int]] = {}
    for ev in evidence:
        for d, i, _ in ev:
            need.setdefault(d, set()).add(int(i))
    i_index, i_text = COLUMNS["sentences.csv"].index("index"), COLUMNS["sentences.csv"].index("text")
    spans = sorted(((d, *where.get(d, (0, 0))) for d in need), key=lambda x: x[1])
    return {(d, int(r[i_index])): r[i_text] for d, rows in rows_at(sentences_csv, spans) for r in rows
            if int(r[i_index]) in need[d]}
