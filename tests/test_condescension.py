"""Condescension: context decides ("we just finished" is fine, "just restart it" talks down)."""

from __future__ import annotations

import pytest
from conftest import rules_of
from seed_examples import bad_example

BAD = [
    ("It's pretty obvious that the printer needs paper.", "condescension.obviously"),
    ("Clearly nobody over there understands how email works.", "condescension.clearly_you"),
    ("You just restart the router and it works.", "condescension.minimiser"),
    ("It's not rocket science.", "condescension.easy"),
    ("This should be easy enough even for your team.", "condescension.easy"),
    ("Again, for the third time, the password must be twelve characters long.", "condescension.repetition"),
    ("I'll spell it out for you one more time.", "condescension.repetition"),
    ("A reasonably smart person would have restarted the computer first.", "condescension.intelligence"),
    ("No need to worry about the technical side, it would go over your head anyway.", "condescension.intelligence"),
    ("I'm not surprised the server crashed.", "condescension.disbelief"),
    ("What were you thinking?", "condescension.disbelief"),
    ("It's honestly amazing that your office still functions at all.", "condescension.miracle"),
    ("Did you even try restarting it?", "condescension.rhetorical"),
    ("I've looked at the 'broken' monitor you reported.", "condescension.scare_quotes"),
    ("As everyone knows, passwords should never be shared.", "condescension.as_everyone_knows"),
    ("Of course the printer needs paper to print.", "condescension.of_course"),
    ("Your dumb spreadsheet macro froze the machine.", "condescension.belittling"),
    ("PLEASE DO NOT UNPLUG the server.", "condescension.shouting"),
    ("Why is this still broken for you!!!", "condescension.exclamations"),
]

GOOD = [
    "We just finished the backup.",
    "Just let me know a time that suits you and I will call.",
    "Clearly the new scheduling system has made a real difference for your front desk.",
    "Of course, happy to help with that.",
    "Happy to walk your team through the new phones whenever is convenient.",
    "How will we know this is fully fixed for you? Please tell us what a good day looks like.",
    "Congratulations on the new office!!!",
    "The ASAP list is in the HR folder.",
    "I can see why the delays have been so stressful, with the audit coming up next week.",
]


@pytest.mark.parametrize("text,rule", BAD)
def test_bad(text, rule, coach_full):
    assert rule in rules_of(coach_full.analyse(text), "condescension")


@pytest.mark.parametrize("text", GOOD)
def test_good(text, coach_full):
    assert rules_of(coach_full.analyse(text), "condescension") == []


def test_exact_output(coach_full):
    text = "Obviously, you just restart it."
    found = [(f.rule, f.start, f.end) for f in coach_full.analyse(text).findings if f.category == "condescension"]
    assert found == [("condescension.obviously", 0, 9), ("condescension.minimiser", 15, 19)]


def test_seed_003_bad_example_is_condescending(coach_full):
    rules = rules_of(coach_full.analyse(bad_example()), "condescension")
    assert rules.count("condescension.disbelief") >= 3


def test_condescension_works_without_a_parser(blank_coach):
    assert rules_of(blank_coach.analyse("It's not rocket science."), "condescension") == ["condescension.easy"]
