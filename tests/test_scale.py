"""Scale features: same bytes across engines, worker counts and the cache; incremental reruns; WARC input."""
from __future__ import annotations

import filecmp
import io
import shutil
from pathlib import Path

import pytest

from pipeline import engine as engine_mod
from pipeline.config import load_settings
from pipeline.run import run
from pipeline.stages.ingest import RawInput, parse
from tests.conftest import ROOT, SHARED

TABLES = ["documents.csv", "sentences.csv", "mentions.csv", "entities.csv", "relations.csv", "knowledge_base.json",
          "review_spin.csv", "review_pairs.csv", "report.html"]


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
    """A pass-2 setting changed: pass 1 is served from the cache (observations only), and pass 2 fetches
    the cached documents to recompute them; the bytes equal an uncached run with that setting."""
    from dataclasses import replace

    cache = str(tmp_path / "cache")
    first = _run(ROOT / "raw", tmp_path / "a", workers=2, cache_dir=cache)
    assert first.warm_client  # an empty cache: every input is computed, so the client builds the models
    again = _run(ROOT / "raw", tmp_path / "a2", workers=2, cache_dir=cache)
    assert not again.warm_client and again.computed["pass1"] == again.computed["pass2"] == 0
    _same(tmp_path / "a", tmp_path / "a2")
    base = load_settings(raw=ROOT / "raw", quiet=True, workers=2)
    changed = replace(base, spin=replace(base.spin, review_band=base.spin.review_band + 0.05))
    cached = run(replace(changed, out=tmp_path / "b", cache_dir=cache))
    assert cached.computed["pass1"] == 0 and cached.computed["pass2"] == 5
    assert cached.warm_client  # a new configuration has not filled this cache
    run(replace(changed, out=tmp_path / "c", cache_dir=""))
    _same(tmp_path / "b", tmp_path / "c")


def _echo(i: int, seconds: float) -> tuple[int, int]:
    import os
    import time

    time.sleep(seconds)
    return i, os.getpid()


def test_scale_pools_yield_in_job_order_from_both_pools():
    """Jobs of uneven length over two pools (the second added once the first jobs are submitted, as a warm
    client does): every job runs once and results come back in job order."""
    pools = engine_mod.Pools()
    pools.add(1)
    try:
        jobs = [(i, 0.05 if i % 3 == 0 else 0.0) for i in range(40)]
        out = list(pools.ordered(_echo, jobs, started=lambda: pools.add(2)))
        assert [i for i, _ in out] == list(range(40))
        assert len({pid for _, pid in out}) >= 2
        assert all(p[2] == 0 for p in pools.pools)  # every slot freed
    finally:
        pools.shutdown()


def _maybe_continue(i: int) -> object:
    return engine_mod.Continue(_echo, i * 10, 0.01) if i % 4 == 0 else (i, 0)


def test_scale_pools_run_continuations_in_place():
    """A job whose result is a ``Continue`` is replaced by its continuation, run in an open pool (never in a
    closed one), and its result keeps the job's place in the order."""
    pools = engine_mod.Pools()
    pools.add(1, depth=3)

    def started() -> None:
        pools.close(0)
        pools.add(2)

    try:
        out = list(pools.ordered(_maybe_continue, [(i,) for i in range(20)], started=started))
        assert [i for i, _ in out] == [i * 10 if i % 4 == 0 else i for i in range(20)]
        pools.retire_closed()
        assert len(pools.pools) == 1 and all(p[2] == 0 for p in pools.pools)
    finally:
        pools.shutdown()


def test_scale_pools_move_unstarted_jobs_off_a_closed_pool():
    """A cold pool given many jobs and closed while it works keeps only those it has started: the rest run
    in the pool opened after it, each once, and results still come back in job order."""
    import time

    pools = engine_mod.Pools()
    pools.add(1, depth=12)

    def started() -> None:
        time.sleep(0.3)  # the client builds its models; the cold worker has started two or three jobs
        pools.close(0)
        pools.add(2)

    try:
        out = list(pools.ordered(_echo, [(i, 0.1) for i in range(12)], started=started))
        assert [i for i, _ in out] == list(range(12))
        in_cold = [i for i, pid in out if pid == out[0][1]]  # job 0 ran in the cold pool
        assert 1 <= len(in_cold) <= 7  # those it had started or queued for its process, not all twelve
        pools.retire_closed()
        assert len(pools.pools) == 1 and all(p[2] == 0 for p in pools.pools)
    finally:
        pools.shutdown()


