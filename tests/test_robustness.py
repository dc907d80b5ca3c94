"""No input, crash or setting loses data, crashes a run or lets anything in: one test per class of bad
input, a seeded fuzz corpus, kill -9 and SIGTERM at several points, a planted cache entry, bad settings."""
from __future__ import annotations

import csv
import os
import pickle
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipeline import io as pio
from pipeline.cli import main
from pipeline.config import ConfigError, load_settings

from .fuzz import make_corpus

ROOT = Path(__file__).resolve().parents[1]
OUTPUTS = ("documents.csv", "sentences.csv", "mentions.csv", "entities.csv", "relations.csv",
           "knowledge_base.json", "report.html", "run.json")


def curate(raw: Path, out: Path, *extra: str) -> int:
    return main(["curate", "--raw", str(raw), "--out", str(out), "--quiet", "--workers", "2", "--no-cache", *extra])


def rows(out: Path, name: str = "documents.csv") -> list[dict]:
    with (out / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def snapshot(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.iterdir()) if p.is_file()}


# ---- every input accounted, nothing read from outside --------------------------------------------

def test_links_inside_are_followed_and_every_other_entry_has_a_row(tmp_path: Path):
    raw, outside = tmp_path / "raw", tmp_path / "outside"
    (raw / "sub").mkdir(parents=True)
    outside.mkdir()
    text = "Back pain\n\nRest and heat help back pain heal.\n"
    (raw / "a.txt").write_text(text)
    (raw / "sub" / "b.txt").write_text("Neck pain\n\nGentle stretches ease a stiff neck.\n")
    (outside / "secret.txt").write_text("SECRET outside the raw folder.\n")
    (raw / "inside-dir").symlink_to(raw / "sub", target_is_directory=True)
    (raw / "inside-file.txt").symlink_to(raw / "a.txt")
    (raw / "outside-dir").symlink_to(outside, target_is_directory=True)
    (raw / "outside-file.txt").symlink_to(outside / "secret.txt")
    (raw / "loop").symlink_to(raw / "loop")
    (raw / "up").symlink_to(raw, target_is_directory=True)
    (raw / ".hidden.txt").write_text(text)
    (raw / ".store").mkdir()
    (raw / ".store" / "c.txt").write_text("Knee pain\n\nIce and rest calm a sore knee.\n")
    (raw / "shelf").symlink_to(raw / ".store", target_is_directory=True)
    os.mkfifo(raw / "fifo")
    out = tmp_path / "out"
    assert curate(raw, out) == 0
    got = {r["source"]: (r["status"], r["reason"]) for r in rows(out)}
    assert got["a.txt"][0] == got["sub/b.txt"][0] == "kept"
    assert got["inside-file.txt"][1].startswith("duplicate of")  # a link inside is followed: the same text
    assert got["inside-dir/"][1].startswith("skipped: link to a folder listed through another path")
    assert got["shelf/c.txt"][0] == "kept"                 # a folder inside raw reached only by a link
    assert got[".store/"][1].startswith("skipped: hidden folder")
    assert got["outside-dir"][1].startswith("skipped: link to outside the raw folder (-> ")
    assert got["outside-file.txt"][1].startswith("skipped: link to outside the raw folder (-> ")
    assert got["loop"][1].startswith("skipped: a link loop")
    assert got["up/"][1].startswith("skipped: link to a folder listed through another path")
    assert got[".hidden.txt"][1].startswith("skipped: hidden file")
    assert got["fifo"][1] == "skipped: not a regular file (FIFO)"
    assert all(status == "failed" for s, (status, _) in got.items() if s not in
               ("a.txt", "sub/b.txt", "inside-file.txt", "shelf/c.txt"))
    for name in OUTPUTS:
        assert b"SECRET" not in (out / name).read_bytes()


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every folder")
def test_unreadable_folder_has_a_row(tmp_path: Path):
    raw = tmp_path / "raw"
    (raw / "locked").mkdir(parents=True)
    (raw / "a.txt").write_text("Back pain\n\nRest helps back pain.\n")
    (raw / "locked").chmod(0)
    try:
        assert curate(raw, tmp_path / "out") == 0
    finally:
        (raw / "locked").chmod(0o755)
    got = {r["source"]: r["reason"] for r in rows(tmp_path / "out")}
    assert got["locked/"].startswith("cannot read folder")


