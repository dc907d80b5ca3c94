"""What every output field means and holds, declared once: the Table Schemas of ``datapackage.json``,
the JSON Schemas written beside the JSON Lines files (``schemas/``), and the SQLite tables.

A field is ``(name, type, description)``; types are Table Schema's (``string``, ``integer``, ``number``,
``boolean``) or, in JSON records only, ``array`` / ``object`` with what they hold.
"""
from __future__ import annotations

from typing import Any

from ..io import COLUMNS

ENTITY_TYPES = ["cause", "symptom", "treatment", "exercise"]
RELATIONS = ENTITY_TYPES + ["contraindicated_treatment", "contraindicated_exercise", "contraindicated_cause",
                            "contraindicated_symptom"]

DESCRIPTIONS: dict[str, str] = {
    "doc_id": "stable id of a document: a hash of its path under --raw and its record number",
    "source": "path of the raw file under --raw; #N for the Nth record of a .jsonl, .json list or .warc",
    "url": "the page's address, from the record, the page's metadata or the WARC header",
    "title": "the article's title",
    "status": "kept (in the knowledge base), quarantined (spun or a duplicate) or failed (see reason)",
    "reason": "why a document was quarantined or failed",
    "duplicate_of": "doc_id of the first listed copy of the same (or nearly the same) text; such a copy adds no source",
    "n_sentences": "sentences, headings and list items found",
    "content_sha256": "SHA-256 of the document's body as ingested",
    "format": "how the input was read (txt, md, html, json:html, warc:html...)",
    "extraction": "for HTML: trafilatura or bs4-blocks",
    "n_content": "sentences kept as content",
    "n_boilerplate": "sentences removed as boilerplate",
    "n_spun": "sentences labelled spun",
    "spin_score": "the spin gate's score, 0 to 1",
    "condition": "what the article is about, in its plainest name",
    "condition_id": "stable id of the condition (a hash of its name)",
    "condition_from": "where the condition was read (title, heading, text, override) or why there is none",
    "warnings": "|-joined warnings (decoding and the like)",
    "index": "the sentence's position in its document",
    "start": "offset of the first character in the document's text",
    "end": "offset after the last character",
    "label": "content, boilerplate or spun",
    "kind": "heading, item or text",
    "section": "the heading path the sentence is under",
    "text": "the sentence's text",
    "mention_id": "stable id of a mention: document, offsets",
    "sentence_index": "the index of the mention's sentence in its document",
    "type": "cause, symptom, treatment or exercise",
    "surface": "the words as the article has them",
    "norm": "the surface normalized (lower case, lemmas)",
    "flag": "negated, contraindicated (the article advises against it) or empty",
    "flag_from": "for a mention flagged because another mention of the item in its article is advised against: "
                 "that mention's id (the sentence that says so); empty otherwise",
    "rule": "what found the mention: model, lexicon, cue:ID, section_item, care, action:ID, diet, list, trouble or advice",
    "entity_id": "stable id of an entity: a concept across sources",
    "concept": "the lexicon concept the mention links to, if any",
    "ontology_id": "Disease Ontology (DOID), Human Phenotype Ontology (HP), DrugBank (drugbank, medicines) or "
                   "free-exercise-db id, if known",
    "about": "the condition the mention is about when it is not its document's (in an article that compares "
             "its condition with another: \"eczema\" in \"Hives vs Eczema\"); its relations go to that condition. "
             "Empty otherwise",
    "name": "the display name",
    "aliases": "other surfaces merged into the entity",
    "n_documents": "distinct source documents",
    "n_mentions": "mentions",
    "n_contraindicated": "mentions the articles advise against (conditions.csv: items advised against)",
    "relation": "cause, symptom, treatment, exercise, or contraindicated_<type> for items advised against",
    "confidence": "0 to 1: 1 minus the product over its source documents of 1 minus their strongest "
                  "mention's strength (what found it, whether it links to a concept)",
    "conflict": "true when some sources advise the item for the condition and others advise against it",
    "stated": "true when a source's evidence sentence names the condition, at least by its head word, and says "
              "what kind of relation it is (the JSON knowledge base lists only these by default: [output] "
              "stated_only)",
    "evidence": "the first mention ids (mentions.csv) that support the relation",
    "score": "the spin score, or the similarity of a pair",
    "evidence_text": "what the spin gate saw",
    "entity_a": "an entity of a review pair", "name_a": "its name",
    "entity_b": "the other entity of the pair", "name_b": "its name",
    "decision": "what the run decided: merged or kept apart",
    "accept": "the analyst's answer: yes (merge the pair) or no (keep it apart); read back by the next run",
    "retired_id": "an entity id retired by a merge", "replaced_by": "the entity id it was merged into",
    "override": "the override row that merged it, if any",
    "relation_id": "stable id of a relation: condition, relation, entity",
    "n_sources": "distinct source documents (copies counted once)",
    **{f"n_{k}": f"its {k} (entities related to it)" for k in ("causes", "symptoms", "treatments", "exercises")},
    "n_conflicts": "items some of its sources advise and others advise against",
}

