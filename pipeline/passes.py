"""What a worker does to one shard of raw inputs: the per-document stages of a run's two passes.

Pass 1 reads each raw input, ingests it and runs ``PASS1`` (main content, segmentation), then observes
each document for the corpus statistics. Pass 2 runs ``PASS2`` (clean, despin, extract) with the merged
statistics and renders each document's output rows. A pass-1 task leaves its shard's documents in a
spool file that the pass-2 task of the same shard reads, so documents never pass through the composer.

Both passes consult the cache: an input whose bytes, settings, rules and code are unchanged is not
recomputed. Adding a per-document stage is one ``Stage`` entry in ``PASS1`` or ``PASS2`` plus its module.
"""
from __future__ import annotations

import hashlib
import signal
import threading
import time
from collections import Counter
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from . import io as pio
from .cache import Cache, code_version, digest
from .config import Settings
from .corpus import CorpusStats, Observation, observe
from .output.rows import DocOutput, ShardFiles, render, rendered_from_plain, rendered_to_plain, write_shard
from .records import Document, pack, pack_documents, unpack, unpack_documents
from .stages.dedupe import ShardSummary, summarize
from .resources import resource_versions


@dataclass
class Context:
    """What a stage may read besides its documents."""

    settings: Settings
    stats: CorpusStats | None = None                                     # pass 2: the corpus statistics
    observations: dict[str, Observation] = field(default_factory=dict)  # pass 2: doc_id -> its observation


# Each stage imports its module, and builds its models and tables, when it first runs in a process: a
# rerun served from the cache never builds them, and workers build them side by side. (Built once before
# forking they would not stay shared: reference counting writes to the pages that hold them.)

def _html(docs: list[Document], ctx: Context) -> list[Document]:
    from .stages import html

    return [html.extract_main(d, ctx.settings.clean) for d in docs]


def _segment(docs: list[Document], ctx: Context) -> list[Document]:
    from .stages import segment

    return segment.segment(docs)


def _clean(docs: list[Document], ctx: Context) -> list[Document]:
    from .stages import clean

    for d in docs:  # a later copy of a text already listed adds no source: it is not curated again
        first = ctx.stats.duplicates.get(d.doc_id, "") if ctx.stats is not None else ""
        if first and d.ok:
            d.duplicate_of = first
            d.quarantine(f"duplicate of {first} (the same text, or nearly)")
    return [clean.clean(d, ctx.stats, ctx.settings.clean, ctx.observations.get(d.doc_id)) for d in docs]


def _despin(docs: list[Document], ctx: Context) -> list[Document]:
    from .stages import despin

    return [despin.despin(d, ctx.stats, ctx.settings.spin) for d in docs]


def _extract(docs: list[Document], ctx: Context) -> list[Document]:
    from .stages import extract

    return extract.extract(docs, ctx.settings.extract, ctx.settings.spin.wordnet_path)


@dataclass(frozen=True)
class Stage:
    name: str
    run: Callable[[list[Document], Context], list[Document]]


PASS1 = (Stage("html", _html), Stage("segment", _segment))
PASS2 = (Stage("clean", _clean), Stage("despin", _despin), Stage("extract", _extract))
STAGES = ("ingest", *(s.name for s in PASS1), *(s.name for s in PASS2), "dedupe", "write")