def test_scale_cold_worker_stops_after_extraction_and_a_warm_one_finishes(tmp_path: Path, monkeypatch):
    """In a cold worker, pass 1 stops fresh inputs after main-content extraction and asks for the rest;
    finished elsewhere, the shard's entries equal those of a warm worker."""
    from pipeline.config import load_settings as settings_for

    settings = settings_for(raw=ROOT / "raw", quiet=True)
    rels = ["000_0ddf153a1aa01862.txt"]
    version = engine_mod.pass1_version(settings)
    monkeypatch.setattr(engine_mod, "_COLD", True)
    cont = engine_mod._pass1_to_spool(str(ROOT / "raw"), rels, settings, "", "segment", version, str(tmp_path / "a"))
    assert isinstance(cont, engine_mod.Continue)
    monkeypatch.setattr(engine_mod, "_COLD", False)
    n, _, n_fresh, partial = cont.fn(*cont.args)
    warm_n, _, _, warm_partial = engine_mod._pass1_to_spool(str(ROOT / "raw"), rels, settings, "", "segment",
                                                             version, str(tmp_path / "b"))
    assert (n, n_fresh) == (warm_n, 1) and partial.n_docs == warm_partial.n_docs == 1
    assert (tmp_path / "a").read_bytes() == (tmp_path / "b").read_bytes()


_LAZY_PROBE = r"""
import json, sys
from pathlib import Path
from pipeline import engine
from pipeline.config import load_settings
from pipeline.stages.corpus import CorpusStats

raw = Path(sys.argv[1])
settings = load_settings(raw=raw, out=Path(sys.argv[2]), quiet=True, workers=1, cache_dir="")
engine.warm_client(settings)

# memos of one input each (a heading, a sentence's words, a line of text, a URL): they fill as documents
# come; every other lru_cache of any loaded module holds a model or a table, which a worker must inherit
PER_INPUT = {"pipeline.resources.loader.classify_heading", "pipeline.stages.clean.words",
             "pipeline.engine._warm_once", "trafilatura.utils.line_processing", "trafilatura.utils.trim",
             "trafilatura.utils.return_printables_and_spaces", "urllib.parse.urlsplit", "tokenize._compile"}

def tables():  # every lru_cache'd function of every loaded module, by how many results it holds
    import functools
    out = {}
    for mod in list(sys.modules.values()):
        for fn in list(getattr(mod, "__dict__", {}).values()):
            if isinstance(fn, functools._lru_cache_wrapper):
                name = f"{fn.__module__}.{fn.__qualname__}"
                out[name] = 0 if name in PER_INPUT or name.endswith("_stats_at") else fn.cache_info().currsize
    return out

new_modules, before = set(), tables()
eng, stats = engine.LocalEngine(settings), CorpusStats()
rels = sorted(p.name for p in raw.iterdir())
mods = set(sys.modules)
for _, _, _, partial in eng.pass1(raw, rels, "", "segment"):  # what a worker does in pass 1
    stats.merge(partial)
new_modules |= set(sys.modules) - mods
stats.finalize(settings)  # the client's step
mods = set(sys.modules)
n = sum(len(outputs) for outputs, *_ in eng.pass2(stats, "", "extract"))  # a worker's pass 2
new_modules |= set(sys.modules) - mods
eng.close()
after = tables()
built = sorted(k for k in after if after[k] != before.get(k, 0))
print(json.dumps({"documents": n, "modules": sorted(new_modules), "tables": built}))
"""


