"""Write the knowledge base: stream document and sentence rows, then the global tables and JSON.

Only this module and io.py decide what goes in curated/; it calls the dedupe stage
over compact mention summaries, never over whole documents.
"""
from __future__ import annotations

import csv
import io
import json
import marshal
import os
import platform
import shutil
import sys
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import groupby
from operator import itemgetter
from pathlib import Path
from typing import Any

from . import __version__
from . import io as pio
from .config import Settings
from .records import Document, Label
from .stages import dedupe

SCHEMA_VERSION = "1.0"
EVIDENCE_CAP = 25    # mention ids kept per relation (relations.csv)
SENTENCE_CAP = 5     # evidence sentences kept per entity (knowledge_base.json); mentions.csv has them all


def _doc_row(d: Document, labels: Counter) -> dict[str, Any]:
    return {
        "doc_id": d.doc_id, "source": d.source, "url": d.url, "title": d.title, "status": d.status,
        "reason": d.reason, "n_sentences": len(d.sentences), "content_sha256": d.content_sha256,
        "format": d.fmt, "extraction": d.extraction, "n_content": labels.get(Label.CONTENT.value, 0),
        "n_boilerplate": labels.get(Label.BOILERPLATE.value, 0), "n_spun": labels.get(Label.SPUN.value, 0),
        "spin_score": d.spin_score, "condition": d.condition, "warnings": d.warnings,
    }


STATUS_ORDER = {"quarantined": 0, "kept": 1, "failed": 2}  # the report shows documents in this order
MENTION_COLS = pio.COLUMNS["mentions.csv"]
_COL = {c: i for i, c in enumerate(MENTION_COLS)}


@dataclass(slots=True)
class DocOutput:
    """Everything the client needs from one finished document, rendered where the document was
    processed (in a worker, in parallel) and cached with it: CSV text, mention records, and counts.

    The client only appends bytes and adds counts; it never sees the document itself. A local worker
    may move the two CSV blocks and the mention records into its shard's files (``n_sentence_bytes`` keeps
    the size of the sentence rows)."""

    doc_id: str
    order: tuple           # (status order, source): the report's document view sorts by it
    documents_csv: bytes   # UTF-8, encoded in the worker: the client only appends bytes
    sentences_csv: bytes
    mentions: bytes        # the spool record: length-prefixed marshal of (doc_id, condition, *_MentionSpool.record()),
                           # or b"" when the document has no mentions
    summary: list          # per distinct (key, display form, contraindicated, ontology id): + its count
    counts: dict           # "documents", "failures", "sentences", "reasons", "mentions": {name: n}
    warnings: list
    review_spin: dict | None
    index_json: str        # the document's record in knowledge_base.json, encoded (``io.Encoded``)
    work_json: str = ""
    n_sentence_bytes: int = 0
    spin_score: float | None = None  # for the report's histogram (None: a failed document)


def _spool_record(obj) -> bytes:
    """Length-prefixed marshal: ``marshal.load`` on a file reads object by object, 100x slower."""
    blob = marshal.dumps(obj)
    return len(blob).to_bytes(4, "little") + blob


_EID = MENTION_COLS.index("entity_id")
_NEGATED, _CONTRA = "negated", "contraindicated"


