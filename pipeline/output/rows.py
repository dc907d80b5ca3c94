"""One finished document's output rows, rendered where it was processed (a worker) and cached with it.

The composer only appends bytes and adds counts. Rendering here keeps that work parallel, and it is
what makes a cached rerun cheap: a document's mentions.csv rows are CSV text with a slot where each
mention's entity id goes (known only after deduplication), and its mentions are reduced to the few
rows the corpus-wide tables can use (the first evidence and relation mentions of each of its keys).
"""
from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter
from dataclasses import dataclass, fields
from operator import attrgetter
from pathlib import Path

import msgpack

from ..config import Settings
from ..io import COLUMNS, cell, csv_rows
from ..records import BOILERPLATE, CONTENT, HEADING, SPUN, Document, pack
from ..stages.condition import head_word
from ..stages.dedupe import display_form, key_of

STATUS_ORDER = {"quarantined": 0, "kept": 1, "failed": 2}  # the report shows documents in this order
EVIDENCE_CAP = 10    # mention ids kept per relation (relations.csv; mentions.csv and the database have all)
RELATION_SENTENCES = 2  # evidence sentences kept per relation, each from another document
# How much one mention supports its relation, by what found it: the share of such mentions the annotators
# also marked on gold/train (``bench/bench_confidence.py``; the tagger's is in-sample there, an upper
# bound). With the hybrid method the rules speak only where the tagger found nothing, and there they are
# seldom right. A relation's confidence combines its documents' strongest mentions.
RULE_PRECISION = {"model": 0.76, "lexicon": 0.07, "cue": 0.12, "section_item": 0.07}
MENTION_COLUMNS = COLUMNS["mentions.csv"]
# a key's group: its type; its mentions' norms counted when it has no lexicon concept (the report lists
# them); the positions (in ``DocOutput.columns``) of its first
# EVIDENCE_CAP mentions that assert a relation and of its first contraindicated ones
GROUP_FIELDS = ("type", "norms", "asserted", "contraindicated")
_EID = MENTION_COLUMNS.index("entity_id")


@dataclass(slots=True)
class DocOutput:
    """What the composer reads of one finished document: counts, summaries and small records (its rows
    and mentions go to the shard's files, ``Rendered``)."""

    doc_id: str
    order: tuple           # (status order, source): the report's document view sorts by it
    summary: list          # (key, display form, contraindicated, ontology id, n) per distinct combination
    counts: dict           # "documents", "failures", "sentences", "reasons", "mentions": {name: n}
    warnings: list
    review_spin: dict | None
    n_sentence_bytes: int  # the size of its rows in sentences.csv
    work_json: str = ""
    spin_score: float | None = None  # for the report's histogram (None: a failed document)


@dataclass(slots=True)
class Rendered:
    """One document rendered: what the composer reads, and the bulk that goes to the shard's files
    (UTF-8 CSV rows, its knowledge_base.json record, and the packed mention record ``MENTION_FIELDS``,
    b"" without mentions)."""

    output: DocOutput
    documents_csv: bytes
    sentences_csv: bytes
    index_json: bytes
    mentions: bytes


# a document's mention record in the spool: its mentions.csv rows with ``%(j)b`` where key j's entity id
# goes (``fill``); its groups (``GROUP_FIELDS``, one per key); per mention, by position, its sentence index,
# mention id, surface, flag, strength, key, its sentence's evidence rank and the condition it is about when
# not the document's (the evidence sentences' texts are read at the end, for the relations the knowledge
# base lists)
MENTION_FIELDS = ("doc_id", "condition", "keys", "template", "groups", "columns")


def strength(m) -> float:
    """How much one mention supports its relation (``RULE_PRECISION``)."""
    return RULE_PRECISION.get(m.rule.split(":")[0], 0.1)


_output_values = attrgetter(*(f.name for f in fields(DocOutput)))


def output_to_plain(o: DocOutput) -> list:
    return list(_output_values(o))


def output_from_plain(data: list) -> DocOutput:
    o = DocOutput(*data)
    o.order = tuple(o.order)
    o.summary = [tuple(s) for s in o.summary]
    return o


def rendered_to_plain(r: Rendered) -> list:
    return [output_to_plain(r.output), r.documents_csv, r.sentences_csv, r.index_json, r.mentions]


def rendered_from_plain(data: list) -> Rendered:
    output, *rest = data
    return Rendered(output_from_plain(output), *rest)


def fill(template: bytes, entity_ids: list[str]) -> bytes:
    """A document's mentions.csv rows: its template with each key's entity id (ids never need quoting)."""
    return template % {b"%d" % j: e.encode("ascii") for j, e in enumerate(entity_ids)}