def test_out_must_not_be_inside_raw_nor_a_file_nor_the_working_directory(tmp_path: Path, capsys):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a.txt").write_text("Back pain\n\nRest helps back pain.\n")
    (tmp_path / "file").write_text("x")
    for out in (raw, raw / "out", tmp_path / "file", tmp_path / "file" / "under", Path("")):
        assert curate(raw, out) == 2, out
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "--out" in err
    assert curate(raw, tmp_path) == 2  # --raw inside --out


def test_an_empty_run_does_not_replace_a_knowledge_base_unless_asked(tmp_path: Path, capsys):
    out, empty = tmp_path / "out", tmp_path / "empty"
    empty.mkdir()
    assert curate(ROOT / "raw", out) == 0
    before = snapshot(out)
    assert curate(empty, out) == 2
    assert "--allow-empty" in capsys.readouterr().err
    assert snapshot(out) == before
    assert curate(empty, out, "--allow-empty") == 0
    assert rows(out) == []


# ---- no input crashes a run ---------------------------------------------------------------------

def test_each_kind_of_hostile_input_fails_or_is_kept_alone(tmp_path: Path):
    raw = tmp_path / "raw"
    raw.mkdir()
    good = "Back pain\n\nRest and heat help back pain heal.\n"
    (raw / "good.txt").write_text(good)
    (raw / "cr-title.json").write_text('{"title": "Back\\rpain", "url": "https://x.org/\\r1", "text": "Back pain hurts.\\rRest helps."}')
    (raw / "long.txt").write_text("Back pain\n\n" + "back pain rest " * 14_000 + ".\n")  # a 210k-character sentence
    (raw / "deep.json").write_text("[" * 5000 + "]" * 5000)
    (raw / "surrogates.json").write_text('{"title": "a\\ud800b", "text": "Back pain \\udc00 hurts. Rest helps."}')
    (raw / "bigint.json").write_text('{"title": "x", "text": "back pain", "n": ' + "9" * 5000 + "}")
    (raw / "nul.txt").write_bytes(b"Back pain\n\n" + b"Rest helps back pain. " * 500 + b"\x00 NUL here.\n")
    (raw / "cr\rname.txt").write_text(good)
    (raw / "bad".encode().__add__(b"\xff.txt").decode("utf-8", "surrogateescape")).write_text(good)
    out = tmp_path / "out"
    assert curate(raw, out) == 0
    got = {r["source"]: r for r in rows(out)}
    assert len(got) == 9
    assert got["deep.json"]["reason"] == "malformed JSON: nested too deeply to read"
    assert got["bigint.json"]["reason"].startswith("malformed JSON: Exceeds the limit")
    assert got["cr-title.json"]["title"] == "Back pain" and got["cr-title.json"]["url"] == "https://x.org/ 1"
    assert got["surrogates.json"]["title"] == "a\ufffdb"
    assert got["long.txt"]["status"] == "kept" and got["nul.txt"]["status"] == "kept"
    assert "cr name.txt" in got and "bad\ufffd.txt" in got
    for name in ("documents.csv", "sentences.csv", "mentions.csv"):
        data = (out / name).read_bytes()
        assert b"\x00" not in data
        data.decode("utf-8")


