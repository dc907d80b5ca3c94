"""Load and validate rule files: every problem names the rule and lists the allowed values."""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache

from . import path


class ResourceError(ValueError):
    """A rule or vocabulary file is invalid; the message names the file, the row and the fix."""


CLEAN_GROUPS = ("nav", "cookie", "privacy", "legal", "disclaimer", "editorial", "byline", "bio", "date", "cta",
                "social", "image_credit", "reference", "comment", "teaser", "debris", "fragment", "toc",
                "repeated", "template", "off_topic", "header")


@dataclass(frozen=True)
class Rule:
    id: str
    group: str
    pattern: re.Pattern
    scope: str = "sentence"
    max_words: int = 0
    example: str = ""
    near_miss: str = ""

    @property
    def reason(self) -> str:
        return f"{self.group}:{self.id}"


def _load_toml(name: str) -> dict:
    try:
        return tomllib.loads(path(name).read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ResourceError(f"{name}: not valid TOML: {exc}") from None


def parse_rules(data: dict, name: str) -> tuple[Rule, ...]:
    problems, rules, seen = [], [], set()
    for i, raw in enumerate(data.get("rule", []), start=1):
        rid = raw.get("id", f"#{i}")
        where = f"{name}: rule {rid!r}"
        for key in ("id", "group", "pattern", "example", "near_miss"):
            if not raw.get(key):
                problems.append(f"{where}: missing {key}")
        if rid in seen:
            problems.append(f"{where}: duplicate id")
        seen.add(rid)
        if raw.get("group") and raw["group"] not in CLEAN_GROUPS:
            problems.append(f"{where}: unknown group {raw['group']!r}; allowed: {', '.join(CLEAN_GROUPS)}")
        scope = raw.get("scope", "sentence")
        if scope not in ("sentence", "section"):
            problems.append(f"{where}: unknown scope {scope!r}; allowed: sentence, section")
        unknown = set(raw) - {"id", "group", "pattern", "scope", "max_words", "example", "near_miss", "case"}
        if unknown:
            problems.append(f"{where}: unknown keys {sorted(unknown)}")
        try:
            flags = 0 if raw.get("case") else re.IGNORECASE
            pattern = re.compile(raw.get("pattern", ""), flags)
        except re.error as exc:
            problems.append(f"{where}: bad pattern: {exc}")
            continue
        if not problems:
            rules.append(Rule(rid, raw["group"], pattern, scope, int(raw.get("max_words", 0)),
                              raw["example"], raw["near_miss"]))
    if problems:
        raise ResourceError("invalid rules:\n  " + "\n  ".join(problems))
    return tuple(rules)


@lru_cache(maxsize=1)
def boilerplate_rules() -> tuple[Rule, ...]:
    return parse_rules(_load_toml("boilerplate_rules.toml"), "boilerplate_rules.toml")


@dataclass(frozen=True)
class SectionClass:
    name: str
    pattern: re.Pattern
    example: str


@lru_cache(maxsize=1)
def section_classes() -> tuple[SectionClass, ...]:
    data = _load_toml("sections.toml")
    out, problems = [], []
    for raw in data.get("section", []):
        try:
            out.append(SectionClass(raw["name"], re.compile(raw["pattern"], re.I), raw["example"]))
        except (KeyError, re.error) as exc:
            problems.append(f"sections.toml: section {raw.get('name', '?')!r}: {exc}")
    if problems:
        raise ResourceError("\n".join(problems))
    return tuple(out)


def classify_heading(text: str) -> str:
    """The class of a heading ("cause", "symptom", "treatment", "exercise", ...) or ""."""
    for cls in section_classes():
        if cls.pattern.search(text):
            return cls.name
    return ""
