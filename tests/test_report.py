"""The report streams the tables it reads (a large run never holds one whole): what it shows must be what
the run wrote, and the documents shown in detail are the first ones in report order."""
from __future__ import annotations

from pathlib import Path

from pipeline import report

CURATED = Path(__file__).resolve().parent.parent / "curated"


def test_report_from_the_tables_is_the_report_the_run_wrote():
    """``python -m pipeline report`` reads the tables back; the run gathered its view while writing them."""
    assert report.render_report(CURATED) == (CURATED / "report.html").read_text(encoding="utf-8")


def test_report_shows_the_first_documents_in_order_and_counts_the_rest(monkeypatch):
    monkeypatch.setattr(report.html, "DOC_DETAIL_LIMIT", 2)
    html = report.render_report(CURATED)
    assert html.count("<details class='doc'") == 2
    assert "3 more documents are in documents.csv." in html
    # quarantined documents come first in report order
    first = html.index("<details class='doc'")
    assert "quarantined" in html[first:html.index("</summary>", first)]


def test_report_is_the_same_on_any_day(monkeypatch):
    """pygal stamps each chart with the day it was drawn; the report leaves the stamp out, so the same
    tables give the same bytes tomorrow (CI compares the committed report byte for byte)."""
    import datetime

    import pygal.svg

    today = report.render_report(CURATED)

    class OtherDay(datetime.date):
        @classmethod
        def today(cls):
            return cls(1999, 12, 31)

    monkeypatch.setattr(pygal.svg, "date", OtherDay)
    assert report.render_report(CURATED) == today
    assert datetime.date.today().isoformat() not in today
