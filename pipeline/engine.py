"""Engines that run the per-document passes: local processes, or Dask (``engine_dask.py``).

Both hand workers shards of input paths (never the corpus), return results in input order, and
consult the cache: the same input gives the same bytes whatever the engine or worker count.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import pickle
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

from . import io as pio
from .cache import Cache, code_version, digest
from .config import Settings
from .records import Document
from .resources import resource_versions
from .run import Timed
from .stages.corpus import CorpusStats, Observation, observe

SHARD = 8          # raw files per task at least (their documents stay together through pass 2) ...
SHARD_MAX = 64     # ... and at most
TASKS_PER_WORKER = 64
COLD_DEPTH = 32    # tasks queued for the cold worker while the client builds its models (those it has
                   # not started when the warm workers come move to them)


def shard_size(n_inputs: int, workers: int) -> int:
    """Raw files per task: at least ``TASKS_PER_WORKER`` tasks a worker when there are enough inputs, so
    the last task of a pass leaves the other workers little to wait for, and up to ``SHARD_MAX`` files a
    task, because every task costs a handful of file operations and messages whatever its size (at 10k
    inputs, tasks of 64 instead of 8 cut a cached rerun from ~10.7 to ~7.7 s)."""
    return max(SHARD, min(SHARD_MAX, n_inputs // max(1, workers * TASKS_PER_WORKER)))


TAIL = 2  # at the end of a pass, a task takes at most 1/(TAIL * workers) of the files left


def shards(items: list, workers: int) -> Iterator[list]:
    """``items`` in order, cut into tasks of ``shard_size`` files, except at the end, where each task takes
    a share of what is left (down to one file): when a pass ends, the other workers wait for a small
    task rather than a full one (guided self-scheduling). On the 181 pages the last task of pass 1 (eight
    pages) had kept one core idle for ~0.3 s. The cut depends only on the counts: same bytes whatever it is."""
    base, i = shard_size(len(items), workers), 0
    while i < len(items):
        n = min(base, max(1, -(-(len(items) - i) // (TAIL * max(1, workers)))))
        yield items[i:i + n]
        i += n


def pass1_version(settings: Settings) -> str:
    return digest("p1", code_version(), settings.fingerprint("ingest", "clean"), resource_versions().get("sections.toml"))


def pass2_version(settings: Settings) -> str:
    from .wordnet import default_table

    table = Path(settings.spin.wordnet_path) if settings.spin.wordnet_path else default_table()
    return digest("p2", code_version(), settings.fingerprint("clean", "spin", "extract"),
                  sorted(resource_versions().items()), table.exists())


def cache_versions(settings: Settings) -> tuple[str, str]:
    """The versions that tag what pass 1 and pass 2 put in the cache: what a run of this code, these
    rules and this configuration reads (``prune-cache`` keeps them)."""
    return pass1_version(settings), pass2_version(settings)


@lru_cache(maxsize=2)
def _store(path: str) -> Cache:
    """This process's connection to the cache (opened after a fork, never inherited)."""
    return Cache(Path(path))


# An entry is what pass 1 made of one raw input: its documents' observations, and the documents
# themselves pickled (``bytes``: passed on without being unpickled), as objects, or ``None`` when they
# are in the cache (under the input's key + DOCS) and only fetched if pass 2 has to recompute them.
Entry = tuple  # (list[Observation], bytes | list[Document] | None)
DOCS = "/docs"


def pass1_entries(root: str, rels: list[str], settings: Settings, cache_path: str, until: str, version: str):
    """Read, ingest, extract main content and segment one shard of raw files (in a worker), and observe
    the documents for the corpus statistics. Fresh results go to the cache from here: the observations
    and the documents under two keys, so a cached input costs the read of its observations only.

    Returns the entries in input order, the seconds per stage, the number of inputs computed, and the
    shard's partial statistics."""
    return finish_entries(*read_entries(root, rels, settings, cache_path, until, version), settings, cache_path,
                          version)