class _MentionSpool:
    """One document's mentions as the global step needs them, grouped by summary key in the worker, so
    the client's work per document is per distinct key, not per mention:

    - ``template``: the document's mentions.csv rows with ``%(j)b`` where key ``j``'s entity id goes
      (the client fills them with one ``bytes % mapping``);
    - ``columns``: sentence index, mention_id, surface and flag of each mention, by position;
    - per key ``j`` a group ``(type, concept, norms, evidence, relation, contraindicated)``: ``norms``
      counts the normalized forms when there is no concept (the report lists those), ``evidence`` holds
      the positions of its first ``SENTENCE_CAP`` mentions, and the last two the positions of the first
      ``EVIDENCE_CAP`` mentions that assert a relation (neither negated nor contraindicated) and of the
      contraindicated ones. Positions let the client merge the groups of keys that share an entity in
      mention order.
    """

    def __init__(self) -> None:
        self.keys: dict[tuple, int] = {}
        self.groups: list[list] = []
        self.parts: list[bytes] = []
        self.columns: tuple[list, ...] = ([], [], [], [])
        self.texts: dict[int, str] = {}

    def add(self, key: tuple, cells: list[str], sentence_index: int) -> None:
        j = self.keys.get(key)
        if j is None:
            j = self.keys[key] = len(self.keys)
            self.groups.append([cells[_COL["type"]], cells[_COL["concept"]], {}, [], [], []])
        g = self.groups[j]
        pos, flag = len(self.parts), cells[_COL["flag"]]
        head, tail = mention_line_parts(cells)
        self.parts.append(head.replace(b"%", b"%%") + b"%%(%d)b" % j + tail.replace(b"%", b"%%"))
        for column, value in zip(self.columns, (sentence_index, cells[_COL["mention_id"]], cells[_COL["surface"]], flag)):
            column.append(value)
        if not g[1]:
            norm = cells[_COL["norm"]]
            g[2][norm] = g[2].get(norm, 0) + 1
        if len(g[3]) < SENTENCE_CAP:
            g[3].append(pos)
        ids = g[5] if flag == _CONTRA else g[4] if flag != _NEGATED else None
        if ids is not None and len(ids) < EVIDENCE_CAP:
            ids.append(pos)

    def record(self) -> tuple:
        """(sentence texts by index, distinct keys, template, columns, groups): marshal-able."""
        return self.texts, list(self.keys), b"".join(self.parts), self.columns, [tuple(g) for g in self.groups]


def mention_line_parts(cells: list[str]) -> tuple[bytes, bytes]:
    """A mentions.csv row split around its entity_id cell (ids are ``E`` + hex: never quoted)."""
    return (_csv_rows([cells[:_EID]])[:-1].encode("utf-8") + b",",
            b"," + _csv_rows([cells[_EID + 1:]]).encode("utf-8"))


def _csv_rows(rows: list[list[str]]) -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    return buf.getvalue()


def render(d: Document, settings: Settings) -> DocOutput:
    """One document's rows and counts (pure; runs in the worker that processed the document)."""
    counts: dict[str, Counter] = {k: Counter() for k in ("documents", "failures", "sentences", "reasons", "mentions")}
    counts["documents"][d.status] += 1
    if d.status == "failed":
        counts["failures"][d.reason.split(":")[0]] += 1
    doc_cols = pio.COLUMNS["documents.csv"]
    sent_rows = []
    for s in d.sentences:
        counts["sentences"][s.label] += 1
        if s.label != Label.CONTENT.value:
            counts["reasons"][s.reason.split(":")[0]] += 1
        sent_rows.append([d.doc_id, str(s.index), str(s.start), str(s.end), s.label, s.reason, s.kind, s.section,
                          s.text])
    row = _doc_row(d, counts["sentences"])
    review = None
    if d.spin_evidence and (d.status == "quarantined" or d.spin_score >= settings.spin.review_band):
        review = {"doc_id": d.doc_id, "source": d.source, "score": d.spin_score, "status": d.status,
                  "evidence": d.spin_evidence}
    summary: Counter = Counter()
    spool = _MentionSpool()
    if d.ok:
        by_index = {s.index: s.text for s in d.sentences}
        for m in d.mentions:
            counts["mentions"][m.type] += 1
            key = dedupe.key_of({"type": m.type, "concept": m.concept, "surface": m.surface})
            summary[(key, dedupe.display_form(m.surface), m.flag == "contraindicated", m.ontology_id)] += 1
            spool.add(key, [pio._cell(getattr(m, c)) for c in MENTION_COLS], m.sentence_index)
            spool.texts.setdefault(m.sentence_index, by_index.get(m.sentence_index, ""))
    sentences_csv = _csv_rows(sent_rows).encode("utf-8")
    return DocOutput(
        doc_id=d.doc_id, order=(STATUS_ORDER.get(d.status, 3), d.source),
        documents_csv=_csv_rows([[pio._cell(row.get(c)) for c in doc_cols]]).encode("utf-8"),
        sentences_csv=sentences_csv, n_sentence_bytes=len(sentences_csv),
        mentions=_spool_record((d.doc_id, d.condition, *spool.record())) if spool.keys else b"",
        spin_score=float(pio._cell(d.spin_score)) if d.status != "failed" else None,  # as documents.csv has it
        summary=[(*k, n) for k, n in summary.items()],
        counts={k: dict(v) for k, v in counts.items()}, warnings=[f"{d.source}: {w}" for w in d.warnings],
        review_spin=review,
        index_json=json.dumps({"doc_id": d.doc_id, "source": d.source, "url": d.url, "title": d.title,
                               "status": d.status, "reason": d.reason, "condition": d.condition}, ensure_ascii=False),
        work_json=json.dumps(d.to_dict(), ensure_ascii=False) + "\n" if settings.work else "")


