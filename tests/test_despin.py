"""Spin gate: each signal on a spun and an unspun sentence; threshold from configuration; WordNet fallback."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given, settings as hsettings, strategies as st

from pipeline import wordnet
from pipeline.corpus import group_copies
from pipeline.config import ConfigError, SpinSettings, load_settings
from pipeline.markup import render_plain
from pipeline.records import Document
from pipeline.stages import despin, segment
from pipeline.stages.despin import ARTEFACT, _inflection_hits, _participle_verbs, _wordnet_hits, score_document
from tests.conftest import ROOT

SPUN_SEED = (ROOT / "raw" / "001_46c42ec638c91122.txt").read_text(encoding="utf-8")
CLEAN_SEED = (ROOT / "raw" / "000_0ddf153a1aa01862.txt").read_text(encoding="utf-8")


def _doc(text: str) -> Document:
    r = render_plain(text)
    return segment.segment([Document(doc_id="d", source="d.txt", fmt="txt", text=r.text)])[0]


def _toks(text: str) -> list[str]:
    return despin.TOKEN.findall(text)


def test_despin_artefacts_spun_and_clean():
    assert len(ARTEFACT.findall("The number in the aside ( 1 , 2 , 3 ) are up - to - date .")) >= 4
    assert ARTEFACT.findall("The numbers (1, 2, 3) are up-to-date.") == []


def test_despin_wordnet_signal_spun_and_clean():
    from collections import Counter

    wn = wordnet.load()
    spun = "Stiff back after kip may occur with back inclemency and rigourousness ."
    doc_words = Counter(w.lower() for w in _toks(spun + " stiffness sleep stiffness"))
    hits = _wordnet_hits(_toks(spun), doc_words, wn)
    assert any(h.startswith("inclemency→") for h in hits), hits
    clean = "Stiff back after sleep may occur with back stiffness and tension."
    assert _wordnet_hits(_toks(clean), Counter(w.lower() for w in _toks(clean)), wn) == []


def test_despin_a_rare_kin_of_a_word_the_article_uses_stands_for_it():
    """A word of the article's own family is its vocabulary ("menstruate" beside "menstrual"), unless it
    is a rare co-lemma of a much more common member the article uses: "injectant" for "injection"."""
    from collections import Counter

    wn = wordnet.load()
    text = "The injection site may swell. Redness after an injection fades. The skin reacts to the injectant."
    toks = _toks(text)
    words = Counter(t.lower() for t in toks)
    stems = Counter(w[:6] for w in words if len(w) >= 7)
    assert "injectant→injection*" in _wordnet_hits(toks, words, wn, stems)
    clean = "Cramps come before you menstruate. The menstrual cycle lasts about four weeks."
    toks = _toks(clean)
    words = Counter(t.lower() for t in toks)
    assert _wordnet_hits(toks, words, wn, Counter(w[:6] for w in words if len(w) >= 7)) == []


def test_despin_inflection_signal_spun_and_clean():
    verbs = _participle_verbs()
    assert _inflection_hits(_toks("no treatment is need and both should be take after"), verbs)
    assert _inflection_hits(_toks("no treatment is needed and both should be taken after"), verbs) == []


def test_despin_multiword_lemmas_put_in_for_common_words():
    from pipeline.stages.despin import score_document

    base = ("Shoulder pain overview\nShoulder pain can come from the muscle, the spine or the joint itself. "
            "Many people feel it in the arms after lifting, and a hormone change can make the joint stiff. "
            "Rest, ice and gentle movement help most people within a few weeks. Surgery or medication is rarely "
            "needed. A doctor checks the muscle, the arms and the spine before suggesting any surgery or hormone "
            "tests. Heat also relaxes a tight muscle, and sleep on the other side keeps weight off the joint. ")
    spun = base + ("The muscular tissue can tighten. A medicinal drug may help. An internal secretion shift matters, "
                   "and a surgical process is a last resort.")
    real = base + "The spinal column can stiffen. A surgical procedure is a last resort."
    assert score_document(_doc(spun)).score >= load_settings().spin.threshold
    # two such terms are what real articles use ("spinal column", "surgical procedure")
    assert score_document(_doc(real)).score < load_settings().spin.review_band


def test_despin_seed_scores_spun_above_clean_below():
    assert score_document(_doc(SPUN_SEED)).score >= 0.9
    assert score_document(_doc(CLEAN_SEED)).score < 0.1


@pytest.mark.parametrize("threshold,status", [(0.5, "quarantined"), (1.01, "kept")])
def test_despin_threshold_comes_from_configuration(threshold, status):
    doc = despin.despin(_doc(SPUN_SEED), None, SpinSettings(threshold=threshold, review_band=0.25))
    assert doc.status == status
    if status == "quarantined":
        assert doc.reason.startswith("spun")


def test_despin_review_band_must_sit_below_threshold(tmp_path: Path):
    cfg = tmp_path / "c.toml"
    cfg.write_text("[spin]\nthreshold = 0.3\nreview_band = 0.6\n")
    with pytest.raises(ConfigError, match="review_band"):
        load_settings(cfg)


def test_despin_without_wordnet_falls_back_with_a_clear_note(monkeypatch, tmp_path: Path):
    monkeypatch.setenv("PIPELINE_WORDNET_TABLE", str(tmp_path / "missing.tsv.gz"))  # tables are memoized per path
    try:
        with pytest.raises(wordnet.WordNetMissing, match="setup-wordnet"):
            wordnet.load()
        result = score_document(_doc(SPUN_SEED))
        assert not result.wordnet_used
        assert "WordNet signal off" in result.summary()
        assert result.score >= 0.9  # the spacing artefacts alone still catch this copy
    finally:
        monkeypatch.delenv("PIPELINE_WORDNET_TABLE")


def test_despin_copies_keep_the_least_spun():
    mh = despin.minhash
    a = ("d1", 0.1, mh(frozenset(f"w{i}" for i in range(20))))
    b = ("d2", 0.8, mh(frozenset(f"w{i}" for i in range(2, 22))))
    c = ("d3", 0.0, mh(frozenset(f"x{i}" for i in range(20))))
    groups = group_copies([a, b, c])
    assert groups == {"d2": "d1"}


def test_wordnet_setup_parses_data_lines(tmp_path: Path):
    lines = ["  1 This is the license header", "00001740 03 n 02 entity 0 thing 0 001 ~ 00001930 n 0000 | gloss"]
    assert list(wordnet.parse_data_lines(lines)) == [(3, ["entity", "thing"])]


def test_despin_artefact_prefilter_loses_no_match():
    """ARTEFACT's leading look-ahead only skips positions where none of its alternatives can start."""
    import re

    from hypothesis import given, settings as hsettings, strategies as st

    head = "(?=. )(?:"
    assert ARTEFACT.pattern.startswith(head) and ARTEFACT.pattern.endswith(")")
    plain = re.compile(ARTEFACT.pattern[len(head):-1])

    @hsettings(max_examples=300, deadline=None)
    @given(st.lists(st.sampled_from(list("ab A.,;:!?)(-'’“”\"s\n") + ["up - to", "word ", " s"]), max_size=50)
           .map("".join))
    def check(text):
        assert [m.span() for m in ARTEFACT.finditer(text)] == [m.span() for m in plain.finditer(text)]

    check()