def test_an_exception_inside_a_stage_fails_that_document_only(tmp_path: Path, monkeypatch):
    from pipeline.stages import segment

    real = segment.segment

    def fragile(docs):
        if any("EXPLODE" in d.text for d in docs):
            raise RuntimeError("a bug that one document triggers")
        return real(docs)

    monkeypatch.setattr(segment, "segment", fragile)  # the forked workers inherit it
    raw = tmp_path / "raw"
    raw.mkdir()
    for i in range(6):
        (raw / f"{i}.txt").write_text(f"Back pain {i}\n\nRest helps back pain heal {i}.\n")
    (raw / "bad.txt").write_text("Back pain\n\nEXPLODE here.\n")
    assert curate(raw, tmp_path / "out") == 0
    got = {r["source"]: r for r in rows(tmp_path / "out")}
    assert got["bad.txt"]["status"] == "failed"
    assert got["bad.txt"]["reason"] == "failed in segment: RuntimeError: a bug that one document triggers"
    assert all(got[f"{i}.txt"]["status"] == "kept" for i in range(6))


def test_a_document_past_its_time_budget_becomes_a_failed_row(tmp_path: Path, monkeypatch):
    from pipeline.stages import html

    real = html.extract_main

    def slow(doc, settings):
        if "SLOW" in doc.html:
            time.sleep(30)
        return real(doc, settings)

    monkeypatch.setattr(html, "extract_main", slow)
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "slow.html").write_text("<html><body><p>SLOW back pain page.</p></body></html>")
    (raw / "ok.txt").write_text("Back pain\n\nRest helps back pain heal.\n")
    config = tmp_path / "c.toml"
    config.write_text("[ingest]\ndoc_timeout = 0.5\n")
    t0 = time.monotonic()
    assert curate(raw, tmp_path / "out", "--config", str(config)) == 0
    assert time.monotonic() - t0 < 25
    got = {r["source"]: r for r in rows(tmp_path / "out")}
    assert got["slow.html"]["reason"] == "timed out in html (over ingest.doc_timeout)"
    assert got["ok.txt"]["status"] == "kept"


def test_fuzz_corpus_every_input_has_a_row_and_no_run_crashes(tmp_path: Path):
    raw = tmp_path / "raw"
    names = make_corpus(raw, 250, seed=2026)
    assert curate(raw, tmp_path / "out") == 0
    sources = {r["source"].split("#")[0] for r in rows(tmp_path / "out")}
    assert {pio.printable(n) for n in names} <= sources


# ---- safe to open, safe to run ------------------------------------------------------------------

_TRIGGERS = tuple("=+-@\t\r")


def test_no_csv_cell_starts_like_a_formula(tmp_path: Path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "=cmd.txt").write_text("=HYPERLINK(\"http://evil\")\n\n-2+3 back pain hurts when you sit.\n\n"
                                  "+ Rest and ice help back pain.\n\n@SUM(1) back pain.\n")
    (raw / "page.json").write_text('{"url": "=1+1", "title": "@x", "text": "Back pain\\n\\nRest helps back pain."}')
    out = tmp_path / "out"
    assert curate(raw, out) == 0
    entity = next(r["entity_id"] for r in rows(out, "entities.csv"))
    overrides = tmp_path / "o.csv"
    overrides.write_text(f"action,entity_id,target,value,note\nrename,{entity},,=HYPERLINK(\"x\"),\n")
    assert curate(raw, out, "--overrides", str(overrides)) == 0
    seen = 0
    for path in out.glob("*.csv"):
        with path.open(encoding="utf-8", newline="") as fh:
            for row in csv.reader(fh):
                for c in row:
                    assert not (c.startswith(_TRIGGERS) and not pio._NUMBER.fullmatch(c)), (path.name, c)
                    seen += c.startswith("'=")
    assert seen >= 3  # the file name, the URL, the renamed entity (written as text, not dropped)
    assert any(r["name"].lower() == "'=hyperlink(\"x\")" for r in rows(out, "entities.csv"))


def test_spreadsheet_cell_escaping_reads_back_exactly():
    for text in ("=1", "'=1", "''=1", "-3", "-3 days", "plain", "", "'", "'x", "\t=x", "@", "+"):
        assert pio.unsafe_cell(pio.safe_cell(text)) == text


