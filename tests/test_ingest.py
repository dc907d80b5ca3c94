"""Ingest: every bad-input class becomes a row with a clear reason; good inputs parse."""
from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from hypothesis import given, settings as hsettings, strategies as st

from pipeline import io as pio
from pipeline.cli import main
from pipeline.config import load_settings
from pipeline.stages.ingest import RawInput, decode, make_doc_id, parse

SMALL = load_settings().ingest


def _one(source: str, data: bytes, **kw) -> list:
    return parse(RawInput(source, data=data, size=len(data), **kw), SMALL)


def test_ingest_doc_id_is_stable_and_depends_on_path_and_record():
    assert make_doc_id("a/b.txt") == make_doc_id("a/b.txt")
    assert make_doc_id("a/b.txt") != make_doc_id("a/c.txt")
    assert make_doc_id("x.jsonl", 1) != make_doc_id("x.jsonl", 2)
    assert len(make_doc_id("a/b.txt")) == 16


@pytest.mark.parametrize("source,data,reason", [
    ("empty.txt", b"", "empty file"),
    ("blank.md", b"  \n\n ", "empty file"),
    ("bin.txt", b"abc\x00def" * 10, "binary file (contains NUL bytes)"),
    ("pic.html", b"\x89PNG\r\n\x1a\n....", "binary file (PNG image)"),
    ("bad.json", b'{"text": ', "malformed JSON"),
    ("list.json", b"[1]", "record is a JSON int"),
    ("scalar.json", b"42", "record is a JSON int"),
    ("nobody.json", b'{"title": "x"}', "record has no body"),
    ("deck.pptx", b"PK\x03\x04", "unsupported file type .pptx"),
    ("noext", b"hello", "unsupported file type (none)"),
    ("bad.txt.gz", b"\x1f\x8b\x08\x00nonsense", "corrupt gzip file"),
])
def test_ingest_bad_input_fails_with_reason(source, data, reason):
    docs = _one(source, data)
    assert len(docs) == 1
    assert docs[0].status == "failed"
    assert docs[0].reason.startswith(reason), docs[0].reason


def test_ingest_unreadable_file_is_reported(tmp_path: Path):
    (tmp_path / "gone.txt").symlink_to(tmp_path / "missing.txt")
    raws = list(pio.iter_raw(tmp_path, SMALL.max_bytes))
    docs = parse(raws[0], SMALL)
    assert docs[0].status == "failed" and docs[0].reason.startswith("skipped: a broken link")


def test_ingest_oversized_file_is_not_read(tmp_path: Path):
    (tmp_path / "big.txt").write_bytes(b"x" * 2000)
    raw = pio.read_raw(tmp_path, tmp_path / "big.txt", max_bytes=1000)
    assert raw.data is None
    docs = parse(raw, load_settings().ingest.__class__(max_bytes=1000))
    assert docs[0].status == "failed" and "over the" in docs[0].reason and "ingest.max_bytes" in docs[0].reason


def test_ingest_invalid_utf8_is_kept_with_warning():
    docs = _one("latin.txt", "Caf\xe9 culture and back pain.".encode("latin-1"))
    assert docs[0].status == "kept"
    assert "Café" in docs[0].text
    assert docs[0].warnings and docs[0].warnings[0].startswith("invalid UTF-8")


def test_ingest_utf16_with_bom_is_decoded():
    docs = _one("u16.txt", "Neck pain and stiffness.".encode("utf-16"))
    assert docs[0].status == "kept" and docs[0].text == "Neck pain and stiffness."
    assert "UTF-16" in docs[0].warnings[0]


def test_ingest_jsonl_bad_line_fails_alone():
    data = (json.dumps({"text": "Back pain is common."}) + "\n{oops\n" + json.dumps({"markdown": "# Hi\n\nThere."})).encode()
    docs = _one("batch.jsonl", data)
    assert [d.status for d in docs] == ["kept", "failed", "kept"]
    assert docs[1].source == "batch.jsonl#2" and docs[1].reason.startswith("malformed JSON on line 2")
    assert len({d.doc_id for d in docs}) == 3


