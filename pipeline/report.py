"""The analyst's report: curated/report.html from the tables."""
from __future__ import annotations

from pathlib import Path


def render_report(folder: Path) -> str:
    return "<!doctype html><title>report</title>\n"


def write_report(out: Path) -> None:
    (out / "report.html").write_text(render_report(out), encoding="utf-8")