class Timer:
    """Seconds spent per stage, summed over a shard's documents."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}

    def __call__(self, name: str, fn: Callable, *args):
        t0 = time.perf_counter()
        out = fn(*args)
        self.seconds[name] = self.seconds.get(name, 0.0) + time.perf_counter() - t0
        return out


def run_stages(docs: list[Document], stages: tuple[Stage, ...], ctx: Context, until: str, timer: Timer) -> list[Document]:
    """``docs`` through ``stages`` in order, stopping after the stage named ``until``. An exception
    raised inside a stage comes out as ``StageError`` naming it."""
    for stage in stages:
        try:
            docs = timer(stage.name, stage.run, docs, ctx)
        except (Exception, DocumentTimeout) as exc:
            raise StageError(stage.name, exc) from exc
        if stage.name == until:
            break
    return docs


class DocumentTimeout(BaseException):
    """A document's stages ran past ``ingest.doc_timeout``. (Not an Exception: libraries that catch
    every Exception around their own steps must not swallow it.)"""


class StageError(Exception):
    def __init__(self, stage: str, exc: BaseException):
        super().__init__(stage, exc)
        self.stage, self.exc = stage, exc

    @property
    def reason(self) -> str:
        if isinstance(self.exc, DocumentTimeout):
            return f"timed out in {self.stage} (over ingest.doc_timeout)"
        message = " ".join(str(self.exc).split())[:200]
        return f"failed in {self.stage}: {type(self.exc).__name__}: {message}" if message else \
            f"failed in {self.stage}: {type(self.exc).__name__}"


@contextmanager
def time_limit(seconds: float):
    """Raise ``DocumentTimeout`` in this thread after ``seconds`` (0: no limit). Needs the main thread
    of a process with SIGALRM (the local executor's workers); elsewhere there is no limit."""
    if seconds <= 0 or not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum, frame):
        raise DocumentTimeout()

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


BATCH_ALLOWANCE = 2.0  # seconds a batch may take per document, past one document's budget


def guarded(make: Callable[[], list[Document]], stages: tuple[Stage, ...], ctx: Context, until: str,
            timer: Timer) -> list[Document]:
    """``run_stages`` over the documents ``make()`` returns, so that no document can fail a run: when the
    batch raises (or runs past its time), every document is made afresh and run alone, and one that
    still raises becomes a failed document saying where and why."""
    seconds = ctx.settings.ingest.doc_timeout
    docs = make()
    try:
        # the batch may take one document's budget plus a little per document (a document takes a tenth of
        # a second or so): a page that stalls is found within about a minute, not after the whole batch's
        # sum of budgets, and then each document is rerun alone under its own
        with time_limit(seconds + len(docs) * min(seconds, BATCH_ALLOWANCE)):
            return run_stages(docs, stages, ctx, until, timer)
    except StageError:
        pass
    out = []
    for doc in make():
        try:
            with time_limit(seconds):
                out.extend(run_stages([doc], stages, ctx, until, timer))
        except StageError as exc:
            out.append(broken(doc, exc.reason))
    return out


def broken(doc: Document, reason: str) -> Document:
    """``doc`` failed with ``reason``, holding nothing a later step could trip on again."""
    doc.text, doc.html, doc.layout, doc.sentences, doc.mentions = "", "", [], [], []
    doc.condition, doc.condition_from = "", ""
    return doc.fail(reason)


def timed_out(docs: list[Document]) -> bool:
    """Whether a time limit decided any of ``docs``: such a result depends on the machine, never cached."""
    return any(d.reason.startswith("timed out") for d in docs)


def ingest(raws: list, settings: Settings) -> list[Document]:
    from .stages import ingest as ingest_stage

    return [d for raw in raws for d in ingest_stage.parse(raw, settings.ingest)]


def documents(raws: list, settings: Settings, until: str = "extract") -> list[Document]:
    """Every per-document stage over some raw inputs in this process, with their own corpus statistics,
    stopping after ``until``: the documents as a run's pass 2 leaves them (for tests and tools)."""
    timer = Timer()
    docs = ingest(raws, settings)
    pass1_names = [s.name for s in PASS1]
    docs = run_stages(docs, PASS1, Context(settings), until if until in pass1_names else pass1_names[-1], timer)
    if until in ("ingest", *pass1_names):
        return docs
    stats = CorpusStats()
    for d in docs:
        stats.observe(d)
    stats.finalize(settings)
    return run_stages(docs, PASS2, Context(settings, stats), until, timer)


# ---- versions: what a cached result depends on besides its input -------------------------------------

def pass1_version(settings: Settings) -> str:
    return digest("p1", code_version(), settings.fingerprint("ingest", "clean"), resource_versions().get("sections.toml"))


def pass2_version(settings: Settings) -> str:
    from .wordnet import resolve

    model = settings.extract.model
    model_hash = hashlib.sha256(Path(model).read_bytes()).hexdigest() if model else ""
    return digest("p2", code_version(), settings.fingerprint("clean", "spin", "extract"),
                  sorted(resource_versions().items()), resolve(settings.spin.wordnet_path).exists(), model_hash)


