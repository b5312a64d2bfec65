"""Load and validate lexicons/tone/politeness.yml, the tone score's data."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from coach.report import CATEGORIES, SEVERITIES
from coach.yaml_file import YamlError, read_yaml

DEFAULT_PATH = Path(__file__).resolve().parents[2] / "lexicons" / "tone" / "politeness.yml"
MATCH_KINDS = ("phrases", "regex", "imperative")
POSITIONS = ("anywhere", "sentence_start", "not_sentence_start")
STRATEGY_KEYS = {
    "name",
    "weight",
    "match",
    "patterns",
    "position",
    "question",
    "exclude",
    "case_sensitive",
    "description",
    "examples",
    "non_examples",
}
TOP_KEYS = {"version", "squash", "saturation", "sentiment", "penalties", "strategies"}
NAME_RE = re.compile(r"^[a-z][a-z0-9_]*$")


class PolitenessDataError(ValueError):
    """The politeness data file is malformed; the message names file and entry."""


@dataclass(frozen=True, slots=True)
class Strategy:
    """One politeness strategy: how to find it and what it is worth."""

    name: str
    weight: float
    match: str
    patterns: tuple[str, ...]
    regex: re.Pattern[str]
    position: str
    question: bool
    exclude: tuple[re.Pattern[str], ...]
    description: str
    examples: tuple[str, ...]
    non_examples: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ToneData:
    """Everything the tone score reads from the data file."""

    path: str
    bias: float
    saturation_extra: float
    max_hits: int
    reference_sentences: float
    polarity_weight: float
    subjectivity_weight: float
    severity: dict[str, float]
    category_weight: dict[str, float]
    category_cap: dict[str, float | None]
    strategies: tuple[Strategy, ...]
    vader_neutral: tuple[str, ...] = ()


def _fail(path: Path | str, entry: str, problem: str) -> PolitenessDataError:
    """Build the loud error that names the file and the entry."""
    return PolitenessDataError(f"{path}: entry '{entry}': {problem}")


def _number(value: Any, path: Path | str, entry: str) -> float:
    """Return value as a finite float or raise naming the entry."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise _fail(path, entry, f"expected a number, got {value!r}")
    return float(value)


def _mapping(value: Any, path: Path | str, entry: str) -> dict[str, Any]:
    """Return value as a dict or raise naming the entry."""
    if not isinstance(value, dict):
        raise _fail(path, entry, f"expected a mapping, got {type(value).__name__}")
    return value


def _strings(value: Any, path: Path | str, entry: str, *, required: bool = True) -> tuple[str, ...]:
    """Return value as a tuple of non-empty strings or raise naming the entry."""
    if value is None and not required:
        return ()
    if not isinstance(value, list) or (required and not value):
        raise _fail(path, entry, "expected a non-empty list of strings")
    if not all(isinstance(v, str) and v.strip() for v in value):
        raise _fail(path, entry, "every item must be a non-empty string")
    return tuple(value)


def _compile(pattern: str, path: Path | str, entry: str, *, case_sensitive: bool = False) -> re.Pattern[str]:
    """Compile a regex (case-insensitive unless asked) or raise naming the entry."""
    try:
        return re.compile(pattern, 0 if case_sensitive else re.IGNORECASE)
    except re.error as exc:
        raise _fail(path, entry, f"bad regex {pattern!r}: {exc}") from exc


def phrase_regex(phrases: tuple[str, ...]) -> str:
    """Return one whole-word regex matching any of the phrases."""
    alternatives = sorted((r"\s+".join(map(re.escape, p.split())) for p in phrases), key=len, reverse=True)
    return r"(?<![\w'])(?:" + "|".join(alternatives) + r")(?![\w'])"


def _strategy(raw: Any, index: int, path: Path | str) -> Strategy:
    """Validate one strategy entry and return it compiled."""
    label = f"strategies[{index}]"
    raw = _mapping(raw, path, label)
    name = raw.get("name")
    if not isinstance(name, str) or not NAME_RE.match(name):
        raise _fail(path, label, f"'name' must be a snake_case string, got {name!r}")
    entry = f"strategies[{index}] {name}"
    unknown = set(raw) - STRATEGY_KEYS
    if unknown:
        raise _fail(path, entry, f"unknown keys {sorted(unknown)}")
    weight = _number(raw.get("weight"), path, entry + ".weight")
    if weight == 0:
        raise _fail(path, entry + ".weight", "weight must not be 0")
    match = raw.get("match")
    if match not in MATCH_KINDS:
        raise _fail(path, entry + ".match", f"must be one of {MATCH_KINDS}, got {match!r}")
    position = raw.get("position", "anywhere")
    if position not in POSITIONS:
        raise _fail(path, entry + ".position", f"must be one of {POSITIONS}, got {position!r}")
    question = raw.get("question", False)
    if not isinstance(question, bool):
        raise _fail(path, entry + ".question", "must be true or false")
    case_sensitive = raw.get("case_sensitive", False)
    if not isinstance(case_sensitive, bool):
        raise _fail(path, entry + ".case_sensitive", "must be true or false")
    patterns = _strings(raw.get("patterns"), path, entry + ".patterns")
    for pattern in patterns:
        _compile(pattern if match == "regex" else re.escape(pattern), path, entry + ".patterns")
    source = "|".join(f"(?:{p})" for p in patterns) if match == "regex" else phrase_regex(patterns)
    description = raw.get("description")
    if not isinstance(description, str) or not description.strip():
        raise _fail(path, entry + ".description", "a one-line description is required")
    return Strategy(
        name=name,
        weight=weight,
        match=match,
        patterns=patterns,
        regex=_compile(source, path, entry + ".patterns", case_sensitive=case_sensitive),
        position=position,
        question=question,
        exclude=tuple(
            _compile(p, path, entry + ".exclude")
            for p in _strings(raw.get("exclude"), path, entry + ".exclude", required=False)
        ),
        description=description.strip(),
        examples=_strings(raw.get("examples"), path, entry + ".examples"),
        non_examples=_strings(raw.get("non_examples"), path, entry + ".non_examples", required=False),
    )


