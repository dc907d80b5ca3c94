"""Spin gate: false quarantine on real articles, catch rate on spun copies, time per document.

python -m bench.bench_spin --shared ../shared [--spun /tmp/spun]
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from pipeline import io as pio
from pipeline.config import load_settings
from pipeline.passes import documents


def curate_docs(folder: Path, until: str = "despin"):
    settings = load_settings()
    raws = list(pio.iter_raw(folder, settings.ingest.max_bytes))
    t0 = time.perf_counter()
    out = documents(raws, settings, until)
    return out, time.perf_counter() - t0, settings


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", type=Path, default=Path("../shared"))
    ap.add_argument("--spun", type=Path, help="a folder of spun copies (made with bench.make_spun when absent)")
    ap.add_argument("--show", type=int, default=10)
    args = ap.parse_args()
    if not (args.shared / "data" / "docus").is_dir():
        ap.error(f"no articles under {args.shared / 'data'}; give --shared the folder that holds data/docus and "
                 "data/healthline")
    spun = args.spun
    if spun is None:
        spun = Path(tempfile.mkdtemp(prefix="spun-"))
        subprocess.run([sys.executable, "-m", "bench.make_spun", "--shared", str(args.shared), "--out", str(spun),
                        "--n", "200"], check=True)
    rows = []
    for name in ("docus", "healthline"):
        docs, secs, settings = curate_docs(args.shared / "data" / name)
        fired = [d for d in docs if d.status == "quarantined" and d.reason.startswith("spun")]
        band = [d for d in docs if d.ok and d.spin_score >= settings.spin.review_band]
        rows.append((name, len(docs), len(fired), len(band), secs))
        print(f"{name}: {len(fired)}/{len(docs)} falsely quarantined ({100 * len(fired) / len(docs):.2f} %), "
              f"{len(band)} in the review band; clean+despin {1000 * secs / len(docs):.1f} ms/doc")
        for d in sorted(docs, key=lambda d: -d.spin_score)[: args.show]:
            print(f"   {d.spin_score:.3f} {d.status:<11} {d.source}  {d.spin_evidence[:150]}")
    total = sum(r[1] for r in rows)
    false = sum(r[2] for r in rows)
    print(f"false quarantine: {false}/{total} = {100 * false / total:.2f} % (target <= 0.5 %)")
    docs, secs, settings = curate_docs(spun)
    caught = [d for d in docs if d.status == "quarantined" and d.reason.startswith("spun")]
    import statistics
    for label, sel in (("tokenized", [d for d in docs if d.spin_evidence and "artefacts/100w 0.00" not in d.spin_evidence]),
                       ("plain", [d for d in docs if "artefacts/100w 0.00" in d.spin_evidence])):
        if sel:
            qs = statistics.quantiles([d.spin_score for d in sel], n=10)
            print(f"  {label}: n={len(sel)} score deciles {[round(q, 2) for q in qs]}")
    print(f"spun copies caught: {len(caught)}/{len(docs)} = {100 * len(caught) / len(docs):.1f} % (target >= 98 %)")
    for d in sorted(docs, key=lambda d: d.spin_score)[: args.show]:
        print(f"   {d.spin_score:.3f} {d.status:<11} {d.source}  {d.spin_evidence[:150]}")


if __name__ == "__main__":
    main()