def test_scale_warm_client_leaves_workers_nothing_to_import_or_build(tmp_path: Path):
    """Workers forked from the warm client share what it built: processing documents (markdown, text and
    a real HTML page) after ``warm_client`` imports no module and fills no memoized model or table, ours or a
    library's (justext's stop-word set was one). Run in a fresh interpreter, since this test process has
    imported and built everything already."""
    import json
    import subprocess
    import sys

    raw = tmp_path / "raw"
    shutil.copytree(ROOT / "raw", raw)
    # a real page on which trafilatura falls back to justext (3 of the first 60 of the 181 do)
    page = SHARED / "data/extraction-benchmark/html/232a43fb15abde807427b2a7bf4f772e27b8760554370956d8291df4e8166dbf.html.gz"
    shutil.copy(page, raw / page.name)
    res = subprocess.run([sys.executable, "-c", _LAZY_PROBE, str(raw), str(tmp_path / "out")], capture_output=True,
                         text=True, cwd=ROOT, check=True)
    probe = json.loads(res.stdout.strip().splitlines()[-1])
    assert probe == {"documents": 6, "modules": [], "tables": []}


def test_scale_warm_client_builds_without_garbage_collections():
    """The warm-up makes objects that live as long as the process: no collection runs while it builds
    them (a collection would only traverse them), collections are back on after it, and what it built is
    frozen out of later ones. In a fresh interpreter, with the client's collection thresholds."""
    import subprocess
    import sys

    probe = ("import gc\n"
             "gc.set_threshold(50_000, 20, 20)\n"
             "runs = []\n"
             "gc.callbacks.append(lambda phase, info: runs.append(info['generation']) if phase == 'stop' else None)\n"
             "from pipeline.config import Settings\n"
             "from pipeline.engine import warm_client\n"
             "before = len(runs)\n"
             "warm_client(Settings())\n"
             "print(len(runs) - before, gc.isenabled(), gc.get_freeze_count() > 100_000)\n")
    res = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, check=True)
    assert res.stdout.split() == ["0", "True", "True"], res.stdout + res.stderr


def test_scale_shard_size_does_not_change_the_bytes(tmp_path: Path, monkeypatch):
    """Tasks of one file each (five tasks over two workers, results in order) give what tasks of eight give."""
    _run(ROOT / "raw", tmp_path / "eight", workers=2, cache_dir="")
    monkeypatch.setattr(engine_mod, "SHARD", 1)
    monkeypatch.setattr(engine_mod, "SHARD_MAX", 1)
    assert engine_mod.shard_size(5, 2) == 1
    _run(ROOT / "raw", tmp_path / "one", workers=2, cache_dir="")
    _same(tmp_path / "eight", tmp_path / "one")
    assert engine_mod.shard_size(10_000, 2) == 1


def test_scale_shards_shrink_at_the_end_and_keep_the_order():
    """Every input once, in order; full tasks first, then smaller ones down to a single file."""
    from pipeline.engine import shards

    for n, workers in ((181, 2), (10_000, 2), (5, 2), (100_000, 4), (181, 1), (0, 2)):
        cut = list(shards(list(range(n)), workers))
        assert [i for part in cut for i in part] == list(range(n))
        sizes = [len(part) for part in cut]
        assert all(0 < s <= engine_mod.shard_size(n, workers) for s in sizes)
        assert sizes == sorted(sizes, reverse=True)  # full tasks first, then smaller and smaller
        if n >= 100:
            assert sizes[0] == engine_mod.shard_size(n, workers) and sizes[-1] == 1


def test_scale_shard_size_bounds():
    assert engine_mod.shard_size(181, 2) == engine_mod.SHARD
    assert engine_mod.shard_size(10_000, 2) == engine_mod.SHARD_MAX
    assert engine_mod.SHARD <= engine_mod.shard_size(3_000, 2) <= engine_mod.SHARD_MAX
    assert engine_mod.shard_size(3_000, 2) * 2 * engine_mod.TASKS_PER_WORKER <= 3_000


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
    assert "deleted 6 entries, kept 16" in capsys.readouterr().out  # the first run's pass-2 outputs and marker
    again = run(replace(changed, out=tmp_path / "c"))
    assert again.computed["pass1"] == again.computed["pass2"] == 0
    _same(tmp_path / "b", tmp_path / "c")
    old = run(replace(base, out=tmp_path / "d"))
    assert old.computed["pass1"] == 0 and old.computed["pass2"] == 5
    assert main(["prune-cache", "--cache-dir", str(tmp_path / "none")]) == 2