def read_entries(root: str, rels: list[str], settings: Settings, cache_path: str, until: str, version: str,
                 cold: bool = False) -> tuple[list, dict, int]:
    """The first part of ``pass1_entries``: read and hash the inputs, take cached ones from the cache and
    run the fresh ones through pass 1, as ``(key, documents)``. ``cold``: stop fresh inputs after
    main-content extraction (no spaCy needed); their key is then an ``_Unsegmented``.

    Returns the entries, the seconds per stage and the number of inputs computed."""
    from .run import pass1_timed

    root_p = Path(root)
    raws = [pio.read_raw(root_p, root_p / rel, settings.ingest.max_bytes) for rel in rels]
    keys = [digest(version, r.source, r.error, r.size, hashlib.sha256(r.data or b"").hexdigest()) for r in raws]
    hits = {}
    t = Timed()
    secs = t.seconds
    if cache_path:
        store = _store(cache_path)
        hits = t("cache", store.get_many, keys)
        stored_docs = t("cache", store.has_many, [k + DOCS for k in hits])
        hits = {k: v for k, v in hits.items() if k + DOCS in stored_docs}
    stop_early = cold and until == "segment"
    entries: list = []
    n_fresh = 0
    for raw, key in zip(raws, keys):
        if key in hits:
            entries.append((hits[key], None))
            continue
        n_fresh += 1
        if not stop_early:
            warm(settings, full=False)
        docs, s = pass1_timed([raw], settings, "html" if stop_early else until)
        for name, v in s.items():
            secs[name] = secs.get(name, 0.0) + v
        for d in docs:
            d.input_key = key
        entries.append((_Unsegmented(key) if stop_early else key, docs))
    return entries, secs, n_fresh


class _Unsegmented(str):
    """The cache key of a fresh input whose documents a cold worker left after main-content extraction."""


def finish_entries(entries: list, secs: dict, n_fresh: int, settings: Settings, cache_path: str, version: str):
    """The second part of ``pass1_entries``: segment what a cold worker left, observe the fresh documents,
    cache them and count the shard's partial statistics."""
    t = Timed()
    t.seconds = secs
    fresh: dict[str, object] = {}
    for i, (head, docs) in enumerate(entries):
        if not isinstance(head, str):  # observations from the cache
            continue
        if isinstance(head, _Unsegmented):
            from .stages import segment

            warm(settings, full=False)
            docs = t("segment", segment.segment, docs)
            head = str(head)
        obs = t("observe", lambda: [observe(d) for d in docs])
        blob = pickle.dumps(docs, protocol=pickle.HIGHEST_PROTOCOL)
        fresh[head], fresh[head + DOCS] = obs, blob
        entries[i] = (obs, blob)
    if cache_path and fresh:
        t("cache", _store(cache_path).put_many, fresh, version)
    partial = CorpusStats()
    for obs, _ in entries:
        for o in obs:
            partial.add(o)
    return entries, secs, n_fresh, partial


def pass2_entries(entries: list[Entry], settings: Settings, stats: CorpusStats, cache_path: str, until: str,
                  version: str):
    """Clean, despin and extract the documents of some entries with the corpus statistics, and render
    their output rows (in a worker). A cached result needs neither the document nor any work.

    Returns the ``DocOutput`` of every document in order, the seconds per stage and the number computed."""
    from .run import pass2_timed
    from .write import render

    slots: list = []        # per document: its DocOutput, or its cache key (str) while it is computed
    todo: list[tuple[int, Observation, Entry]] = []
    for entry in entries:
        for i, o in enumerate(entry[0]):
            slots.append(None)
            todo.append((len(slots) - 1, o, entry))
    keys: dict[int, str] = {}
    t = Timed()
    secs = t.seconds
    if cache_path:
        keys = {n: digest(version, o.input_key, o.doc_id, stats.decisions_for(o, settings)) for n, o, _ in todo}
        hits = t("cache", _store(cache_path).get_many, sorted(set(keys.values())))
        for n in list(keys):
            if keys[n] in hits:
                slots[n] = hits[keys[n]]
        todo = [t for t in todo if slots[t[0]] is None]
    if todo:
        warm(settings)
    docs: list[Document] = []
    loaded: dict[int, list[Document]] = {}
    cached = [o.input_key + DOCS for _, o, entry in todo if entry[1] is None]
    blobs = t("cache", _store(cache_path).get_many, sorted(set(cached))) if cached else {}
    for n, o, entry in todo:
        batch = loaded.get(id(entry))
        if batch is None:
            blob = entry[1] if entry[1] is not None else blobs.get(o.input_key + DOCS)
            if blob is None:
                raise RuntimeError(f"the cache lost the documents of {o.input_key} during the run; "
                                   "run again (or with --no-cache)")
            batch = loaded[id(entry)] = blob if isinstance(blob, list) else pickle.loads(blob)
        docs.append(next(d for d in batch if d.doc_id == o.doc_id))
    done, stage_secs = pass2_timed(docs, settings, stats, until, {o.doc_id: o for _, o, _ in todo}) if docs else ([], {})
    secs.update(stage_secs)
    t0 = time.perf_counter()
    fresh = {}
    for (n, _, _), d in zip(todo, done):
        slots[n] = render(d, settings)
        if cache_path:
            fresh[keys[n]] = slots[n]
    if done:
        secs["render"] = time.perf_counter() - t0
    if fresh:
        t("cache", _store(cache_path).put_many, fresh, version)
    return slots, secs, len(done)