def test_a_planted_cache_entry_is_never_run(tmp_path: Path):
    out, cache = tmp_path / "out", tmp_path / "cache"
    args = ["curate", "--raw", str(ROOT / "raw"), "--out", str(out), "--quiet", "--workers", "1", "--cache-dir", str(cache)]
    assert main(args) == 0
    before = snapshot(out)
    marker = tmp_path / "pwned"

    class Evil:
        def __reduce__(self):
            return (os.system, (f"touch {marker}",))

    db = sqlite3.connect(cache / "cache.sqlite")
    db.execute("UPDATE kv SET value = ?", (pickle.dumps(Evil()),))
    db.commit()
    db.close()
    assert main(args) == 0
    assert not marker.exists()
    assert snapshot(out)["documents.csv"] == before["documents.csv"]


def test_the_default_cache_lives_beside_out_not_in_the_working_directory(tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "elsewhere").mkdir()
    out = tmp_path / "kb" / "curated"
    assert main(["curate", "--raw", str(ROOT / "raw"), "--out", str(out), "--quiet", "--workers", "1"]) == 0
    assert (tmp_path / "kb" / ".cache" / "curate" / "cache.sqlite").is_file()
    assert not (tmp_path / ".cache").exists()


# ---- settings and overrides fail loudly ---------------------------------------------------------

@pytest.mark.parametrize("toml, key", [
    ("[ingest]\nextensions = [1, 2]", "extensions"), ('[ingest]\nextensions = ".txt"', "extensions"),
    ("[ingest]\nmax_bytes = 1.5", "max_bytes"), ("[ingest]\nmax_bytes = inf", "max_bytes"),
    ("[ingest]\ndoc_timeout = -1", "doc_timeout"), ("[clean]\nrepeat_min_docs = -3", "repeat_min_docs"),
    ("[clean]\nrepeat_min_share = 2.0", "repeat_min_share"), ("[spin]\nthreshold = 7", "threshold"),
    ("[spin]\nwordnet_path = 5", "wordnet_path"), ('[spin]\nwordnet_path = "/no/such/table"', "wordnet_path"),
    ("[dedupe]\nmin_key_chars = 0", "min_key_chars"), ('[clean]\ntopic_enabled = "yes"', "topic_enabled"),
])
def test_each_bad_setting_is_exit_2_naming_the_key(tmp_path: Path, capsys, toml, key):
    config = tmp_path / "c.toml"
    config.write_text(toml + "\n")
    with pytest.raises(ConfigError, match=key):
        load_settings(config)
    assert curate(ROOT / "raw", tmp_path / "out", "--config", str(config)) == 2
    assert key in capsys.readouterr().err


def test_every_number_setting_has_a_range():
    import dataclasses

    from pipeline.config import RANGES, SECTIONS

    for section, cls in SECTIONS.items():
        for f in dataclasses.fields(cls):
            default = getattr(cls(), f.name)
            if isinstance(default, (int, float)) and not isinstance(default, bool):
                assert f"{section}.{f.name}" in RANGES


@pytest.mark.parametrize("make", ["folder", "latin1", "missing"])
def test_a_config_that_cannot_be_read_is_exit_2(tmp_path: Path, capsys, make):
    config = tmp_path / "c.toml"
    if make == "folder":
        config.mkdir()
    elif make == "latin1":
        config.write_bytes("[spin]\nwordnet_path = \"caf\xe9\"\n".encode("latin-1"))
    assert curate(ROOT / "raw", tmp_path / "out", "--config", str(config)) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "config file" in err


@pytest.mark.parametrize("encoding, sep, newline", [("utf-8-sig", ",", "\r\n"), ("utf-8", ";", "\n"),
                                                    ("utf-8", "\t", "\r\n")])
