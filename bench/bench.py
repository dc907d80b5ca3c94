"""Speed and scale benchmark: whole processes, so start-up counts.

1. HTML pages (../shared/data/extraction-benchmark + wcxb-dev: 892 pages): the whole pipeline (no cache,
   ``--workers N``) against trafilatura's extraction alone in N processes on the same pages, in
   alternating rounds; the throughput ratio is trafilatura's time over the pipeline's. The 181 pages of
   extraction-benchmark alone are also timed against trafilatura in one process (the old comparison).
2. The 705 docus pages: documents per second of the whole process (no cache).
3. Scaled corpora of N documents built from docus and Healthline (each copy varied: sections shuffled,
   numbers and a title word changed, some paragraphs dropped, so neither deduplication nor the cache can
   shortcut them): a full run, then a rerun after one document changed (cache on).

Reports wall and CPU seconds, documents/s, the peak memory of the largest process and of all processes
together (PSS, sampled every second) and the time of each stage.

python -m bench.bench --shared ../shared [--sizes 10000,100000] [--rounds 3] [--workers 2] [--skip-html]
"""
from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

TRAFILATURA_ALONE = """
import gzip, sys, pathlib, trafilatura
from multiprocessing import get_context
def one(path):
    trafilatura.extract(gzip.open(path).read().decode('utf-8', 'replace'))
    return 1
if __name__ == '__main__':
    paths = sorted(pathlib.Path(sys.argv[1]).glob('*.html.gz'))
    n = int(sys.argv[2])
    if n == 1:
        print(sum(map(one, paths)))
    else:
        with get_context('fork').Pool(n) as pool:
            print(sum(pool.imap(one, paths, chunksize=8)))
"""


def timed(cmd: list[str]) -> dict:
    """Run a whole process: wall time, CPU time (it and its children), peak RSS of its largest process, the
    peak of all its processes' memory together (PSS, sampled every second) and its stderr."""
    wrapper = ("import resource, subprocess, sys, json; r = subprocess.run(sys.argv[1:], capture_output=True, text=True);"
               "u = resource.getrusage(resource.RUSAGE_CHILDREN);"
               "print(json.dumps({'rc': r.returncode, 'maxrss_kb': u.ru_maxrss, 'cpu_s': u.ru_utime + u.ru_stime,"
               " 'stderr': r.stderr[-4000:]}))")
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", wrapper, *cmd], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)
    sampler = TreeMemory(proc.pid)
    sampler.start()
    stdout, stderr = proc.communicate()
    wall = time.perf_counter() - t0
    sampler.stop()
    info = json.loads(stdout.strip().splitlines()[-1])
    if info["rc"] != 0:
        raise SystemExit(f"bench: {' '.join(cmd[:4])} ... failed:\n{info['stderr']}")
    info["seconds"] = wall
    info["tree_pss_mb"] = sampler.peak_mb
    return info


class TreeMemory(threading.Thread):
    """The peak over time of the summed PSS of a process and all its descendants (Linux ``/proc``; 0
    elsewhere). PSS splits shared pages between the processes that share them."""

    def __init__(self, root: int, every: float = 1.0) -> None:
        super().__init__(daemon=True)
        self.root, self.every, self.peak_mb = root, every, 0.0
        self._done = threading.Event()

    def run(self) -> None:
        while not self._done.wait(self.every):
            self.peak_mb = max(self.peak_mb, sum(_pss_kb(p) for p in _tree(self.root)) / 1024)

    def stop(self) -> None:
        self._done.set()
        self.join()