def preload(settings: Settings, full: bool = True) -> None:
    """Build spaCy, the matchers, the rule tables and the vocabularies (each process does it once, before
    its first computed document: a rerun whose documents are all cached never builds them). ``full=False``:
    only what pass 1 needs (the tokenizer for segmentation, word frequencies for the spin signatures).
    Everything a stage would otherwise build lazily on its first document is built here, so workers forked
    from a warm client share it instead of each building its own."""
    from .nlp import get_nlp
    from .stages.despin import _zipf_table

    get_nlp()
    _zipf_table()
    if not full:
        return
    from . import write  # noqa: F401  (pass 2 renders each document's rows with it)
    from .markup import _parser
    from .nlp import lemma_table
    from .resources.loader import boilerplate_rules, rule_index, section_classes
    from .stages import clean, html, ingest, segment, topic  # noqa: F401  (modules the stages import lazily)
    from .stages.despin import _participle_verbs, health_words
    from .stages.extract import _nouns, extractor
    from .wordnet import WordNetMissing, load

    _parser()
    lemma_table()
    boilerplate_rules()
    rule_index()
    section_classes()
    extractor()
    health_words()
    try:
        load(settings.spin.wordnet_path)
        _participle_verbs(settings.spin.wordnet_path)
        _nouns()
    except WordNetMissing:
        pass


def warm(settings: Settings, full: bool = True) -> None:
    """``preload`` once per process (pass 1 asks for its part only), then keep the permanent tables out
    of garbage collections."""
    _warm_once(settings.spin.wordnet_path, settings, full)


@lru_cache(maxsize=None)
def _warm_once(wordnet_path: str, settings: Settings, full: bool) -> None:
    with _no_collections():
        preload(settings, full)


@contextmanager
def _no_collections():
    """No garbage collection while the models and tables are built, and what they hold frozen after:
    they live as long as the process, so a collection would only traverse them (four of them cost the
    client ~0.09 s of its warm-up, one of 0.05 s in spaCy's import alone)."""
    import gc

    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


# ---- the local engine ------------------------------------------------------------------------------

@lru_cache(maxsize=2)
def _stats_at(path: str) -> CorpusStats:
    with open(path, "rb") as fh:
        return pickle.load(fh)


_COLD = False  # this worker was forked before the client built the models: it never builds them


def _mark_cold() -> None:
    global _COLD
    _COLD = True


def _import_trafilatura() -> None:
    """trafilatura, with justext's stop words ready: the client's first model, which the cold worker
    forked from it and the warm workers share."""
    from .stages.html import load_trafilatura

    load_trafilatura()
    _justext_stoplist()


class _Stopwords(frozenset):
    """trafilatura's stop words for justext, lower-cased and frozen once (``_justext_stoplist``)."""


def _justext_stoplist() -> frozenset | None:
    """The stop words of every language justext knows (154,484), which trafilatura gathers lazily
    (~0.2 s) on the first page it falls back to justext, and which justext lower-cases into a set of its
    own on each process's first such page (~0.05 s, 19 MB): read from a memoized table of the
    lower-cased words instead (~0.05 s) and given to trafilatura as that set, which justext's
    ``define_stoplist`` then returns as it is (only membership matters to justext). Returns the set
    (None with another trafilatura or justext layout, which builds its own)."""
    try:
        import justext.core as jt_core
        from trafilatura import external
    except ImportError:  # pragma: no cover
        return None
    if getattr(external, "JT_STOPLIST", True) is None and hasattr(external, "jt_stoplist_init") \
            and callable(getattr(jt_core, "define_stoplist", None)):
        from .derived import memo, package_version

        words = memo("justext-stopwords", (package_version("justext"), package_version("trafilatura")),
                     lambda: tuple(sorted({w.lower() for w in external.jt_stoplist_init()})))
        external.JT_STOPLIST = _Stopwords(words)
        if not isinstance(jt_core.define_stoplist, _KeepStopwords):
            jt_core.define_stoplist = _KeepStopwords(jt_core.define_stoplist)
    stoplist = getattr(external, "JT_STOPLIST", None)
    return stoplist if isinstance(stoplist, _Stopwords) else None


