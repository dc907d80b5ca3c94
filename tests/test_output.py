"""The knowledge base apps and analysts use: JSON Lines that validate, the SQLite database, sources counted
once, scored relations with their evidence, and the review loop (every override kind, every answer)."""
from __future__ import annotations

import csv
import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings as hsettings, strategies as st

from pipeline.cli import main

ROOT = Path(__file__).resolve().parents[1]


def curate(raw: Path, out: Path, *extra: str) -> None:
    assert main(["curate", "--raw", str(raw), "--out", str(out), "--quiet", "--workers", "1", *extra]) == 0


def table(out: Path, name: str) -> list[dict]:
    with (out / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def jsonl(out: Path, name: str) -> list[dict]:
    return [json.loads(line) for line in (out / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("kb") / "out"
    curate(ROOT / "raw", out)
    return out


def test_jsonl_validate_against_their_schemas_and_the_data_package(sample: Path, tmp_path: Path):
    """Every JSON Lines record validates against the schema written beside it (jsonschema, and the
    independent check-jsonschema), knowledge_base.json against its own, the data package with frictionless."""
    import jsonschema
    from frictionless import validate

    for name in ("documents", "conditions", "entities", "relations"):
        schema_file = sample / "schemas" / f"{name}.schema.json"
        records = jsonl(sample, name)
        assert records
        for r in records:
            jsonschema.validate(r, json.loads(schema_file.read_text()))
        folder = tmp_path / name
        folder.mkdir()
        for i, r in enumerate(records[:100]):
            (folder / f"{i}.json").write_text(json.dumps(r))
        cli = Path(sys.executable).parent / "check-jsonschema"
        done = subprocess.run([str(cli), "--schemafile", str(schema_file), *map(str, sorted(folder.iterdir()))],
                              capture_output=True, text=True)
        assert done.returncode == 0, done.stdout + done.stderr
    kb = json.loads((sample / "knowledge_base.json").read_text())
    jsonschema.validate(kb, json.loads((sample / "schemas" / "knowledge_base.schema.json").read_text()))
    package = json.loads((sample / "datapackage.json").read_text())
    described = {r["path"] for r in package["resources"]}
    assert {"relations.jsonl", "knowledge_base.sqlite", "documents.csv"} <= described
    assert all(f["description"] for r in package["resources"] if "schema" in r for f in r["schema"]["fields"])
    report = validate(str(sample / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:10]


def test_the_database_answers_top_treatments_by_sources_in_one_query(sample: Path):
    db = sqlite3.connect(sample / "knowledge_base.sqlite")
    top = db.execute("""SELECT name, n_documents FROM relations WHERE condition = ? AND relation = 'treatment'
                        ORDER BY n_documents DESC, confidence DESC, name LIMIT 10""", ("upper back pain",)).fetchall()
    assert len(top) == 10 and top[0][1] >= top[-1][1] >= 1
    rows = sorted((r for r in table(sample, "relations.csv")
                   if r["condition"] == "upper back pain" and r["relation"] == "treatment"),
                  key=lambda r: (-int(r["n_documents"]), -float(r["confidence"]), r["name"]))[:10]
    assert [t[0] for t in top] == [r["name"] for r in rows]
    for name in ("documents", "sentences", "mentions", "entities", "relations", "conditions"):
        assert db.execute(f"SELECT count(*) FROM {name}").fetchone()[0] == len(table(sample, f"{name}.csv"))
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    assert db.execute("SELECT typeof(n_documents), typeof(confidence), typeof(conflict) FROM relations").fetchone() \
        == ("integer", "real", "integer")


def test_relations_carry_sources_confidence_and_evidence_resolvable_alone(sample: Path):
    docs = {d["doc_id"]: d for d in jsonl(sample, "documents")}
    for r in jsonl(sample, "relations"):
        assert 1 <= r["n_sources"] and 0 < r["confidence"] < 1
        assert (r["n_sources"] >= 2 or r["conflict"]) and 1 <= len(r["evidence"]) <= min(2, r["n_sources"])
        assert len({e["doc_id"] for e in r["evidence"]}) == len(r["evidence"])  # one sentence per source
        for e in r["evidence"]:
            assert e["text"] and e["url"] == docs[e["doc_id"]]["url"]
    by_sources = {}
    for r in jsonl(sample, "relations"):
        by_sources.setdefault(r["n_sources"], []).append(r["confidence"])
    if len(by_sources) > 1:  # more independent sources, more confidence
        lo, hi = min(by_sources), max(by_sources)
        assert min(by_sources[hi]) > min(by_sources[lo])
    conditions = {c["condition_id"]: c for c in jsonl(sample, "conditions")}
    assert all(c["ontology_id"] for c in conditions.values())
    for r in jsonl(sample, "relations"):
        assert r["condition_id"] in conditions and r["condition"] == conditions[r["condition_id"]]["name"]


def test_conflicts_show_both_sides(sample: Path):
    conflicts = [(c["name"], x) for c in jsonl(sample, "conditions") for x in c["conflicts"]]
    relations = jsonl(sample, "relations")
    for cond, x in conflicts:
        sides = {r["relation"] for r in relations if r["condition"] == cond and r["entity_id"] == x["entity_id"]}
        assert sides == {x["type"], f"contraindicated_{x['type']}"} and x["n_advised"] and x["n_against"]
        assert all(r["conflict"] for r in relations if r["condition"] == cond and r["entity_id"] == x["entity_id"])


def test_a_duplicated_article_adds_no_source(tmp_path: Path):
    raw = tmp_path / "raw"
    raw.mkdir()
    for p in (ROOT / "raw").iterdir():
        (raw / p.name).write_bytes(p.read_bytes())
    curate(raw, tmp_path / "a")
    source = sorted(raw.iterdir())[2]
    (raw / "zz-copy.txt").write_bytes(source.read_bytes())                                      # the same bytes
    (raw / "zz-syndicated.md").write_text("Shared from a partner site.\n\n" + source.read_text())  # lightly edited
    curate(raw, tmp_path / "b")
    docs = {r["source"]: r for r in table(tmp_path / "b", "documents.csv")}
    first = docs[source.name]["doc_id"]
    for copy in ("zz-copy.txt", "zz-syndicated.md"):
        assert docs[copy]["duplicate_of"] == first and docs[copy]["status"] == "quarantined"
    for name in ("entities.csv", "relations.csv", "conditions.csv", "relations.jsonl"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name


# ---- the review loop ------------------------------------------------------------------------------

def _overrides(path: Path, *rows: str) -> Path:
    path.write_text("action,id,target,value,note\n" + "".join(r + "\n" for r in rows), encoding="utf-8")
    return path


def test_override_sets_a_documents_condition_everywhere(sample: Path, tmp_path: Path):
    doc = next(d for d in jsonl(sample, "documents") if d["status"] == "kept")
    out = tmp_path / "o"
    curate(ROOT / "raw", out, "--overrides", str(_overrides(tmp_path / "o.csv", f"condition,{doc['doc_id']},,Sciatica,")))
    d = next(x for x in jsonl(out, "documents") if x["doc_id"] == doc["doc_id"])
    assert d["condition"] == "sciatica" and d["condition_from"] == "override"
    assert next(r for r in table(out, "documents.csv") if r["doc_id"] == doc["doc_id"])["condition"] == "sciatica"
    assert any(r["condition"] == "sciatica" for r in table(out, "relations.csv"))
    assert "sciatica" in {c["name"] for c in jsonl(out, "conditions")}
    assert json.loads((out / "run.json").read_text())["overrides_applied"][0]["action"] == "condition"


def test_override_sets_and_clears_a_mentions_flag(sample: Path, tmp_path: Path):
    mentions = table(sample, "mentions.csv")
    plain = next(m for m in mentions if m["flag"] == "" and m["type"] == "treatment" and m["entity_id"])
    flagged = next(m for m in mentions if m["flag"] == "contraindicated")
    out = tmp_path / "o"
    curate(ROOT / "raw", out, "--overrides", str(_overrides(
        tmp_path / "o.csv", f"flag,{plain['mention_id']},,contraindicated,", f"flag,{flagged['mention_id']},,none,")))
    now = {m["mention_id"]: m for m in table(out, "mentions.csv")}
    assert now[plain["mention_id"]]["flag"] == "contraindicated" and now[flagged["mention_id"]]["flag"] == ""
    against = {(r["entity_id"], r["relation"]) for r in table(out, "relations.csv")}
    assert (plain["entity_id"], "contraindicated_treatment") in against


def test_a_flag_says_where_it_comes_from_and_an_override_clears_the_whole_item(sample: Path, tmp_path: Path):
    """A mention flagged because its item is advised against elsewhere in the article names that mention;
    clearing the flag there clears it for the item in that document (its other mentions too)."""
    mentions = {m["mention_id"]: m for m in table(sample, "mentions.csv")}
    spread = [m for m in mentions.values() if m["flag_from"]]
    assert spread and all(mentions[m["flag_from"]]["flag"] == "contraindicated" and not mentions[m["flag_from"]]["flag_from"]
                          and mentions[m["flag_from"]]["doc_id"] == m["doc_id"] for m in spread)
    source = spread[0]["flag_from"]
    out = tmp_path / "o"
    curate(ROOT / "raw", out, "--overrides", str(_overrides(tmp_path / "o.csv", f"flag,{source},,none,")))
    now = {m["mention_id"]: m for m in table(out, "mentions.csv")}
    assert now[source]["flag"] == ""
    for m in spread:
        if m["flag_from"] == source:
            assert now[m["mention_id"]]["flag"] == "" and now[m["mention_id"]]["flag_from"] == ""


def test_override_drops_one_relation(sample: Path, tmp_path: Path):
    rel = table(sample, "relations.csv")[0]
    out = tmp_path / "o"
    curate(ROOT / "raw", out, "--overrides", str(_overrides(
        tmp_path / "o.csv", f"drop_relation,{rel['entity_id']},{rel['condition']},{rel['relation']},wrong")))
    left = {(r["condition"], r["relation"], r["entity_id"]) for r in table(out, "relations.csv")}
    assert (rel["condition"], rel["relation"], rel["entity_id"]) not in left
    assert len(left) == len(table(sample, "relations.csv")) - 1


def test_retype_rename_and_split_update_name_concept_and_ontology(sample: Path, tmp_path: Path):
    ents = table(sample, "entities.csv")
    symptom = next(e for e in ents if e["type"] == "symptom" and e["ontology_id"].startswith("HP") and e["concept"])
    multi = next(e for e in ents if len(e["aliases"].split("|")) >= 2)
    renamed = next(e for e in ents if e["type"] == "symptom" and e is not symptom and e is not multi)
    out = tmp_path / "o"
    curate(ROOT / "raw", out, "--overrides", str(_overrides(
        tmp_path / "o.csv", f"retype,{symptom['entity_id']},,treatment,", f"rename,{renamed['entity_id']},,muscle spasm,",
        f"split,{multi['entity_id']},,{multi['aliases'].split('|')[1]},")))
    now = {e["entity_id"]: e for e in table(out, "entities.csv")}
    assert now[symptom["entity_id"]]["type"] == "treatment"
    assert now[symptom["entity_id"]]["concept"] == "" and now[symptom["entity_id"]]["ontology_id"] == ""
    assert now[renamed["entity_id"]]["name"] == "muscle spasm" and now[renamed["entity_id"]]["ontology_id"].startswith("HP")
    split_off = [e for e in now.values() if e["name"] == multi["aliases"].split("|")[1] and e["entity_id"] != multi["entity_id"]]
    assert split_off and split_off[0]["concept"] == ""


def _answer(out: Path, answers: dict) -> list[dict]:
    pairs = table(out, "review_pairs.csv")
    with (out / "review_pairs.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(pairs[0]))
        w.writeheader()
        for i, p in enumerate(pairs):
            w.writerow({**p, "accept": answers.get(i, "")})
    return pairs


def test_review_answers_are_read_back_and_kept(tmp_path: Path):
    """no keeps a pair apart and is carried into the new file; yes merges entity_a into entity_b."""
    out, raw = tmp_path / "o", tmp_path / "raw"
    raw.mkdir()
    for p in (ROOT / "raw").iterdir():
        (raw / p.name).write_bytes(p.read_bytes())
    # close phrases that are not one concept: the review queue's pairs
    (raw / "knee.md").write_text("# Knee trouble\n\nKnee trouble is common in runners.\n\n## Symptoms\n\n"
                                 + "".join(f"- Kneecap wobbling on {w}\n" for w in ("stairs", "ramps", "slopes", "hills")))
    config = tmp_path / "c.toml"
    config.write_text("[dedupe]\nreview_low = 50.0\n")
    curate(raw, out, "--config", str(config))
    before = table(out, "entities.csv")
    n = len(table(out, "review_pairs.csv"))
    pairs = _answer(out, {0: "no", 1: "No", 2: "NO", **{i: "no" for i in range(3, n)}})
    assert len(pairs) >= 3 and all(p["accept"] == "" for p in pairs)
    curate(raw, out, "--config", str(config))
    assert [p["accept"] for p in table(out, "review_pairs.csv")] == ["no"] * len(pairs)
    assert table(out, "entities.csv") == before
    yes = _answer(out, {1: "yes"})[1]
    curate(raw, out, "--config", str(config))
    ids = {e["entity_id"] for e in table(out, "entities.csv")}
    assert yes["entity_a"] not in ids and yes["entity_b"] in ids
    assert {"retired_id": yes["entity_a"], "replaced_by": yes["entity_b"],
            "override": "review_pairs.csv accept=yes"} in table(out, "merged_ids.csv")
    merged = next(e for e in table(out, "entities.csv") if e["entity_id"] == yes["entity_b"])
    assert yes["name_a"] in merged["aliases"].split("|")
    kept = table(out, "review_pairs.csv")
    assert {(p["entity_a"], p["accept"], p["decision"]) for p in kept} >= {(yes["entity_a"], "yes", "merged by the analyst")}
    curate(raw, out, "--config", str(config))  # the answer holds in every later run
    assert yes["entity_a"] not in {e["entity_id"] for e in table(out, "entities.csv")}


def test_report_shows_entity_ids_overrides_and_conflicts(sample: Path):
    html = (sample / "report.html").read_text(encoding="utf-8")
    entity = table(sample, "entities.csv")[0]["entity_id"]
    assert entity in html
    assert "Overrides applied" in html and "Conflicts" in html
    # every item the sources disagree on sits in its condition's table of conflicts, with both counts
    rows = [r for r in table(sample, "relations.csv") if r["conflict"] == "true"]
    assert rows
    for r in rows:
        advised = next((x["n_documents"] for x in rows if x["entity_id"] == r["entity_id"]
                        and x["condition"] == r["condition"] and not x["relation"].startswith("contra")), "0")
        against = next((x["n_documents"] for x in rows if x["entity_id"] == r["entity_id"]
                        and x["condition"] == r["condition"] and x["relation"].startswith("contra")), "0")
        kind = r["relation"].split("_")[-1]
        assert (f"<code>{r['entity_id']}</code></td><td>{kind}</td><td class='num'>{advised}</td>"
                f"<td class='num'>{against}</td>") in html


def _relation_of_two_copies(tmp_path: Path, title: str, body: str, relation: str, name: str) -> dict:
    """The relation ``relation`` -> ``name`` of a run on two articles that differ in their title only."""
    raw = tmp_path / "raw"
    raw.mkdir()
    for i in (1, 2):
        (raw / f"a{i}.md").write_text(f"# {title} {i}\n\n{body}\n")
    curate(raw, tmp_path / "o")
    return next(r for r in jsonl(tmp_path / "o", "relations") if r["relation"] == relation and r["name"] == name)


def test_relation_evidence_prefers_a_sentence_that_names_the_condition(tmp_path: Path):
    """An item met first in a sentence about something else and later in one about the article's condition:
    the knowledge base shows the later one as the relation's evidence."""
    rel = _relation_of_two_copies(tmp_path, "Gout relief guide", "Many athletes keep ice packs in the freezer for "
                                  "sprains.\n\nFor gout, ice packs on the joint ease the swelling within minutes.",
                                  "treatment", "cold therapy")
    assert [e["sentence_index"] for e in rel["evidence"]] == [2, 2]
    assert all("gout" in e["text"].lower() for e in rel["evidence"])


def test_relation_evidence_prefers_a_sentence_that_says_what_kind_of_relation_it_is(tmp_path: Path):
    """Two sentences name gout and stress; the one that says stress causes it is the cause's evidence."""
    rel = _relation_of_two_copies(tmp_path, "Gout guide", "People with gout often talk about stress at work.\n\n"
                                  "Stress can worsen gout in many people.", "cause", "stress")
    assert [e["text"] for e in rel["evidence"]] == ["Stress can worsen gout in many people."] * 2, rel["evidence"]


def test_relation_evidence_prefers_a_whole_sentence_and_the_best_over_all_sources(tmp_path: Path):
    """A heading that names an item says nothing about it: a whole sentence of another source comes first,
    whatever the order of the sources."""
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a1.md").write_text("# Gout relief guide\n\nGout is a form of arthritis.\n\n## Ice packs\n\nThey help.\n")
    (raw / "a2.md").write_text("# Gout relief explained\n\nGout is a form of arthritis.\n\nIce packs on the sore joint "
                               "ease the swelling of gout within minutes.\n")
    curate(raw, tmp_path / "o")
    sources = {r["source"]: r["doc_id"] for r in csv.DictReader((tmp_path / "o" / "documents.csv").open(encoding="utf-8"))}
    rel = next(r for r in jsonl(tmp_path / "o", "relations") if r["relation"] == "treatment" and r["name"] == "cold therapy")
    assert [(e["doc_id"], e["text"]) for e in rel["evidence"]] == [
        (sources["a2.md"], "Ice packs on the sore joint ease the swelling of gout within minutes."),
        (sources["a1.md"], "Ice packs")]


def test_the_knowledge_base_lists_a_relation_a_source_states(tmp_path: Path):
    """Two articles on gout name "hot baths" only in sentences that never name gout, and "acupuncture"
    beside gout without saying how they relate: both relations are in relations.csv (stated false) but
    not in the knowledge base, unless ``[output] stated_only`` is off; ice, which a sentence says eases
    gout, and swelling, which gout causes, are in both."""
    raw = tmp_path / "raw"
    raw.mkdir()
    for i in (1, 2):
        (raw / f"a{i}.md").write_text(f"# Gout guide {i}\n\nGout is a form of arthritis.\n\nIce packs can help "
                                      f"relieve gout pain.\n\nMany people enjoy hot baths and massage after a long "
                                      f"day {i}.\n\nReaders with gout often ask about cherry juice and "
                                      f"acupuncture {i}.\n\nGout can cause swelling in the big toe {i}.\n")
    curate(raw, tmp_path / "o")
    rows = {(r["relation"], r["name"]): r["stated"] for r in table(tmp_path / "o", "relations.csv")}
    listed = {(r["relation"], r["name"]) for r in jsonl(tmp_path / "o", "relations")}
    assert rows[("treatment", "cold therapy")] == "true" and ("treatment", "cold therapy") in listed, rows
    assert rows[("treatment", "acupuncture")] == "false", rows
    assert rows[("symptom", "swelling")] == "true", rows  # what gout, named first, brings on
    unstated = {k for k, v in rows.items() if v == "false"}
    assert unstated and not unstated & listed, (rows, listed)
    (tmp_path / "all.toml").write_text("[output]\nstated_only = false\n")
    curate(raw, tmp_path / "o2", "--config", str(tmp_path / "all.toml"))
    assert unstated <= {(r["relation"], r["name"]) for r in jsonl(tmp_path / "o2", "relations")}


@given(st.lists(st.tuples(st.integers(0, 3), st.sampled_from([0.07, 0.12, 0.76])), max_size=12),
       st.lists(st.integers(0, 12), max_size=4))
@hsettings(max_examples=200, deadline=None)
def test_the_kept_evidence_is_the_same_however_the_sources_are_split_into_parts(ranks, cuts):
    from pipeline.output.tables import _cited, _keep_best

    evidence = [(f"d{k:02d}", k, f"m{k}", rank, strength) for k, (rank, strength) in enumerate(ranks)]
    whole: list = []
    _keep_best(whole, list(evidence))
    merged: list = []
    bounds = sorted({0, len(evidence), *[min(c, len(evidence)) for c in cuts]})
    for a, b in zip(bounds, bounds[1:]):
        part: list = []
        for e in evidence[a:b]:
            _keep_best(part, [e])
        _keep_best(merged, part)
    assert _cited(merged) == _cited(whole)
    best = sorted(evidence, key=lambda e: (-e[3], -e[4]))[:2]
    assert _cited(whole) == [e[:3] for e in best]


@given(st.lists(st.tuples(st.integers(0, 2), st.integers(1, 3), st.integers(0, 14)), max_size=30),
       st.lists(st.integers(0, 30), max_size=4))
@hsettings(max_examples=200, deadline=None)
def test_relations_add_up_the_same_however_the_documents_are_split_into_parts(docs, cuts):
    """The corpus-wide relation table from parts (as the mention step's workers return them) holds each
    relation's number of documents, its first mention ids in document order up to the cap, its best
    evidence and the product of its misses, whatever the parts are."""
    from pipeline.output.rows import EVIDENCE_CAP
    from pipeline.output.tables import MentionPart, MentionTables, _cited, _keep_best

    def part(rows) -> MentionPart:
        p = MentionPart("")
        for k, (cond, n_ids, rank) in rows:
            slot = p.relations.setdefault((f"c{cond}", "cause", "E1"), [0, [], [], 1.0])
            slot[0] += 1
            ids = [f"d{k:03d}-{j:06d}" for j in range(n_ids)]
            slot[1].extend(ids[:EVIDENCE_CAP - len(slot[1])])
            _keep_best(slot[2], [(f"d{k:03d}", 0, ids[0], rank % 3, rank / 20)])
            slot[3] *= 1 - rank / 20
        return p

    rows = list(enumerate(docs))
    whole, merged = MentionTables(), MentionTables()
    whole.merge(part(rows))
    bounds = sorted({0, len(rows), *[min(c, len(rows)) for c in cuts]})
    for a, b in zip(bounds, bounds[1:]):
        merged.merge(part(rows[a:b]))
    assert set(merged.relations) == set(whole.relations)
    for key, (n, ids, sentences, miss) in whole.relations.items():
        m = merged.relations[key]
        assert (m[0], m[1], _cited(m[2])) == (n, ids, _cited(sentences)) and abs(m[3] - miss) < 1e-9
        expected = [f"d{k:03d}-{j:06d}" for k, (cond, n_ids, _) in rows if f"c{cond}" == key[0] for j in range(n_ids)]
        assert ids == "|".join(expected[:EVIDENCE_CAP]) and n == sum(1 for _, (c, _, _) in rows if f"c{c}" == key[0])


def test_an_item_that_only_restates_its_condition_is_no_relation():
    """"sore" of sore throat and "viral pneumonia" as a cause of pneumonia restate the condition; a quality
    of it ("sharp pain" of pain) and a real cause stay."""
    from pipeline.output.tables import relation_table

    rows = {("sore throat", "symptom", "E1"): (2, "", [], 0.5), ("pneumonia", "cause", "E2"): (2, "", [], 0.5),
            ("pain", "symptom", "E3"): (2, "", [], 0.5), ("pneumonia", "cause", "E4"): (2, "", [], 0.5),
            ("gout", "treatment", "E5"): (2, [], [], 0.5)}
    names = {"E1": "sore", "E2": "viral pneumonia", "E3": "sharp pain", "E4": "smoking", "E5": "gout diet"}
    kept = set(relation_table(rows, names)["name"])
    assert kept == {"sharp pain", "smoking", "gout diet"}


def test_what_a_condition_is_is_no_cause_of_it():
    """An inflammation ("-itis") is inflammation and an infectious disease an infection: neither word is a
    cause of it. An infection still causes an inflammation, inflammation still causes other conditions,
    and inflammation stays a symptom of an "-itis"."""
    from pipeline.output.tables import relation_table

    rows = {("appendicitis", "cause", "E1"): (2, "", [], 0.5), ("chlamydia", "cause", "E2"): (2, "", [], 0.5),
            ("shingles", "cause", "E3"): (2, "", [], 0.5), ("tonsillitis", "cause", "E2"): (2, "", [], 0.5),
            ("back pain", "cause", "E1"): (2, "", [], 0.5), ("arthritis", "symptom", "E1"): (2, "", [], 0.5),
            ("back pain", "cause", "E2"): (2, "", [], 0.5)}
    names = {"E1": "inflammation", "E2": "infection", "E3": "viral infection"}
    table = relation_table(rows, names)
    assert sorted(zip(table["condition"], table["relation"], table["name"])) == [
        ("arthritis", "symptom", "inflammation"), ("back pain", "cause", "infection"),
        ("back pain", "cause", "inflammation"), ("tonsillitis", "cause", "infection")]