def test_ingest_firecrawl_record_takes_markdown_and_metadata():
    rec = {"markdown": "# Gout\n\n- red, swollen joint\n- sudden pain", "metadata": {"sourceURL": "https://d.example/gout", "title": "Gout relief"}}
    doc = _one("gout_raw.json", json.dumps(rec).encode())[0]
    assert doc.status == "kept" and doc.url == "https://d.example/gout" and doc.title == "Gout relief"
    assert doc.text == "Gout\nred, swollen joint\nsudden pain"
    assert [k for _, _, k, _ in doc.layout] == ["heading", "item", "item"]


def test_ingest_html_keeps_raw_html_and_metadata():
    html = ('<html lang="en"><head><title>T</title><meta property="og:title" content="OG title">'
            '<link rel="canonical" href="https://x.example/a"><script type="application/ld+json">'
            '{"@type": "MedicalWebPage", "headline": "LD headline", "datePublished": "2024-01-02"}</script>'
            '</head><body><p>Body text here.</p></body></html>')
    doc = _one("page.html", html.encode())[0]
    assert doc.status == "kept" and doc.html == html and doc.text == ""
    assert doc.title == "OG title" and doc.url == "https://x.example/a"
    assert doc.meta["ld:datePublished"] == "2024-01-02" and doc.meta["language"] == "en"


def test_ingest_markdown_renders_blocks_on_their_own_lines():
    md = "Intro **bold** text with a [link](http://x).\n\n![img](http://i.png)\n\n## Causes\n\n1. First cause\n2. Second\n\n| a | b |\n|---|---|\n| 1 | 2 |\n"
    doc = _one("a.md", md.encode())[0]
    assert doc.text.split("\n") == ["Intro bold text with a link.", "Causes", "First cause", "Second", "a | b", "1 | 2"]


@hsettings(max_examples=200, deadline=None)
@given(st.binary(max_size=400), st.sampled_from(["a.txt", "b.md", "c.html", "d.json", "e.jsonl", "f.txt.gz", "g.warc", "h.xyz"]))
def test_ingest_never_raises_on_arbitrary_bytes(data, name):
    docs = _one(name, data)
    assert docs
    for d in docs:
        assert d.status in ("kept", "failed")
        assert d.status == "kept" or d.reason


@hsettings(max_examples=100, deadline=None)
@given(st.text(max_size=300))
def test_ingest_decode_roundtrips_utf8(text):
    assert decode(text.encode("utf-8"))[0] in (text, None)


def test_ingest_bad_folder_run_records_every_input(bad_folder: Path, tmp_path: Path):
    out = tmp_path / "out"
    assert main(["curate", "--raw", str(bad_folder), "--out", str(out), "--quiet", "--workers", "1"]) == 0
    rows = {r["source"]: r for r in csv.DictReader((out / "documents.csv").open(encoding="utf-8"))}
    expect = {
        "good.txt": ("kept", ""), "good.md": ("kept", ""),
        "empty.txt": ("failed", "empty file"), "binary.txt": ("failed", "binary file"),
        "latin1.txt": ("kept", ""), "utf16.txt": ("kept", ""), "huge.txt": ("kept", ""),
        "broken.html": ("kept", ""), "malformed.json": ("failed", "malformed JSON"),
        "records.jsonl#1": ("kept", ""), "records.jsonl#2": ("failed", "malformed JSON on line 2"),
        "records.jsonl#3": ("kept", ""), "nobody.json": ("failed", "record has no body"),
        "slides.pdf": ("failed", "unsupported file type .pdf"), "unreadable.txt": ("failed", "skipped: a broken link"),
        "page.html.gz": ("kept", ""), "corrupt.html.gz": ("failed", "corrupt gzip file"),
    }
    assert set(rows) == set(expect)
    for source, (status, reason) in expect.items():
        assert rows[source]["status"] == status, (source, rows[source])
        assert rows[source]["reason"].startswith(reason), (source, rows[source]["reason"])
    assert rows["latin1.txt"]["warnings"].startswith("invalid UTF-8")
    sentences = list(csv.DictReader((out / "sentences.csv").open(encoding="utf-8")))
    good = {r["doc_id"] for r in rows.values() if r["source"] in ("good.txt", "good.md")}
    assert {s["doc_id"] for s in sentences} >= good


