"""The report in a real browser: headless Chromium renders it; the summary numbers equal the CSVs."""
from __future__ import annotations

import csv
import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest

from pipeline.cli import main
from tests.conftest import ROOT

pytestmark = pytest.mark.browser
ARTIFACTS = Path(__file__).parent / "artifacts"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def _chromium(*args: str, profile: Path) -> subprocess.CompletedProcess:
    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    assert exe, "Debian's chromium is not installed (make test-browser installs it)"
    return subprocess.run([exe, *FLAGS, f"--user-data-dir={profile}", *args], capture_output=True, text=True, timeout=120)


def test_report_summary_numbers_match_the_tables_in_chromium(tmp_path: Path):
    out = tmp_path / "curated"
    assert main(["curate", "--raw", str(ROOT / "raw"), "--out", str(out), "--quiet", "--workers", "1"]) == 0
    page = (out / "report.html").as_uri()
    dom = _chromium("--dump-dom", page, profile=tmp_path / "p1").stdout
    assert "<h1>Curation report</h1>" in dom

    def shown(ident: str) -> int:
        m = re.search(rf"id=\"{ident}\">(\d+)<", dom)
        assert m, f"{ident} not rendered"
        return int(m.group(1))

    docs = list(csv.DictReader((out / "documents.csv").open(encoding="utf-8")))
    status = Counter(d["status"] for d in docs)
    for key in ("kept", "quarantined", "failed"):
        assert shown(f"n-{key}") == status.get(key, 0)
    assert shown("n-entities") == sum(1 for _ in csv.DictReader((out / "entities.csv").open(encoding="utf-8")))
    assert shown("n-relations") == sum(1 for _ in csv.DictReader((out / "relations.csv").open(encoding="utf-8")))
    removed = sum(1 for s in csv.DictReader((out / "sentences.csv").open(encoding="utf-8")) if s["label"] != "content")
    assert shown("n-removed") == removed
    # what an analyst asks: why seed 001 was quarantined, what was removed from seed 004
    assert "001_46c42ec638c91122.txt — quarantined: spun" in dom
    assert "teaser:title_case_inline" in dom and "class=\"s-boilerplate\"" in dom
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "report.png"
    _chromium("--window-size=1280,2000", f"--screenshot={shot}", page, profile=tmp_path / "p2")
    assert shot.exists() and shot.stat().st_size > 10_000