def _doc_row(d: Document, labels: Counter) -> dict:
    return {
        "doc_id": d.doc_id, "source": d.source, "url": d.url, "title": d.title, "status": d.status,
        "reason": d.reason, "duplicate_of": d.duplicate_of, "n_sentences": len(d.sentences), "content_sha256": d.content_sha256,
        "format": d.fmt, "extraction": d.extraction, "n_content": labels.get(CONTENT, 0),
        "n_boilerplate": labels.get(BOILERPLATE, 0), "n_spun": labels.get(SPUN, 0),
        "spin_score": d.spin_score, "condition": d.condition,
        "condition_from": d.condition_from, "warnings": d.warnings,
    }


STATED = 8  # the least rank of an evidence sentence that states its relation: names the condition and says how


def _evidence_rank(d: Document, condition: str):
    """(sentence index, mention type) -> how good a sentence of ``d`` is as evidence of a relation of
    ``condition`` (its own, or the other one a mention is about): ``STATED`` when it states the relation,
    naming the condition (by its head word at least: "pain" of upper back pain) and saying what kind of
    relation it is ("caused by", "symptoms include", "can help relieve"); plus 4 when it names all the
    condition's words ("Gout is caused by ..." rather than a sentence about the other conditions an
    article mentions), plus 2 when it says what kind of relation, plus 1 when it is a sentence rather than
    a heading or a fragment (at least ``_SENTENCE_WORDS`` words, not a heading: "Fluid Balance and
    Circulation" says nothing of a cause). A sentence that names the condition and an item without saying
    how they relate ("Arthritis & Rheumatology reports that gout attacks ...") states nothing."""
    want = {w for w in _WORDS.findall(condition.lower()) if len(w) > 2}
    head = set(_WORDS.findall(head_word(condition.lower())))
    sentences = {s.index: s for s in d.sentences}
    memo: dict[tuple[int, str], int] = {}

    def rank(index: int, typ: str) -> int:
        hit = memo.get((index, typ))
        if hit is None:
            s = sentences.get(index)
            text = s.text.lower() if s is not None else ""
            words = _WORDS.findall(text)
            found = set(words)
            named = _holds(found, want)
            stated = named or _holds(found, head)
            says = _SAYS[typ].search(text) is not None
            if not says and stated and typ == "symptom":
                first = min(text.find(w) for w in (want if named else head))
                says = _BRINGS_ON.search(text, first) is not None
            full = s is not None and s.kind != HEADING and len(words) >= _SENTENCE_WORDS
            hit = memo[(index, typ)] = STATED * (stated and says) + 4 * named + 2 * says + full
        return hit
    return rank


def _holds(found: set[str], words: set[str]) -> bool:
    """Whether a sentence's words ``found`` hold each of ``words`` (or its plural), and there are some."""
    return bool(words) and all(w in found or w + "s" in found for w in words)


# words by which a sentence says a mention is a cause, a symptom, a treatment or an exercise
_SAYS = {
    "cause": re.compile(r"\b(caus\w*|trigger\w*|due to|because|stem\w* from|lead\w* to|result\w* (?:in|from)|"
                        r"risk\w*|contribut\w*|worsen\w*|aggravat\w*|exacerbat\w*|develop\w*|linked to|"
                        r"associated with)\b"),
    "symptom": re.compile(r"\b(symptoms?|signs?|feel\w*|experienc\w*|suffer\w*|accompan\w*|present\w* with|"
                          r"occur\w*|manifest\w*|indicat\w*)\b"),
    "treatment": re.compile(r"\b(treat\w*|reliev\w*|relief|help\w*|eas\w*|reduc\w*|manag\w*|recommend\w*|"
                            r"alleviat\w*|soothe?\w*|improv\w*|prevent\w*|remed\w*|therap\w*)\b"),
    "exercise": re.compile(r"\b(exercis\w*|stretch\w*|strengthen\w*|pose\w*|workout\w*|help\w*|reliev\w*|"
                           r"improv\w*|eas\w*)\b"),
}


# what the condition, named before it, brings on is its symptom too ("Osteoarthritis may cause joint pain and
# stiffness", "Gout is characterized by ..."); not "A primary cause of leg pain is a muscle cramp", nor what
# brings the condition on ("can be caused by")
_BRINGS_ON = re.compile(r"\b(?:caus(?:e|es|ing)|lead(?:s|ing)? to|result(?:s|ing)? in|characteri[sz]ed by|marked by|"
                        r"refers? to)\b")
_SENTENCE_WORDS = 6
_WORDS = re.compile(r"[a-z0-9]+")


