"""The typed records that flow through the stages, and the closed sets of labels they carry."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from enum import Enum
from operator import attrgetter
from typing import Any

import msgpack


class Status(str, Enum):
    """What became of one raw input."""

    KEPT = "kept"
    QUARANTINED = "quarantined"
    FAILED = "failed"


class Label(str, Enum):
    """What one sentence of a document is (ANNOTATION.md section 1)."""

    CONTENT = "content"
    BOILERPLATE = "boilerplate"
    SPUN = "spun"


class Kind(str, Enum):
    """The structural role of a sentence in its document."""

    HEADING = "heading"
    ITEM = "item"
    TEXT = "text"


# the same values as plain strings, for the stages' hot comparisons (an Enum member's ``.value`` is a
# descriptor call, millions of them a run)
CONTENT, BOILERPLATE, SPUN = (label.value for label in Label)
HEADING, ITEM, TEXT = (kind.value for kind in Kind)

ENTITY_TYPES = ("cause", "symptom", "treatment", "exercise")
FLAGS = ("", "negated", "contraindicated")


@dataclass(slots=True)
class RawInput:
    """A raw file as read by io.py: its path relative to --raw, its bytes, or why it could not be read."""

    source: str
    data: bytes | None = None
    error: str = ""
    size: int = 0


@dataclass(slots=True)
class Sentence:
    """One sentence, heading or list item, with offsets into its document's text."""

    index: int
    start: int
    end: int
    text: str
    kind: str = Kind.TEXT.value
    label: str = Label.CONTENT.value
    reason: str = ""
    section: str = ""
    evidence: str = ""


@dataclass(slots=True)
class Mention:
    """One entity mention found in a content sentence."""

    mention_id: str
    doc_id: str
    sentence_index: int
    start: int
    end: int
    type: str
    surface: str
    norm: str
    flag: str = ""
    section: str = ""
    rule: str = ""
    concept: str = ""
    ontology_id: str = ""
    entity_id: str = ""
    flag_from: str = ""  # the mention whose sentence advises against the item, when not this one
    about: str = ""  # the condition it is about when not its document's (an article comparing two conditions)


@dataclass(slots=True)
class Document:
    """One raw input (a file, or one record of a .jsonl/.warc) as it moves through the stages."""

    doc_id: str
    source: str
    fmt: str
    content_sha256: str = ""
    url: str = ""
    title: str = ""
    status: str = Status.KEPT.value
    reason: str = ""
    warnings: list[str] = field(default_factory=list)
    html: str = ""
    text: str = ""
    layout: list[list] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)
    extraction: str = ""
    n_bytes: int = 0
    sentences: list[Sentence] = field(default_factory=list)
    spin_score: float = 0.0
    spin_evidence: str = ""
    condition: str = ""
    condition_from: str = ""  # where the condition was read (title, heading, text), or why there is none
    duplicate_of: str = ""    # the doc_id of the earlier copy of this text (same or nearly the same words)
    mentions: list[Mention] = field(default_factory=list)
    input_key: str = ""  # cache key of the raw input this document came from (not an output column)

    @property
    def ok(self) -> bool:
        return self.status == Status.KEPT.value

    def fail(self, reason: str) -> "Document":
        self.status, self.reason = Status.FAILED.value, reason
        return self

    def quarantine(self, reason: str) -> "Document":
        self.status, self.reason = Status.QUARANTINED.value, reason
        return self

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Document":
        known = {f.name for f in fields(cls)}
        doc = cls(**{k: v for k, v in data.items() if k in known})
        doc.sentences = [Sentence(**s) for s in data.get("sentences", [])]
        doc.mentions = [Mention(**m) for m in data.get("mentions", [])]
        return doc


# ---- plain data for the spool between the passes and the cache: msgpack, never pickle ------------------

_DOC_FIELDS = tuple(f.name for f in fields(Document) if f.name not in ("sentences", "mentions"))
_doc_values = attrgetter(*_DOC_FIELDS)
_sentence_values = attrgetter(*(f.name for f in fields(Sentence)))
_mention_values = attrgetter(*(f.name for f in fields(Mention)))


def to_plain(doc: Document) -> list:
    """A document as nested lists of its fields' values, in declaration order (``from_plain`` reverses it)."""
    return [_doc_values(doc), [_sentence_values(s) for s in doc.sentences], [_mention_values(m) for m in doc.mentions]]


def from_plain(data: list) -> Document:
    values, sentences, mentions = data
    doc = Document(**dict(zip(_DOC_FIELDS, values)))
    doc.sentences = [Sentence(*s) for s in sentences]
    doc.mentions = [Mention(*m) for m in mentions]
    return doc


def pack(data: Any) -> bytes:
    """Plain data (lists, dicts, strings, numbers, bytes) as msgpack bytes."""
    return msgpack.packb(data, use_bin_type=True)


def unpack(blob: bytes, lists: bool = True) -> Any:
    """``pack``'s inverse: arrays come back as lists, or as tuples with ``lists=False`` (for data only read:
    the garbage collector stops tracking tuples of plain values, and many new lists make it run often).
    Raises ``ValueError`` on damaged bytes."""
    try:
        return msgpack.unpackb(blob, raw=False, strict_map_key=False, use_list=lists)
    except (msgpack.ExtraData, msgpack.FormatError, msgpack.StackError, ValueError, TypeError) as exc:
        raise ValueError(f"damaged data: {exc}") from None


def pack_documents(docs: list[Document]) -> bytes:
    return pack([to_plain(d) for d in docs])


def unpack_documents(blob: bytes) -> list[Document]:
    return [from_plain(d) for d in unpack(blob)]

