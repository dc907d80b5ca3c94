"""Engines that run the per-document passes: local processes, or Dask (``engine_dask.py``).

Both hand workers shards of input paths (never the corpus), return results in input order, and
consult the cache: the same input gives the same bytes whatever the engine or worker count.
"""
from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path

from . import io as pio
from .cache import Cache, code_version, digest
from .config import Settings
from .records import Document
from .resources import resource_versions
from .stages.corpus import CorpusStats

SHARD = 8    # raw files per pass-1 task
BATCH = 32   # documents per pass-2 task


def pass1_version(settings: Settings) -> str:
    return digest("p1", code_version(), settings.fingerprint("ingest", "clean"), resource_versions().get("sections.toml"))


def pass2_version(settings: Settings) -> str:
    from .wordnet import default_table

    table = Path(settings.spin.wordnet_path) if settings.spin.wordnet_path else default_table()
    return digest("p2", code_version(), settings.fingerprint("clean", "spin", "extract"),
                  sorted(resource_versions().items()), table.exists())


@lru_cache(maxsize=2)
def _reader(path: str) -> Cache:
    return Cache(Path(path))


def pass1_shard(root: str, rels: list[str], settings: Settings, cache_path: str, until: str, version: str):
    """Read, ingest, extract main content and segment one shard of raw files (in a worker).

    Returns the documents in input order, the seconds per stage, and the new cache entries."""
    from .run import pass1_timed

    root_p = Path(root)
    raws = [pio.read_raw(root_p, root_p / rel, settings.ingest.max_bytes) for rel in rels]
    keys = [digest(version, r.source, r.error, r.size, hashlib.sha256(r.data or b"").hexdigest()) for r in raws]
    hits = _reader(cache_path).get_many(keys) if cache_path else {}
    todo = [i for i, k in enumerate(keys) if k not in hits]
    secs: dict[str, float] = {}
    fresh: dict[str, list[Document]] = {}
    for i in todo:
        docs, s = pass1_timed([raws[i]], settings, until)
        for name, v in s.items():
            secs[name] = secs.get(name, 0.0) + v
        for d in docs:
            d.input_key = keys[i]
        fresh[keys[i]] = docs
    out = [d for k in keys for d in (hits.get(k) or fresh[k])]
    partial = CorpusStats()  # the corpus observations are made here, in parallel; the client only merges them
    for d in out:
        partial.observe(d)
    return out, secs, fresh, partial


def pass2_batch(docs: list[Document], settings: Settings, stats: CorpusStats, cache_path: str, until: str,
                version: str):
    """Clean, despin and extract one batch of documents with the corpus statistics (in a worker)."""
    from .run import pass2_timed

    if not cache_path:  # no cache: no keys to compute (they hash every sentence again)
        done, secs = pass2_timed(docs, settings, stats, until)
        return done, secs, {}
    keys = [digest(version, d.input_key, d.doc_id, stats.decisions_for(d, settings)) for d in docs]
    hits = _reader(cache_path).get_many(keys)
    todo = [i for i, k in enumerate(keys) if k not in hits]
    done, secs = pass2_timed([docs[i] for i in todo], settings, stats, until) if todo else ([], {})
    fresh = dict(zip((keys[i] for i in todo), done))
    return [hits.get(k) or fresh[k] for k in keys], secs, fresh


def preload(settings: Settings) -> None:
    """Build spaCy, the matchers and the vocabularies once, before forking: workers inherit them."""
    from .nlp import get_nlp, lemma_table
    from .stages.despin import _participle_verbs, _zipf_table, health_words
    from .stages.extract import extractor
    from .wordnet import WordNetMissing, load

    get_nlp()
    lemma_table()
    extractor()
    _zipf_table()
    health_words()
    try:
        load(settings.spin.wordnet_path)
        _participle_verbs(settings.spin.wordnet_path)
    except WordNetMissing:
        pass


# ---- the local engine ------------------------------------------------------------------------------

_WORKER_STATS: CorpusStats | None = None  # set once per worker process by the pass-2 pool initializer


def _init_stats(stats: CorpusStats) -> None:
    global _WORKER_STATS
    _WORKER_STATS = stats


def _pass2_in_worker(docs, settings, cache_path, until, version):
    return pass2_batch(docs, settings, _WORKER_STATS, cache_path, until, version)


def batched(items: Iterable, n: int) -> Iterator[list]:
    batch: list = []
    for item in items:
        batch.append(item)
        if len(batch) >= n:
            yield batch
            batch = []
    if batch:
        yield batch


class LocalEngine:
    """Process pool over both cores (or ``--workers N``); one process runs everything in-line."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.workers = settings.n_workers

    def _pool(self, initializer=None, initargs=()):
        if self.workers <= 1:
            return None
        preload(self.settings)
        import multiprocessing as mp
        from concurrent.futures import ProcessPoolExecutor

        return ProcessPoolExecutor(max_workers=self.workers, mp_context=mp.get_context("fork"),
                                   initializer=initializer, initargs=initargs)

    @staticmethod
    def _ordered(pool, fn, jobs: Iterable[tuple], window: int) -> Iterator:
        """Run ``fn(*job)`` for each job, in a pool when there is one, yielding results in job order."""
        if pool is None:
            for job in jobs:
                yield fn(*job)
            return
        pending = []
        for job in jobs:
            pending.append(pool.submit(fn, *job))
            if len(pending) >= window:
                yield pending.pop(0).result()
        for f in pending:
            yield f.result()

    def pass1(self, root: Path, rels: list[str], cache_path: str, until: str) -> Iterator:
        version = pass1_version(self.settings)
        pool = self._pool()
        try:
            jobs = ((str(root), shard, self.settings, cache_path, until, version) for shard in batched(rels, SHARD))
            yield from self._ordered(pool, pass1_shard, jobs, 4 * self.workers)
        finally:
            if pool is not None:
                pool.shutdown()

    def pass2(self, docs: Iterable[Document], stats: CorpusStats, cache_path: str, until: str) -> Iterator:
        version = pass2_version(self.settings)
        pool = self._pool(_init_stats, (stats,))
        try:
            if pool is None:
                jobs = ((b, self.settings, stats, cache_path, until, version) for b in batched(docs, BATCH))
                yield from self._ordered(None, pass2_batch, jobs, 1)
            else:
                jobs = ((b, self.settings, cache_path, until, version) for b in batched(docs, BATCH))
                yield from self._ordered(pool, _pass2_in_worker, jobs, 4 * self.workers)
        finally:
            if pool is not None:
                pool.shutdown()

    def close(self) -> None:
        pass