class _KeepStopwords:
    """justext's ``define_stoplist`` (lower-case a stop list into a frozenset), returning a ``_Stopwords``
    as it is: the same set, without copying it."""

    def __init__(self, define_stoplist: Callable) -> None:
        self.define_stoplist = define_stoplist

    def __call__(self, stoplist):
        return stoplist if isinstance(stoplist, _Stopwords) else self.define_stoplist(stoplist)


def warm_client(settings: Settings) -> None:
    """What the client builds before it forks the warm workers: every module and table the per-document
    stages use, so that no worker imports or builds one of its own (tested)."""
    with _no_collections():
        _import_trafilatura()  # (imported already when the client forked a cold worker)
        warm(settings)
        _warm_report()


def _warm_report() -> None:
    """The report's chart library: a warm worker draws the charts at the very end of the run, when the
    rest waits for it, and importing pygal there was a third of that wait (~0.03 s)."""
    import pygal  # noqa: F401
    import pygal.style  # noqa: F401

    from . import report  # noqa: F401


class Continue:
    """A task's result that asks for more work in a warm worker: ``fn(*args)``, whose result takes the
    task's place in the order (``Pools.ordered``)."""

    __slots__ = ("fn", "args")

    def __init__(self, fn, *args) -> None:
        self.fn, self.args = fn, args


def _pass1_to_spool(root, rels, settings, cache_path, until, version, spool: str):
    """Pass 1 of one shard, its entries left in a spool file for pass 2: only counts go back to the client.
    In a cold worker, fresh inputs stop after main-content extraction and a warm worker finishes them."""
    state = read_entries(root, rels, settings, cache_path, until, version, cold=_COLD)
    if any(isinstance(head, _Unsegmented) for head, _ in state[0]):
        with open(spool, "wb") as fh:
            pickle.dump(state, fh, protocol=pickle.HIGHEST_PROTOCOL)
        return Continue(_pass1_finish_spool, len(rels), settings, cache_path, version, spool)
    return _spooled_pass1(len(rels), finish_entries(*state, settings, cache_path, version), spool)


def _pass1_finish_spool(n_inputs: int, settings, cache_path: str, version: str, spool: str):
    """The rest of pass 1 for a shard a cold worker extracted (``_pass1_to_spool``), in a warm worker."""
    with open(spool, "rb") as fh:
        state = pickle.load(fh)
    return _spooled_pass1(n_inputs, finish_entries(*state, settings, cache_path, version), spool)


def _spooled_pass1(n_inputs: int, result: tuple, spool: str):
    entries, secs, n_fresh, partial = result
    with open(spool, "wb") as fh:
        pickle.dump(entries, fh, protocol=pickle.HIGHEST_PROTOCOL)
    return n_inputs, secs, n_fresh, partial


def _pass2_from_spool(spool: str, settings, stats_path: str, cache_path: str, until: str, version: str):
    """Pass 2 of one shard. Its documents.csv and sentences.csv rows and its mention records go to three
    shard files: the client appends the first two with a buffered file copy and reads the third in the
    global step, so the bulk of the output never passes through a pipe."""
    with open(spool, "rb") as fh:
        entries = pickle.load(fh)
    os.unlink(spool)
    outputs, secs, n_done = pass2_entries(entries, settings, _stats_at(stats_path), cache_path, until, version)
    files = (spool + ".documents.csv", spool + ".sentences.csv", spool + ".mentions")
    with open(files[0], "wb") as docs_fh, open(files[1], "wb") as sents_fh, open(files[2], "wb") as ments_fh:
        for o in outputs:
            docs_fh.write(o.documents_csv)
            sents_fh.write(o.sentences_csv)
            ments_fh.write(o.mentions)
            o.documents_csv = o.sentences_csv = o.mentions = b""
    return outputs, secs, n_done, files


