"""Dedupe: normalization, guards, stable ids, order independence, overrides; the output contract."""
from __future__ import annotations

import csv
import json
import random
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings as hsettings, strategies as st

from pipeline.cli import main
from pipeline.config import DedupeSettings
from pipeline.records import Mention
from pipeline.stages.dedupe import MentionSummary, deduplicate, guard, normalize_key
from tests.conftest import ROOT

SETTINGS = DedupeSettings()


def _m(surface: str, typ: str = "cause", concept: str = "", flag: str = "") -> Mention:
    return Mention("m", "d", 0, 0, 1, typ, surface, surface.lower(), flag=flag, concept=concept)


def _summary(items) -> MentionSummary:
    s = MentionSummary()
    for doc, m in items:
        s.add(m, doc)
    return s


@pytest.mark.parametrize("a,b", [("The herniated discs", "herniated disc"), ("Disc herniations", "herniation disc"),
                                 ("NSAIDs", "nsaid"), ("your Poor Posture!", "poor posture"),
                                 # words of one meaning ("issues"/"problems", "disorder"/"disease",
                                 # "beverages"/"drinks", "modifications"/"changes"), and "-related"
                                 ("digestive issues", "digestive problems"), ("kidney disorders", "kidney disease"),
                                 ("carbonated beverages", "carbonated drinks"),
                                 ("lifestyle modifications", "lifestyle changes"), ("herniated disk", "herniated disc"),
                                 ("blurry vision", "blurred vision"),
                                 ("lung-related conditions", "lung condition"),
                                 # an organ's disorder whatever the word
                                 ("lung-related illnesses", "lung disease"), ("spinal abnormalities", "spine disorder"),
                                 # a body part's adjective is the part
                                 ("muscular strain", "muscle strain"), ("gastric ulcers", "stomach ulcer"),
                                 ("renal failure", "kidney failure"), ("dental decay", "tooth decay"),
                                 # a determiner inside says nothing about the concept
                                 ("losing any excess weight", "losing excess weight"),
                                 # the taking in of a food or drink is that food or drink
                                 ("coffee consumption", "coffee"), ("alcohol intake", "alcohol"),
                                 ("excessive salt intake", "salt"),
                                 # and the level of a substance is that substance
                                 ("uric acid levels", "uric acid"), ("stress level", "stress"),
                                 # a complaint's adjective is its noun
                                 ("tender joints", "joint tenderness"), ("stiff neck", "neck stiffness"),
                                 ("swollen lymph nodes", "lymph node swelling"), ("painful joints", "joint pain"),
                                 ("itchy skin", "skin itching")])
def test_dedupe_normalize_key_folds_variants(a, b):
    assert normalize_key(a) == normalize_key(b)


@pytest.mark.parametrize("a,b,why", [("muscle strain", "muscle sprain", "confusable strain/sprain"),
                                     ("hypothyroidism", "hyperthyroidism", "confusable hypo/hyper"),
                                     ("pain", "back pain", "short key"), ("back pain", "back pain neck", "word subset"),
                                     ("type 1 diabete", "type 2 diabete", "numbers differ"),
                                     ("difficulty talking", "difficulty walking", "different words"),
                                     ("stinging sensation", "tingling sensation", "different words"),
                                     ("achilles tendonitis", "achilles tendinitis", "")])
def test_dedupe_guard_blocks_wrong_merges(a, b, why):
    assert guard(normalize_key(a), normalize_key(b), 6) == why


def test_dedupe_merges_close_keys_and_keeps_distinct_ones():
    items = [("d1", _m("lower back strain")), ("d2", _m("lower back strains")), ("d3", _m("lower-back strain")),
             ("d1", _m("poor posture", concept="poor posture")), ("d2", _m("poor sleep position", concept="poor sleep position")),
             ("d3", _m("neck pain")), ("d4", _m("back pain"))]
    res = deduplicate(_summary(items), SETTINGS)
    names = sorted(e["name"] for e in res.entities)
    assert names == ["back pain", "lower back strain", "neck pain", "poor posture", "poor sleep position"]
    strain = next(e for e in res.entities if e["name"] == "lower back strain")
    assert strain["n_documents"] == 3 and strain["n_mentions"] == 3


def test_dedupe_merges_what_the_vocabularies_name_the_same():
    """Synonyms of one HPO phenotype are one entity; different phenotypes, and other types, stay apart."""
    items = [("d1", _m("dysphagia", "symptom")), ("d2", _m("trouble swallowing", "symptom")),
             ("d3", _m("double vision", "symptom")), ("d4", _m("diplopia", "symptom")),
             ("d5", _m("knee pain", "symptom")), ("d6", _m("back pain", "symptom")),
             ("d7", _m("dysphagia", "treatment"))]
    res = deduplicate(_summary(items), SETTINGS)
    docs = sorted((e["type"], e["n_documents"]) for e in res.entities)
    assert docs == [("symptom", 1), ("symptom", 1), ("symptom", 2), ("symptom", 2), ("treatment", 1)]
    by_name = {e["name"]: e for e in res.entities if e["type"] == "symptom"}
    assert {"knee pain", "back pain"} <= set(by_name)


