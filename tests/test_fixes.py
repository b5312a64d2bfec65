"""Every rule's fix, tested from the rule's own examples: each BAD example is detected AND fixed.

For every rule (lexicon and code rules alike) and every one of its bad examples: the
finding fires; its fix (the rule's action) applies, unless the action is none, where
the card says what to do instead; the fixed text no longer fires the rule; the fix
doubles no word and leaves no dangling article or comma; and nothing outside the
edits changes.
"""

from __future__ import annotations

import re

import pytest
from conftest import rules_of

from coach import Coach
from coach.lexicon import Rule
from coach.nlp import load_model
from coach.rewrite import action_chain, apply_all, apply_one, select_edits

COACH = Coach(nlp=load_model())
RULES = [r for a in COACH.analysers for r in a.rules]
CASES = [(rule, text) for rule in RULES for text in rule.examples.get("bad", ())]
DOUBLED = re.compile(r"\b(\w+)\s+\1\b", re.IGNORECASE)
DANGLING = re.compile(r"\b(?:a|an|the)\s*(?:[.,;:!?)]|$)|,\s*[.;:!?]|^\s*[,;:]|\(\s*\)|\s[,.;:!?]", re.IGNORECASE)


def audience_for(rule: Rule) -> str:
    """Return the reader a rule's example is written for."""
    return "non-technical" if rule.applies_to("non-technical") else sorted(rule.audience)[0]


def test_every_rule_has_a_bad_example_code_rules_included():
    assert [r.id for r in RULES if not r.examples.get("bad")] == []


@pytest.mark.parametrize("rule,text", CASES, ids=[f"{r.id}:{i}" for i, (r, _) in enumerate(CASES)])
def test_each_bad_example_is_detected_and_fixed(rule, text):
    audience = audience_for(rule)
    report = COACH.analyse(text, audience)
    found = [f for f in report.findings if f.rule == rule.id]
    assert found, f"{rule.id} did not fire on {text!r}"
    edits = [e for f in found if (e := COACH.rewriter.edit_for(text, f)) is not None]
    if rule.action.name == "none":
        assert edits == []
        assert all(f.suggestion for f in found), "a finding with no ready fix must say what to do instead"
        return
    if not edits:  # the phrase is the whole message, or the edit check refused a fix that would leave it worse
        assert all(f.suggestion for f in found), f"{rule.id}: a refused fix must keep its suggestion"
        return
    fixed = apply_all(text, found, rewriter=COACH.rewriter)
    assert rule.id not in rules_of(COACH.analyse(fixed, audience)), f"still fires after the fix: {fixed!r}"
    assert not (DOUBLED.search(fixed) and not DOUBLED.search(text)), f"doubled word: {fixed!r}"
    assert not (DANGLING.search(fixed) and not DANGLING.search(text)), f"dangling article or comma: {fixed!r}"
    # Nothing outside the edits changes: every stretch of the draft between edits is still there, in order
    # (3 characters of tidying are allowed at each edit's edge: "a, b?" less "b" is "a?").
    pos = 0
    kept = select_edits(edits)
    gaps = [(0, kept[0].start)] + [(a.end, b.start) for a, b in zip(kept, kept[1:])] + [(kept[-1].end, len(text))]
    for start, end in gaps:
        piece = text[start + 3 : end - 3] if end - start > 6 else ""
        found_at = fixed.find(piece, pos)
        assert found_at != -1, f"text outside the edits changed: {piece!r} not in {fixed!r}"
        pos = found_at + len(piece)


GOOD = [(rule, text) for rule in RULES if rule.pattern.pattern == "(?!)" for text in rule.examples.get("good", ())]


@pytest.mark.parametrize("rule,text", GOOD, ids=[f"{r.id}:{i}" for i, (r, _) in enumerate(GOOD)])
def test_code_rules_good_examples_do_not_fire(rule, text):
    assert rule.id not in rules_of(COACH.analyse(text, audience_for(rule)))


SHAPES = {
    "The printer is at 192.168.1.20.": "192.168.1.20",
    "Your P4s are slow.": "P4s",
    "Save it to C:\\Users\\anna\\Desktop\\report.docx first.": "C:\\Users\\anna\\Desktop\\report.docx",
}


@pytest.mark.parametrize("draft,shape", SHAPES.items())
def test_shapes_get_no_replacement_that_invents_a_fact(draft, shape):
    report = COACH.analyse(draft)
    finding = next(f for f in report.findings if f.text == shape)
    applied = apply_one(draft, finding, rewriter=COACH.rewriter)
    invented = re.compile(r"\b(?:server|office|older|outdated|printer's|router|current)\b", re.IGNORECASE)
    assert not invented.search(applied.replace(draft.split(shape)[0], "", 1)), applied
    assert shape in report.revision  # the revision keeps what the writer wrote and says what it is


SARCASM = re.compile(r"credit to|says a lot|impressive|well done|congratulations|genius", re.IGNORECASE)


def test_no_kinder_wording_reads_as_sarcasm():
    wordings = [text for r in RULES for action in action_chain(r.action) for _, text in action.swaps]
    assert wordings and not [w for w in wordings if SARCASM.search(w)]
    for draft in (
        "I can't believe you can even get online with that router.",
        "I'm surprised your team has managed this long with that setup.",
    ):
        revision = COACH.analyse(draft).revision
        assert not SARCASM.search(revision), revision
        assert "condescension" not in {f.category for f in COACH.analyse(revision).findings}, revision


def test_the_same_sentence_is_never_inserted_twice():
    draft = "We recommend replacing the server. You need to buy a new server before March."
    report = COACH.analyse(draft)
    asks = [f for f in report.findings if f.rule == "benefit.server"]
    assert len(asks) == 2 and asks[0].suggestion == asks[1].suggestion
    revised = apply_all(draft, report.findings, rewriter=COACH.rewriter)
    assert revised.count(asks[0].suggestion) == 1
    # Applying it again to the revised text adds nothing: the message already says it.
    assert apply_one(revised, asks[0], rewriter=COACH.rewriter) == revised or asks[0].text not in revised
    again = apply_all(revised, COACH.analyse(revised).findings, rewriter=COACH.rewriter)
    assert again.count(asks[0].suggestion) == 1


def test_a_stale_finding_gets_no_edit():
    report = COACH.analyse("Obviously the DNS is down.")
    finding = report.findings[0]
    assert COACH.rewriter.edit_for("Sorry, the DNS is down.", finding) is None
    assert apply_one("Sorry, the DNS is down.", finding, rewriter=COACH.rewriter) == "Sorry, the DNS is down."
