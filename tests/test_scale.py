"""Scale features: same bytes across engines, worker counts and the cache; incremental reruns; WARC input."""
from __future__ import annotations

import filecmp
import io
import shutil
from pathlib import Path

import pytest

from pipeline import passes
from pipeline import run as run_mod
from pipeline.config import load_settings
from pipeline.records import RawInput
from pipeline.run import run
from pipeline.stages.ingest import parse
from tests.conftest import ROOT

TABLES = ["documents.csv", "sentences.csv", "mentions.csv", "entities.csv", "relations.csv", "knowledge_base.json",
          "review_spin.csv", "review_pairs.csv", "report.html", "conditions.csv", "documents.jsonl", "conditions.jsonl",
          "entities.jsonl", "relations.jsonl", "knowledge_base.sqlite"]


def _run(raw: Path, out: Path, **kw):
    return run(load_settings(raw=raw, out=out, quiet=True, **kw))


def _same(a: Path, b: Path) -> None:
    for name in TABLES:
        assert filecmp.cmp(a / name, b / name, shallow=False), f"{name} differs"


def test_scale_cache_gives_the_same_bytes_and_reruns_only_what_changed(tmp_path: Path):
    raw = tmp_path / "raw"
    shutil.copytree(ROOT / "raw", raw)
    cache = str(tmp_path / "cache")
    first = _run(raw, tmp_path / "a", workers=1, cache_dir=cache)
    assert first.computed["pass1"] == 5
    second = _run(raw, tmp_path / "b", workers=1, cache_dir=cache)
    assert second.computed["pass1"] == 0 and second.computed["pass2"] == 0
    _same(tmp_path / "a", tmp_path / "b")
    _run(raw, tmp_path / "c", workers=2, cache_dir="")
    _same(tmp_path / "a", tmp_path / "c")
    p = raw / "000_0ddf153a1aa01862.txt"
    p.write_text(p.read_text(encoding="utf-8") + "\nTry a heating pad before bed.\n", encoding="utf-8")
    third = _run(raw, tmp_path / "d", workers=1, cache_dir=cache)
    assert third.computed["pass1"] == 1 and third.computed["pass2"] == 1


def test_scale_pass2_change_reads_the_cached_documents_and_gives_the_same_bytes(tmp_path: Path):
    """A pass-2 setting changed: pass 1 is served from the cache, and pass 2 fetches the cached documents
    to recompute them; the bytes equal an uncached run with that setting."""
    from dataclasses import replace

    cache = str(tmp_path / "cache")
    _run(ROOT / "raw", tmp_path / "a", workers=2, cache_dir=cache)
    again = _run(ROOT / "raw", tmp_path / "a2", workers=2, cache_dir=cache)
    assert again.computed["pass1"] == again.computed["pass2"] == 0
    _same(tmp_path / "a", tmp_path / "a2")
    base = load_settings(raw=ROOT / "raw", quiet=True, workers=2)
    changed = replace(base, spin=replace(base.spin, review_band=base.spin.review_band + 0.05))
    cached = run(replace(changed, out=tmp_path / "b", cache_dir=cache))
    assert cached.computed["pass1"] == 0 and cached.computed["pass2"] == 5
    run(replace(changed, out=tmp_path / "c", cache_dir=""))
    _same(tmp_path / "b", tmp_path / "c")


def _echo(shared, i: int, seconds: float) -> tuple:
    import os
    import time

    time.sleep(seconds)
    return shared, i, os.getpid()


def test_scale_local_executor_yields_in_job_order(tmp_path: Path):
    """Jobs of uneven length over two workers: each runs once, with the map's shared value, and results
    come back in job order."""
    from pipeline.executors.local import LocalExecutor

    executor = LocalExecutor(2, tmp_path)
    try:
        jobs = [(i, 0.03 if i % 3 == 0 else 0.0) for i in range(30)]
        out = list(executor.map(_echo, "shared", jobs))
        assert [i for _, i, _ in out] == list(range(30))
        assert {s for s, _, _ in out} == {"shared"}
        assert len({pid for *_, pid in out}) == 2
        assert [i for _, i, _ in executor.map(_echo, "second", [(1, 0.0)])] == [1]
    finally:
        executor.close()


def test_scale_shard_size_does_not_change_the_bytes(tmp_path: Path, monkeypatch):
    """Tasks of one file each (five tasks over two workers, results in order) give what one task gives."""
    _run(ROOT / "raw", tmp_path / "whole", workers=2, cache_dir="")
    monkeypatch.setattr(run_mod, "shard_size", lambda n, workers: 1)
    _run(ROOT / "raw", tmp_path / "one", workers=2, cache_dir="")
    _same(tmp_path / "whole", tmp_path / "one")


