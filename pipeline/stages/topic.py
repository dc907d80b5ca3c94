"""Topic coherence: sentences about another subject that a scraper glued into a page."""
from __future__ import annotations

from ..config import CleanSettings
from ..records import Document


def off_topic_sentences(doc: Document, labels: list[str], settings: CleanSettings) -> dict[int, str]:
    return {}
