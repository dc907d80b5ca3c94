"""The knowledge base's records (JSON Lines sections, knowledge_base.json for small runs) and the files that
describe the output: datapackage.json, run.json."""
from __future__ import annotations

import hashlib
import platform
from collections import Counter, namedtuple
from collections.abc import Iterator
from itertools import groupby
from typing import Any

from .. import __version__
from ..config import Settings
from ..io import COLUMNS
from .schemas import JSONL as JSONL_SCHEMAS
from .schemas import JSONL_KEYS, table_schema
from .tables import condition_id

SQLITE_NAME = "knowledge_base.sqlite"

SCHEMA_VERSION = "2.0"
KB_JSON_MAX_DOCUMENTS = 1000  # knowledge_base.json (everything in one file) only for runs up to this size
JSONL = ("documents", "conditions", "entities", "relations")
SENTENCE_CHARS = 400  # an evidence sentence longer than this is cut (the whole one is in sentences.csv)


def relation_id(condition_id: str, relation: str, entity_id: str) -> str:
    return "R" + hashlib.sha256(f"{condition_id}|{relation}|{entity_id}".encode()).hexdigest()[:12]


def entity_record(e: dict) -> dict[str, Any]:
    """entities.jsonl's record (its evidence is its relations'; every mention is in the database)."""
    return {"entity_id": e["entity_id"], "type": e["type"], "name": e["name"], "aliases": e["aliases"],
            "n_documents": e["n_documents"], "n_mentions": e["n_mentions"], "n_contraindicated": e["n_contraindicated"],
            "ontology_id": e.get("ontology_id", ""), "concept": e.get("concept", "")}


def relation_records(relations, texts: dict, urls: dict) -> Iterator[dict[str, Any]]:
    """relations.jsonl's records from the relation frame's rows (``tables.relation_table``), with the
    cited sentences' ``texts`` {(doc_id, index): text} and the documents' ``urls``."""
    for r in relations.itertuples(index=False):
        yield {"relation_id": relation_id(r.condition_id, r.relation, r.entity_id), "condition_id": r.condition_id,
               "condition": r.condition, "relation": r.relation, "entity_id": r.entity_id, "name": r.name,
               "n_sources": int(r.n_documents), "confidence": float(r.confidence), "conflict": bool(r.conflict),
               "stated": bool(r.stated),
               "evidence": [{"doc_id": d, "url": urls.get(d, ""), "sentence_index": int(i), "mention_id": m,
                             "text": _cut(texts.get((d, int(i)), ""))} for d, i, m in r.evidence_sentences]}


def _cut(text: str) -> str:
    return text if len(text) <= SENTENCE_CHARS else text[:SENTENCE_CHARS - 1] + "…"


def condition_records(relations, n_documents: Counter, ontology: dict[str, str]) -> Iterator[dict[str, Any]]:
    """conditions.jsonl's records: every condition a kept document has or a listed relation names (the other
    condition of an article comparing two, ``n_documents`` 0 when no document is about it), with its items'
    entity ids per relation (most sources first) and the items its sources disagree on."""
    # the frame is sorted by condition: each condition's rows are one run, read column by column (a row
    # object each would be millions at 100,000 documents)
    cols = {c: relations[c].tolist() for c in ("condition", "relation", "entity_id", "name", "n_documents", "conflict")}
    runs: dict[str, tuple[int, int]] = {}
    for name, group in groupby(range(len(cols["condition"])), key=cols["condition"].__getitem__):
        if name in runs:
            raise ValueError("condition_records needs the relations sorted by condition")
        first = next(group)
        runs[name] = (first, first + 1 + sum(1 for _ in group))
    Row = namedtuple("Row", list(cols))
    for name in sorted(set(n_documents) | set(runs)):
        a, b = runs.get(name, (0, 0))
        rows = map(Row, *(column[a:b] for column in cols.values()))
        rec: dict[str, Any] = {"condition_id": condition_id(name), "name": name, "ontology_id": ontology.get(name, ""),
                               "n_documents": int(n_documents.get(name, 0)), "causes": [], "symptoms": [],
                               "treatments": [], "exercises": [], "contraindicated": [], "conflicts": []}
        sides: dict[str, dict] = {}
        for r in rows:
            against = r.relation.startswith("contraindicated_")
            rec["contraindicated" if against else r.relation + "s"].append(r.entity_id)
            if r.conflict:
                c = sides.setdefault(r.entity_id, {"entity_id": r.entity_id, "name": r.name,
                                                   "type": r.relation.split("_")[-1], "n_advised": 0, "n_against": 0})
                c["n_against" if against else "n_advised"] = int(r.n_documents)
        rec["conflicts"] = sorted(sides.values(), key=lambda c: (-(c["n_advised"] + c["n_against"]), c["name"]))
        yield rec


