"""The local executor: forked worker processes on this machine, results in job order.

The pool is forked when the first map starts and kept for the run; each worker builds the models it
needs itself, the first time it needs them. A map's ``shared`` value is written once to a
file in the run's private temporary folder and read once per worker. Up to 64 jobs a worker are in
flight by default: enough that the others go on while one worker builds its models for a changed
document, few enough that results waiting behind a slow job stay small; a map of large results asks
for fewer.

Workers die with the composer: each asks the kernel (Linux ``prctl``) to be sent SIGKILL when its parent
dies, and ignores SIGINT so that Ctrl-C is handled once, by the composer, which then stops the pool.
"""
from __future__ import annotations

import multiprocessing
import os
import pickle
import signal
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from pathlib import Path

PR_SET_PDEATHSIG = 1


def die_with_parent(parent: int) -> None:
    """Make this forked process die with the composer (SIGKILL on its death, Linux ``prctl``), ignore
    SIGINT (the composer handles Ctrl-C once) and take SIGTERM's default."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # not Linux: workers still exit when the composer closes the pool
        pass
    if os.getppid() != parent:  # the composer died before the request took effect
        raise SystemExit(1)



@lru_cache(maxsize=1)
def _load(path: str):
    """The shared value of the current map (a file this run wrote in its private folder)."""
    with open(path, "rb") as fh:
        return pickle.load(fh)


def _call(fn: Callable, shared_path: str | None, job: tuple):
    return fn(_load(shared_path) if shared_path else None, *job)


class LocalExecutor:
    def __init__(self, workers: int, tmp: Path):
        self.workers = workers
        self.tmp = tmp
        self._pool = None
        self._maps = 0

    def map(self, fn: Callable, shared, jobs: Iterable[tuple], ahead: int = 64) -> Iterator:
        """``ahead``: jobs in flight per worker (their results wait in memory until they are taken)."""
        if self.workers <= 1:
            for job in jobs:
                yield fn(shared, *job)
            return
        self._maps += 1
        path = self.tmp / f"shared-{self._maps}.pickle"
        with open(path, "wb") as fh:
            pickle.dump(shared, fh, protocol=pickle.HIGHEST_PROTOCOL)
        if self._pool is None:
            ctx = multiprocessing.get_context("fork")
            self._pool = ctx.Pool(self.workers, initializer=die_with_parent, initargs=(os.getpid(),))
        pending: deque = deque()
        for job in jobs:
            pending.append(self._pool.apply_async(_call, (fn, str(path), job)))
            if len(pending) >= ahead * self.workers:
                yield pending.popleft().get()
        while pending:
            yield pending.popleft().get()

    def release(self) -> None:
        """Stop the workers; the next map forks fresh ones from the composer as it is then (the ones that
        ran the stages hold their models, which the steps after them do not need)."""
        self.close()

    def close(self) -> None:
        """Stop the workers (at once: a finished run has no job left; a failed one abandons its jobs)."""
        if self._pool is not None:
            self._pool.terminate()
            self._pool.join()
            self._pool = None