class Writer:
    def __init__(self, out: pio.AtomicOutput, settings: Settings, report, offload=None):
        """``offload(fn, *args)`` runs a pure job elsewhere (an idle worker) and returns an object whose
        ``result()`` is ``fn(*args)``; the report's charts are drawn that way while the tables are written."""
        self.out, self.settings, self.report = out, settings, report
        self.documents = out.open_bytes("documents.csv")
        self.sentences = out.open_bytes("sentences.csv")
        for name, fh in (("documents.csv", self.documents), ("sentences.csv", self.sentences)):
            fh.write(_csv_rows([list(pio.COLUMNS[name])]).encode("utf-8"))
        self.review_spin: list[dict[str, Any]] = []
        # the documents' knowledge-base records, one encoded record a line, until the knowledge base is written
        self.doc_index = out.tmp / "documents.index"
        self._doc_index = self.doc_index.open("w", encoding="utf-8", newline="\n")
        self.summary = dedupe.MentionSummary()
        self.mention_spool = out.tmp / "mentions.spool"
        self._spool = self.mention_spool.open("wb")
        self._segments: list[list] = []  # [path, offset, size]: where the mention records are, in document order
        self.work = Path(settings.work) if settings.work else None
        self._work = (self.work / "documents.jsonl").open("w", encoding="utf-8") if self.work else None
        if self.work:
            self.work.mkdir(parents=True, exist_ok=True)
        self.view = ReportView()
        self.spin_scores: list[float] = []
        self.offload = offload or _inline
        self._sentence_offset = self.sentences.tell()
        self._unlinker = None

    def add(self, o: DocOutput) -> None:
        """Append one finished document's rows (unless a worker left them in shard files, see
        ``append_files``); keep only what the global steps need."""
        r = self.report
        for name, counter in (("documents", r.documents), ("failures", r.failures), ("sentences", r.sentences),
                              ("reasons", r.reasons), ("mentions", r.mentions)):
            counter.update(o.counts.get(name, {}))
        r.warnings.extend(o.warnings)
        if o.documents_csv:
            self.documents.write(o.documents_csv)
        if o.sentences_csv:
            self.sentences.write(o.sentences_csv)
        if o.review_spin is not None:
            self.review_spin.append(o.review_spin)
        self._doc_index.write(o.index_json)
        self._doc_index.write("\n")
        self.summary.add_doc(o.doc_id, o.summary)
        if o.mentions:
            self._segment(self.mention_spool, self._spool.tell(), len(o.mentions))
            self._spool.write(o.mentions)
        if o.spin_score is not None:
            self.spin_scores.append(o.spin_score)
        self.view.add(o, self._sentence_offset)
        self._sentence_offset += o.n_sentence_bytes
        if self._work:
            self._work.write(o.work_json)

    def append_files(self, documents: Path, sentences: Path, mentions: Path) -> None:
        """Take the shard files a worker wrote for the documents just added (in the same order): append
        and delete the rows, keep the mention records where they are until the global step reads them."""
        for src, dst in ((documents, self.documents), (sentences, self.sentences)):
            pio.append_file(src, dst)
            self._unlink(src)
        self._segment(mentions, 0, mentions.stat().st_size)

    def _unlink(self, path: Path) -> None:
        """Delete a shard file from a background thread: the client's pass-2 loop is the bottleneck of a
        cached rerun, and ``unlink`` waits on the file system without holding the interpreter."""
        if self._unlinker is None:
            from concurrent.futures import ThreadPoolExecutor

            self._unlinker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="unlink")
        self._unlinker.submit(path.unlink, True)

    def _segment(self, path: Path, offset: int, size: int) -> None:
        last = self._segments[-1] if self._segments else None
        if last is not None and last[0] == path and last[1] + last[2] == offset:
            last[2] += size
        elif size:
            self._segments.append([path, offset, size])

    def finish(self, run_dedupe: bool) -> None:
        """The global steps. Memory: what they hold grows with the entities and relations, never with the
        mentions; each part of it is dropped as soon as the tables that need it are written."""
        self.documents.close()
        self.sentences.close()
        if self._unlinker is not None:
            self._unlinker.shutdown()
        self._spool.close()
        self._doc_index.close()
        if self._work:
            self._work.close()
        s = self.settings
        clock = _Clock(self.report.timings, self.report.memory)
        result = dedupe.deduplicate(self.summary, s.dedupe, _overrides_path(s)) if run_dedupe else dedupe.DedupeResult()
        clock("dedupe")
        self.summary = dedupe.MentionSummary()  # the keys are no longer needed: free them before the tables
        self.report.entities.update(Counter(e["type"] for e in result.entities))
        self.report.warnings.extend(result.problems)
        from .report import chart_inputs

        # an idle worker draws the charts while this process writes the mentions and the tables
        chart_args = chart_inputs(self.view.removed, result.entities, self.spin_scores, s.spin.threshold,
                                  s.spin.review_band)
        self.spin_scores = []
        charts_job = self.offload(_charts, chart_args)
        evidence, relations = self._mentions(result, run_dedupe)
        clock("mentions")
        rel_rows = self._tables(result, relations)
        # an idle worker renders the report from the tables just written, while this process writes the
        # knowledge base (which the report does not read)
        report_job = self.offload(_report_html, self.out.tmp, self.view, charts_job.result())
        self._knowledge_base(result, rel_rows, evidence)
        del evidence, relations, rel_rows
        clock("tables")
        self.out.write("report.html", report_job.result())
        clock("report")

    def _mentions(self, result, run_dedupe: bool) -> tuple[dict, dict]:
        """mentions.csv, with the mention records filled in runs (the idle workers fill one each while this
        process fills the last), and what the runs gather: each entity's evidence (``_evidence`` tuples) and
        the relations, ``(condition, relation, entity) -> [n documents, "id|id|..."]``."""
        entity_of = result.entity_of if run_dedupe else {}
        result.entity_of = {}  # the workers got their copy; nothing after this step needs the keys
        overrides = dedupe.DedupeResult(rejected=result.rejected, retyped=result.retyped)
        runs = _split(self._segments, min(self.settings.n_workers, 8) + 1)
        paths = [self.out.tmp / f"mentions.part{i}" for i in range(len(runs))]
        jobs = [self.offload(_mention_part, run, self.mention_spool, entity_of, overrides, path)
                for run, path in zip(runs[:-1], paths)]
        if runs:
            jobs.append(_inline(_mention_part, runs[-1], self.mention_spool, entity_of, overrides, paths[-1]))
        del entity_of
        relations: dict[tuple[str, str, str], list] = {}
        evidence: dict[str, list[tuple]] = {}
        with self.out.open_bytes("mentions.csv") as mentions:
            mentions.write(_csv_rows([list(MENTION_COLS)]).encode("utf-8"))
            for i, path in enumerate(paths):
                part, jobs[i] = jobs[i].result(), None  # merged one at a time, in order
                _merge_part(part, self.view, evidence, relations)
                del part
                with path.open("rb") as fh:
                    shutil.copyfileobj(fh, mentions, 1 << 20)
                path.unlink()
        self.mention_spool.unlink()
        return evidence, relations

    def _tables(self, result, relations: dict) -> list[tuple]:
        """entities.csv, relations.csv, the review tables, datapackage.json and run.json, streamed to their
        files: everything the report reads. Returns the relation rows for the knowledge base."""
        names = {e["entity_id"]: e["name"] for e in result.entities}
        rel_rows = [(c, r, e, names.get(e, ""), n_docs, ids) for (c, r, e), (n_docs, ids) in relations.items()]
        del names
        relations.clear()
        rel_rows.sort(key=lambda x: (x[0], x[1], -x[4], x[3], x[2]))
        with self.out.open("entities.csv") as fh:
            pio.write_csv(fh, "entities.csv", result.entities)
        with self.out.open("relations.csv") as fh:
            rows = csv.writer(fh, lineterminator="\n")
            rows.writerow(pio.COLUMNS["relations.csv"])
            rows.writerows(rel_rows)
        self.out.write("review_spin.csv", pio.csv_text(
            "review_spin.csv", sorted(self.review_spin, key=lambda x: (-x["score"], x["source"]))))
        self.out.write("review_pairs.csv", pio.csv_text("review_pairs.csv", result.review_pairs))
        self.out.write("merged_ids.csv", pio.csv_text("merged_ids.csv", result.merged_ids))
        self.out.write("datapackage.json", pio.json_text(datapackage()))
        self.out.write("run.json", pio.json_text(run_metadata(self.settings, self.report, result)))
        return rel_rows

    def _knowledge_base(self, result, rel_rows: list[tuple], evidence: dict) -> None:
        """knowledge_base.json, streamed: the documents' records from the index file, entities, relations."""
        with self.doc_index.open(encoding="utf-8", newline="\n") as index, self.out.open("knowledge_base.json") as fh:
            pio.write_json_records(fh, knowledge_base((pio.Encoded(line[:-1]) for line in index),
                                                      result.entities, rel_rows, evidence))
        self.doc_index.unlink()


