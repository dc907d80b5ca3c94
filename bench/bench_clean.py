"""HTML cleaning benchmark: this pipeline against trafilatura alone, on both HTML folders.

For each page: bag-of-words precision/recall/F1 against the gold article body; for WCXB also the
`with` snippets lost and the `without` snippets leaked. Both systems run in this process on the same
pages; the time of each is the extraction time (the pipeline's includes segmentation and cleaning).

python -m bench.bench_clean --shared ../shared [--limit N]
"""
from __future__ import annotations

import argparse
import gzip
import json
import re
import time
from collections import Counter
from pathlib import Path

from pipeline.config import load_settings
from pipeline.records import Document
from pipeline.stages import clean, html, segment
from pipeline.stages.htmlmeta import page_metadata

_W = re.compile(r"\w+", re.UNICODE)


def bow(text: str) -> Counter:
    return Counter(w.lower() for w in _W.findall(text or ""))


def prf(sys_text: str, gold_text: str) -> tuple[float, float, float, int, int, int]:
    s, g = bow(sys_text), bow(gold_text)
    tp = sum((s & g).values())
    ns, ng = sum(s.values()), sum(g.values())
    p = tp / ns if ns else (1.0 if not ng else 0.0)
    r = tp / ng if ng else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f, tp, ns, ng


def norm(text: str) -> str:
    return " ".join(_W.findall(text.lower()))


def load_pages(shared: Path, which: str, limit: int):
    if which == "extraction-benchmark":
        gold = json.loads((shared / "data/extraction-benchmark/ground-truth.json").read_text(encoding="utf-8"))
        for i, (pid, g) in enumerate(sorted(gold.items())):
            if limit and i >= limit:
                break
            path = shared / "data/extraction-benchmark/html" / f"{pid}.html.gz"
            yield pid, gzip.open(path).read().decode("utf-8", "replace"), g["articleBody"], [], []
    else:
        for i, path in enumerate(sorted((shared / "data/wcxb-dev/ground-truth").glob("*.json"))):
            if limit and i >= limit:
                break
            d = json.loads(path.read_text(encoding="utf-8"))
            g = d["ground_truth"]
            html_path = shared / "data/wcxb-dev/html" / f"{path.stem}.html.gz"
            if not html_path.exists():
                continue

            def snippets(v):
                if isinstance(v, list):
                    return v
                try:
                    import ast
                    return list(ast.literal_eval(v)) if v else []
                except (ValueError, SyntaxError):
                    return [v] if v else []

            yield (path.stem, gzip.open(html_path).read().decode("utf-8", "replace"), g.get("main_content", ""),
                   snippets(g.get("with")), snippets(g.get("without")))


def pipeline_text(page: str, settings) -> str:
    doc = Document(doc_id="b", source="b.html", fmt="html", html=page)
    doc.meta = page_metadata(page)
    doc.title = doc.meta.get("title", "")
    doc = html.extract_main(doc, settings.clean)
    if not doc.ok:
        return ""
    doc = segment.segment([doc])[0]
    doc = clean.clean(doc, None, settings.clean)
    return "\n".join(s.text for s in doc.sentences if s.label == "content")


def run(shared: Path, which: str, limit: int) -> dict:
    import trafilatura

    settings = load_settings()
    rows = []
    t_traf = t_pipe = 0.0
    leaked = {"trafilatura": 0, "pipeline": 0}
    lost = {"trafilatura": 0, "pipeline": 0}
    n_with = n_without = 0
    for pid, page, gold, with_, without in load_pages(shared, which, limit):
        t0 = time.perf_counter()
        traf = trafilatura.extract(page) or ""
        t_traf += time.perf_counter() - t0
        t0 = time.perf_counter()
        mine = pipeline_text(page, settings)
        t_pipe += time.perf_counter() - t0
        rows.append((pid, prf(traf, gold), prf(mine, gold)))
        for name, text in (("trafilatura", traf), ("pipeline", mine)):
            nt = norm(text)
            leaked[name] += sum(1 for s in without if norm(s) and norm(s) in nt)
            lost[name] += sum(1 for s in with_ if norm(s) and norm(s) not in nt)
        n_with += len(with_)
        n_without += len(without)

    def micro(idx: int) -> tuple[float, float, float]:
        tp = sum(r[idx][3] for r in rows)
        ns = sum(r[idx][4] for r in rows)
        ng = sum(r[idx][5] for r in rows)
        p, r_ = tp / ns if ns else 0, tp / ng if ng else 0
        return p, r_, 2 * p * r_ / (p + r_) if p + r_ else 0

    mean_f = lambda idx: sum(r[idx][2] for r in rows) / max(1, len(rows))  # noqa: E731
    wins = sum(1 for r in rows if r[2][2] > r[1][2] + 0.01)
    losses = sum(1 for r in rows if r[2][2] < r[1][2] - 0.01)
    worst = sorted(rows, key=lambda r: r[2][2] - r[1][2])[:5]
    return {"folder": which, "pages": len(rows), "trafilatura": {"micro": micro(1), "mean_f1": mean_f(1),
            "seconds": t_traf, "leaked_without": leaked["trafilatura"], "lost_with": lost["trafilatura"]},
            "pipeline": {"micro": micro(2), "mean_f1": mean_f(2), "seconds": t_pipe, "leaked_without": leaked["pipeline"],
                         "lost_with": lost["pipeline"]},
            "snippets": {"with": n_with, "without": n_without}, "wins": wins, "losses": losses,
            "worst": [(r[0], round(r[1][2], 3), round(r[2][2], 3)) for r in worst]}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", type=Path, default=Path("../shared"))
    ap.add_argument("--limit", type=int, default=0, help="pages per folder (0: all)")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    results = []
    for which in ("extraction-benchmark", "wcxb-dev"):
        res = run(args.shared, which, args.limit)
        results.append(res)
        print(f"== {which}: {res['pages']} pages")
        for name in ("trafilatura", "pipeline"):
            r = res[name]
            p, rc, f = r["micro"]
            extra = (f"  with lost {r['lost_with']}/{res['snippets']['with']}, without leaked "
                     f"{r['leaked_without']}/{res['snippets']['without']}") if res["snippets"]["with"] else ""
            print(f"  {name:<12} P {p:.3f} R {rc:.3f} F1 {f:.3f} (mean page F1 {r['mean_f1']:.3f})  "
                  f"{r['seconds']:.1f} s{extra}")
        print(f"  pages better / worse than trafilatura (by > 0.01 F1): {res['wins']} / {res['losses']}")
        print(f"  largest losses (page, trafilatura F1, pipeline F1): {res['worst']}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