def _mentions(d: Document) -> tuple[bytes, list]:
    """The document's packed mention record (``MENTION_FIELDS``) and its summary for deduplication."""
    keys: dict[str, int] = {}
    rows: list[list[str]] = []
    groups: list[list] = []
    columns: list[list] = [[], [], [], [], [], [], [], []]
    summary: Counter = Counter()
    ranks = {"": _evidence_rank(d, d.condition)}  # by the condition a mention is about ("": its document's)
    for pos, m in enumerate(d.mentions):
        key = key_of(m.type, m.concept, m.surface)
        j = keys.setdefault(key, len(keys))
        if j == len(groups):
            groups.append([m.type, {}, [], []])
        g = groups[j]
        summary[(key, display_form(m.surface), m.flag == "contraindicated", m.ontology_id)] += 1
        # the row as a %-template: its text's "%" doubled, the entity id a placeholder ``fill`` replaces
        cells = [cell(getattr(m, c)).replace("%", "%%") for c in MENTION_COLUMNS]
        cells[_EID] = f"%({j})b"
        rows.append(cells)
        rank = ranks.get(m.about) or ranks.setdefault(m.about, _evidence_rank(d, m.about))
        for column, value in zip(columns, (m.sentence_index, m.mention_id, m.surface, m.flag, strength(m), j,
                                           rank(m.sentence_index, m.type), m.about)):
            column.append(value)
        if not m.concept:
            g[1][m.norm] = g[1].get(m.norm, 0) + 1
        ids = g[3] if m.flag == "contraindicated" else g[2] if m.flag != "negated" else None
        if ids is not None and len(ids) < EVIDENCE_CAP:
            ids.append(pos)
    if not keys:
        return b"", []
    record = pack([d.doc_id, d.condition, list(keys), csv_rows(rows).encode("utf-8"), groups, columns])
    return record, [(*k, n) for k, n in summary.items()]


def render(d: Document, settings: Settings) -> Rendered:
    """One document's rows, mention record and counts (pure)."""
    counts: dict[str, Counter] = {k: Counter() for k in ("documents", "failures", "sentences", "reasons", "mentions")}
    counts["documents"][d.status] += 1
    if d.status == "failed":
        counts["failures"][d.reason.split(":")[0]] += 1
    sent_rows = []
    for s in d.sentences:
        counts["sentences"][s.label] += 1
        if s.label != CONTENT:
            counts["reasons"][s.reason.split(":")[0]] += 1
        sent_rows.append([d.doc_id, str(s.index), str(s.start), str(s.end), s.label, s.reason, s.kind, s.section,
                          s.text])
    row = _doc_row(d, counts["sentences"])
    review = None
    if d.spin_evidence and (d.status == "quarantined" or d.spin_score >= settings.spin.review_band):
        review = {"doc_id": d.doc_id, "source": d.source, "score": d.spin_score, "status": d.status,
                  "evidence": d.spin_evidence}
    mentions, summary = b"", []
    if d.ok:
        counts["mentions"].update(m.type for m in d.mentions)
        mentions, summary = _mentions(d)
    sentences_csv = csv_rows(sent_rows).encode("utf-8")
    output = DocOutput(
        doc_id=d.doc_id, order=(STATUS_ORDER.get(d.status, 3), d.source), summary=summary,
        counts={k: dict(v) for k, v in counts.items()}, warnings=[f"{d.source}: {w}" for w in d.warnings],
        review_spin=review, n_sentence_bytes=len(sentences_csv),
        work_json=json.dumps(d.to_dict(), ensure_ascii=False) + "\n" if settings.work else "",
        spin_score=float(cell(d.spin_score)) if d.status != "failed" else None)  # as documents.csv has it
    index_json = json.dumps({"doc_id": d.doc_id, "source": d.source, "url": d.url, "title": d.title,
                             "status": d.status, "reason": d.reason, "duplicate_of": d.duplicate_of,
                             "condition": d.condition, "condition_from": d.condition_from}, ensure_ascii=False)
    return Rendered(output, csv_rows([[cell(row.get(c)) for c in COLUMNS["documents.csv"]]]).encode("utf-8"),
                    sentences_csv, index_json.encode("utf-8") + b"\n", mentions)


@dataclass
class ShardFiles:
    """What ``write_shard`` left on disk for the composer: the shard's documents.csv and sentences.csv
    rows, its knowledge-base document records, and its mention spool ("" when it has no mentions)."""

    documents: str
    sentences: str
    index: str
    mentions: str
    mentions_digest: str = ""  # what the spool's content derives from (its documents' cache keys), for the cache


def write_shard(rendered: list[Rendered], base: Path) -> ShardFiles:
    """Write a shard's rows and mention records to files beside ``base``: the bulk of a run's output then
    never passes through a pipe, and the composer appends whole files. The spool is one msgpack array of
    the documents' records, which are already packed."""
    files = ShardFiles(*(str(base.with_suffix(s)) for s in (".documents", ".sentences", ".index")), "")
    with open(files.documents, "wb") as docs, open(files.sentences, "wb") as sents, open(files.index, "wb") as index:
        for r in rendered:
            docs.write(r.documents_csv)
            sents.write(r.sentences_csv)
            index.write(r.index_json)
    records = [r.mentions for r in rendered if r.mentions]
    if records:
        files.mentions = str(base.with_suffix(".mentions"))
        Path(files.mentions).write_bytes(msgpack.Packer().pack_array_header(len(records)) + b"".join(records))
    return files