def test_a_key_named_as_a_linked_concept_joins_it_before_its_vocabulary_id_does():
    # "fluid retention" unlinked (an HPO name) and mentions linked to the concept fluid retention were two
    # entities of one name
    items = [("d1", _m("water retention", "cause", concept="fluid retention")),
             ("d2", _m("fluid retention", "cause")), ("d3", _m("edema", "cause"))]
    res = deduplicate(_summary(items), SETTINGS)
    assert [(e["name"], e["n_documents"]) for e in res.entities] == [("fluid retention", 3)], res.entities


def test_dedupe_ids_do_not_depend_on_input_order():
    items = [(f"d{i % 4}", _m(s, concept=c)) for i, (s, c) in enumerate(
        [("herniated disc", "herniated disc"), ("slipped disc", "herniated disc"), ("tight hip muscles", ""),
         ("tight hip muscle", ""), ("weak glutes", ""), ("stress", "stress")])]
    base = deduplicate(_summary(items), SETTINGS)
    for seed in range(5):
        shuffled = items[:]
        random.Random(seed).shuffle(shuffled)
        assert deduplicate(_summary(shuffled), SETTINGS).entities == base.entities


@hsettings(max_examples=50, deadline=None)
@given(st.lists(st.sampled_from(["knee strain", "knee strains", "runner's knee", "knee sprain", "it band syndrome",
                                 "it-band syndrome", "poor footwear", "flat feet", "flat foot"]), min_size=1, max_size=12),
       st.randoms())
def test_dedupe_order_independence_property(surfaces, rnd):
    items = [(f"d{i}", _m(s)) for i, s in enumerate(surfaces)]
    a = deduplicate(_summary(items), SETTINGS).entities
    rnd.shuffle(items)
    assert deduplicate(_summary(items), SETTINGS).entities == a


def _curate(raw: Path, out: Path, *extra: str) -> dict[str, dict]:
    assert main(["curate", "--raw", str(raw), "--out", str(out), "--quiet", "--workers", "1", *extra]) == 0
    return {r["entity_id"]: r for r in csv.DictReader((out / "entities.csv").open(encoding="utf-8"))}


def test_dedupe_adding_an_unrelated_article_changes_no_existing_id(tmp_path: Path):
    raw = tmp_path / "raw"
    shutil.copytree(ROOT / "raw", raw)
    before = _curate(raw, tmp_path / "a")
    (raw / "zz_unrelated.md").write_text("# Acne\n\n## Causes\n\nHormonal shifts and clogged pores cause acne. "
                                         "Benzoyl peroxide helps.\n", encoding="utf-8")
    after = _curate(raw, tmp_path / "b")
    for eid, row in before.items():
        assert eid in after, f"entity {row['name']} lost its id"
        assert after[eid]["name"] == row["name"]


def test_dedupe_overrides_each_kind_and_a_bad_one(tmp_path: Path):
    ents = _curate(ROOT / "raw", tmp_path / "a")
    by_name = {r["name"]: r["entity_id"] for r in ents.values()}
    ov = tmp_path / "overrides.csv"
    ov.write_text(
        "action,entity_id,target,value,note\n"
        f"merge,{by_name['slouching']},{by_name['poor posture']},,slouching is poor posture\n"
        f"rename,{by_name['heat therapy']},,heat,\n"
        f"retype,{by_name['meditation']},,exercise,\n"
        f"reject,{by_name['car accident']},,,\n"
        f"split,{by_name['stiffness']},,muscle stiffness,\n"
        "merge,Edeadbeef0000,Edeadbeef0001,,typo\n", encoding="utf-8")
    after = _curate(ROOT / "raw", tmp_path / "b", "--overrides", str(ov))
    assert by_name["slouching"] not in after
    assert int(after[by_name["poor posture"]]["n_mentions"]) > int(ents[by_name["poor posture"]]["n_mentions"])
    assert after[by_name["heat therapy"]]["name"] == "heat"
    assert after[by_name["meditation"]]["type"] == "exercise"
    assert by_name["car accident"] not in after
    assert any(r["name"] == "muscle stiffness" for r in after.values())
    merged = list(csv.DictReader((tmp_path / "b" / "merged_ids.csv").open()))
    assert merged == [{"retired_id": by_name["slouching"], "replaced_by": by_name["poor posture"], "override": "row 2"}]
    run = json.loads((tmp_path / "b" / "run.json").read_text())
    assert [a["action"] for a in run["overrides_applied"]] == ["merge", "rename", "retype", "reject", "split"]
    assert any("merge names unknown entity 'Edeadbeef0000'" in w for w in run["warnings"])
    mentions = list(csv.DictReader((tmp_path / "b" / "mentions.csv").open()))
    assert not any(m["entity_id"] == by_name["car accident"] for m in mentions)