def test_scale_cache_from_before_tags_is_upgraded_and_pruned(tmp_path: Path):
    import sqlite3

    from pipeline.cache import Cache

    path = tmp_path / "cache.sqlite"
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE kv (key TEXT PRIMARY KEY, value BLOB)")
    db.execute("INSERT INTO kv VALUES ('old', x'00')")
    db.commit()
    db.close()
    store = Cache(path)
    store.put_many({"new": 1}, "v2")
    assert store.prune(["v2"]) == (1, 1)
    assert store.get_many(["new", "old"]) == {"new": 1}
    store.close()


def test_scale_rule_change_invalidates_pass2_only(monkeypatch):
    settings = load_settings()
    p1, p2 = engine_mod.pass1_version(settings), engine_mod.pass2_version(settings)
    real = engine_mod.resource_versions()
    monkeypatch.setattr(engine_mod, "resource_versions", lambda: {**real, "boilerplate_rules.toml": "changed"})
    assert engine_mod.pass1_version(settings) == p1
    assert engine_mod.pass2_version(settings) != p2


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


def test_justext_stop_words_come_from_the_memoized_table(tmp_path, monkeypatch):
    """trafilatura's stop words for justext, read from the derived table (built on the first call, read on
    the second): the set justext would make of the words trafilatura gathers itself, which justext's
    ``define_stoplist`` returns as it is; any other stop list still goes through justext's own."""
    import justext.core as jt_core
    from trafilatura import external

    monkeypatch.setenv("PIPELINE_DERIVED_DIR", str(tmp_path))
    monkeypatch.setattr(external, "JT_STOPLIST", None)
    monkeypatch.setattr(jt_core, "define_stoplist", jt_core.define_stoplist)
    original = jt_core.define_stoplist
    engine_mod._justext_stoplist()
    built = external.JT_STOPLIST
    monkeypatch.setattr(external, "JT_STOPLIST", None)
    engine_mod._justext_stoplist()
    assert list(tmp_path.glob("justext-stopwords-*.marshal"))
    read = external.JT_STOPLIST
    assert read == built == original(external.jt_stoplist_init())  # (which sets trafilatura's own tuple)
    assert jt_core.define_stoplist(read) is read
    assert jt_core.define_stoplist(("The", "Und")) == frozenset({"the", "und"})


def test_bench_html_rounds_alternate_and_report_the_median_round(tmp_path: Path, monkeypatch, capsys):
    """The benchmark's HTML comparison: rounds alternate which command runs first, each round's ratio is
    printed, and the details shown are those of the median round (no timing is asserted: the commands are
    stand-ins with set durations)."""
    from bench import bench

    html = tmp_path / "html"
    html.mkdir()
    (html / "a.html.gz").write_bytes(b"")
    order, mine_seconds = [], iter([4.0, 2.0, 1.0])

    def timed(cmd, env=None):
        order.append("traf")
        return {"seconds": 2.0, "cpu_s": 1.9, "maxrss_kb": 1024, "stderr": ""}

    def curate(raw, out, *extra):
        order.append("mine")
        assert extra == ("--no-cache",)
        return {"seconds": next(mine_seconds), "cpu_s": 3.5, "maxrss_kb": 2048, "stderr": "", "stages": {}}

    monkeypatch.setattr(bench, "timed", timed)
    monkeypatch.setattr(bench, "curate", curate)
    bench.html_rounds(html, tmp_path / "out", 3)
    out = capsys.readouterr().out
    assert order == ["traf", "mine", "mine", "traf", "traf", "mine"]
    assert "per round: 0.50 1.00 2.00" in out
    assert "median 1.00, mean 1.17, lowest 0.50, highest 2.00; 2 of 3 rounds >= 1.0" in out
    assert "this pipeline (default settings): 1 docs, 0.0 MB in 2.0 s" in out  # the median round's (the second), not the first (4.0 s)
