"""Show where the pipeline's sentence labels disagree with gold (a development aid).

python -m bench.gold_diff --gold ../shared/gold/seeds --curated curated [--doc 004]
"""
from __future__ import annotations

import argparse
import csv
import json
import re
from pathlib import Path

_W = re.compile(r"\w+")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--gold", type=Path, required=True)
    ap.add_argument("--curated", type=Path, required=True)
    ap.add_argument("--doc", default="")
    args = ap.parse_args()
    docs = {r["source"].rsplit("/", 1)[-1]: r for r in csv.DictReader((args.curated / "documents.csv").open())}
    sents: dict[str, list[dict]] = {}
    for r in csv.DictReader((args.curated / "sentences.csv").open()):
        sents.setdefault(r["doc_id"], []).append(r)
    for path in sorted(args.gold.glob("*.json")):
        g = json.loads(path.read_text())
        if args.doc and args.doc not in g["doc"]:
            continue
        row = docs.get(g["doc"])
        if not row:
            continue
        mine = sents.get(row["doc_id"], [])
        print(f"== {g['doc']} ({row['status']} {row['reason']})")
        for gs in g["sentences"]:
            gw = set(_W.findall(gs["text"].lower()))
            best = max(mine, key=lambda r: len(gw & set(_W.findall(r["text"].lower()))), default=None)
            if best is None:
                continue
            ml = best["label"] if row["status"] == "kept" else "spun"
            if (gs["label"] == "content") != (ml == "content"):
                print(f"  gold {gs['label'][:4]} / mine {ml[:4]} {best['reason']:<32} | {gs['text'][:110]}")


if __name__ == "__main__":
    main()
