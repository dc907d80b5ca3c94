"""``python -m pipeline stage NAME``: run one per-document stage over the JSONL a previous stage saved."""
from __future__ import annotations

import sys
from pathlib import Path

from . import io as pio
from .config import load_settings
from .records import Document
from .engine import batched
from .run import pass1
from .stages import clean, despin, extract, html, segment
from .stages.corpus import CorpusStats


def _docs(path: Path):
    for row in pio.read_jsonl(path):
        yield Document.from_dict(row)


def run_stage(args) -> int:
    settings = load_settings(args.config)
    if args.input is None or not args.input.exists():
        print(f"python -m pipeline: error: --input {args.input} does not exist", file=sys.stderr)
        return 2
    if args.name == "ingest":
        if not args.input.is_dir():
            print("python -m pipeline: error: for 'stage ingest', --input is a raw folder", file=sys.stderr)
            return 2
        raws = pio.iter_raw(args.input, settings.ingest.max_bytes)
        pio.write_jsonl(args.output, (d.to_dict() for b in batched(raws, 16) for d in pass1(b, settings, "ingest")))
        return 0
    stats = CorpusStats()
    if args.name in ("clean", "despin"):  # these need corpus statistics: one pass to gather them
        for d in _docs(args.input):
            stats.observe(d)
        stats.finalize(settings)
    step = {
        "html": lambda b: [html.extract_main(d, settings.clean) for d in b],
        "segment": segment.segment,
        "clean": lambda b: [clean.clean(d, stats, settings.clean) for d in b],
        "despin": lambda b: [despin.despin(d, stats, settings.spin) for d in b],
        "extract": lambda b: extract.extract(b, settings.extract),
    }[args.name]
    pio.write_jsonl(args.output, (d.to_dict() for b in batched(_docs(args.input), 32) for d in step(b)))
    return 0
