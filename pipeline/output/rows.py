"""One finished document's output rows, rendered where it was processed (a worker) and cached with it.

The composer only appends bytes and adds counts: rendering CSV text in the workers keeps that part of
a run parallel.
"""
from __future__ import annotations

import csv
import io
import json
from collections import Counter
from dataclasses import dataclass, fields
from operator import attrgetter

from ..config import Settings
from ..io import COLUMNS, cell
from ..records import Document, Label
from ..stages.dedupe import display_form, key_of

STATUS_ORDER = {"quarantined": 0, "kept": 1, "failed": 2}  # the report shows documents in this order
MENTION_COLUMNS = tuple(c for c in COLUMNS["mentions.csv"] if c != "entity_id")
# what the global step reads of each mention besides its row: its summary key and display form
SPOOL_COLUMNS = (*MENTION_COLUMNS, "key", "display")


@dataclass(slots=True)
class DocOutput:
    """Everything the composer needs from one finished document: CSV text, mention rows and counts."""

    doc_id: str
    order: tuple           # (status order, source): the report's document view sorts by it
    documents_csv: bytes   # UTF-8
    sentences_csv: bytes
    condition: str
    mentions: dict         # ``SPOOL_COLUMNS`` -> that column's values, one per mention in document order
    texts: dict            # sentence index -> text, for the sentences that hold a mention
    summary: list          # (key, display form, contraindicated, ontology id, n) per distinct combination
    counts: dict           # "documents", "failures", "sentences", "reasons", "mentions": {name: n}
    warnings: list
    review_spin: dict | None
    index_json: str        # the document's record in knowledge_base.json, encoded
    work_json: str = ""
    spin_score: float | None = None  # for the report's histogram (None: a failed document)


_output_values = attrgetter(*(f.name for f in fields(DocOutput)))


def output_to_plain(o: DocOutput) -> list:
    return list(_output_values(o))


def output_from_plain(data: list) -> DocOutput:
    o = DocOutput(*data)
    o.order = tuple(o.order)
    o.texts = {int(k): v for k, v in o.texts.items()}
    o.summary = [tuple(s) for s in o.summary]
    return o


def csv_rows(rows: list[list[str]]) -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    return buf.getvalue()


def _doc_row(d: Document, labels: Counter) -> dict:
    return {
        "doc_id": d.doc_id, "source": d.source, "url": d.url, "title": d.title, "status": d.status,
        "reason": d.reason, "n_sentences": len(d.sentences), "content_sha256": d.content_sha256,
        "format": d.fmt, "extraction": d.extraction, "n_content": labels.get(Label.CONTENT.value, 0),
        "n_boilerplate": labels.get(Label.BOILERPLATE.value, 0), "n_spun": labels.get(Label.SPUN.value, 0),
        "spin_score": d.spin_score, "condition": d.condition, "warnings": d.warnings,
    }


def render(d: Document, settings: Settings) -> DocOutput:
    """One document's rows and counts (pure)."""
    counts: dict[str, Counter] = {k: Counter() for k in ("documents", "failures", "sentences", "reasons", "mentions")}
    counts["documents"][d.status] += 1
    if d.status == "failed":
        counts["failures"][d.reason.split(":")[0]] += 1
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
    mentions: dict[str, list] = {c: [] for c in SPOOL_COLUMNS}
    texts = {}
    if d.ok:
        by_index = {s.index: s.text for s in d.sentences}
        columns = [mentions[c] for c in SPOOL_COLUMNS]
        for m in d.mentions:
            counts["mentions"][m.type] += 1
            key, display = key_of(m.type, m.concept, m.surface), display_form(m.surface)
            summary[(key, display, m.flag == "contraindicated", m.ontology_id)] += 1
            for column, value in zip(columns, [cell(getattr(m, c)) for c in MENTION_COLUMNS] + [key, display]):
                column.append(value)
            texts.setdefault(m.sentence_index, by_index.get(m.sentence_index, ""))
    return DocOutput(
        doc_id=d.doc_id, order=(STATUS_ORDER.get(d.status, 3), d.source),
        documents_csv=csv_rows([[cell(row.get(c)) for c in COLUMNS["documents.csv"]]]).encode("utf-8"),
        sentences_csv=csv_rows(sent_rows).encode("utf-8"), condition=d.condition, mentions=mentions, texts=texts,
        summary=[(*k, n) for k, n in summary.items()],
        counts={k: dict(v) for k, v in counts.items()}, warnings=[f"{d.source}: {w}" for w in d.warnings],
        review_spin=review,
        index_json=json.dumps({"doc_id": d.doc_id, "source": d.source, "url": d.url, "title": d.title,
                               "status": d.status, "reason": d.reason, "condition": d.condition}, ensure_ascii=False),
        work_json=json.dumps(d.to_dict(), ensure_ascii=False) + "\n" if settings.work else "",
        spin_score=float(cell(d.spin_score)) if d.status != "failed" else None)  # as documents.csv has it
