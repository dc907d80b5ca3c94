"""The analyst's report: ``report.html`` from the output tables, self-contained and deterministic.

Inline CSS, inline SVG plots (pygal, fixed element ids, no script) and nothing fetched from anywhere:
open the file in any browser. ``python -m pipeline report`` rebuilds it from the tables without rerunning
the stages; a run renders the same bytes from what it gathered while writing them.
"""
from __future__ import annotations

from pathlib import Path

from .html import render_report
from .view import ReportView

__all__ = ["ReportView", "render_report", "write_report"]


def write_report(out: Path) -> None:
    """Rebuild ``out/report.html`` from the tables already in ``out``."""
    if not (out / "documents.csv").exists():
        raise FileNotFoundError(f"{out} has no documents.csv: run 'python -m pipeline curate' first")
    target = out / "report.html"
    tmp = target.with_suffix(".html.tmp")
    tmp.write_text(render_report(out), encoding="utf-8")
    tmp.replace(target)
