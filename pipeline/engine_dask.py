"""The Dask engine: per-document stages as a Dask bag on a cluster; dedupe and writing on the client.

Workers get shards of input paths (shipping documents through the client made Dask slower than a
serial run), build spaCy lazily once per worker process, keep their pass-1 documents on the cluster
(``persist``), return only compact partial corpus statistics, and run pass 2 where the documents
already are. Results come back to the client partition by partition in input order.

Point it at a cluster with ``--engine dask --scheduler tcp://host:8786``; each worker needs this
package installed (``pip install .``) and, for the spin gate's WordNet signal, its WordNet table
(``python -m pipeline setup-wordnet`` on each worker machine). The raw folder must be readable at
the same path on every worker. Without ``--scheduler`` a ``LocalCluster`` is started.

The cache is not used with this engine: it lives on the client's disk, which cluster workers do not share.
"""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from .config import Settings
from .engine import shards, pass1_entries, pass1_version, pass2_entries, pass2_version
from .stages.corpus import CorpusStats


def _p1(shard, root, settings, until, version):
    entries, secs, n_fresh, partial = pass1_entries(root, shard, settings, "", until, version)
    return entries, (len(shard), secs, n_fresh, partial)


class DaskEngine:
    def __init__(self, settings: Settings):
        from dask.distributed import Client, LocalCluster

        self.settings = settings
        self._cluster = None
        if settings.scheduler:
            self.client = Client(settings.scheduler)
        else:
            self._cluster = LocalCluster(n_workers=settings.n_workers, threads_per_worker=1, processes=True,
                                         dashboard_address=None, silence_logs=40)
            self.client = Client(self._cluster)
        self._p1 = None

    def pass1(self, root: Path, rels: list[str], cache_path: str, until: str) -> Iterator:
        import dask.bag as db

        parts = list(shards(rels, self.settings.n_workers))
        if not parts:
            return
        bag = db.from_sequence(parts, npartitions=len(parts)).map(
            _p1, str(Path(root).resolve()), self.settings, until, pass1_version(self.settings))
        self._p1 = bag.persist()
        counts = self._p1.map(lambda r: r[1])  # only the counts travel to the client
        for part in self.client.compute(counts.to_delayed()):
            yield from part.result()

    def pass2(self, stats: CorpusStats, cache_path: str, until: str) -> Iterator:
        """Pass 2 where the cluster already holds the pass-1 entries; only rendered rows come back."""
        if self._p1 is None:
            return
        version = pass2_version(self.settings)
        stats_future = self.client.scatter(stats, broadcast=True)
        settings = self.settings

        def run_part(part, stats_obj):
            return [pass2_entries(entries, settings, stats_obj, "", until, version) for entries, _ in part]

        futures = [self.client.submit(run_part, part, stats_future, pure=False)
                   for part in self.client.compute(self._p1.to_delayed())]
        for fut in futures:
            for outputs, secs, n_done in fut.result():
                yield outputs, secs, n_done, None  # the rows travel inside the outputs
            fut.release()

    def plan(self, all_computed: bool) -> bool:
        """Cluster workers build their models lazily, once each; the client never needs them."""
        return False

    def start(self) -> None:
        """The cluster is up once the engine is made."""

    def offload(self, fn, *args):
        """Small jobs of the global step run on the client (shipping them to the cluster costs more)."""
        from .write import _inline

        return _inline(fn, *args)

    def close(self) -> None:
        self.client.close()
        if self._cluster is not None:
            self._cluster.close()
