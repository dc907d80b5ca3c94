"""What the report shows of the two largest tables, gathered while a run writes them (so the report never
reads them back), or streamed from the written tables by ``python -m pipeline report``."""
from __future__ import annotations

from collections import Counter
from pathlib import Path

from ..io import COLUMNS, rows_at

DOC_DETAIL_LIMIT = 300  # per-document sections shown (quarantined documents first, then by source)


class ReportView:
    """Counts of the sentence and mention tables, and the sentence rows of the documents the report shows
    (the first ``DOC_DETAIL_LIMIT`` in report order, kept to at most twice that between cuts)."""

    def __init__(self) -> None:
        self.n_sentences = 0
        self.removed: Counter = Counter()
        self.n_mentions = 0
        self.unknown: Counter = Counter()   # (type, norm) -> mentions without a lexicon concept
        self._shown: list[tuple] = []       # (report order, doc_id) of the documents shown
        self.rows: dict[str, tuple[int, int]] = {}  # doc_id -> offset and size of its rows in sentences.csv

    def add_counts(self, counts: dict) -> None:
        """Count some documents' sentences (their ``sentences`` and ``reasons`` counts)."""
        self.n_sentences += sum(counts.get("sentences", {}).values())
        self.removed.update(counts.get("reasons", {}))

    def add_document(self, order: tuple, doc_id: str, offset: int, size: int) -> None:
        """Remember where a document's rows are in sentences.csv (read back for the shown ones)."""
        self.rows[doc_id] = (offset, size)
        self._shown.append((order + (doc_id,), doc_id))
        if len(self._shown) >= 2 * DOC_DETAIL_LIMIT:
            self._cut()

    def _cut(self) -> None:
        self._shown = sorted(self._shown, key=lambda x: x[0])[:DOC_DETAIL_LIMIT]

    def by_doc(self, sentences_csv: Path) -> dict[str, list[dict[str, str]]]:
        """The sentence rows of the shown documents, read back from the written sentences.csv."""
        cols = COLUMNS["sentences.csv"]
        self._cut()
        spans = ((doc_id, *self.rows[doc_id]) for _, doc_id in self._shown)
        return {doc_id: [dict(zip(cols, r)) for r in rows] for doc_id, rows in rows_at(sentences_csv, spans)}


def view_from_tables(folder: Path, shown_ids: set[str]) -> tuple[ReportView, dict[str, list[dict]]]:
    """The report's view of sentences.csv and mentions.csv, streamed from the files."""
    import pandas as pd

    view = ReportView()
    shown: dict[str, list[dict]] = {}
    read = {"dtype": object, "keep_default_na": False, "chunksize": 200_000}
    for chunk in pd.read_csv(folder / "sentences.csv", **read):
        view.n_sentences += len(chunk)
        removed = chunk[chunk["label"] != "content"]
        view.removed.update(Counter(dict(removed["reason"].str.split(":").str[0].value_counts(sort=False))))
        for row in chunk[chunk["doc_id"].isin(shown_ids)].to_dict("records"):
            shown.setdefault(row["doc_id"], []).append(row)
    for chunk in pd.read_csv(folder / "mentions.csv", usecols=["type", "norm", "concept"], **read):
        view.n_mentions += len(chunk)
        free = chunk[chunk["concept"] == ""]
        view.unknown.update(Counter(dict(free.groupby(["type", "norm"], sort=False).size())))
    return view, shown
