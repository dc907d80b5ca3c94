"""Executors run a function over jobs in worker processes and yield the results in job order.

``map(fn, shared, jobs)`` calls ``fn(shared, *job)`` for each job. ``shared`` is what every call of a
map shares (the run's settings, the corpus statistics): an executor ships it to each worker once,
not with every job. The local executor forks processes on this machine; the Dask executor runs on a
Dask cluster. The same jobs give the same results on either, in the same order.
"""
from __future__ import annotations

from pathlib import Path

from ..config import ConfigError, Settings


def make_executor(settings: Settings, tmp: Path):
    """The executor ``settings.engine`` names; ``tmp`` is a private folder for what it must share by file."""
    if settings.engine == "dask":
        try:
            from .dask import DaskExecutor
        except ImportError:
            raise ConfigError("--engine dask needs Dask: pip install 'health-curation-pipeline[dask]'") from None
        try:
            return DaskExecutor(settings.n_workers, settings.scheduler)
        except (OSError, TimeoutError) as exc:
            raise ConfigError(f"cannot reach the Dask scheduler {settings.scheduler!r} ({exc}); check --scheduler") from None
    from .local import LocalExecutor

    return LocalExecutor(settings.n_workers, tmp)