def batched(items: Iterable, n: int) -> Iterator[list]:
    batch: list = []
    for item in items:
        batch.append(item)
        if len(batch) >= n:
            yield batch
            batch = []
    if batch:
        yield batch


class Pools:
    """Process pools (forked) with one dispatcher: each job goes to an open pool with a free slot (its
    ``depth`` per worker), so no worker waits while another builds its models, and results come back in
    job order. A job whose result is a ``Continue`` has its continuation run in an open pool, and the
    continuation's result takes the job's place.

    With ``LocalEngine.warm_client`` a cold pool of one worker is forked first and extracts main content
    (trafilatura only) while the client builds the models; then the cold pool is closed (it finishes the
    jobs it has started; the others move to the open pools) and the workers are forked from the warm
    client, sharing its tables copy-on-write."""

    DEPTH = 2

    def __init__(self) -> None:
        self.pools: list[list] = []  # [executor, workers, jobs in flight, slots a worker, open]

    def add(self, workers: int, cold: bool = False, depth: int = DEPTH) -> None:
        import multiprocessing as mp
        from concurrent.futures import ProcessPoolExecutor

        executor = ProcessPoolExecutor(max_workers=workers, mp_context=mp.get_context("fork"),
                                       initializer=_mark_cold if cold else None)
        self.pools.append([executor, workers, 0, depth, True])

    def close(self, i: int) -> None:
        """Give pool ``i`` no more jobs (it finishes those it holds)."""
        self.pools[i][4] = False

    def _free(self, any_load: bool = False):
        free = [p for p in self.pools if p[4] and (any_load or p[2] < p[1] * p[3])]
        return min(free, key=lambda p: p[2] / p[1]) if free else None

    def _open(self):
        """An open pool for a job that must go now (a continuation, a job moved off a closed pool): one
        with a free slot, or else the least loaded."""
        return self._free() or self._free(any_load=True)

    def ordered(self, fn, jobs: Iterable[tuple], started: Callable[[], None] | None = None) -> Iterator:
        """``fn(*job)`` for each job, yielded in job order; ``started()`` is called once the first jobs
        are submitted (the client builds its models there while the cold pool works)."""
        from concurrent.futures import FIRST_COMPLETED, wait

        jobs = iter(jobs)
        pool_of: dict = {}           # future -> its pool entry, while it holds a slot
        slot_of: dict = {}           # future -> its place in the order (a one-item list)
        order: deque = deque()       # places in job order
        running: set = set()         # submitted futures not yet seen done
        call_of: dict = {}           # future -> (call, args), while it may still be moved

        def submit(pool, slot: list, call, *args) -> None:
            future = pool[0].submit(call, *args)
            pool[2] += 1
            pool_of[future], slot_of[future], slot[0], call_of[future] = pool, slot, future, (call, args)
            running.add(future)

        def move_from_closed() -> None:
            """Jobs a closed pool holds but has not started go to the open pools, in job order."""
            for slot in list(order):
                future = slot[0]
                if future in running and not pool_of[future][4] and future.cancel():
                    running.discard(future)
                    pool_of.pop(future)[2] -= 1
                    call, args = call_of.pop(future)
                    submit(self._open(), slot_of.pop(future), call, *args)

        def fill() -> None:
            while (pool := self._free()) is not None and (job := next(jobs, None)) is not None:
                slot: list = [None]
                order.append(slot)
                submit(pool, slot, fn, *job)

        fill()
        if started is not None:
            started()
            move_from_closed()
            fill()
        while order:
            if order[0][0] in running:
                wait(running, return_when=FIRST_COMPLETED)
            for future in [f for f in running if f.done()]:  # a slot freed per job done, in any order
                running.discard(future)
                pool_of.pop(future)[2] -= 1
                slot = slot_of.pop(future)
                call_of.pop(future, None)
                more = future.result() if future.exception() is None else None
                if isinstance(more, Continue):
                    submit(self._open(), slot, more.fn, *more.args)
            fill()
            while order and order[0][0] not in running:
                yield order.popleft()[0].result()

    def submit(self, fn, *args):
        """One job to the least busy open pool (the global step's offloaded parts)."""
        return self._free(any_load=True)[0].submit(fn, *args)

    def retire_closed(self) -> None:
        """Shut the closed pools down (their jobs are done) and drop them."""
        for pool in [p for p in self.pools if not p[4]]:
            pool[0].shutdown()
            self.pools.remove(pool)

    def shutdown(self) -> None:
        for pool in self.pools:
            pool[0].shutdown()
        self.pools = []


