"""Where the relation confidence's per-mention strengths come from: the precision of each rule family's
mentions (and of those linked to a lexicon concept) against annotated articles, matched the way the gold
scorer matches them.

python -m bench.bench_confidence --gold ../shared/gold/train --curated OUT   (OUT: a curate run on the
gold folder's raw files, laid out by ../shared/tools/goldset.py)
"""
from __future__ import annotations

import argparse
import csv
import importlib.util
from collections import Counter, defaultdict
from pathlib import Path


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gold", type=Path, required=True)
    ap.add_argument("--curated", type=Path, required=True)
    ap.add_argument("--scorer", type=Path, default=Path("../shared/tools/score.py"))
    args = ap.parse_args()
    spec = importlib.util.spec_from_file_location("score", args.scorer)
    score = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(score)
    gold = score.load_gold(args.gold)
    documents = score.read_table(args.curated / "documents.csv")
    rows = score.match_doc_ids(gold, documents)
    by_doc = defaultdict(list)
    with (args.curated / "mentions.csv").open(encoding="utf-8", newline="") as fh:
        for m in csv.DictReader(fh):
            by_doc[m["doc_id"]].append(m)
    hit, total = Counter(), Counter()
    for g in gold:
        row = rows.get(g["doc"])
        if row is None or row["status"] != "kept":
            continue
        for typ in score.TYPES:
            gold_items = [(score.norm(m["surface"]),) for m in g["mentions"] if m["type"] == typ]
            sys_rows = [m for m in by_doc[row["doc_id"]] if m["type"] == typ]
            pairs = score.greedy_match(gold_items, [(score.norm(m["surface"]),) for m in sys_rows])
            matched = {si for _, si in pairs}
            for si, m in enumerate(sys_rows):
                for key in (m["rule"].split(":")[0], m["rule"].split(":")[0] + (" linked" if m["concept"] else " free")):
                    total[key] += 1
                    hit[key] += si in matched
    for key in sorted(total):
        print(f"{key:<22} precision {hit[key] / total[key]:.2f} ({hit[key]}/{total[key]})")


if __name__ == "__main__":
    main()