TYPES = {**{f"n_{k}": "integer" for k in ("causes", "symptoms", "treatments", "exercises", "conflicts")},
         "index": "integer", "start": "integer", "end": "integer", "n_sentences": "integer",
         "sentence_index": "integer", "n_documents": "integer", "n_mentions": "integer",
         "n_contraindicated": "integer", "n_content": "integer", "n_boilerplate": "integer",
         "n_spun": "integer", "spin_score": "number", "score": "number", "confidence": "number",
         "conflict": "boolean", "stated": "boolean", "n_sources": "integer"}

# primary key and foreign keys (fields, resource, its fields) of each CSV table
KEYS: dict[str, tuple[list[str], list[tuple[list[str], str, list[str]]]]] = {
    "documents.csv": (["doc_id"], []),
    "sentences.csv": (["doc_id", "index"], [(["doc_id"], "documents", ["doc_id"])]),
    "entities.csv": (["entity_id"], []),
    "mentions.csv": (["mention_id"], [(["doc_id"], "documents", ["doc_id"]),
                                      (["entity_id"], "entities", ["entity_id"])]),
    "conditions.csv": (["condition_id"], []),
    "relations.csv": (["condition_id", "relation", "entity_id"], [(["entity_id"], "entities", ["entity_id"]),
                                                                   (["condition_id"], "conditions", ["condition_id"])]),
    "review_spin.csv": (["doc_id"], [(["doc_id"], "documents", ["doc_id"])]),
    "review_pairs.csv": (["entity_a", "entity_b"], []),
    "merged_ids.csv": (["retired_id"], []),
}
# columns an analyst or app looks rows up by: indexed in the SQLite database
INDEXES = {"mentions.csv": [["doc_id"], ["entity_id"]], "relations.csv": [["condition", "relation"], ["entity_id"]],
           "conditions.csv": [["name"]],
           "documents.csv": [["condition"]], "entities.csv": [["type", "name"]]}


def field_type(name: str) -> str:
    return TYPES.get(name, "string")


def table_schema(table: str) -> dict[str, Any]:
    """The Table Schema of one CSV table."""
    fields = []
    for c in COLUMNS[table]:
        f: dict[str, Any] = {"name": c, "type": field_type(c), "description": DESCRIPTIONS.get(c, "")}
        if f["type"] == "boolean":
            f["trueValues"], f["falseValues"] = ["true"], ["false"]
        fields.append(f)
    schema: dict[str, Any] = {"fields": fields}
    pk, fks = KEYS.get(table, ([], []))
    if pk:
        schema["primaryKey"] = pk
    if fks:
        schema["foreignKeys"] = [{"fields": f, "reference": {"resource": res, "fields": rf}} for f, res, rf in fks]
    return schema


# ---- JSON Lines records -----------------------------------------------------------------------------

def _s(name: str, **extra: Any) -> dict[str, Any]:
    kind = {"integer": "integer", "number": "number", "boolean": "boolean"}.get(field_type(name), "string")
    return {"type": kind, "description": DESCRIPTIONS.get(name, ""), **extra}


_EVIDENCE_SENTENCE = {
    "type": "object", "additionalProperties": False,
    "required": ["doc_id", "url", "sentence_index", "mention_id", "text"],
    "properties": {"doc_id": _s("doc_id"), "url": _s("url"), "sentence_index": _s("sentence_index"),
                   "mention_id": _s("mention_id"), "text": {"type": "string", "description": "the sentence"}},
}
_ID = {"doc_id": "^[0-9a-f]{16}$", "entity_id": "^E[0-9a-f]{12}$", "condition_id": "^C[0-9a-f]{12}$",
       "relation_id": "^R[0-9a-f]{12}$"}


def _record(title: str, key: str, props: dict[str, Any]) -> dict[str, Any]:
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": title, "type": "object",
            "additionalProperties": False, "required": list(props), "properties": props,
            "x-primary-key": key}


