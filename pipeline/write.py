"""Write the knowledge base: stream document and sentence rows, then the global tables and JSON.

Only this module and io.py decide what goes in curated/; it calls the dedupe stage
over compact mention summaries, never over whole documents.
"""
from __future__ import annotations

import json
import platform
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from . import __version__
from . import io as pio
from .config import Settings
from .records import Document, Label
from .stages import dedupe

SCHEMA_VERSION = "1.0"
EVIDENCE_CAP = 25    # mention ids kept per relation (relations.csv)
SENTENCE_CAP = 5     # evidence sentences kept per entity (knowledge_base.json); mentions.csv has them all


def _doc_row(d: Document) -> dict[str, Any]:
    labels = Counter(s.label for s in d.sentences)
    return {
        "doc_id": d.doc_id, "source": d.source, "url": d.url, "title": d.title, "status": d.status,
        "reason": d.reason, "n_sentences": len(d.sentences), "content_sha256": d.content_sha256,
        "format": d.fmt, "extraction": d.extraction, "n_content": labels.get(Label.CONTENT.value, 0),
        "n_boilerplate": labels.get(Label.BOILERPLATE.value, 0), "n_spun": labels.get(Label.SPUN.value, 0),
        "spin_score": d.spin_score, "condition": d.condition, "warnings": d.warnings,
    }


class Writer:
    def __init__(self, out: pio.AtomicOutput, settings: Settings, report):
        self.out, self.settings, self.report = out, settings, report
        self.documents = pio.TableWriter(out.open("documents.csv"), "documents.csv")
        self.sentences = pio.TableWriter(out.open("sentences.csv"), "sentences.csv")
        self.review_spin: list[dict[str, Any]] = []
        self.doc_index: list[dict[str, Any]] = []
        self.summary = dedupe.MentionSummary()
        self.mention_spool = out.tmp / "mentions.spool.jsonl"
        self._spool = self.mention_spool.open("w", encoding="utf-8")
        self.work = Path(settings.work) if settings.work else None
        self._work = (self.work / "documents.jsonl").open("w", encoding="utf-8") if self.work else None
        if self.work:
            self.work.mkdir(parents=True, exist_ok=True)

    def add(self, d: Document) -> None:
        """Stream one finished document's rows; keep only what the global steps need."""
        r = self.report
        r.documents[d.status] += 1
        if d.status == "failed":
            r.failures[d.reason.split(":")[0]] += 1
        r.warnings.extend(f"{d.source}: {w}" for w in d.warnings)
        self.documents.add(_doc_row(d))
        for s in d.sentences:
            r.sentences[s.label] += 1
            if s.label != Label.CONTENT.value:
                r.reasons[s.reason.split(":")[0]] += 1
            self.sentences.add({"doc_id": d.doc_id, "index": s.index, "start": s.start, "end": s.end,
                                "label": s.label, "reason": s.reason, "kind": s.kind, "section": s.section,
                                "text": s.text})
        if d.spin_evidence and (d.status == "quarantined" or d.spin_score >= self.settings.spin.review_band):
            self.review_spin.append({"doc_id": d.doc_id, "source": d.source, "score": d.spin_score,
                                     "status": d.status, "evidence": d.spin_evidence})
        self.doc_index.append({"doc_id": d.doc_id, "source": d.source, "url": d.url, "title": d.title,
                               "status": d.status, "reason": d.reason, "condition": d.condition})
        if d.ok:
            texts = {s.index: s.text for s in d.sentences}
            for m in d.mentions:
                r.mentions[m.type] += 1
                self.summary.add(m, d.doc_id)
                row = {k: getattr(m, k) for k in pio.COLUMNS["mentions.csv"]}
                row["condition"], row["sentence"] = d.condition, texts.get(m.sentence_index, "")
                self._spool.write(json.dumps(row, ensure_ascii=False) + "\n")
        if self._work:
            self._work.write(json.dumps(d.to_dict(), ensure_ascii=False) + "\n")

    def finish(self, run_dedupe: bool) -> None:
        self.documents.close()
        self.sentences.close()
        self._spool.close()
        if self._work:
            self._work.close()
        s = self.settings
        result = dedupe.deduplicate(self.summary, s.dedupe, _overrides_path(s)) if run_dedupe else dedupe.DedupeResult()
        self.report.entities.update(Counter(e["type"] for e in result.entities))
        self.report.warnings.extend(result.problems)
        mentions = pio.TableWriter(self.out.open("mentions.csv"), "mentions.csv")
        relations: dict[tuple[str, str, str], dict[str, Any]] = {}
        evidence: dict[str, list[dict[str, Any]]] = defaultdict(list)
        with self.mention_spool.open(encoding="utf-8") as fh:
            for line in fh:
                m = json.loads(line)
                eid = result.entity_of.get(dedupe.key_of(m), "") if run_dedupe else ""
                if eid in result.rejected:
                    continue
                m["entity_id"] = eid
                if eid in result.retyped:
                    m["type"] = result.retyped[eid]
                mentions.add(m)
                if not eid:
                    continue
                if len(evidence[eid]) < SENTENCE_CAP:
                    evidence[eid].append({"doc_id": m["doc_id"], "sentence_index": m["sentence_index"],
                                          "mention_id": m["mention_id"], "surface": m["surface"],
                                          "flag": m["flag"], "sentence": m["sentence"]})
                if m["flag"] == "negated" or not m["condition"]:
                    continue
                rel = m["type"] if m["flag"] != "contraindicated" else f"contraindicated_{m['type']}"
                slot = relations.setdefault((m["condition"], rel, eid), {"docs": set(), "ids": []})
                slot["docs"].add(m["doc_id"])
                if len(slot["ids"]) < EVIDENCE_CAP:
                    slot["ids"].append(m["mention_id"])
        mentions.close()
        self.mention_spool.unlink()
        names = {e["entity_id"]: e["name"] for e in result.entities}
        rel_rows = [{"condition": c, "relation": r, "entity_id": e, "name": names.get(e, ""),
                     "n_documents": len(v["docs"]), "evidence": v["ids"]}
                    for (c, r, e), v in relations.items()]
        rel_rows.sort(key=lambda x: (x["condition"], x["relation"], -x["n_documents"], x["name"], x["entity_id"]))
        self.out.write("entities.csv", pio.csv_text("entities.csv", result.entities))
        self.out.write("relations.csv", pio.csv_text("relations.csv", rel_rows))
        self.out.write("review_spin.csv", pio.csv_text(
            "review_spin.csv", sorted(self.review_spin, key=lambda x: (-x["score"], x["source"]))))
        self.out.write("review_pairs.csv", pio.csv_text("review_pairs.csv", result.review_pairs))
        self.out.write("merged_ids.csv", pio.csv_text("merged_ids.csv", result.merged_ids))
        kb = knowledge_base(self.doc_index, result.entities, rel_rows, evidence)
        self.out.write("knowledge_base.json", pio.json_text(kb))
        self.out.write("datapackage.json", pio.json_text(datapackage()))
        self.out.write("run.json", pio.json_text(run_metadata(s, self.report, result)))
        from .report import render_report

        self.out.write("report.html", render_report(self.out.tmp))


