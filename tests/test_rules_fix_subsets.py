"""Property tests on real findings: applying ANY subset of fixes to drafts made of the rules' own bad examples.

A draft is one to three bad examples (of any rules, lexicon and code rules alike), joined as a short message.
For any subset of its findings, Apply all (`apply_all`) and the suggested revision (`revise`):
- change no text outside the edits (a few characters of tidying at an edit's edge: a space, a comma, a capital);
- double no word and no sentence that the draft did not already have;
- and every finding applied is gone: the rule fires on the fixed text fewer times than on the draft, by
  the number of its findings that were fixed.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache

from conftest import rules_of
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coach import Coach
from coach.nlp import load_model
from coach.report import Finding, Report
from coach.rewrite import Edit, apply_all, revise, select_edits

COACH = Coach(nlp=load_model(), semantic=False)
RULES = [r for a in COACH.analysers for r in a.rules if r.applies_to("non-technical")]
EXAMPLES = sorted({text for r in RULES for text in r.examples.get("bad", ()) if len(text) < 400})
DOUBLED = re.compile(r"\b(\w+)\s+\1\b", re.IGNORECASE)
EDGE = 3  # characters of tidying allowed at each edge of an edit ("a, b?" less "b" is "a?")


@cache
def analysed(draft: str) -> Report:
    """Return the report for a draft, analysed once."""
    return COACH.analyse(draft)


def doubled_words(text: str) -> Counter[str]:
    """Return each word written twice in a row, with how often."""
    return Counter(m.group(1).lower() for m in DOUBLED.finditer(text))


def sentence_counts(text: str) -> Counter[str]:
    """Return each sentence (lower case, spaces collapsed) with how often it is written."""
    parts = re.split(r"(?<=[.!?])\s+|\n+", text)
    return Counter(" ".join(p.lower().split()) for p in parts if len(p.split()) >= 3)


def outside_kept(draft: str, edits: list[Edit], fixed: str) -> bool:
    """Return whether every stretch of the draft between the kept edits is still in the fixed text, in order."""
    kept = select_edits(edits)
    if not kept:
        return fixed == draft
    gaps = [(0, kept[0].start)] + [(a.end, b.start) for a, b in zip(kept, kept[1:])] + [(kept[-1].end, len(draft))]
    pos = 0
    for start, end in gaps:
        piece = draft[start + EDGE : end - EDGE] if end - start > 2 * EDGE else ""
        at = fixed.find(piece, pos)
        if at == -1:
            return False
        pos = at + len(piece)
    return True


drafts = st.lists(st.sampled_from(EXAMPLES), min_size=1, max_size=3, unique=True).map(" ".join)


def check_subset(draft: str, subset: list[Finding], fixed: str, edits: list[Edit]) -> None:
    """Assert the three properties for one fixed draft."""
    assert outside_kept(draft, edits, fixed), f"text outside the edits changed:\n{draft!r}\n{fixed!r}"
    before_words, after_words = doubled_words(draft), doubled_words(fixed)
    assert all(after_words[w] <= before_words[w] for w in after_words), f"doubled word: {fixed!r}"
    before_sents, after_sents = sentence_counts(draft), sentence_counts(fixed)
    assert all(n <= max(1, before_sents[s]) for s, n in after_sents.items()), f"doubled sentence: {fixed!r}"
    fixed_rules = Counter(e.finding.rule for e in select_edits(edits) if e.finding is not None)
    before = Counter(f.rule for f in analysed(draft).findings)
    after = Counter(f.rule for f in COACH.analyse(fixed).findings)
    for rule, n in fixed_rules.items():
        assert after[rule] <= before[rule] - n, f"{rule} still fires after its fix: {fixed!r}"


@settings(max_examples=40, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(drafts, st.data())
def test_apply_all_of_any_subset_keeps_the_rest_and_cleans_what_it_fixed(draft, data):
    findings = list(analysed(draft).findings)
    subset = [f for f in findings if data.draw(st.booleans())]
    edits = [e for f in subset if (e := COACH.rewriter.edit_for(draft, f, defer_capital=True)) is not None]
    fixed = apply_all(draft, subset, rewriter=COACH.rewriter)
    check_subset(draft, subset, fixed, edits)


@settings(max_examples=25, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(drafts, st.data())
def test_the_revision_of_any_subset_keeps_the_rest_and_cleans_what_it_fixed(draft, data):
    findings = list(analysed(draft).findings)
    subset = [f for f in findings if data.draw(st.booleans())]
    edits = [e for f in subset if (e := COACH.rewriter.edit_for(draft, f, plain=False, defer_capital=True)) is not None]
    fixed = revise(draft, subset, rewriter=COACH.rewriter)
    check_subset(draft, subset, fixed, edits)


def test_every_bad_example_fixed_whole_is_clean_of_its_rules():
    for draft in EXAMPLES[:: max(1, len(EXAMPLES) // 25)]:
        report = analysed(draft)
        fixed = apply_all(draft, report.findings, rewriter=COACH.rewriter)
        fixable = {f.rule for f in report.findings if COACH.rewriter.edit_for(draft, f, defer_capital=True) is not None}
        assert not fixable & set(rules_of(COACH.analyse(fixed))), (draft, fixed)


def test_the_checks_catch_a_fix_that_breaks_the_rules():
    draft = "Obviously the printer is fine. The backup ran."
    assert not outside_kept(draft, [Edit(0, 10, "")], "The printer is broken. The backup ran.")
    assert doubled_words("the the printer")["the"] == 1
    assert sentence_counts("The backup ran. The backup ran.")["the backup ran."] == 2
