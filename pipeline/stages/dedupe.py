"""Dedupe: merge mentions of one concept across sources into entities with stable ids."""
from __future__ import annotations

from dataclasses import dataclass, field


def key_of(m: dict) -> tuple:
    return (m["type"], m["norm"], m.get("concept", ""))


@dataclass
class MentionSummary:
    keys: dict = field(default_factory=dict)

    def add(self, m, doc_id: str) -> None:
        pass


@dataclass
class DedupeResult:
    entity_of: dict = field(default_factory=dict)
    entities: list = field(default_factory=list)
    review_pairs: list = field(default_factory=list)
    merged_ids: list = field(default_factory=list)
    applied: list = field(default_factory=list)
    problems: list = field(default_factory=list)
    rejected: set = field(default_factory=set)
    retyped: dict = field(default_factory=dict)


def deduplicate(summary, settings, overrides=None) -> DedupeResult:
    return DedupeResult()