def test_overrides_saved_by_a_spreadsheet_are_read(tmp_path: Path, encoding, sep, newline):
    out = tmp_path / "out"
    assert curate(ROOT / "raw", out) == 0
    entity = rows(out, "entities.csv")[0]
    overrides = tmp_path / "o.csv"
    lines = [sep.join(["action", "entity_id", "target", "value", "note"]),
             sep.join(["rename", entity["entity_id"], "", "Renamed by analyst", ""])]
    overrides.write_bytes(newline.join(lines).encode(encoding) + newline.encode())
    assert curate(ROOT / "raw", out, "--overrides", str(overrides)) == 0
    renamed = {r["entity_id"]: r["name"] for r in rows(out, "entities.csv")}
    assert renamed[entity["entity_id"]] == "renamed by analyst"


@pytest.mark.parametrize("content", [b"\xff\xfe\x00garbage", b"action,entity_id\nexplode,x\n", None])
def test_a_bad_or_missing_overrides_file_is_exit_2(tmp_path: Path, capsys, content):
    overrides = tmp_path / "o.csv"
    if content is not None:
        overrides.write_bytes(content)
    assert curate(ROOT / "raw", tmp_path / "out", "--overrides", str(overrides)) == 2
    assert capsys.readouterr().err.count("\n") == 1


def test_a_damaged_cache_is_moved_aside_and_the_run_recomputes(tmp_path: Path):
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / "cache.sqlite").write_bytes(b"this is not a database" * 100)
    out = tmp_path / "out"
    args = ["curate", "--raw", str(ROOT / "raw"), "--out", str(out), "--quiet", "--workers", "1", "--cache-dir", str(cache)]
    assert main(args) == 0
    assert (cache / "cache.sqlite.damaged").is_file()
    assert len(rows(out)) == 5


# ---- encodings ----------------------------------------------------------------------------------

def test_declared_charsets_and_bomless_utf16_are_decoded(tmp_path: Path):
    raw = tmp_path / "raw"
    raw.mkdir()
    page = ('<html><head><meta charset="shift_jis"><title>腰痛</title></head><body><h1>腰痛について</h1>'
            + "<p>腰痛は休息と運動で良くなります。背中の痛みがあるときは無理をしないでください。</p>" * 20 + "</body></html>")
    (raw / "sjis.html").write_bytes(page.encode("shift_jis"))
    (raw / "utf16.txt").write_bytes("Back pain\n\nRest and heat help back pain heal.\n".encode("utf-16-le"))
    out = tmp_path / "out"
    assert curate(raw, out) == 0
    got = {r["source"]: r for r in rows(out)}
    assert got["sjis.html"]["title"] == "腰痛" and "decoded as shift_jis (declared)" in got["sjis.html"]["warnings"]
    assert got["utf16.txt"]["status"] == "kept" and "UTF-16-LE (no byte-order mark)" in got["utf16.txt"]["warnings"]


# ---- crash-safe output ------------------------------------------------------------------------------

def test_a_second_run_into_the_same_out_is_refused(tmp_path: Path, capsys):
    out = tmp_path / "out"
    held = pio.AtomicOutput.acquire(out)
    try:
        assert curate(ROOT / "raw", out) == 2
        assert "another run" in capsys.readouterr().err
    finally:
        held.close()
    assert curate(ROOT / "raw", out) == 0


def test_files_of_the_users_own_in_out_stay(tmp_path: Path):
    out = tmp_path / "out"
    assert curate(ROOT / "raw", out) == 0
    (out / "NOTES.md").write_text("mine")
    (out / "mine").mkdir()
    (out / "mine" / "a.txt").write_text("mine too")
    assert curate(ROOT / "raw", out) == 0
    assert (out / "NOTES.md").read_text() == "mine" and (out / "mine" / "a.txt").read_text() == "mine too"
    assert [p.name for p in tmp_path.iterdir() if ".curate-" in p.name] == []


