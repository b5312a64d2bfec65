"""Property tests on what the fixes write: over every rule's bad examples and over generated drafts that put
two or three jargon terms of one family in one sentence, any subset of fixes, applied one at a time (Apply,
then the others shifted) and all together (Apply all, and the revision that keeps the terms in brackets):

- no sentence says a pair of content words twice where the draft's sentences did not ("the network settings
  and the network settings tunnel"): a content word is any word outside spaCy's English stop words;
- no doubled word ("the the"), no two articles in a row ("a the", "a an"), no "a" before a vowel or "an" before
  a consonant that the draft did not have, no dangling article ("the.") and no dangling comma (", ." or a
  sentence that opens with a comma);
- analysed again, every rule whose fix was made fires fewer times, by the number of its findings fixed.

The checks here are written independently of coach/repeats.py and coach/edit_check.py, which the fixes use.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from spacy.lang.en.stop_words import STOP_WORDS

from coach import Coach
from coach.lexicon import Rule
from coach.nlp import load_model
from coach.report import Finding, Report
from coach.rewrite import _apply_all_placed, apply_one, shift

COACH = Coach(nlp=load_model(), semantic=False)
RW = COACH.rewriter
RULES = [r for a in COACH.analysers for r in a.rules]
AUDIENCES = ("non-technical", "executive", "technical")


def audience_of(rule: Rule) -> str:
    """Return the first reader the rule matters for."""
    return next(a for a in AUDIENCES if rule.applies_to(a))


BAD = sorted({(text, audience_of(r)) for r in RULES for text in r.examples.get("bad", ()) if len(text) < 600})
# Families: jargon entries with a list of terms (each term of a family must get its own words).
FAMILIES = {
    r.id: sorted({p for p in r.phrases if re.fullmatch(r"[\w][\w ./-]*", p)})
    for r in RULES
    if r.category == "jargon" and len(r.phrases) > 1
}
TEMPLATES = (
    "We looked at the {0} and the {1} this morning.",
    "The {0} stopped working after the {1} changed.",
    "We checked the {0}, then the {1} and the {2} before lunch.",
)
SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")
WORDS = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")
DOUBLED = re.compile(r"\b(\w+)\s+\1\b", re.IGNORECASE)
TWO_ARTICLES = re.compile(r"\b(?:a|an|the)\s+(?:a|an|the)\b", re.IGNORECASE)
WRONG_ARTICLE = re.compile(r"\b(?:[Aa]\s+[aeio][a-z]|[Aa]n\s+(?!h)[bcdfgjklmnpqrstvwxz][a-z])")
DANGLING = re.compile(r"\b(?:a|an|the)\s*(?:[,.;:!?)]|$)|,\s*[,.;:!?]|(?:^|[.!?]\s+),", re.IGNORECASE)


def repeated_pairs(text: str) -> Counter[tuple[str, str]]:
    """Return each pair of neighbouring content words that some sentence of the text says twice or more."""
    found: Counter[tuple[str, str]] = Counter()
    for sentence in SENTENCE.split(text):
        words = [re.sub(r"['’]s$", "", w.lower()) for w in WORDS.findall(sentence)]
        pairs = Counter(
            (a, b) for a, b in zip(words, words[1:]) if a not in STOP_WORDS and b not in STOP_WORDS and not a.isdigit()
        )
        found.update({p: n for p, n in pairs.items() if n > 1})
    return found


def defects(draft: str, fixed: str) -> list[str]:
    """Return what the fixed text gets wrong that the draft did not (empty when it is clean)."""
    problems = []
    before = repeated_pairs(draft)
    problems += [f"says '{' '.join(p)}' twice" for p, n in repeated_pairs(fixed).items() if n > before[p]]
    for name, pattern in (
        ("doubled word", DOUBLED),
        ("two articles", TWO_ARTICLES),
        ("wrong article", WRONG_ARTICLE),
        ("dangling article or comma", DANGLING),
    ):
        if len(pattern.findall(fixed)) > len(pattern.findall(draft)):
            problems.append(f"{name}: {pattern.findall(fixed)}")
    return problems


@cache
def analysed(draft: str, audience: str) -> Report:
    """Return the report for a draft, analysed once."""
    return COACH.analyse(draft, audience)


def fixed_all(draft: str, findings: list[Finding], *, plain: bool) -> tuple[str, Counter[str]]:
    """Return Apply all's text (or the revision's, plain=False) and how many findings of each rule it fixed."""
    fixed, placed = _apply_all_placed(RW, draft, findings, plain=plain, doc=None)
    made = Counter(
        e.finding.rule for e, (a, b) in placed if e.finding is not None and fixed[a:b] != draft[e.start : e.end]
    )
    return fixed, made


def fixed_one_at_a_time(draft: str, audience: str, findings: list[Finding]) -> tuple[str, Counter[str]]:
    """Return the text after pressing Apply on each finding in turn (the rest shifted), and the fixes made.

    An opening or a sentence that Apply inserts can repeat a term of the draft ("the VPN outage"), which the
    page then flags afresh; such new findings count as fixes still to make (negative), so the check stays exact.
    """
    text, rest, made = draft, list(findings), Counter[str]()
    while rest:
        finding = rest[0]
        new = apply_one(text, finding, rewriter=RW)
        if new != text:
            made[finding.rule] += 1
            if RW.action_for(finding).name.startswith("insert"):
                grew = Counter(f.rule for f in analysed(new, audience).findings)
                grew.subtract(Counter(f.rule for f in analysed(text, audience).findings))
                for rule, n in grew.items():
                    if rule != finding.rule and n > 0:
                        made[rule] -= n
        rest = shift(rest, finding, text, rewriter=RW)
        text = new
    return text, made


def assert_clean(draft: str, audience: str, fixed: str, made: Counter[str]) -> None:
    """Assert the fixed text has no defect the draft lacked and no longer fires what was fixed."""
    assert not defects(draft, fixed), f"{defects(draft, fixed)}\n{draft!r}\n{fixed!r}"
    before = Counter(f.rule for f in analysed(draft, audience).findings)
    after = Counter(f.rule for f in COACH.analyse(fixed, audience).findings)
    for rule, n in made.items():
        assert after[rule] <= before[rule] - n, f"{rule} still fires after its fix:\n{draft!r}\n{fixed!r}"


@pytest.mark.parametrize(("draft", "audience"), BAD, ids=[d[:40] for d, _ in BAD])
def test_every_bad_example_fixed_all_together_and_one_at_a_time_is_clean(draft, audience):
    findings = list(analysed(draft, audience).findings)
    for plain in (True, False):
        assert_clean(draft, audience, *fixed_all(draft, findings, plain=plain))
    assert_clean(draft, audience, *fixed_one_at_a_time(draft, audience, findings))


@st.composite
def family_drafts(draw: st.DrawFn) -> str:
    """Draw a sentence with two or three distinct terms of one jargon family."""
    family = draw(st.sampled_from(sorted(FAMILIES)))
    template = draw(st.sampled_from(TEMPLATES))
    size = template.count("{")
    terms = draw(st.lists(st.sampled_from(FAMILIES[family]), min_size=size, max_size=size, unique=True))
    return template.format(*terms)


@settings(max_examples=150, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(family_drafts(), st.data())
def test_terms_of_one_family_in_one_sentence_get_distinct_true_words(draft, data):
    findings = list(analysed(draft, "non-technical").findings)
    subset = [f for f in findings if data.draw(st.booleans(), label=f"fix {f.text}")]
    for chosen in (findings, subset):
        for plain in (True, False):
            assert_clean(draft, "non-technical", *fixed_all(draft, chosen, plain=plain))
        assert_clean(draft, "non-technical", *fixed_one_at_a_time(draft, "non-technical", chosen))


@settings(max_examples=40, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(BAD), min_size=2, max_size=3, unique_by=lambda b: b[0]), st.data())
def test_any_subset_of_fixes_on_joined_bad_examples_is_clean(examples, data):
    draft, audience = " ".join(text for text, _ in examples), examples[0][1]
    findings = list(analysed(draft, audience).findings)
    subset = [f for f in findings if data.draw(st.booleans())]
    for plain in (True, False):
        assert_clean(draft, audience, *fixed_all(draft, subset, plain=plain))
    assert_clean(draft, audience, *fixed_one_at_a_time(draft, audience, subset))


@pytest.mark.parametrize(
    ("draft", "fixed", "defect"),
    [
        ("We set up NAT and IPsec.", "We set up the network settings and the network settings.", "twice"),
        ("The MX records point at inbound SMTP.", "The email settings point at the the email.", "doubled"),
        ("We fixed it.", "We fixed a the thing.", "two articles"),
        ("We fixed it.", "We fixed a outdated system.", "wrong article"),
        ("We fixed it.", "We fixed the.", "dangling"),
        ("We fixed it, then left.", "We fixed it, , then left.", "dangling"),
    ],
)
def test_the_checks_catch_each_defect(draft, fixed, defect):
    assert any(defect in d for d in defects(draft, fixed)), defects(draft, fixed)
    assert not defects(draft, draft)
