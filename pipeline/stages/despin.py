"""Despin: score each document for article-spinner rewriting; quarantine above the threshold."""
from __future__ import annotations

from ..config import SpinSettings
from ..records import Document


def signature(doc: Document):
    return None


def group_copies(sigs) -> dict[str, str]:
    return {}


def despin(doc: Document, stats, settings: SpinSettings) -> Document:
    return doc
