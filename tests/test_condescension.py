"""Condescension: context decides ("we just finished" is fine, "just restart it" talks down)."""

from __future__ import annotations

import pytest
from conftest import rules_of
from seed_examples import bad_example

BAD = [
    (
        "It is very obvious that the salon's booking tablet has to stay on its charger overnight.",
        "condescension.obviously",
    ),
    ("Clearly no one in your kitchen understands how the stock system works.", "condescension.clearly_you"),
    ("You just restart the router and it works.", "condescension.minimiser"),
    ("It's not rocket science.", "condescension.easy"),
    ("That should be simple enough even for your staff to set up at home.", "condescension.easy"),
    ("For the fourth time, the spare keys are in the top drawer.", "condescension.repetition"),
    ("Let me spell it out for you: the alarm code changes every month.", "condescension.repetition"),
    (
        "Any reasonable person would have switched the oven timer off before unplugging it.",
        "condescension.intelligence",
    ),
    ("Leave the wiring diagram to us, it will go over your head anyway.", "condescension.intelligence"),
    ("I'm not surprised the server crashed.", "condescension.disbelief"),
    ("What were you thinking?", "condescension.disbelief"),
    ("It's frankly remarkable that your workshop network still runs at all.", "condescension.miracle"),
    ("Did you even try restarting it?", "condescension.rhetorical"),
    ("We had a look at the till that \"crashed\" on Saturday.", "condescension.scare_quotes"),
    ("As everyone knows, passwords should never be shared.", "condescension.as_everyone_knows"),
    ("Of course the printer needs paper to print.", "condescension.of_course"),
    ("Your stupid booking plugin crashed the website.", "condescension.belittling"),
    ("PLEASE DO NOT UNPLUG the server.", "condescension.shouting"),
    ("Why is this still broken for you!!!", "condescension.exclamations"),
]

GOOD = [
    "We just finished the backup.",
    "Just send over the dates that work for the bakery and we'll book the visit.",
    "Clearly the new scheduling system has made a real difference for your front desk.",
    "Of course, happy to help with that.",
    "Glad to show the stylists the new booking screen whenever suits them.",
    "Which day suits you for the follow-up visit? We can come before opening.",
    "Congratulations on the new office!!!",
    "The ASAP list is in the HR folder.",
    "I know the wait for the new tills has been hard on you, with the Christmas rush about to start.",
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