JSONL: dict[str, dict[str, Any]] = {
    "documents": _record("One document (a raw input)", "doc_id", {
        "doc_id": _s("doc_id", pattern=_ID["doc_id"]), "source": _s("source"), "url": _s("url"),
        "title": _s("title"), "status": _s("status", enum=["kept", "quarantined", "failed"]), "reason": _s("reason"),
        "duplicate_of": _s("duplicate_of"), "condition": _s("condition"), "condition_id": _s("condition_id"),
        "condition_from": _s("condition_from")}),
    "conditions": _record("One condition and what its sources say about it", "condition_id", {
        "condition_id": _s("condition_id", pattern=_ID["condition_id"]), "name": _s("name"),
        "ontology_id": _s("ontology_id"), "n_documents": _s("n_documents"),
        **{k: {"type": "array", "items": {"type": "string", "pattern": _ID["entity_id"]},
               "description": f"entity ids of its {k}, most sources first"}
           for k in ("causes", "symptoms", "treatments", "exercises", "contraindicated")},
        "conflicts": {"type": "array", "description": "items some sources advise and others advise against",
                      "items": {"type": "object", "additionalProperties": False,
                                "required": ["entity_id", "name", "type", "n_advised", "n_against"],
                                "properties": {"entity_id": _s("entity_id"), "name": _s("name"), "type": _s("type"),
                                               "n_advised": {"type": "integer", "description": "sources that advise it"},
                                               "n_against": {"type": "integer", "description": "sources that advise against it"}}}}}),
    "entities": _record("One entity: a concept across sources", "entity_id", {
        "entity_id": _s("entity_id", pattern=_ID["entity_id"]), "type": _s("type", enum=ENTITY_TYPES),
        "name": _s("name", minLength=1), "aliases": {"type": "array", "items": {"type": "string"},
                                                     "description": DESCRIPTIONS["aliases"]},
        "n_documents": _s("n_documents"), "n_mentions": _s("n_mentions"), "n_contraindicated": _s("n_contraindicated"),
        "ontology_id": _s("ontology_id"), "concept": _s("concept")}),
    "relations": _record("One condition -> item relation with its evidence", "relation_id", {
        "relation_id": _s("relation_id", pattern=_ID["relation_id"]),
        "condition_id": _s("condition_id", pattern=_ID["condition_id"]), "condition": _s("condition"),
        "relation": _s("relation", enum=RELATIONS), "entity_id": _s("entity_id", pattern=_ID["entity_id"]),
        "name": _s("name"), "n_sources": _s("n_sources"), "confidence": _s("confidence", minimum=0, maximum=1),
        "conflict": _s("conflict"), "stated": _s("stated"),
        "evidence": {"type": "array", "description": "its first sentences, one per source document",
                     "items": _EVIDENCE_SENTENCE}}),
}
# foreign keys between the JSON Lines files (for the data package)
JSONL_KEYS = {"documents": [], "conditions": [],
              "entities": [],
              "relations": [(["condition_id"], "conditions-jsonl", ["condition_id"]),
                            (["entity_id"], "entities-jsonl", ["entity_id"])]}


def knowledge_base_schema() -> dict[str, Any]:
    """knowledge_base.json (small runs): the JSON Lines records in one object, each condition with its
    relations in place of entity ids."""
    related = {k: v for k, v in JSONL["relations"]["properties"].items() if k not in ("condition_id", "condition")}
    relation = {"type": "object", "additionalProperties": False, "required": list(related), "properties": related}
    cond = {k: v for k, v in JSONL["conditions"]["properties"].items()}
    for kind in ("causes", "symptoms", "treatments", "exercises", "contraindicated"):
        cond[kind] = {"type": "array", "items": relation, "description": f"its {kind}, most sources first"}
    strip = lambda s: {k: v for k, v in s.items() if not k.startswith(("$", "x-", "title"))}  # noqa: E731
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": "Curated health knowledge base",
            "type": "object", "additionalProperties": False,
            "required": ["schema_version", "documents", "entities", "conditions"],
            "properties": {"schema_version": {"type": "string"},
                           "documents": {"type": "array", "items": strip(JSONL["documents"])},
                           "entities": {"type": "array", "items": strip(JSONL["entities"])},
                           "conditions": {"type": "array", "items": {"type": "object", "additionalProperties": False,
                                                                     "required": list(cond), "properties": cond}}}}
