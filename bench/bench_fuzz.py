"""Hostile inputs at scale: generate N files over every format (``tests/fuzz.py``, seeded), curate them in
batches, and count crashed runs and inputs without a row in documents.csv. A crashed batch is split in
halves until the inputs that crash a run on their own are found.

python -m bench.bench_fuzz [--n 1000] [--batch 100] [--seed 2026]
"""
from __future__ import annotations

import argparse
import csv
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from pipeline.io import printable
from tests.fuzz import make_corpus


def run(files: list[Path], work: Path) -> tuple[int, set[str], str]:
    """Curate ``files`` (copied into a fresh raw folder): exit code, sources with a row, stderr's tail."""
    raw, out = work / "raw", work / "out"
    shutil.rmtree(work, ignore_errors=True)
    raw.mkdir(parents=True)
    for f in files:
        shutil.copyfile(f, raw / f.name)
    done = subprocess.run([sys.executable, "-m", "pipeline", "curate", "--raw", str(raw), "--out", str(out),
                           "--no-cache", "--quiet", "--workers", "2"], capture_output=True, text=True)
    rows = set()
    if (out / "documents.csv").exists():
        csv.field_size_limit(2**31 - 1)
        with (out / "documents.csv").open(encoding="utf-8", newline="") as fh:
            rows = {r["source"].split("#")[0] for r in csv.DictReader(fh)}
    return done.returncode, rows, done.stderr[-400:]


def crashing(files: list[Path], work: Path) -> list[Path]:
    code, _, _ = run(files, work)
    if code == 0:
        return []
    if len(files) == 1:
        return files
    half = len(files) // 2
    return crashing(files[:half], work) + crashing(files[half:], work)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--batch", type=int, default=100)
    ap.add_argument("--seed", type=int, default=2026)
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="fuzz-"))
    try:
        src = tmp / "inputs"
        make_corpus(src, args.n, args.seed)
        files = sorted(src.iterdir())
        t0 = time.perf_counter()
        crashed_runs, lost, bad = 0, 0, []
        for i in range(0, len(files), args.batch):
            batch = files[i:i + args.batch]
            code, rows, tail = run(batch, tmp / "work")
            if code != 0:
                crashed_runs += 1
                bad += crashing(batch, tmp / "work")
                print(f"batch {i // args.batch}: exit {code}: {tail.strip().splitlines()[-1] if tail.strip() else ''}")
                continue
            lost += sum(1 for f in batch if printable(f.name) not in rows)
        print(f"{len(files)} generated inputs (seed {args.seed}) in {len(range(0, len(files), args.batch))} runs of "
              f"{args.batch}: {crashed_runs} crashed runs, {len(bad)} inputs crash a run on their own "
              f"({1000 * len(bad) / len(files):.1f} per 1,000), {lost} inputs without a row; "
              f"{time.perf_counter() - t0:.0f} s")
        for f in bad[:20]:
            print("   crashes:", f.name)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
