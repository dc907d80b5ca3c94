"""``python -m pipeline stage NAME``: run one per-document stage over the JSONL a previous stage saved."""
from __future__ import annotations

import sys
from itertools import islice

from . import io as pio
from .config import load_settings
from .corpus import CorpusStats
from .passes import PASS1, PASS2, Context, Timer, ingest
from .records import Document

BATCH = 32


def _batches(items, n: int = BATCH):
    it = iter(items)
    while batch := list(islice(it, n)):
        yield batch


def run_stage(args) -> int:
    settings = load_settings(args.config)
    if args.input is None or not args.input.exists():
        print(f"{args.prog}: error: --input {args.input} does not exist", file=sys.stderr)
        return 2
    if args.name == "ingest":
        if not args.input.is_dir():
            print(f"{args.prog}: error: for 'stage ingest', --input is a raw folder (a JSONL comes from a "
                  "later stage)", file=sys.stderr)
            return 2
        raws = pio.iter_raw(args.input, settings.ingest.max_bytes)
        pio.write_jsonl(args.output, (d.to_dict() for b in _batches(raws) for d in ingest(b, settings)))
        return 0

    def docs():
        return (Document.from_dict(row) for row in pio.read_jsonl(args.input))

    stage = next(s for s in PASS1 + PASS2 if s.name == args.name)
    ctx = Context(settings)
    if stage in PASS2:  # these need the corpus statistics: one pass over the input to gather them
        ctx.stats = CorpusStats()
        for d in docs():
            ctx.stats.observe(d)
        ctx.stats.finalize(settings)
    timer = Timer()
    pio.write_jsonl(args.output, (d.to_dict() for b in _batches(docs()) for d in timer(stage.name, stage.run, b, ctx)))
    return 0
