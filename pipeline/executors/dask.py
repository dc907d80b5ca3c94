"""The Dask executor: the same jobs on a Dask cluster (``--engine dask``), results in job order.

Without ``--scheduler`` a ``LocalCluster`` of ``--workers`` processes is started. With a scheduler
address, every worker needs this package installed (``pip install .``, plus the WordNet table:
``python -m pipeline setup-wordnet``) and must see ``--raw`` and ``--out`` at the same paths (the
pass-1 documents wait in a spool folder inside ``--out``). The cache is not used with this engine:
it lives on the composer's disk.
"""
from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator

from dask.distributed import Client, LocalCluster


class DaskExecutor:
    def __init__(self, workers: int, scheduler: str = ""):
        self.workers = workers
        self._cluster = None
        if scheduler:
            self.client = Client(scheduler, timeout="10s")
        else:
            self._cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                         dashboard_address=None, silence_logs=40)
            self.client = Client(self._cluster)

    def map(self, fn: Callable, shared, jobs: Iterable[tuple], ahead: int = 2) -> Iterator:
        """``ahead``: jobs in flight per worker."""
        shared_f = self.client.scatter(shared, broadcast=True) if shared is not None else None
        window = ahead * max(1, len(self.client.scheduler_info().get("workers", {})) or self.workers)
        pending: deque = deque()
        for job in jobs:
            pending.append(self.client.submit(fn, shared_f, *job, pure=False))
            if len(pending) >= window:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()

    def release(self) -> None:
        """Nothing to do: Dask workers are the cluster's, and their memory is not this machine's to save."""

    def close(self) -> None:
        self.client.close()
        if self._cluster is not None:
            self._cluster.close()
