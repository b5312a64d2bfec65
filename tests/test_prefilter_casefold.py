"""Case-sensitive twins of IGNORECASE patterns: on lower-cased ASCII text they match exactly where the pattern does."""

from __future__ import annotations

import re
import string

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from messages import written_texts

from coach.casefold_scan import ScanText, ascii_twin
from coach.lexicon import BUILTIN_DIR, load_rules
from coach.scoring.lexicon import default_tone_data
from scripts.bench_corpus import email_corpus

RULES = load_rules((BUILTIN_DIR,))
STRATEGIES = default_tone_data().strategies
PATTERNS = [r.pattern for r in RULES if r.pattern.pattern] + [
    p for s in STRATEGIES for p in (s.regex, *s.exclude) if p.pattern
]
TEXTS = (
    written_texts()
    + [x for r in RULES for x in (*r.examples.get("bad", ()), *r.examples.get("good", ()))]
    + email_corpus(30, seed=9)
)


def spans(matches: object) -> list[tuple[int, int]]:
    """Return the spans of an iterator of matches."""
    return [m.span() for m in matches]  # type: ignore[attr-defined]


def test_every_rule_and_strategy_matches_alike_on_both_paths() -> None:
    """Every built-in lexicon rule and tone strategy: the same spans through ScanText as from the pattern itself."""
    twins = 0
    for text in TEXTS:
        scan = ScanText(text)
        for pattern in PATTERNS:
            assert spans(scan.finditer(pattern)) == spans(pattern.finditer(text)), (pattern.pattern[:80], text)
            first, plain = scan.match(pattern), pattern.match(text)
            assert (first and first.span()) == (plain and plain.span())
    for pattern in PATTERNS:
        twins += ascii_twin(pattern) is not None
    # most of them are case-insensitive and get a twin (the rest are scanned as before)
    assert twins > len(PATTERNS) // 2


@pytest.mark.parametrize(
    ("pattern", "text"),
    [
        (r"(?i)\bthe\s+sky\b", "THE SKY is falling, the sky"),
        (r"(?i)[A-Z]{2,}", "ABC def GH"),
        (r"(?i)[^a-z ]+", "abc 123 DEF !?"),
        (r"(?i)(?<![\w-])kit(?![\w-])", "KIT, x-kit, kit"),
        (r"(?i)\bk", "Kelvin k"),
        (r"(?i)(?P<twice>[a-z])(?P=twice)", "aA bb Cc dx"),
        (r"(?i)\u212a", "k K"),  # the Kelvin sign matches both k and K under IGNORECASE
        (r"(?i)caf\u00e9", "CAFE cafe"),  # a literal that matches no ASCII character
        (r"(?i)^(?:did|do)\s+you\b.*\?$", "Did you even read it?"),
        (r"(?im)^hi\b", "x\nHI there\nhi"),
        (r"(?i)(a)?(?(1)b|c)", "AB c Ac"),
    ],
)
def test_tricky_patterns(pattern: str, text: str) -> None:
    """Classes, negations, boundaries, back-references, non-ASCII literals and conditionals match alike."""
    compiled = re.compile(pattern)
    assert spans(ScanText(text).finditer(compiled)) == spans(compiled.finditer(text))


def test_no_twin_where_it_cannot_be_exact() -> None:
    """A case-sensitive pattern, an inline case switch or ASCII/LOCALE flags get no twin; non-ASCII text uses the original."""
    assert ascii_twin(re.compile(r"\bPC\b")) is None
    assert ascii_twin(re.compile(r"(?i)a(?-i:B)")) is None
    assert ascii_twin(re.compile(r"(?ia)word")) is None
    scan = ScanText("CAFÉ Café")
    assert scan.lowered is None
    assert spans(scan.finditer(re.compile(r"(?i)café"))) == [(0, 4), (5, 9)]


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from([r"(?i)\b(?:you|your)\s+\w+", r"(?i)[A-Z]+ly\b", r"(?i)(?<![\w'])n[o0]t\b", r"(?i)x{2,}"]),
    st.text(alphabet=string.printable, max_size=60),
)
def test_random_ascii_text(pattern: str, text: str) -> None:
    """On random printable ASCII the twin's spans are the pattern's own."""
    compiled = re.compile(pattern)
    assert spans(ScanText(text).finditer(compiled)) == spans(compiled.finditer(text))