def _charts(chart_args: tuple) -> list[str]:
    """The report's charts (pure: runs in an idle worker)."""
    from .report import charts

    return charts(*chart_args)


def _report_html(folder: Path, view, svgs: list[str]) -> str:
    """The report's HTML from the tables written in ``folder`` and the charts (pure: runs in an idle worker)."""
    from .report import render_report

    return render_report(folder, view, svgs)


class _Clock:
    """Seconds of the global step's parts, added to the run's timings, and this process's resident memory
    after each part (``--timings``; never an output)."""

    def __init__(self, timings: dict, memory: dict | None = None) -> None:
        import time

        self.timings, self.memory, self.now, self.t0 = timings, memory, time.perf_counter, time.perf_counter()
        if memory is not None:
            memory["pass2"] = rss_mb()

    def __call__(self, name: str) -> None:
        t = self.now()
        self.timings[name] = self.timings.get(name, 0.0) + t - self.t0
        if self.memory is not None:
            self.memory[name] = rss_mb()
        self.t0 = t


def rss_mb() -> float:
    """This process's resident set now, in MB (Linux ``/proc``; elsewhere its peak so far)."""
    try:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6
    except OSError:
        import resource  # Unix only, like the fork-based pool

        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return peak / 1e6 if sys.platform == "darwin" else peak / 1e3