def knowledge_base(documents, entities, conditions, relations) -> dict[str, Any]:
    """knowledge_base.json for small runs: the JSON Lines sections in one object, each condition with its
    relations (evidence sentences included) in place of entity ids."""
    rels: dict[str, list] = {}
    for r in relations:
        rels.setdefault(r["condition_id"], []).append(r)

    def inline(c: dict) -> dict:
        out = {k: v for k, v in c.items() if k not in ("causes", "symptoms", "treatments", "exercises", "contraindicated")}
        for kind in ("causes", "symptoms", "treatments", "exercises", "contraindicated"):
            out[kind] = [{k: v for k, v in r.items() if k not in ("condition_id", "condition")}
                         for r in rels.get(c["condition_id"], [])
                         if (r["relation"].startswith("contraindicated_") if kind == "contraindicated"
                             else r["relation"] + "s" == kind)]
        return out

    return {"schema_version": SCHEMA_VERSION, "documents": documents, "entities": entities,
            "conditions": [inline(c) for c in conditions]}


def run_metadata(settings: Settings, report, result, ontology_coverage: dict | None = None) -> dict[str, Any]:
    """Effective configuration, versions and counts: deterministic (no timestamps, no timings)."""
    import importlib.metadata as md

    versions = {}
    for pkg in ("spacy", "spacy-lookups-data", "trafilatura", "beautifulsoup4", "lxml", "rapidfuzz", "wordfreq",
                "pandas"):
        try:
            versions[pkg] = md.version(pkg)
        except md.PackageNotFoundError:
            versions[pkg] = ""
    from ..resources import resource_versions

    settings_dict = settings.to_dict()
    for key in ("raw", "out", "workers", "quiet", "work", "cache_dir", "engine", "scheduler"):
        settings_dict.pop(key, None)
    return {"pipeline_version": __version__, "python": platform.python_version(), "versions": versions,
            "resources": resource_versions(), "settings": settings_dict, **report.to_dict(),
            "overrides_applied": result.applied, "ontology_coverage": ontology_coverage or {}}


def datapackage() -> dict[str, Any]:
    """A Frictionless Data Package: every CSV table with its Table Schema (field descriptions, types,
    primary and foreign keys), the JSON Lines files with their JSON Schemas (in ``schemas/``) and the
    SQLite database built from the tables."""
    resources = []
    for name in COLUMNS:
        resources.append({"name": name[:-4].replace("_", "-"), "path": name, "profile": "tabular-data-resource",
                          "format": "csv", "mediatype": "text/csv", "encoding": "utf-8", "schema": table_schema(name)})
    for name in JSONL:
        res: dict[str, Any] = {"name": f"{name}-jsonl", "path": f"{name}.jsonl", "profile": "data-resource",
                               "type": "file", "format": "jsonl", "mediatype": "application/jsonl", "encoding": "utf-8",
                               "description": JSONL_SCHEMAS[name]["title"],
                               "jsonSchema": f"schemas/{name}.schema.json",
                               "primaryKey": JSONL_SCHEMAS[name]["x-primary-key"]}
        if JSONL_KEYS[name]:
            res["foreignKeys"] = [{"fields": f, "reference": {"resource": r, "fields": rf}} for f, r, rf in JSONL_KEYS[name]]
        resources.append(res)
    resources.append({"name": "database", "path": SQLITE_NAME, "profile": "data-resource", "type": "file",
                      "format": "sqlite",
                      "mediatype": "application/vnd.sqlite3",
                      "description": "every CSV table in one SQLite database (same rows, keys and indexes)"})
    return {"name": "health-knowledge-base", "profile": "data-package", "resources": resources}
