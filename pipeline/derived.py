"""Tables derived from installed data (WordNet, wordfreq, spaCy's lemma lookups), memoized on disk.

Building them costs about two seconds per process, which a short run pays before any work; reading
them back with ``marshal`` costs a tenth of that. A file's name carries a hash of everything it is
derived from (the source file's size and time, package versions, the pipeline's code version), so a
stale table is never read; writing one deletes all but the ``KEEP`` newest of its name. The files
live beside the WordNet table (``<venv>/share/health-curation/derived``, or ``PIPELINE_DERIVED_DIR``);
when that folder cannot be written the tables are simply built every time.
"""
from __future__ import annotations

import marshal
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")


def derived_dir() -> Path:
    env = os.environ.get("PIPELINE_DERIVED_DIR")
    return Path(env) if env else Path(sys.prefix) / "share" / "health-curation" / "derived"


def package_version(name: str) -> str:
    import importlib.metadata as md

    try:
        return md.version(name)
    except md.PackageNotFoundError:
        return ""


def file_stamp(path: Path) -> tuple:
    try:
        st = path.stat()
    except OSError:
        return (str(path), None)
    return (str(path), st.st_size, st.st_mtime_ns)


def memo(name: str, sources: tuple, build: Callable[[], T]) -> T:
    """``build()``, or its value from an earlier process with the same ``sources`` (marshal-able data only)."""
    from .cache import code_version, digest

    path = derived_dir() / f"{name}-{digest(name, sources, code_version())[:16]}.marshal"
    try:
        data = path.read_bytes()
    except OSError:
        data = b""
    if data:
        try:
            return marshal.loads(data)
        except (EOFError, ValueError, TypeError):
            pass
    value = build()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        with tmp.open("wb") as fh:
            marshal.dump(value, fh)
        os.replace(tmp, path)
        _prune(path)
    except (OSError, ValueError):
        pass
    return value


KEEP = 4  # versions of each table kept: another checkout or an older install may still read its own


def _prune(path: Path) -> None:
    """Delete all but the ``KEEP`` newest files of ``path``'s table: every code or data change writes a
    new one, and the old ones would pile up (hundreds of megabytes over a day of development)."""
    name = path.name.rsplit("-", 1)[0]
    olds = []
    for other in path.parent.glob(f"{name}-*.marshal"):
        if other.name.rsplit("-", 1)[0] != name:
            continue
        try:
            olds.append((other.stat().st_mtime_ns, other.name, other))
        except OSError:
            continue
    for _, _, other in sorted(olds, reverse=True)[KEEP:]:
        if other != path:
            try:
                other.unlink()
            except OSError:
                pass