def _children(pid: int) -> set[int]:
    """Every descendant of ``pid`` (from /proc)."""
    parents: dict[int, list[int]] = {}
    for p in Path("/proc").iterdir():
        if p.name.isdigit():
            try:
                stat = (p / "stat").read_text()
            except OSError:
                continue
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            parents.setdefault(ppid, []).append(int(p.name))
    out, todo = set(), [pid]
    while todo:
        for c in parents.get(todo.pop(), []):
            out.add(c)
            todo.append(c)
    return out


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state not in ("Z", "X")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.parametrize("when", ["reading", "writing", "committing", "sigterm"])
def test_kill_at_any_point_leaves_the_whole_previous_knowledge_base_and_no_worker(tmp_path: Path, when):
    """kill -9 (or SIGTERM) of the main process while it reads, while it writes, and the moment the last
    output appears (the commit): --out holds the whole previous knowledge base or the whole new one."""
    raw_old, raw_new = tmp_path / "old", tmp_path / "new"
    make_corpus(raw_new, 160, seed=7)
    for p in (ROOT / "raw").iterdir():
        (raw_new / p.name).write_bytes(p.read_bytes())
    raw_old.mkdir()
    (raw_old / "a.txt").write_text("Back pain\n\nRest and heat help back pain heal.\n")
    out = tmp_path / "out"
    assert curate(raw_old, out) == 0
    before = snapshot(out)
    cmd = [sys.executable, "-m", "pipeline", "curate", "--raw", str(raw_new), "--out", str(out), "--quiet",
           "--workers", "2", "--no-cache"]
    proc = subprocess.Popen(cmd, cwd=ROOT, stderr=subprocess.PIPE)
    children: set[int] = set()
    deadline = time.monotonic() + 120
    while proc.poll() is None and time.monotonic() < deadline:
        children |= _children(proc.pid)
        tmp = [p for p in tmp_path.iterdir() if ".curate-" in p.name]
        if when in ("reading", "sigterm") and children and tmp:  # the run has begun (its folder exists)
            break
        if when == "writing" and tmp and (tmp[0] / "documents.index").exists():
            break
        if when == "committing" and tmp and (tmp[0] / "report.html").exists():
            break
        time.sleep(0.005)
    assert proc.poll() is None, "the run ended before the kill"
    proc.send_signal(signal.SIGTERM if when == "sigterm" else signal.SIGKILL)
    code = proc.wait(60)
    assert code == (130 if when == "sigterm" else -9)
    time.sleep(1.0)
    assert [c for c in children if _alive(c)] == []
    after = snapshot(out)
    if after != before:  # the swap had happened: then the new knowledge base is whole
        assert when == "committing"
        assert curate(raw_new, tmp_path / "reference") == 0
        assert after == snapshot(tmp_path / "reference") | {k: v for k, v in after.items() if k not in before}
    if when == "sigterm":
        assert [p for p in tmp_path.iterdir() if ".curate-" in p.name] == []
    assert curate(raw_old, out) == 0  # the next run takes the lock and removes what the kill left
    assert snapshot(out) == before
    assert [p for p in tmp_path.iterdir() if ".curate-" in p.name] == []


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="RLIMIT_FSIZE and SIGXFSZ")
def test_a_full_disk_is_one_line_and_leaves_the_previous_knowledge_base(tmp_path: Path):
    """A write that fails for want of space (here: a file-size limit the kernel enforces like a full disk,
    EFBIG instead of ENOSPC) ends the run with exit 1 and one line naming the path; --out is as it was
    and no temporary folder is left."""
    out = tmp_path / "out"
    assert curate(ROOT / "raw", out) == 0
    before = snapshot(out)
    script = ("import resource, signal, sys\n"
              "signal.signal(signal.SIGXFSZ, signal.SIG_IGN)\n"
              "resource.setrlimit(resource.RLIMIT_FSIZE, (200_000, 200_000))\n"
              "from pipeline.cli import main\n"
              f"sys.exit(main(['curate', '--raw', {str(ROOT / 'raw')!r}, '--out', {str(out)!r}, '--quiet', "
              "'--workers', '2', '--no-cache']))\n")
    proc = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 1, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "error:" in lines[0] and str(out) in lines[0], proc.stderr
    assert snapshot(out) == before
    assert [p for p in tmp_path.iterdir() if ".curate-" in p.name] == []