def cache_versions(settings: Settings) -> tuple[str, str]:
    """The versions that tag what pass 1 and pass 2 put in the cache (``prune-cache`` keeps them)."""
    return pass1_version(settings), pass2_version(settings)


@lru_cache(maxsize=2)
def _store(path: str) -> Cache:
    """This process's connection to the cache (opened in the process that uses it, never inherited)."""
    return Cache(Path(path))


# ---- the two passes ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Pass1:
    """What every pass-1 task of a run shares."""

    root: str
    settings: Settings
    cache_path: str   # "" for no cache
    until: str        # the last stage to run: "ingest", "html" or "segment"
    version: str


@dataclass
class Pass1Result:
    n_inputs: int
    seconds: dict
    n_computed: int
    stats: CorpusStats   # the shard's partial corpus statistics


_DOCS = "/docs"  # a pass-1 entry's documents are cached under its key + this, apart from its observations


def _observation_plain(o: Observation) -> list:
    return [o.doc_id, o.input_key, o.ok, o.site, list(o.line_hashes), list(o.spin) if o.spin else None, list(o.text)]


def _observation(data: list) -> Observation:
    doc_id, input_key, ok, site, hashes, spin, text = data
    return Observation(doc_id, input_key, ok, site, tuple(hashes), (spin[0], spin[1], tuple(spin[2])) if spin else None,
                       tuple(text))


def pass1(shared: Pass1, rels: list[str], spool: str) -> Pass1Result:
    """Read, ingest, extract main content and segment one shard of raw files, and observe the documents
    for the corpus statistics. Writes the shard's entries ``[input key, observations, documents or None]``
    to ``spool`` (None: the documents are in the cache, fetched in pass 2 only if it recomputes them)."""
    settings, timer = shared.settings, Timer()
    root = Path(shared.root)
    raws = [pio.read_raw(root, root / rel, settings.ingest.max_bytes) for rel in rels]
    keys = [digest(shared.version, r.source, r.error, r.size, hashlib.sha256(r.data or b"").hexdigest()) for r in raws]
    hits: dict = {}
    if shared.cache_path:
        store = _store(shared.cache_path)
        hits = timer("cache", store.get_many, keys)
        stored = timer("cache", store.has_many, [k + _DOCS for k in hits])
        hits = {k: v for k, v in hits.items() if k + _DOCS in stored}
    entries, fresh, n_fresh = [], {}, 0
    ctx = Context(settings)
    for raw, key in zip(raws, keys):
        if key in hits:
            entries.append([key, hits[key], None])
            continue
        n_fresh += 1
        make = lambda raw=raw: timer("ingest", ingest, [raw], settings)  # noqa: E731
        docs = guarded(make, PASS1, ctx, shared.until, timer) if shared.until != "ingest" else make()
        for d in docs:
            d.input_key = key
        try:
            obs = timer("observe", lambda: [_observation_plain(observe(d)) for d in docs])
            blob = pack_documents(docs)
        except Exception as exc:  # noqa: BLE001 - a document that cannot be observed or stored fails alone
            docs = [broken(d, StageError("segment", exc).reason) for d in docs]
            obs = [_observation_plain(observe(d)) for d in docs]
            blob = pack_documents(docs)
        entries.append([key, obs, blob])
        if not timed_out(docs):
            fresh[key], fresh[key + _DOCS] = obs, blob
    if shared.cache_path and fresh:
        timer("cache", _store(shared.cache_path).put_many, fresh, shared.version)
    partial = CorpusStats()
    for _, obs, _ in entries:
        for o in obs:
            partial.add(_observation(o))
    Path(spool).write_bytes(pack(entries))
    return Pass1Result(len(rels), timer.seconds, n_fresh, partial)


@dataclass(frozen=True)
class Pass2:
    """What every pass-2 task of a run shares."""

    settings: Settings
    stats: CorpusStats
    cache_path: str
    until: str        # the last stage to run: "clean", "despin", "extract", or "" for none
    version: str