def test_ingest_oversized_in_a_run(tmp_path: Path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "big.txt").write_bytes(b"Back pain. " * 200)
    cfg = tmp_path / "c.toml"
    cfg.write_text("[ingest]\nmax_bytes = 1000\n")
    assert main(["curate", "--raw", str(raw), "--out", str(tmp_path / "o"), "--config", str(cfg), "--quiet"]) == 0
    row = next(csv.DictReader((tmp_path / "o" / "documents.csv").open()))
    assert row["status"] == "failed" and "over the" in row["reason"]


@hsettings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=300), max_size=60))
def test_ingest_control_character_count_is_the_plain_definition(text):
    from pipeline.stages.ingest import _CONTROLS

    assert len(_CONTROLS.findall(text)) == sum(1 for c in text if ord(c) < 32 and c not in "\n\r\t\f")


_NAMES = st.sampled_from(["a", "b.md", ".hidden", "c.txt", ".dir", "sub", "Z.html", "é.json"])


@hsettings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.lists(_NAMES, min_size=1, max_size=3), st.sampled_from(["file", "link-dir", "broken"])),
                max_size=12))
def test_list_raw_accounts_for_every_entry(tmp_path_factory, entries):
    """Every file, link and hidden entry under --raw is listed once (hidden folders as one entry, not
    entered), every listed entry reads to data or a reason, and links back to the root do not loop."""
    root = tmp_path_factory.mktemp("raw")
    for parts, kind in entries:
        path = root.joinpath(*parts)
        if path.exists() or path.is_symlink() or any(p.is_symlink() or (p.exists() and not p.is_dir())
                                                     for p in path.parents):
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        if kind == "file":
            path.write_text("x", encoding="utf-8")
        elif kind == "link-dir":
            path.symlink_to(root, target_is_directory=True)
        else:
            path.symlink_to(root / "missing-target")
    listed = pio.list_raw(root)
    assert len(listed) == len(set(listed)) and listed == sorted(listed)
    visible = {p.relative_to(root).as_posix() for p in root.rglob("*")
               if (p.is_file() or p.is_symlink()) and not any(part.startswith(".") for part in p.relative_to(root).parts)}
    assert visible <= {x.rstrip("/") for x in listed}
    for rel in listed:
        raw = pio.read_raw(root, root / rel, 1000)
        assert (raw.data is not None) != bool(raw.error), rel


@hsettings(max_examples=150, deadline=None)
@given(members=st.lists(st.binary(max_size=300), min_size=1, max_size=3), extra=st.integers(-2, 2),
       padding=st.integers(0, 3), level=st.sampled_from([0, 1, 9]))
def test_gunzip_reads_every_member_up_to_the_limit(members, extra, padding, level):
    """The bytes of every member, as ``gzip.decompress`` gives them (zero padding between members skipped);
    a file that expands past the limit by one byte is refused, and so is one cut short."""
    _check_gunzip(members, extra, padding, level)


def _check_gunzip(members: list[bytes], extra: int, padding: int = 0, level: int = 9) -> None:
    import gzip

    from pipeline.stages import ingest

    data = (b"\x00" * padding).join(gzip.compress(m, compresslevel=level, mtime=0) for m in members)
    expected = b"".join(members)
    assert gzip.decompress(data) == expected
    limit = max(0, len(expected) + extra)
    out, err = ingest._gunzip(data, limit)
    if len(expected) <= limit:
        assert (out, err) == (expected, "")
    else:
        assert out is None and "size limit" in err
    for broken in (data + b"trailing junk", data[:-1] + bytes([data[-1] ^ 1])):  # junk; a wrong length
        out, err = ingest._gunzip(broken, len(expected) + 10)
        assert out is None and err.startswith("corrupt gzip file"), err
    out, err = ingest._gunzip(data[:-3], len(expected) + 10)  # cut inside the last member's trailer
    assert out is None and err.startswith("corrupt gzip file")


