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
    ap.add_argument("--entities", action="store_true", help="show entity misses instead of sentence labels")
    args = ap.parse_args()
    if args.entities:
        entity_diff(args.gold, args.curated)
        return
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


def entity_diff(gold_dir: Path, curated: Path) -> None:
    """False negatives and positives per document and type, with the scorer's own matching."""
    import importlib.util
    import sys as _sys

    spec = importlib.util.spec_from_file_location("score", gold_dir.parent.parent / "tools" / "score.py")
    score = importlib.util.module_from_spec(spec)
    _sys.modules["score"] = score
    spec.loader.exec_module(score)
    docs = {r["source"].rsplit("/", 1)[-1]: r for r in csv.DictReader((curated / "documents.csv").open())}
    ments: dict[str, list[dict]] = {}
    for r in csv.DictReader((curated / "mentions.csv").open()):
        ments.setdefault(r["doc_id"], []).append(r)
    for path in sorted(gold_dir.glob("*.json")):
        g = json.loads(path.read_text())
        row = docs.get(g["doc"])
        if not row or g.get("spun_document"):
            continue
        print(f"== {g['doc']}")
        for t in score.TYPES:
            gi = {}
            for m in g["mentions"]:
                if m["type"] == t:
                    gi.setdefault((score.norm(m["surface"]), m["canonical"], m.get("flag") or ""), m["surface"])
            gi = sorted((k[0], v, k[2]) for k, v in gi.items())
            si = {}
            for m in ments.get(row["doc_id"], []):
                if m["type"] == t:
                    si.setdefault(score.norm(m["surface"]), (score.norm(m["surface"]), m["surface"], m["flag"], m["rule"]))
            si = sorted(si.values())
            pairs = score.greedy_match([(x[0],) for x in gi], [(x[0],) for x in si])
            mg = {a for a, _ in pairs}
            ms = {b for _, b in pairs}
            fn = [gi[i][1] + (f"[{gi[i][2]}]" if gi[i][2] else "") for i in range(len(gi)) if i not in mg]
            fp = [f"{si[i][1]}({si[i][3]})" for i in range(len(si)) if i not in ms]
            flags = [f"{gi[a][1]}: gold {gi[a][2] or '-'} / mine {si[b][2] or '-'}" for a, b in pairs if gi[a][2] != si[b][2]]
            if fn or fp or flags:
                print(f"  {t}: FN {fn}\n  {' ' * len(t)}  FP {fp}" + (f"\n  {' ' * len(t)}  FLAG {flags}" if flags else ""))


if __name__ == "__main__":
    main()
