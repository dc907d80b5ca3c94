"""Speed and scale benchmark: whole processes, so start-up counts.

1. the 181 HTML pages of ../shared/data/extraction-benchmark: this pipeline (default settings, both
   cores, no cache) against trafilatura's extraction alone in one process, on the same pages, in
   alternating rounds (``--rounds``, 5 by default): each round's ratio, their median, mean and range;
2. scaled corpora of N documents built from ../shared/data (docus, Healthline, HTML pages), each copy
   varied (sections shuffled, numbers and a title word changed, some paragraphs dropped) so neither
   deduplication nor the cache can shortcut them;
3. an incremental rerun after one document of the scaled corpus changed (cache on).

Reports documents/s, MB of input/s, peak memory (max RSS of the run and its workers) and the time of
each stage. python -m bench.bench --shared ../shared [--sizes 10000,100000] [--rounds 5] [--skip-html]
"""
from __future__ import annotations

import argparse
import json
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
n = 0
for p in sorted(pathlib.Path(sys.argv[1]).glob('*.html.gz')):
    trafilatura.extract(gzip.open(p).read().decode('utf-8', 'replace'))
    n += 1
print(n)
"""


def timed(cmd: list[str], env: dict | None = None) -> dict:
    """Run a whole process; wall time, CPU time (it and its children), peak RSS of its largest process
    (it or a child), the peak of all its processes' memory together (PSS, sampled every second) and its
    stderr."""
    wrapper = ("import resource, subprocess, sys, json; r = subprocess.run(sys.argv[1:], capture_output=True, text=True);"
               "u = resource.getrusage(resource.RUSAGE_CHILDREN);"
               "print(json.dumps({'rc': r.returncode, 'maxrss_kb': u.ru_maxrss, 'cpu_s': u.ru_utime + u.ru_stime,"
               " 'stderr': r.stderr[-4000:]}))")
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", wrapper, *cmd], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env=env)
    sampler = TreeMemory(proc.pid)
    sampler.start()
    stdout, _ = proc.communicate()
    wall = time.perf_counter() - t0
    sampler.stop()
    info = json.loads(stdout.strip().splitlines()[-1])
    info["seconds"] = wall
    info["tree_pss_mb"] = sampler.peak_mb
    return info


class TreeMemory(threading.Thread):
    """The peak over time of the summed PSS of a process and all its descendants (Linux ``/proc``; 0
    elsewhere). PSS splits shared pages between the processes that share them, so forked workers'
    shared tables count once."""

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


def curate(raw: Path, out: Path, *extra: str) -> dict:
    cmd = [sys.executable, "-m", "pipeline", "curate", "--raw", str(raw), "--out", str(out), "--quiet", "--timings", *extra]
    info = timed(cmd)
    info["stages"] = stage_times(info["stderr"])
    return info


def show(name: str, n_docs: int, mb: float, info: dict) -> None:
    s = info["seconds"]
    stages = ", ".join(f"{k} {v:.1f}s" for k, v in info.get("stages", {}).items())
    print(f"{name}: {n_docs} docs, {mb:.1f} MB in {s:.1f} s = {n_docs / s:.1f} docs/s, {mb / s:.2f} MB/s, "
          f"peak RSS {info['maxrss_kb'] / 1024:.0f} MB (largest process), {info.get('tree_pss_mb', 0):.0f} MB "
          f"(all its processes, PSS)" + (f"\n    stages (summed over workers): {stages}" if stages else ""))
    memory = [line.strip() for line in info.get("stderr", "").splitlines() if line.strip().startswith("client memory")]
    if memory:
        print(f"    {memory[-1]}")


def html_rounds(html: Path, out: Path, rounds: int) -> None:
    """The pipeline against trafilatura's extraction alone on the same pages, in ``rounds`` rounds. Each
    round times both, one after the other, the first of them alternating from round to round: this
    machine's speed drifts by ~10 % over seconds, so one pair alone can land either side of 1.0. Each
    round's ratio is printed, then their median; the details shown are those of the median round (the
    upper middle one of an even count)."""
    n = len(list(html.glob("*.html.gz")))
    mb = folder_mb(html)
    pairs = []
    for r in range(max(1, rounds)):
        if r % 2 == 0:
            traf = timed([sys.executable, "-c", TRAFILATURA_ALONE, str(html)])
            mine = curate(html, out, "--no-cache")
        else:
            mine = curate(html, out, "--no-cache")
            traf = timed([sys.executable, "-c", TRAFILATURA_ALONE, str(html)])
        pairs.append((traf["seconds"] / mine["seconds"], traf, mine))
    ratios = [ratio for ratio, _, _ in pairs]
    _, traf, mine = sorted(pairs, key=lambda pair: pair[0])[len(pairs) // 2]
    print(f"== {n} HTML pages ({html}), {len(pairs)} rounds; the median round:")
    show("trafilatura alone (1 process)", n, mb, traf)
    show("this pipeline (default settings)", n, mb, mine)
    print(f"    CPU time: trafilatura {traf['cpu_s']:.2f} s, this pipeline {mine['cpu_s']:.2f} s (all its processes)")
    print(f"    speed ratio (trafilatura time / pipeline time) per round: {' '.join(f'{x:.2f}' for x in ratios)}")
    print(f"    speed ratio: median {statistics.median(ratios):.2f}, mean {statistics.mean(ratios):.2f}, "
          f"lowest {min(ratios):.2f}, highest {max(ratios):.2f}; {sum(x >= 1.0 for x in ratios)} of {len(ratios)} rounds >= 1.0")


# ---- scaled corpus ----------------------------------------------------------------------------------

def sources(shared: Path) -> list[tuple[str, str]]:
    out = []
    for p in sorted((shared / "data/docus").glob("*.json")):
        out.append(("md", json.loads(p.read_text(encoding="utf-8"))["markdown"]))
    for p in sorted((shared / "data/healthline").glob("*.md")):
        out.append(("md", p.read_text(encoding="utf-8")))
    return out


def vary(text: str, rng: random.Random, k: int) -> str:
    """A different but realistic copy: sections shuffled, numbers changed, a few paragraphs dropped."""
    sections = re.split(r"\n(?=## )", text)
    head, rest = sections[0], sections[1:]
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
        kind, text = src[i % len(src)]
        sub = folder / f"{i // 1000:04d}"
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"doc{i:06d}.md").write_text(vary(text, rng, i), encoding="utf-8")


def _sizes(text: str) -> list[int]:
    """Comma-separated corpus sizes, each a positive whole number ("" for none)."""
    try:
        sizes = [int(x) for x in text.split(",") if x.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a list of whole numbers: {text!r}") from None
    if any(n <= 0 for n in sizes):
        raise argparse.ArgumentTypeError(f"sizes must be positive: {text!r}")
    return sizes


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", type=Path, default=Path("../shared"))
    ap.add_argument("--sizes", type=_sizes, default="10000",
                    help='scaled corpus sizes, comma-separated (e.g. 10000,100000; "" for none)')
    ap.add_argument("--skip-html", action="store_true")
    ap.add_argument("--rounds", type=int, default=5,
                    help="rounds of the HTML comparison, trafilatura and the pipeline alternating (default 5)")
    ap.add_argument("--workdir", type=Path, default=None, help="where to build corpora (default: a temp dir)")
    args = ap.parse_args()
    work = args.workdir or Path(tempfile.mkdtemp(prefix="bench-"))
    work.mkdir(parents=True, exist_ok=True)
    if not args.skip_html:
        html_rounds(args.shared / "data/extraction-benchmark/html", work / "html-out", args.rounds)
    for size in args.sizes:
        corpus = work / f"corpus-{size}"
        if not corpus.exists():
            t0 = time.perf_counter()
            build_corpus(args.shared, size, corpus)
            print(f"built {size} documents in {time.perf_counter() - t0:.0f} s")
        mb = folder_mb(corpus)
        cache = work / f"cache-{size}"
        shutil.rmtree(cache, ignore_errors=True)
        full = curate(corpus, work / f"out-{size}", "--cache-dir", str(cache))
        print(f"== scaled corpus: {size} documents")
        show("full run (cache filled)", size, mb, full)
        victim = next(corpus.rglob("*.md"))
        victim.write_text(victim.read_text(encoding="utf-8") + "\n\nRest and ice can help.\n", encoding="utf-8")
        again = curate(corpus, work / f"out-{size}-b", "--cache-dir", str(cache))
        print(f"    rerun after changing one document: {again['seconds']:.1f} s = "
              f"{100 * again['seconds'] / full['seconds']:.1f} % of the full run; {again['stderr'].strip().splitlines()[-1]}")
    if args.workdir is None:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
