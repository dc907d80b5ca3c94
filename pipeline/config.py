"""One frozen configuration for a run: per-stage sections with defaults that serve.

A TOML file (``--config``) may override any field; unknown sections or keys and
values of the wrong type fail before any work, with every problem listed.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
import math
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
    # seconds one document's per-document stages may take before it becomes a failed row (0: no limit);
    # a pathological page (an element with 200,000 attributes) otherwise stalls a worker for minutes
    doc_timeout: float = 60.0


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
    threshold: float = 0.45
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
    # a page whose content words are less often health words (the lexicon's and health_words.txt) is not a
    # health article, unless its title names a condition: no condition and no mentions (0: every page).
    # The 847 kept health articles of ../shared/data lie at 0.17 and above, 535 of 887 general web pages below
    min_health_share: float = 0.14


@dataclass(frozen=True)
class DedupeSettings:
    auto_merge: float = 94.0
    review_low: float = 85.0
    min_key_chars: int = 6


@dataclass(frozen=True)
class OutputSettings:
    # the JSON knowledge base lists a condition -> item relation when at least this many distinct source
    # documents support it (single-source relations are right about half the time); relations.csv and
    # the SQLite database keep every relation with its number of sources and confidence
    min_sources: int = 2
    # and only when a source's sentence names the condition, at least by its head word (``stated``): a
    # relation read off sentences that never name it is often about another condition the article
    # mentions (audited: about 85 % of stated relations hold in their evidence, 58 % of the others)
    stated_only: bool = True


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
    allow_empty: bool = False   # let a run with no inputs replace a knowledge base that has some
    ingest: IngestSettings = field(default_factory=IngestSettings)
    clean: CleanSettings = field(default_factory=CleanSettings)
    spin: SpinSettings = field(default_factory=SpinSettings)
    extract: ExtractSettings = field(default_factory=ExtractSettings)
    dedupe: DedupeSettings = field(default_factory=DedupeSettings)
    output: OutputSettings = field(default_factory=OutputSettings)

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
            "extract": ExtractSettings, "dedupe": DedupeSettings, "output": OutputSettings}


# Allowed range of every number: (lowest, highest), None for no bound. Every key of every section is
# here, so that a new setting cannot slip in unchecked (a test walks the dataclasses).
RANGES: dict[str, tuple[float | None, float | None]] = {
    "ingest.max_bytes": (1, None), "ingest.doc_timeout": (0, 86_400),
    "clean.min_extracted_chars": (0, None), "clean.repeat_min_docs": (2, None), "clean.repeat_min_share": (0, 1),
    "clean.topic_min_words": (0, None),
    "spin.threshold": (0, 1), "spin.review_band": (0, 1), "spin.sentence_threshold": (0, 1),
    "extract.threshold": (0, 1), "extract.min_health_share": (0, 1),
    "dedupe.auto_merge": (0, 100), "dedupe.review_low": (0, 100), "dedupe.min_key_chars": (1, 100),
    "output.min_sources": (1, 1000),
}


def _check(section: str, key: str, default: Any, value: Any, problems: list[str]) -> Any:
    """``value`` for ``[section] key`` as its default's type, or None with a problem that names the
    key and what is allowed."""
    name = f"[{section}] {key}"
    if isinstance(default, bool):
        if isinstance(value, bool):
            return value
        problems.append(f"{name} must be true or false, not {value!r}")
    elif isinstance(default, (int, float)):
        lo, hi = RANGES[f"{section}.{key}"]
        what = "a whole number" if isinstance(default, int) else "a number"
        span = f"from {lo}" + (f" to {hi}" if hi is not None else " up")
        if isinstance(value, bool) or not isinstance(value, (int, float)) or (
                isinstance(default, int) and not isinstance(value, int)):
            problems.append(f"{name} must be {what} {span}, not {value!r}")
        elif not math.isfinite(value) or value < lo or (hi is not None and value > hi):
            problems.append(f"{name} must be {what} {span}, not {value!r}")
        else:
            return type(default)(value)
    elif isinstance(default, tuple):
        if isinstance(value, list) and all(isinstance(v, str) and v.startswith(".") and len(v) > 1 for v in value):
            return tuple(v.lower() for v in value)
        problems.append(f"{name} must be a list of file suffixes such as [\".txt\", \".html\"], not {value!r}")
    elif isinstance(default, str):
        if isinstance(value, str):
            return value
        problems.append(f"{name} must be a string, not {value!r}")
    return None


def _coerce(section: str, cls: type, values: dict[str, Any], problems: list[str]) -> Any:
    allowed = {f.name: f for f in dataclasses.fields(cls)}
    kwargs = {}
    for key, value in values.items():
        if key not in allowed:
            problems.append(f"[{section}] unknown key {key!r}; allowed: {', '.join(sorted(allowed))}")
            continue
        checked = _check(section, key, getattr(cls(), key), value, problems)
        if checked is not None:
            kwargs[key] = checked
    return cls(**kwargs)


def load_settings(config_file: Path | None = None, **top: Any) -> Settings:
    """Build Settings from defaults, an optional TOML file, then command-line values."""
    problems: list[str] = []
    sections: dict[str, Any] = {}
    if config_file is not None:
        try:
            data = tomllib.loads(Path(config_file).read_bytes().decode("utf-8-sig"))
        except FileNotFoundError:
            raise ConfigError(f"config file {config_file} does not exist (fix --config)") from None
        except IsADirectoryError:
            raise ConfigError(f"config file {config_file} is a folder; give a TOML file to --config") from None
        except OSError as exc:
            raise ConfigError(f"config file {config_file} cannot be read: {exc.strerror or exc}") from None
        except UnicodeDecodeError as exc:
            raise ConfigError(f"config file {config_file} is not UTF-8 (byte {exc.start}); save it as UTF-8") from None
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"config file {config_file} is not valid TOML: {exc}") from None
        for name, values in data.items():
            if name not in SECTIONS or not isinstance(values, dict):
                problems.append(f"unknown section [{name}]; allowed: {', '.join(sorted(SECTIONS))}")
                continue
            sections[name] = _coerce(name, SECTIONS[name], values, problems)
        # a file a configuration names is found beside the configuration, wherever the run starts
        base = Path(config_file).absolute().parent
        for name, key in (("spin", "wordnet_path"), ("extract", "model")):
            value = getattr(sections.get(name), key, "")
            if value and not Path(value).is_absolute():
                sections[name] = dataclasses.replace(sections[name], **{key: str(base / value)})
    settings = Settings(**sections, **{k: v for k, v in top.items() if v is not None})
    if not 0 < settings.spin.review_band <= settings.spin.threshold:
        problems.append("[spin] review_band must be above 0 and at most threshold")
    if not 0 <= settings.dedupe.review_low <= settings.dedupe.auto_merge <= 100:
        problems.append("[dedupe] need 0 <= review_low <= auto_merge <= 100")
    if settings.engine not in ("local", "dask"):
        problems.append(f"engine must be 'local' or 'dask', not {settings.engine!r}")
    if settings.spin.wordnet_path and not Path(settings.spin.wordnet_path).is_file():
        problems.append(f"[spin] wordnet_path {settings.spin.wordnet_path!r} is not a file (build one with "
                        "'python -m pipeline setup-wordnet', or leave it empty for the installed one)")
    if settings.extract.method not in EXTRACT_METHODS:
        problems.append(f"[extract] method must be one of {', '.join(EXTRACT_METHODS)}, not {settings.extract.method!r}")
    if not 0 <= settings.extract.threshold < 1:
        problems.append("[extract] threshold must be from 0 (the model's own) to below 1")
    if settings.workers < 0:
        problems.append("--workers must be 0 (all cores) or more")
    if settings.extract.model and not Path(settings.extract.model).is_file():
        problems.append(f"[extract] model {settings.extract.model!r} is not a file (make one with "
                        "'python -m pipeline train', or leave it empty for the packaged one)")
    if problems:
        raise ConfigError("bad configuration:\n  " + "\n  ".join(problems))
    return settings