def _penalties(raw: Any, path: Path | str) -> tuple[dict[str, float], dict[str, float], dict[str, float | None]]:
    """Validate the penalties section: severity factors and per-category weight and cap."""
    raw = _mapping(raw, path, "penalties")
    severity_raw = _mapping(raw.get("severity"), path, "penalties.severity")
    if set(severity_raw) != set(SEVERITIES):
        raise _fail(path, "penalties.severity", f"needs exactly {list(SEVERITIES)}")
    severity = {k: _number(v, path, f"penalties.severity.{k}") for k, v in severity_raw.items()}
    categories = _mapping(raw.get("categories"), path, "penalties.categories")
    if set(categories) != set(CATEGORIES):
        raise _fail(path, "penalties.categories", f"needs exactly {list(CATEGORIES)}")
    weights: dict[str, float] = {}
    caps: dict[str, float | None] = {}
    for category, spec in categories.items():
        entry = f"penalties.categories.{category}"
        spec = _mapping(spec, path, entry)
        weights[category] = _number(spec.get("weight"), path, entry + ".weight")
        cap = spec.get("cap")
        caps[category] = None if cap is None else _number(cap, path, entry + ".cap")
        cap_value = caps[category]
        if weights[category] < 0 or (cap_value is not None and cap_value < 0):
            raise _fail(path, entry, "weight and cap must be >= 0")
    return severity, weights, caps


def parse_tone_data(raw: Any, path: Path | str) -> ToneData:
    """Validate the parsed YAML document and return the tone data."""
    raw = _mapping(raw, path, "<top level>")
    unknown = set(raw) - TOP_KEYS
    if unknown or raw.get("version") != 1:
        raise _fail(path, "<top level>", f"needs version: 1 and only {sorted(TOP_KEYS)}; unknown {sorted(unknown)}")
    squash = _mapping(raw.get("squash"), path, "squash")
    saturation = _mapping(raw.get("saturation"), path, "saturation")
    sentiment = _mapping(raw.get("sentiment"), path, "sentiment")
    reference = _number(saturation.get("reference_sentences"), path, "saturation.reference_sentences")
    if reference <= 0:
        raise _fail(path, "saturation.reference_sentences", "must be > 0")
    max_hits = saturation.get("max_hits")
    if not isinstance(max_hits, int) or isinstance(max_hits, bool) or max_hits < 1:
        raise _fail(path, "saturation.max_hits", "must be an integer >= 1")
    strategies_raw = raw.get("strategies")
    if not isinstance(strategies_raw, list) or not strategies_raw:
        raise _fail(path, "strategies", "expected a non-empty list")
    strategies = tuple(_strategy(s, i, path) for i, s in enumerate(strategies_raw))
    seen: set[str] = set()
    for i, strategy in enumerate(strategies):
        if strategy.name in seen:
            raise _fail(path, f"strategies[{i}] {strategy.name}", "duplicate name")
        seen.add(strategy.name)
    severity, weights, caps = _penalties(raw.get("penalties"), path)
    neutral = sentiment.get("vader_neutral", [])
    if not isinstance(neutral, list) or not all(isinstance(w, str) and w.strip() for w in neutral):
        raise _fail(path, "sentiment.vader_neutral", "expected a list of words")
    return ToneData(
        path=str(path),
        bias=_number(squash.get("bias"), path, "squash.bias"),
        saturation_extra=_number(saturation.get("extra"), path, "saturation.extra"),
        max_hits=max_hits,
        reference_sentences=reference,
        polarity_weight=_number(sentiment.get("polarity_weight"), path, "sentiment.polarity_weight"),
        subjectivity_weight=_number(sentiment.get("subjectivity_weight"), path, "sentiment.subjectivity_weight"),
        severity=severity,
        category_weight=weights,
        category_cap=caps,
        strategies=strategies,
        vader_neutral=tuple(sorted({w.strip().lower() for w in neutral})),
    )


def load_tone_data(path: Path | str | None = None) -> ToneData:
    """Read, validate and return the tone data file (default: the shipped one)."""
    path = Path(path) if path is not None else DEFAULT_PATH
    try:
        raw = read_yaml(path)
    except YamlError as exc:
        raise _fail(path, "<file>", str(exc)) from exc
    return parse_tone_data(raw, path)


@lru_cache(maxsize=1)
def default_tone_data() -> ToneData:
    """Return the shipped tone data, loaded once."""
    return load_tone_data(DEFAULT_PATH)
