"""The knowledge base and the files that describe the output: knowledge_base.json, datapackage.json, run.json."""
from __future__ import annotations

import platform
from collections.abc import Iterator
from itertools import groupby
from operator import itemgetter
from typing import Any

from .. import __version__
from ..config import Settings
from ..io import COLUMNS
from .tables import EVIDENCE_FIELDS

SCHEMA_VERSION = "1.0"


def knowledge_base(documents, entities, relations, evidence) -> dict[str, Any]:
    """The one file an app needs: documents, entities with aliases/sources/evidence, and conditions.

    ``relations`` are ``(condition, relation, entity id, name, n documents, "id|id|...")`` sorted by
    condition; ``evidence`` maps an entity id to its ``EVIDENCE_FIELDS`` tuples. The entities and conditions
    are made one record at a time as ``io.write_json_records`` writes them."""
    return {"schema_version": SCHEMA_VERSION, "documents": documents,
            "entities": _kb_entities(entities, evidence), "conditions": _kb_conditions(relations)}


def _kb_entities(entities, evidence) -> Iterator[dict[str, Any]]:
    for e in entities:
        ev = evidence.get(e["entity_id"], [])
        yield {"entity_id": e["entity_id"], "type": e["type"], "name": e["name"],
               "aliases": e["aliases"], "n_documents": e["n_documents"], "n_mentions": e["n_mentions"],
               "n_contraindicated": e["n_contraindicated"], "ontology_id": e.get("ontology_id", ""),
               "sources": sorted({t[0] for t in ev}), "evidence": [dict(zip(EVIDENCE_FIELDS, t)) for t in ev]}


def _kb_conditions(relations) -> Iterator[dict[str, Any]]:
    for name, rows in groupby(relations, key=itemgetter(0)):
        cond: dict[str, Any] = {"name": name, "causes": [], "symptoms": [], "treatments": [], "exercises": [],
                                "contraindicated": []}
        for _, relation, eid, ent_name, n_docs, ids in rows:
            entry = {"entity_id": eid, "name": ent_name, "n_documents": int(n_docs),
                     "evidence": ids.split("|") if ids else []}
            if relation.startswith("contraindicated_"):
                cond["contraindicated"].append({**entry, "type": relation.split("_", 1)[1]})
            else:
                cond[relation + "s"].append(entry)
        yield cond


def run_metadata(settings: Settings, report, result) -> dict[str, Any]:
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
            "overrides_applied": result.applied}


def datapackage() -> dict[str, Any]:
    """A Frictionless Data Package describing every CSV table, with primary and foreign keys."""
    types = {"index": "integer", "start": "integer", "end": "integer", "n_sentences": "integer",
             "sentence_index": "integer", "n_documents": "integer", "n_mentions": "integer",
             "n_contraindicated": "integer", "n_content": "integer", "n_boilerplate": "integer",
             "n_spun": "integer", "spin_score": "number", "score": "number"}
    keys = {"documents.csv": (["doc_id"], []),
            "sentences.csv": (["doc_id", "index"], [(["doc_id"], "documents", ["doc_id"])]),
            "entities.csv": (["entity_id"], []),
            "mentions.csv": (["mention_id"], [(["doc_id"], "documents", ["doc_id"]),
                                              (["entity_id"], "entities", ["entity_id"])]),
            "relations.csv": ([], [(["entity_id"], "entities", ["entity_id"])])}
    resources = []
    for name, cols in COLUMNS.items():
        schema: dict[str, Any] = {"fields": [{"name": c, "type": types.get(c, "string")} for c in cols]}
        pk, fks = keys.get(name, ([], []))
        if pk:
            schema["primaryKey"] = pk
        if fks:
            schema["foreignKeys"] = [{"fields": f, "reference": {"resource": res, "fields": rf}} for f, res, rf in fks]
        resources.append({"name": name[:-4].replace("_", "-"), "path": name, "profile": "tabular-data-resource",
                          "format": "csv", "encoding": "utf-8", "schema": schema})
    return {"name": "health-knowledge-base", "profile": "tabular-data-package", "resources": resources}
