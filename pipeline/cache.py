"""A cache of per-document stage results, so a rerun recomputes only what changed.

Keys hash the document's input with everything its result depends on: for pass 1 the raw bytes,
the path, the ingest/clean settings and the rule files pass 1 reads; for pass 2 the pass-1 key,
what the corpus statistics decided for that document (its template lines, its spin copy group) and
every rule, vocabulary and setting of clean, despin and extract. Changing a rule file changes the
keys of what it affects. The cache is one SQLite file outside ``curated/`` (default
``.cache/curate/cache.sqlite``, git-ignored); ``--no-cache`` bypasses it.

Values are pickled and LZ4-compressed (``lz4.frame``): a rerun reads every cached result and a full
run writes them all, and LZ4 does both about seven times faster than zlib for a fifth more bytes.
"""
from __future__ import annotations

import hashlib
import pickle
import sqlite3
from functools import lru_cache
from collections.abc import Iterable
from pathlib import Path

import lz4.frame

from . import __version__


@lru_cache(maxsize=1)
def code_version() -> str:
    """A hash of the pipeline's own source: a code change invalidates cached results."""
    root = Path(__file__).parent
    h = hashlib.sha256(__version__.encode())
    for p in sorted(root.rglob("*.py")):
        h.update(p.read_bytes())
    return h.hexdigest()[:16]


def digest(*parts: object) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(repr(part).encode("utf-8"))
        h.update(b"\x00")
    return h.hexdigest()


class Cache:
    """Key -> pickled value in one SQLite file; safe for one writer and many readers."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(self.path, timeout=30)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("CREATE TABLE IF NOT EXISTS kv (key TEXT PRIMARY KEY, value BLOB, tag TEXT NOT NULL DEFAULT '')")
        if "tag" not in {row[1] for row in self._db.execute("PRAGMA table_info(kv)")}:  # a cache from before tags
            self._db.execute("ALTER TABLE kv ADD COLUMN tag TEXT NOT NULL DEFAULT ''")
        self._db.commit()

    def get_many(self, keys: list[str]) -> dict[str, object]:
        out = {}
        for i in range(0, len(keys), 500):
            chunk = keys[i:i + 500]
            q = f"SELECT key, value FROM kv WHERE key IN ({','.join('?' * len(chunk))})"
            for key, value in self._db.execute(q, chunk):
                out[key] = pickle.loads(lz4.frame.decompress(value))
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
        rows = [(k, lz4.frame.compress(pickle.dumps(v, protocol=pickle.HIGHEST_PROTOCOL)), tag)
                for k, v in items.items()]
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
