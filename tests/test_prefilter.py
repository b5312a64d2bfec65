"""The rule prefilter: it may skip a rule's scan only where the rule's regex cannot match."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from messages import written_texts

from coach.lexicon import BUILTIN_DIR, load_rules
from coach.prefilter import Folded, fold, may_match, requirements
from scripts.bench_corpus import email_corpus

ROOT = Path(__file__).resolve().parent.parent

RULES = load_rules((BUILTIN_DIR,))
PATTERNS = {r.id: r.pattern for r in RULES if r.pattern.pattern}


def written_messages() -> list[str]:
    """Return the written test messages and every lexicon example."""
    texts = written_texts()
    for rule in RULES:
        texts += [*rule.examples.get("bad", ()), *rule.examples.get("good", ())]
    return texts


TEXTS = written_messages() + email_corpus(40, seed=5)


def test_never_skips_a_rule_that_matches() -> None:
    """Over every built-in rule and hundreds of messages, a pattern that matches is never skipped."""
    checked = skipped = 0
    for text in TEXTS:
        folded = Folded(text)
        for rule_id, pattern in PATTERNS.items():
            matches = pattern.search(text) is not None
            allowed = may_match(pattern, folded)
            assert allowed or not matches, (rule_id, text)
            checked += 1
            skipped += not allowed
    assert skipped > checked // 3  # and it does skip: most rules match nothing in most messages


@pytest.mark.parametrize(
    ("pattern", "text"),
    [
        (r"(?i)\bthe\s+sky\b", "THE SKY is falling"),
        (r"(?i)\bkit\b", "the \u212ait is here"),  # the Kelvin sign matches k under IGNORECASE
        (r"(?i)\bmust\b", "you mu\u017ft"),  # the long s matches s
        (r"(?i)\bif\b", "\u0130F you"),  # capital dotted I matches i
        (r"(?i)caf\u00e9", "CAF\u00c9 open"),  # a non-ASCII letter is left to the scan
        (r"it[’']s\s+easy", "it’s  easy"),
        (r"(?:foo|bar)+baz", "barfoobaz"),
        (r"(?=\w*menu)\w+", "the submenu"),
    ],
)
def test_case_folding_keeps_matches(pattern: str, text: str) -> None:
    """Text that matches only through Unicode case folding is not skipped."""
    compiled = re.compile(pattern)
    assert compiled.search(text)
    assert may_match(compiled, Folded(text))


def test_skips_what_cannot_match() -> None:
    """A phrase rule is skipped on a message without its words, and scanned on one with them."""
    pattern = PATTERNS["blame.per_my_last"]
    assert requirements(pattern) is not None
    assert not may_match(pattern, Folded("Thanks for the update, the printer works again."))
    assert may_match(pattern, Folded("As I mentioned in my last email, the printer works."))


def test_fold_is_one_for_one() -> None:
    """Folding keeps the text's length (a character for a character)."""
    text = "Straße \u0130stanbul \u212a \u017f ÉCOLE"
    assert len(fold(text)) == len(text)
    assert fold("ABC def") == "abc def"


WORDS = ["you", "should", "have", "told", "us", "just", "restart", "even", "mentioned", "per", "my", "last", "email"]
VARIANTS = st.sampled_from(WORDS).flatmap(
    lambda w: st.sampled_from([w, w.upper(), w.title(), w.replace("s", "\u017f"), w.replace("k", "\u212a")])
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(VARIANTS, st.sampled_from([" ", "  ", ", ", ". ", "\n", "’", "'"])), max_size=30))
def test_random_text_never_loses_a_match(parts: list[str]) -> None:
    """Random runs of rule words, in any case and with look-alike letters, never lose a match."""
    text = "".join(parts)
    folded = Folded(text)
    for rule_id, pattern in PATTERNS.items():
        if pattern.search(text):
            assert may_match(pattern, folded), (rule_id, text)
