"""Rule and vocabulary files (data), versioned by content hash and validated on load."""
from __future__ import annotations

import hashlib
from importlib import resources as _res
from pathlib import Path

RESOURCE_DIR = Path(str(_res.files(__package__)))


def path(name: str) -> Path:
    return RESOURCE_DIR / name


def resource_versions() -> dict[str, str]:
    """A short content hash of every resource file: the version that cache keys and run.json cite."""
    out = {}
    for p in sorted(RESOURCE_DIR.iterdir()):
        if p.is_file() and not p.name.endswith((".py", ".pyc")):
            out[p.name] = hashlib.sha256(p.read_bytes()).hexdigest()[:12]
    return out
