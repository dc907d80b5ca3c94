"""Command line: arguments -> Settings -> run(); exit codes CI can trust (0 ok, 1 run failed, 2 usage)."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .config import ConfigError, load_settings

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # one line and exit 2, as argparse does, without the usage block
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message} (see --help)\n")


def build_parser(prog: str = "python -m pipeline") -> argparse.ArgumentParser:
    """The command line; ``prog`` names the program in messages ("curate" for the console script, whose
    default command is curate)."""
    from .passes import PASS1, PASS2, STAGES

    from . import __version__

    p = _Parser(prog=prog, description="Curate scraped health articles into a JSON + CSV knowledge base.")
    p.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    p.set_defaults(prog=prog)  # for the commands' own messages
    sub = p.add_subparsers(dest="command", required=True, parser_class=_Parser)

    c = sub.add_parser("curate", prog=prog if prog == "curate" else f"{prog} curate",
                       help="run the stages over a raw folder and write the knowledge base",
                       description="Run ingest, html, segment, clean, despin, extract, dedupe and write over --raw; "
                                   "write the tables to --out (atomically: a failed run leaves the old ones).")
    c.add_argument("--raw", type=Path, default=Path("raw"), help="folder of raw articles, read recursively (default: raw)")
    c.add_argument("--out", type=Path, default=Path("curated"), help="output folder (default: curated)")
    c.add_argument("--config", type=Path, help="TOML file overriding the configuration's sections")
    c.add_argument("--until", choices=STAGES, help="stop after this stage; the tables show what was done so far")
    c.add_argument("--work", type=Path, help="also save every finished document to DIR/documents.jsonl, for inspection")
    c.add_argument("--workers", type=int, default=0, help="processes for per-document stages (default: all cores)")
    c.add_argument("--overrides", type=Path, help="analyst overrides CSV (default: config/overrides.csv when present)")
    c.add_argument("--quiet", action="store_true", help="no progress bar")
    c.add_argument("--no-cache", action="store_true", help="recompute every document (ignore and do not fill the cache)")
    c.add_argument("--cache-dir", help="where per-document results are cached (default: .cache/curate beside --out, "
                                       "so ./.cache/curate for the default --out)")
    c.add_argument("--allow-empty", action="store_true",
                   help="let a run that finds no inputs replace a knowledge base that has documents")
    c.add_argument("--engine", choices=("local", "dask"), default="local",
                   help="local processes (default) or a Dask cluster for the per-document stages")
    c.add_argument("--scheduler", default="", help="with --engine dask: the scheduler address (tcp://host:8786); "
                                                   "without it a LocalCluster is started")
    c.add_argument("--timings", action="store_true",
                   help="print the seconds spent in each stage (summed over workers) and the documents computed")

    s = sub.add_parser("stage", help="run one per-document stage over the JSONL a previous stage saved",
                       description="Read documents from --input (JSONL saved by --work or a previous 'stage'), run "
                                   "one stage, write them to --output.")
    s.add_argument("name", choices=("ingest", *(st.name for st in PASS1 + PASS2)))
    s.add_argument("--input", type=Path, help="JSONL of documents (for ingest: a raw folder)")
    s.add_argument("--output", type=Path, required=True, help="JSONL to write")
    s.add_argument("--config", type=Path, help="TOML configuration file")

    r = sub.add_parser("report", help="regenerate curated/report.html from the tables, without rerunning stages")
    r.add_argument("--out", type=Path, default=Path("curated"), help="the curated folder (default: curated)")

    k = sub.add_parser("prune-cache", help="delete cache entries the current code and configuration can no longer read",
                       description="Each code, rule or configuration change leaves the earlier cache entries behind; "
                                   "this deletes them (and entries from before tags) and gives the space back.")
    k.add_argument("--cache-dir", default=".cache/curate", help="the cache folder (default: .cache/curate)")
    k.add_argument("--config", type=Path, help="the TOML configuration the runs use (its entries are kept)")

    t = sub.add_parser("train", help="build the mention tagger from annotated articles (needs the train extra)",
                       description="Run the annotated articles through the stages, label their tokens with the gold "
                                   "mentions and fit the tagger; write it (and a manifest beside it) to --out.")
    t.add_argument("--gold", type=Path, action="append", required=True,
                   help="a folder of gold annotations (repeatable), e.g. ../shared/gold/train")
    t.add_argument("--data", type=Path, default=Path("../shared/data"),
                   help="where the raw articles are: docus/ and healthline/ (the seeds beside it) (default: ../shared/data)")
    t.add_argument("--out", type=Path, default=Path("pipeline/resources/tagger.npz"),
                   help="the model file to write (default: the packaged one)")
    t.add_argument("--dev", type=Path, help="a gold folder to score the model on (recorded in the manifest)")
    t.add_argument("--cv", type=int, default=0, help="also cross-validate over this many folds of the articles")
    t.add_argument("--c", type=float, default=0.5,
                   help="inverse regularization strength (default 0.5, chosen by cross-validation)")
    t.add_argument("--threshold", type=float, default=0.5, help="probability to tag a token as a mention (default 0.5)")
    t.add_argument("--scorer", type=Path, default=Path("../shared/tools/score.py"), help="the gold scorer")
    t.add_argument("--config", type=Path, help="TOML configuration of the stages the articles run through")

    w = sub.add_parser("setup-wordnet", help="build the compact WordNet tables the spin gate needs (idempotent)")
    w.add_argument("--force", action="store_true", help="rebuild even when the tables exist")
    return p


def main(argv: list[str] | None = None, prog: str = "python -m pipeline") -> int:
    args = build_parser(prog).parse_args(argv)
    try:
        if args.command == "curate":
            return _curate(args)
        if args.command == "stage":
            from .stagecli import run_stage

            return run_stage(args)
        if args.command == "report":
            from .report import write_report

            try:
                write_report(args.out)
            except FileNotFoundError as exc:
                print(f"{args.prog}: error: {exc}", file=sys.stderr)
                return EXIT_USAGE
            return EXIT_OK
        if args.command == "prune-cache":
            return _prune_cache(args)
        if args.command == "train":
            from .train import main as train

            return train(args)
        if args.command == "setup-wordnet":
            from .wordnet import setup

            print(setup(force=args.force))
            return EXIT_OK
    except ConfigError as exc:
        print(f"{args.prog}: {exc}", file=sys.stderr)
        return EXIT_USAGE
    return EXIT_USAGE


def curate_script() -> int:
    """The ``curate`` console script: ``curate --raw DIR --out DIR`` is ``python -m pipeline curate ...``
    (``curate report``, ``curate train``... run the other commands)."""
    argv = sys.argv[1:]
    commands = ("curate", "stage", "report", "prune-cache", "train", "setup-wordnet")
    if not argv or argv[0] not in (*commands, "--version"):
        argv = ["curate", *argv]
    return main(argv, prog="curate")


def _prune_cache(args) -> int:
    from .cache import Cache
    from .passes import cache_versions

    path = Path(args.cache_dir) / "cache.sqlite"
    if not path.is_file():
        print(f"{args.prog}: error: no cache at {path} (use --cache-dir DIR)", file=sys.stderr)
        return EXIT_USAGE
    def size() -> float:  # the database and its write-ahead log
        return sum(p.stat().st_size for p in (path, path.with_name(path.name + "-wal")) if p.exists()) / 1e6

    settings = load_settings(args.config, cache_dir=args.cache_dir)
    before = size()
    store = Cache(path)
    deleted, kept = store.prune(cache_versions(settings))
    store.close()
    print(f"{path}: deleted {deleted} entries, kept {kept}; {before:.1f} MB -> {size():.1f} MB")
    return EXIT_OK


def _default_cache(out: Path) -> str:
    """The cache beside the output folder: where a run into the same --out finds it again, whichever the
    working directory."""
    return str(Path(out).absolute().parent / ".cache" / "curate")


def _curate(args) -> int:
    import gc

    from .run import RunError, clear_stop, request_stop, run

    # A run allocates millions of small containers (records, cache entries, mention groups); the default
    # young-generation threshold (700) runs the collector over a large heap thousands of times for
    # nothing. Workers fork from this process and keep the setting. (docs/performance.md has the numbers.)
    gc.set_threshold(10_000, 50, 50)
    import signal

    # a container stop or CI's timeout cleans up like Ctrl-C; both are remembered until the run stops
    clear_stop()
    signal.signal(signal.SIGTERM, request_stop)
    signal.signal(signal.SIGINT, request_stop)
    from .io import read_overrides

    settings = load_settings(args.config, raw=args.raw, out=args.out, until=args.until or "",
                             workers=args.workers, quiet=args.quiet,
                             overrides=str(args.overrides) if args.overrides else None,
                             cache_dir="" if args.no_cache else (args.cache_dir or _default_cache(args.out)),
                             engine=args.engine, allow_empty=args.allow_empty,
                             scheduler=args.scheduler,
                             work=str(args.work) if args.work else None)
    # the default overrides file sits in config/ beside the output folder (the project's layout), found
    # whatever the working directory
    overrides_path = Path(settings.overrides) if settings.overrides else \
        Path(args.out).absolute().parent / "config" / "overrides.csv"
    overrides = read_overrides(overrides_path) if settings.overrides or overrides_path.is_file() else []
    try:
        report = run(settings, overrides)
    except RunError as exc:
        print(f"{args.prog}: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print(f"{args.prog}: interrupted; {settings.out} is as it was", file=sys.stderr)
        return 130
    except OSError as exc:  # a full disk, a folder that became unwritable: one line naming the path
        where = f" ({exc.filename})" if exc.filename else ""
        print(f"{args.prog}: error: {exc.strerror or exc}{where}; {settings.out} is as it was",
              file=sys.stderr)
        return EXIT_FAILED
    docs = report.documents
    if args.timings:
        for name, secs in report.timings.items():
            print(f"  {name:<8} {secs:8.2f} s", file=sys.stderr)
        print(f"  computed (not cached): {dict(report.computed)}", file=sys.stderr)
    for problem in sorted({w for w in report.warnings if w.startswith(("overrides", "WordNet", "cache"))}):
        print(f"{args.prog}: warning: {problem}", file=sys.stderr)
    if not args.quiet:
        print(f"curated {sum(docs.values())} documents: {docs.get('kept', 0)} kept, "
              f"{docs.get('quarantined', 0)} quarantined, {docs.get('failed', 0)} failed -> {settings.out}",
              file=sys.stderr)
    return EXIT_OK