class LocalEngine:
    """Process pools over both cores (or ``--workers N``) for both passes, so each worker builds its
    vocabulary and tokenizer cache once; one process runs everything in-line. Documents never pass
    through the client: a pass-1 task leaves its shard's entries in a spool file that a pass-2 task reads.

    ``warm_client`` (set when every input will be computed: no cache, or one this code and these rules
    have not filled): the client builds spaCy and the tables while a cold worker extracts main content,
    and the workers are forked from it. Otherwise (a rerun) workers build them only if they compute."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.workers = settings.n_workers
        self.pool: Pools | None = None
        self.warm_client = False
        self._warm_forked = False  # the workers are forked from the warm client (once, in pass 1)
        self.spool_dir = Path(tempfile.mkdtemp(prefix=".spool-", dir=settings.out if settings.out.is_dir() else None))
        self.spools: list[str] = []

    def _ordered(self, fn, jobs: Iterable[tuple]) -> Iterator:
        """Run ``fn(*job)`` for each job, in the pools when there are workers, yielding results in job order."""
        if self.workers <= 1:
            for job in jobs:
                yield fn(*job)
            return
        started = None
        if self.pool is None:
            self.start()
        if self.warm_client and not self._warm_forked:
            self._warm_forked = True

            def started() -> None:
                warm_client(self.settings)
                self.pool.close(0)
                self.pool.add(self.workers)
        yield from self.pool.ordered(fn, jobs, started)

    def plan(self, all_computed: bool) -> bool:
        """Whether the client builds the models (``warm_client``): when every input of the run is going to
        be computed (a fresh run, past pass 1) and there are workers to fork from it."""
        self.warm_client = all_computed and self.workers > 1
        return self.warm_client

    def start(self) -> None:
        """Fork the workers; with ``warm_client``, only a cold one, at once: it extracts main content while
        the client builds the models. The client imports trafilatura first, so the cold worker and the
        warm ones share its import (each used to import it: ~0.15 s a process, and the cold worker could
        not start sooner anyway)."""
        if self.workers <= 1 or self.pool is not None:
            return
        self.pool = Pools()
        if self.warm_client:
            with _no_collections():
                _import_trafilatura()
            self.pool.add(1, cold=True, depth=COLD_DEPTH)
            self.pool.submit(_import_trafilatura)  # forks the cold worker now (it finds trafilatura imported)
        else:
            self.pool.add(self.workers)

    def pass1(self, root: Path, rels: list[str], cache_path: str, until: str) -> Iterator:
        """Yields (inputs, seconds per stage, inputs computed, partial statistics) per shard, in order."""
        version = pass1_version(self.settings)
        jobs = []
        for i, shard in enumerate(shards(rels, self.workers)):
            spool = str(self.spool_dir / f"{i:07d}.pkl")
            self.spools.append(spool)
            jobs.append((str(root), shard, self.settings, cache_path, until, version, spool))
        yield from self._ordered(_pass1_to_spool, jobs)

    def pass2(self, stats: CorpusStats, cache_path: str, until: str) -> Iterator:
        """Yields (DocOutputs, seconds per stage, documents computed, shard row files) per shard, in input order."""
        version = pass2_version(self.settings)
        stats_path = str(self.spool_dir / "stats.pkl")
        with open(stats_path, "wb") as fh:
            pickle.dump(stats, fh, protocol=pickle.HIGHEST_PROTOCOL)
        jobs = ((spool, self.settings, stats_path, cache_path, until, version) for spool in self.spools)
        if self.pool is not None:
            self.pool.retire_closed()  # the cold worker, done with pass 1
        yield from self._ordered(_pass2_from_spool, jobs)

    def offload(self, fn, *args):
        """Run a pure job in an idle worker (the pool waits for work during the global step)."""
        if self.pool is None:
            from .write import _inline

            return _inline(fn, *args)
        return self.pool.submit(fn, *args)

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown()
            self.pool = None
        shutil.rmtree(self.spool_dir, ignore_errors=True)
