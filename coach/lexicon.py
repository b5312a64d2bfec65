"""Load and validate the rule lexicons (lexicons/*.yml and any user directories).

Each file is a YAML list of entries; the schema (README "Adding a lexicon"):

    - id: jargon.dhcp                 # unique, prefixed by its category
      match: {phrases: [DHCP]}        # or {regex: '...'}; optional case_sensitive: true
      message: "'{text}' is ..."      # one line; {text} is the matched text
      suggestion: "..."               # the better way to say it (or null)
      replacement: "..."              # optional: exact text that can replace the match ("" deletes)
      severity: warning               # suggestion | warning | error
      audience: [non-technical, executive]   # whom it matters for (default: all)
      note: "..."                     # the why, a sentence or two
      when: {before: '...', after: '...', sentence: '...'}    # context required
      unless: {before: '...', after: '...', sentence: '...'}  # context that excuses
      check: client_is_agent          # optional named parse check in the analyser
      examples: {bad: [...], good: [...]}

A malformed file fails loudly with the file and entry named: a broken lexicon
is an error, never a silent skip.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from .report import AUDIENCES, SEVERITIES
from .safe_regex import UnsafePattern, compile_checked

BUILTIN_DIR = Path(__file__).resolve().parent.parent / "lexicons"
# Categories a lexicon may define; "allow" lists words from the client's own
# world that are never jargon (a CRM for a sales team, HIPAA for a clinic).
RULE_CATEGORIES = ("jargon", "blame", "condescension", "profanity", "benefit", "expectations", "empathy", "allow")
ENTRY_KEYS = {
    "id",
    "match",
    "message",
    "suggestion",
    "replacement",
    "severity",
    "audience",
    "note",
    "when",
    "unless",
    "check",
    "examples",
    "benefit",
}
MATCH_KEYS = {"phrases", "regex", "case_sensitive"}
CONTEXT_KEYS = {"before", "after", "sentence"}


class LexiconError(ValueError):
    """A lexicon file is malformed; the message names the file and the entry."""


@dataclass(frozen=True)
class Rule:
    """One validated lexicon entry, with its patterns compiled."""

    id: str
    category: str
    pattern: re.Pattern[str]
    message: str
    suggestion: str | None
    severity: str
    audience: frozenset[str]
    note: str = ""
    replacement: str | None = None
    when: dict[str, re.Pattern[str]] = field(default_factory=dict)
    unless: dict[str, re.Pattern[str]] = field(default_factory=dict)
    check: str | None = None
    examples: dict[str, tuple[str, ...]] = field(default_factory=dict)
    benefit: str | None = None
    source: str = ""
    phrases: tuple[str, ...] = ()

    def applies_to(self, audience: str) -> bool:
        """Return whether this rule matters for the given reader."""
        return audience in self.audience


NEVER = re.compile(r"(?!)")


def code_rule(
    rule_id: str,
    message: str,
    suggestion: str | None,
    note: str,
    *,
    severity: str = "warning",
    audience: Iterable[str] = AUDIENCES,
    source: str = "",
) -> Rule:
    """Return a Rule for a check written in code (no pattern), so its findings carry the same wording fields."""
    return Rule(
        id=rule_id,
        category=rule_id.split(".", 1)[0],
        pattern=NEVER,
        message=message,
        suggestion=suggestion,
        severity=severity,
        audience=frozenset(audience),
        note=note,
        source=source,
    )


def phrase_regex(phrases: Iterable[str], case_sensitive: bool = False) -> re.Pattern[str]:
    """Compile phrases into one word-bounded regex, longest first, spaces flexible."""
    parts = []
    for phrase in sorted(set(phrases), key=len, reverse=True):
        body = r"\s+".join(re.escape(word) for word in phrase.split())
        body = body.replace(r"\'", "['’]").replace("'", "['’]")
        parts.append(body)
    flags = 0 if case_sensitive else re.IGNORECASE
    return re.compile(r"(?<![\w-])(?:" + "|".join(parts) + r")(?![\w-])", flags)


def _fail(source: str, entry: Any, problem: str) -> LexiconError:
    name = entry.get("id") if isinstance(entry, dict) else None
    where = f"entry '{name}'" if name else "an entry"
    return LexiconError(f"{source}: {where}: {problem}")


def _compile(source: str, entry: dict, text: str, what: str, flags: int = 0) -> re.Pattern[str]:
    if not isinstance(text, str) or not text:
        raise _fail(source, entry, f"{what} must be a non-empty string")
    try:
        return compile_checked(text, flags)
    except re.error as exc:
        raise _fail(source, entry, f"{what} does not compile: {exc}") from None
    except UnsafePattern as exc:
        raise _fail(source, entry, f"{what} could take exponential time on some text ({exc}); rewrite it") from None


def _context(source: str, entry: dict, key: str) -> dict[str, re.Pattern[str]]:
    value = entry.get(key)
    if value is None:
        return {}
    if not isinstance(value, dict) or not value or set(value) - CONTEXT_KEYS:
        raise _fail(source, entry, f"'{key}' must map some of {sorted(CONTEXT_KEYS)} to regexes")
    compiled = {}
    for where, regex in value.items():
        if isinstance(regex, str) and (
            (where == "after" and regex.startswith("^")) or (where == "before" and regex.endswith("$"))
        ):
            raise _fail(
                source,
                entry,
                f"{key}.{where} is anchored next to the match already; drop the leading '^' / trailing '$'",
            )
        anchored = {"before": r"(?:{})\W*$", "after": r"^\W*(?:{})", "sentence": "{}"}[where]
        compiled[where] = _compile(source, entry, anchored.format(regex), f"{key}.{where}", re.IGNORECASE)
    return compiled


def _match(source: str, entry: dict) -> tuple[re.Pattern[str], tuple[str, ...]]:
    match = entry.get("match")
    if not isinstance(match, dict) or set(match) - MATCH_KEYS:
        raise _fail(source, entry, f"'match' must be a mapping with keys from {sorted(MATCH_KEYS)}")
    case = bool(match.get("case_sensitive", False))
    if ("phrases" in match) == ("regex" in match):
        raise _fail(source, entry, "'match' needs exactly one of 'phrases' or 'regex'")
    if "phrases" in match:
        phrases = match["phrases"]
        if not isinstance(phrases, list) or not phrases or not all(isinstance(p, str) and p.strip() for p in phrases):
            raise _fail(source, entry, "'phrases' must be a non-empty list of strings")
        return phrase_regex(phrases, case), tuple(phrases)
    return _compile(source, entry, match["regex"], "match.regex", 0 if case else re.IGNORECASE), ()


def _examples(source: str, entry: dict) -> dict[str, tuple[str, ...]]:
    value = entry.get("examples", {})
    if not isinstance(value, dict) or set(value) - {"bad", "good"}:
        raise _fail(source, entry, "'examples' must map 'bad'/'good' to lists of strings")
    out = {}
    for kind, items in value.items():
        if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
            raise _fail(source, entry, f"examples.{kind} must be a list of strings")
        out[kind] = tuple(items)
    return out


def _optional_str(source: str, entry: dict, key: str) -> str | None:
    value = entry.get(key)
    if value is not None and not isinstance(value, str):
        raise _fail(source, entry, f"'{key}' must be a string")
    return value


def parse_entry(source: str, entry: Any) -> Rule:
    """Validate one lexicon entry and return it as a compiled Rule."""
    if not isinstance(entry, dict):
        raise _fail(source, entry, "each entry must be a mapping")
    unknown = set(entry) - ENTRY_KEYS
    if unknown:
        raise _fail(source, entry, f"unknown keys {sorted(unknown)}")
    rule_id = entry.get("id")
    if not isinstance(rule_id, str) or not re.fullmatch(r"[a-z]+\.[a-z0-9_.]+", rule_id):
        raise _fail(source, entry, "'id' must look like 'category.name' (lowercase)")
    category = rule_id.split(".", 1)[0]
    if category not in RULE_CATEGORIES:
        raise _fail(source, entry, f"unknown category '{category}' (known: {', '.join(RULE_CATEGORIES)})")
    pattern, phrases = _match(source, entry)
    message = entry.get("message", "" if category == "allow" else None)
    if not isinstance(message, str) or (category != "allow" and not message.strip()):
        raise _fail(source, entry, "'message' must be a non-empty string")
    severity = entry.get("severity", "warning")
    if severity not in SEVERITIES:
        raise _fail(source, entry, f"severity '{severity}' is not one of {', '.join(SEVERITIES)}")
    audience = entry.get("audience", list(AUDIENCES))
    if not isinstance(audience, list) or not audience or set(audience) - set(AUDIENCES):
        raise _fail(source, entry, f"'audience' must be a list drawn from {', '.join(AUDIENCES)}")
    check = _optional_str(source, entry, "check")
    return Rule(
        id=rule_id,
        category=category,
        pattern=pattern,
        message=message.strip(),
        suggestion=_optional_str(source, entry, "suggestion"),
        severity=severity,
        audience=frozenset(audience),
        note=(_optional_str(source, entry, "note") or "").strip(),
        replacement=_optional_str(source, entry, "replacement"),
        when=_context(source, entry, "when"),
        unless=_context(source, entry, "unless"),
        check=check,
        examples=_examples(source, entry),
        benefit=_optional_str(source, entry, "benefit"),
        source=source,
        phrases=phrases,
    )


def load_file(path: Path) -> list[Rule]:
    """Load and validate one lexicon file."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise LexiconError(f"{path}: cannot be read as YAML: {exc}") from None
    if data is None:
        return []
    if not isinstance(data, list):
        raise LexiconError(f"{path}: a lexicon must be a YAML list of entries")
    return [parse_entry(str(path), entry) for entry in data]


def lexicon_dirs(extra: Iterable[str | os.PathLike] = ()) -> tuple[Path, ...]:
    """Return the built-in directory, then COACH_LEXICONS entries, then extra ones."""
    dirs = [BUILTIN_DIR]
    env = os.environ.get("COACH_LEXICONS", "")
    dirs += [Path(p) for p in env.split(os.pathsep) if p.strip()]
    dirs += [Path(p) for p in extra]
    return tuple(dict.fromkeys(d.resolve() for d in dirs))


@lru_cache(maxsize=8)
def load_rules(dirs: tuple[Path, ...]) -> tuple[Rule, ...]:
    """Load every *.yml in the directories, once, checking ids are unique."""
    rules: list[Rule] = []
    seen: dict[str, str] = {}
    for directory in dirs:
        if not directory.is_dir():
            raise LexiconError(f"{directory}: lexicon directory not found")
        for path in sorted(directory.glob("*.yml")) + sorted(directory.glob("*.yaml")):
            for rule in load_file(path):
                if rule.id in seen:
                    raise LexiconError(f"{path}: entry '{rule.id}': id already defined in {seen[rule.id]}")
                seen[rule.id] = str(path)
                rules.append(rule)
    return tuple(rules)
