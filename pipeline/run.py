"""The stage list and ``run(settings) -> RunReport``: the only place that composes stages.

Two streaming passes over the corpus:

1. per document: ingest -> html (main content) -> segment; corpus statistics
   (repeated lines, spin near-duplicates) are gathered compactly and the documents
   are spooled to a temporary file;
2. per document: clean -> despin -> extract, with those statistics; rows are
   written as they come.

Then the global steps: dedupe over the compact mentions, and writing the
knowledge base. Everything is written to temporary files and moved into place
only when the whole run succeeded.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import io as pio
from .config import Settings
from .records import Document
from .stages.corpus import CorpusStats

STAGES = ("ingest", "html", "segment", "clean", "despin", "extract", "dedupe", "write")
PASS1 = ("ingest", "html", "segment")
PASS2 = ("clean", "despin", "extract")


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
    memory: dict[str, float] = field(default_factory=dict)  # client RSS (MB) at the end of pass 2 and each global part
    computed: Counter = field(default_factory=Counter)  # per pass: inputs computed (not from the cache)
    warm_client: bool = False  # the client built the models and forked most workers after (a fresh run)
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




class Timed:
    """Seconds spent per stage in one batch, returned with the batch's documents."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}

    def __call__(self, name: str, fn: Callable, *args):
        import time

        t0 = time.perf_counter()
        out = fn(*args)
        self.seconds[name] = self.seconds.get(name, 0.0) + time.perf_counter() - t0
        return out


def pass1_timed(raws: list, settings: Settings, until: str = "segment"):
    """Per-document stages before corpus statistics: ingest, main-content extraction, segmentation."""
    # the stages are imported where documents are processed: a client whose documents are all cached
    # never imports spaCy, nor a worker that stops after main-content extraction
    from .stages import html, ingest

    t = Timed()
    docs = t("ingest", lambda: [d for raw in raws for d in ingest.parse(raw, settings.ingest)])
    if until != "ingest":
        docs = t("html", lambda: [html.extract_main(d, settings.clean) for d in docs])
        if until != "html":
            from .stages import segment

            docs = t("segment", segment.segment, docs)
    return docs, t.seconds


def pass2_timed(docs: list[Document], settings: Settings, stats: CorpusStats, until: str = "extract",
                observations: dict | None = None):
    """Per-document stages that use corpus statistics: clean, despin, extract (``until=""``: none of them)."""
    t = Timed()
    if not until:
        return docs, t.seconds
    from .stages import clean, despin, extract

    obs = observations or {}
    docs = t("clean", lambda: [clean.clean(d, stats, settings.clean, obs.get(d.doc_id)) for d in docs])
    if until != "clean":
        docs = t("despin", lambda: [despin.despin(d, stats, settings.spin) for d in docs])
        if until != "despin":
            docs = t("extract", extract.extract, docs, settings.extract)
    return docs, t.seconds


def pass1(raws: list, settings: Settings, until: str = "segment") -> list[Document]:
    return pass1_timed(raws, settings, until)[0]


def pass2(docs: list[Document], settings: Settings, stats: CorpusStats, until: str = "extract") -> list[Document]:
    return pass2_timed(docs, settings, stats, until)[0]


def _add(total: dict[str, float], secs: dict[str, float]) -> None:
    for k, v in secs.items():
        total[k] = total.get(k, 0.0) + v


class _NoBar:
    """The progress bar when none is shown (``--quiet``, a short run, stderr not a terminal): tqdm is not
    even imported (~0.02 s of the client's start)."""

    def __enter__(self) -> "_NoBar":
        return self

    def __exit__(self, *exc) -> None:
        return None

    def update(self, n: int = 1) -> None:
        return None


def _progress(settings: Settings, total: int, desc: str):
    import sys

    if settings.quiet or total <= 10 or not sys.stderr.isatty():
        return _NoBar()
    from tqdm import tqdm

    return tqdm(total=total, desc=desc, unit="doc", file=sys.stderr, leave=False)


def make_engine(settings: Settings):
    if settings.engine == "dask":
        from .engine_dask import DaskEngine

        return DaskEngine(settings)
    from .engine import LocalEngine

    return LocalEngine(settings)


def run(settings: Settings) -> RunReport:
    """Run every stage over ``settings.raw`` and write the knowledge base to ``settings.out``."""
    import time

    from .cache import Cache, digest

    if not settings.raw.is_dir():
        raise RunError(f"raw folder {settings.raw} does not exist or is not a folder (use --raw DIR)")
    until = settings.until or "write"
    if until not in STAGES:
        raise RunError(f"unknown stage {until!r} for --until; stages: {', '.join(STAGES)}")
    import gc

    gc.set_threshold(50_000, 20, 20)  # the client allocates many small long-lived records: collect less often
    report = RunReport()
    rels = pio.list_raw(settings.raw)
    if not rels:
        report.warnings.append(f"raw folder {settings.raw} holds no files")
    # partial runs are for inspection: they bypass the cache
    cache_path = seen = tag = ""
    fresh_run = True  # every input will be computed: no cache, or one without the marker
    if settings.cache_dir and until == "write":
        from .engine import cache_versions

        # a marker in the cache says this code, these rules and this configuration have filled it before
        versions = cache_versions(settings)
        seen, tag = digest("a run has filled the cache", *versions), versions[-1]
        cache_path = str(Path(settings.cache_dir) / "cache.sqlite")
        store = Cache(Path(cache_path))  # created here, before workers open it
        fresh_run = not store.has_many([seen])
        store.close()
    engine = make_engine(settings)
    # the client builds the models before forking most workers only if they are all going to need them
    report.warm_client = engine.plan(all_computed=fresh_run and until not in PASS1 and bool(rels))
    out = pio.AtomicOutput(settings.out)
    stats = CorpusStats()
    try:
        if report.warm_client:
            engine.start()
        from . import write  # after the cold worker's fork: it never writes, and starts ~0.07 s sooner
        t0 = time.perf_counter()
        first_until = until if until in PASS1 else "segment"
        with _progress(settings, len(rels), "read") as bar:
            for n_inputs, secs, n_fresh, partial in engine.pass1(settings.raw, rels, cache_path, first_until):
                _add(report.timings, secs)
                report.computed["pass1"] += n_fresh
                stats.merge(partial)
                bar.update(n_inputs)
        stats.finalize(settings)
        write.trim_heap()  # the per-site line keys just freed
        if cache_path and fresh_run:
            store = Cache(Path(cache_path))
            store.put_many({seen: True}, tag)
            store.close()
        report.timings["pass1"] = time.perf_counter() - t0
        second_until = until if until in PASS2 else ("extract" if until not in PASS1 else "")
        t0 = time.perf_counter()
        writer = write.Writer(out, settings, report, offload=engine.offload)
        with _progress(settings, stats.n_docs, "curate") as bar:
            for outputs, secs, n_done, files in engine.pass2(stats, cache_path, second_until):
                _add(report.timings, secs)
                report.computed["pass2"] += n_done
                for o in outputs:
                    writer.add(o)
                if files:  # a local worker wrote the rows of these outputs to shard files (the writer owns them)
                    writer.append_files(*(Path(f) for f in files))
                bar.update(len(outputs))
        report.timings["pass2"] = time.perf_counter() - t0
        stats = None  # the corpus statistics (line hashes, spin signatures) are not needed past pass 2
        write.trim_heap()
        t0 = time.perf_counter()
        writer.finish(run_dedupe=until in ("dedupe", "write"))
        report.timings["global"] = time.perf_counter() - t0
        out.commit()
    except BaseException:
        out.discard()
        raise
    finally:
        engine.close()
    return report
