"""Extraction throughput: characters per second of the extract stage on ../shared/data/docus, and
its growth with document length (a page repeated 1, 2, 4 and 8 times must take ~1, 2, 4, 8 times).

python -m bench.bench_extract --shared ../shared
"""
from __future__ import annotations

import argparse
import time
from pathlib import Path

from pipeline import io as pio
from pipeline.config import load_settings
from pipeline.passes import documents
from pipeline.records import Document
from pipeline.stages import extract


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", type=Path, default=Path("../shared"))
    args = ap.parse_args()
    settings = load_settings()
    raws = list(pio.iter_raw(args.shared / "data/docus", settings.ingest.max_bytes))
    docs = documents(raws, settings, "despin")
    def run(batch):
        return extract.extract(batch, settings.extract, settings.spin.wordnet_path)

    chars = sum(len(s.text) for d in docs if d.ok for s in d.sentences if s.label == "content")
    t0 = time.perf_counter()
    n = sum(len(d.mentions) for d in run(docs))
    secs = time.perf_counter() - t0
    print(f"extract stage on {len(docs)} docus articles: {chars / 1e6:.2f} M content characters, {n} mentions, "
          f"{secs:.1f} s = {chars / secs / 1e3:.0f} k chars/s on one core")
    base = max((d for d in docs if d.ok), key=lambda d: len(d.sentences))
    print(f"linearity on {base.source} ({len(base.sentences)} sentences) repeated k times:")
    t1 = None
    for k in (1, 2, 4, 8):
        big = Document(doc_id=base.doc_id, source=base.source, fmt=base.fmt, text=base.text, title=base.title)
        big.sentences = [s for _ in range(k) for s in base.sentences]
        t0 = time.perf_counter()
        for _ in range(3):
            run([big])
        t = (time.perf_counter() - t0) / 3
        t1 = t1 or t
        print(f"  x{k}: {t * 1000:.0f} ms ({t / t1:.1f} x the single page)")


if __name__ == "__main__":
    main()