def test_wordnet_heads_are_the_first_two_words_of_multiword_lemmas():
    wn = wordnet.WordNet([("n", ("log_z's", "sleep")), ("n", ("wooden_leg", "leg", "peg_leg", "peg_out_of_line"))])
    assert wn.heads == {"log": ("z's",), "wooden": ("leg",), "peg": ("leg", "out")}
    many = wordnet.WordNet([("n", tuple(f"take_{w}" for w in "a b c d e f g h i".split()))])
    assert many.heads == {"take": frozenset("abcdefghi")}


def _group_copies_reference(sigs, jaccard=0.7):
    """The first implementation (a dict of every band of every document), kept to check the numpy one."""
    buckets: dict[tuple, list[int]] = {}
    mins = [s[2] for s in sigs]
    for i, mh in enumerate(mins):
        for b in range(0, len(mh), 3):
            buckets.setdefault((b, mh[b:b + 3]), []).append(i)
    parent = list(range(len(sigs)))

    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for members in buckets.values():
        if 2 <= len(members) <= 50:
            for a in members[1:]:
                x, y = mins[members[0]], mins[a]
                if sum(1 for u, v in zip(x, y) if u == v) / len(x) >= jaccard:
                    parent[find(a)] = find(members[0])
    groups: dict[int, list[int]] = {}
    for i in range(len(sigs)):
        groups.setdefault(find(i), []).append(i)
    out = {}
    for members in groups.values():
        if len(members) > 1:
            keep = min(members, key=lambda i: (sigs[i][1], sigs[i][0]))
            out.update({sigs[i][0]: sigs[keep][0] for i in members if i != keep})
    return out


@hsettings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from([0.0, 0.1, 0.5]),
                          st.lists(st.integers(0, 2) | st.integers(0, 2**64 - 1), min_size=24, max_size=24)),
                max_size=70),
       st.sampled_from([0.5, 0.7, 0.9]))