def test_scale_shard_size_bounds():
    assert run_mod.shard_size(181, 2) == 8
    assert run_mod.shard_size(10_000, 2) == 64
    assert 8 <= run_mod.shard_size(3_000, 2) <= 64


def test_scale_prune_cache_keeps_what_the_current_configuration_reads(tmp_path: Path, capsys):
    """After a pass-2 setting changed, ``prune-cache`` with that setting deletes the earlier pass-2 entries
    and keeps the rest: a rerun with it computes nothing, one with the old setting recomputes pass 2 only."""
    from dataclasses import replace

    from pipeline.cli import main

    cache = str(tmp_path / "cache")
    base = load_settings(raw=ROOT / "raw", out=tmp_path / "a", quiet=True, workers=1, cache_dir=cache)
    run(base)
    changed = replace(base, spin=replace(base.spin, review_band=base.spin.review_band + 0.05))
    run(replace(changed, out=tmp_path / "b"))
    config = tmp_path / "changed.toml"
    config.write_text(f"[spin]\nreview_band = {changed.spin.review_band!r}\n", encoding="utf-8")
    assert main(["prune-cache", "--cache-dir", cache, "--config", str(config)]) == 0
    # the first run's pass-2 outputs and its mention part (tagged with pass 2's version)
    assert "deleted 6 entries, kept 16" in capsys.readouterr().out
    again = run(replace(changed, out=tmp_path / "c"))
    assert again.computed["pass1"] == again.computed["pass2"] == 0
    _same(tmp_path / "b", tmp_path / "c")
    old = run(replace(base, out=tmp_path / "d"))
    assert old.computed["pass1"] == 0 and old.computed["pass2"] == 5
    assert main(["prune-cache", "--cache-dir", str(tmp_path / "none")]) == 2


def test_scale_rule_change_invalidates_pass2_only(monkeypatch):
    settings = load_settings()
    p1, p2 = passes.pass1_version(settings), passes.pass2_version(settings)
    real = passes.resource_versions()
    monkeypatch.setattr(passes, "resource_versions", lambda: {**real, "boilerplate_rules.toml": "changed"})
    assert passes.pass1_version(settings) == p1
    assert passes.pass2_version(settings) != p2


def test_scale_dask_local_cluster_gives_the_same_bytes(tmp_path: Path):
    pytest.importorskip("dask.distributed")
    _run(ROOT / "raw", tmp_path / "local", workers=1, cache_dir="")
    _run(ROOT / "raw", tmp_path / "dask", workers=2, cache_dir="", engine="dask")
    _same(tmp_path / "local", tmp_path / "dask")


def test_scale_warc_gives_one_document_per_html_response():
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=True)
    pages = {"https://a.example/sciatica": "<html><head><title>Sciatica</title></head><body><article><h1>Sciatica</h1>"
             "<p>Sciatica is pain along the sciatic nerve, often caused by a herniated disc. Walking and gentle "
             "stretching can help relieve it over a few weeks.</p></article></body></html>",
             "https://a.example/style.css": "body{color:red}"}
    for uri, body in pages.items():
        ctype = "text/css" if uri.endswith(".css") else "text/html; charset=utf-8"
        headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(uri, "response", payload=io.BytesIO(body.encode()),
                                                      http_headers=headers))
    data = buf.getvalue()
    docs = parse(RawInput("crawl.warc.gz", data=data, size=len(data)), load_settings().ingest)
    assert len(docs) == 1
    assert docs[0].url == "https://a.example/sciatica" and docs[0].status == "kept" and "<article>" in docs[0].html


def test_derived_tables_keep_a_few_versions(tmp_path, monkeypatch):
    """Each change of a derived table's sources writes a new file; only the newest ``KEEP`` of that table
    stay, other tables are left alone, and the current one is read back."""
    import os

    from pipeline import derived

    monkeypatch.setenv("PIPELINE_DERIVED_DIR", str(tmp_path))
    other = tmp_path / "other-0000000000000000.marshal"
    other.write_bytes(b"")
    for k in range(derived.KEEP + 3):
        before = set(tmp_path.glob("table-*.marshal"))
        assert derived.memo("table", (k,), lambda: {"k": k}) == {"k": k}
        (new,) = set(tmp_path.glob("table-*.marshal")) - before
        os.utime(new, ns=((k + 1) * 10**9,) * 2)  # written in this order, whatever the clock's resolution
    assert len(list(tmp_path.glob("table-*.marshal"))) == derived.KEEP
    assert other.exists()
    assert derived.memo("table", (derived.KEEP + 2,), lambda: {"k": "rebuilt"}) == {"k": derived.KEEP + 2}
