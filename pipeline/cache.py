"""A cache of per-document results, so a rerun recomputes only what changed.

Keys hash a document's input with everything its result depends on: for pass 1 the raw bytes, the
path, the ingest/clean settings and the rule files; for pass 2 the pass-1 key, what the corpus
statistics decided for that document (its template lines, its spin copy group) and every rule,
vocabulary, model and setting of clean, despin and extract. Changing any of them changes the keys of
what it affects.

The cache is one SQLite file. Values are plain data (``records.pack``: msgpack, never pickle, so a
planted entry can at worst be wrong data, never code), LZ4-compressed: a rerun reads every cached
result and a full run writes them all, and LZ4 does both several times faster than zlib. A value that
cannot be read is a miss (the document is recomputed); a database that cannot be opened is moved
aside with a warning and a new one started.
"""
from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

import lz4.frame

from . import __version__
from .records import pack, unpack


@lru_cache(maxsize=1)
def code_version() -> str:
    """A hash of the pipeline's own source: a code change invalidates cached results. (Rule, vocabulary
    and model files are versioned on their own, so a lexicon change leaves pass 1's results valid.)"""
    root = Path(__file__).parent
    h = hashlib.sha256(__version__.encode())
    for p in sorted(root.rglob("*.py")):
        h.update(p.relative_to(root).as_posix().encode())
        h.update(p.read_bytes())
    return h.hexdigest()[:16]


def digest(*parts: object) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(repr(part).encode("utf-8", "surrogatepass"))
        h.update(b"\x00")
    return h.hexdigest()


class Cache:
    """Key -> plain value in one SQLite file; safe for one writer and many readers."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self.warnings: list[str] = []
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._db = self._open()
        except sqlite3.DatabaseError as exc:
            aside = self.path.with_name(self.path.name + ".damaged")
            self.path.replace(aside)
            for suffix in ("-wal", "-shm"):
                self.path.with_name(self.path.name + suffix).unlink(missing_ok=True)
            self.warnings.append(f"cache {self.path} could not be read ({exc}); moved to {aside.name}, starting a new one")
            self._db = self._open()

    def _open(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=60)
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("CREATE TABLE IF NOT EXISTS kv (key TEXT PRIMARY KEY, value BLOB, tag TEXT NOT NULL DEFAULT '')")
            db.execute("SELECT key, value, tag FROM kv LIMIT 1").fetchall()
            db.commit()
        except sqlite3.DatabaseError:
            db.close()
            raise
        return db

    def get_many(self, keys: list[str]) -> dict[str, object]:
        """The readable values of ``keys`` (a damaged value is left out: the caller recomputes it)."""
        out = {}
        for i in range(0, len(keys), 500):
            chunk = keys[i:i + 500]
            q = f"SELECT key, value FROM kv WHERE key IN ({','.join('?' * len(chunk))})"
            for key, value in self._db.execute(q, chunk):
                try:
                    out[key] = unpack(lz4.frame.decompress(value))
                except (ValueError, RuntimeError, TypeError):
                    continue
        return out

    def has_many(self, keys: list[str]) -> set[str]:
        """Which of ``keys`` are stored (without reading their values)."""
        out: set[str] = set()
        for i in range(0, len(keys), 500):
            chunk = keys[i:i + 500]
            q = f"SELECT key FROM kv WHERE key IN ({','.join('?' * len(chunk))})"
            out.update(k for (k,) in self._db.execute(q, chunk))
        return out

    def put_many(self, items: dict[str, object], tag: str = "") -> None:
        """Store ``items``; ``tag`` names what wrote them (the pass and its version), for ``prune``."""
        rows = [(k, lz4.frame.compress(pack(v)), tag) for k, v in items.items()]
        self._db.executemany("INSERT OR REPLACE INTO kv (key, value, tag) VALUES (?, ?, ?)", rows)
        self._db.commit()

    def prune(self, keep: Iterable[str]) -> tuple[int, int]:
        """Delete every entry whose tag is not in ``keep`` (what no run of the current code and configuration
        can read), then give the space back. Returns (entries deleted, entries kept)."""
        keep = sorted(set(keep))
        deleted = self._db.execute(f"DELETE FROM kv WHERE tag NOT IN ({','.join('?' * len(keep))})", keep).rowcount
        self._db.commit()
        self._db.execute("VACUUM")
        self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        kept = self._db.execute("SELECT COUNT(*) FROM kv").fetchone()[0]
        return deleted, kept

    def close(self) -> None:
        self._db.close()