def test_copy_groups_are_those_of_the_band_dict(docs, jaccard):
    """Spin copies are grouped from compact arrays with numpy: the same groups as a dict of every band."""
    from pipeline.corpus import SpinSignatures

    sigs = [(f"d{n:03d}", score, tuple(mh)) for n, (score, mh) in enumerate(docs)]
    compact = SpinSignatures()
    for half in (sigs[:len(sigs) // 2], sigs[len(sigs) // 2:]):  # as partial statistics merge
        compact.extend(SpinSignatures(half))
    want = _group_copies_reference(sigs, jaccard)
    assert group_copies(compact, jaccard) == want
    assert group_copies(sigs, jaccard) == want


def _reference_hits(tokens, doc_words, wn, stems=None):
    """``_wordnet_hits`` as it was before it skipped to candidate words: every token tried in turn, a
    multi-word hit taking its tokens."""
    from pipeline.stages.despin import _hit_at

    hits, lows, i = [], [t.lower() for t in tokens], 0
    while i < len(lows):
        hit = _hit_at(lows, i, doc_words, wn, stems)
        if hit is not None:
            hits.append(hit[0])
        i += hit[1] if hit is not None else 1
    return hits


def test_despin_wordnet_hits_equal_the_full_loop():
    """Skipping to the words that can begin a hit finds what the loop over every token found: on words
    of multi-word lemmas ("log z's"), rare and common co-lemmas, stop words, in any order and case."""
    from collections import Counter

    wn = wordnet.load()
    multi = sorted(l for l in wn.index if "_" in l)[::400]
    pool = sorted({w for l in multi for w in l.split("_")} | {"sleep", "kip", "inclemency", "stiffness", "back",
                  "log", "z's", "the", "of", "hurt", "ache", "a", "is", "slumber", "physician", "doctor", "lumbago"})
    words = st.sampled_from(pool).map(lambda w: w.upper() if len(w) % 3 == 0 else w)

    @hsettings(max_examples=300, deadline=None)
    @given(st.lists(words, max_size=25), st.lists(words, max_size=10), st.booleans())
    def check(tokens, others, with_stems):
        doc_words = Counter(w.lower() for w in tokens + others)
        stems = Counter(w.lower()[:6] for w in tokens + others) if with_stems else None
        assert _wordnet_hits(tokens, doc_words, wn, stems) == _reference_hits(tokens, doc_words, wn, stems)

    check()
    spun = _toks(SPUN_SEED)
    counts = Counter(w.lower() for w in spun)
    assert _wordnet_hits(spun, counts, wn) == _reference_hits(spun, counts, wn) != []


def testzipf_table_shares_one_float_per_value():
    """The word-frequency table holds one float object per distinct value (a few hundred), not one per
    word: 7.7 MB less in every process, and fewer pages a forked worker copies on lookups."""
    from pipeline.stages.despin import zipf_table

    table = zipf_table()
    assert len(table) > 100_000
    assert len({id(v) for v in table.values()}) == len(set(table.values())) < 1000


def test_wordnet_table_round_trips_and_answers_as_the_synset_list():
    """The loaded table (one-character parts of speech, an int for a lemma of one synset) answers
    membership, senses, synonyms and synsets as the list of synsets it was built from."""
    import marshal

    synsets = [("n", ("log_z's", "sleep", "kip")), ("v", ("sleep", "kip")), ("n", ("wooden_leg", "leg", "peg_leg")),
               ("a", ("sleepy",)), ("s", ("asleep", "sleeping"))]
    wn = wordnet.WordNet(synsets, [29, 29, 8, 0, 0])
    back = wordnet.WordNet.from_table(marshal.loads(marshal.dumps(wn.table())))
    for w in (wn, back):
        assert list(w.synsets) == synsets
        assert w.senses("sleep") == 2 and w.senses("leg") == 1 and w.senses("nap") == 0
        assert w.synonyms("sleep") == {"log_z's", "kip"} and w.synonyms("kip") == {"log_z's", "sleep"}
        assert w.synonyms("leg") == {"wooden_leg", "peg_leg"} and w.synonyms("nap") == set()
        assert "sleepy" in w and "nap" not in w and w.heads == {"log": ("z's",), "wooden": ("leg",), "peg": ("leg",)}
        assert w.classes("sleep") == ("verb.body",) and w.classes("leg") == ("noun.body",) and w.classes("nap") == ()
    with pytest.raises(ValueError):
        wordnet.WordNet([("noun", ("x",))])


def test_a_substitution_names_the_same_common_word_whatever_the_hash_seed():
    """Co-lemmas come from sets, whose order follows each process's string hashes; of equally common
    ones the hit names the first in alphabetical order, in every process."""
    import subprocess
    import sys

    code = ("from pipeline import wordnet; from pipeline.stages import despin as D; from collections import Counter\n"
            "table = {'patently': 2.0, 'obviously': 4.9, 'apparently': 4.9, 'plainly': 4.9, 'evidently': 4.1}\n"
            "D.zipf_table = lambda: table\n"
            "wn = wordnet.WordNet([('r', ('patently', 'obviously', 'apparently', 'plainly', 'evidently'))])\n"
            "print(D._hit_at(['it', 'was', 'patently', 'wrong'], 2, Counter(), wn, None)[0])")
    seen = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                           env={**os.environ, "PYTHONHASHSEED": str(seed)}).stdout.strip() for seed in range(8)}
    assert seen == {"patently→apparently"}
