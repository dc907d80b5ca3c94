"""``run(settings) -> RunReport``: the only place that composes the stages.

Two streaming passes over the corpus (``passes.py``), run by an executor over shards of raw inputs:

1. per document: ingest -> html (main content) -> segment, and the corpus observations (line hashes,
   spin fingerprints), merged here into the corpus statistics;
2. per document: clean -> despin -> extract with those statistics, and the output rows, written here
   as shards finish.

Then the global steps: dedupe over the compact mention summary, and the tables, knowledge base and
report. Everything is written to a temporary folder and moved into place only when the run succeeded.
"""
from __future__ import annotations

import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import io as pio
from .config import Settings
from .corpus import CorpusStats
from .passes import PASS1, PASS2, STAGES, Pass1, Pass2, cache_versions, pass1, pass2

def shard_size(n_inputs: int, workers: int) -> int:
    """Raw files per task: about 64 tasks a worker, from 8 to 64 files each. Small tasks spread a corpus
    evenly over the workers; large ones keep each task's fixed costs (a spool file, a cache query, a
    message) small beside its work, which is most of a cached rerun."""
    return max(8, min(64, n_inputs // max(1, 64 * workers)))


class RunError(RuntimeError):
    """A run that cannot start (missing folder, bad arguments): one line for the user."""


@dataclass
class RunReport:
    documents: Counter = field(default_factory=Counter)
    failures: Counter = field(default_factory=Counter)
    sentences: Counter = field(default_factory=Counter)
    reasons: Counter = field(default_factory=Counter)
    mentions: Counter = field(default_factory=Counter)
    entities: Counter = field(default_factory=Counter)
    timings: dict[str, float] = field(default_factory=dict)
    computed: Counter = field(default_factory=Counter)  # per pass: documents computed (not from the cache)
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "documents": dict(sorted(self.documents.items())),
            "failure_reasons": dict(sorted(self.failures.items())),
            "sentences": dict(sorted(self.sentences.items())),
            "removed_by_reason": dict(sorted(self.reasons.items())),
            "mentions": dict(sorted(self.mentions.items())),
            "entities": dict(sorted(self.entities.items())),
            "warnings": sorted(set(self.warnings)),
        }

    def add_seconds(self, seconds: dict[str, float]) -> None:
        for k, v in seconds.items():
            self.timings[k] = self.timings.get(k, 0.0) + v


def _progress(settings: Settings, total: int, desc: str):
    """A progress bar on a terminal; elsewhere (CI, a log file) a line every 30 seconds and at the end."""
    import sys

    from tqdm import tqdm

    if settings.quiet or total <= 10:
        return tqdm(total=total, disable=True)
    if not sys.stderr.isatty():
        return ProgressLines(total, desc, sys.stderr)
    return tqdm(total=total, desc=desc, unit="doc", file=sys.stderr, leave=False)


class ProgressLines:
    """Progress as plain lines ("curate: 1200/10000 documents (12 %), 40 docs/s"): what a log keeps."""

    def __init__(self, total: int, desc: str, stream, every: float = 30.0):
        self.total, self.desc, self.stream, self.every = total, desc, stream, every
        self.done, self.t0 = 0, time.monotonic()
        self.last = self.t0

    def __enter__(self) -> "ProgressLines":
        return self

    def __exit__(self, *exc) -> None:
        if exc[0] is None and self.done:
            self._line()

    def update(self, n: int) -> None:
        self.done += n
        now = time.monotonic()
        if now - self.last >= self.every:
            self.last = now
            self._line()

    def _line(self) -> None:
        rate = self.done / max(1e-9, time.monotonic() - self.t0)
        print(f"{self.desc}: {self.done}/{self.total} documents ({100 * self.done / max(1, self.total):.0f} %), "
              f"{rate:.0f} docs/s", file=self.stream, flush=True)


def run(settings: Settings, overrides: list[dict] | None = None) -> RunReport:
    """Run every stage over ``settings.raw`` and write the knowledge base to ``settings.out``.

    ``overrides``: the analyst's override rows (``io.read_overrides``), applied by deduplication."""
    check_paths(settings)
    until = settings.until or "write"
    if until not in STAGES:
        raise RunError(f"unknown stage {until!r} for --until; stages: {', '.join(STAGES)}")
    try:
        lock = pio.AtomicOutput.acquire(settings.out)
    except pio.OutputBusy as exc:
        raise RunError(str(exc)) from None
    except OSError as exc:
        raise RunError(f"cannot write beside {settings.out}: {exc.strerror or exc} (fix --out)") from None
    try:
        return _run(settings, overrides, until)
    finally:
        lock.close()


def check_paths(settings: Settings) -> None:
    """The folders a run reads and writes make sense together, or RunError says how to fix them."""
    raw, out = settings.raw, settings.out
    if not raw.is_dir():
        raise RunError(f"raw folder {raw} does not exist or is not a folder (use --raw DIR)")
    if str(out).strip() in ("", ".") or out.absolute() == Path.cwd() or out.absolute() == Path(out.absolute().anchor):
        raise RunError(f"--out {str(out)!r} is not a folder of its own; give a folder for the knowledge base")
    if out.exists() and not out.is_dir():
        raise RunError(f"--out {out} is a file; give a folder")
    for parent in out.absolute().parents:
        if parent.exists() and not parent.is_dir():
            raise RunError(f"--out {out} is under {parent}, which is a file; give a folder")
    real_raw, real_out = raw.resolve(), out.resolve()
    if real_out == real_raw or real_raw in real_out.parents:
        raise RunError(f"--out {out} is inside --raw {raw}: the next run would read its own outputs; "
                       "give an --out outside the raw folder")
    if real_out in real_raw.parents:
        raise RunError(f"--raw {raw} is inside --out {out}; give an --out that does not hold the raw folder")


_STOP = {"requested": False}


def request_stop(signum=None, frame=None) -> None:
    """The SIGTERM/SIGINT handler: stop like Ctrl-C. The flag stays set, because Python drops an exception
    raised while it runs some hooks (the at-fork handlers when the pool starts, a finalizer): the run
    checks it between results and before the commit, so a swallowed stop still stops the run."""
    _STOP["requested"] = True
    raise KeyboardInterrupt


def clear_stop() -> None:
    _STOP["requested"] = False


def _check_stop() -> None:
    if _STOP["requested"]:
        raise KeyboardInterrupt


def _run(settings: Settings, overrides: list[dict] | None, until: str) -> RunReport:
    from .cache import Cache
    from .executors import make_executor
    from .output.writer import Writer
    from .wordnet import resolve

    report = RunReport()
    # the analyst's answers in the review_pairs.csv the previous run wrote (its accept column)
    accepted = pio.read_review_answers(settings.out / "review_pairs.csv")
    rels = pio.list_raw(settings.raw)
    if not rels:
        previous = settings.out / "knowledge_base.json"
        if previous.is_file() and previous.stat().st_size > 200 and not settings.allow_empty:
            raise RunError(f"raw folder {settings.raw} holds no files, and the run would replace the knowledge "
                           f"base in {settings.out} with an empty one; check --raw, or pass --allow-empty")
        report.warnings.append(f"raw folder {settings.raw} holds no files")
    if not resolve(settings.spin.wordnet_path).exists():
        report.warnings.append("WordNet table missing: the spin gate runs without synonyms and misses some spun "
                               "copies; install it with 'python -m pipeline setup-wordnet'")
    # a partial run is for inspection, and Dask workers do not share this machine's disk: no cache
    cache_path = str(Path(settings.cache_dir) / "cache.sqlite") \
        if settings.cache_dir and until == "write" and settings.engine == "local" else ""
    if cache_path:
        store = Cache(Path(cache_path))  # created (or a damaged one moved aside) before the workers open it
        report.warnings.extend(store.warnings)
        store.close()
    pass1_names, pass2_names = [s.name for s in PASS1], [s.name for s in PASS2]
    first_until = until if until in ("ingest", *pass1_names) else pass1_names[-1]
    second_until = until if until in pass2_names else ("" if until in ("ingest", *pass1_names) else pass2_names[-1])
    out = pio.AtomicOutput(settings.out)
    tmp = Path(tempfile.mkdtemp(prefix=".spool-", dir=out.tmp))
    executor = make_executor(settings, tmp)
    try:
        size = shard_size(len(rels), settings.n_workers)
        shards = [rels[i:i + size] for i in range(0, len(rels), size)]
        spools = [str(tmp / f"{i:07d}.spool") for i in range(len(shards))]
        shared1 = Pass1(str(settings.raw.resolve()), settings, cache_path, first_until,
                        cache_versions(settings)[0])
        stats = CorpusStats()
        t0 = time.perf_counter()
        with _progress(settings, len(rels), "read") as bar:
            for r in executor.map(pass1, shared1, zip(shards, spools)):
                _check_stop()
                report.add_seconds(r.seconds)
                report.computed["pass1"] += r.n_computed
                stats.merge(r.stats)
                bar.update(r.n_inputs)
        stats.finalize(settings)
        report.timings["pass1"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        writer = Writer(out, settings, report, overrides or [], cache_path, cache_versions(settings)[1], accepted)
        shared2 = Pass2(settings, stats, cache_path, second_until, cache_versions(settings)[1])
        with _progress(settings, stats.n_docs, "curate") as bar:
            for r in executor.map(pass2, shared2, ((spool,) for spool in spools)):
                _check_stop()
                report.add_seconds(r.seconds)
                report.computed["pass2"] += r.n_computed
                writer.add(r.outputs, r.files, r.counts, r.warnings, r.summary)
                bar.update(len(r.outputs))
        report.timings["pass2"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        # the workers hold the stages' models (~300 MB each); the mention step needs none of them, and
        # fresh workers forked after deduplication share the composer's tables instead
        executor.release()
        writer.finish(executor, run_dedupe=until in ("dedupe", "write"))
        report.timings["global"] = time.perf_counter() - t0
        executor.close()
        _check_stop()
        out.commit()
    except BaseException:
        executor.close()
        out.discard()
        raise
    return report