def trim_heap() -> None:
    """Hand freed heap pages back to the system (glibc's ``malloc_trim``; a no-op elsewhere). Many
    mid-sized arrays freed together (pass 1's per-site line keys) otherwise stay resident in the heap."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass


class _Done:
    def __init__(self, value):
        self.value = value

    def result(self):
        return self.value


def _inline(fn, *args) -> _Done:
    return _Done(fn(*args))


class ReportView:
    """What the report needs from the sentence and mention tables, gathered while they are written (so the
    report never reads them back): counts, unlinked mentions, and the sentences of the documents it shows
    (the first ``DOC_DETAIL_LIMIT`` in report order, kept to at most twice that between cuts)."""

    def __init__(self) -> None:
        from .report import DOC_DETAIL_LIMIT

        self.limit = DOC_DETAIL_LIMIT
        self.n_sentences = 0
        self.removed: Counter = Counter()
        self.n_mentions = 0
        self.unknown: Counter = Counter()
        self._shown: list[tuple] = []  # (report order, doc_id, sentences csv), cut back to the first ``limit``

    def add(self, o: DocOutput, offset: int) -> None:
        """Count a document; remember where its rows start in sentences.csv (read back for the shown ones)."""
        self.n_sentences += sum(o.counts.get("sentences", {}).values())
        self.removed.update(o.counts.get("reasons", {}))
        self._shown.append((o.order + (o.doc_id,), o.doc_id, offset, o.n_sentence_bytes))
        if len(self._shown) >= 2 * self.limit:
            self._cut()

    def _cut(self) -> None:
        self._shown = sorted(self._shown, key=lambda x: x[0])[:self.limit]

    def mention(self, concept: str, typ: str, norm: str) -> None:
        self.n_mentions += 1
        if not concept:
            self.unknown[(typ, norm)] += 1

    def by_doc(self, sentences_csv: Path) -> dict[str, list[dict[str, str]]]:
        """The sentence rows of the shown documents, read back from the written sentences.csv."""
        cols = pio.COLUMNS["sentences.csv"]
        self._cut()
        out = {}
        with sentences_csv.open("rb") as fh:
            for _, doc_id, offset, size in self._shown:
                fh.seek(offset)
                text = fh.read(size).decode("utf-8")
                out[doc_id] = [dict(zip(cols, r)) for r in csv.reader(io.StringIO(text))]
        return out


_J = [b"%d" % j for j in range(4096)]  # the template's mapping keys, made once


def _filled(template: bytes, eids: list[str]) -> bytes:
    """A document's mentions.csv rows: its template with each key's entity id."""
    names = _J if len(eids) <= len(_J) else [b"%d" % j for j in range(len(eids))]
    return template % {names[j]: e.encode("ascii") for j, e in enumerate(eids)}


EVIDENCE_FIELDS = ("doc_id", "sentence_index", "mention_id", "surface", "flag", "sentence")


def _evidence(doc_id: str, sentence_index: int, mention_id: str, surface: str, flag: str, texts: dict) -> tuple:
    """One evidence entry of an entity (knowledge_base.json): a mention and its sentence, as a tuple of
    ``EVIDENCE_FIELDS`` (a third of a dict's memory; the knowledge base makes the dict as it writes it)."""
    return doc_id, sentence_index, mention_id, surface, flag, texts.get(sentence_index, "")


def _gather(doc_id, condition, texts, eids, columns, groups, view, evidence, relations) -> None:
    """Add one document's mentions to the report counts, the entities' evidence and the relations,
    group by group (``_MentionSpool``); the result is what a loop over its mentions in order gives."""
    sis, mids, surfaces, flags = columns
    view.n_mentions += len(mids)
    by_eid: dict[str, list] = {}
    for e, g in zip(eids, groups):
        if not g[1]:
            for norm, n in g[2].items():
                view.unknown[(g[0], norm)] += n
        if e:
            by_eid.setdefault(e, []).append(g)
    for e, gs in by_eid.items():
        ev = evidence[e]
        if len(ev) < SENTENCE_CAP:
            first = gs[0][3] if len(gs) == 1 else sorted(p for g in gs for p in g[3])
            for p in first[:SENTENCE_CAP - len(ev)]:
                ev.append(_evidence(doc_id, sis[p], mids[p], surfaces[p], flags[p], texts))
        if not condition:
            continue
        by_rel: dict[str, list] = {}
        for g in gs:
            if g[4]:
                by_rel.setdefault(g[0], []).append(g[4])
            if g[5]:
                by_rel.setdefault(f"{_CONTRA}_{g[0]}", []).append(g[5])
        for rel, lists in by_rel.items():
            slot = relations.get((condition, rel, e))
            if slot is None:
                slot = relations[(condition, rel, e)] = [0, []]
            slot[0] += 1  # documents: each adds itself once here
            need = EVIDENCE_CAP - len(slot[1])
            if need > 0:
                positions = lists[0] if len(lists) == 1 else sorted(p for ids in lists for p in ids)
                slot[1].extend([mids[p] for p in positions[:need]])


def _split(segments: list, n: int) -> list[list]:
    """``segments`` cut into at most ``n`` runs of about equal bytes, in order (none when it is empty)."""
    total = sum(size for _, _, size in segments)
    parts: list[list] = []
    done = 0
    for seg in segments:
        if not parts or (done >= total * len(parts) / n and len(parts) < n):
            parts.append([])
        parts[-1].append(seg)
        done += seg[2]
    return parts


def _mention_part(segments: list, own: Path, entity_of: dict, overrides, out_path: Path):
    """Fill the entity ids of a run of documents' mention rows (to ``out_path``) and gather their
    evidence, relations and report counts; ``_merge_part`` adds the runs up in order."""
    view, evidence, relations = ReportView(), defaultdict(list), {}
    special = set(overrides.rejected) | set(overrides.retyped)  # overridden entities: the per-mention path
    with open(out_path, "wb") as out:
        for doc_id, condition, texts, keys, template, columns, groups in _spooled(segments, own):
            eids = [entity_of.get(k, "") for k in keys]
            block = _filled(template, eids)
            if special and not special.isdisjoint(eids):
                block = _overridden(block, doc_id, condition, texts, overrides, view, evidence, relations)
            else:
                _gather(doc_id, condition, texts, eids, columns, groups, view, evidence, relations)
            out.write(block)
    # a relation's mention ids as one string, as relations.csv has them: a 25th of the objects to hold
    return view.n_mentions, view.unknown, dict(evidence), {k: (n, "|".join(ids)) for k, (n, ids) in relations.items()}


def _merge_part(part, view, evidence: dict, relations: dict) -> None:
    """Add one run's results to those of the runs before it: what one pass over both gives
    (``relations``: key -> [n documents, mention ids joined by "|", at most ``EVIDENCE_CAP``])."""
    n_mentions, unknown, part_evidence, part_relations = part
    view.n_mentions += n_mentions
    view.unknown.update(unknown)
    for eid, items in part_evidence.items():
        ev = evidence.setdefault(eid, [])
        ev.extend(items[:max(0, SENTENCE_CAP - len(ev))])
    for key, (n_docs, ids) in part_relations.items():
        slot = relations.get(key)
        if slot is None:
            relations[key] = [n_docs, ids]
            continue
        slot[0] += n_docs
        need = EVIDENCE_CAP - (slot[1].count("|") + 1 if slot[1] else 0)
        if need > 0 and ids:
            slot[1] = "|".join(filter(None, [slot[1], *ids.split("|", need)[:need]]))


def _overridden(block: bytes, doc_id, condition, texts, result, view, evidence, relations) -> bytes:
    """A document with a mention of a rejected or retyped entity, mention by mention: rejected ones leave
    every table, retyped ones take their new type in mentions.csv, the relations and the report."""
    lines, counted = [], set()
    for cells in csv.reader(io.StringIO(block.decode("utf-8"), newline="")):
        eid, typ, flag = cells[_EID], cells[_COL["type"]], cells[_COL["flag"]]
        if eid in result.rejected:
            continue
        if eid in result.retyped:
            typ = cells[_COL["type"]] = result.retyped[eid]
        lines.append(cells)
        view.mention(cells[_COL["concept"]], typ, cells[_COL["norm"]])
        if not eid:
            continue
        sentence_index, mention_id = int(cells[_COL["sentence_index"]]), cells[_COL["mention_id"]]
        ev = evidence[eid]
        if len(ev) < SENTENCE_CAP:
            ev.append(_evidence(doc_id, sentence_index, mention_id, cells[_COL["surface"]], flag, texts))
        if flag == _NEGATED or not condition:
            continue
        rel = typ if flag != _CONTRA else f"{_CONTRA}_{typ}"
        slot = relations.get((condition, rel, eid))
        if slot is None:
            slot = relations[(condition, rel, eid)] = [0, []]
        if (rel, eid) not in counted:
            counted.add((rel, eid))
            slot[0] += 1
        if len(slot[1]) < EVIDENCE_CAP:
            slot[1].append(mention_id)
    return _csv_rows(lines).encode("utf-8")


def _spooled(segments: list, own: Path):
    """The mention records spooled in document order: (doc_id, condition, *_MentionSpool.record()) each.
    A worker's shard file is deleted once read (``own``, the writer's spool, is left to the writer)."""
    for path, offset, size in segments:
        with path.open("rb") as fh:
            fh.seek(offset)
            end = offset + size
            while fh.tell() < end:
                head = fh.read(4)
                yield marshal.loads(fh.read(int.from_bytes(head, "little")))
        if path != own:
            path.unlink()


def knowledge_base(documents, entities, relations, evidence) -> dict[str, Any]:
    """The one file an app needs: documents, entities with aliases/sources/evidence, and conditions.

    ``relations`` are ``(condition, relation, entity id, name, n documents, "id|id|...")`` sorted by
    condition; ``evidence`` maps an entity id to its ``_evidence`` tuples. The entities and conditions
    are made one record at a time as ``io.write_json_records`` writes them."""
    return {"schema_version": SCHEMA_VERSION, "documents": documents,
            "entities": _kb_entities(entities, evidence), "conditions": _kb_conditions(relations)}


def _kb_entities(entities, evidence) -> Iterator[dict[str, Any]]:
    for e in entities:
        ev = evidence.get(e["entity_id"], [])
        yield {"entity_id": e["entity_id"], "type": e["type"], "name": e["name"],
               "aliases": e["aliases"], "n_documents": e["n_documents"], "n_mentions": e["n_mentions"],
               "n_contraindicated": e["n_contraindicated"], "ontology_id": e.get("ontology_id", ""),
               "sources": sorted({t[0] for t in ev}), "evidence": [dict(zip(EVIDENCE_FIELDS, t)) for t in ev]}


def _kb_conditions(relations) -> Iterator[dict[str, Any]]:
    for name, rows in groupby(relations, key=itemgetter(0)):
        cond: dict[str, Any] = {"name": name, "causes": [], "symptoms": [], "treatments": [], "exercises": [],
                                "contraindicated": []}
        for _, relation, eid, ent_name, n_docs, ids in rows:
            entry = {"entity_id": eid, "name": ent_name, "n_documents": n_docs, "evidence": ids.split("|") if ids else []}
            if relation.startswith("contraindicated_"):
                cond["contraindicated"].append({**entry, "type": relation.split("_", 1)[1]})
            else:
                cond[relation + "s"].append(entry)
        yield cond


def _overrides_path(settings: Settings) -> Path | None:
    if settings.overrides:
        return Path(settings.overrides)
    default = Path("config/overrides.csv")
    return default if default.exists() else None


def run_metadata(settings: Settings, report, result) -> dict[str, Any]:
    """Effective configuration, versions and counts: deterministic (no timestamps, no timings)."""
    import importlib.metadata as md

    versions = {}
    for pkg in ("spacy", "spacy-lookups-data", "trafilatura", "beautifulsoup4", "lxml", "rapidfuzz", "wordfreq"):
        try:
            versions[pkg] = md.version(pkg)
        except md.PackageNotFoundError:
            versions[pkg] = ""
    from .resources import resource_versions

    settings_dict = settings.to_dict()
    for key in ("raw", "out", "workers", "quiet", "work", "cache_dir", "engine", "scheduler"):
        settings_dict.pop(key, None)
    return {"pipeline_version": __version__, "python": platform.python_version(), "versions": versions,
            "resources": resource_versions(), "settings": settings_dict, **report.to_dict(),
            "overrides_applied": result.applied}


def datapackage() -> dict[str, Any]:
    """A Frictionless Data Package describing every CSV table, with primary and foreign keys."""
    types = {"index": "integer", "start": "integer", "end": "integer", "n_sentences": "integer",
             "sentence_index": "integer", "n_documents": "integer", "n_mentions": "integer",
             "n_contraindicated": "integer", "n_content": "integer", "n_boilerplate": "integer",
             "n_spun": "integer", "spin_score": "number", "score": "number"}
    keys = {"documents.csv": (["doc_id"], []),
            "sentences.csv": (["doc_id", "index"], [(["doc_id"], "documents", ["doc_id"])]),
            "entities.csv": (["entity_id"], []),
            "mentions.csv": (["mention_id"], [(["doc_id"], "documents", ["doc_id"]),
                                              (["entity_id"], "entities", ["entity_id"])]),
            "relations.csv": ([], [(["entity_id"], "entities", ["entity_id"])])}
    resources = []
    for name, cols in pio.COLUMNS.items():
        schema: dict[str, Any] = {"fields": [{"name": c, "type": types.get(c, "string")} for c in cols]}
        pk, fks = keys.get(name, ([], []))
        if pk:
            schema["primaryKey"] = pk
        if fks:
            schema["foreignKeys"] = [{"fields": f, "reference": {"resource": res, "fields": rf}} for f, res, rf in fks]
        resources.append({"name": name[:-4].replace("_", "-"), "path": name, "profile": "tabular-data-resource",
                          "format": "csv", "encoding": "utf-8", "schema": schema})
    return {"name": "health-knowledge-base", "profile": "tabular-data-package", "resources": resources}