def knowledge_base(documents, entities, relations, evidence) -> dict[str, Any]:
    """The one file an app needs: documents, entities with aliases/sources/evidence, and conditions."""
    by_id = {}
    ents = []
    for e in entities:
        item = {"entity_id": e["entity_id"], "type": e["type"], "name": e["name"],
                "aliases": e["aliases"], "n_documents": e["n_documents"], "n_mentions": e["n_mentions"],
                "n_contraindicated": e["n_contraindicated"], "ontology_id": e.get("ontology_id", ""),
                "sources": sorted({ev["doc_id"] for ev in evidence.get(e["entity_id"], [])}),
                "evidence": evidence.get(e["entity_id"], [])}
        by_id[e["entity_id"]] = item
        ents.append(item)
    conditions: dict[str, dict[str, Any]] = {}
    for r in relations:
        cond = conditions.setdefault(r["condition"], {"name": r["condition"], "causes": [], "symptoms": [],
                                                      "treatments": [], "exercises": [], "contraindicated": []})
        entry = {"entity_id": r["entity_id"], "name": r["name"], "n_documents": r["n_documents"],
                 "evidence": r["evidence"]}
        if r["relation"].startswith("contraindicated_"):
            cond["contraindicated"].append({**entry, "type": r["relation"].split("_", 1)[1]})
        else:
            cond[r["relation"] + "s"].append(entry)
    return {"schema_version": SCHEMA_VERSION, "documents": documents, "entities": ents,
            "conditions": [conditions[k] for k in sorted(conditions)]}


def _overrides_path(settings: Settings) -> Path | None:
    if settings.overrides:
        return Path(settings.overrides)
    default = Path("config/overrides.csv")
    return default if default.exists() else None


def run_metadata(settings: Settings, report, result) -> dict[str, Any]:
    """Effective configuration, versions and counts: deterministic (no timestamps, no timings)."""
    import importlib.metadata as md

    versions = {}
    for pkg in ("spacy", "spacy-lookups-data", "trafilatura", "beautifulsoup4", "lxml", "rapidfuzz", "wordfreq"):
        try:
            versions[pkg] = md.version(pkg)
        except md.PackageNotFoundError:
            versions[pkg] = ""
    from .resources import resource_versions

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
    for name, cols in pio.COLUMNS.items():
        schema: dict[str, Any] = {"fields": [{"name": c, "type": types.get(c, "string")} for c in cols]}
        pk, fks = keys.get(name, ([], []))
        if pk:
            schema["primaryKey"] = pk
        if fks:
            schema["foreignKeys"] = [{"fields": f, "reference": {"resource": res, "fields": rf}} for f, res, rf in fks]
        resources.append({"name": name[:-4].replace("_", "-"), "path": name, "profile": "tabular-data-resource",
                          "format": "csv", "encoding": "utf-8", "schema": schema})
    return {"name": "health-knowledge-base", "profile": "tabular-data-package", "resources": resources}
