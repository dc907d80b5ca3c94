"""Write the knowledge base: stream each shard's rows as it finishes, then the global tables.

documents.csv and sentences.csv are appended as shards come; mention rows wait in a spool (one msgpack
frame per shard) until deduplication has named the entities; the knowledge base's document records
wait in an index file. Memory holds the compact mention summary, never whole documents or all mentions.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from ..config import Settings
from ..io import COLUMNS, AtomicOutput, Encoded, csv_text, json_text, write_csv, write_json_records
from ..records import pack, unpack
from ..report import ReportView, render_report
from ..stages import dedupe
from .knowledge_base import datapackage, knowledge_base, run_metadata
from .rows import SPOOL_COLUMNS, DocOutput, csv_rows
from .tables import SPOOL_FRAME_COLUMNS, relation_rows, write_mentions


class Writer:
    def __init__(self, out: AtomicOutput, settings: Settings, report, overrides: list[dict]):
        self.out, self.settings, self.report, self.overrides = out, settings, report, overrides
        self.documents = out.open_bytes("documents.csv")
        self.sentences = out.open_bytes("sentences.csv")
        for name, fh in (("documents.csv", self.documents), ("sentences.csv", self.sentences)):
            fh.write(csv_rows([list(COLUMNS[name])]).encode("utf-8"))
        self.review_spin: list[dict] = []
        self.index_path = out.tmp / "documents.index"   # knowledge_base.json's document records, a line each
        self._index = self.index_path.open("w", encoding="utf-8", newline="\n")
        self.spool_path = out.tmp / "mentions.spool"    # one length-prefixed msgpack frame per shard
        self._spool = self.spool_path.open("wb")
        self.summary = dedupe.MentionSummary()
        self.view = ReportView()
        self._work = None
        if settings.work:
            Path(settings.work).mkdir(parents=True, exist_ok=True)
            self._work = (Path(settings.work) / "documents.jsonl").open("w", encoding="utf-8")

    def add(self, outputs: list[DocOutput]) -> None:
        """Append one shard's finished documents, in order."""
        r = self.report
        frame: dict[str, list] = {c: [] for c in SPOOL_FRAME_COLUMNS}
        texts: list = []
        for o in outputs:
            for name, counter in (("documents", r.documents), ("failures", r.failures), ("sentences", r.sentences),
                                  ("reasons", r.reasons), ("mentions", r.mentions)):
                counter.update(o.counts.get(name, {}))
            r.warnings.extend(o.warnings)
            self.documents.write(o.documents_csv)
            self.sentences.write(o.sentences_csv)
            if o.review_spin is not None:
                self.review_spin.append(o.review_spin)
            self._index.write(o.index_json)
            self._index.write("\n")
            self.summary.add_doc(o.doc_id, o.summary)
            n = len(o.mentions["mention_id"])
            if n:
                for c in SPOOL_COLUMNS:
                    frame[c].extend(o.mentions[c])
                frame["condition"].extend([o.condition] * n)
                texts.extend([o.doc_id, i, t] for i, t in o.texts.items())
            self.view.add_document(o.order, o.doc_id, o.counts, o.sentences_csv)
            if self._work:
                self._work.write(o.work_json)
        if frame["mention_id"]:
            blob = pack({"columns": frame, "texts": texts})
            self._spool.write(len(blob).to_bytes(8, "little"))
            self._spool.write(blob)

    def _frames(self) -> Iterator[dict]:
        with self.spool_path.open("rb") as fh:
            while head := fh.read(8):
                yield unpack(fh.read(int.from_bytes(head, "little")))

    def finish(self, run_dedupe: bool) -> None:
        """The global steps: deduplication, mentions.csv and what it adds up to, the other tables, the
        knowledge base and the report."""
        for fh in (self.documents, self.sentences, self._index, self._spool):
            fh.close()
        if self._work:
            self._work.close()
        s = self.settings
        result = dedupe.deduplicate(self.summary, s.dedupe, self.overrides) if run_dedupe else dedupe.DedupeResult()
        self.summary = None
        self.report.entities.update(Counter(e["type"] for e in result.entities))
        self.report.warnings.extend(result.problems)
        with self.out.open("mentions.csv") as fh:
            tables = write_mentions(self._frames(), result.entity_of if run_dedupe else {}, result.rejected,
                                    result.retyped, fh)
        self.spool_path.unlink()
        self.view.n_mentions, self.view.unknown = tables.n_mentions, tables.unknown
        names = {e["entity_id"]: e["name"] for e in result.entities}
        relations = relation_rows(tables.relations, names)
        with self.out.open("entities.csv") as fh:
            write_csv(fh, "entities.csv", result.entities)
        with self.out.open("relations.csv") as fh:
            write_csv(fh, "relations.csv", (dict(zip(COLUMNS["relations.csv"], r)) for r in relations))
        self.out.write("review_spin.csv", csv_text(
            "review_spin.csv", sorted(self.review_spin, key=lambda x: (-x["score"], x["source"]))))
        self.out.write("review_pairs.csv", csv_text("review_pairs.csv", result.review_pairs))
        self.out.write("merged_ids.csv", csv_text("merged_ids.csv", result.merged_ids))
        self.out.write("datapackage.json", json_text(datapackage()))
        self.out.write("run.json", json_text(run_metadata(s, self.report, result)))
        with self.index_path.open(encoding="utf-8", newline="\n") as index, self.out.open("knowledge_base.json") as fh:
            write_json_records(fh, knowledge_base((Encoded(line[:-1]) for line in index), result.entities,
                                                  relations, tables.evidence))
        self.index_path.unlink()
        self.out.write("report.html", render_report(self.out.tmp, self.view))
