"""Clean: label every sentence content or boilerplate, each removal with a reason."""
from __future__ import annotations

from ..config import CleanSettings
from ..records import Document


def clean(doc: Document, stats, settings: CleanSettings) -> Document:
    return doc