def _tree(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").glob("[0-9]*/stat"):
        try:
            ppid = int(entry.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        children.setdefault(ppid, []).append(int(entry.parent.name))
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo.extend(children.get(pid, []))
    return out


def _pss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def stage_times(stderr: str) -> dict[str, float]:
    return {m.group(1): float(m.group(2)) for m in re.finditer(r"^\s+(\w+)\s+([\d.]+) s$", stderr, re.M)}


def folder_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1e6


def curate(raw: Path, out: Path, workers: int, *extra: str) -> dict:
    cmd = [sys.executable, "-m", "pipeline", "curate", "--raw", str(raw), "--out", str(out), "--quiet", "--timings",
           "--workers", str(workers), *extra]
    info = timed(cmd)
    info["stages"] = stage_times(info["stderr"])
    return info


def trafilatura_alone(html: Path, workers: int) -> dict:
    return timed([sys.executable, "-c", TRAFILATURA_ALONE, str(html), str(workers)])


def show(name: str, n_docs: int, mb: float, info: dict) -> None:
    s = info["seconds"]
    stages = ", ".join(f"{k} {v:.1f}s" for k, v in info.get("stages", {}).items())
    print(f"{name}: {n_docs} docs, {mb:.1f} MB in {s:.1f} s ({info['cpu_s']:.1f} CPU-s) = {n_docs / s:.1f} docs/s, "
          f"largest process {info['maxrss_kb'] / 1024:.0f} MB, all processes {info.get('tree_pss_mb', 0):.0f} MB PSS"
          + (f"\n    stages (CPU-s summed over workers): {stages}" if stages else ""))


def html_rounds(html: Path, out: Path, rounds: int, workers: int, label: str, alone_workers: int = 0) -> None:
    """The pipeline against trafilatura alone on the same pages, in ``rounds`` rounds whose first command
    alternates (this machine's speed drifts over seconds, so one pair alone can land either side).
    trafilatura runs in ``alone_workers`` processes (default: as many as the pipeline's workers)."""
    alone_workers = alone_workers or workers
    n = len(list(html.glob("*.html.gz")))
    mb = folder_mb(html)
    pairs = []
    for r in range(max(1, rounds)):
        if r % 2 == 0:
            traf = trafilatura_alone(html, alone_workers)
            mine = curate(html, out, workers, "--no-cache")
        else:
            mine = curate(html, out, workers, "--no-cache")
            traf = trafilatura_alone(html, alone_workers)
        pairs.append((traf["seconds"] / mine["seconds"], traf, mine))
    ratios = [ratio for ratio, _, _ in pairs]
    _, traf, mine = sorted(pairs, key=lambda pair: pair[0])[len(pairs) // 2]
    print(f"== {label}: {n} HTML pages, {len(pairs)} rounds; the median round:")
    show(f"trafilatura alone ({alone_workers} process(es))", n, mb, traf)
    show(f"this pipeline (--workers {workers})", n, mb, mine)
    print(f"    throughput ratio (trafilatura time / pipeline time) per round: {' '.join(f'{x:.2f}' for x in ratios)}; "
          f"median {statistics.median(ratios):.2f}, lowest {min(ratios):.2f}, highest {max(ratios):.2f}")


# ---- scaled corpus ----------------------------------------------------------------------------------

def sources(shared: Path) -> list[str]:
    out = [json.loads(p.read_text(encoding="utf-8"))["markdown"] for p in sorted((shared / "data/docus").glob("*.json"))]
    out += [p.read_text(encoding="utf-8") for p in sorted((shared / "data/healthline").glob("*.md"))]
    return out


def vary(text: str, rng: random.Random, k: int, other: str = "") -> str:
    """A different but realistic article: its sections shuffled with about half of them taken from
    ``other`` (so that it is not a near-duplicate of any source, which deduplication would set aside),
    numbers changed, a few paragraphs dropped."""
    sections = re.split(r"\n(?=## )", text)
    head, rest = sections[0], sections[1:]
    extra = re.split(r"\n(?=## )", other)[1:] if other else []
    if extra:
        rest = [s for s in rest if rng.random() < 0.5] + [s for s in extra if rng.random() < 0.5]
    rng.shuffle(rest)
    paras = "\n".join([head, *rest]).split("\n\n")
    kept = [p for p in paras if rng.random() > 0.08]
    out = "\n\n".join(kept)
    out = re.sub(r"\b\d+\b", lambda m: str(int(m.group()) + rng.randint(1, 9)), out)
    return out.replace("# ", f"# Part {k}: ", 1)


def build_corpus(shared: Path, n: int, folder: Path, seed: int = 7) -> None:
    rng = random.Random(seed)
    src = sources(shared)
    for i in range(n):
        sub = folder / f"{i // 1000:04d}"
        sub.mkdir(parents=True, exist_ok=True)
        other = src[rng.randrange(len(src))]
        (sub / f"doc{i:06d}.md").write_text(vary(src[i % len(src)], rng, i, other), encoding="utf-8")


def _sizes(text: str) -> list[int]:
    """Comma-separated corpus sizes, each a positive whole number ("" for none)."""
    try:
        sizes = [int(x) for x in text.split(",") if x.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a list of whole numbers: {text!r}") from None
    if any(n <= 0 for n in sizes):
        raise argparse.ArgumentTypeError(f"sizes must be positive: {text!r}")
    return sizes


def copy_pages(folders: list[Path], target: Path) -> Path:
    target.mkdir(parents=True, exist_ok=True)
    for folder in folders:
        for page in folder.glob("*.html.gz"):
            if not (target / page.name).exists():
                shutil.copyfile(page, target / page.name)
    return target


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=Path("../shared"))
    ap.add_argument("--sizes", type=_sizes, default="10000",
                    help='scaled corpus sizes, comma-separated (e.g. 10000,100000; "" for none)')
    ap.add_argument("--skip-html", action="store_true", help="skip the HTML comparisons")
    ap.add_argument("--rounds", type=int, default=3, help="rounds of each HTML comparison (default 3)")
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="processes (default: all cores)")
    ap.add_argument("--workdir", type=Path, default=None, help="where to build corpora (default: a temp folder)")
    args = ap.parse_args()
    if not (args.shared / "data").is_dir():
        raise SystemExit(f"bench: no data folder under {args.shared} (use --shared PATH)")
    work = args.workdir or Path(tempfile.mkdtemp(prefix="bench-"))
    work.mkdir(parents=True, exist_ok=True)
    data = args.shared / "data"
    if not args.skip_html:
        all_pages = copy_pages([data / "extraction-benchmark/html", data / "wcxb-dev/html"], work / "html-892")
        html_rounds(all_pages, work / "html-out", args.rounds, args.workers, "extraction-benchmark + wcxb-dev")
        html_rounds(data / "extraction-benchmark/html", work / "html-out", args.rounds, args.workers,
                    "extraction-benchmark (the 181-page comparison: trafilatura in one process)", alone_workers=1)
    docus = work / "docus"
    if not docus.exists():
        shutil.copytree(data / "docus", docus)
    info = curate(docus, work / "docus-out", args.workers, "--no-cache")
    print("== docus")
    show(f"this pipeline (--workers {args.workers})", len(list(docus.glob("*.json"))), folder_mb(docus), info)
    for size in args.sizes:
        corpus = work / f"corpus-{size}"
        if not corpus.exists():
            t0 = time.perf_counter()
            build_corpus(args.shared, size, corpus)
            print(f"built {size} documents in {time.perf_counter() - t0:.0f} s")
        mb = folder_mb(corpus)
        cache = work / f"cache-{size}"
        shutil.rmtree(cache, ignore_errors=True)
        full = curate(corpus, work / f"out-{size}", args.workers, "--cache-dir", str(cache))
        print(f"== scaled corpus: {size} documents")
        show("full run (cache filled)", size, mb, full)
        victim = next(corpus.rglob("*.md"))
        victim.write_text(victim.read_text(encoding="utf-8") + "\n\nRest and ice can help.\n", encoding="utf-8")
        again = curate(corpus, work / f"out-{size}-b", args.workers, "--cache-dir", str(cache))
        print(f"    rerun after changing one document: {again['seconds']:.1f} s = "
              f"{100 * again['seconds'] / full['seconds']:.1f} % of the full run; "
              f"{again['stderr'].strip().splitlines()[-1].strip()}")
    if args.workdir is None:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