def test_gunzip_reads_header_fields_and_stops_at_the_limit():
    """A member with a file name, comment-free header from ``gzip.GzipFile``; a 50 MB bomb is refused after
    the limit's bytes, not expanded whole."""
    import gzip
    import io

    from pipeline.stages import ingest

    buf = io.BytesIO()
    with gzip.GzipFile(filename="page.html", mode="wb", fileobj=buf, mtime=0) as fh:
        fh.write(b"<p>stiff back</p>")
    assert buf.getvalue()[3] & 0x08  # FNAME set
    assert ingest._gunzip(buf.getvalue(), 100) == (b"<p>stiff back</p>", "")
    bomb = gzip.compress(b"\0" * 50_000_000, mtime=0)
    out, err = ingest._gunzip(bomb, 1_000_000)
    assert out is None and "size limit" in err


_GLUED_PAGE = ("# Arthritis\n\nArthritis may becaused by wear and tear. Analgesics, such as hydrocodone (Vicodin) "
               "oracetaminophen(Tylenol), help with pain. Nonsteroidal drugs, such asibuprofen(Advil), help too.\n\n"
               "- Fish oilandturmericsupplementsmay help reduce inflammation.\n- Eat abalanced diet.\n\n"
               "## Sources\n\nSee https://www.clevelandclinic.org/arthritisinclude for anovulation and more.\n")


def test_words_a_scraper_glued_together_are_spaced_on_a_page_that_shows_the_pattern():
    from pipeline.stages.ingest import fill_text
    from pipeline.records import Document

    doc = fill_text(Document(doc_id="a" * 16, source="a.md", fmt="md"), _GLUED_PAGE, "markdown")
    for spaced in ("may be caused by", "or acetaminophen (Tylenol)", "such as ibuprofen (Advil)",
                   "Fish oil and turmeric supplements may help", "Eat a balanced diet"):
        assert spaced in doc.text, doc.text
    # a URL and a vocabulary term stay as they are; the layout follows the new text
    assert "https://www.clevelandclinic.org/arthritisinclude" in doc.text and "anovulation" in doc.text
    assert [doc.text[a:b] for a, b, kind, _ in doc.layout if kind == "item"] == [
        "Fish oil and turmeric supplements may help reduce inflammation.", "Eat a balanced diet."]


def test_a_page_with_a_few_unknown_words_keeps_them():
    from pipeline.words import unglue

    lines = ["Anovulatory cycles and Asherman syndrome are rare.", "Ask about metforminor insulin."]
    assert unglue(lines) is None


@pytest.mark.parametrize("word, pieces", [
    ("themost", ("the", "most")), ("usedto", ("used", "to")), ("thefollowing", ("the", "following")),
    # rare words wordfreq knows stay whole unless a short word and a common one make them
    ("expectorants", ()), ("anovulatory", ()), ("ascaris", ()), ("carditis", ()), ("humidifying", ()),
    # unknown words split as before
    ("asibuprofen", ("as", "ibuprofen")), ("heartdisease", ("heart", "disease")),
])
def test_glued_word_splits(word, pieces):
    from pipeline.words import glue_split

    assert glue_split(word) == pieces


@given(st.lists(st.text(alphabet=st.sampled_from("abcdefghijklmnopqrstuvwxyz ./"), max_size=60), max_size=8))
@hsettings(max_examples=200, deadline=None)
def test_ungluing_only_adds_spaces(lines):
    from pipeline.words import unglue

    lines = lines + ["percentof studyfound peoplewith thesymptoms causesof abalanced mayinclude toreduce x(ab)cd"]
    out = unglue(lines)
    assert out is not None and len(out) == len(lines)
    assert [x.replace(" ", "") for x in out] == [x.replace(" ", "") for x in lines]
    assert out[-1].endswith("x (ab) cd")
    assert unglue(out) is None or unglue(out) == out
