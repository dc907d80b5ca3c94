"""The global step reads each document's mentions grouped by key (``write._MentionSpool``): what it adds to
mentions.csv, the evidence, the relations and the report must be what a loop over the mentions in order
gives (``write._overridden`` is that loop: the path documents with overridden entities take)."""
from __future__ import annotations

import marshal
from collections import defaultdict

from hypothesis import given, settings, strategies as st

from pipeline.config import Settings
from pipeline.records import Document, Mention, Sentence
from pipeline.stages.dedupe import DedupeResult
from pipeline.write import ReportView, _filled, _gather, _overridden, render

_SURFACES = ["back pain", "back pains", "Sleep", "stress, \"chronic\"", "50% rest", "ice", "heat\nwrap", "yoga"]

mention = st.tuples(st.sampled_from(["cause", "symptom", "treatment"]), st.sampled_from(_SURFACES),
                    st.sampled_from(["", "negated", "contraindicated"]), st.sampled_from(["", "concept_a"]),
                    st.integers(0, 3))


def _doc(doc_id: str, condition: str, items) -> Document:
    sentences = [Sentence(i, 10 * i, 10 * i + 9, f"sentence {i}, 100%") for i in range(4)]
    mentions = [Mention(f"{doc_id}-m{n}", doc_id, si, 0, 3, typ, surface, surface.lower().replace(" ", "_"),
                        flag=flag, concept=concept) for n, (typ, surface, flag, concept, si) in enumerate(items)]
    return Document(doc_id, f"{doc_id}.md", "md", sentences=sentences, mentions=mentions, condition=condition)


def _record(doc: Document):
    blob = render(doc, Settings()).mentions
    return marshal.loads(blob[4:]) if blob else None


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["", "back pain"]), st.lists(mention, max_size=40)), min_size=1, max_size=4),
       st.data())
def test_grouped_mentions_give_what_the_mention_loop_gives(docs, data):
    records = [r for n, (cond, items) in enumerate(docs) if (r := _record(_doc(f"d{n}", cond, items)))]
    keys = sorted({k for r in records for k in r[3]})
    # several keys share an entity (merged variants) and some have none
    entity_of = {k: data.draw(st.sampled_from(["", "E000000000001", "E000000000002", "E000000000003"])) for k in keys}
    fast = (ReportView(), defaultdict(list), {}, [])
    slow = (ReportView(), defaultdict(list), {}, [])
    for doc_id, condition, texts, doc_keys, template, columns, groups in records:
        eids = [entity_of[k] for k in doc_keys]
        block = _filled(template, eids)
        _gather(doc_id, condition, texts, eids, columns, groups, *fast[:3])
        fast[3].append(block)
        slow[3].append(_overridden(block, doc_id, condition, texts, DedupeResult(), *slow[:3]))
    assert fast[3] == slow[3]
    assert (fast[0].n_mentions, fast[0].unknown) == (slow[0].n_mentions, slow[0].unknown)
    assert fast[1] == slow[1]
    assert fast[2] == slow[2]


def test_overridden_entities_leave_or_change_their_mentions():
    doc = _doc("d0", "back pain", [("cause", "stress", "", "", 0), ("symptom", "ice", "", "", 1),
                                   ("cause", "stress", "contraindicated", "", 2)])
    doc_id, condition, texts, keys, template, columns, groups = _record(doc)
    eids = ["E000000000001" if k[2] == "stress" else "E000000000002" for k in keys]
    result = DedupeResult(rejected={"E000000000002"}, retyped={"E000000000001": "treatment"})
    view, evidence, relations = ReportView(), defaultdict(list), {}
    block = _overridden(_filled(template, eids), doc_id, condition, texts, result, view, evidence, relations)
    rows = block.decode("utf-8").splitlines()
    assert len(rows) == 2 and all(",treatment," in r and "E000000000001" in r for r in rows)
    assert set(relations) == {("back pain", "treatment", "E000000000001"),
                              ("back pain", "contraindicated_treatment", "E000000000001")}
    assert "E000000000002" not in evidence and view.n_mentions == 2


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["", "back pain"]), st.lists(mention, max_size=30)), min_size=1, max_size=6),
       st.integers(1, 4), st.data())
def test_mention_runs_merged_in_order_give_one_pass(tmp_path_factory, docs, n_parts, data):
    """The global step splits the spooled documents into runs (one filled by an idle worker): merged in
    order, the runs give the rows, evidence, relations and counts of one pass over all documents."""
    from pipeline.write import _merge_part, _mention_part, _split

    folder = tmp_path_factory.mktemp("spool")
    blobs = [render(_doc(f"d{n}", cond, items), Settings()).mentions for n, (cond, items) in enumerate(docs)]
    segments = []
    for n, blob in enumerate(b for b in blobs if b):
        path = folder / f"shard{n}"
        path.write_bytes(blob)
        segments.append([path, 0, len(blob)])
    keys = sorted({k for b in blobs if b for k in marshal.loads(b[4:])[3]})
    entity_of = {k: data.draw(st.sampled_from(["", "E000000000001", "E000000000002"])) for k in keys}
    own = folder / "own"

    def run(parts):
        view, evidence, relations, rows = ReportView(), {}, {}, b""
        for i, part in enumerate(parts):
            out = folder / f"part{i}"
            _merge_part(_mention_part([list(s) for s in part], own, entity_of, DedupeResult(), out),
                        view, evidence, relations)
            rows += out.read_bytes()
        return rows, view.n_mentions, view.unknown, evidence, relations

    keep = [p.read_bytes() for p, _, _ in segments]
    whole = run([segments])
    for (p, _, _), blob in zip(segments, keep):  # the runs delete the shard files they read
        p.write_bytes(blob)
    assert run(_split(segments, n_parts)) == whole
    assert len(_split(segments, n_parts)) <= n_parts


@settings(max_examples=40, deadline=None)
@given(st.lists(st.binary(max_size=3000), max_size=6), st.booleans())
def test_append_file_concatenates_in_order(tmp_path_factory, chunks, kernel_copy):
    """``io.append_file`` (the kernel's copy_file_range, or the buffered copy when it fails) appends each
    file whole, after what the handle wrote itself, and the handle keeps writing at the end."""
    import os
    from contextlib import nullcontext
    from unittest import mock

    from pipeline import io as pio

    folder = tmp_path_factory.mktemp("append")
    out = folder / "out.bin"
    failing = mock.patch.object(os, "copy_file_range", side_effect=OSError("unsupported"), create=True)
    with out.open("wb") as dst, (nullcontext() if kernel_copy else failing):
        dst.write(b"head")
        for i, chunk in enumerate(chunks):
            src = folder / f"part{i}"
            src.write_bytes(chunk)
            pio.append_file(src, dst)
            dst.write(b"|")
        assert dst.tell() == 4 + sum(len(c) + 1 for c in chunks)
    assert out.read_bytes() == b"head" + b"".join(c + b"|" for c in chunks)