@dataclass
class Pass2Result:
    outputs: list[DocOutput]   # without their rows and mentions, which are in ``files``
    seconds: dict
    n_computed: int
    files: ShardFiles
    counts: dict               # the documents' counts summed ("documents", "sentences"...: Counter)
    warnings: list
    summary: ShardSummary      # the documents' mention summaries, for deduplication


def pass2_key(shared: Pass2, obs: Observation) -> str:
    """A document's pass-2 cache key: its input, and what the corpus statistics decided for it."""
    return digest(shared.version, obs.input_key, obs.doc_id, shared.stats.decisions_for(obs, shared.settings))


def pass2(shared: Pass2, spool: str) -> Pass2Result:
    """Clean, despin and extract the documents of one shard with the corpus statistics, and render their
    output rows (a cached result needs neither the document nor any work). Replaces the shard's spool
    file by its row files and mention spool (``output.rows.write_shard``)."""
    timer = Timer()
    path = Path(spool)
    entries = unpack(path.read_bytes())
    path.unlink()
    slots: list = []  # per document, its ``output.rows.Rendered``
    todo: list[tuple[int, Observation, int]] = []   # (slot, observation, entry)
    for e, (_, obs, _) in enumerate(entries):
        for o in obs:
            slots.append(None)
            todo.append((len(slots) - 1, _observation(o), e))
    keys: dict[int, str] = {}
    if shared.cache_path:
        keys = {n: pass2_key(shared, o) for n, o, _ in todo}
        hits = timer("cache", _store(shared.cache_path).get_many, sorted(set(keys.values())))
        for n, k in keys.items():
            if k in hits:
                slots[n] = rendered_from_plain(hits[k])
        todo = [t for t in todo if slots[t[0]] is None]
    if todo:
        ctx = Context(shared.settings, shared.stats, {o.doc_id: o for _, o, _ in todo})
        make = lambda: _documents(todo, entries, shared.cache_path, timer)  # noqa: E731
        docs = guarded(make, PASS2, ctx, shared.until, timer) if shared.until else make()
        fresh = {}
        for (n, _, _), d in zip(todo, docs):
            try:
                slots[n] = timer("render", render, d, shared.settings)
            except Exception as exc:  # noqa: BLE001 - a document whose rows cannot be made fails alone
                slots[n] = render(broken(d, StageError("write", exc).reason), shared.settings)
            if shared.cache_path and not timed_out([d]):
                fresh[keys[n]] = rendered_to_plain(slots[n])
        if fresh:
            timer("cache", _store(shared.cache_path).put_many, fresh, shared.version)
    files = timer("render", write_shard, slots, path)
    if keys and files.mentions:  # a rendered document depends only on its key: so do the shard's mentions
        files.mentions_digest = digest(*(keys[n] for n in range(len(slots))))
    outputs = [r.output for r in slots]
    counts: dict[str, Counter] = {}
    for o in outputs:
        for name, values in o.counts.items():
            counts.setdefault(name, Counter()).update(values)
    summary = summarize((o.doc_id, o.summary) for o in outputs)
    for o in outputs:
        o.summary = []  # (in the shard's summary now)
    return Pass2Result(outputs, timer.seconds, len(todo), files, counts, [w for o in outputs for w in o.warnings],
                       summary)


def _documents(todo: list, entries: list, cache_path: str, timer: Timer) -> list[Document]:
    """The pass-1 documents of the observations in ``todo``, from the spool or else from the cache."""
    need = sorted({entries[e][0] + _DOCS for _, _, e in todo if entries[e][2] is None})
    cached = timer("cache", _store(cache_path).get_many, need) if need else {}
    batches: dict[int, dict[str, Document]] = {}
    out = []
    for _, o, e in todo:
        batch = batches.get(e)
        if batch is None:
            blob = entries[e][2] if entries[e][2] is not None else cached.get(entries[e][0] + _DOCS)
            if blob is None:
                raise RuntimeError(f"the cache lost the documents of input {entries[e][0][:12]} during the run; "
                                   "run again, or with --no-cache")
            batch = batches[e] = {d.doc_id: d for d in unpack_documents(blob)}
        out.append(batch[o.doc_id])
    return out
