"""One frozen configuration for a run: per-stage sections with defaults that serve.

A TOML file (``--config``) may override any field; unknown sections or keys and
values of the wrong type fail before any work, with every problem listed.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


class ConfigError(ValueError):
    """Bad configuration: the message lists every problem and how to fix it."""


@dataclass(frozen=True)
class IngestSettings:
    max_bytes: int = 20 * 1024 * 1024
    extensions: tuple[str, ...] = (".txt", ".md", ".markdown", ".html", ".htm", ".json", ".jsonl", ".warc")


@dataclass(frozen=True)
class CleanSettings:
    # trafilatura on HTML pages; below this many characters the bs4 block scorer takes over.
    # Precision mode keeps less boilerplate but sometimes drops most of a page; the sentence cleaner
    # removes what the default mode leaks (measured with `make bench-clean`).
    favor_precision: bool = False
    # trafilatura's fast mode skips its fallback extractors (justext, readability)
    trafilatura_fast: bool = False
    min_extracted_chars: int = 250
    # a sentence seen in at least this many documents (and this share of the corpus) is template text
    repeat_min_docs: int = 3
    repeat_min_share: float = 0.02
    # topic coherence: sentences that share no topic word with their document are glued-in junk
    topic_min_words: int = 8
    topic_enabled: bool = True


@dataclass(frozen=True)
class SpinSettings:
    threshold: float = 0.5
    review_band: float = 0.25
    sentence_threshold: float = 0.6
    wordnet_path: str = ""


EXTRACT_METHODS = ("hybrid", "model", "rules")


@dataclass(frozen=True)
class ExtractSettings:
    # "model": the trained tagger's mentions; "rules": the lexicon's, cue constructions' and section
    # items'; "hybrid": the tagger's, and the rules' where it found nothing
    method: str = "hybrid"
    model: str = ""          # a tagger file (.npz) made by `python -m pipeline train` ("": the packaged one)
    threshold: float = 0.0   # probability that a token is in a mention to tag it (0: the model's own)
    use_patterns: bool = True


@dataclass(frozen=True)
class DedupeSettings:
    auto_merge: float = 94.0
    review_low: float = 85.0
    min_key_chars: int = 6


@dataclass(frozen=True)
class Settings:
    raw: Path = Path("raw")
    out: Path = Path("curated")
    until: str = ""
    workers: int = 0
    quiet: bool = False
    cache_dir: str = ".cache/curate"
    engine: str = "local"
    scheduler: str = ""
    overrides: str = ""
    work: str = ""
    ingest: IngestSettings = field(default_factory=IngestSettings)
    clean: CleanSettings = field(default_factory=CleanSettings)
    spin: SpinSettings = field(default_factory=SpinSettings)
    extract: ExtractSettings = field(default_factory=ExtractSettings)
    dedupe: DedupeSettings = field(default_factory=DedupeSettings)

    @property
    def n_workers(self) -> int:
        return self.workers if self.workers > 0 else max(1, os.cpu_count() or 1)

    def to_dict(self) -> dict[str, Any]:
        data = dataclasses.asdict(self)
        data["raw"], data["out"] = str(self.raw), str(self.out)
        return data

    def fingerprint(self, *sections: str) -> str:
        """A short hash of the named sections (all when none), for cache keys."""
        data = self.to_dict()
        picked = {k: data[k] for k in (sections or SECTIONS)}
        return hashlib.sha256(json.dumps(picked, sort_keys=True, default=str).encode()).hexdigest()[:16]


SECTIONS = {"ingest": IngestSettings, "clean": CleanSettings, "spin": SpinSettings,
            "extract": ExtractSettings, "dedupe": DedupeSettings}


def _coerce(section: str, cls: type, values: dict[str, Any], problems: list[str]) -> Any:
    allowed = {f.name: f for f in dataclasses.fields(cls)}
    kwargs = {}
    for key, value in values.items():
        if key not in allowed:
            problems.append(f"[{section}] unknown key {key!r}; allowed: {', '.join(sorted(allowed))}")
            continue
        default = getattr(cls(), key)
        if isinstance(default, bool) and not isinstance(value, bool):
            problems.append(f"[{section}] {key} must be true or false, not {value!r}")
        elif isinstance(default, (int, float)) and not isinstance(default, bool) and (
                isinstance(value, bool) or not isinstance(value, (int, float))):
            problems.append(f"[{section}] {key} must be a number, not {value!r}")
        elif isinstance(default, tuple):
            kwargs[key] = tuple(value) if isinstance(value, list) else value
        else:
            kwargs[key] = type(default)(value) if isinstance(default, float) else value
    return cls(**kwargs)


def load_settings(config_file: Path | None = None, **top: Any) -> Settings:
    """Build Settings from defaults, an optional TOML file, then command-line values."""
    problems: list[str] = []
    sections: dict[str, Any] = {}
    if config_file is not None:
        try:
            data = tomllib.loads(Path(config_file).read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise ConfigError(f"config file {config_file} does not exist") from None
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"config file {config_file} is not valid TOML: {exc}") from None
        for name, values in data.items():
            if name not in SECTIONS or not isinstance(values, dict):
                problems.append(f"unknown section [{name}]; allowed: {', '.join(sorted(SECTIONS))}")
                continue
            sections[name] = _coerce(name, SECTIONS[name], values, problems)
    settings = Settings(**sections, **{k: v for k, v in top.items() if v is not None})
    if not 0 < settings.spin.review_band <= settings.spin.threshold:
        problems.append("[spin] review_band must be above 0 and at most threshold")
    if not 0 <= settings.dedupe.review_low <= settings.dedupe.auto_merge <= 100:
        problems.append("[dedupe] need 0 <= review_low <= auto_merge <= 100")
    if settings.engine not in ("local", "dask"):
        problems.append(f"engine must be 'local' or 'dask', not {settings.engine!r}")
    if settings.ingest.max_bytes <= 0:
        problems.append("[ingest] max_bytes must be positive")
    if settings.extract.method not in EXTRACT_METHODS:
        problems.append(f"[extract] method must be one of {', '.join(EXTRACT_METHODS)}, not {settings.extract.method!r}")
    if not 0 <= settings.extract.threshold < 1:
        problems.append("[extract] threshold must be from 0 (the model's own) to below 1")
    if settings.extract.model and not Path(settings.extract.model).is_file():
        problems.append(f"[extract] model {settings.extract.model!r} is not a file (make one with "
                        "'python -m pipeline train', or leave it empty for the packaged one)")
    if problems:
        raise ConfigError("bad configuration:\n  " + "\n  ".join(problems))
    return settings
