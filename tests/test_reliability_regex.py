"""Catastrophic lexicon regexes are refused at load, naming the file and the entry; safe ones still load."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from coach.lexicon import BUILTIN_DIR, LexiconError, load_file, load_rules
from coach.safe_regex import UnsafePattern, backtracking_risk, compile_checked

CATASTROPHIC = [
    "(a+)+$",
    "(a+a+)+b",
    "(a|a)*$",
    "(a|aa)*$",
    r"(\w+\s?)*$",
    "(a*)*b",
    r"^(\d+)*$",
    r"(.|a)*$",
    r"(.*a){20}",
    r"(?:[#$][#$!]*){2,}(?!\w)",  # the shape of the old built-in grawlix rule
]
SAFE = [
    r"(?:\w+\s+)*x",
    r"(?<!\w)--?[a-z][\w-]*",
    r"\b(?:https?|ftp)://\S+",
    r"(?:\s+\w+){0,3}\.",
    r"a+b+",
    r"(?>a+)+$",  # atomic: never backtracks
    r"(?:a+)++$",  # possessive
    r"(?:[a-z]+\.)+com\b",
    r"(?:such|so|really)*\s",
    r"(?:\s+/x|\s+use)*$",
    r"(?:\s+(?:/|--?)\w|\s+-[a-z]+)*",  # ambiguous, but last: nothing after it can fail
    r"(\w|\d)+$",  # re merges single-character alternatives into one set
]


@pytest.mark.parametrize("pattern", CATASTROPHIC)
def test_catastrophic_patterns_are_refused(pattern: str) -> None:
    assert backtracking_risk(pattern) is not None
    with pytest.raises(UnsafePattern):
        compile_checked(pattern, re.IGNORECASE)


@pytest.mark.parametrize("pattern", SAFE)
def test_safe_patterns_compile(pattern: str) -> None:
    assert backtracking_risk(pattern) is None
    assert compile_checked(pattern).pattern == pattern


def test_the_check_itself_is_bounded() -> None:
    pairs = zip("acegikmoqsuwy", "bdfhjlnprtvxz")
    tangled = "(?:" + "".join(f"(?:{a}{b}|{b}{a})" for a, b in pairs) + ")+$"  # 2**13 paths through the loop
    assert "simplify" in (backtracking_risk(tangled) or "")


def test_invalid_pattern_is_still_a_regex_error() -> None:
    with pytest.raises(re.error):
        compile_checked("(unclosed")


def test_every_builtin_pattern_passes_the_check() -> None:
    rules = load_rules((BUILTIN_DIR,))
    patterns = [r.pattern for r in rules] + [p for r in rules for p in (*r.when.values(), *r.unless.values())]
    risky = {p.pattern: backtracking_risk(p.pattern, p.flags) for p in patterns}
    assert {p: why for p, why in risky.items() if why} == {}


def _entry(match: str, unless: str | None = None) -> str:
    lines = [
        "- id: jargon.acme_slow",
        f"  match: {{regex: '{match}'}}",
        "  message: \"'{text}' is internal.\"",
        "  suggestion: Say what it does.",
    ]
    if unless:
        lines.append(f"  unless: {{after: '{unless}'}}")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(
    ("match", "unless", "where"),
    [("(a+)+$", None, "match.regex"), ("acme", "(a+a+)+b", "unless.after"), ("(x|xx)*y", None, "match.regex")],
)
def test_user_lexicon_with_catastrophic_regex_fails_at_load_naming_file_and_entry(
    tmp_path: Path, match: str, unless: str | None, where: str
) -> None:
    path = tmp_path / "company.yml"
    path.write_text(_entry(match, unless), encoding="utf-8")
    with pytest.raises(LexiconError) as caught:
        load_file(path)
    message = str(caught.value)
    assert str(path) in message and "entry 'jargon.acme_slow'" in message
    assert where in message and "exponential" in message


def test_check_with_catastrophic_user_lexicon_exits_with_the_reason(tmp_path: Path) -> None:
    """The line that used to hang `check` forever: now a load error before any matching."""
    (tmp_path / "company.yml").write_text(_entry("(a+)+$"), encoding="utf-8")
    line = "a" * 33 + "!"
    done = subprocess.run(
        [sys.executable, "-m", "coach", "check", "-", "--lexicons", str(tmp_path)],
        input=line,
        capture_output=True,
        text=True,
        timeout=600,  # a harness guard against a hang, not a speed assertion
    )
    assert done.returncode == 2
    assert "jargon.acme_slow" in done.stderr and "company.yml" in done.stderr


def test_grawlix_rule_is_linear_on_a_long_symbol_run() -> None:
    """The built-in grawlix regex used to backtrack exponentially on '#' * n + 'a'."""
    grawlix = next(r for r in load_rules((BUILTIN_DIR,)) if r.id == "profanity.grawlix")
    assert backtracking_risk(grawlix.pattern.pattern, grawlix.pattern.flags) is None
    assert grawlix.pattern.search("#" * 5000 + "a") is None
    assert grawlix.pattern.search("What the #$@%! now") is not None
