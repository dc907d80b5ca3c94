"""Regenerate the golden files on purpose (`make golden`); review them as a diff before committing."""
from __future__ import annotations

import tempfile
from pathlib import Path

from pipeline.cli import main as cli

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).parent / "golden"


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        raw = Path(tmp) / "raw"
        raw.mkdir()
        name = "000_0ddf153a1aa01862.txt"
        (raw / name).write_bytes((ROOT / "raw" / name).read_bytes())
        cli(["curate", "--raw", str(raw), "--out", str(Path(tmp) / "o"), "--quiet", "--workers", "1"])
        GOLDEN.mkdir(exist_ok=True)
        (GOLDEN / "mentions_000.csv").write_bytes((Path(tmp) / "o" / "mentions.csv").read_bytes())
        (GOLDEN / "sentences_000.csv").write_bytes((Path(tmp) / "o" / "sentences.csv").read_bytes())
    print(f"golden files written to {GOLDEN}; review with git diff")


if __name__ == "__main__":
    main()
