"""A quality floor that only ratchets up: the scorer on the seeds (and on ../shared/gold/dev when it is
beside the project) must not fall below ``tests/quality_floor.json``."""
from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.config import load_settings
from pipeline.run import run
from tests.conftest import ROOT, SHARED

FLOORS = json.loads((ROOT / "tests/quality_floor.json").read_text(encoding="utf-8"))
EPSILON = 5e-4  # the floors are rounded to three decimals


def _scorer():
    path = SHARED / "tools/score.py"
    if not path.is_file():
        pytest.skip("../shared/tools/score.py is not beside the project")
    spec = importlib.util.spec_from_file_location("gold_score", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _check(name: str, gold: Path, raw: Path, out: Path) -> None:
    score = _scorer()
    run(load_settings(raw=raw, out=out, quiet=True, cache_dir="", workers=2))
    rep = score.score(gold, out, per_doc=False)
    floor = FLOORS[name]
    got = {"clean_f1": rep["clean"]["f1"], "entity_f1": rep["entity"]["all"]["f1"], "dedupe_f1": rep["dedupe"]["f1"],
           "spun_f1": rep["spun"]["f1"], "condition": rep["condition"]["accuracy"],
           **{f"{t}_f1": rep["entity"][t]["f1"] for t in ("cause", "symptom", "treatment", "exercise")}}
    for key, value in got.items():
        assert value >= floor[key] - EPSILON, f"{name}: {key} {value:.3f} fell below the floor {floor[key]}"
    assert rep["flags"]["unsafe"] <= floor["max_unsafe"], f"{name}: unsafe {rep['flags']['unsafe']}"
    over = rep["flags"]["over_flagged"]
    assert over <= floor["max_over_flagged"], f"{name}: {over} advised items flagged contraindicated"


def test_quality_floor_on_the_seeds(tmp_path: Path):
    gold = SHARED / "gold/seeds"
    if not gold.is_dir():
        pytest.skip("../shared/gold/seeds is not beside the project")
    _check("seeds", gold, ROOT / "raw", tmp_path / "out")


def test_quality_floor_on_the_dev_set(tmp_path: Path):
    gold = SHARED / "gold/dev"
    if not gold.is_dir():
        pytest.skip("../shared/gold/dev is not beside the project")
    raw = tmp_path / "raw"
    subprocess.run([sys.executable, str(SHARED / "tools/goldset.py"), "--gold", str(gold), "--out", str(raw)],
                   check=True, capture_output=True)
    _check("dev", gold, raw, tmp_path / "out")
    shutil.rmtree(raw)


def test_html_pages_of_the_dev_articles_score_as_their_markdown():
    """The dev articles rendered into an HTML site template (nav, cookie banner, related links, footer)
    keep their entity F1 within 0.03 of the Markdown originals, and their condition."""
    if not (SHARED / "gold/dev").is_dir():
        pytest.skip("../shared/gold/dev is not beside the project")
    _scorer()
    from bench.bench_html_gold import compare

    reports = compare(SHARED, SHARED / "gold/dev", workers=2)
    md, html = reports["markdown"], reports["html"]
    assert abs(html["entity"]["all"]["f1"] - md["entity"]["all"]["f1"]) <= 0.03
    assert html["condition"]["accuracy"] >= md["condition"]["accuracy"]
    assert html["flags"]["unsafe"] <= md["flags"]["unsafe"]
