"""Extract: cause, symptom, treatment and exercise mentions from content sentences."""
from __future__ import annotations

from ..config import ExtractSettings
from ..records import Document


def extract(docs: list[Document], settings: ExtractSettings) -> list[Document]:
    return docs
