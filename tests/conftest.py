from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from pipeline.config import load_settings

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
FIXTURES = Path(__file__).parent / "fixtures"

GOOD_TXT = ("Causes of neck pain\nPoor posture can strain the neck muscles. Sleeping on your stomach "
            "twists the neck.\nTreatment\nHeat therapy and gentle stretching help relieve stiffness.\n")
GOOD_MD = ("# Shoulder pain\n\nShoulder pain is common.\n\n## Causes\n\n- rotator cuff injury\n- frozen shoulder\n\n"
           "## Exercises\n\nTry **pendulum swings** and [doorway stretches](https://example.org).\n")


@pytest.fixture
def settings():
    return load_settings()


@pytest.fixture
def bad_folder(tmp_path: Path) -> Path:
    """A raw folder with one input of each bad class plus two good files."""
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "good.txt").write_text(GOOD_TXT, encoding="utf-8")
    (raw / "good.md").write_text(GOOD_MD, encoding="utf-8")
    (raw / "empty.txt").write_bytes(b"")
    (raw / "binary.txt").write_bytes(b"\x00\x01\x02\x03binary\x00\xff" * 20)
    (raw / "latin1.txt").write_bytes("Caf\xe9 au lait can cause heartburn.\n".encode("latin-1"))
    (raw / "utf16.txt").write_bytes("Neck pain is common after sleeping badly.\n".encode("utf-16"))
    (raw / "huge.txt").write_bytes(b"word " * 300)
    (raw / "broken.html").write_text("<html><body><div><p>Back pain often comes from poor posture at a desk. "
                                     "Regular stretching and walking help a lot<div><p>unclosed <b>tags", encoding="utf-8")
    (raw / "malformed.json").write_text('{"markdown": "# Title", ', encoding="utf-8")
    (raw / "records.jsonl").write_text(
        json.dumps({"markdown": "# Knee pain\n\nKnee pain can come from running too much.", "url": "https://a.example/knee"})
        + "\n{not json\n" + json.dumps({"text": "Hip pain may come from arthritis."}) + "\n", encoding="utf-8")
    (raw / "nobody.json").write_text(json.dumps({"metadata": {"title": "Nothing here"}}), encoding="utf-8")
    (raw / "slides.pdf").write_bytes(b"%PDF-1.4 fake")
    (raw / "unreadable.txt").symlink_to(raw / "does-not-exist.txt")
    with gzip.open(raw / "page.html.gz", "wt", encoding="utf-8") as fh:
        fh.write("<html><head><title>Gz page</title></head><body><article><h1>Ankle sprain</h1>"
                 "<p>An ankle sprain happens when the ligaments stretch too far. Rest, ice and compression help "
                 "the swelling go down over the following days and weeks.</p></article></body></html>")
    (raw / "corrupt.html.gz").write_bytes(b"\x1f\x8b\x08\x00garbage")
    return raw