def test_contraindicated_items_are_never_listed_as_advice(tmp_path: Path):
    out = tmp_path / "o"
    _curate(ROOT / "raw", out)
    mentions = list(csv.DictReader((out / "mentions.csv").open()))
    contra = {m["mention_id"] for m in mentions if m["flag"] == "contraindicated"}
    assert contra
    for rel in csv.DictReader((out / "relations.csv").open()):
        ids = set(rel["evidence"].split("|"))
        if rel["relation"] in ("treatment", "exercise"):
            assert not ids & contra, rel
    for rel in map(json.loads, (out / "relations.jsonl").read_text().splitlines()):
        if not rel["relation"].startswith("contraindicated"):
            assert not {e["mention_id"] for e in rel["evidence"]} & contra


@hsettings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["d1", "d2"]),
                          st.tuples(st.sampled_from(["cause", "symptom"]), st.sampled_from(["", "c"]), st.sampled_from(["a", "b"])),
                          st.sampled_from(["a", "a b", "b"]), st.booleans(), st.sampled_from(["", "DOID:1", "DOID:2"]),
                          st.integers(1, 3)), max_size=30))
def test_summary_counts_each_document_key_form(rows):
    """The summary the composer fills document by document: one row per (document, key, display form,
    contraindicated) with its mentions summed, the keys in first-seen order with their first ontology id."""
    from collections import Counter

    from pipeline.stages.dedupe import KEY_SEP

    summary = MentionSummary()
    for doc, key, display, contra, ontology, n in rows:
        summary.add_doc(doc, [(KEY_SEP.join(key), display, contra, ontology, n)])
    keys = summary.keys()
    seen = list(dict.fromkeys(key for _, key, *_ in rows))
    assert [tuple(k) for k in keys[["type", "concept", "key"]].itertuples(index=False, name=None)] == seen
    assert keys["ontology_id"].tolist() == [next((r[4] for r in rows if r[1] == k and r[4]), "") for k in seen]
    ordinal = {d: i for i, d in enumerate(dict.fromkeys(r[0] for r in rows))}
    want = Counter()
    for doc, key, display, contra, _, n in rows:
        want[(ordinal[doc], seen.index(key), display, contra)] += n
    got = summary.rows()
    assert Counter({(d, k, str(s), bool(c)): n for d, k, s, c, n in got.itertuples(index=False, name=None)}) == want


def test_verb_and_function_words_do_not_block_a_merge():
    from pipeline.stages.dedupe import key_of, normalize_key

    assert key_of("treatment", "", "use a humidifier") == key_of("treatment", "", "humidifier")
    assert key_of("treatment", "", "Taking ibuprofen") == key_of("treatment", "", "ibuprofen")
    assert key_of("exercise", "", "try yoga") == key_of("exercise", "", "yoga")
    assert normalize_key("pain in the neck") == normalize_key("neck pain")
    # a symptom keeps its verb: "take a deep breath" is not "deep breath"
    assert key_of("symptom", "", "trouble breathing") != key_of("symptom", "", "breathing")


def test_advice_as_a_gerund_and_as_an_imperative_is_one_entity():
    items = [("d1", _m("quitting smoking", "treatment", concept="quitting smoking")), ("d2", _m("quit smoking", "treatment")),
             ("d3", _m("limiting alcohol", "treatment")), ("d4", _m("limit alcohol", "treatment")),
             ("d5", _m("limit alcohol", "treatment")), ("d6", _m("massaging", "treatment")),
             ("d7", _m("massage", "treatment")), ("d8", _m("massage", "treatment")),
             # a complaint keeps its form: "burning" is not "burn"
             ("d1", _m("burning", "symptom")), ("d2", _m("burn", "symptom"))]
    res = deduplicate(_summary(items), SETTINGS)
    got = sorted((e["type"], e["name"], e["n_documents"]) for e in res.entities)
    assert got == [("symptom", "burn", 1), ("symptom", "burning", 1), ("treatment", "limit alcohol", 3),
                   ("treatment", "massage", 3), ("treatment", "quitting smoking", 2)], got


def test_a_phrase_the_lexicon_links_to_a_broader_term_does_not_take_in_that_terms_other_names():
    # the lexicon cites lower limb pain for "pain radiating down the leg"; a leg ache is that term too, not
    # a radiating pain
    radiating = Mention("m", "d", 0, 0, 1, "symptom", "pain that radiates down the leg",
                        "pain that radiate down the leg", concept="pain radiating down the leg",
                        ontology_id="HP:0012514")
    items = [("d1", radiating), ("d2", _m("leg ache", "symptom")), ("d3", _m("aching leg", "symptom"))]
    res = deduplicate(_summary(items), SETTINGS)
    assert sorted((e["name"], e["n_documents"]) for e in res.entities) == [
        ("leg ache", 2), ("pain radiating down the leg", 1)], res.entities


def test_generic_words_alone_are_not_one_concept():
    # "lung conditions" and "lung disease" are one; bare "illness" and "abnormality" are not
    assert normalize_key("lung conditions") == normalize_key("lung disease")
    assert normalize_key("illness") != normalize_key("abnormality")
